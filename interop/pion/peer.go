package pion

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/webrtc/v4"
)

// Options configure a Peer.
type Options struct {
	// Negotiation are the options of the machine. Its Rollback mode is
	// chosen by the probe unless ForceRollback: NoRollback (deferred
	// offers) when pion cannot roll back (v4), ExplicitRollback when it can.
	Negotiation negotiation.Options
	// ForceRollback: use Negotiation.Rollback as given, even a mode pion
	// cannot carry out (a polite Peer then fails at its first collision
	// with a *RollbackError).
	ForceRollback bool
	// MidPrefix names the mids the Peer gives the transceivers added to pc
	// ("" is "p" for the polite peer, "i" for the impolite one): before it
	// creates an offer or applies a remote one, every transceiver without a
	// mid gets MidPrefix and a number. pion would number them itself when
	// it creates an offer and keep the number when a deferred offer is
	// dropped, and the other peer's offer may give that number to another
	// kind (negotiation.MidCollision). It also keeps pion from pairing a
	// remote offer's m-section with a transceiver the application added:
	// that one gets its own m-section, as a browser's addTransceiver does.
	MidPrefix string
	// PionMids: leave mids to pion (not recommended; for tests).
	PionMids bool
	// Send sends a message to the other peer, in order, over a reliable
	// channel. Required. Run calls it from its goroutine; an error ends Run.
	Send func(Message) error
	// Observe, if set, is called from Run after every Step, before the
	// Output's actions are carried out: the input, the Output, the machine
	// and the error Step returned (a refused input: a bad message from the
	// other peer, say; the machine is unchanged and Run goes on, unless
	// the input was a completion). It must not block for long.
	Observe func(in negotiation.Input, out negotiation.Output, m negotiation.Machine, err error)
	// IgnoreStackNegotiationNeeded: do not feed pion's negotiationneeded to
	// the machine; the application reports its changes with Negotiate.
	IgnoreStackNegotiationNeeded bool
}

// Peer runs a negotiation.Machine on a pion PeerConnection. Its methods
// are safe from any goroutine; one goroutine at a time runs Run, which owns
// the machine and makes every PeerConnection call the machine asks for.
type Peer struct {
	pc       *webrtc.PeerConnection
	opts     Options
	role     negotiation.Role
	refusal  error      // pion's refusal to roll back, from the probe; nil if it can
	midMu    sync.Mutex // held while mids are given and pion creates or applies an offer
	mids     int        // private mids given so far; guarded by midMu
	running  atomic.Bool
	notify   chan struct{} // capacity 1: wakes Run
	failed   error         // the error that ended Run, returned again by later Runs; owned by Run
	mu       sync.Mutex    // guards the fields below
	queue    []pending     // inputs waiting for Run, first first
	closing  bool          // Close was called
	snapshot negotiation.Machine
}

// pending is a queued input, or the error of a message that is none.
type pending struct {
	in  negotiation.Input
	err error
}

// New returns a Peer that negotiates on pc with role (see negotiation.RoleFor).
// It registers pc's OnNegotiationNeeded and OnICECandidate handlers,
// replacing any set before; make changes to pc after New, or report them
// with Negotiate, since pion fires negotiationneeded only once until the
// next return to stable. New probes once per process whether pion can roll
// back (RollbackSupported): see CanRollback.
func New(pc *webrtc.PeerConnection, role negotiation.Role, opts Options) (*Peer, error) {
	if pc == nil {
		return nil, &Error{Op: "New", Err: ErrOptions, Reason: "no PeerConnection"}
	}
	if opts.Send == nil {
		return nil, &Error{Op: "New", Err: ErrOptions, Reason: "no Send"}
	}
	m, err := negotiation.New(role, opts.Negotiation)
	if err != nil {
		return nil, &Error{Op: "New", Cause: err}
	}
	refusal, err := defaultProbe()
	if err != nil {
		return nil, err
	}
	if !opts.ForceRollback {
		opts.Negotiation.Rollback = negotiation.ExplicitRollback
		if refusal != nil {
			opts.Negotiation.Rollback = negotiation.NoRollback
		}
		if m, err = negotiation.New(role, opts.Negotiation); err != nil {
			return nil, &Error{Op: "New", Cause: err}
		}
	}
	if opts.MidPrefix == "" {
		opts.MidPrefix = map[negotiation.Role]string{negotiation.Polite: "p", negotiation.Impolite: "i"}[role]
	}
	p := &Peer{pc: pc, opts: opts, role: role, refusal: refusal, notify: make(chan struct{}, 1), snapshot: m}
	// pion calls these from its own goroutines, some while holding its
	// locks, and OnICECandidate also from inside SetLocalDescription: they
	// only queue.
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		p.push(pending{in: &negotiation.LocalCandidate{Candidate: fromPionCandidate(c)}})
	})
	pc.OnNegotiationNeeded(func() {
		if !opts.IgnoreStackNegotiationNeeded {
			p.push(pending{in: &negotiation.NegotiationNeeded{FromStack: true}})
		}
	})
	return p, nil
}

