package delivery

import (
	"fmt"
	"strings"
	"time"

	"github.com/glare-rtc/glare/sdptype"
)

// Options tune a Link. A zero field takes its default.
type Options struct {
	// RTO is the first retransmission timeout: how long a message waits
	// for its acknowledgement before it is sent again. Default 1s.
	RTO time.Duration
	// MaxRTO caps the timeout, which doubles at every retransmission
	// without progress. Default 8s.
	MaxRTO time.Duration
	// GiveUp: a peer that acknowledges nothing for this long while
	// messages wait for it is given up (Failed). Default 30s.
	GiveUp time.Duration
	// Window is the most messages waiting for their acknowledgement, and
	// the most held because they arrived early. Default 256.
	Window int
	// Peer is the other peer's session id when the caller knows it (from
	// its signaling server, say); "" to learn it from the first envelope.
	Peer string
}

// The defaults of Options.
const (
	DefaultRTO    = time.Second
	DefaultMaxRTO = 8 * time.Second
	DefaultGiveUp = 30 * time.Second
	DefaultWindow = 256
)

// maxRetired is how many replaced peer sessions a link remembers, to drop
// their late envelopes.
const maxRetired = 8

// Link is one peer's end of the signaling channel to the other peer: it
// numbers and acknowledges messages, sends again what is not acknowledged,
// drops duplicates, holds what arrives early, and hands each message on
// exactly once and in order. It is a value: Step returns a new Link and
// never changes the one it was given. Make one with New.
type Link struct {
	id        string
	opts      Options
	epoch     uint64   // this link's epoch: its address is (id, epoch)
	peer      string   // the peer session of the conversation; "" until one is heard
	peerEpoch uint64   // and its epoch
	met       bool     // an envelope of the peer came (Options.Peer names one not met yet)
	heard     bool     // the peer addressed our current address (else we say hello)
	retired   []string // peer sessions replaced, oldest first; replaced, never written
	failed    bool     // the peer was given up: every input is refused

	sent    uint64    // sequence number of the last message given to Send
	acked   uint64    // the peer's cumulative acknowledgement
	unacked []Message // messages acked+1..sent, oldest first; replaced, never written

	delivered uint64     // the last sequence number handed on
	early     []Envelope // arrived ahead of delivered+1, by sequence number; replaced, never written

	armed   bool          // Tick has work at next: a hello, a retransmission or giving up
	next    time.Time     // zero with armed: at once
	rto     time.Duration // the wait after the next hello or retransmission
	waiting time.Time     // since when the peer owes an acknowledgement (GiveUp counts from it)
}

// New returns the link of a session id (unique per connection: random, or
// from the signaling server), to a peer not heard from yet (or
// Options.Peer). It says hello at once (Timeout), and then at every
// timeout until the peer addresses it; messages sent before it knows its
// peer wait.
func New(id string, o Options) (Link, error) {
	if id == "" {
		return Link{}, &Error{Op: "New", Err: sdptype.ErrTypeError, Reason: "no session id"}
	}
	if o.RTO < 0 || o.MaxRTO < 0 || o.GiveUp < 0 || o.Window < 0 {
		return Link{}, &Error{Op: "New", Err: sdptype.ErrTypeError, Reason: "a negative option"}
	}
	if o.Peer == id {
		return Link{}, &Error{Op: "New", Err: sdptype.ErrTypeError, Reason: "the peer has this link's session id"}
	}
	o.RTO = cmpOr(o.RTO, DefaultRTO)
	o.MaxRTO = max(cmpOr(o.MaxRTO, DefaultMaxRTO), o.RTO)
	o.GiveUp = cmpOr(o.GiveUp, DefaultGiveUp)
	o.Window = cmpOr(o.Window, DefaultWindow)
	return Link{id: id, opts: o, peer: o.Peer, armed: true, rto: o.RTO}, nil
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a == zero {
		return b
	}
	return a
}

// ID returns the link's own session id.
func (l Link) ID() string { return l.id }

// Peer returns the peer session of the conversation, "" if none yet.
func (l Link) Peer() string { return l.peer }

// Epoch returns the link's epoch: with ID, the address envelopes carry.
// It grows when the link follows a peer session that did not address it.
func (l Link) Epoch() uint64 { return l.epoch }

// PeerEpoch returns the epoch of the peer session.
func (l Link) PeerEpoch() uint64 { return l.peerEpoch }

// Failed reports whether the peer was given up.
func (l Link) Failed() bool { return l.failed }

// Unacknowledged returns how many messages wait for the peer's
// acknowledgement (sent, or waiting for a peer to send to).
func (l Link) Unacknowledged() int { return len(l.unacked) }

// Quiet reports whether the link waits for nothing: its peer addressed it,
// every message sent is acknowledged and none is held.
func (l Link) Quiet() bool { return l.heard && len(l.unacked) == 0 && len(l.early) == 0 }

// Timeout returns when the link next needs a Tick, and false when it needs
// none until its next input. A time not after now (the zero time of a new
// link) means at once.
func (l Link) Timeout() (time.Time, bool) { return l.next, l.armed }

// String describes every field of l on one line, deterministically.
func (l Link) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%d peer=%q/%d met=%t heard=%t retired=%q sent=%d acked=%d unacked=[", l.id, l.epoch, l.peer, l.peerEpoch, l.met, l.heard, l.retired, l.sent, l.acked)
	for i, m := range l.unacked {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(messageKey(m))
	}
	fmt.Fprintf(&b, "] delivered=%d early=[", l.delivered)
	for i, e := range l.early {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d:%s", e.Seq, messageKey(e.Message))
	}
	fmt.Fprintf(&b, "] rto=%v waiting=%d", l.rto, l.waiting.UnixNano())
	if l.armed {
		fmt.Fprintf(&b, " next=%d", l.next.UnixNano())
	}
	if l.failed {
		b.WriteString(" failed")
	}
	o := l.opts
	fmt.Fprintf(&b, " opts=%v/%v/%v/%d/%q", o.RTO, o.MaxRTO, o.GiveUp, o.Window, o.Peer)
	return b.String()
}

// messageKey prints a message whole.
func messageKey(m Message) string {
	switch {
	case m.Description != nil:
		return fmt.Sprintf("%v#%d%q", m.Description.Type, m.OfferID, m.Description.SDP)
	case m.Candidate != nil:
		return fmt.Sprintf("%q/%q/%v/%q", m.Candidate.Candidate, m.Candidate.SDPMid, m.Candidate.SDPMLineIndex, m.Candidate.UsernameFragment)
	}
	return "-"
}
