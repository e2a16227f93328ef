package fuzz

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// FuzzSchedule decodes bytes into a schedule of two simulated peers on
// the fake stack (negotiationtest.Check.Schedule): the first byte picks
// the options (bit 0 a polite, bits 1-2 the rollback mode, bit 3 mixed
// kinds, bit 4 delivery links over a channel that reorders, duplicates,
// loses and reloads a peer), each next byte one of the possible moves
// (changes, restarts, candidates and faults bounded). Every move checks
// safety; after the bytes run out everything is delivered and both peers
// must have converged.
func FuzzSchedule(f *testing.F) {
	negotiationtest.Fuzz(f, negotiationtest.Check{Links: true})
}

// FuzzGlare is the fuzz target a user writes for a stack of theirs (see
// negotiationtest.ExampleCheck): here the fake stack through the public
// interface, in the three modes.
func FuzzGlare(f *testing.F) {
	negotiationtest.Fuzz(f, negotiationtest.Check{
		NewConn: func(peer string, o negotiationtest.Options) (negotiationtest.PeerConnection, error) {
			return negotiationtest.NewStack(peer, o), nil
		},
	})
}

// TestStepProperties checks stepOps on random input sequences.
func TestStepProperties(t *testing.T) { rapid.Check(t, stepOps) }

// FuzzStep decodes the fuzzer's bytes into the same input sequences.
func FuzzStep(f *testing.F) { f.Fuzz(rapid.MakeFuzz(stepOps)) }

// stepOps feeds one machine arbitrary inputs, valid or not, in any order,
// and checks every Step with checkStep.
func stepOps(t *rapid.T) {
	role := rapid.SampledFrom([]negotiation.Role{negotiation.Polite, negotiation.Impolite}).Draw(t, "role")
	m, err := negotiation.New(role, negotiation.Options{Rollback: drawMode(t), ChainedCandidates: rapid.Bool().Draw(t, "chained")})
	if err != nil {
		t.Fatal(err)
	}
	for range rapid.IntRange(1, 40).Draw(t, "steps") {
		if next, err := checkStep(t, m, drawInput(t, m)); err == nil {
			m = next
		}
	}
}

// TestRefusalChangesNothing drives two simulated peers through a random
// schedule and, between moves, feeds one of them an arbitrary input (any
// kind, completions included) without keeping the result: checkStep holds
// on the machines real schedules reach, with offers in flight, operations
// queued, candidates waiting and held.
func TestRefusalChangesNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, err := negotiationtest.New(negotiationtest.Options{APolite: rapid.Bool().Draw(t, "aPolite"), Rollback: drawMode(t), MixedKinds: rapid.Bool().Draw(t, "mixed"),
			ChainedCandidates: rapid.Bool().Draw(t, "chained")})
		if err != nil {
			t.Fatal(err)
		}
		b := negotiationtest.Bound{Changes: 2, Restarts: 1, Candidates: 3, Variants: true, Failures: 1}
		for range rapid.IntRange(0, 40).Draw(t, "steps") {
			m := s.Peers[rapid.IntRange(0, 1).Draw(t, "peer")].Machine
			checkStep(t, m, drawInput(t, m))
			moves := s.Moves(b)
			if len(moves) == 0 {
				break
			}
			if err := s.Do(rapid.SampledFrom(moves).Draw(t, "move")); err != nil {
				t.Fatal(negotiationtest.Report(s, err, nil))
			}
		}
	})
}

// drawMode draws one of the three rollback modes.
func drawMode(t *rapid.T) negotiation.RollbackMode {
	return rapid.SampledFrom([]negotiation.RollbackMode{negotiation.ExplicitRollback, negotiation.ImplicitRollback, negotiation.NoRollback}).Draw(t, "rollback")
}

// allFields compares machines whole, unexported fields included.
var allFields = cmp.Exporter(func(reflect.Type) bool { return true })

