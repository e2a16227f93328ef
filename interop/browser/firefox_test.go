package browser

import (
	"strings"
	"testing"
)

// TestFirefoxRollbackExtmapIDs runs the probe of
// TestChromiumRollbackKeepsExtmapIDs in Firefox: after an offer with a new
// audio m-section is rolled back, explicitly or inside SRD, does a remote
// offer that gives that mid other RTP header extension IDs apply? Firefox
// 153 ESR applies it, as RULES 3 says (a rollback restores the last stable
// state); Chromium refuses it. The control must apply; after a rollback
// either outcome passes, and the figure line says which one this build
// shows.
func TestFirefoxRollbackExtmapIDs(t *testing.T) {
	p := pageFor(t, firefox)
	for _, rollback := range []string{"none", "explicit", "implicit"} {
		var got string
		if err := p.Eval(`probeRollbackExtmap("`+rollback+`")`, &got); err != nil {
			t.Fatal(err)
		}
		verdict := ""
		switch {
		case got == "ok have-remote-offer" && rollback == "none":
			verdict = "applies (control)"
		case got == "ok have-remote-offer":
			verdict = "applies: the rollback restored the IDs, as RULES 3 says"
		case strings.HasPrefix(got, "InvalidAccessError") && rollback != "none":
			verdict = "refused: this Firefox keeps the rolled-back IDs, as Chromium does (" + got + ")"
		default:
			t.Errorf("rollback %s: unexpected %q", rollback, got)
			continue
		}
		t.Logf("figure firefox %s rollback, then a remote offer with other extmap IDs: %s", rollback, verdict)
	}
}
