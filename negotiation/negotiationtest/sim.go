// Package negotiationtest is a deterministic two-peer simulator for
// negotiation.Machine: two machines, a fake WebRTC stack per peer that
// makes real SDP and enforces the W3C rules on its own, a FIFO signaling
// channel in each direction, and moves that a test (or a scheduler, an
// exhaustive explorer, a property test) chooses one at a time: deliver a
// message, complete a peer's pending operation, make a change, restart ICE,
// gather a candidate.
//
// Every move checks safety (an operation the stack refuses, a polite peer
// ignoring, an impolite peer rolling back, negotiationneeded outside stable,
// a rejected message) and returns an error on the first violation;
// Converged checks the outcome once nothing is left to deliver.
package negotiationtest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Options configure a simulation.
type Options struct {
	APolite          bool // peer a is polite and b impolite; else the reverse
	ImplicitRollback bool // the stacks roll back by themselves (negotiation.Options.ImplicitRollback)
	// AllowRejects records Rejected events in the transcript instead of
	// failing the move, for tests that feed bad input on purpose.
	AllowRejects bool
}

// Peer is one simulated peer.
type Peer struct {
	Name    string
	Machine negotiation.Machine
	Stack   Stack
	// Pending is the operation the machine asked for and the stack has not
	// completed yet (at most one).
	Pending negotiation.Action

	Changes, Restarts, Candidates, Failures int // moves made on this peer
	Added, Ignored                          int // remote candidates added / ignored with a reason
}

// Message is one signaling message on the wire.
type Message struct {
	Description sdptype.Description // set for a description
	Candidate   sdptype.Candidate   // set otherwise
}

// String returns the message's type: a description type or "candidate".
func (m Message) String() string {
	if !m.Description.IsZero() {
		return m.Description.Type.String()
	}
	return "candidate"
}

// Sim is the whole simulated world. Copy it with Clone.
type Sim struct {
	Options  Options
	Peers    [2]Peer
	Wire     [2][]Message // Wire[i] carries messages from Peers[i] to the other, in order
	Sent     int          // messages sent so far
	Gathered int          // candidates gathered so far, by both peers
	log      []string
}

// New returns a simulation of two new peers, a and b.
func New(o Options) (*Sim, error) {
	roles := [2]negotiation.Role{negotiation.Impolite, negotiation.Polite}
	if o.APolite {
		roles = [2]negotiation.Role{negotiation.Polite, negotiation.Impolite}
	}
	s := &Sim{Options: o}
	for i, name := range []string{"a", "b"} {
		m, err := negotiation.New(roles[i], negotiation.Options{ImplicitRollback: o.ImplicitRollback})
		if err != nil {
			return nil, err
		}
		s.Peers[i] = Peer{Name: name, Machine: m, Stack: newStack(name, signaling.Options{})}
	}
	return s, nil
}

// Clone returns a deep copy of s.
func (s *Sim) Clone() *Sim {
	c := *s
	for i := range c.Wire {
		c.Wire[i] = slices.Clone(s.Wire[i])
	}
	c.log = slices.Clone(s.log)
	return &c
}

// Transcript returns one line per thing that happened.
func (s *Sim) Transcript() []string { return slices.Clone(s.log) }

func (s *Sim) logf(format string, args ...any) { s.log = append(s.log, fmt.Sprintf(format, args...)) }

// MoveKind is what a move does.
type MoveKind uint8

// The moves.
const (
	Deliver          MoveKind = iota // deliver the next message from Peer to the other peer
	Complete                         // the stack of Peer completes its pending operation
	Change                           // the application of Peer adds a transceiver
	Restart                          // the application of Peer calls restartIce()
	Candidate                        // the ICE agent of Peer gathers a candidate
	CandidateNoUfrag                 // ... one without usernameFragment, as pion writes them
	EndOfCandidates                  // ... an end-of-candidates for its m-section
	FailOffer                        // the stack of Peer fails to create or apply its offer
)