// checkStep steps m with in and checks that Step did not panic; is pure
// (the same input twice gives equal machines, outputs and errors, and m
// is unchanged, shared memory included: its String describes every
// field); that a refused input returns m itself, an empty Output and an
// *Error; that Rejected events come only with OpFailed or a description
// refused at the head of the chain, or CandidateFailed, which changes
// nothing else; and that at most
// one operation (CreateOffer, SetLocal, SetRemote, AddCandidate) is asked
// for per Step, or under ChainedCandidates any AddCandidates and then at
// most one other.
func checkStep(t *rapid.T, m negotiation.Machine, in negotiation.Input) (negotiation.Machine, error) {
	before := m.String()
	next, out, err := negotiation.Step(m, in)
	again, out2, err2 := negotiation.Step(m, in)
	if m.String() != before {
		t.Fatalf("Step modified its input machine")
	}
	if diff := cmp.Diff(next, again, allFields); diff != "" || !cmp.Equal(out, out2, allFields) || fmt.Sprint(err) != fmt.Sprint(err2) {
		t.Fatalf("Step is not pure for %T: %s", in, diff)
	}
	// Two results must not share memory that a later Step writes: step m
	// and next again with other inputs, and next must not have moved.
	snapshot := next.String()
	negotiation.Step(m, drawInput(t, m))
	negotiation.Step(next, drawInput(t, next))
	if next.String() != snapshot {
		t.Fatalf("a later Step changed the machine an earlier one returned for %T", in)
	}
	if err != nil {
		var ne *negotiation.Error
		if !errors.As(err, &ne) {
			t.Fatalf("untyped refusal %T: %v", err, err)
		}
		if diff := cmp.Diff(m, next, allFields); diff != "" || next.String() != before {
			t.Fatalf("refused %T changed the machine: %v\n%s", in, err, diff)
		}
		if !cmp.Equal(out, negotiation.Output{}) {
			t.Fatalf("refused %T has output %s", in, describeOutput(out))
		}
		return next, err
	}
	if _, ok := in.(*negotiation.CandidateFailed); ok {
		if diff := cmp.Diff(m, next, allFields); diff != "" || len(out.Actions) > 0 {
			t.Fatalf("CandidateFailed changed the machine or asked for actions %s:\n%s", describeOutput(out), diff)
		}
	}
	for _, e := range out.Events {
		if r, ok := e.(*negotiation.Rejected); ok {
			var ne *negotiation.Error
			if !errors.As(r.Err, &ne) {
				t.Fatalf("untyped rejection %T: %v", r.Err, r.Err)
			}
			_, candidateFailed := in.(*negotiation.CandidateFailed)
			if !isCompletion(in) && !candidateFailed && !(isDescription(in) && ne.Input == "ReceivedCandidate") {
				t.Fatalf("Rejected event for %T, which starts no queued operation: %v", in, r.Err)
			}
		}
	}
	// A local candidate of an m-section the answer to our offer bundled
	// into the BUNDLE-tag's transport is dropped, and only such a one
	// (one of our deferred offer alone is sent); one our offer bundles
	// waits for the answer.
	for _, a := range out.Actions {
		switch a := a.(type) {
		case *negotiation.IgnoreCandidate:
			if a.Reason == negotiation.ReasonBundled && next.Session().LocalBundled(a.Candidate) != signaling.Away {
				t.Fatalf("dropped as bundled, not bundled away: %v", a.Candidate)
			}
		case *negotiation.SendCandidate:
			if next.Session().MatchesLocal(a.Candidate) && next.Session().LocalBundled(a.Candidate) == signaling.Away {
				t.Fatalf("sent a candidate the answer bundled away: %v", a.Candidate)
			}
			if next.State() == signaling.HaveLocalOffer && next.Session().LocalBundled(a.Candidate) == signaling.Undecided {
				t.Fatalf("sent a candidate our offer bundles before its answer: %v", a.Candidate)
			}
		}
	}
	ops := 0
	for _, a := range out.Actions {
		switch a.(type) {
		case *negotiation.AddCandidate:
			if m.Options().ChainedCandidates {
				if ops > 0 {
					t.Fatalf("a chained AddCandidate after another operation: %s", describeOutput(out))
				}
				continue
			}
			ops++
		case *negotiation.CreateOffer, *negotiation.SetLocal, *negotiation.SetRemote:
			ops++
		}
	}
	if ops > 1 {
		t.Fatalf("%d operations asked for in one Step: %s", ops, describeOutput(out))
	}
	return next, nil
}

// isCompletion reports whether in completes an operation (OpFailed
// included): its Step may also start the next queued one, which the stack
// may refuse.
func isCompletion(in negotiation.Input) bool {
	switch in.(type) {
	case *negotiation.OpFailed, *negotiation.CreateOfferDone, *negotiation.SetLocalDone, *negotiation.SetRemoteDone, *negotiation.AddCandidateDone:
		return true
	}
	return false
}

// isDescription reports whether in is a received description: ignoring
// it releases waiting candidates, which may then be refused (Rejected for
// a candidate, never for the description itself).
func isDescription(in negotiation.Input) bool {
	_, ok := in.(*negotiation.ReceivedDescription)
	return ok
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
		return &negotiation.NegotiationNeeded{FromStack: rapid.Bool().Draw(t, "fromStack")}
	case 1:
		return &negotiation.RestartICE{}
	case 2:
		return &negotiation.ReceivedDescription{Description: desc()}
	case 3:
		return &negotiation.ReceivedCandidate{Candidate: cand()}
	case 4:
		return &negotiation.LocalCandidate{Candidate: cand()}
	case 5:
		return &negotiation.SetLocalDone{Description: desc()}
	case 6:
		return &negotiation.SetRemoteDone{}
	case 7:
		if rapid.Bool().Draw(t, "candidateFailed") {
			return &negotiation.CandidateFailed{Candidate: cand(), Err: errors.New("stack error")}
		}
		return &negotiation.AddCandidateDone{}
	case 8:
		if rapid.Bool().Draw(t, "createOfferDone") {
			return &negotiation.CreateOfferDone{Description: desc()}
		}
		return &negotiation.OpFailed{Err: errors.New("stack error"), RolledBack: rapid.IntRange(0, 3).Draw(t, "rolledBack") == 0}
	case 9:
		if rapid.IntRange(0, 4).Draw(t, "reallyClose") == 0 {
			return &negotiation.Close{}
		}
		return &negotiation.NegotiationNeeded{}
	case 10:
		return rapid.SampledFrom([]negotiation.Input{nil, (*negotiation.ReceivedDescription)(nil), (*negotiation.SetLocalDone)(nil), (*negotiation.Close)(nil)}).Draw(t, "nil")
	}
	return &negotiation.SetLocalDone{Description: sdptype.Description{Type: sdptype.Rollback}}
}
