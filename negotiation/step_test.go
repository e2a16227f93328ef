package negotiation_test

import (
	"fmt"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

// A candidate gathered while the offer is being applied is sent after the
// offer, never before it (pion may call OnICECandidate before
// SetLocalDescription returns).
func TestLocalCandidateWaitsForItsDescription(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0", UsernameFragment: "mine"}
	m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
	m, _ = negotiation.Step(m, negotiation.NegotiationNeeded{})
	m, out := negotiation.Step(m, negotiation.LocalCandidate{Candidate: c})
	if len(out.Actions) != 0 || len(out.Events) != 0 {
		t.Fatalf("candidate during SetLocal: %v %v, want it held", out.Actions, out.Events)
	}
	_, out = negotiation.Step(m, negotiation.LocalSet{Description: offer})
	if got, want := fmt.Sprint(out.Actions), "[SendDescription(offer) SendCandidate(candidate mid=0 ufrag=mine)]"; got != want {
		t.Fatalf("after LocalSet: %s, want %s", got, want)
	}
}
