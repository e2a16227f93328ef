package negotiation

import (
	"fmt"
	"strings"
)

// String describes everything m holds on one line, deterministically: the
// role, the session, the operations chain, the flags and the counters.
func (m Machine) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %v", m.role, m.session)
	if m.inflight.kind != opNone {
		fmt.Fprintf(&b, " inflight=%v", m.inflight)
	}
	for _, list := range []struct {
		name string
		ops  []op
	}{{"queue", m.queue()}, {"waiting", m.waiting()}} {
		if len(list.ops) > 0 {
			fmt.Fprintf(&b, " %s=%v", list.name, list.ops)
		}
	}
	for _, f := range []struct {
		name string
		on   bool
	}{
		{"makingOffer", m.makingOffer}, {"ignoreOffer", m.ignoreOffer},
		{"isSettingRemoteAnswerPending", m.settingRemoteAnswerPending},
		{"negotiationNeeded", m.negotiationNeeded}, {"offerOutstanding", m.offerOutstanding},
		{"implicitRollback", m.opts.ImplicitRollback},
	} {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	h := m.history()
	fmt.Fprintf(&b, " requested=%d negotiated=%d offerGen=%d last=%v seen=%v ignored=%v",
		m.requested, m.negotiated, m.offerGen, h.last, h.seen, h.ignored)
	return b.String()
}

func (o op) String() string {
	if o.kind == opCandidate {
		s := fmt.Sprintf("candidate(%v %q)", o.cand, o.cand.Candidate)
		if o.whileIgnoring {
			s += "(while ignoring)"
		}
		return s
	}
	return o.running.String()
}

func (o running) String() string {
	switch o.kind {
	case opOffer:
		return fmt.Sprintf("offer(gen %d)", o.gen)
	case opRemote:
		return fmt.Sprintf("remote(%v step %d)", o.desc.Description(), o.step)
	case opCandidate:
		return "candidate"
	}
	return "none"
}
