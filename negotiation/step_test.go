package negotiation_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// step feeds in to m and fails the test if it is refused.
func step(t *testing.T, m negotiation.Machine, in negotiation.Input) (negotiation.Machine, negotiation.Output) {
	t.Helper()
	m, out, err := negotiation.Step(m, in)
	if err != nil {
		t.Fatalf("%T refused: %v", in, err)
	}
	return m, out
}

// A candidate gathered while the offer is being applied is sent after the
// offer, never before it (pion may call OnICECandidate before
// SetLocalDescription returns).
func TestLocalCandidateWaitsForItsDescription(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0", UsernameFragment: "mine"}
	m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	m, out := step(t, m, &negotiation.LocalCandidate{Candidate: c})
	if len(out.Actions) != 0 || len(out.Events) != 0 {
		t.Fatalf("candidate during SetLocal: %v %v, want it held", out.Actions, out.Events)
	}
	if m.Quiet() {
		t.Fatal("Quiet with an offer in flight and a candidate held")
	}
	_, out = step(t, m, &negotiation.SetLocalDone{Description: offer})
	if got, want := fmt.Sprint(out.Actions), "[SendDescription(offer #1) SendCandidate(candidate mid=0 ufrag=mine)]"; got != want {
		t.Fatalf("after SetLocalDone: %s, want %s", got, want)
	}
}

// Quiet is false from the request until the answer is applied.
func TestQuiet(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer"})}
	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{})
	var quiet []bool
	for _, in := range []negotiation.Input{
		&negotiation.NegotiationNeeded{}, &negotiation.SetLocalDone{Description: offer},
		&negotiation.ReceivedDescription{Description: answer}, &negotiation.SetRemoteDone{},
	} {
		quiet = append(quiet, m.Quiet())
		m, _ = step(t, m, in)
	}
	quiet = append(quiet, m.Quiet())
	if got, want := fmt.Sprint(quiet), "[true false false false true]"; got != want {
		t.Fatalf("Quiet before each input and after the last: %s, want %s", got, want)
	}
}

// Nil inputs, of any kind, and foreign ones are refused with TypeError and
// change nothing.
func TestNilInputs(t *testing.T) {
	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{})
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	type wrapped struct{ *negotiation.NegotiationNeeded } // a caller's type embedding one of ours
	for _, in := range []negotiation.Input{nil, (*negotiation.ReceivedDescription)(nil), (*negotiation.SetLocalDone)(nil),
		(*negotiation.OpFailed)(nil), (*negotiation.Close)(nil), wrapped{&negotiation.NegotiationNeeded{}}} {
		next, out, err := negotiation.Step(m, in)
		if !errors.Is(err, sdptype.ErrTypeError) || next.String() != m.String() || len(out.Actions)+len(out.Events) > 0 {
			t.Errorf("%T: %v %v, want TypeError and no change", in, err, out)
		}
	}
}

func TestReasonString(t *testing.T) {
	for r, want := range map[negotiation.Reason]string{
		0: "Reason(0)", negotiation.ReasonCollision: "offer collision, impolite peer",
		negotiation.ReasonClosed: "connection closed", 99: "Reason(99)",
	} {
		if r.String() != want {
			t.Errorf("%d: %q, want %q", r, r.String(), want)
		}
	}
}

