package negotiation

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// setLocalDone completes a SetLocal: our offer, or the rollback or answer
// of a remote description. The local candidates held meanwhile follow the
// completion's own actions.
func (m *Machine) setLocalDone(d sdptype.Description, b *builder) error {
	name := func() string { return "SetLocalDone(" + d.Type.String() + ")" }
	want := m.localWanted()
	if want == 0 {
		return &Error{Input: name(), Err: ErrNoOperation}
	}
	if d.Type != want {
		return &Error{Input: name(), Err: ErrNoOperation, Reason: "expected SetLocalDone(" + want.String() + ")"}
	}
	deferred := m.inflight.step == stepOffer
	if deferred && d != m.deferred.Description() {
		return &Error{Input: name(), Err: ErrNoOperation, Reason: "not the deferred offer that was sent, byte for byte"}
	}
	var s signaling.Session
	var events []signaling.Event
	var err error
	switch {
	case deferred:
		s, events, err = m.session.SetLocalParsed(*m.deferred) // parsed when it was created
	case d.Type == sdptype.Rollback:
		s, events, err = m.session.SetLocal(d)
	default:
		var p sdptype.Parsed
		if p, err = m.parse(signaling.Local, d); err == nil {
			s, events, err = m.session.SetLocalParsed(p)
		} else {
			s, events, err = m.session.SetLocal(d) // its error, in the W3C order
		}
	}
	if err != nil {
		return &Error{Input: name(), Cause: err}
	}
	m.session = s
	m.signal(events, b)
	if m.inflight.kind == opOffer {
		m.makingOffer = false
		m.offerOutstanding, m.offerGen = true, m.inflight.gen
		m.inflight = running{}
		m.offers++
		act(b, SendDescription{Description: d, OfferID: m.offers})
	} else {
		m.remoteStepDone(d, b)
	}
	m.flushLocal(b)
	return nil
}

// createOfferDone completes a CreateOffer (NoRollback): the machine holds
// the offer and sends it. It must be one the stack could apply now.
func (m *Machine) createOfferDone(d sdptype.Description, b *builder) error {
	const name = "CreateOfferDone"
	if m.inflight.kind != opOffer || !m.defers() {
		return &Error{Input: name, Err: ErrNoOperation}
	}
	if d.Type != sdptype.Offer {
		return &Error{Input: name, Err: sdptype.ErrTypeError, Reason: "an offer, not " + d.Type.String()}
	}
	p, err := m.parse(signaling.Local, d)
	if err == nil {
		_, _, err = m.session.SetLocalParsed(p)
	}
	if err != nil {
		return &Error{Input: name, Cause: err}
	}
	m.makingOffer = false
	m.deferred = &p
	m.offerOutstanding, m.offerGen = true, m.inflight.gen
	m.inflight = running{}
	m.offers++
	act(b, SendDescription{Description: d, OfferID: m.offers})
	m.flushLocal(b) // gathered while it was being created: after it
	return nil
}

// localWanted is the type of the SetLocal in flight, 0 if none.
func (m *Machine) localWanted() sdptype.Type {
	switch o := m.inflight; {
	case o.kind == opOffer && !m.defers(), o.kind == opRemote && o.step == stepOffer:
		return sdptype.Offer
	case o.kind == opRemote && o.step == stepRollback:
		return sdptype.Rollback
	case o.kind == opRemote && o.step == stepAnswer:
		return sdptype.Answer
	}
	return 0
}

