// Package negotiationtest is a deterministic two-peer simulator for
// negotiation.Machine: two machines, a WebRTC stack per peer behind
// PeerConnection (this package's fake stack, which makes real SDP and
// enforces the W3C rules on its own, or yours), a FIFO signaling channel in
// each direction, and moves that a test (or a scheduler, the exhaustive
// explorer, a property test) chooses one at a time: deliver a message,
// complete a peer's pending operation, make a change, restart ICE, gather a
// candidate.
//
// Every move checks safety (an operation the stack refuses, a stack that
// disagrees with its machine after an operation, a polite peer ignoring,
// an impolite peer rolling back, negotiationneeded outside stable, a
// rejected message) and returns an error on the first violation;
// Converged checks the outcome once nothing is left to deliver. Check runs
// the explorer, random schedules and a fuzz target on any stack.
package negotiationtest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Options configure a simulation.
type Options struct {
	APolite bool // peer a is polite and b impolite; else the reverse
	// Rollback is both machines' mode and, for the fake stacks, what they
	// can do: ExplicitRollback and ImplicitRollback stacks roll back (the
	// latter inside SetRemote too); NoRollback stacks refuse every rollback
	// and apply only the offer they created last, byte for byte
	// (pion/webrtc v4). Only ImplicitRollback machines may leave a remote
	// offer in have-local-offer to the stack.
	Rollback negotiation.RollbackMode
	// NumberedMids: the fake stacks number the mids of new transceivers
	// when they create an offer, and keep them when the offer is dropped
	// (pion/webrtc v4); else each peer names its own (a1, b1...).
	NumberedMids bool
	// MixedKinds: a's changes add audio, then video, in turn; b's add a
	// data channel first, then video and audio in turn. Else all audio.
	MixedKinds bool
	// AllowRejects records Rejected events in the transcript instead of
	// failing the move, for tests that feed bad input on purpose.
	AllowRejects bool
	// ChainedCandidates is both machines' option: the simulator adds a
	// candidate to the stack when the machine asks, with no completion (a
	// stack whose operations run in the order they were started).
	ChainedCandidates bool
	// Links sends each peer's messages through a delivery.Link (session
	// ids a1, b1...; a fake clock): envelopes are in flight, and the moves
	// DeliverLate, Duplicate, Lose, Timeout and Reload make the channel
	// faulty and peers reload.
	Links bool
	// NewConn makes each peer's connection (and a new one when a peer
	// reloads): your stack. Nil runs the fake stack, Stack.
	NewConn Factory
}

// machine returns the options of the peers' machines.
func (o Options) machine() negotiation.Options {
	return negotiation.Options{Rollback: o.Rollback, ChainedCandidates: o.ChainedCandidates}
}

// Peer is one simulated peer.
type Peer struct {
	Name    string
	Machine negotiation.Machine
	// Conn is the connection of Options.NewConn; nil with the fake stack.
	Conn PeerConnection
	// Stack is the fake stack when Conn is nil (held by value, so that
	// Clone copies it at no cost).
	Stack Stack
	// Pending is the operation the machine asked for and the stack has not
	// completed yet (at most one).
	Pending negotiation.Action

	Changes, Restarts, Candidates, Failures int // moves made on this peer
	Added, Ignored                          int // remote candidates added / ignored with a reason

	// restartFrom is the current local ufrag when restartIce was last
	// called: ground truth for Converged, it must go.
	restartFrom string
}

// conn is the peer's connection: Conn, or the fake stack.
func (p *Peer) conn() PeerConnection {
	if p.Conn != nil {
		return p.Conn
	}
	return &p.Stack
}

// ours is the peer's fake stack, nil for another one: the simulator
// knows its whole state (Key) and its Session (Converged).
func (p *Peer) ours() *Stack {
	if p.Conn == nil {
		return &p.Stack
	}
	st, _ := p.Conn.(*Stack)
	return st
}

// Message is one signaling message on the wire.
type Message struct {
	Description sdptype.Description // set for a description
	OfferID     uint64              // sent beside Description (SendDescription.OfferID)
	Candidate   sdptype.Candidate   // set otherwise
}

