package signalingtest

import (
	"errors"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// run is one check: fresh instances of the stack, us the one checked, and
// ref, the reference Session that applies what us applied. Once the stack
// fails on the way to the check (dead), ref goes on alone with stand-ins:
// descriptions the suite builds, so that the expected outcome is always
// the rules' own.
type run struct {
	factory  Factory
	classify func(error) ErrorName
	made     []*instance
	us       *instance // nil once dead
	peer     *instance // the instance that answers our offers and makes re-offers
	ref      signaling.Session
	dead     string // the step the stack failed, "" while it did not
	version  uint64 // o= version of the stand-ins
	answered string // the offer of ours that answer answers
	answer   string // the SDP of the peer's answer to it

	exp, got outcome // of the checked operation
	skipped  string  // why the check cannot run on these instances
}

// instance is one connection the run made.
type instance struct {
	Stack
	closed bool
}

// newInstance returns a new instance, or nil when the run is dead or the
// factory fails (which kills it).
func (r *run) newInstance() *instance {
	if r.dead != "" {
		return nil
	}
	s, err := r.factory()
	if err == nil && s == nil {
		err = errNilStack
	}
	if err != nil {
		r.fail("new instance", err)
		return nil
	}
	in := &instance{Stack: s}
	r.made = append(r.made, in)
	return in
}

var errNilStack = errors.New("the factory returned no Stack")

// fail kills the run: step failed with err.
func (r *run) fail(step string, err error) {
	if r.dead == "" {
		r.dead = step + ": " + string(r.classify(err))
		r.us = nil
	}
}

// closeAll closes every instance the run made and did not close.
func (r *run) closeAll() {
	for _, in := range r.made {
		if !in.closed {
			in.closed = true
			in.Close()
		}
	}
}

func (r *run) alive() bool { return r.dead == "" }

// reach brings a new us (and ref) to st by the W3C API: stable is a new
// connection, have-local-offer SLD(offer), have-remote-offer SRD(peer's
// offer), have-local-pranswer SRD(offer) then SLD(pranswer),
// have-remote-pranswer SLD(offer) then SRD(peer's pranswer), closed
// close().
func (r *run) reach(st signaling.State) {
	r.us = r.newInstance()
	r.settle("new connection")
	switch st {
	case signaling.HaveLocalOffer:
		r.stepLocal(sdptype.Offer)
	case signaling.HaveRemoteOffer:
		r.stepRemote(r.remoteOffer())
	case signaling.HaveLocalPranswer:
		r.stepRemote(r.remoteOffer())
		r.stepLocal(sdptype.Pranswer)
	case signaling.HaveRemotePranswer:
		r.stepLocal(sdptype.Offer)
		r.stepRemote(r.remoteAnswer(sdptype.Pranswer))
	case signaling.Closed:
		r.stepClose()
	}
}

// stepClose is close() on the way to a check.
func (r *run) stepClose() {
	if r.alive() {
		r.us.closed = true
		if err := r.us.Close(); err != nil {
			r.fail("close", err)
		}
	}
	r.ref = r.ref.Close()
	r.settle("close")
}

// negotiate brings a new us to stable through one offer of ours and the
// peer's answer.
func (r *run) negotiate() {
	r.reach(signaling.HaveLocalOffer)
	r.stepRemote(r.remoteAnswer(sdptype.Answer))
}

// settle ends a step: it forgets the events so far and kills the run if
// us is not in ref's state.
func (r *run) settle(step string) {
	if !r.alive() {
		return
	}
	r.us.Events()
	if st := r.us.State(); st != r.ref.State() {
		r.dead = step + ": " + st.String() + " instead of " + r.ref.State().String()
		r.us = nil
	}
}

// stepLocal is SLD({type: t}) on the way to a check.
func (r *run) stepLocal(t sdptype.Type) {
	step := "setLocalDescription(" + t.String() + ") in " + r.ref.State().String()
	o := r.setLocal(sdptype.Description{Type: t})
	if o.serr != nil {
		r.fail(step, o.serr)
	}
	if o.rerr != nil && r.alive() {
		r.refuse(step, o.applied, o.rerr)
		o = r.setLocal(r.standIn(signaling.Local, t))
	}
	if o.rerr != nil {
		panic("signalingtest: the rules refuse a stand-in at " + step + ": " + o.rerr.Error()) // a bug of the suite
	}
	r.settle(step)
}

// stepRemote is SRD(d) on the way to a check.
func (r *run) stepRemote(d sdptype.Description) {
	step := "setRemoteDescription(" + d.Type.String() + ") in " + r.ref.State().String()
	o := r.setRemote(d)
	if o.serr != nil {
		r.fail(step, o.serr)
	}
	if o.rerr != nil && r.alive() {
		r.refuse(step, d, o.rerr)
		o = r.setRemote(r.standIn(signaling.Remote, d.Type))
	}
	if o.rerr != nil {
		panic("signalingtest: the rules refuse a stand-in at " + step + ": " + o.rerr.Error()) // a bug of the suite
	}
	r.settle(step)
}

// refuse kills the run: the stack applied at step a description d that
// the rules refuse.
func (r *run) refuse(step string, d sdptype.Description, err error) {
	r.dead = step + ": the stack applied " + d.Type.String() + " " + d.String() + ", which the rules refuse: " + err.Error()
	r.us = nil
}

// op is an operation applied to us and ref: what us applied (SLD), us's
// error, and ref's events and error.
type op struct {
	applied    sdptype.Description
	serr, rerr error
	events     []signaling.Event
}

// setLocal applies d to us, unless dead, and to ref: what us applied,
// with d's type (inferred if zero), d itself if us failed and d has an
// SDP, else a stand-in.
func (r *run) setLocal(d sdptype.Description) op {
	t := d.Type
	if t == 0 {
		t = signaling.ImplicitType(r.ref.State())
	}
	var o op
	if r.alive() {
		o.applied, o.serr = r.us.SetLocal(d)
	}
	forRef := sdptype.Description{Type: t, SDP: o.applied.SDP}
	switch {
	case t == sdptype.Rollback:
		forRef.SDP = d.SDP
	case o.serr == nil && r.alive() && o.applied.SDP != "":
	case d.SDP != "":
		forRef.SDP = d.SDP
	default:
		forRef = r.standIn(signaling.Local, t)
	}
	r.ref, o.events, o.rerr = r.ref.SetLocal(forRef)
	return o
}

// setRemote applies d to us, unless dead, and to ref.
func (r *run) setRemote(d sdptype.Description) op {
	var o op
	if r.alive() {
		o.serr = r.us.SetRemote(d)
	}
	r.ref, o.events, o.rerr = r.ref.SetRemote(d)
	return o
}

// peerLocal is SLD({type: t}) on a peer; false kills the run.
func (r *run) peerLocal(p *instance, t sdptype.Type) (sdptype.Description, bool) {
	if p == nil || !r.alive() {
		return sdptype.Description{}, false
	}
	st := p.State()
	d, err := p.SetLocal(sdptype.Description{Type: t})
	if err != nil {
		r.fail("peer: setLocalDescription("+t.String()+") in "+st.String(), err)
		return sdptype.Description{}, false
	}
	if d.Type != t || d.SDP == "" {
		r.dead = "peer: setLocalDescription(" + t.String() + ") in " + st.String() + " applied " + d.String()
		r.us = nil
		return sdptype.Description{}, false
	}
	return d, true
}

// peerRemote is SRD(d) on a peer; false kills the run.
func (r *run) peerRemote(p *instance, d sdptype.Description) bool {
	if p == nil || !r.alive() {
		return false
	}
	st := p.State()
	if err := p.SetRemote(d); err != nil {
		r.fail("peer: setRemoteDescription("+d.Type.String()+") in "+st.String(), err)
		return false
	}
	return true
}

// remoteOffer returns an offer from another instance: the peer's
// (a re-offer when it has offered already) when it can offer, else a new
// instance's; a stand-in once dead.
func (r *run) remoteOffer() sdptype.Description {
	if !r.alive() {
		return r.standIn(signaling.Remote, sdptype.Offer)
	}
	p := r.peer
	if p == nil || (p.State() != signaling.Stable && p.State() != signaling.HaveLocalOffer) {
		p = r.newInstance()
		if r.peer == nil {
			r.peer = p
		}
	}
	if d, ok := r.peerLocal(p, sdptype.Offer); ok {
		return d
	}
	return r.standIn(signaling.Remote, sdptype.Offer)
}

// remoteAnswer returns an answer or a pranswer (t) from another
// instance: the peer's answer to our pending offer when we have one, else
// a new instance's answer to a third instance's offer; a stand-in once
// dead. A pranswer is that answer's SDP with type pranswer, what
// SLD({type: "pranswer"}) applies, so that peers need no pranswer; an
// answer after it is the same SDP.
func (r *run) remoteAnswer(t sdptype.Type) sdptype.Description {
	ours := r.ref.PendingLocal()
	switch {
	case !r.alive():
		return r.standIn(signaling.Remote, t)
	case ours.Type != sdptype.Offer:
		return r.foreign(t)
	case ours.SDP == r.answered:
		return sdptype.Description{Type: t, SDP: r.answer}
	}
	p := r.peer
	if p == nil || p.State() != signaling.Stable {
		p = r.newInstance()
		if r.peer == nil {
			r.peer = p
		}
	}
	if r.peerRemote(p, ours) {
		if a, ok := r.peerLocal(p, sdptype.Answer); ok {
			r.answered, r.answer = ours.SDP, a.SDP
			return sdptype.Description{Type: t, SDP: a.SDP}
		}
	}
	return r.standIn(signaling.Remote, t)
}

// foreign returns a description of type t made by two new instances: an
// offer, or the other's answer to it (with type t). It matches nothing of
// ours.
func (r *run) foreign(t sdptype.Type) sdptype.Description {
	offerer := r.newInstance()
	offer, ok := r.peerLocal(offerer, sdptype.Offer)
	if ok && t == sdptype.Offer {
		return offer
	}
	if ok {
		answerer := r.newInstance()
		if r.peerRemote(answerer, offer) {
			if a, ok := r.peerLocal(answerer, sdptype.Answer); ok {
				return sdptype.Description{Type: t, SDP: a.SDP}
			}
		}
	}
	r.version++
	return sdptype.Description{Type: t, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "foreign", Version: r.version})}
}

// standIn returns a description of type t from side that ref can apply
// where the rules allow one: an answer with the m-sections of the offer
// it answers, an offer with those of the side's description, else the
// other side's, else mids 0 and 1.
func (r *run) standIn(side signaling.Side, t sdptype.Type) sdptype.Description {
	if t == sdptype.Rollback {
		return sdptype.Description{Type: t}
	}
	var from sdptype.Description
	switch {
	case t != sdptype.Offer && side == signaling.Local:
		from = r.ref.PendingRemote()
	case t != sdptype.Offer:
		from = r.ref.PendingLocal()
	case side == signaling.Local:
		from = first(r.ref.LocalDescription(), r.ref.CurrentRemote())
	default:
		from = first(r.ref.RemoteDescription(), r.ref.CurrentLocal())
	}
	r.version++
	spec := sdptest.Spec{Sections: sectionsOf(from, sdptest.Mids(2)), Ufrag: "standin" + side.String(), Version: r.version}
	return sdptype.Description{Type: t, SDP: sdptest.Build(spec)}
}

func first(d, e sdptype.Description) sdptype.Description {
	if d.IsZero() {
		return e
	}
	return d
}
