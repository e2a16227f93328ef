package delivery

import (
	"slices"
	"time"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Input is what can happen to a link: *Send, *Receive or *Tick. A nil
// pointer is refused.
type Input interface {
	input() bool // reports whether the pointer is not nil
}

// Send: the machine sends Message (MessageFor of its action).
type Send struct{ Message Message }

// Receive: an envelope came from the channel (DecodeEnvelope).
type Receive struct{ Envelope Envelope }

// Tick: the time of Timeout came (a tick at any other time does nothing).
type Tick struct{}

func (in *Send) input() bool    { return in != nil }
func (in *Receive) input() bool { return in != nil }
func (in *Tick) input() bool    { return in != nil }

// Output is what one Step asks of the caller, in this order: handle the
// Events (after PeerRestarted, the messages of Deliver are for a new
// connection), feed every message of Deliver to the machine in order, put
// every envelope of Transmit on the channel in order, and call Step with
// Tick at the new Timeout.
type Output struct {
	Events   []Event
	Deliver  []Message
	Transmit []Envelope
}

// Step feeds one input to l at the time now (the caller's clock) and
// returns the next link and what the caller must do. A refused input
// returns an *Error, an empty Output and l itself. Step never panics and
// never modifies l or anything l shares.
func Step(l Link, now time.Time, in Input) (next Link, out Output, err error) {
	next = l // changed in place; the slices it shares with l are only ever replaced
	if err = next.apply(now, in, &out); err != nil {
		return l, Output{}, err
	}
	return next, out, nil
}

func (l *Link) apply(now time.Time, in Input, out *Output) error {
	if in == nil || !in.input() {
		return &Error{Op: "step", Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
	}
	if l.id == "" {
		return &Error{Op: "step", Err: sdptype.ErrTypeError, Reason: "make links with New"}
	}
	if l.failed {
		return &Error{Op: "step", Err: signaling.ErrInvalidState, Reason: "the link gave its peer up; make a new one"}
	}
	switch in := in.(type) {
	case *Send:
		return l.send(now, in.Message, out)
	case *Receive:
		return l.receive(now, in.Envelope, out)
	case *Tick:
		l.tick(now, out)
		return nil
	}
	return &Error{Op: "step", Err: sdptype.ErrTypeError, Reason: "not an input of this package"}
}

// send numbers m and transmits it, or keeps it until a peer is known.
func (l *Link) send(now time.Time, m Message, out *Output) error {
	if _, err := m.Input(); err != nil {
		return &Error{Op: "send", Err: sdptype.ErrTypeError, Cause: err}
	}
	if len(l.unacked) >= l.opts.Window {
		return &Error{Op: "send", Err: ErrQuota, Reason: utoa(uint64(len(l.unacked))) + " messages unacknowledged"}
	}
	l.sent++
	l.unacked = append(slices.Clip(l.unacked), m)
	if l.peer == "" {
		return nil // sent when a peer is heard
	}
	if len(l.unacked) == 1 {
		l.await(now)
	}
	out.Transmit = append(out.Transmit, l.envelope(l.sent, m))
	return nil
}

// envelope wraps message seq for the peer.
func (l *Link) envelope(seq uint64, m Message) Envelope {
	return Envelope{From: l.id, FromEpoch: l.epoch, To: l.peer, ToEpoch: l.peerEpoch, Seq: seq, Ack: l.delivered, Message: m}
}

// await starts waiting for the peer's acknowledgement at now: the first
// timeout, and the deadline of GiveUp.
func (l *Link) await(now time.Time) {
	l.waiting = now
	l.armed, l.next, l.rto = true, now.Add(min(l.opts.RTO, l.opts.GiveUp)), min(2*l.opts.RTO, l.opts.MaxRTO)
}

// disarm stops the timer when Tick has nothing to do: the peer knows us
// and nothing waits for its acknowledgement.
func (l *Link) disarm() {
	if l.heard && len(l.unacked) == 0 {
		l.armed, l.rto = false, l.opts.RTO
	}
}

// receive handles an envelope from the channel.
//
// A conversation is between two addresses, a session id and its epoch.
// A session is followed when it is new, when the peer's session starts a
// new epoch, or when it was replaced but addresses this link's current
// address: it is alive, and a dead one was followed by mistake (its late
// envelopes look like a new session's). For that, a link's epoch grows
// whenever it leaves one peer session for another: envelopes written
// before, by sessions since dead, never address it again.
func (l *Link) receive(now time.Time, e Envelope, out *Output) error {
	if err := e.check(); err != nil {
		return err
	}
	toUs := e.To == l.id && e.ToEpoch == l.epoch
	fromPeer := l.peer != "" && e.From == l.peer && e.FromEpoch == l.peerEpoch
	var follow bool
	switch {
	case e.From == l.id:
		out.drop(e, ReasonOwn)
		return nil
	case fromPeer:
	case e.From == l.peer && e.FromEpoch < l.peerEpoch:
		out.drop(e, ReasonOldSession)
		return nil
	case slices.Contains(l.retired, e.From) && !toUs:
		// If that session lives after all (both peers followed dead ones),
		// this tells it our address, which it then follows.
		out.drop(e, ReasonOldSession)
		out.Transmit = append(out.Transmit, Envelope{From: l.id, FromEpoch: l.epoch, To: e.From, ToEpoch: e.FromEpoch})
		return nil
	default:
		follow = true
	}
	// Following a session other than the peer met so far starts a new
	// conversation: the envelope acknowledges nothing of it.
	restart := follow && l.peer != "" && (l.met || e.From != l.peer)
	ack := e.Ack
	switch {
	case restart:
		ack = 0
	case toUs && ack > l.sent:
		return &Error{Op: "receive", Err: ErrData, Reason: "acknowledges message " + utoa(ack) + ", only " + utoa(l.sent) + " sent"}
	}
	if follow {
		l.follow(now, e, restart, out)
		toUs = e.To == l.id && e.ToEpoch == l.epoch // not if the epoch moved on
	}
	l.met = true
	if !toUs {
		// The peer does not know our current address: its messages are for
		// another conversation; tell it where we are.
		if e.Seq != 0 {
			out.drop(e, ReasonNotForUs)
		}
		out.Transmit = append(out.Transmit, l.envelope(0, Message{}))
		return nil
	}
	l.heard = true
	l.acknowledged(now, ack)
	l.disarm()
	if e.Seq == 0 {
		return nil
	}
	l.arrived(e, out)
	out.Transmit = append(out.Transmit, l.envelope(0, Message{}))
	return nil
}

// follow starts the conversation with the sender of e: the first peer, or
// (restart) a session that replaces the one followed so far, whose
// messages never acknowledged are abandoned and whose messages held
// because they came early are dropped. A replacement that comes before
// this conversation delivered or had acknowledged anything is no restart
// for the caller: the machine took nothing from the old one, and the new
// one gets every message sent so far (Connected), as when a new link
// first meets its peer's old conversation, still in flight, and then the
// peer's next epoch. Leaving one session id for another moves this link
// to a new epoch. Messages waiting for a peer are transmitted.
func (l *Link) follow(now time.Time, e Envelope, restart bool, out *Output) {
	carry := !restart || l.delivered == 0 && l.acked == 0
	if carry {
		out.Events = append(out.Events, &Connected{Peer: e.From})
	}
	if restart {
		for _, h := range l.early { // held for the old conversation: never delivered
			out.drop(h, ReasonOldSession)
		}
		if !carry {
			out.Events = append(out.Events, &PeerRestarted{Old: l.peer, New: e.From, Abandoned: l.unacked})
		}
		retired := slices.DeleteFunc(slices.Clone(l.retired), func(id string) bool { return id == e.From })
		epoch := l.epoch
		if l.peer != e.From {
			// The old peer may be the live one: it must tell by addressing the new epoch.
			retired = append(retired, l.peer)
			epoch++
		}
		if len(retired) > maxRetired {
			retired = retired[len(retired)-maxRetired:]
		}
		sent, unacked := l.sent, l.unacked
		// Until the new session addresses us, hellos follow at each timeout.
		*l = Link{id: l.id, opts: l.opts, epoch: epoch, retired: retired, armed: true, next: now.Add(l.opts.RTO), rto: min(2*l.opts.RTO, l.opts.MaxRTO)}
		if carry { // numbered 1..sent still: nothing was acknowledged
			l.sent, l.unacked = sent, unacked
		}
	}
	l.peer, l.peerEpoch, l.met = e.From, e.FromEpoch, true
	if len(l.unacked) > 0 {
		l.await(now)
		for i, m := range l.unacked {
			out.Transmit = append(out.Transmit, l.envelope(l.acked+uint64(i)+1, m))
		}
	}
}

// acknowledged takes the peer's cumulative acknowledgement.
func (l *Link) acknowledged(now time.Time, ack uint64) {
	if ack <= l.acked {
		return
	}
	l.unacked = l.unacked[ack-l.acked:]
	l.acked = ack
	if len(l.unacked) == 0 {
		l.unacked = nil
		return
	}
	l.await(now) // progress: the timeout starts over
}

// arrived takes message e.Seq: delivered with those held behind it when it
// is the next, held when it is early, dropped when it is not new.
func (l *Link) arrived(e Envelope, out *Output) {
	held := slices.ContainsFunc(l.early, func(h Envelope) bool { return h.Seq == e.Seq })
	switch {
	case e.Seq <= l.delivered || held:
		out.drop(e, ReasonDuplicate)
	case e.Seq > l.delivered+uint64(l.opts.Window):
		out.drop(e, ReasonWindow)
	case e.Seq == l.delivered+1:
		l.delivered++
		out.Deliver = append(out.Deliver, e.Message)
		n := 0
		for n < len(l.early) && l.early[n].Seq == l.delivered+1 {
			l.delivered++
			out.Deliver = append(out.Deliver, l.early[n].Message)
			n++
		}
		if n > 0 {
			l.early = slices.Clone(l.early[n:])
			if len(l.early) == 0 {
				l.early = nil
			}
		}
	default:
		i, _ := slices.BinarySearchFunc(l.early, e.Seq, func(h Envelope, seq uint64) int { return cmpUint(h.Seq, seq) })
		l.early = slices.Insert(slices.Clone(l.early), i, e)
	}
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// tick does what is due at now: a hello while the peer does not know us,
// every unacknowledged message again, or, GiveUp after the peer last made
// progress, Failed. The wait before the next doubles, up to MaxRTO.
func (l *Link) tick(now time.Time, out *Output) {
	if !l.armed || now.Before(l.next) {
		return
	}
	waiting := l.peer != "" && len(l.unacked) > 0
	if waiting && !now.Before(l.waiting.Add(l.opts.GiveUp)) {
		out.Events = append(out.Events, &Failed{Peer: l.peer, Since: l.waiting, Unacknowledged: l.unacked})
		l.failed, l.armed = true, false
		return
	}
	if !l.heard {
		// To "": a peer answers a hello whether or not it knows us.
		out.Transmit = append(out.Transmit, Envelope{From: l.id, FromEpoch: l.epoch, Ack: l.delivered})
	}
	l.next = now.Add(l.rto)
	l.rto = min(2*l.rto, l.opts.MaxRTO)
	if waiting {
		l.next = minTime(l.next, l.waiting.Add(l.opts.GiveUp))
		for i, m := range l.unacked {
			out.Transmit = append(out.Transmit, l.envelope(l.acked+uint64(i)+1, m))
		}
		out.Events = append(out.Events, &Retransmitted{First: l.acked + 1, Last: l.sent, Next: l.next.Sub(now)})
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func (out *Output) drop(e Envelope, r Reason) {
	out.Events = append(out.Events, &Dropped{Envelope: e, Reason: r})
}
