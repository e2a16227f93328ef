package signalingtest

import (
	"fmt"
	"strconv"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// ReferenceStack is this module's reference as a Stack: a
// signaling.Session, which applies the rules, and an SDP maker. Its offers
// and answers are built with sdptest: an audio and an application
// m-section (mids 0 and 1) in a first offer, the offer's m-sections in an
// answer, the instance's name as ICE ufrag. It keeps [[LastCreatedOffer]]
// and [[LastCreatedAnswer]] for the InvalidModificationError of
// setLocalDescription, which the Session does not model. Its errors are
// the Session's, and ErrInvalidModification.
type ReferenceStack struct {
	name       string
	s          signaling.Session
	version    uint64 // o= version of the last description made
	lastOffer  string // [[LastCreatedOffer]]
	lastAnswer string // [[LastCreatedAnswer]]
	events     []signaling.State
}

// NewReferenceStack returns a new connection named name (its ICE ufrag,
// at least 4 characters), whose Session has options o.
func NewReferenceStack(name string, o signaling.Options) *ReferenceStack {
	return &ReferenceStack{name: name, s: signaling.New(o)}
}

// Reference returns a Factory of ReferenceStacks with options o, named
// ref1, ref2 and so on.
func Reference(o signaling.Options) Factory {
	n := 0
	return func() (Stack, error) {
		n++
		return NewReferenceStack("ref"+strconv.Itoa(n), o), nil
	}
}

// Session returns the connection's signaling.Session.
func (r *ReferenceStack) Session() signaling.Session { return r.s }

// SetLocal is setLocalDescription (RULES.md 3.1): a zero type is
// inferred, an SDP other than the last created one is an
// InvalidModificationError (checked before the state), an empty SDP makes
// an offer or answer (InvalidStateError where createOffer or createAnswer
// would refuse).
func (r *ReferenceStack) SetLocal(d sdptype.Description) (sdptype.Description, error) {
	st := r.s.State()
	if d.Type == 0 {
		d.Type = signaling.ImplicitType(st)
	}
	if st == signaling.Closed || d.Type == sdptype.Rollback || !d.Type.Valid() {
		return r.apply(d)
	}
	last, canCreate := &r.lastAnswer, st == signaling.HaveRemoteOffer || st == signaling.HaveLocalPranswer
	if d.Type == sdptype.Offer {
		last, canCreate = &r.lastOffer, st == signaling.Stable || st == signaling.HaveLocalOffer
	}
	switch {
	case d.SDP != "" && d.SDP != *last:
		return sdptype.Description{}, fmt.Errorf("signalingtest: setLocalDescription(%v) in %v: %w: not the SDP created last", d.Type, st, ErrInvalidModification)
	case d.SDP == "" && !canCreate:
		return sdptype.Description{}, fmt.Errorf("signalingtest: create an %v in %v: %w", d.Type, st, signaling.ErrInvalidState)
	case d.SDP == "":
		d.SDP = r.create(d.Type)
		*last = d.SDP
	}
	return r.apply(d)
}

// apply sets d on the Session and keeps its events.
func (r *ReferenceStack) apply(d sdptype.Description) (sdptype.Description, error) {
	s, events, err := r.s.SetLocal(d)
	if err != nil {
		return sdptype.Description{}, err
	}
	r.done(s, events, d.Type)
	if d.Type == sdptype.Rollback {
		d.SDP = "" // rollback ignores its SDP
	}
	return d, nil
}

// done keeps s and its events; an answer clears the last created offer
// and answer (webrtc-pc set-description, answer steps).
func (r *ReferenceStack) done(s signaling.Session, events []signaling.Event, t sdptype.Type) {
	r.s = s
	for _, e := range events {
		r.events = append(r.events, e.To)
	}
	if t == sdptype.Answer {
		r.lastOffer, r.lastAnswer = "", ""
	}
}

// create makes an offer (the current local m-sections, else mids 0 and
// 1) or an answer (the remote offer's m-sections).
func (r *ReferenceStack) create(t sdptype.Type) string {
	from := r.s.CurrentLocal()
	if t != sdptype.Offer {
		from = r.s.PendingRemote()
	}
	r.version++
	return sdptest.Build(sdptest.Spec{Sections: sectionsOf(from, sdptest.Mids(2)), Ufrag: r.name, Version: r.version})
}

// SetRemote is setRemoteDescription.
func (r *ReferenceStack) SetRemote(d sdptype.Description) error {
	s, events, err := r.s.SetRemote(d)
	if err != nil {
		return err
	}
	r.done(s, events, d.Type)
	return nil
}

// AddCandidate is addIceCandidate: the Session's checks.
func (r *ReferenceStack) AddCandidate(c sdptype.Candidate) error {
	_, err := r.s.CheckCandidate(c)
	return err
}

// State returns the signaling state.
func (r *ReferenceStack) State() signaling.State { return r.s.State() }

// Slots returns the four description slots.
func (r *ReferenceStack) Slots() Slots { return slotsOf(r.s) }

// Events returns the states of the signalingstatechange events since the
// last call.
func (r *ReferenceStack) Events() []signaling.State {
	e := r.events
	r.events = nil
	return e
}

// Close closes the Session: closed, without an event.
func (r *ReferenceStack) Close() error {
	r.s = r.s.Close()
	return nil
}

func slotsOf(s signaling.Session) Slots {
	return Slots{PendingLocal: s.PendingLocal(), CurrentLocal: s.CurrentLocal(), PendingRemote: s.PendingRemote(), CurrentRemote: s.CurrentRemote()}
}

// sectionsOf returns the m-sections of d (mid, kind, rejected), or def
// when d is null or has none.
func sectionsOf(d sdptype.Description, def []sdptest.Section) []sdptest.Section {
	f, err := sdptype.ParseFacts(d.SDP)
	if d.IsZero() || err != nil || len(f.Media) == 0 {
		return def
	}
	s := make([]sdptest.Section, len(f.Media))
	for i, m := range f.Media {
		s[i] = sdptest.Section{Mid: m.Mid, Kind: m.Kind, Rejected: m.Rejected}
	}
	return s
}
