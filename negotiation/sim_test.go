package negotiation_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

// glare runs the minimal glare: both peers change at once, both offers are
// created and cross on the wire (or meet the wire moves given instead),
// then everything settles.
func glare(t testing.TB, o negotiationtest.Options, wire ...negotiationtest.Move) *negotiationtest.Sim {
	t.Helper()
	s, err := negotiationtest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(wire) == 0 {
		wire = []negotiationtest.Move{{Kind: negotiationtest.Deliver, Peer: 0}, {Kind: negotiationtest.Deliver, Peer: 1}}
	}
	for _, mv := range append([]negotiationtest.Move{
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
	}, wire...) {
		if err := s.Do(mv); err != nil {
			t.Fatal(negotiationtest.Report(s, fmt.Errorf("%v: %w", mv, err), nil))
		}
	}
	if err := s.Settle(); err != nil {
		t.Fatal(negotiationtest.Report(s, err, (*negotiationtest.Sim).Settle))
	}
	return s
}

// settled is the end of a run: everything left delivered and completed,
// and both peers converged.
func settled(s *negotiationtest.Sim) error {
	if err := s.Settle(); err != nil {
		return err
	}
	return s.Converged()
}

func TestGlareConverges(t *testing.T) {
	for _, o := range []negotiationtest.Options{{APolite: true}, {}, {APolite: true, Rollback: negotiation.ImplicitRollback}, {Rollback: negotiation.ImplicitRollback},
		{APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true}, {Rollback: negotiation.NoRollback, MixedKinds: true}} {
		s := glare(t, o)
		if err := s.Converged(); err != nil {
			t.Errorf("%+v: %s", o, negotiationtest.Report(s, err, settled))
		}
		// Two offers, one answer, then the polite peer's follow-up offer and answer.
		if s.Sent != 5 {
			t.Errorf("%+v: %d messages, want 5\n%s", o, s.Sent, strings.Join(s.Transcript(), "\n"))
		}
	}
}

// With pion's numbered mids, a deferred offer that is dropped leaves its
// mid on the transceiver; the other peer's offer gives that mid to another
// kind, and the stack answers with its own kind. The machine reports the
// collision before the answer (MidCollision), and the answer is refused,
// never applied. With mids of each peer's own the same glare converges.
func TestNumberedMidsHazard(t *testing.T) {
	for _, numbered := range []bool{true, false} {
		o := negotiationtest.Options{APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true, NumberedMids: numbered}
		s, err := negotiationtest.New(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, mv := range []negotiationtest.Move{
			{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1}, // a: audio, b: a data channel
			{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
			{Kind: negotiationtest.Deliver, Peer: 0}, {Kind: negotiationtest.Deliver, Peer: 1},
		} {
			if err = s.Do(mv); err != nil {
				break
			}
		}
		if err == nil {
			err = s.Settle()
		}
		transcript := strings.Join(s.Transcript(), "\n")
		reported := strings.Contains(transcript, "a: mid collision: 0 was our audio in a dropped offer, the remote offer's application")
		switch {
		case numbered && (err == nil || !strings.Contains(err.Error(), "refuses") || !reported):
			t.Errorf("numbered mids: %v, reported %t; want the collision reported and the wrong answer refused\n%s", err, reported, transcript)
		case !numbered && (err != nil || s.Converged() != nil || strings.Contains(transcript, "mid collision")):
			t.Errorf("own mids: %v %v\n%s", err, s.Converged(), transcript)
		}
	}
}

// TestExplorerFindsMidHazard: the explorer, run with pion-style numbered
// mids, finds a schedule where a stack answers with the wrong kind; on
// every such path the machine reported the mid collision before the answer
// was refused. (TestExplore, with mids of each peer's own, finds none.)
func TestExplorerFindsMidHazard(t *testing.T) {
	o := negotiationtest.Options{APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true, NumberedMids: true}
	s0, err := negotiationtest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	b := negotiationtest.Bound{Changes: 2}
	seen := map[[32]byte]bool{s0.Key(): true}
	frontier := []*negotiationtest.Sim{s0}
	hazards := 0
	var longest *negotiationtest.Sim // the longest hazard path, for TestShrink
	for len(frontier) > 0 {
		s := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		for _, mv := range s.Moves(b) {
			next := s.Clone()
			if err := next.Do(mv); err != nil {
				hazards++
				transcript := strings.Join(next.Transcript(), "\n")
				if !strings.Contains(err.Error(), "InvalidAccessError") || !strings.Contains(transcript, "mid collision") {
					t.Fatalf("%v: %v, not a reported mid collision\n%s", mv, err, transcript)
				}
				if longest == nil || len(next.Schedule()) > len(longest.Schedule()) {
					longest = next
				}
				continue
			}
			if k := next.Key(); !seen[k] {
				seen[k] = true
				frontier = append(frontier, next)
			}
		}
	}
	if hazards == 0 {
		t.Fatal("the explorer found no mid hazard with numbered mids")
	}
	t.Logf("%d states, %d paths end in a reported mid collision", len(seen), hazards)
	shrink(t, longest)
}

// shrink checks Shrink and Report on the longest mid-hazard path: the
// shrunk schedule still fails the same way, is shorter, and no single move
// of it can go; the report has the moves and a Mermaid diagram.
func shrink(t *testing.T, s *negotiationtest.Sim) {
	orig := s.Schedule()
	short, err := negotiationtest.Shrink(s.Options, orig, nil)
	if short == nil || err == nil || !strings.Contains(err.Error(), "InvalidAccessError") {
		t.Fatalf("Shrink: %v, %v", short, err)
	}
	moves := short.Schedule()
	if len(moves) >= len(orig) {
		t.Fatalf("Shrink kept %d of %d moves", len(moves), len(orig))
	}
	for i := range moves {
		if again, _ := negotiationtest.Shrink(s.Options, slices.Delete(slices.Clone(moves), i, i+1), nil); again != nil {
			t.Fatalf("move %d (%v) of the shrunk schedule can go", i, moves[i])
		}
	}
	report := negotiationtest.Report(s, err, nil)
	for _, want := range []string{"shortest failing schedule found (" + fmt.Sprint(len(moves)) + " of " + fmt.Sprint(len(orig)) + " moves)", "```mermaid\nsequenceDiagram\n", "InvalidAccessError"} {
		if !strings.Contains(report, want) {
			t.Fatalf("the report lacks %q:\n%s", want, report)
		}
	}
	t.Logf("the longest hazard path, %d moves, shrinks to %d: %v", len(orig), len(moves), moves)
}