// String returns the message's type, a description's with its offer id
// ("offer #1", "answer to #1"), or "candidate".
func (m Message) String() string {
	switch {
	case m.Description.IsZero():
		return "candidate"
	case m.OfferID == 0:
		return m.Description.Type.String()
	case m.Description.Type == sdptype.Offer:
		return fmt.Sprintf("offer #%d", m.OfferID)
	}
	return fmt.Sprintf("%v to #%d", m.Description.Type, m.OfferID)
}

// Sim is the whole simulated world. Copy it with Clone.
type Sim struct {
	Options  Options
	Peers    [2]Peer
	Wire     [2][]Message // Wire[i] carries messages from Peers[i] to the other, in order
	Sent     int          // messages sent so far
	Gathered int          // candidates gathered so far, by both peers
	log      []string
	moves    []Move // done so far (Schedule); appended to, never written in place
	// offSchedule: something was done outside Do (Feed, Fail, Close...),
	// so a replay of the moves would not reach this state.
	offSchedule bool
	linked      // with Options.Links
}

// New returns a simulation of two new peers, a and b.
func New(o Options) (*Sim, error) {
	roles := [2]negotiation.Role{negotiation.Impolite, negotiation.Polite}
	if o.APolite {
		roles = [2]negotiation.Role{negotiation.Polite, negotiation.Impolite}
	}
	s := &Sim{Options: o}
	for i, name := range []string{"a", "b"} {
		m, err := negotiation.New(roles[i], o.machine())
		if err != nil {
			s.discard()
			return nil, err
		}
		s.Peers[i] = Peer{Name: name, Machine: m}
		if err := s.newConn(i); err != nil {
			s.discard()
			return nil, err
		}
	}
	if o.Links {
		if err := s.newLinks(); err != nil {
			s.discard()
			return nil, err
		}
	}
	return s, nil
}

// newConn gives peer i a new connection: Options.NewConn's, or a new fake
// stack.
func (s *Sim) newConn(i int) error {
	p := &s.Peers[i]
	if s.Options.NewConn == nil {
		p.Stack = newStack(p.Name, signaling.Options{}, s.Options.NumberedMids, s.Options.Rollback == negotiation.NoRollback)
		return nil
	}
	c, err := s.Options.NewConn(p.Name, s.Options)
	if err == nil && c == nil {
		err = errors.New("nil connection")
	}
	if err != nil {
		return fmt.Errorf("%s: a new connection: %w", p.Name, err)
	}
	p.Conn = c
	return nil
}

// Clone returns a deep copy of s. When a connection cannot clone
// (Cloner), Clone replays the moves of s on new connections, and panics
// if the replay fails: s did something outside Do (Feed, Fail,
// FailRolledBack, Close), or a move is not possible or fails in the
// replay (a stack that does not do the same on the same calls). The SDP
// of the replay may differ (random session ids, credentials).
func (s *Sim) Clone() *Sim {
	c, err := s.fork()
	if err != nil {
		panic("negotiationtest: " + err.Error())
	}
	return c
}

// fork is Clone with an error instead of a panic.
func (s *Sim) fork() (*Sim, error) {
	if !s.cloneable() {
		return s.replayed()
	}
	c := *s
	for i := range c.Wire {
		c.Wire[i] = slices.Clone(s.Wire[i])
		c.Envelopes[i] = slices.Clip(s.Envelopes[i]) // appended to, never written in place
	}
	c.log = slices.Clone(s.log)
	c.moves = slices.Clip(s.moves)
	for i := range c.Peers {
		if cl, ok := c.Peers[i].Conn.(Cloner); ok {
			c.Peers[i].Conn = cl.Clone()
			if got, want := reflect.TypeOf(c.Peers[i].Conn), reflect.TypeOf(cl); got != want {
				return nil, fmt.Errorf("Clone of a %v returned a %v (a wrapper that embeds a Cloner must define its own Clone)", want, got)
			}
		}
	}
	return &c, nil
}

