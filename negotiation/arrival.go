package negotiation

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// received handles a description from the other peer, sent with id: the
// W3C example's collision check at arrival, then the description joins the
// chain. A description that would start at once is checked now, and refused
// with the machine unchanged; behind other operations it is checked at the
// head.
func (m *Machine) received(d sdptype.Description, id uint64, b *builder) error {
	name := func() string { return "ReceivedDescription(" + d.Type.String() + ")" }
	if d.Type != sdptype.Offer && d.Type != sdptype.Answer && d.Type != sdptype.Pranswer {
		return &Error{Input: name(), Err: sdptype.ErrTypeError, Reason: "a peer sends offers, answers and pranswers"}
	}
	p, err := m.parse(signaling.Remote, d)
	if err != nil {
		return &Error{Input: name(), Cause: err}
	}
	if m.answersOther(d.Type, id) {
		act(b, IgnoreDescription{Description: d, Reason: ReasonOtherOffer})
		return nil
	}
	h := m.history()
	if d == h.last {
		return &Error{Input: name(), Err: ErrDuplicate}
	}
	if d.Type != sdptype.Offer && !m.offerOutstanding {
		return &Error{Input: name(), Err: ErrStale, Cause: signaling.ErrInvalidState}
	}
	h.last, h.seen = d, union(h.seen, ufragsOf(p.Facts()))
	m.remote = &h

	// A deferred offer (NoRollback) counts as applied, although the stack is stable.
	readyForOffer := !m.makingOffer && (m.session.State() == signaling.Stable && m.deferred == nil || m.settingRemoteAnswerPending)
	offerCollision := d.Type == sdptype.Offer && !readyForOffer
	m.ignoreOffer = m.role == Impolite && offerCollision
	if offerCollision {
		b.emit(&Collision{Role: m.role, Accepted: !m.ignoreOffer})
	}
	if m.ignoreOffer {
		m.ignoreOfferNow(p, b)
		return nil
	}
	// The W3C example sets isSettingRemoteAnswerPending for every
	// description it does not ignore: true for an answer, false otherwise.
	m.settingRemoteAnswerPending = d.Type == sdptype.Answer
	o := op{running: running{kind: opRemote, desc: p, id: id}}
	if m.busy() {
		m.enqueue(o)
		return nil
	}
	return m.startRemote(o, b)
}

// answersOther reports whether an answer or pranswer sent with id names an
// offer other than our outstanding one. An id of 0 names none.
func (m *Machine) answersOther(t sdptype.Type, id uint64) bool {
	return t != sdptype.Offer && id != 0 && (!m.offerOutstanding || id != m.offers)
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
	m.releaseUnparked() // waiting candidates may belong to this offer
}
