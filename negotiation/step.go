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
	// m is this Step's own copy: it is changed in place, while the slices it
	// shares with the caller's machine are only ever replaced, never written.
	var b builder
	if err := m.apply(in, &b); err != nil {
		return m, Output{Events: []Event{&Rejected{Err: err}}} // apply changed nothing
	}
	m.advance(&b)
	return m, b.out
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

// apply handles one input. When it refuses the input it returns an error
// before changing anything or emitting anything (checked by the Step
// properties in package fuzz).
func (m *Machine) apply(in Input, b *builder) error {
	if m.role != Polite && m.role != Impolite {
		return &Error{Input: inputName(in), Err: ErrRole, Reason: "make machines with New"}
	}
	if m.session.State() == signaling.Closed {
		if _, ok := in.(Close); ok {
			return nil // closing twice does nothing
		}
		return &Error{Input: inputName(in), Err: signaling.ErrInvalidState, Cause: signaling.ErrClosed}
	}
	switch in := in.(type) {
	case NegotiationNeeded:
		m.requested++
	case RestartICE:
		m.session = m.session.RestartICE()
		if m.session.ICERestartPending() {
			m.requested++ // a request like any change, so that it can retry a failed offer
		}
	case LocalCandidate:
		if m.settingLocal() {
			// Sent after the description it was gathered for, never before.
			m.setOps(m.queue(), m.waiting(), append(slices.Clip(m.localHeld()), in.Candidate))
			break
		}
		m.sendLocal(in.Candidate, b)
	case ReceivedCandidate:
		m.push(op{running: running{kind: opCandidate}, cand: in.Candidate, whileIgnoring: m.ignoreOffer,
			ofNewUfrag: m.ignoreOffer && m.remote != nil && m.remote.newUfrag}, b)
	case ReceivedDescription:
		return m.received(in.Description, b)
	case LocalSet:
		return m.localSet(in.Description, b)
	case RemoteSet:
		return m.remoteSet(b)
	case CandidateAdded:
		if m.inflight.kind != opCandidate {
			return &Error{Input: "CandidateAdded", Err: ErrNoOperation}
		}
		m.inflight = running{}
	case OpFailed:
		return m.opFailed(in.Err, b)
	case Close:
		m.close(b)
	default:
		return &Error{Input: inputName(in), Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
	}
	return nil
}

// push starts o at once when nothing is in flight or queued, else queues it.
func (m *Machine) push(o op, b *builder) {
	if m.busy() {
		m.setChain(append(slices.Clip(m.queue()), o), m.waiting())
		return
	}
	m.start(o, b)
}

// settingLocal reports whether a SetLocal is in flight.
func (m *Machine) settingLocal() bool {
	return m.inflight.kind == opOffer || m.inflight.kind == opRemote && m.inflight.step != stepRemote
}

// sendLocal sends a local candidate, unless it belongs to no local
// description any more (gathered for an offer since rolled back).
func (m *Machine) sendLocal(c sdptype.Candidate, b *builder) {
	if m.session.MatchesLocal(c) {
		act(b, SendCandidate{Candidate: c})
		return
	}
	act(b, IgnoreCandidate{Candidate: c, Reason: ReasonNotLocal})
}

// received handles a description from the other peer: the W3C example's
// collision check at arrival, then the description joins the chain.
func (m *Machine) received(d sdptype.Description, b *builder) error {
	name := "ReceivedDescription(" + d.Type.String() + ")"
	if d.Type != sdptype.Offer && d.Type != sdptype.Answer && d.Type != sdptype.Pranswer {
		return &Error{Input: name, Err: sdptype.ErrTypeError, Reason: "a peer sends offers, answers and pranswers"}
	}
	p, err := sdptype.Parse(d)
	if err != nil {
		return &Error{Input: name, Cause: err}
	}
	h := m.history()
	if d == h.last {
		return &Error{Input: name, Err: ErrDuplicate}
	}
	if d.Type != sdptype.Offer && !m.offerOutstanding {
		return &Error{Input: name, Err: ErrStale, Cause: signaling.ErrInvalidState}
	}
	readyForOffer := !m.makingOffer && (m.session.State() == signaling.Stable || m.settingRemoteAnswerPending)
	offerCollision := d.Type == sdptype.Offer && !readyForOffer
	ignore := m.role == Impolite && offerCollision
	startNow := !ignore && !m.busy()
	var rollback bool
	if startNow {
		// It starts now: refuse it now, with the machine unchanged. (Behind
		// other operations it is checked when it reaches the head.)
		var err error
		if rollback, err = m.checkRemote(p); err != nil {
			return err
		}
	}
	h.last, h.seen = d, union(h.seen, ufragsOf(p.Facts()))
	m.remote = &h

	m.ignoreOffer = ignore
	if offerCollision {
		b.emit(&Collision{Role: m.role, Accepted: !ignore})
	}
	if !ignore {
		// The W3C example sets isSettingRemoteAnswerPending for every
		// description it does not ignore: true for an answer, false otherwise.
		m.settingRemoteAnswerPending = d.Type == sdptype.Answer
		o := op{running: running{kind: opRemote, desc: p}}
		if startNow {
			m.beginRemote(o, rollback, b) // already checked above
		} else {
			m.push(o, b)
		}
		return nil
	}
	m.ignoreOfferNow(p, b)
	return nil
}

// ignoreOfferNow drops the offer p as the impolite peer does on collision,
// remembering the ufrags only it carried so that its candidates are ignored.
func (m *Machine) ignoreOfferNow(p sdptype.Parsed, b *builder) {
	h := m.history()
	h.newUfrag = false
	for _, u := range ufragsOf(p.Facts()) {
		if !m.session.HasRemoteUfrag(u) {
			h.ignored, h.newUfrag = union(h.ignored, []string{u}), true
		}
	}
	m.remote = &h
	act(b, IgnoreDescription{Description: p.Description(), Reason: ReasonCollision})
	m.release() // waiting candidates may belong to this offer
}

// localSet completes a SetLocal.
func (m *Machine) localSet(d sdptype.Description, b *builder) error {
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
		return &Error{Input: name, Err: ErrNoOperation}
	}
	if d.Type != want {
		return &Error{Input: name, Err: ErrNoOperation, Reason: "expected LocalSet(" + want.String() + ")"}
	}
	s, events, err := m.session.SetLocal(d)
	if err != nil {
		return &Error{Input: name, Cause: err}
	}
	m.session = s
	m.signal(events, b)
	defer m.flushLocal(b) // after the description itself is sent
	switch want {
	case sdptype.Offer:
		m.makingOffer = false
		m.offerOutstanding, m.offerGen = true, o.gen
		m.inflight = running{}
		act(b, SendDescription{Description: d})
	case sdptype.Rollback:
		m.offerOutstanding = false
		m.inflight.step = stepRemote
		act(b, SetRemote{Description: o.desc.Description()})
	case sdptype.Answer:
		m.inflight = running{}
		act(b, SendDescription{Description: d})
		b.emit(&Negotiated{Offerer: signaling.Remote, Generation: m.negotiated})
	}
	return nil
}