// PeerConnection returns the PeerConnection p negotiates on.
func (p *Peer) PeerConnection() *webrtc.PeerConnection { return p.pc }

// CanRollback reports what the probe found: whether pion can roll back a
// local offer. When it cannot, the Peer defers its offers (unless
// Options.ForceRollback).
func (p *Peer) CanRollback() bool { return p.refusal == nil }

// Machine returns the machine as the last Step left it.
func (p *Peer) Machine() negotiation.Machine {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.snapshot
}

// Receive queues a message from the other peer for Run. A message that is
// not exactly one description or candidate ends Run, when Run reaches it,
// with an *Error that unwraps to ErrMessage: the signaling channel is
// broken.
func (p *Peer) Receive(m Message) {
	in, err := m.Input()
	if err != nil {
		p.push(pending{err: &Error{Op: "Receive", Err: ErrMessage}})
		return
	}
	p.push(pending{in: in})
}

// Negotiate reports that the application changed something to negotiate
// (NegotiationNeeded). With pion's negotiationneeded fed in (the default)
// the change is reported already; a second report may cost one more offer.
func (p *Peer) Negotiate() { p.push(pending{in: &negotiation.NegotiationNeeded{}}) }

// RestartICE asks for an ICE restart (*negotiation.RestartICE): the next
// offer is created with ICERestart.
func (p *Peer) RestartICE() { p.push(pending{in: &negotiation.RestartICE{}}) }

// Close closes the PeerConnection and makes Run feed negotiation.Close
// ahead of any queued input and return nil. It returns pion's error.
func (p *Peer) Close() error {
	p.mu.Lock()
	p.closing = true
	p.mu.Unlock()
	p.wake()
	return p.pc.Close()
}

func (p *Peer) push(it pending) {
	p.mu.Lock()
	p.queue = append(p.queue, it)
	p.mu.Unlock()
	p.wake()
}

func (p *Peer) wake() {
	select {
	case p.notify <- struct{}{}:
	default:
	}
}

// next waits for the next input: Close once Close was called, else the
// first queued one. It returns false when ctx is done.
func (p *Peer) next(ctx context.Context) (pending, bool) {
	for {
		if ctx.Err() != nil {
			return pending{}, false
		}
		p.mu.Lock()
		switch {
		case p.closing:
			p.mu.Unlock()
			return pending{in: &negotiation.Close{}}, true
		case len(p.queue) > 0:
			it := p.queue[0]
			p.queue[0] = pending{}
			p.queue = p.queue[1:]
			p.mu.Unlock()
			return it, true
		}
		p.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-p.notify:
		}
	}
}

