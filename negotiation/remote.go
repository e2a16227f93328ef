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
	if d.Type == sdptype.Offer && m.role == Impolite && m.session.State() == signaling.HaveLocalOffer {
		// Accepted while an answer was being applied, which then failed: the
		// impolite peer never rolls back, so the offer is a collision after all.
		m.ignoreOfferNow(o.desc, b)
		return nil
	}
	rollback := d.Type == sdptype.Offer && m.session.State() == signaling.HaveLocalOffer && !m.opts.ImplicitRollback
	s := m.session
	var err error
	if rollback {
		s, _, err = s.SetLocal(sdptype.Description{Type: sdptype.Rollback})
	}
	if err == nil {
		_, _, err = s.SetRemoteParsed(o.desc)
	}
	if err != nil {
		return &Error{Input: "ReceivedDescription(" + d.Type.String() + ")", Cause: err}
	}
	if rollback {
		o.step = stepRollback
		act(b, SetLocal{Type: sdptype.Rollback})
	} else {
		o.step = stepRemote
		act(b, SetRemote{Description: d})
	}
	m.inflight = o.running
	return nil
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
	return nil
}

// remoteStepDone records the step of the remote description in flight that
// the stack just completed (local is what a SetLocal applied) and asks for
// the next one, or ends the operation.
func (m *Machine) remoteStepDone(local sdptype.Description, b *builder) {
	d := m.inflight.desc.Description()
	switch m.inflight.step {
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
		m.inflight = running{}
		act(b, SendDescription{Description: local})
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
