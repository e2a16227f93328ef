package fuzz

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"pgregory.net/rapid"
)

// FuzzSchedule decodes bytes into a schedule of two simulated peers: the
// first byte picks the options, each next byte one of the possible moves
// (changes, restarts and candidates bounded). Every move checks safety;
// after the bytes run out everything is delivered and both peers must have
// converged.
func FuzzSchedule(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var opts byte
		if len(data) > 0 {
			opts, data = data[0], data[1:]
		}
		s, err := negotiationtest.New(negotiationtest.Options{APolite: opts&1 != 0, ImplicitRollback: opts&2 != 0})
		if err != nil {
			t.Fatal(err)
		}
		b := negotiationtest.Bound{Changes: 3, Restarts: 2, Candidates: 3, Variants: true, Failures: 1}
		for _, c := range data {
			moves := s.Moves(b)
			if len(moves) == 0 {
				break
			}
			if err := s.Do(moves[int(c)%len(moves)]); err != nil {
				t.Fatalf("%v\n%s", err, strings.Join(s.Transcript(), "\n"))
			}
		}
		for i, p := range s.Peers {
			if p.Failures > 0 { // the application asks again after a failed offer
				if err := s.Do(negotiationtest.Move{Kind: negotiationtest.Change, Peer: i}); err != nil {
					t.Fatalf("%v\n%s", err, strings.Join(s.Transcript(), "\n"))
				}
			}
		}
		if err := s.Settle(); err != nil {
			t.Fatalf("%v\n%s", err, strings.Join(s.Transcript(), "\n"))
		}
		if err := s.Converged(); err != nil {
			t.Fatalf("%v\n%s", err, strings.Join(s.Transcript(), "\n"))
		}
	})
}

// TestStepProperties checks stepOps on random input sequences.
func TestStepProperties(t *testing.T) { rapid.Check(t, stepOps) }

// FuzzStep decodes the fuzzer's bytes into the same input sequences.
func FuzzStep(f *testing.F) { f.Fuzz(rapid.MakeFuzz(stepOps)) }

// stepOps feeds one machine arbitrary inputs, valid or not, in any order,
// and checks after each Step that it did not panic, is pure (the same
// input twice gives the same machine and output, the input machine is
// unchanged), that a rejected input leaves the machine exactly as it was
// with one Rejected event and no action, and that at most one operation
// (SetLocal, SetRemote, AddCandidate) is asked for per Step.
func stepOps(t *rapid.T) {
	role := rapid.SampledFrom([]negotiation.Role{negotiation.Polite, negotiation.Impolite}).Draw(t, "role")
	m, err := negotiation.New(role, negotiation.Options{ImplicitRollback: rapid.Bool().Draw(t, "implicit")})
	if err != nil {
		t.Fatal(err)
	}
	for range rapid.IntRange(1, 40).Draw(t, "steps") {
		in := drawInput(t, m)
		before := m.String()
		next, out := negotiation.Step(m, in)
		again, out2 := negotiation.Step(m, in)
		if m.String() != before {
			t.Fatalf("Step modified its input machine")
		}
		if next.String() != again.String() || describeOutput(out) != describeOutput(out2) {
			t.Fatalf("Step is not pure for %T", in)
		}
		for _, e := range out.Events {
			if r, ok := e.(*negotiation.Rejected); ok {
				var ne *negotiation.Error
				if !errors.As(r.Err, &ne) {
					t.Fatalf("untyped rejection %T: %v", r.Err, r.Err)
				}
			}
		}
		// A refused input (not a completion, which ends an operation even
		// when it fails) leaves the machine exactly as it was.
		if len(out.Events) == 1 && len(out.Actions) == 0 && !isCompletion(in) {
			if r, ok := out.Events[0].(*negotiation.Rejected); ok && next.String() != before {
				t.Fatalf("rejected %T changed the machine: %v\n%s\n%s", in, r.Err, before, next)
			}
		}
		ops := 0
		for _, a := range out.Actions {
			switch a.(type) {
			case *negotiation.SetLocal, *negotiation.SetRemote, *negotiation.AddCandidate:
				ops++
			}
		}
		if ops > 1 {
			t.Fatalf("%d operations asked for in one Step: %s", ops, describeOutput(out))
		}
		m = next
	}
}

