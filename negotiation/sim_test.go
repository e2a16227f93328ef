package negotiation_test

import (
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

// glare runs the minimal glare: both peers change at once, both offers are
// created and cross on the wire, then everything settles.
func glare(t testing.TB, o negotiationtest.Options) *negotiationtest.Sim {
	t.Helper()
	s, err := negotiationtest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, mv := range []negotiationtest.Move{
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Deliver, Peer: 0}, {Kind: negotiationtest.Deliver, Peer: 1},
	} {
		if err := s.Do(mv); err != nil {
			t.Fatalf("%v: %v\n%s", mv, err, strings.Join(s.Transcript(), "\n"))
		}
	}
	if err := s.Settle(); err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(s.Transcript(), "\n"))
	}
	return s
}

func TestGlareConverges(t *testing.T) {
	for _, o := range []negotiationtest.Options{{APolite: true}, {}, {APolite: true, ImplicitRollback: true}, {ImplicitRollback: true}} {
		s := glare(t, o)
		if err := s.Converged(); err != nil {
			t.Errorf("%+v: %v\n%s", o, err, strings.Join(s.Transcript(), "\n"))
		}
		// Two offers, one answer, then the polite peer's follow-up offer and answer.
		if s.Sent != 5 {
			t.Errorf("%+v: %d messages, want 5\n%s", o, s.Sent, strings.Join(s.Transcript(), "\n"))
		}
	}
}
