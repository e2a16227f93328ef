package negotiation

import (
	"errors"
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// receivedCandidate puts a candidate from the other peer on the chain,
// noting whether it came while an offer was being ignored. One that starts
// at once and would be refused is refused now.
func (m *Machine) receivedCandidate(c sdptype.Candidate, b *builder) error {
	o := op{running: running{kind: opCandidate}, cand: c, whileIgnoring: m.ignoreOffer,
		ofNewUfrag: m.ignoreOffer && m.remote != nil && m.remote.newUfrag}
	if m.busy() {
		m.enqueue(o)
		return nil
	}
	return m.startCandidate(o, b)
}

// startCandidate adds a remote candidate, or ignores or parks it, or
// returns why the stack would refuse it. Its ufrag is the
// usernameFragment, else the candidate line's ufrag extension: a candidate
// of credentials no longer in use is stale however it names them.
func (m *Machine) startCandidate(o op, b *builder) error {
	c := o.cand // the candidate, for the actions
	u := c.Ufrag()
	h := m.remote // read only; nil before any description
	if u != "" && h != nil && slices.Contains(h.ignored, u) && !o.parked && m.offerOutstanding {
		// Its ufrag is one only an ignored offer carried. While the answer
		// to our offer is awaited, it waits for it: a browser keeps the ICE
		// credentials of an offer it rolls back, so its answer may carry
		// them, and then the candidate is that answer's (ignored now, it
		// would be lost: a browser sends each candidate once).
		o.parked = true
		m.setChain(m.queue(), append(slices.Clip(m.waiting()), o))
		return nil
	}
	if u != "" && h != nil && slices.Contains(h.ignored, u) || u == "" && o.ofNewUfrag {
		// The description applied since does not carry its ufrag; or it
		// has none and arrived while ignoring an offer with new ICE
		// credentials, which the current ones must not take.
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonIgnoredOffer})
		return nil
	}
	o.cand.UsernameFragment = u // addIceCandidate's ufrag check, on the line's ufrag too
	target, err := m.session.CheckCandidate(o.cand)
	switch {
	case err == nil && target.Stopped:
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonStopped})
	case err == nil:
		if !m.opts.ChainedCandidates {
			m.inflight = o.running
		}
		act(b, AddCandidate{Candidate: c})
	case errors.Is(err, sdptype.ErrTypeError): // neither sdpMid nor sdpMLineIndex
		return &Error{Input: "ReceivedCandidate", Cause: err}
	case o.whileIgnoring:
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonWhileIgnoring})
	case errors.Is(err, signaling.ErrInvalidState), u != "" && (h == nil || !slices.Contains(h.seen, u)):
		// No remote description yet, or not the one this candidate
		// belongs to: wait for it (browsers would reject it).
		o.cand = c
		m.setChain(m.queue(), append(slices.Clip(m.waiting()), o))
	case u != "":
		act(b, IgnoreCandidate{Candidate: c, Reason: ReasonStale})
	default:
		return &Error{Input: "ReceivedCandidate", Cause: err}
	}
	return nil
}

// release moves the waiting candidates back to the front of the chain, to
// be classified again against the new remote state.
func (m *Machine) release() {
	if w := m.waiting(); len(w) > 0 {
		m.setChain(slices.Concat(w, m.queue()), nil)
	}
}

// releaseUnparked is release for all but the candidates parked for an
// ignored offer, which only a remote description applied releases.
func (m *Machine) releaseUnparked() {
	w := m.waiting()
	if !slices.ContainsFunc(w, func(o op) bool { return !o.parked }) {
		return
	}
	var ready, parked []op
	for _, o := range w {
		if o.parked {
			parked = append(parked, o)
		} else {
			ready = append(ready, o)
		}
	}
	m.setChain(slices.Concat(ready, m.queue()), parked)
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
