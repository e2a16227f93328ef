package negotiation

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
)

// The operations chain (webrtc-pc "chain an asynchronous operation"): at
// most one operation in flight, the others queued in order and started one
// at a time, each deciding against the state it finds when it starts.

// enqueue puts o at the end of the chain.
func (m *Machine) enqueue(o op) { m.setChain(append(slices.Clip(m.queue()), o), m.waiting()) }

// advance starts queued operations while none is in flight, releases the
// local candidates no longer held (flushLocal keeps those that wait for
// the answer to our offer), then runs "update the negotiation-needed flag"
// once the chain is empty.
func (m *Machine) advance(b *builder) {
	for m.inflight.kind == opNone && len(m.queue()) > 0 {
		q := m.queue()
		m.setChain(q[1:], m.waiting())
		m.start(q[0], b)
	}
	if m.ops != nil && len(m.ops.local) > 0 {
		m.flushLocal(b)
	}
	if m.inflight.kind == opNone {
		m.updateNegotiationNeeded(b)
	}
}

// start begins the operation at the head of the chain. A description or
// candidate the stack would refuse now is dropped with a Rejected event.
func (m *Machine) start(o op, b *builder) {
	if o.kind == opCandidate {
		if err := m.startCandidate(o, b); err != nil {
			b.emit(&Rejected{Err: err})
		}
		return
	}
	if err := m.startRemote(o, b); err != nil {
		if o.desc.Description().Type == sdptype.Answer {
			m.settingRemoteAnswerPending = false
		}
		b.emit(&Rejected{Err: err})
	}
}