// isCompletion reports whether in completes an operation: its Step may
// also start the next queued one, which the stack may refuse.
func isCompletion(in negotiation.Input) bool {
	switch in.(type) {
	case negotiation.OpFailed, negotiation.LocalSet, negotiation.RemoteSet, negotiation.CandidateAdded:
		return true
	}
	return false
}

func describeOutput(o negotiation.Output) string {
	return fmt.Sprint(o.Actions, o.Events)
}

// drawInput draws any input, with descriptions valid, broken or of the wrong
// type, and completions whether or not anything is in flight.
func drawInput(t *rapid.T, m negotiation.Machine) negotiation.Input {
	desc := func() sdptype.Description {
		typ := sdptype.Type(rapid.IntRange(0, 5).Draw(t, "type"))
		switch rapid.IntRange(0, 3).Draw(t, "sdp") {
		case 0:
			return sdptype.Description{Type: typ, SDP: "v=0\r\nbroken\r\n"}
		case 1: // matches the pending offer, if any, so answers can apply
			var secs []sdptest.Section
			for _, d := range []sdptype.Description{m.Session().PendingLocal(), m.Session().PendingRemote()} {
				if f, err := sdptype.ParseFacts(d.SDP); err == nil && d.Type == sdptype.Offer {
					for _, md := range f.Media {
						secs = append(secs, sdptest.Section{Mid: md.Mid, Kind: md.Kind, Rejected: md.Rejected})
					}
				}
			}
			return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: secs, Ufrag: "ffff", Version: uint64(rapid.IntRange(0, 9).Draw(t, "v"))})}
		}
		n := rapid.IntRange(0, 3).Draw(t, "sections")
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(n), Ufrag: rapid.SampledFrom([]string{"aaaa", "bbbb"}).Draw(t, "ufrag"), Version: uint64(rapid.IntRange(0, 9).Draw(t, "v"))})}
	}
	cand := func() sdptype.Candidate {
		c := sdptype.Candidate{
			Candidate:        rapid.SampledFrom([]string{"", "candidate:1 1 udp 1 192.0.2.1 9 typ host"}).Draw(t, "c"),
			SDPMid:           rapid.SampledFrom([]string{"", "0", "1", "x"}).Draw(t, "mid"),
			UsernameFragment: rapid.SampledFrom([]string{"", "aaaa", "bbbb", "ffff", "zzzz"}).Draw(t, "cufrag"),
		}
		if rapid.Bool().Draw(t, "index") {
			c.SDPMLineIndex = sdptype.Index(uint16(rapid.IntRange(0, 3).Draw(t, "i")))
		}
		return c
	}
	switch rapid.IntRange(0, 11).Draw(t, "input") {
	case 0:
		return negotiation.NegotiationNeeded{}
	case 1:
		return negotiation.RestartICE{}
	case 2:
		return negotiation.ReceivedDescription{Description: desc()}
	case 3:
		return negotiation.ReceivedCandidate{Candidate: cand()}
	case 4:
		return negotiation.LocalCandidate{Candidate: cand()}
	case 5:
		return negotiation.LocalSet{Description: desc()}
	case 6:
		return negotiation.RemoteSet{}
	case 7:
		return negotiation.CandidateAdded{}
	case 8:
		return negotiation.OpFailed{Err: errors.New("stack error")}
	case 9:
		if rapid.IntRange(0, 4).Draw(t, "reallyClose") == 0 {
			return negotiation.Close{}
		}
		return negotiation.NegotiationNeeded{}
	case 10:
		return nil
	}
	return negotiation.LocalSet{Description: sdptype.Description{Type: sdptype.Rollback}}
}
