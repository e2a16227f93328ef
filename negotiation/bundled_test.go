package negotiation_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

// TestBundledCandidates: a local candidate of an m-section that our offer
// bundles into the BUNDLE-tag's transport (Firefox gathers for one in
// every offer) waits while our offer is out, and is dropped with
// ReasonBundled once the answer bundles that m-section too; it is sent when
// the answer keeps it apart or is a pranswer, waits on when an answer
// fails or is refused, is ignored once our offer is rolled back, and is
// sent at once by an answerer. Each Step's actions are compared whole.
func TestBundledCandidates(t *testing.T) {
	build := func(typ sdptype.Type, ufrag string, noBundle bool) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: ufrag, NoBundle: noBundle})}
	}
	offer, answer := build(sdptype.Offer, "mine", false), build(sdptype.Answer, "peer", false)
	n := 0
	cand := func(mid string) sdptype.Candidate {
		n++
		return sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 9 typ host", n), SDPMid: mid, UsernameFragment: "mine"}
	}
	early, during, tag, late := cand("1"), cand("1"), cand("0"), cand("1")
	send := func(c sdptype.Candidate) negotiation.Action { return &negotiation.SendCandidate{Candidate: c} }
	drop := func(c sdptype.Candidate) negotiation.Action {
		return &negotiation.IgnoreCandidate{Candidate: c, Reason: negotiation.ReasonBundled}
	}
	type stepWant struct {
		in   negotiation.Input
		want []negotiation.Action
	}
	run := func(t *testing.T, m negotiation.Machine, steps []stepWant) negotiation.Machine {
		t.Helper()
		for i, s := range steps {
			var out negotiation.Output
			m, out = step(t, m, s.in)
			if !reflect.DeepEqual(out.Actions, s.want) {
				t.Fatalf("step %d (%T): got %v, want %v", i, s.in, out.Actions, s.want)
			}
		}
		return m
	}
	offerOut := []stepWant{
		{&negotiation.NegotiationNeeded{FromStack: true}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Offer}}},
		{&negotiation.SetLocalDone{Description: offer}, []negotiation.Action{&negotiation.SendDescription{Description: offer, OfferID: 1}}},
		{&negotiation.LocalCandidate{Candidate: early}, nil}, // waits for the answer
	}
	answerIn := func(a sdptype.Description) []stepWant {
		return []stepWant{
			{&negotiation.ReceivedDescription{Description: a, OfferID: 1}, []negotiation.Action{&negotiation.SetRemote{Description: a}}},
			{&negotiation.LocalCandidate{Candidate: during}, nil}, // waits for the answer
			{&negotiation.LocalCandidate{Candidate: tag}, []negotiation.Action{send(tag)}},
		}
	}
	polite, _ := negotiation.New(negotiation.Polite, negotiation.Options{})

	t.Run("answer bundles it", func(t *testing.T) {
		m := run(t, polite, append(append(offerOut, answerIn(answer)...),
			stepWant{&negotiation.SetRemoteDone{}, []negotiation.Action{drop(early), drop(during)}},
			stepWant{&negotiation.LocalCandidate{Candidate: late}, []negotiation.Action{drop(late)}},
		))
		if !m.Quiet() {
			t.Fatal("not Quiet: a dropped candidate is still held")
		}
	})
	t.Run("answer without BUNDLE", func(t *testing.T) {
		apart := build(sdptype.Answer, "peer", true)
		run(t, polite, append(append(offerOut, answerIn(apart)...),
			stepWant{&negotiation.SetRemoteDone{}, []negotiation.Action{send(early), send(during)}},
			stepWant{&negotiation.LocalCandidate{Candidate: late}, []negotiation.Action{send(late)}},
		))
	})
	t.Run("answer fails", func(t *testing.T) {
		m := run(t, polite, append(offerOut, answerIn(answer)...))
		m, out := step(t, m, &negotiation.OpFailed{Err: errors.New("refused")})
		if len(out.Actions) != 0 {
			t.Fatalf("OpFailed: got %v, want nothing: the offer is still out", out.Actions)
		}
		again := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "peer", Version: 1})}
		run(t, m, []stepWant{
			{&negotiation.LocalCandidate{Candidate: late}, nil},
			{&negotiation.ReceivedDescription{Description: again, OfferID: 1}, []negotiation.Action{&negotiation.SetRemote{Description: again}}},
			{&negotiation.SetRemoteDone{}, []negotiation.Action{drop(early), drop(during), drop(late)}},
		})
	})
	t.Run("queued answer refused", func(t *testing.T) {
		// A renegotiation: the answer to our second offer waits behind a
		// remote candidate, and is refused when it starts (it drops an
		// m-section): the candidate waits on, for an answer that applies.
		first := []stepWant{
			{&negotiation.NegotiationNeeded{FromStack: true}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Offer}}},
			{&negotiation.SetLocalDone{Description: offer}, []negotiation.Action{&negotiation.SendDescription{Description: offer, OfferID: 1}}},
			{&negotiation.ReceivedDescription{Description: answer, OfferID: 1}, []negotiation.Action{&negotiation.SetRemote{Description: answer}}},
			{&negotiation.SetRemoteDone{}, nil},
		}
		reoffer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "mine", Version: 1})}
		short := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer", Version: 1})}
		remote := sdptype.Candidate{Candidate: "candidate:9 1 udp 1 192.0.2.9 9 typ host", SDPMid: "0", UsernameFragment: "peer"}
		m := run(t, polite, append(first,
			stepWant{&negotiation.NegotiationNeeded{FromStack: true}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Offer}}},
			stepWant{&negotiation.SetLocalDone{Description: reoffer}, []negotiation.Action{&negotiation.SendDescription{Description: reoffer, OfferID: 2}}},
			stepWant{&negotiation.ReceivedCandidate{Candidate: remote}, []negotiation.Action{&negotiation.AddCandidate{Candidate: remote}}},
			stepWant{&negotiation.ReceivedDescription{Description: short, OfferID: 2}, nil}, // queued
			stepWant{&negotiation.LocalCandidate{Candidate: during}, nil},                   // waits for that answer
		))
		m, out := step(t, m, &negotiation.AddCandidateDone{})
		if len(out.Actions) != 0 || len(out.Events) != 1 {
			t.Fatalf("the answer refused at the head: got %v %v, want no action and one Rejected", out.Actions, out.Events)
		}
		if _, ok := out.Events[0].(*negotiation.Rejected); !ok {
			t.Fatalf("got %v, want Rejected", out.Events[0])
		}
		if m.Busy() || m.Queued() != 0 || len(m.Waiting()) != 0 {
			t.Fatalf("something left behind: %v", m)
		}
		whole := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "peer", Version: 1})}
		m = run(t, m, []stepWant{
			{&negotiation.ReceivedDescription{Description: whole, OfferID: 2}, []negotiation.Action{&negotiation.SetRemote{Description: whole}}},
			{&negotiation.SetRemoteDone{}, []negotiation.Action{drop(during)}},
		})
		if !m.Quiet() {
			t.Fatal("not Quiet: a dropped candidate is still held")
		}
	})
	t.Run("pranswer", func(t *testing.T) {
		pr := build(sdptype.Pranswer, "peer", false)
		run(t, polite, append(offerOut,
			stepWant{&negotiation.ReceivedDescription{Description: pr, OfferID: 1}, []negotiation.Action{&negotiation.SetRemote{Description: pr}}},
			stepWant{&negotiation.SetRemoteDone{}, []negotiation.Action{send(early)}},
			stepWant{&negotiation.LocalCandidate{Candidate: late}, []negotiation.Action{send(late)}},
		))
	})
	t.Run("rolled back", func(t *testing.T) {
		remoteOffer := build(sdptype.Offer, "peer", false)
		rollback := sdptype.Description{Type: sdptype.Rollback}
		run(t, polite, append(offerOut,
			stepWant{&negotiation.ReceivedDescription{Description: remoteOffer, OfferID: 1}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Rollback}}},
			stepWant{&negotiation.SetLocalDone{Description: rollback}, []negotiation.Action{
				&negotiation.SetRemote{Description: remoteOffer},
				&negotiation.IgnoreCandidate{Candidate: early, Reason: negotiation.ReasonNotLocal}}},
		))
	})
	t.Run("answerer", func(t *testing.T) {
		ours := build(sdptype.Answer, "mine", false)
		remoteOffer := build(sdptype.Offer, "peer", false)
		run(t, polite, []stepWant{
			{&negotiation.ReceivedDescription{Description: remoteOffer, OfferID: 1}, []negotiation.Action{&negotiation.SetRemote{Description: remoteOffer}}},
			{&negotiation.SetRemoteDone{}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Answer}}},
			{&negotiation.SetLocalDone{Description: ours}, []negotiation.Action{&negotiation.SendDescription{Description: ours, OfferID: 1}}},
			{&negotiation.LocalCandidate{Candidate: late}, []negotiation.Action{send(late)}},
		})
	})
	t.Run("deferred offer", func(t *testing.T) {
		m, _ := negotiation.New(negotiation.Polite, negotiation.Options{Rollback: negotiation.NoRollback})
		run(t, m, []stepWant{
			{&negotiation.NegotiationNeeded{FromStack: true}, []negotiation.Action{&negotiation.CreateOffer{}}},
			{&negotiation.CreateOfferDone{Description: offer}, []negotiation.Action{&negotiation.SendDescription{Description: offer, OfferID: 1}}},
			{&negotiation.ReceivedDescription{Description: answer, OfferID: 1}, []negotiation.Action{&negotiation.SetLocal{Type: sdptype.Offer, Description: offer}}},
			{&negotiation.LocalCandidate{Candidate: during}, nil}, // gathered as the offer is applied
			{&negotiation.SetLocalDone{Description: offer}, []negotiation.Action{&negotiation.SetRemote{Description: answer}}},
			{&negotiation.LocalCandidate{Candidate: tag}, []negotiation.Action{send(tag)}},
			{&negotiation.SetRemoteDone{}, []negotiation.Action{drop(during)}},
		})
	})
}
