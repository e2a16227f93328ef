package negotiation_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

var deep = flag.Bool("deep", false, "explore the deeper bound (make verify)")

// bound limits what the applications of the two peers do.
type bound struct {
	changes    int // per peer
	restarts   int // per peer
	candidates int // per peer
}

// TestExplore visits every interleaving of the scheduler's moves within a
// bound, both role assignments and both rollback modes, deduplicating
// states. Every move checks safety (the simulator's Do); every state where
// nothing can happen any more must have converged.
func TestExplore(t *testing.T) {
	b := bound{changes: 1, restarts: 1, candidates: 1}
	configs := []negotiationtest.Options{{APolite: true}, {}, {APolite: true, ImplicitRollback: true}}
	switch {
	case *deep:
		b = bound{changes: 2, restarts: 1, candidates: 1}
	case raceEnabled:
		b, configs = bound{changes: 1, candidates: 1}, configs[:1]
	}
	for _, o := range configs {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			start := time.Now()
			states, terminal := explore(t, o, b)
			d := time.Since(start)
			t.Logf("bound %+v: %d states (%d terminal) in %v, %.0f states/s", b, states, terminal, d.Round(time.Millisecond), float64(states)/d.Seconds())
		})
	}
}

func explore(t *testing.T, o negotiationtest.Options, b bound) (states, terminal int) {
	s0, err := negotiationtest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[32]byte]bool{s0.Key(): true}
	frontier := []*negotiationtest.Sim{s0}
	for len(frontier) > 0 {
		s := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		states++
		moves := 0
		for _, mv := range allowed(s, b) {
			moves++
			next := s.Clone()
			if err := next.Do(mv); err != nil {
				t.Fatalf("%v: %v\n%s", mv, err, strings.Join(next.Transcript(), "\n"))
			}
			if k := next.Key(); !seen[k] {
				seen[k] = true
				frontier = append(frontier, next)
			}
		}
		if moves == 0 {
			terminal++
			if err := s.Converged(); err != nil {
				t.Fatalf("terminal state did not converge: %v\n%s", err, strings.Join(s.Transcript(), "\n"))
			}
		}
	}
	return states, terminal
}

// allowed lists the moves possible in s within the bound.
func allowed(s *negotiationtest.Sim, b bound) []negotiationtest.Move {
	var out []negotiationtest.Move
	for i := range 2 {
		p := s.Peers[i]
		for _, mv := range []struct {
			kind negotiationtest.MoveKind
			ok   bool
		}{
			{negotiationtest.Deliver, true},
			{negotiationtest.Complete, true},
			{negotiationtest.Change, p.Changes < b.changes},
			{negotiationtest.Restart, p.Restarts < b.restarts},
			{negotiationtest.Candidate, p.Candidates < b.candidates},
		} {
			m := negotiationtest.Move{Kind: mv.kind, Peer: i}
			if mv.ok && s.Can(m) {
				out = append(out, m)
			}
		}
	}
	return out
}