// opFailed ends the operation in flight with the stack's error. The stack
// did not change, so neither does the session, unless it kept the
// implicit rollback of a failed remote offer (rolledBack); negotiationneeded
// does not re-fire for a failed negotiation (w3c/webrtc-pc#2477).
func (m *Machine) opFailed(err error, rolledBack bool, b *builder) error {
	o := m.inflight
	if rolledBack {
		if o.kind != opRemote || o.step != stepRemote || o.desc.Description().Type != sdptype.Offer ||
			m.session.State() != signaling.HaveLocalOffer {
			return &Error{Input: "OpFailed", Err: signaling.ErrInvalidState, Reason: "RolledBack, but no offer met ours in flight", Cause: err}
		}
		// Only ImplicitRollback gets here: the other modes roll back first.
		s, events, rerr := m.session.SetLocal(sdptype.Description{Type: sdptype.Rollback})
		if rerr != nil { // cannot happen in have-local-offer
			return &Error{Input: "OpFailed", Cause: rerr}
		}
		m.session, m.offerOutstanding = s, false
		m.signal(events, b) // our change is offered again once the chain is empty
	}
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
		if o.step == stepOffer {
			// The stack refused to apply its own deferred offer, which the
			// other peer has applied and answered: drop it and offer again
			// (negotiationneeded fires anew), once per such failure.
			m.deferred, m.offerOutstanding = nil, false
			m.negotiationNeeded = false
		}
	}
	m.inflight = running{}
	b.emit(&Rejected{Err: &Error{Input: "OpFailed", Err: ErrOperationFailed, Cause: err}})
	m.flushLocal(b) // candidates held during a failed SetLocal
	return nil
}

// holdLocal keeps a candidate the local ICE agent gathered during a
// SetLocal, to be sent after the description it was gathered for, never
// before, or while our offer is out, until its answer says (flushLocal).
func (m *Machine) holdLocal(c sdptype.Candidate) {
	m.setOps(m.queue(), m.waiting(), append(slices.Clip(m.localHeld()), c))
}

// sendLocal sends a local candidate, unless it belongs to no local
// description any more (gathered for an offer since rolled back).
//
// A candidate of our deferred offer (NoRollback) is sent too: a stack may
// gather for an offer when it creates it (pion does for an ICE restart),
// and gather nothing more when it applies it.
//
// A candidate of the local description, of an m-section that the answer
// to our offer bundled into another's transport
// (signaling.Session.LocalBundled), is not sent: that transport is unused,
// and the other peer has no use for it. One of our deferred offer alone
// (an ICE restart's ufrag) is sent: only its answer will say.
func (m *Machine) sendLocal(c sdptype.Candidate, b *builder) {
	local := m.session.MatchesLocal(c)
	switch {
	case !local && (m.deferred == nil || !m.matchesDeferred(c)):
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonNotLocal})
	case local && m.session.LocalBundled(c) == signaling.Away:
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonBundled})
	default:
		act(b, SendCandidate{Candidate: c})
	}
}

// awaitsAnswer reports whether local candidate c waits for the answer to
// our offer: the offer bundles c's m-section into another's transport, and
// only the answer says whether it stays so (c is dropped) or not (c is
// sent). A browser answer always bundles, so sending c at once would cost
// the other peer a message of no use, and delay the answer behind it on
// an ordered channel. The state is checked first, so that a Step of a
// candidate in any other state stays cheap (this much inlines).
func (m *Machine) awaitsAnswer(c sdptype.Candidate) bool {
	return m.session.State() == signaling.HaveLocalOffer && m.session.LocalBundled(c) == signaling.Undecided
}

// matchesDeferred reports whether c belongs to our deferred offer.
func (m *Machine) matchesDeferred(c sdptype.Candidate) bool {
	s, _, err := m.session.SetLocalParsed(*m.deferred)
	return err == nil && s.MatchesLocal(c)
}

// holding reports whether local candidates are held: a SetLocal or a
// CreateOffer is in flight.
func (m *Machine) holding() bool {
	return m.localWanted() != 0 || m.inflight.kind == opOffer
}

// flushLocal sends (or drops) the local candidates held during a SetLocal,
// once no SetLocal is in flight, but those that wait for an answer.
func (m *Machine) flushLocal(b *builder) {
	held := m.localHeld()
	if len(held) == 0 || m.holding() {
		return
	}
	var keep []sdptype.Candidate
	for _, c := range held {
		if m.awaitsAnswer(c) {
			keep = append(keep, c)
		} else {
			m.sendLocal(c, b)
		}
	}
	m.setOps(m.queue(), m.waiting(), keep)
}