// flushLocal sends (or drops) the local candidates held during a SetLocal.
func (m *Machine) flushLocal(b *builder) {
	held := m.localHeld()
	if len(held) == 0 || m.settingLocal() {
		return
	}
	m.setOps(m.queue(), m.waiting(), nil)
	for _, c := range held {
		m.sendLocal(c, b)
	}
}

// remoteSet completes a SetRemote.
func (m *Machine) remoteSet(b *builder) error {
	o := m.inflight
	if o.kind != opRemote || o.step != stepRemote {
		return &Error{Input: "RemoteSet", Err: ErrNoOperation}
	}
	s, events, err := m.session.SetRemoteParsed(o.desc)
	if err != nil {
		return &Error{Input: "RemoteSet", Cause: err}
	}
	m.session = s
	m.signal(events, b)
	if h := m.history(); slices.ContainsFunc(h.ignored, m.session.HasRemoteUfrag) {
		h.ignored = slices.DeleteFunc(slices.Clone(h.ignored), m.session.HasRemoteUfrag)
		m.remote = &h
	}
	m.release()
	switch o.desc.Description().Type {
	case sdptype.Offer:
		m.offerOutstanding = false // rolled back, implicitly or not
		m.inflight.step = stepAnswer
		act(b, SetLocal{Type: sdptype.Answer})
	case sdptype.Answer:
		m.settingRemoteAnswerPending = false
		m.offerOutstanding = false
		m.negotiated = max(m.negotiated, m.offerGen)
		m.inflight = running{}
		b.emit(&Negotiated{Offerer: signaling.Local, Generation: m.negotiated})
	default: // pranswer
		m.inflight = running{}
	}
	return nil
}

