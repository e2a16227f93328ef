package negotiation

import (
	"errors"
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Step feeds one input to m and returns the next machine and what the
// caller must do: perform every action in order, then feed the next input.
// A rejected input returns m unchanged with a single Rejected event. Step
// never panics and never modifies m or anything m shares.
func Step(m Machine, in Input) (Machine, Output) {
	var b builder
	next, err := m.apply(in, &b)
	if err != nil {
		return m, Output{Events: []Event{&Rejected{Err: err}}}
	}
	next = next.advance(&b)
	return next, b.out
}

// builder collects one Step's output.
type builder struct{ out Output }

func (b *builder) act(a Action) { b.out.Actions = append(b.out.Actions, a) }
func (b *builder) emit(e Event) { b.out.Events = append(b.out.Events, e) }

// apply handles one input. It returns an error, and emits nothing, when the
// input is refused.
func (m Machine) apply(in Input, b *builder) (Machine, error) {
	if m.session.State() == signaling.Closed {
		if _, ok := in.(Close); ok {
			return m, nil // closing twice does nothing
		}
		return m, &Error{Input: inputName(in), Err: signaling.ErrInvalidState, Cause: signaling.ErrClosed}
	}
	switch in := in.(type) {
	case NegotiationNeeded:
		m.requested++
	case RestartICE:
		m.session = m.session.RestartICE()
	case LocalCandidate:
		b.act(&SendCandidate{Candidate: in.Candidate})
	case ReceivedCandidate:
		m = m.enqueue(op{kind: opCandidate, cand: in.Candidate, whileIgnoring: m.ignoreOffer})
	case ReceivedDescription:
		return m.received(in.Description, b)
	case LocalSet:
		return m.localSet(in.Description, b)
	case RemoteSet:
		return m.remoteSet(b)
	case CandidateAdded:
		if m.inflight.kind != opCandidate {
			return m, &Error{Input: "CandidateAdded", Err: ErrNoOperation}
		}
		m.inflight = op{}
	case OpFailed:
		return m.opFailed(in.Err, b)
	case Close:
		return m.close(b), nil
	default:
		return m, &Error{Input: inputName(in), Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
	}
	return m, nil
}

// received handles a description from the other peer: the W3C example's
// collision check at arrival, then the description joins the chain.
func (m Machine) received(d sdptype.Description, b *builder) (Machine, error) {
	name := "ReceivedDescription(" + d.Type.String() + ")"
	if d.Type != sdptype.Offer && d.Type != sdptype.Answer && d.Type != sdptype.Pranswer {
		return m, &Error{Input: name, Err: sdptype.ErrTypeError, Reason: "a peer sends offers, answers and pranswers"}
	}
	facts, err := sdptype.ParseFacts(d.SDP)
	if err != nil {
		return m, &Error{Input: name, Cause: err}
	}
	if d == m.lastRemote {
		return m, &Error{Input: name, Err: ErrDuplicate}
	}
	if d.Type != sdptype.Offer && !m.offerOutstanding {
		return m, &Error{Input: name, Err: ErrStale, Cause: signaling.ErrInvalidState}
	}
	readyForOffer := !m.makingOffer && (m.session.State() == signaling.Stable || m.settingRemoteAnswerPending)
	offerCollision := d.Type == sdptype.Offer && !readyForOffer
	ignore := m.role == Impolite && offerCollision
	if !ignore && !m.Busy() {
		// It would start now: refuse it now, with the machine unchanged.
		// (Behind other operations it is checked when it reaches the head.)
		if _, err := m.checkRemote(d); err != nil {
			return m, err
		}
	}
	m.lastRemote = d
	ufrags := ufragsOf(facts)
	m.seenUfrags = union(m.seenUfrags, ufrags)

	if d.Type != sdptype.Offer {
		m.ignoreOffer = false
		m.settingRemoteAnswerPending = d.Type == sdptype.Answer
		return m.enqueue(op{kind: opRemote, desc: d}), nil
	}
	m.ignoreOffer = ignore
	if offerCollision {
		b.emit(&Collision{Role: m.role, Accepted: !m.ignoreOffer})
	}
	if !m.ignoreOffer {
		return m.enqueue(op{kind: opRemote, desc: d}), nil
	}
	for _, u := range ufrags {
		if !m.session.HasRemoteUfrag(u) {
			m.ignoredUfrags = union(m.ignoredUfrags, []string{u})
		}
	}
	b.act(&IgnoreDescription{Description: d, Reason: ReasonCollision})
	return m.release(), nil // waiting candidates may belong to this offer
}

// localSet completes a SetLocal.
func (m Machine) localSet(d sdptype.Description, b *builder) (Machine, error) {
	o := m.inflight
	want := sdptype.Type(0)
	switch {
	case o.kind == opOffer:
		want = sdptype.Offer
	case o.kind == opRemote && o.step == stepRollback:
		want = sdptype.Rollback
	case o.kind == opRemote && o.step == stepAnswer:
		want = sdptype.Answer
	}
	name := "LocalSet(" + d.Type.String() + ")"
	if want == 0 {
		return m, &Error{Input: name, Err: ErrNoOperation}
	}
	if d.Type != want {
		return m, &Error{Input: name, Err: ErrNoOperation, Reason: "expected LocalSet(" + want.String() + ")"}
	}
	s, events, err := m.session.SetLocal(d)
	if err != nil {
		return m, &Error{Input: name, Cause: err}
	}
	m.session = s
	m.signal(events, b)
	switch want {
	case sdptype.Offer:
		m.makingOffer = false
		m.offerOutstanding, m.offerGen = true, o.gen
		m.inflight = op{}
		b.act(&SendDescription{Description: d})
	case sdptype.Rollback:
		m.offerOutstanding = false
		m.inflight.step = stepRemote
		b.act(&SetRemote{Description: o.desc})
	case sdptype.Answer:
		m.inflight = op{}
		b.act(&SendDescription{Description: d})
		b.emit(&Negotiated{Offerer: signaling.Remote, Generation: m.negotiated})
	}
	return m, nil
}

// remoteSet completes a SetRemote.
func (m Machine) remoteSet(b *builder) (Machine, error) {
	o := m.inflight
	if o.kind != opRemote || o.step != stepRemote {
		return m, &Error{Input: "RemoteSet", Err: ErrNoOperation}
	}
	s, events, err := m.session.SetRemote(o.desc)
	if err != nil {
		return m, &Error{Input: "RemoteSet", Cause: err}
	}
	m.session = s
	m.signal(events, b)
	m.ignoredUfrags = slices.DeleteFunc(slices.Clone(m.ignoredUfrags), m.session.HasRemoteUfrag)
	m = m.release()
	switch o.desc.Type {
	case sdptype.Offer:
		m.offerOutstanding = false // rolled back, implicitly or not
		m.inflight.step = stepAnswer
		b.act(&SetLocal{Type: sdptype.Answer})
	case sdptype.Answer:
		m.settingRemoteAnswerPending = false
		m.offerOutstanding = false
		m.negotiated = max(m.negotiated, m.offerGen)
		m.inflight = op{}
		b.emit(&Negotiated{Offerer: signaling.Local, Generation: m.negotiated})
	default: // pranswer
		m.inflight = op{}
	}
	return m, nil
}

// opFailed ends the operation in flight with the stack's error. The stack
// did not change, so neither does the session; negotiationneeded does not
// re-fire for a failed negotiation (w3c/webrtc-pc#2477).
func (m Machine) opFailed(err error, b *builder) (Machine, error) {
	o := m.inflight
	switch o.kind {
	case opNone:
		return m, &Error{Input: "OpFailed", Err: ErrNoOperation, Cause: err}
	case opOffer:
		m.makingOffer = false
	case opRemote:
		if o.desc.Type == sdptype.Answer {
			m.settingRemoteAnswerPending = false
		}
	}
	m.inflight = op{}
	b.emit(&Rejected{Err: &Error{Input: "OpFailed", Err: ErrOperationFailed, Cause: err}})
	return m, nil
}

// close closes the connection: queued messages and waiting candidates are
// ignored, no event fires (webrtc-pc close()).
func (m Machine) close(b *builder) Machine {
	for _, o := range slices.Concat(m.queue, m.waiting) {
		switch o.kind {
		case opRemote:
			b.act(&IgnoreDescription{Description: o.desc, Reason: ReasonClosed})
		case opCandidate:
			b.act(&IgnoreCandidate{Candidate: o.cand, Reason: ReasonClosed})
		}
	}
	return Machine{role: m.role, opts: m.opts, session: m.session.Close(), requested: m.requested, negotiated: m.negotiated}
}

// signal turns signalingstatechange events into output and clears the
// negotiation-needed flag on every return to stable ("set the session
// description": clear, then update the flag).
func (m *Machine) signal(events []signaling.Event, b *builder) {
	for _, e := range events {
		b.emit(&SignalingChange{From: e.From, To: e.To})
		if e.To == signaling.Stable {
			m.negotiationNeeded = false
		}
	}
}

// release moves the waiting candidates back to the front of the chain, to
// be classified again against the new remote state.
func (m Machine) release() Machine {
	if len(m.waiting) > 0 {
		m.queue = slices.Concat(m.waiting, m.queue)
		m.waiting = nil
	}
	return m
}

// advance starts queued operations while none is in flight, then runs
// "update the negotiation-needed flag" once the chain is empty.
func (m Machine) advance(b *builder) Machine {
	for m.inflight.kind == opNone && len(m.queue) > 0 {
		o := m.queue[0]
		m.queue = m.queue[1:]
		if len(m.queue) == 0 {
			m.queue = nil
		}
		m = m.start(o, b)
	}
	if m.inflight.kind == opNone {
		m = m.updateNegotiationNeeded(b)
	}
	return m
}

// start begins the operation at the head of the chain, deciding against the
// state it finds now, not the state when the message arrived.
func (m Machine) start(o op, b *builder) Machine {
	if o.kind == opCandidate {
		return m.startCandidate(o, b)
	}
	d := o.desc
	rollback, err := m.checkRemote(d)
	if err != nil {
		if d.Type == sdptype.Answer {
			m.settingRemoteAnswerPending = false
		}
		b.emit(&Rejected{Err: err})
		return m
	}
	if rollback {
		o.step = stepRollback
		b.act(&SetLocal{Type: sdptype.Rollback})
	} else {
		o.step = stepRemote
		b.act(&SetRemote{Description: d})
	}
	m.inflight = o
	return m
}

// checkRemote tells whether applying the remote description d now needs an
// explicit rollback first, and checks that the stack will accept it.
func (m Machine) checkRemote(d sdptype.Description) (rollback bool, err error) {
	s := m.session
	rollback = d.Type == sdptype.Offer && s.State() == signaling.HaveLocalOffer && !m.opts.ImplicitRollback
	if rollback {
		s, _, err = s.SetLocal(sdptype.Description{Type: sdptype.Rollback})
	}
	if err == nil {
		_, _, err = s.SetRemote(d)
	}
	if err != nil {
		return false, &Error{Input: "ReceivedDescription(" + d.Type.String() + ")", Cause: err}
	}
	return rollback, nil
}

// startCandidate adds a remote candidate, or ignores, parks or rejects it.
func (m Machine) startCandidate(o op, b *builder) Machine {
	c := o.cand
	u := c.Ufrag()
	if u != "" && slices.Contains(m.ignoredUfrags, u) {
		b.act(&IgnoreCandidate{Candidate: c, Reason: ReasonIgnoredOffer})
		return m
	}
	target, err := m.session.CheckCandidate(c)
	switch {
	case err == nil && target.Stopped:
		b.act(&IgnoreCandidate{Candidate: c, Reason: ReasonStopped})
	case err == nil:
		m.inflight = o
		b.act(&AddCandidate{Candidate: c})
	case errors.Is(err, sdptype.ErrTypeError):
		b.emit(&Rejected{Err: &Error{Input: "ReceivedCandidate", Cause: err}})
	case o.whileIgnoring:
		b.act(&IgnoreCandidate{Candidate: c, Reason: ReasonWhileIgnoring})
	case errors.Is(err, signaling.ErrInvalidState), u != "" && !slices.Contains(m.seenUfrags, u):
		// No remote description yet, or not the one this candidate
		// belongs to: wait for it (browsers would reject it).
		m.waiting = append(slices.Clip(m.waiting), o)
	case u != "":
		b.act(&IgnoreCandidate{Candidate: c, Reason: ReasonStale})
	default:
		b.emit(&Rejected{Err: &Error{Input: "ReceivedCandidate", Cause: err}})
	}
	return m
}

// updateNegotiationNeeded is webrtc-pc "update the negotiation-needed flag"
// for an empty chain, followed by the pattern's onnegotiationneeded handler
// (makingOffer = true; setLocalDescription()).
func (m Machine) updateNegotiationNeeded(b *builder) Machine {
	if m.session.State() != signaling.Stable {
		return m // updated again on the return to stable; never when closed
	}
	if !m.needed() {
		m.negotiationNeeded = false
		return m
	}
	if m.negotiationNeeded {
		return m // fires once per false-to-true change
	}
	m.negotiationNeeded = true
	b.emit(&NegotiationNeededEvent{})
	m.makingOffer = true
	m.inflight = op{kind: opOffer, gen: m.requested}
	b.act(&SetLocal{Type: sdptype.Offer, ICERestart: m.restartPending()})
	return m
}

func ufragsOf(f *sdptype.Facts) []string {
	var u []string
	for _, m := range f.Media {
		if m.ICE.Ufrag != "" && !slices.Contains(u, m.ICE.Ufrag) {
			u = append(u, m.ICE.Ufrag)
		}
	}
	return u
}

// union returns a new slice with the elements of b not in a appended to a.
func union(a, b []string) []string {
	out := a
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(slices.Clip(out), s)
		}
	}
	return out
}

// inputName names an input for errors.
func inputName(in Input) string {
	switch in := in.(type) {
	case NegotiationNeeded:
		return "NegotiationNeeded"
	case RestartICE:
		return "RestartICE"
	case ReceivedDescription:
		return "ReceivedDescription(" + in.Description.Type.String() + ")"
	case ReceivedCandidate:
		return "ReceivedCandidate"
	case LocalCandidate:
		return "LocalCandidate"
	case LocalSet:
		return "LocalSet(" + in.Description.Type.String() + ")"
	case RemoteSet:
		return "RemoteSet"
	case CandidateAdded:
		return "CandidateAdded"
	case OpFailed:
		return "OpFailed"
	case Close:
		return "Close"
	case nil:
		return "nil input"
	}
	return "unknown input"
}