// A candidate whose ufrag is only in its line's "ufrag" extension waits for
// its description and is then added exactly as received; once its
// credentials are replaced it is ignored as stale, like one naming them in
// usernameFragment.
func TestLineUfragCandidate(t *testing.T) {
	desc := func(typ sdptype.Type, ufrag string, version uint64) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: ufrag, Version: version})}
	}
	cand := func(ufrag string) sdptype.Candidate {
		return sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host ufrag " + ufrag, SDPMid: "0"}
	}
	m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	m, _ = step(t, m, &negotiation.SetLocalDone{Description: desc(sdptype.Offer, "mine", 1)})
	m, out := step(t, m, &negotiation.ReceivedCandidate{Candidate: cand("peer1")})
	if len(out.Actions) != 0 || len(m.Waiting()) != 1 {
		t.Fatalf("before its description: %v, %d waiting; want it to wait", out.Actions, len(m.Waiting()))
	}
	m, _ = step(t, m, &negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer1", 1)})
	m, out = step(t, m, &negotiation.SetRemoteDone{})
	if len(out.Actions) != 1 || !reflect.DeepEqual(out.Actions[0], &negotiation.AddCandidate{Candidate: cand("peer1")}) {
		t.Fatalf("after its description: %v, want AddCandidate of it as received", out.Actions)
	}
	m, _ = step(t, m, &negotiation.AddCandidateDone{})
	// A second negotiation: the peer's credentials become peer2.
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	m, _ = step(t, m, &negotiation.SetLocalDone{Description: desc(sdptype.Offer, "mine", 2)})
	m, _ = step(t, m, &negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer2", 2)})
	m, _ = step(t, m, &negotiation.SetRemoteDone{})
	for _, c := range []sdptype.Candidate{cand("peer1"), {Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0", UsernameFragment: "peer1"}} {
		_, out = step(t, m, &negotiation.ReceivedCandidate{Candidate: c})
		if len(out.Actions) != 1 || !reflect.DeepEqual(out.Actions[0], &negotiation.IgnoreCandidate{Candidate: c, Reason: negotiation.ReasonStale}) {
			t.Errorf("%v: %v, want IgnoreCandidate(stale)", c, out.Actions)
		}
	}
}

// Deferred offers: a pranswer to the deferred offer applies it first, as
// an answer does; the final answer then follows.
func TestDeferredPranswer(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	peer := func(typ sdptype.Type, v uint64) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer", Version: v})}
	}
	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{Rollback: negotiation.NoRollback})
	var got []string
	for _, in := range []negotiation.Input{
		&negotiation.NegotiationNeeded{}, &negotiation.CreateOfferDone{Description: offer},
		&negotiation.ReceivedDescription{Description: peer(sdptype.Pranswer, 1)}, &negotiation.SetLocalDone{Description: offer},
		&negotiation.SetRemoteDone{}, &negotiation.ReceivedDescription{Description: peer(sdptype.Answer, 2)}, &negotiation.SetRemoteDone{},
	} {
		var out negotiation.Output
		m, out = step(t, m, in)
		got = append(got, fmt.Sprint(out.Actions, out.Events))
	}
	want := []string{
		"[CreateOffer] [negotiationneeded]",
		"[SendDescription(offer #1)] []",
		"[SetLocal(offer, the one sent)] []",
		"[SetRemote(pranswer)] [stable -> have-local-offer]",
		"[] [have-local-offer -> have-remote-pranswer]",
		"[SetRemote(answer)] []",
		"[] [have-remote-pranswer -> stable negotiated (offer from local side, generation 1)]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, held := m.Deferred(); held || !m.Quiet() {
		t.Fatalf("after the answer: deferred %t, quiet %t", held, m.Quiet())
	}
}

// Deferred offers: if the stack fails to apply its own deferred offer (the
// other peer applied and answered it), the offer is dropped and a fresh one
// is created at once: the change is not lost.
func TestDeferredApplyFails(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer"})}
	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{Rollback: negotiation.NoRollback})
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	m, _ = step(t, m, &negotiation.CreateOfferDone{Description: offer})
	m, _ = step(t, m, &negotiation.ReceivedDescription{Description: answer})
	m, out := step(t, m, &negotiation.OpFailed{Err: errors.New("new sdp does not match previous offer")})
	if got := fmt.Sprint(out.Actions); got != "[CreateOffer]" {
		t.Fatalf("after the failed apply: %s, want a fresh CreateOffer", got)
	}
	if _, held := m.Deferred(); held {
		t.Fatal("the refused offer is still held")
	}
}

// OpFailed.RolledBack (a stack that keeps its implicit rollback, Firefox)
// takes the machine to stable without its offer, and is refused, changing
// nothing, when no remote offer meeting ours is in flight.
func TestOpFailedRolledBack(t *testing.T) {
	desc := func(typ sdptype.Type, ufrag string) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: ufrag})}
	}
	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{Rollback: negotiation.ImplicitRollback})
	m, _ = step(t, m, &negotiation.NegotiationNeeded{})
	refused := &negotiation.OpFailed{Err: errors.New("no"), RolledBack: true}
	if got, out, err := negotiation.Step(m, refused); !errors.Is(err, signaling.ErrInvalidState) || !reflect.DeepEqual(got, m) || len(out.Actions)+len(out.Events) != 0 {
		t.Fatalf("RolledBack with a SetLocal(offer) in flight: %v, output %v", err, out)
	}
	m, _ = step(t, m, &negotiation.SetLocalDone{Description: desc(sdptype.Offer, "mine")})
	m, out := step(t, m, &negotiation.ReceivedDescription{Description: desc(sdptype.Offer, "peer")})
	if got := fmt.Sprint(out.Actions); got != "[SetRemote(offer)]" {
		t.Fatalf("the colliding offer: %s", got)
	}
	m, out = step(t, m, &negotiation.OpFailed{Err: errors.New("InvalidAccessError"), RolledBack: true})
	if m.State() != signaling.Stable || fmt.Sprint(out.Actions) != "[SetLocal(offer)]" {
		t.Fatalf("after the kept rollback: %v, actions %v events %v; want stable and our offer again", m.State(), out.Actions, out.Events)
	}
	if len(out.Events) == 0 || fmt.Sprint(out.Events[0]) != fmt.Sprint(&negotiation.SignalingChange{From: signaling.HaveLocalOffer, To: signaling.Stable}) {
		t.Fatalf("events %v: want have-local-offer -> stable first", out.Events)
	}
}

