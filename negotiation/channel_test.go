package negotiation_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

var faultRuns = flag.Int("faults.runs", 100, "random schedules per channel and configuration in TestFaultyChannels (the README's table: 20000)")

// Glare with every message through delivery links: a's offer is lost and
// b's duplicated.
func TestGlareOverLinks(t *testing.T) {
	s := glare(t, negotiationtest.Options{Links: true}, negotiationtest.Move{Kind: negotiationtest.Lose, Peer: 0}, negotiationtest.Move{Kind: negotiationtest.Duplicate, Peer: 1})
	if err := s.Converged(); err != nil {
		t.Fatal(negotiationtest.Report(s, err, settled))
	}
	if s.Faults[0].Losses != 1 || s.Faults[1].Duplicates != 1 {
		t.Fatalf("faults %+v", s.Faults)
	}
}

// channels are the rows of the table: the faults a schedule may make.
var channels = []struct {
	name  string
	bound negotiationtest.Faults
}{
	{"reliable FIFO", negotiationtest.Faults{}},
	{"reorder", negotiationtest.Faults{Reorders: 3}},
	{"duplicate", negotiationtest.Faults{Duplicates: 3}},
	{"loss", negotiationtest.Faults{Losses: 3, Timeouts: 2}},
	{"a peer reloads", negotiationtest.Faults{Reloads: 1, Timeouts: 3}},
}

// TestFaultyChannels runs random schedules over each kind of faulty
// channel, every message through delivery links, in five configurations
// (the browser page's, ImplicitRollback with ChainedCandidates, the fifth),
// and classifies how each ends once the faults stop and everything is
// delivered: converged, converged after a link gave up (Failed, the
// connection replaced), an error (a safety check of the simulator),
// stuck (quiet, not converged) or both stable with different
// descriptions. Only the first two are allowed.
func TestFaultyChannels(t *testing.T) {
	configs := []negotiationtest.Options{{APolite: true}, {}, {APolite: true, Rollback: negotiation.ImplicitRollback}, {Rollback: negotiation.ImplicitRollback},
		{APolite: true, Rollback: negotiation.ImplicitRollback, ChainedCandidates: true}}
	for _, ch := range channels {
		var converged, afterFailure, failed, stuck, differ, total, faulted int
		for _, o := range configs {
			o.Links = true
			for run := range *faultRuns {
				total++
				rng := rand.New(rand.NewPCG(uint64(run), uint64(len(ch.name))))
				s, err := negotiationtest.New(o)
				if err != nil {
					t.Fatal(err)
				}
				b := negotiationtest.Bound{Changes: 2, Restarts: 1, Candidates: 2, Faults: ch.bound}
				err = nil
				for range 60 {
					moves := s.Moves(b)
					if len(moves) == 0 {
						break
					}
					if err = s.Do(moves[rng.IntN(len(moves))]); err != nil {
						break
					}
				}
				if f := s.Faults; f[0] != (negotiationtest.Faults{Timeouts: f[0].Timeouts}) || f[1] != (negotiationtest.Faults{Timeouts: f[1].Timeouts}) {
					faulted++
				}
				if err == nil {
					err = s.Settle()
				}
				switch {
				case err != nil:
					failed++
					if failed == 1 {
						t.Errorf("%s %+v run %d: %s", ch.name, o, run, negotiationtest.Report(s, err, settled))
					}
				case s.Converged() == nil && s.Failures == 0:
					converged++
				case s.Converged() == nil:
					afterFailure++
				case s.Peers[0].Machine.State() == s.Peers[1].Machine.State() && s.Peers[0].Stack.Session.CurrentLocal() != s.Peers[1].Stack.Session.CurrentRemote():
					differ++
					t.Errorf("%s %+v run %d: both stable, different descriptions: %v", ch.name, o, run, s.Converged())
				default:
					stuck++
					if stuck == 1 {
						t.Errorf("%s %+v run %d: %s", ch.name, o, run, negotiationtest.Report(s, s.Converged(), settled))
					}
				}
			}
		}
		pct := func(n int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(total)) }
		t.Logf("| %s | %s | %d | %d | %d | %d | %d of %d |", ch.name, pct(converged), afterFailure, failed, stuck, differ, faulted, total)
	}
}
