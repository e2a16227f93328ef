package signaling_test

import (
	"testing"

	"github.com/glare-rtc/glare/internal/scenario"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// TestSignalingScenarios runs ../testdata/signaling/*.txt: one file per
// rule group of RULES.md sections 3 to 7, with the commands of signalingtest.
func TestSignalingScenarios(t *testing.T) {
	scenario.Run(t, "../testdata/signaling/*.txt", func(*testing.T) scenario.Commands { return signalingtest.Commands() })
}