// opFailed ends the operation in flight with the stack's error. The stack
// did not change, so neither does the session; negotiationneeded does not
// re-fire for a failed negotiation (w3c/webrtc-pc#2477).
func (m *Machine) opFailed(err error, b *builder) error {
	o := m.inflight
	switch o.kind {
	case opNone:
		return &Error{Input: "OpFailed", Err: ErrNoOperation, Cause: err}
	case opOffer:
		m.makingOffer = false
		m.failedAt = m.requested
	case opRemote:
		if o.desc.Description().Type == sdptype.Answer {
			m.settingRemoteAnswerPending = false
		}
	}
	m.inflight = running{}
	b.emit(&Rejected{Err: &Error{Input: "OpFailed", Err: ErrOperationFailed, Cause: err}})
	m.flushLocal(b) // candidates held during a failed SetLocal
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

// signal turns signalingstatechange events into output and clears the
// negotiation-needed flag on every return to stable ("set the session
// description": clear, then update the flag).
func (m *Machine) signal(events []signaling.Event, b *builder) {
	for _, e := range events {
		b.emit(&SignalingChange{From: e.From, To: e.To})
		if e.To == signaling.Stable {
			m.negotiationNeeded, m.failedAt = false, 0
		}
	}
}

// release moves the waiting candidates back to the front of the chain, to
// be classified again against the new remote state.
func (m *Machine) release() {
	if w := m.waiting(); len(w) > 0 {
		m.setChain(slices.Concat(w, m.queue()), nil)
	}
}

// advance starts queued operations while none is in flight, then runs
// "update the negotiation-needed flag" once the chain is empty.
func (m *Machine) advance(b *builder) {
	for m.inflight.kind == opNone && len(m.queue()) > 0 {
		q := m.queue()
		m.setChain(q[1:], m.waiting())
		m.start(q[0], b)
	}
	if m.inflight.kind == opNone {
		m.updateNegotiationNeeded(b)
	}
}

// start begins the operation at the head of the chain, deciding against the
// state it finds now, not the state when the message arrived.
func (m *Machine) start(o op, b *builder) {
	if o.kind == opCandidate {
		m.startCandidate(o, b)
		return
	}
	d := o.desc.Description()
	if d.Type == sdptype.Offer && m.role == Impolite && m.session.State() == signaling.HaveLocalOffer {
		// Accepted while an answer was being applied, which then failed: the
		// impolite peer never rolls back, so the offer is a collision after all.
		m.ignoreOfferNow(o.desc, b)
		return
	}
	rollback, err := m.checkRemote(o.desc)
	if err != nil {
		if d.Type == sdptype.Answer {
			m.settingRemoteAnswerPending = false
		}
		b.emit(&Rejected{Err: err})
		return
	}
	m.beginRemote(o, rollback, b)
}

// beginRemote asks for the first operation of a checked remote description.
func (m *Machine) beginRemote(o op, rollback bool, b *builder) {
	if rollback {
		o.step = stepRollback
		act(b, SetLocal{Type: sdptype.Rollback})
	} else {
		o.step = stepRemote
		act(b, SetRemote{Description: o.desc.Description()})
	}
	m.inflight = o.running
}

// checkRemote tells whether applying the remote description p now needs an
// explicit rollback first, and checks that the stack will accept it.
func (m Machine) checkRemote(p sdptype.Parsed) (rollback bool, err error) {
	d := p.Description()
	s := m.session
	rollback = d.Type == sdptype.Offer && s.State() == signaling.HaveLocalOffer && !m.opts.ImplicitRollback
	if rollback {
		s, _, err = s.SetLocal(sdptype.Description{Type: sdptype.Rollback})
	}
	if err == nil {
		_, _, err = s.SetRemoteParsed(p)
	}
	if err != nil {
		return false, &Error{Input: "ReceivedDescription(" + d.Type.String() + ")", Cause: err}
	}
	return rollback, nil
}

// startCandidate adds a remote candidate, or ignores, parks or rejects it.
func (m *Machine) startCandidate(o op, b *builder) {
	c := o.cand
	u := c.Ufrag()
	h := m.remote // read only; nil before any description
	if u != "" && h != nil && slices.Contains(h.ignored, u) || u == "" && o.ofNewUfrag {
		// Its ufrag is one only an ignored offer carried; or it has none and
		// arrived while ignoring an offer with new ICE credentials, which
		// the current ones must not take.
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonIgnoredOffer})
		return
	}
	target, err := m.session.CheckCandidate(c)
	switch {
	case err == nil && target.Stopped:
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonStopped})
	case err == nil:
		m.inflight = o.running
		act(b, AddCandidate{Candidate: c})
	case errors.Is(err, sdptype.ErrTypeError):
		b.emit(&Rejected{Err: &Error{Input: "ReceivedCandidate", Cause: err}})
	case o.whileIgnoring:
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonWhileIgnoring})
	case errors.Is(err, signaling.ErrInvalidState), u != "" && (h == nil || !slices.Contains(h.seen, u)):
		// No remote description yet, or not the one this candidate
		// belongs to: wait for it (browsers would reject it).
		m.setChain(m.queue(), append(slices.Clip(m.waiting()), o))
	case u != "":
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonStale})
	default:
		b.emit(&Rejected{Err: &Error{Input: "ReceivedCandidate", Cause: err}})
	}
}

// updateNegotiationNeeded is webrtc-pc "update the negotiation-needed flag"
// for an empty chain, followed by the pattern's onnegotiationneeded handler
// (makingOffer = true; setLocalDescription()).
func (m *Machine) updateNegotiationNeeded(b *builder) {
	if m.session.State() != signaling.Stable {
		return // updated again on the return to stable; never when closed
	}
	if !m.needed() {
		m.negotiationNeeded = false
		return
	}
	if m.negotiationNeeded && m.failedAt != 0 && m.requested > m.failedAt {
		// The flag is stuck up by a failed offer (nothing retries by itself,
		// w3c/webrtc-pc#2477), and a request came after the failure: retry.
		m.negotiationNeeded, m.failedAt = false, 0
	}
	if m.negotiationNeeded {
		return // fires once per false-to-true change
	}
	m.negotiationNeeded = true
	b.emit(&NegotiationNeededEvent{})
	m.makingOffer = true
	m.inflight = running{kind: opOffer, gen: m.requested}
	act(b, SetLocal{Type: sdptype.Offer, ICERestart: m.restartPending()})
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