// Move is one scheduler step.
type Move struct {
	Kind MoveKind
	Peer int // 0 for a, 1 for b
}

// String describes the move, such as "deliver a->b".
func (mv Move) String() string {
	p := "ab"[mv.Peer : mv.Peer+1]
	return [...]string{"deliver " + p + "->" + "ab"[1-mv.Peer:2-mv.Peer], "complete " + p, "change " + p, "restart " + p,
		"candidate " + p, "candidate without ufrag " + p, "end-of-candidates " + p, "fail offer " + p}[mv.Kind]
}

// Can reports whether mv is possible now.
func (s *Sim) Can(mv Move) bool {
	p := &s.Peers[mv.Peer]
	switch mv.Kind {
	case Deliver:
		return len(s.Wire[mv.Peer]) > 0
	case Complete:
		return p.Pending != nil
	case Candidate, CandidateNoUfrag, EndOfCandidates:
		_, ok := p.Stack.candidate(0)
		return ok
	case FailOffer:
		sl, ok := p.Pending.(*negotiation.SetLocal)
		return ok && sl.Type == sdptype.Offer
	}
	return true
}

// Quiet reports whether nothing is left to deliver or complete.
func (s *Sim) Quiet() bool {
	for i := range s.Peers {
		if s.Can(Move{Deliver, i}) || s.Can(Move{Complete, i}) {
			return false
		}
	}
	return true
}

// Do performs mv and checks the safety properties. Do on a move that is
// not possible is an error.
func (s *Sim) Do(mv Move) error {
	if !s.Can(mv) {
		return fmt.Errorf("%v is not possible now", mv)
	}
	i := mv.Peer
	p := &s.Peers[i]
	switch mv.Kind {
	case Deliver:
		msg := s.Wire[i][0]
		s.Wire[i] = s.Wire[i][1:]
		s.logf("%s->%s %v", p.Name, s.Peers[1-i].Name, msg)
		if !msg.Description.IsZero() {
			return s.step(1-i, negotiation.ReceivedDescription{Description: msg.Description})
		}
		return s.step(1-i, negotiation.ReceivedCandidate{Candidate: msg.Candidate})
	case Complete:
		return s.complete(i)
	case Change:
		p.Changes++
		p.Stack = p.Stack.addTransceiver()
		s.logf("%s: change (transceiver %s)", p.Name, p.Stack.Local[len(p.Stack.Local)-1])
		return s.step(i, negotiation.NegotiationNeeded{})
	case Restart:
		p.Restarts++
		p.Stack.Session = p.Stack.Session.RestartICE() // the stack keeps [[LocalIceCredentialsToReplace]] too
		if u := localUfrag(p.Stack.Session); u != "" {
			p.Stack.restartFrom = u // ground truth for Converged: this ufrag must go
		}
		s.logf("%s: restartIce", p.Name)
		return s.step(i, negotiation.RestartICE{})
	case Candidate, CandidateNoUfrag, EndOfCandidates:
		p.Candidates++
		s.Gathered++
		c, _ := p.Stack.candidate(s.Gathered)
		switch mv.Kind {
		case CandidateNoUfrag:
			c.UsernameFragment = ""
		case EndOfCandidates:
			c.Candidate = ""
		}
		s.logf("%s: gathered %v", p.Name, c)
		return s.step(i, negotiation.LocalCandidate{Candidate: c})
	case FailOffer:
		p.Failures++
		return s.Fail(i, errors.New("createOffer failed"))
	}
	return fmt.Errorf("unknown move %v", mv)
}