// Offers go out numbered; an answer applies only to the offer it names, or
// to the outstanding one when it names none; our answer echoes the id of
// the offer it answers.
func TestOfferIDs(t *testing.T) {
	desc := func(typ sdptype.Type, ufrag string, version uint64) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: ufrag, Version: version})}
	}
	m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
	var log []string
	run := func(ins ...negotiation.Input) {
		for _, in := range ins {
			var out negotiation.Output
			m, out = step(t, m, in)
			log = append(log, fmt.Sprint(out.Actions))
		}
	}
	run(&negotiation.NegotiationNeeded{}, &negotiation.SetLocalDone{Description: desc(sdptype.Offer, "mine", 1)},
		&negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer", 1), OfferID: 2}, // names an offer never sent
		&negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer", 1)},             // names none: answers #1
		&negotiation.SetRemoteDone{},
		&negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer", 2), OfferID: 1}, // #1 is answered already
		&negotiation.NegotiationNeeded{}, &negotiation.SetLocalDone{Description: desc(sdptype.Offer, "mine", 2)},
		&negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer", 3), OfferID: 1}, // late: #2 is outstanding
		&negotiation.ReceivedDescription{Description: desc(sdptype.Answer, "peer", 4), OfferID: 2},
		&negotiation.SetRemoteDone{},
		&negotiation.ReceivedDescription{Description: desc(sdptype.Offer, "peer", 5), OfferID: 7},
		&negotiation.SetRemoteDone{}, &negotiation.SetLocalDone{Description: desc(sdptype.Answer, "mine", 3)},
		&negotiation.ReceivedDescription{Description: desc(sdptype.Offer, "peer", 6)},
		&negotiation.SetRemoteDone{}, &negotiation.SetLocalDone{Description: desc(sdptype.Answer, "mine", 4)},
	)
	want := []string{
		"[SetLocal(offer)]", "[SendDescription(offer #1)]",
		"[IgnoreDescription(answer: answers another offer than the outstanding one (stale))]",
		"[SetRemote(answer)]", "[]",
		"[IgnoreDescription(answer: answers another offer than the outstanding one (stale))]",
		"[SetLocal(offer)]", "[SendDescription(offer #2)]",
		"[IgnoreDescription(answer: answers another offer than the outstanding one (stale))]",
		"[SetRemote(answer)]", "[]",
		"[SetRemote(offer)]", "[SetLocal(answer)]", "[SendDescription(answer to #7)]",
		"[SetRemote(offer)]", "[SetLocal(answer)]", "[SendDescription(answer)]",
	}
	if got := strings.Join(log, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

// The stack's negotiationneeded (FromStack) while our offer is out is
// covered by it; once the answer is on its way in, the stack may fire for a
// change it made after our offer as soon as that answer makes it stable,
// before SetRemoteDone is fed (pion queues its check that way): that one
// must get its offer.
func TestStackEventCoveredUntilTheAnswer(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer"})}
	for _, c := range []struct {
		name      string
		at        int  // index of the input before which the stack's event comes
		followUp  bool // an offer must follow the answer
		wantQuiet bool
	}{
		{"offer out", 2, false, true},
		{"answer being applied", 3, true, false},
	} {
		m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
		ins := []negotiation.Input{
			&negotiation.NegotiationNeeded{FromStack: true}, &negotiation.SetLocalDone{Description: offer},
			&negotiation.ReceivedDescription{Description: answer}, &negotiation.SetRemoteDone{},
		}
		var out negotiation.Output
		for i, in := range ins {
			if i == c.at {
				m, _ = step(t, m, &negotiation.NegotiationNeeded{FromStack: true})
			}
			m, out = step(t, m, in)
		}
		offered := strings.Contains(fmt.Sprint(out.Actions), "SetLocal(offer)")
		if offered != c.followUp || m.Quiet() != c.wantQuiet {
			t.Errorf("%s: after SetRemoteDone %v (quiet %t), want a follow-up offer %t", c.name, out.Actions, m.Quiet(), c.followUp)
		}
	}
}

// A candidate of an ignored offer waits for the answer to our offer only
// while that answer is awaited; one that comes later is ignored at once,
// leaving the machine quiet.
func TestLateCandidateOfIgnoredOffer(t *testing.T) {
	ours := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	theirs := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "yyyy"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "xxxx"})}
	late := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0", UsernameFragment: "yyyy"}
	m, _ := negotiation.New(negotiation.Impolite, negotiation.Options{})
	for _, in := range []negotiation.Input{
		&negotiation.NegotiationNeeded{}, &negotiation.SetLocalDone{Description: ours},
		&negotiation.ReceivedDescription{Description: theirs}, // ignored: collision
		&negotiation.ReceivedDescription{Description: answer}, &negotiation.SetRemoteDone{},
	} {
		m, _ = step(t, m, in)
	}
	m, out := step(t, m, &negotiation.ReceivedCandidate{Candidate: late})
	if got := fmt.Sprint(out.Actions); !strings.Contains(got, "IgnoreCandidate") || !m.Quiet() || len(m.Waiting()) != 0 {
		t.Fatalf("late candidate of the ignored offer: %s, quiet %t, waiting %v; want it ignored at once", got, m.Quiet(), m.Waiting())
	}
}