// cloneable reports whether both connections can clone.
func (s *Sim) cloneable() bool {
	for _, p := range s.Peers {
		if _, ok := p.Conn.(Cloner); p.Conn != nil && !ok {
			return false
		}
	}
	return true
}

// replayed replays the moves of s on a new simulation, exactly.
func (s *Sim) replayed() (*Sim, error) {
	if s.offSchedule {
		return nil, errors.New("cannot replay a simulation fed outside its moves (its connections cannot clone)")
	}
	return replayExact(s.Options, s.moves)
}

// replayExact runs schedule on New(o): every move must be possible and
// succeed.
func replayExact(o Options, schedule []Move) (*Sim, error) {
	c, err := New(o)
	if err != nil {
		return nil, err
	}
	for _, mv := range schedule {
		if err := c.Do(mv); err != nil {
			c.discard()
			return nil, fmt.Errorf("the replay of %d moves on new connections failed at %v: %w (a stack that does not do the same on the same calls?)", len(schedule), mv, err)
		}
	}
	return c, nil
}

// discard closes the connections of Options.NewConn: s is done with.
func (s *Sim) discard() {
	for _, p := range s.Peers {
		if p.Conn != nil {
			p.Conn.Close()
		}
	}
}

// Transcript returns one line per thing that happened.
func (s *Sim) Transcript() []string { return slices.Clone(s.log) }

func (s *Sim) logf(format string, args ...any) { s.log = append(s.log, fmt.Sprintf(format, args...)) }

// send puts a machine's message on the wire, or through its link.
func (s *Sim) send(i int, msg Message) error {
	s.Sent++
	if s.Options.Links {
		return s.linkSend(i, msg)
	}
	s.Wire[i] = append(slices.Clip(s.Wire[i]), msg)
	return nil
}

// Feed gives peer i's machine any input, outside the moves: bad messages,
// inputs after Close, completions that match nothing.
func (s *Sim) Feed(i int, in negotiation.Input) error {
	s.offSchedule = true
	s.logf("%s: feed %T", s.Peers[i].Name, in)
	return s.step(i, in)
}

// Fail ends peer i's pending operation with OpFailed{err}; the stack does
// not change.
func (s *Sim) Fail(i int, err error) error {
	s.offSchedule = true
	return s.fail(i, err)
}

func (s *Sim) fail(i int, err error) error {
	p := &s.Peers[i]
	if p.Pending == nil {
		return errors.New(p.Name + " has no operation to fail")
	}
	s.logf("%s: %v fails", p.Name, p.Pending)
	p.Pending = nil
	return s.step(i, &negotiation.OpFailed{Err: err})
}

// FailRolledBack ends peer i's pending SetRemote of an offer that met its
// own (ImplicitRollback) with OpFailed{err, RolledBack}: its stack keeps
// the implicit rollback, as Firefox does, and is stable without its offer.
func (s *Sim) FailRolledBack(i int, err error) error {
	s.offSchedule = true
	p := &s.Peers[i]
	pc := p.conn()
	a, ok := p.Pending.(*negotiation.SetRemote)
	if !ok || a.Description.Type != sdptype.Offer || pc.State() != signaling.HaveLocalOffer {
		return errors.New(p.Name + " has no remote offer meeting its own to fail")
	}
	if _, rerr := pc.SetLocal(sdptype.Description{Type: sdptype.Rollback}, false); rerr != nil {
		return rerr
	}
	s.logf("%s: %v fails, the implicit rollback stays", p.Name, p.Pending)
	p.Pending = nil
	return s.step(i, &negotiation.OpFailed{Err: err, RolledBack: true})
}

// Close closes peer i: its stack, then its machine.
func (s *Sim) Close(i int) error {
	s.offSchedule = true
	p := &s.Peers[i]
	if err := p.conn().Close(); err != nil {
		return fmt.Errorf("%s: close: %w", p.Name, err)
	}
	p.Pending = nil
	s.logf("%s: close", p.Name)
	return s.step(i, &negotiation.Close{})
}