// complete runs the pending operation of peer i on its stack and feeds the
// completion to its machine.
func (s *Sim) complete(i int) error {
	p := &s.Peers[i]
	a := p.Pending
	p.Pending = nil
	st := p.Stack
	var in negotiation.Input
	var d sdptype.Description
	var err error
	switch a := a.(type) {
	case *negotiation.SetLocal:
		switch a.Type {
		case sdptype.Offer:
			st, d = st.createOffer(a.ICERestart)
		case sdptype.Answer:
			st, d = st.createAnswer()
		default:
			d = sdptype.Description{Type: a.Type}
		}
		st.Session, _, err = st.Session.SetLocal(d)
		in = negotiation.LocalSet{Description: d}
		s.logf("%s: setLocalDescription(%v)", p.Name, d.Type)
	case *negotiation.SetRemote:
		if a.Description.Type == sdptype.Offer && st.Session.State() == signaling.HaveLocalOffer {
			// An implicit rollback: only stacks that have one (the option),
			// and only ever on the polite peer.
			if !s.Options.ImplicitRollback {
				return fmt.Errorf("%s: SetRemote(offer) in have-local-offer on a stack without implicit rollback", p.Name)
			}
			if p.Machine.Role() == negotiation.Impolite {
				return fmt.Errorf("%s: the impolite peer rolled back (implicitly)", p.Name)
			}
		}
		st.Session, _, err = st.Session.SetRemote(a.Description)
		in = negotiation.RemoteSet{}
		s.logf("%s: setRemoteDescription(%v)", p.Name, a.Description.Type)
	case *negotiation.AddCandidate:
		_, err = st.Session.CheckCandidate(a.Candidate)
		p.Added++
		in = negotiation.CandidateAdded{}
		s.logf("%s: addIceCandidate", p.Name)
	}
	if err != nil {
		return fmt.Errorf("%s: the machine asked for an operation the stack refuses: %w", p.Name, err)
	}
	p.Stack = st
	return s.step(i, in)
}

// step feeds in to peer i's machine and carries out the output.
func (s *Sim) step(i int, in negotiation.Input) error {
	p := &s.Peers[i]
	m, out := negotiation.Step(p.Machine, in)
	p.Machine = m
	for _, e := range out.Events {
		switch e := e.(type) {
		case *negotiation.SignalingChange:
			s.logf("%s: %v -> %v", p.Name, e.From, e.To)
		case *negotiation.NegotiationNeededEvent:
			s.logf("%s: negotiationneeded", p.Name)
			if p.Stack.Session.State() != signaling.Stable || p.Machine.Queued() > 0 || p.Pending != nil {
				return fmt.Errorf("%s: negotiationneeded outside stable or with operations pending", p.Name)
			}
		case *negotiation.Collision:
			s.logf("%s: %v", p.Name, e)
		case *negotiation.Negotiated:
		case *negotiation.Rejected:
			if _, failed := in.(negotiation.OpFailed); failed && errors.Is(e.Err, negotiation.ErrOperationFailed) {
				s.logf("%s: %v", p.Name, e)
				continue // the failure the test injected
			}
			if !s.Options.AllowRejects {
				return fmt.Errorf("%s: rejected: %w", p.Name, e.Err)
			}
			s.logf("%s: rejected: %v", p.Name, e.Err)
		}
	}
	for _, a := range out.Actions {
		switch a := a.(type) {
		case *negotiation.SetLocal, *negotiation.SetRemote, *negotiation.AddCandidate:
			if p.Pending != nil {
				return fmt.Errorf("%s: a second operation while one is in flight", p.Name)
			}
			if sl, ok := a.(*negotiation.SetLocal); ok {
				if sl.Type == sdptype.Rollback && p.Machine.Role() == negotiation.Impolite {
					return errors.New(p.Name + ": the impolite peer rolled back")
				}
				if sl.Type == sdptype.Offer && p.Stack.Session.State() != signaling.Stable {
					return fmt.Errorf("%s: an offer asked for in %v", p.Name, p.Stack.Session.State())
				}
			}
			p.Pending = a
		case *negotiation.SendDescription:
			s.send(i, Message{Description: a.Description})
		case *negotiation.SendCandidate:
			s.send(i, Message{Candidate: a.Candidate})
		case *negotiation.IgnoreDescription:
			s.logf("%s: ignore %v: %s", p.Name, a.Description.Type, a.Reason)
			if p.Machine.Role() == negotiation.Polite && a.Reason != negotiation.ReasonClosed {
				return errors.New(p.Name + ": the polite peer ignored an offer")
			}
		case *negotiation.IgnoreCandidate:
			p.Ignored++
			s.logf("%s: ignore candidate: %s", p.Name, a.Reason)
			// Without a ufrag, a candidate that arrives while an ICE-restart
			// offer is ignored could be of either generation: ignoring it is
			// the documented choice, so only candidates with a ufrag count.
			ambiguous := a.Candidate.Ufrag() == "" && (a.Reason == negotiation.ReasonIgnoredOffer || a.Reason == negotiation.ReasonWhileIgnoring)
			if t := gatheredFor(a.Candidate.Candidate); a.Reason != negotiation.ReasonNotLocal && a.Reason != negotiation.ReasonClosed && !ambiguous &&
				t != "" && (t == tag(p.Stack.Session.CurrentRemote()) || t == tag(p.Stack.Session.PendingRemote())) {
				return fmt.Errorf("%s: ignored a candidate of its own remote description (%s)", p.Name, a.Reason)
			}
		}
	}
	return nil
}

