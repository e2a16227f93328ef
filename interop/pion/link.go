package pion

import (
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glare-rtc/glare/delivery"
)

// LinkOptions configure a Link.
type LinkOptions struct {
	// Session is this end's session id, unique per connection (random, or
	// from the signaling server). Required.
	Session string
	// Delivery tunes the delivery.Link: timeouts, window, a known peer.
	Delivery delivery.Options
	// Transmit puts one envelope (its JSON) on the channel, which may lose,
	// copy or reorder it. Required. It is called in order with the Link's
	// lock held: it must not block for long nor call the Link. A lost
	// write is what the Link repairs; a channel that stays dead ends in
	// *delivery.Failed.
	Transmit func([]byte)
	// Deliver hands one message to the Peer of the current connection
	// (Peer.Receive, which only queues). Required. Called in order, each
	// message once, with the lock held.
	Deliver func(Message)
	// Event, if set, sees every event of the link, with the lock held,
	// before the messages delivered with it. On *delivery.PeerRestarted,
	// replace the connection before returning: close the old Peer, make a
	// new PeerConnection and a new Peer whose Options.Send is a new
	// Link.Send; the messages delivered next are for it. On
	// *delivery.Failed the Link is done (every Send fails): reconnect with
	// a new Link and a new connection, or give up.
	Event func(delivery.Event)
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// ErrClosed: the Link was closed (Close).
var ErrClosed = errors.New("pion: the Link is closed")

// ErrReplaced: a Peer sent a message after its connection was replaced
// (the other peer restarted); the message was for the old connection.
var ErrReplaced = errors.New("pion: the connection was replaced")

// Link carries a Peer's messages over a signaling channel that may lose,
// copy and reorder them: it runs a delivery.Link (package
// github.com/glare-rtc/glare/delivery) on the caller's clock, with a timer
// for its retransmissions, so that the Peer gets each message of the
// other peer once and in order. The envelopes are the wire format of
// package delivery. Its methods are safe from any goroutine.
type Link struct {
	mu     sync.Mutex
	o      LinkOptions
	link   delivery.Link
	conn   atomic.Int64 // the connection: one more at every PeerRestarted; read without mu (Send in Event)
	timer  *time.Timer
	closed bool
}

// NewLink returns a Link that says hello to the other peer at once.
func NewLink(o LinkOptions) (*Link, error) {
	if o.Transmit == nil || o.Deliver == nil {
		return nil, &Error{Op: "NewLink", Err: ErrOptions, Reason: "no Transmit or Deliver"}
	}
	dl, err := delivery.New(o.Session, o.Delivery)
	if err != nil {
		return nil, &Error{Op: "NewLink", Cause: err}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	l := &Link{o: o, link: dl}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.timer = time.AfterFunc(time.Hour, l.tick)
	l.arm()
	return l, nil
}

// Send returns the Options.Send of the current connection's Peer. After a
// PeerRestarted it returns ErrReplaced (and sends nothing): make the new
// Peer with a new Send. It returns the delivery.Link's refusal after
// Failed or with Options.Delivery.Window messages unacknowledged.
// Send may be called from Event.
func (l *Link) Send() func(Message) error {
	conn := l.conn.Load()
	return func(m Message) error {
		l.mu.Lock()
		defer l.mu.Unlock()
		if conn != l.conn.Load() {
			return &Error{Op: "Send", Err: ErrReplaced}
		}
		return l.step(&delivery.Send{Message: m})
	}
}

// Receive takes one envelope's JSON from the channel. A malformed
// envelope, or one the delivery.Link refuses, returns an *Error and
// changes nothing: log it and go on, the channel may garble.
func (l *Link) Receive(data []byte) error {
	e, err := delivery.DecodeEnvelope(data)
	if err != nil {
		return &Error{Op: "Receive", Cause: err}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.step(&delivery.Receive{Envelope: e})
}

// Close stops the timer; later Sends and Receives return ErrClosed.
func (l *Link) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.timer.Stop()
}

// State returns the delivery.Link as the last step left it.
func (l *Link) State() delivery.Link {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.link
}

func (l *Link) tick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.link.Timeout(); ok && !l.o.Now().Before(t) {
		_ = l.step(&delivery.Tick{}) // a Tick is refused only after Failed, which disarms
		return
	}
	l.arm() // early: the timer fired before the clock reached the timeout
}

// step feeds in to the link and carries out the output; l.mu is held.
func (l *Link) step(in delivery.Input) error {
	if l.closed {
		return &Error{Op: "Link", Err: ErrClosed}
	}
	next, out, err := delivery.Step(l.link, l.o.Now(), in)
	if err != nil {
		return &Error{Op: "Link", Cause: err}
	}
	l.link = next
	for _, e := range out.Events {
		if _, ok := e.(*delivery.PeerRestarted); ok {
			l.conn.Add(1)
		}
		if l.o.Event != nil {
			l.o.Event(e)
		}
	}
	for _, m := range out.Deliver {
		l.o.Deliver(m)
	}
	for _, e := range out.Transmit {
		b, err := json.Marshal(e)
		if err != nil { // a description or candidate the JSON cannot hold: a bug
			return &Error{Op: "Link", Cause: err}
		}
		l.o.Transmit(b)
	}
	l.arm()
	return nil
}

// arm sets the timer to the link's timeout; l.mu is held.
func (l *Link) arm() {
	t, ok := l.link.Timeout()
	if !ok || l.closed {
		l.timer.Stop()
		return
	}
	l.timer.Reset(max(t.Sub(l.o.Now()), 0))
}
