package negotiation_test

import (
	"fmt"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"pgregory.net/rapid"
)

// TestRandomSchedules: random schedules of both peers making up to three
// changes, two restarts and three candidates (with or without ufrag, or
// end-of-candidates) each at random times, one offer failing now and then
// (after which the application asks again), both role assignments, both
// rollback modes. Every move checks safety (an operation
// the stack refuses, a polite peer ignoring, an impolite peer rolling back,
// negotiationneeded outside stable or with operations queued, an offer
// outside stable, any rejection); once the changes stop and everything is
// delivered in a random order, both peers must have converged.
func TestRandomSchedules(t *testing.T) {
	rapid.Check(t, randomSchedule)
}

func randomSchedule(t *rapid.T) {
	o := negotiationtest.Options{APolite: rapid.Bool().Draw(t, "aPolite"), MixedKinds: rapid.Bool().Draw(t, "mixed"),
		Rollback:          rapid.SampledFrom([]negotiation.RollbackMode{negotiation.ExplicitRollback, negotiation.ImplicitRollback, negotiation.NoRollback}).Draw(t, "rollback"),
		ChainedCandidates: rapid.Bool().Draw(t, "chained")}
	s, err := negotiationtest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	b := negotiationtest.Bound{Changes: 3, Restarts: 2, Candidates: 3, Variants: true, Failures: 1}
	steps := rapid.IntRange(0, 60).Draw(t, "steps")
	for range steps {
		moves := s.Moves(b)
		if len(moves) == 0 {
			break
		}
		do(t, s, rapid.SampledFrom(moves).Draw(t, "move"))
	}
	for i, p := range s.Peers {
		if p.Failures > 0 { // nothing retries a failed offer by itself: the application asks again
			do(t, s, negotiationtest.Move{Kind: negotiationtest.Change, Peer: i})
		}
	}
	for n := 0; !s.Quiet(); n++ { // no more changes: deliver and complete everything, in any order
		if n == negotiationtest.MaxSettle {
			t.Fatal(negotiationtest.Report(s, fmt.Errorf("still not quiet after %d moves: a livelock", n), nil))
		}
		do(t, s, rapid.SampledFrom(s.Moves(negotiationtest.Bound{})).Draw(t, "settle"))
	}
	if err := s.Converged(); err != nil {
		t.Fatal(negotiationtest.Report(s, err, (*negotiationtest.Sim).Converged))
	}
}

func do(t *rapid.T, s *negotiationtest.Sim, mv negotiationtest.Move) {
	if err := s.Do(mv); err != nil {
		t.Fatal(negotiationtest.Report(s, fmt.Errorf("%v: %w", mv, err), nil))
	}
}