func (s *Sim) send(i int, msg Message) {
	s.Wire[i] = append(slices.Clip(s.Wire[i]), msg)
	s.Sent++
}

// Settle delivers every message and completes every operation, in a fixed
// order (a's operation, b's, then a->b, then b->a), until nothing is left.
// More than MaxSettle moves is an error: the peers do not converge.
func (s *Sim) Settle() error {
	for n := 0; !s.Quiet(); n++ {
		if n == MaxSettle {
			return fmt.Errorf("still not quiet after %d moves: a livelock", MaxSettle)
		}
		for _, mv := range []Move{{Complete, 0}, {Complete, 1}, {Deliver, 0}, {Deliver, 1}} {
			if s.Can(mv) {
				if err := s.Do(mv); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// MaxSettle bounds Settle: no schedule of the bounded moves needs more.
const MaxSettle = 10000

// Converged checks the outcome once Quiet: both peers stable, each one's
// current local description the other's current remote description, the
// machines agreeing with their stacks, nothing left to negotiate, every
// transceiver negotiated, every ICE restart done, every candidate added or
// ignored with a reason.
func (s *Sim) Converged() error {
	if !s.Quiet() {
		return errors.New("not quiet")
	}
	a, b := &s.Peers[0], &s.Peers[1]
	var problems []string
	for _, p := range []*Peer{a, b} {
		st := p.Stack.Session
		if st.State() != signaling.Stable {
			problems = append(problems, fmt.Sprintf("%s is %v", p.Name, st.State()))
		}
		if !p.Machine.Session().Equal(st) {
			problems = append(problems, p.Name+"'s machine disagrees with its stack")
		}
		if p.Machine.NegotiationNeeded() || p.Machine.Busy() || len(p.Machine.Waiting()) > 0 {
			problems = append(problems, p.Name+" still needs negotiation, has operations or waiting candidates")
		}
		if left := p.Stack.unnegotiated(); len(left) > 0 {
			problems = append(problems, fmt.Sprintf("%s never negotiated %v", p.Name, left))
		}
		if len(st.ICECredentialsToReplace()) > 0 || (p.Stack.restartFrom != "" && localUfrag(st) == p.Stack.restartFrom) {
			problems = append(problems, p.Name+"'s ICE restart never happened")
		}
	}
	if a.Stack.Session.CurrentLocal() != b.Stack.Session.CurrentRemote() || b.Stack.Session.CurrentLocal() != a.Stack.Session.CurrentRemote() {
		problems = append(problems, "the peers' current descriptions differ")
	}
	if got, want := a.Added+a.Ignored+b.Added+b.Ignored, a.Candidates+b.Candidates; got != want {
		problems = append(problems, fmt.Sprintf("%d candidates gathered, %d added or ignored", want, got))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Key identifies the state of s for deduplication: everything that decides
// what can happen next, not the transcript.
func (s *Sim) Key() [32]byte {
	h := sha256.New()
	for _, p := range s.Peers {
		st := p.Stack
		fmt.Fprintf(h, "%v|%v %v %d %d %s|%v|%d %d %d %d|%d %d|", p.Machine, st.Session, st.Local, st.iceGen, st.version, st.restartFrom,
			describe(p.Pending), p.Changes, p.Restarts, p.Candidates, p.Failures, p.Added, p.Ignored)
	}
	for _, w := range s.Wire {
		for _, msg := range w {
			fmt.Fprintf(h, "%v %v %q,", msg.Description, msg.Candidate, msg.Candidate.Candidate)
		}
		h.Write([]byte{'|'})
	}
	fmt.Fprintf(h, "%d %d", s.Sent, s.Gathered)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// describe prints an operation with the whole of its description or
// candidate, for Key.
func describe(a negotiation.Action) string {
	switch a := a.(type) {
	case *negotiation.SetRemote:
		return fmt.Sprintf("SetRemote(%v)", a.Description)
	case *negotiation.AddCandidate:
		return fmt.Sprintf("AddCandidate(%v %q)", a.Candidate, a.Candidate.Candidate)
	case nil:
		return "-"
	}
	return fmt.Sprint(a)
}

// Feed gives peer i's machine any input, outside the moves: bad messages,
// inputs after Close, completions that match nothing.
func (s *Sim) Feed(i int, in negotiation.Input) error {
	s.logf("%s: feed %T", s.Peers[i].Name, in)
	return s.step(i, in)
}

// Fail ends peer i's pending operation with OpFailed{err}; the stack does
// not change.
func (s *Sim) Fail(i int, err error) error {
	p := &s.Peers[i]
	if p.Pending == nil {
		return errors.New(p.Name + " has no operation to fail")
	}
	s.logf("%s: %v fails", p.Name, p.Pending)
	p.Pending = nil
	return s.step(i, negotiation.OpFailed{Err: err})
}

// Close closes peer i: its stack, then its machine.
func (s *Sim) Close(i int) error {
	p := &s.Peers[i]
	p.Stack.Session = p.Stack.Session.Close()
	p.Pending = nil
	s.logf("%s: close", p.Name)
	return s.step(i, negotiation.Close{})
}

// Bound limits what the applications of the two peers do: at most Changes
// changes, Restarts restartIce calls and Candidates gathered candidates per
// peer. Deliveries and completions are never limited.
type Bound struct {
	Changes, Restarts, Candidates int
	// Variants adds candidates without usernameFragment and
	// end-of-candidates (counted in Candidates).
	Variants bool
	// Failures is how many offers per peer may fail (FailOffer).
	Failures int
}

// Moves lists the moves possible in s within b, in a fixed order.
func (s *Sim) Moves(b Bound) []Move {
	var out []Move
	for i := range s.Peers {
		p := &s.Peers[i]
		for _, mv := range [...]struct {
			kind MoveKind
			ok   bool
		}{
			{Deliver, true},
			{Complete, true},
			{Change, p.Changes < b.Changes},
			{Restart, p.Restarts < b.Restarts},
			{Candidate, p.Candidates < b.Candidates},
			{CandidateNoUfrag, b.Variants && p.Candidates < b.Candidates},
			{EndOfCandidates, b.Variants && p.Candidates < b.Candidates},
			{FailOffer, p.Failures < b.Failures},
		} {
			m := Move{Kind: mv.kind, Peer: i}
			if mv.ok && s.Can(m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// localUfrag is the ufrag of the current local description, "" if none.
func localUfrag(st signaling.Session) string {
	f := facts(st.CurrentLocal())
	if len(f.Media) == 0 {
		return ""
	}
	return f.Media[0].ICE.Ufrag
}
