package negotiation_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

// negotiated returns peer b's machine after a first negotiation, stable
// with a remote description.
func negotiated(b *testing.B) negotiation.Machine {
	s, err := negotiationtest.New(negotiationtest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Do(negotiationtest.Move{Kind: negotiationtest.Change, Peer: 0}); err != nil {
		b.Fatal(err)
	}
	if err := s.Settle(); err != nil {
		b.Fatal(err)
	}
	return s.Peers[1].Machine
}

// BenchmarkStep cycles through inputs that carry no SDP on a negotiated
// machine: a local candidate (sent), a remote candidate (checked and added)
// and its completion. Each cycle returns to the same state; every op is one
// Step.
func BenchmarkStep(b *testing.B) {
	m0 := negotiated(b)
	local := sdptype.Candidate{Candidate: "candidate:1 1 udp 2113937151 192.0.2.2 40001 typ host", SDPMid: "a1", SDPMLineIndex: sdptype.Index(0), UsernameFragment: "b000"}
	remote := sdptype.Candidate{Candidate: "candidate:2 1 udp 2113937151 192.0.2.1 40002 typ host", SDPMid: "a1", SDPMLineIndex: sdptype.Index(0), UsernameFragment: "a000"}
	inputs := []negotiation.Input{
		&negotiation.LocalCandidate{Candidate: local},
		&negotiation.ReceivedCandidate{Candidate: remote},
		&negotiation.AddCandidateDone{},
	}
	b.ReportAllocs()
	m := m0
	for i := 0; b.Loop(); i++ {
		if i == len(inputs) {
			i = 0
		}
		var out negotiation.Output
		var err error
		m, out, err = negotiation.Step(m, inputs[i])
		if err != nil || len(out.Events) > 0 || i < 2 && !isSendOrAdd(out.Actions) {
			b.Fatalf("unexpected %v %v %v", out.Actions, out.Events, err)
		}
	}
}

// BenchmarkGlare runs one full glare resolution between two simulated
// peers, SDP included: both change, both offers cross, the polite peer
// rolls back, answers, then offers its own change again.
//
// Sub-benchmarks by rollback mode of the polite peer: explicit (the
// name of the benchmark before the modes) and deferred offers.
func BenchmarkGlare(b *testing.B) {
	for _, c := range []struct {
		name string
		mode negotiation.RollbackMode
	}{{"explicit", negotiation.ExplicitRollback}, {"deferred", negotiation.NoRollback}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var msgs int
			for b.Loop() {
				s := glare(b, negotiationtest.Options{APolite: true, Rollback: c.mode})
				msgs = s.Sent
			}
			b.ReportMetric(float64(msgs), "msgs/op")
		})
	}
}

// isSendOrAdd reports whether actions is one SendCandidate or AddCandidate.
func isSendOrAdd(actions []negotiation.Action) bool {
	if len(actions) != 1 {
		return false
	}
	switch actions[0].(type) {
	case *negotiation.SendCandidate, *negotiation.AddCandidate:
		return true
	}
	return false
}

// BenchmarkCandidateBurst applies a remote offer with eight candidates
// behind it on a new polite machine, completing every operation, until it
// is quiet: with ChainedCandidates the candidates start together after the
// answer and need no completion. Reports the Steps and the stack round
// trips (completions fed) per burst.
func BenchmarkCandidateBurst(b *testing.B) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "peer"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "mine"})}
	inputs := []negotiation.Input{&negotiation.ReceivedDescription{Description: offer, OfferID: 1}}
	for n := range 8 {
		c := sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 %d typ host", n, 9000+n), SDPMid: "0", UsernameFragment: "peer"}
		inputs = append(inputs, &negotiation.ReceivedCandidate{Candidate: c})
	}
	for _, chained := range []bool{false, true} {
		b.Run(fmt.Sprintf("chained=%v", chained), func(b *testing.B) {
			m0, err := negotiation.New(negotiation.Polite, negotiation.Options{ChainedCandidates: chained})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var steps, trips int
			for b.Loop() {
				m, queue := m0, slices.Clone(inputs)
				steps, trips = 0, 0
				for len(queue) > 0 {
					next, out, err := negotiation.Step(m, queue[0])
					if err != nil {
						b.Fatal(err)
					}
					m, queue, steps = next, queue[1:], steps+1
					for _, a := range out.Actions {
						switch a.(type) {
						case *negotiation.SetRemote:
							queue, trips = append(queue, &negotiation.SetRemoteDone{}), trips+1
						case *negotiation.SetLocal:
							queue, trips = append(queue, &negotiation.SetLocalDone{Description: answer}), trips+1
						case *negotiation.AddCandidate:
							if !chained {
								queue, trips = append(queue, &negotiation.AddCandidateDone{}), trips+1
							}
						}
					}
				}
				if !m.Quiet() {
					b.Fatal("not quiet after the burst")
				}
			}
			b.ReportMetric(float64(steps), "steps/op")
			b.ReportMetric(float64(trips), "roundtrips/op")
		})
	}
}
