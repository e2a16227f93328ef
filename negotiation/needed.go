package negotiation

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

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

// updateNegotiationNeeded is webrtc-pc "update the negotiation-needed flag"
// for an empty chain, followed by the pattern's onnegotiationneeded handler
// (makingOffer = true; setLocalDescription()).
func (m *Machine) updateNegotiationNeeded(b *builder) {
	if m.session.State() != signaling.Stable || m.deferred != nil {
		return // updated again on the return to stable (or when the deferred offer is dropped); never when closed
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
	if m.defers() {
		act(b, CreateOffer{ICERestart: m.restartPending()})
		return
	}
	act(b, SetLocal{Type: sdptype.Offer, ICERestart: m.restartPending()})
}
