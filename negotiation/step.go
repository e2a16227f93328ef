package negotiation

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Step feeds one input to m and returns the next machine and what the
// caller must do: perform every action in order, then feed the next input.
//
// An input refused when it is fed returns an *Error, an empty Output and m
// itself: the machine Step was given, not a copy that was being changed, so
// no refusal can half-apply an input. Step never panics and never modifies
// m or anything m shares.
func Step(m Machine, in Input) (next Machine, out Output, err error) {
	next = m // changed in place; the slices it shares with m are only ever replaced
	var b builder
	if err = next.apply(in, &b); err != nil {
		return m, Output{}, err
	}
	next.advance(&b)
	out = b.out
	return
}

// builder collects one Step's output.
type builder struct{ out Output }

func (b *builder) emit(e Event) { b.out.Events = append(b.out.Events, e) }

// firstAction holds a Step's first action and the slice array that refers to
// it, so that a one-action Step allocates once.
type firstAction[T any] struct {
	a     T
	array [1]Action
}

// act appends the action a to b's output.
func act[T any, P interface {
	*T
	Action
}](b *builder, a T) {
	if b.out.Actions == nil {
		f := &firstAction[T]{a: a}
		f.array[0] = P(&f.a)
		b.out.Actions = f.array[:]
		return
	}
	b.out.Actions = append(b.out.Actions, P(&a))
}

// apply handles one input, or returns why it refuses it (Step then drops
// whatever apply changed).
func (m *Machine) apply(in Input, b *builder) error {
	if in == nil || !in.input() {
		return &Error{Input: inputName(in), Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
	}
	if m.role != Polite && m.role != Impolite {
		return &Error{Input: inputName(in), Err: ErrRole, Reason: "make machines with New"}
	}
	if m.session.State() == signaling.Closed {
		if _, ok := in.(*Close); ok {
			return nil // closing twice does nothing
		}
		return &Error{Input: inputName(in), Err: signaling.ErrInvalidState, Cause: signaling.ErrClosed}
	}
	switch in := in.(type) {
	case *NegotiationNeeded:
		m.requested++
		// Covered by our offer, counting it would cost a needless offer and
		// answer after that offer's answer: a change made while CreateOffer
		// is in flight, or the stack's event while any offer of ours is
		// being made or is out. Not once its answer is on its way in: the
		// stack may fire for a change it made after our offer as soon as
		// that answer makes it stable, before SetRemoteDone is fed.
		switch {
		case m.inflight.kind == opOffer && (m.defers() || in.FromStack):
			m.inflight.gen = m.requested
		case m.offerOutstanding && in.FromStack && !m.settingRemoteAnswerPending:
			m.offerGen = m.requested
		}
	case *RestartICE:
		m.session = m.session.RestartICE()
		if m.session.ICERestartPending() {
			m.requested++ // a request like any change, so that it can retry a failed offer
		}
	case *LocalCandidate:
		if m.holding() || m.awaitsAnswer(in.Candidate) {
			m.holdLocal(in.Candidate)
			break
		}
		m.sendLocal(in.Candidate, b)
	case *ReceivedCandidate:
		return m.receivedCandidate(in.Candidate, b)
	case *ReceivedDescription:
		return m.received(in.Description, in.OfferID, b)
	case *CreateOfferDone:
		return m.createOfferDone(in.Description, b)
	case *SetLocalDone:
		return m.setLocalDone(in.Description, b)
	case *SetRemoteDone:
		return m.setRemoteDone(b)
	case *AddCandidateDone:
		if m.inflight.kind != opCandidate {
			return &Error{Input: "AddCandidateDone", Err: ErrNoOperation}
		}
		m.inflight = running{}
	case *CandidateFailed:
		if !m.opts.ChainedCandidates {
			return &Error{Input: "CandidateFailed", Err: ErrNoOperation, Reason: "without ChainedCandidates, AddCandidate ends with OpFailed", Cause: in.Err}
		}
		b.emit(&Rejected{Err: &Error{Input: "AddCandidate(" + in.Candidate.String() + ")", Err: ErrOperationFailed, Cause: in.Err}})
	case *OpFailed:
		return m.opFailed(in.Err, in.RolledBack, b)
	case *Close:
		m.close(b)
	default: // a type of the caller's that embeds one of ours
		return &Error{Input: inputName(in), Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
	}
	return nil
}

// close closes the connection: queued messages and waiting candidates are
// ignored, no event fires (webrtc-pc close()).
func (m *Machine) close(b *builder) {
	for _, c := range m.localHeld() {
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonClosed})
	}
	for _, o := range slices.Concat(m.queue(), m.waiting()) {
		switch o.kind {
		case opRemote:
			act(b, IgnoreDescription{Description: o.desc.Description(), Reason: ReasonClosed})
		case opCandidate:
			act(b, IgnoreCandidate{Candidate: o.cand, Reason: ReasonClosed})
		}
	}
	*m = Machine{role: m.role, opts: m.opts, session: m.session.Close(), requested: m.requested, negotiated: m.negotiated}
}
