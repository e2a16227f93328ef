package negotiation_test

import (
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/google/go-cmp/cmp"
)

var deep = flag.Bool("deep", false, "explore the deeper bound (make verify)")

// TestExplore visits every interleaving of the scheduler's moves within a
// bound, both role assignments and every rollback mode (and chained
// candidates with two of them), deduplicating
// states. Every move checks safety (the simulator's Do); every state where
// nothing can happen any more must have converged.
func TestExplore(t *testing.T) {
	bounds := []negotiationtest.Bound{{Changes: 1, Restarts: 1, Candidates: 1}}
	configs := []negotiationtest.Options{{APolite: true}, {}, {APolite: true, Rollback: negotiation.ImplicitRollback}, {Rollback: negotiation.ImplicitRollback},
		{APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true}, {Rollback: negotiation.NoRollback, MixedKinds: true},
		{APolite: true, Rollback: negotiation.ImplicitRollback, ChainedCandidates: true}, {APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true, ChainedCandidates: true}}
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
				states, terminal := explore(t, o, b, nil)
				d := time.Since(start)
				t.Logf("%+v bound %+v: %d states (%d terminal) in %v, %.0f states/s", o, b, states, terminal, d.Round(time.Millisecond), float64(states)/d.Seconds())
			})
		}
	}
}

// TestExploreChannel explores glare with every message through delivery
// links over a channel that may lose, duplicate and reorder (one of each
// per direction, one timeout per peer within the bound; a terminal state
// then settles with every timeout it needs).
func TestExploreChannel(t *testing.T) {
	o := negotiationtest.Options{APolite: true, Links: true}
	for _, f := range []negotiationtest.Faults{{Losses: 1, Timeouts: 1}, {Duplicates: 1, Reorders: 1}, {Reloads: 1}} {
		b := negotiationtest.Bound{Changes: 1, Faults: f}
		if raceEnabled && f.Reloads > 0 {
			continue
		}
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			start := time.Now()
			states, terminal := explore(t, o, b, nil)
			t.Logf("%+v bound %+v: %d states (%d terminal) in %v", o, b, states, terminal, time.Since(start).Round(time.Millisecond))
		})
	}
}

// explore runs negotiationtest.Explore and fails t on a failure.
func explore(t *testing.T, o negotiationtest.Options, b negotiationtest.Bound, merged func(first, again *negotiationtest.Sim)) (states, terminal int) {
	st, err := negotiationtest.Explore(o, b, merged)
	if err != nil {
		t.Fatal(err)
	}
	return st.States, st.Terminal
}

// TestKeyCoversState: two simulations the explorer merges (equal Key) have
// equal machines, stacks, pending operations, counters and wires, compared
// whole with every unexported field, so that deduplication never drops a
// state that could behave differently.
func TestKeyCoversState(t *testing.T) {
	runs := []struct {
		o negotiationtest.Options
		b negotiationtest.Bound
	}{
		{negotiationtest.Options{APolite: true}, negotiationtest.Bound{Changes: 1, Restarts: 1}},
		{negotiationtest.Options{Rollback: negotiation.ImplicitRollback}, negotiationtest.Bound{Changes: 1, Candidates: 1, Variants: true}},
		{negotiationtest.Options{APolite: true, ChainedCandidates: true}, negotiationtest.Bound{Changes: 1, Candidates: 1, Variants: true}},
		{negotiationtest.Options{APolite: true, Rollback: negotiation.NoRollback, MixedKinds: true}, negotiationtest.Bound{Changes: 1, Restarts: 1}},
		{negotiationtest.Options{APolite: true, Links: true}, negotiationtest.Bound{Changes: 1, Faults: negotiationtest.Faults{Duplicates: 1, Reorders: 1}}},
	}
	if raceEnabled {
		runs = runs[:1]
		runs[0].b = negotiationtest.Bound{Changes: 1, Candidates: 1}
	}
	for _, r := range runs {
		o, b := r.o, r.b
		compared := map[*negotiationtest.Sim]bool{}
		explore(t, o, b, func(first, again *negotiationtest.Sim) {
			if compared[first] {
				return // the first merge into each state is compared (a full comparison of all takes minutes)
			}
			compared[first] = true
			if !cmp.Equal(first.Peers, again.Peers, allFields, ignoreRecent) {
				t.Fatalf("equal keys, different peers:\n%s\n%s\n%s", cmp.Diff(first.Peers, again.Peers, allFields, ignoreRecent),
					strings.Join(first.Transcript(), "\n"), strings.Join(again.Transcript(), "\n"))
			}
			if !cmp.Equal([]any{first.Wire, first.Sent, first.Gathered}, []any{again.Wire, again.Sent, again.Gathered}, allFields) {
				t.Fatalf("equal keys, different wires or counters:\n%s", cmp.Diff(first.Wire, again.Wire, allFields))
			}
			channel := func(s *negotiationtest.Sim) []any {
				return []any{s.Links, s.Envelopes, s.Now, s.Faults, s.Sessions, s.Failures, s.Replaced}
			}
			if !cmp.Equal(channel(first), channel(again), allFields) {
				t.Fatalf("equal keys, different links or envelopes:\n%s", cmp.Diff(channel(first), channel(again), allFields))
			}
		})
		t.Logf("%+v bound %+v: %d merged states compared", o, b, len(compared))
	}
}

// allFields compares values whole, unexported fields included.
var allFields = cmp.Exporter(func(reflect.Type) bool { return true })

// ignoreRecent leaves out the parses a Machine keeps to reuse, which the
// key leaves out too: they change the work of a parse, never its result
// (TestRecentParses).
var ignoreRecent = cmp.FilterPath(func(p cmp.Path) bool {
	f, ok := p.Last().(cmp.StructField)
	return ok && f.Name() == "recent" && p.Index(-2).Type() == reflect.TypeOf(negotiation.Machine{})
}, cmp.Ignore())