// Run is the loop: it feeds queued inputs to the machine one at a time and
// carries out each Output's actions in order. Each operation (CreateOffer,
// SetLocal, SetRemote, AddCandidate) is a synchronous pion call whose completion is
// fed at once, before any queued input (under ChainedCandidates an
// AddCandidate has none: only its failure, queued). Run returns nil when ctx is done
// or after Close, and an error (*Error or *RollbackError) when the peer
// cannot go on: Send failed, a message was malformed, pion cannot roll
// back, or the machine and pion disagree. After an error every Run returns
// it again; close the PeerConnection.
func (p *Peer) Run(ctx context.Context) error {
	if !p.running.CompareAndSwap(false, true) {
		return &Error{Op: "Run", Err: ErrRunning}
	}
	defer p.running.Store(false)
	if p.failed != nil {
		return p.failed
	}
	for {
		it, ok := p.next(ctx)
		if !ok {
			return nil
		}
		if it.err != nil {
			p.failed = it.err
			return it.err
		}
		for in := it.in; in != nil; {
			var err error
			if in, err = p.step(in); err != nil {
				p.failed = err
				return err
			}
		}
		if _, ok := it.in.(*negotiation.Close); ok {
			return nil
		}
	}
}

// step feeds in to the machine and carries out the Output. It returns the
// completion of the operation the Output asked for, or nil.
func (p *Peer) step(in negotiation.Input) (negotiation.Input, error) {
	p.mu.Lock()
	m, out, err := negotiation.Step(p.snapshot, in)
	p.snapshot = m
	p.mu.Unlock()
	if p.opts.Observe != nil {
		p.opts.Observe(in, out, m, err)
	}
	if err != nil {
		return nil, refused(in, err)
	}
	var done negotiation.Input
	for _, a := range out.Actions {
		c, err := p.do(a)
		if err != nil {
			return nil, err
		}
		if f, ok := c.(*negotiation.CandidateFailed); ok {
			p.push(pending{in: f}) // fed after this Output, as any input
			continue
		}
		if c != nil {
			if done != nil {
				return nil, &Error{Op: "Step", Err: ErrOutOfStep, Reason: "two operations in one Output"}
			}
			done = c
		}
	}
	return done, nil
}

// do carries out one action. It returns the completion of the operation
// the action asked for, or nil.
func (p *Peer) do(a negotiation.Action) (negotiation.Input, error) {
	switch a := a.(type) {
	case *negotiation.CreateOffer:
		p.midMu.Lock()
		p.privateMids()
		d, err := p.pc.CreateOffer(&webrtc.OfferOptions{ICERestart: a.ICERestart})
		p.midMu.Unlock()
		if err != nil {
			return &negotiation.OpFailed{Err: err}, nil
		}
		return &negotiation.CreateOfferDone{Description: sdptype.Description{Type: sdptype.Offer, SDP: d.SDP}}, nil
	case *negotiation.SetLocal:
		p.midMu.Lock()
		defer p.midMu.Unlock()
		p.privateMids()
		return p.setLocal(a)
	case *negotiation.SetRemote:
		p.midMu.Lock()
		defer p.midMu.Unlock()
		p.privateMids()
		return p.setRemote(a)
	case *negotiation.AddCandidate:
		return p.addCandidate(a), nil
	case *negotiation.SendDescription, *negotiation.SendCandidate:
		msg, _ := MessageFor(a) // true for these two
		if err := p.opts.Send(msg); err != nil {
			return nil, &Error{Op: "Send", Err: ErrSend, Cause: err}
		}
		return nil, nil
	case *negotiation.IgnoreDescription, *negotiation.IgnoreCandidate:
		return nil, nil // nothing to do: Observe has seen them
	default:
		return nil, &Error{Op: "Step", Err: ErrUnknownAction, Reason: fmt.Sprintf("%T", a)}
	}
}

// refused returns an ErrOutOfStep error if in, which the machine refused,
// is a completion: the machine still waits for an operation pion has
// finished. Any other refused input (a bad message) was for Observe only.
func refused(in negotiation.Input, err error) error {
	switch in.(type) {
	case *negotiation.CreateOfferDone, *negotiation.SetLocalDone, *negotiation.SetRemoteDone, *negotiation.AddCandidateDone, *negotiation.OpFailed:
		return &Error{Op: "Step", Err: ErrOutOfStep, Cause: err}
	}
	return nil
}
