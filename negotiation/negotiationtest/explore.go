package negotiationtest

import "fmt"

// Stats count what Explore visited: distinct states (by Key), and those
// where no move within the bound was left.
type Stats struct{ States, Terminal int }

// String returns "n states (t terminal)".
func (st Stats) String() string {
	return fmt.Sprintf("%d states (%d terminal)", st.States, st.Terminal)
}

// Explore visits every interleaving of the moves within b from New(o),
// depth first, merging states of equal Key. Every move checks safety (Do);
// every state where no move is left must Finish (with Options.Links, the
// timeouts beyond the bound are still to come there). The first failure is
// returned as a *Failure.
//
// A simulation whose connections cannot clone (Cloner) is explored by
// replaying the moves to each state on new connections: the frontier holds
// schedules, not connections, and each state costs a replay per move.
// With a stack other than the fake one the keys are approximate (Key).
//
// When merged is not nil, it is called with the first simulation of each
// key and every later one merged into it (a test of Key), and every
// simulation is kept.
func Explore(o Options, b Bound, merged func(first, again *Sim)) (Stats, error) {
	var st Stats
	s0, err := New(o)
	if err != nil {
		return st, err
	}
	if merged == nil {
		defer s0.discard()
	}
	replaying := !s0.cloneable()
	seen := map[[32]byte]*Sim{s0.Key(): s0}
	type node struct {
		s        *Sim
		schedule []Move // when replaying, instead of s
	}
	frontier := []node{{s: s0}}
	for len(frontier) > 0 {
		n := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		s := n.s
		if s == nil {
			if s, err = replayExact(o, n.schedule); err != nil {
				return st, err
			}
		}
		st.States++
		moves := s.Moves(b)
		for _, mv := range moves {
			next, err := s.fork()
			if err != nil {
				return st, err
			}
			if err := next.Do(mv); err != nil {
				return st, failure(next, fmt.Errorf("%v: %w", mv, err), nil)
			}
			k := next.Key()
			first, ok := seen[k]
			switch {
			case !ok && merged != nil:
				seen[k] = next
			case !ok:
				seen[k] = s0 // only the key matters
			default:
				if merged != nil {
					merged(first, next)
				}
			}
			switch {
			case ok && merged == nil:
				next.discard()
			case !ok && replaying:
				frontier = append(frontier, node{schedule: next.moves})
				if merged == nil {
					next.discard()
				}
			case !ok:
				frontier = append(frontier, node{s: next})
			}
		}
		if len(moves) == 0 {
			st.Terminal++
			end, err := s.fork()
			if err != nil {
				return st, err
			}
			if err := end.Finish(); err != nil {
				return st, failure(end, fmt.Errorf("terminal state did not converge: %w", err), (*Sim).Finish)
			}
			end.discard()
		}
		if merged == nil && s != s0 {
			s.discard()
		}
	}
	return st, nil
}
