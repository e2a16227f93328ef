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

// TestExplore visits every interleaving of the scheduler's moves within a
// bound, both role assignments and both rollback modes, deduplicating
// states. Every move checks safety (the simulator's Do); every state where
// nothing can happen any more must have converged.
func TestExplore(t *testing.T) {
	bounds := []negotiationtest.Bound{{Changes: 1, Restarts: 1, Candidates: 1}}
	configs := []negotiationtest.Options{{APolite: true}, {}, {APolite: true, ImplicitRollback: true}, {ImplicitRollback: true}}
	switch {
	case *deep: // two changes per peer, with a restart or with a candidate
		bounds = []negotiationtest.Bound{{Changes: 2, Restarts: 1}, {Changes: 2, Candidates: 1}}
	case raceEnabled:
		bounds, configs = []negotiationtest.Bound{{Changes: 1, Candidates: 1}}, configs[:1]
	}
	for _, b := range bounds {
		for _, o := range configs {
			t.Run(fmt.Sprintf("%+v/%+v", o, b), func(t *testing.T) {
				start := time.Now()
				states, terminal := explore(t, o, b)
				d := time.Since(start)
				t.Logf("%+v bound %+v: %d states (%d terminal) in %v, %.0f states/s", o, b, states, terminal, d.Round(time.Millisecond), float64(states)/d.Seconds())
			})
		}
	}
}

func explore(t *testing.T, o negotiationtest.Options, b negotiationtest.Bound) (states, terminal int) {
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
		for _, mv := range s.Moves(b) {
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
