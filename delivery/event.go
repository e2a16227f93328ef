package delivery

import (
	"strconv"
	"time"
)

// Event is something a Step reports: *Connected, *PeerRestarted,
// *Retransmitted, *Dropped or *Failed.
type Event interface {
	event()
	String() string
}

// Connected: a peer session was heard and followed, the first one or one
// that replaced it before anything was delivered or acknowledged (then
// nothing needs replacing: the new session gets every message sent so
// far); messages waiting for it were transmitted.
type Connected struct{ Peer string }

// PeerRestarted: a new session of the peer was heard (a reload, a new
// connection). Replace the connection: a new PeerConnection and a new
// negotiation.Machine, before the messages delivered in the same Output.
// The link started a new conversation with it; Abandoned are the messages
// the old session never acknowledged (they were for the old connection).
// Envelopes of the old session are dropped from now on (ReasonOldSession).
type PeerRestarted struct {
	Old, New  string
	Abandoned []Message
}

// Retransmitted: messages First..Last were sent again, not acknowledged in
// time; the next timeout is Next.
type Retransmitted struct {
	First, Last uint64
	Next        time.Duration
}

// Dropped: an envelope was not delivered, for Reason.
type Dropped struct {
	Envelope Envelope
	Reason   Reason
}

// Failed: the peer acknowledged nothing for Options.GiveUp while messages
// waited for it (since Since). Negotiation cannot go on over this link:
// restart ICE, reconnect, or replace the connection and the link. Every
// later input of the link is refused.
type Failed struct {
	Peer           string
	Since          time.Time
	Unacknowledged []Message
}

func (*Connected) event()     {}
func (*PeerRestarted) event() {}
func (*Retransmitted) event() {}
func (*Dropped) event()       {}
func (*Failed) event()        {}

// String describes the event.
func (e *Connected) String() string { return "connected to " + e.Peer }

// String describes the event.
func (e *PeerRestarted) String() string {
	return "peer restarted: " + e.Old + " -> " + e.New + ", " + strconv.Itoa(len(e.Abandoned)) + " messages abandoned"
}

// String describes the event.
func (e *Retransmitted) String() string {
	s := "retransmitted " + utoa(e.First)
	if e.Last != e.First {
		s += ".." + utoa(e.Last)
	}
	return s + ", next timeout " + e.Next.String()
}

// String describes the event.
func (e *Dropped) String() string { return "dropped " + e.Envelope.String() + ": " + e.Reason.String() }

// String describes the event.
func (e *Failed) String() string {
	return "gave up on " + e.Peer + ": " + strconv.Itoa(len(e.Unacknowledged)) + " messages unacknowledged"
}

// Reason says why an envelope was dropped. Its zero value is not a reason.
type Reason uint8

// The reasons of Dropped.
const (
	ReasonDuplicate  Reason = iota + 1 // its message was delivered or is held already
	ReasonOldSession                   // from a session of the peer that a new one replaced
	ReasonNotForUs                     // a message for another session of ours (an earlier one)
	ReasonOwn                          // sent by this link (a channel that echoes)
	ReasonWindow                       // too far ahead of the messages delivered (Options.Window)
)

var reasonText = [...]string{
	ReasonDuplicate:  "duplicate",
	ReasonOldSession: "from a replaced session of the peer",
	ReasonNotForUs:   "for another session of ours",
	ReasonOwn:        "our own",
	ReasonWindow:     "beyond the window",
}

// String explains the reason in a few words.
func (r Reason) String() string {
	if r == 0 || int(r) >= len(reasonText) {
		return "Reason(" + strconv.Itoa(int(r)) + ")"
	}
	return reasonText[r]
}
