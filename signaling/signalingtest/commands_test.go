package signalingtest_test

import (
	"testing"

	"github.com/glare-rtc/glare/internal/scenario"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// TestCommandsRefuse checks that a mistyped Session command fails instead of
// running with a word ignored.
func TestCommandsRefuse(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"sld offr\n----\nx\n", `s.txt:1: sld: type "offr": want one of offer, pranswer, answer, rollback, none, bogus`},
		{"srd offer o9\n----\nx\n", `s.txt:1: srd: unknown sdp "o9"`},
		{"new strict\n----\nx\n", `s.txt:1: new: unexpected word "strict"`},
		{"sdp o1 mids=0 dirs=sendrcv\n----\nx\n", `s.txt:1: sdp: dirs=sendrcv: element "sendrcv": want one of inactive, recvonly, sendonly, sendrecv`},
		{"sdp o1 mids=0 kinds=audio,video\n----\nx\n", `s.txt:1: sdp: more kinds= or dirs= than mids=`},
		{"sdp o1 mids=0,1 rejected=2\n----\nx\n", `s.txt:1: sdp: rejected mid 2 is not in mids=`},
		{"sdp o1 ufrag=x\nv=0\n----\nx\n", `s.txt:1: sdp: input lines and ufrag=: one or the other`},
		{"candidate index=x\n----\nx\n", `s.txt:1: candidate: index=x: want an integer of 16 bits`},
		{"candidate c=x\n----\nx\n", `s.txt:1: candidate: takes no c=`},
		{"sdp o1 mids=0 ufrag=u\n----\nm0: mid=0 audio sendrecv ufrag=u\nbundle: 0\n\nsdp o2 mids=0 ufrag=u\n----\nx\n", `s.txt:6: sdp: the same SDP as o1: a slot would not say which`},
	} {
		if _, _, err := scenario.Exec("s.txt", c.text, signalingtest.Commands()); err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}
