package negotiation

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// A remote description runs as up to three operations of the chain, each
// asked for when the one before completes (remoteStepDone):
//
//	stepRollback  SetLocal(rollback)    an offer meeting ours, explicit rollback only
//	stepOffer     SetLocal(offer)       an answer to our deferred offer: that offer first
//	stepRemote    SetRemote(d)
//	stepAnswer    SetLocal(answer)      offers only; then SendDescription(answer)
//
// startRemote is its one start path, at arrival or at the head of the chain.

// startRemote checks the remote description o against the state it finds
// now and asks for its first operation. The impolite peer that finds its
// own offer applied ignores a remote offer instead. An error means the
// stack would refuse it: nothing was asked for.
func (m *Machine) startRemote(o op, b *builder) error {
	d := o.desc.Description()
	if m.answersOther(d.Type, o.id) {
		// Our offer it answers was given up while it waited in the chain.
		m.settingRemoteAnswerPending = false
		act(b, IgnoreDescription{Description: d, Reason: ReasonOtherOffer})
		return nil
	}
	if d.Type == sdptype.Offer && m.role == Impolite && m.session.State() == signaling.HaveLocalOffer {
		// Accepted while an answer was being applied, which then failed: the
		// impolite peer never rolls back, so the offer is a collision after all.
		m.ignoreOfferNow(o.desc, b)
		return nil
	}
	// An offer meeting ours applied needs a rollback first, unless the stack
	// rolls back itself (NoRollback only gets here if its stack failed to
	// apply the answer to an applied deferred offer: it is asked anyway).
	rollback := d.Type == sdptype.Offer && m.session.State() == signaling.HaveLocalOffer && m.opts.Rollback != ImplicitRollback
	// The answer to our deferred offer needs that offer applied first.
	applyOffer := d.Type != sdptype.Offer && m.deferred != nil
	s := m.session
	var err error
	switch {
	case rollback:
		s, _, err = s.SetLocal(sdptype.Description{Type: sdptype.Rollback})
	case applyOffer:
		s, _, err = s.SetLocalParsed(*m.deferred)
	}
	if err == nil {
		_, _, err = s.SetRemoteParsed(o.desc)
	}
	if err != nil {
		return &Error{Input: "ReceivedDescription(" + d.Type.String() + ")", Cause: err}
	}
	if d.Type == sdptype.Offer {
		if m.deferred != nil {
			m.dropDeferred(b)
		}
		m.checkMids(o.desc.Facts(), b)
	}
	switch {
	case rollback:
		o.step = stepRollback
		act(b, SetLocal{Type: sdptype.Rollback})
	case applyOffer:
		o.step = stepOffer
		act(b, SetLocal{Type: sdptype.Offer, Description: m.deferred.Description()})
	default:
		o.step = stepRemote
		act(b, SetRemote{Description: d})
	}
	m.inflight = o.running
	return nil
}

// dropDeferred drops our deferred offer for a colliding remote one; the
// m-sections it introduced are remembered for checkMids.
func (m *Machine) dropDeferred(b *builder) {
	h := m.history()
	h.dropped = slices.DeleteFunc(slices.Clone(h.dropped), m.negotiatedMid)
	for _, s := range m.deferred.Facts().Media {
		known := func(d sdptype.Media) bool { return d.Mid == s.Mid }
		// Data sections are left out: stacks name them anew in every
		// offer (pion: by position), they keep no transceiver's mid.
		if s.Mid != "" && s.Kind != "application" && !m.negotiatedMid(s) && !slices.ContainsFunc(h.dropped, known) {
			h.dropped = append(h.dropped, s)
		}
	}
	m.remote = &h
	b.emit(&OfferDropped{Description: m.deferred.Description()})
	m.deferred, m.offerOutstanding = nil, false
	// As a rollback's return to stable would: the change is offered again
	// once the chain is empty, even if the remote offer then fails.
	m.negotiationNeeded, m.failedAt = false, 0
}

// negotiatedMid reports whether the mid of s is in our current local
// description: negotiated, no longer provisional.
func (m *Machine) negotiatedMid(s sdptype.Media) bool {
	f := m.session.CurrentLocalFacts()
	if f == nil {
		return false
	}
	_, _, ok := f.Section(s.Mid)
	return ok
}

// checkMids reports, for a remote offer, every m-section that takes, with
// another media kind, a mid a dropped offer of ours introduced and that is
// not negotiated since.
func (m *Machine) checkMids(f *sdptype.Facts, b *builder) {
	if m.remote == nil {
		return
	}
	for _, d := range m.remote.dropped {
		if s, _, ok := f.Section(d.Mid); ok && s.Kind != d.Kind && !m.negotiatedMid(d) {
			b.emit(&MidCollision{Mid: d.Mid, Local: d.Kind, Remote: s.Kind})
		}
	}
}

// setRemoteDone completes a SetRemote.
func (m *Machine) setRemoteDone(b *builder) error {
	if m.inflight.kind != opRemote || m.inflight.step != stepRemote {
		return &Error{Input: "SetRemoteDone", Err: ErrNoOperation}
	}
	s, events, err := m.session.SetRemoteParsed(m.inflight.desc)
	if err != nil {
		return &Error{Input: "SetRemoteDone", Cause: err}
	}
	m.session = s
	m.signal(events, b)
	m.remoteStepDone(sdptype.Description{}, b)
	m.flushLocal(b) // those that waited for an answer
	return nil
}

// remoteStepDone records the step of the remote description in flight that
// the stack just completed (local is what a SetLocal applied) and asks for
// the next one, or ends the operation.
func (m *Machine) remoteStepDone(local sdptype.Description, b *builder) {
	d := m.inflight.desc.Description()
	switch m.inflight.step {
	case stepOffer:
		m.deferred = nil // applied: a plain local offer now
		m.inflight.step = stepRemote
		act(b, SetRemote{Description: d})
	case stepRollback:
		m.offerOutstanding = false
		m.inflight.step = stepRemote
		act(b, SetRemote{Description: d})
	case stepRemote:
		m.forgetIgnoredUfrags()
		m.release()
		switch d.Type {
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
	case stepAnswer:
		id := m.inflight.id
		m.inflight = running{}
		act(b, SendDescription{Description: local, OfferID: id})
		b.emit(&Negotiated{Offerer: signaling.Remote, Generation: m.negotiated})
	}
}

// forgetIgnoredUfrags drops from the ignored ufrags those the applied
// remote description now carries: their candidates are no longer ignored.
func (m *Machine) forgetIgnoredUfrags() {
	if h := m.history(); slices.ContainsFunc(h.ignored, m.session.HasRemoteUfrag) {
		h.ignored = slices.DeleteFunc(slices.Clone(h.ignored), m.session.HasRemoteUfrag)
		m.remote = &h
	}
}