// ChainedCandidates: the candidates that waited behind a remote offer
// start together once it is applied and answered, with no completion;
// candidates wait behind an operation in flight all the same;
// AddCandidateDone is refused and CandidateFailed reports a failure
// without changing the machine. Without the option, one candidate at a
// time, and CandidateFailed is refused.
func TestChainedCandidates(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	var cands []sdptype.Candidate
	for n := range 3 {
		cands = append(cands, sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 9 typ host", n), SDPMid: "0", UsernameFragment: "peer"})
	}
	add := func(cs ...sdptype.Candidate) []negotiation.Action {
		var as []negotiation.Action
		for _, c := range cs {
			as = append(as, &negotiation.AddCandidate{Candidate: c})
		}
		return as
	}
	run := func(chained bool) (negotiation.Machine, [][]negotiation.Action) {
		m, _ := negotiation.New(negotiation.Polite, negotiation.Options{ChainedCandidates: chained})
		var got [][]negotiation.Action
		for _, in := range []negotiation.Input{
			&negotiation.ReceivedDescription{Description: offer, OfferID: 1},
			&negotiation.ReceivedCandidate{Candidate: cands[0]}, &negotiation.ReceivedCandidate{Candidate: cands[1]},
			&negotiation.SetRemoteDone{},
			&negotiation.ReceivedCandidate{Candidate: cands[2]},
			&negotiation.SetLocalDone{Description: answer},
		} {
			var out negotiation.Output
			m, out = step(t, m, in)
			got = append(got, out.Actions)
		}
		return m, got
	}
	head := [][]negotiation.Action{{&negotiation.SetRemote{Description: offer}}, nil, nil, {&negotiation.SetLocal{Type: sdptype.Answer}}, nil}
	sent := &negotiation.SendDescription{Description: answer, OfferID: 1}

	m, got := run(true)
	want := append(head, append([]negotiation.Action{sent}, add(cands...)...))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("chained:\n got %v\nwant %v", got, want)
	}
	if !m.Quiet() {
		t.Fatal("not Quiet after the answer: a chained candidate has no completion")
	}
	if next, out, err := negotiation.Step(m, &negotiation.AddCandidateDone{}); !errors.Is(err, negotiation.ErrNoOperation) || !reflect.DeepEqual(next, m) || len(out.Actions)+len(out.Events) > 0 {
		t.Fatalf("AddCandidateDone: %v, want ErrNoOperation and no change", err)
	}
	cause := errors.New("the stack's error")
	next, out, err := negotiation.Step(m, &negotiation.CandidateFailed{Candidate: cands[2], Err: cause})
	if err != nil || !reflect.DeepEqual(next, m) || len(out.Actions) != 0 || len(out.Events) != 1 {
		t.Fatalf("CandidateFailed: %v %v %v, want one Rejected event and no change", err, out.Actions, out.Events)
	}
	if r, ok := out.Events[0].(*negotiation.Rejected); !ok || !errors.Is(r.Err, negotiation.ErrOperationFailed) || !errors.Is(r.Err, cause) {
		t.Fatalf("CandidateFailed: %v, want Rejected with ErrOperationFailed and the cause", out.Events[0])
	}

	m, got = run(false)
	want = append(head[:len(head):len(head)], append([]negotiation.Action{sent}, add(cands[0])...))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("not chained:\n got %v\nwant %v", got, want)
	}
	if next, _, err := negotiation.Step(m, &negotiation.CandidateFailed{Candidate: cands[0], Err: cause}); !errors.Is(err, negotiation.ErrNoOperation) || !reflect.DeepEqual(next, m) {
		t.Fatalf("CandidateFailed without the option: %v, want ErrNoOperation and no change", err)
	}
}
