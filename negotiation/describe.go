package negotiation

import (
	"fmt"
	"strings"

	"github.com/glare-rtc/glare/sdptype"
)

// String describes every field of m on one line, deterministically: the
// role and options, the session, the operations chain (in flight, queued,
// waiting remote candidates, held local candidates), the flags, the
// counters and the remote history. Descriptions print as type, length and a
// CRC-64 of their SDP, ICE credentials to replace by ufrag (the Session's
// String); candidates print whole.
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
	if held := m.localHeld(); len(held) > 0 {
		b.WriteString(" held=[")
		for i, c := range held {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(candidateString(c))
		}
		b.WriteString("]")
	}
	for _, f := range []struct {
		name string
		on   bool
	}{
		{"makingOffer", m.makingOffer}, {"ignoreOffer", m.ignoreOffer},
		{"isSettingRemoteAnswerPending", m.settingRemoteAnswerPending},
		{"negotiationNeeded", m.negotiationNeeded}, {"offerOutstanding", m.offerOutstanding},
		{"implicitRollback", m.opts.Rollback == ImplicitRollback}, {"noRollback", m.opts.Rollback == NoRollback},
		{"sameSideRollback", m.opts.Signaling.SameSideRollback}, {"chainedCandidates", m.opts.ChainedCandidates},
	} {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	fmt.Fprintf(&b, " requested=%d negotiated=%d offerGen=%d failedAt=%d offers=%d", m.requested, m.negotiated, m.offerGen, m.failedAt, m.offers)
	if m.deferred != nil {
		fmt.Fprintf(&b, " deferred=%v", m.deferred.Description())
	}
	if h := m.remote; h != nil {
		fmt.Fprintf(&b, " last=%v seen=%v ignored=%v", h.last, h.seen, h.ignored)
		if h.newUfrag {
			b.WriteString(" ignoredNewUfrag")
		}
		for _, d := range h.dropped {
			fmt.Fprintf(&b, " dropped=%s:%s", d.Mid, d.Kind)
		}
	}
	return b.String()
}

// candidateString prints c with its candidate line.
func candidateString(c sdptype.Candidate) string { return fmt.Sprintf("%v %q", c, c.Candidate) }

func (o op) String() string {
	if o.kind != opCandidate {
		return o.running.String()
	}
	s := "candidate(" + candidateString(o.cand) + ")"
	if o.whileIgnoring {
		s += "(while ignoring)"
	}
	if o.ofNewUfrag {
		s += "(new ufrag)"
	}
	if o.parked {
		s += "(parked)"
	}
	return s
}

func (o running) String() string {
	switch o.kind {
	case opOffer:
		return fmt.Sprintf("offer(gen %d)", o.gen)
	case opRemote:
		return fmt.Sprintf("remote(%v id %d step %d gen %d)", o.desc.Description(), o.id, o.step, o.gen)
	case opCandidate:
		return fmt.Sprintf("candidate(step %d gen %d id %d)", o.step, o.gen, o.id)
	}
	return fmt.Sprintf("none(step %d gen %d id %d)", o.step, o.gen, o.id)
}
