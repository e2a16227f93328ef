package negotiation

import (
	"strconv"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Options change how a Machine works with its stack.
type Options struct {
	// Rollback says how the polite peer withdraws its own offer when a
	// remote one collides with it: what the stack can do.
	Rollback RollbackMode
	// Signaling are the options of the signaling.Session the machine keeps.
	Signaling signaling.Options
	// ChainedCandidates: AddCandidate needs no completion. The caller starts
	// each so that it runs after what was started before it and before what
	// is started after it: on a stack with an operations chain (a browser's
	// addIceCandidate), or by calling a stack's blocking AddICECandidate
	// before starting anything else. The machine then goes on at once, as
	// if it were done: the candidates that waited behind a description
	// start together, with the operation after them, instead of one stack
	// round trip each. AddCandidateDone is refused (ErrNoOperation); a
	// failure comes back as CandidateFailed.
	ChainedCandidates bool
}

// RollbackMode is how the polite peer withdraws its offer on a collision.
// The impolite peer never withdraws, so the mode changes nothing for it.
type RollbackMode uint8

const (
	// ExplicitRollback (the default): SetLocal{Rollback} before
	// SetRemote{offer}, for stacks that roll back only when asked
	// (webrtc-rs/rtc since 2026-07, browsers too).
	ExplicitRollback RollbackMode = iota
	// ImplicitRollback: the stack rolls back by itself when a remote offer
	// meets its local one (browsers); the polite peer emits only
	// SetRemote{offer}. If that SetRemote fails, a stack that checks the
	// offer before rolling back (Chromium) still has its local offer: feed
	// OpFailed; one that keeps the rollback (Firefox, the W3C text) is in
	// stable without it: feed OpFailed{RolledBack: true}, and the machine
	// follows it to stable and offers its change again.
	ImplicitRollback
	// NoRollback: the stack cannot roll back at all (pion/webrtc v4,
	// aiortc). The polite peer defers its offers: CreateOffer creates one
	// without applying it; the machine sends it and holds it; its answer
	// is applied as SetLocal{Offer, Description: the offer sent}, then
	// SetRemote{answer}, with nothing between them; a colliding offer
	// drops it (OfferDropped), and the change is offered again, freshly
	// created, once stable. Give every transceiver a mid of its own peer's
	// (MidCollision says why). The impolite peer creates and applies its
	// offers at once, as in the other modes.
	NoRollback
)

// String returns the mode's name.
func (r RollbackMode) String() string {
	switch r {
	case ExplicitRollback:
		return "explicit rollback"
	case ImplicitRollback:
		return "implicit rollback"
	case NoRollback:
		return "no rollback (deferred offers)"
	}
	return "RollbackMode(" + strconv.Itoa(int(r)) + ")"
}

// Machine is one peer's Perfect Negotiation state (webrtc-pc "Perfect
// Negotiation Example", the current algorithm with
// isSettingRemoteAnswerPending). It is a value: Step returns a new Machine
// and never changes the one it was given.
type Machine struct {
	role Role
	opts Options

	// The flags of the W3C pattern, and two of ours (kept together: a
	// Machine is copied in and out of every Step).
	makingOffer                bool
	ignoreOffer                bool
	settingRemoteAnswerPending bool
	negotiationNeeded          bool // [[NegotiationNeeded]]
	offerOutstanding           bool // our offer is applied and sent, not yet answered

	session signaling.Session // the stack's state after every completed operation

	// The operations chain: the operation in flight and the ones queued
	// behind it, in order. Slices are never modified in place.
	inflight running
	ops      *chain // queued operations and waiting candidates; nil when both are empty

	requested  uint64 // negotiation requests so far (NegotiationNeeded and RestartICE inputs)
	failedAt   uint64 // requested when an offer last failed, while the flag is stuck up; 0 otherwise
	negotiated uint64 // requests covered by an answered offer of ours
	offerGen   uint64 // requests covered by our outstanding offer
	offers     uint64 // offers sent so far: the last one's id (SendDescription.OfferID)

	deferred *sdptype.Parsed // NoRollback: the offer created, sent and not applied; nil if none
	remote   *remoteHistory  // nil until a description is received; replaced, never written through
	recent   *recentParses   // nil until a description is parsed; replaced, never written through
}

// chain holds the operations queued behind the one in flight, in order,
// and the remote candidates waiting for their description. A Machine points
// to one and replaces it on change, never writing through it.
type chain struct {
	queue   []op
	waiting []op
	local   []sdptype.Candidate // local candidates held while a SetLocal is in flight
}

func (m *Machine) queue() []op {
	if m.ops == nil {
		return nil
	}
	return m.ops.queue
}

func (m *Machine) waiting() []op {
	if m.ops == nil {
		return nil
	}
	return m.ops.waiting
}

// setChain stores a new chain (the slices must not be shared with one that
// is later written to: callers build them with append on clipped slices).
func (m *Machine) setChain(queue, waiting []op) { m.setOps(queue, waiting, m.localHeld()) }

func (m *Machine) localHeld() []sdptype.Candidate {
	if m.ops == nil {
		return nil
	}
	return m.ops.local
}

func (m *Machine) setOps(queue, waiting []op, local []sdptype.Candidate) {
	if len(queue) == 0 && len(waiting) == 0 && len(local) == 0 {
		m.ops = nil
		return
	}
	m.ops = &chain{queue: orNil(queue), waiting: orNil(waiting), local: orNil(local)}
}

// orNil is s, or nil when s is empty: one Machine, one representation.
func orNil[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// remoteHistory is what the machine remembers of the descriptions it
// received. A Machine points to one and replaces it on change, so copying a
// Machine stays cheap.
type remoteHistory struct {
	last     sdptype.Description // last description received and not rejected
	seen     []string            // ufrags of every remote description received
	ignored  []string            // ufrags only ignored offers carried
	newUfrag bool                // the last ignored offer carried ufrags of its own (an ICE restart)
	dropped  []sdptype.Media     // m-sections our dropped deferred offers introduced (mid and kind)
}

// history returns a copy of the remote history to change and store back.
func (m *Machine) history() remoteHistory {
	if m.remote == nil {
		return remoteHistory{}
	}
	return *m.remote
}

// recentParses holds the last offer and the last answer (or pranswer) the
// machine parsed from each side, indexed by recentIndex. Every description
// is parsed against them as well as against the Session's four
// (Session.Parse): a side's offer mostly repeats that side's last offer
// section by section, and an answer its last answer, while the Session may
// hold only the other kind by then (an answer follows the offer; a rollback
// forgets it). The result is the same Parsed either way; only the work
// differs.
type recentParses [4]sdptype.Parsed

func recentIndex(side signaling.Side, t sdptype.Type) int {
	i := 0
	if side == signaling.Remote {
		i = 2
	}
	if t != sdptype.Offer {
		i++
	}
	return i
}

// parse parses d, from side, as Session.Parse does, and keeps it in recent.
func (m *Machine) parse(side signaling.Side, d sdptype.Description) (sdptype.Parsed, error) {
	var also []sdptype.Parsed
	if m.recent != nil {
		also = m.recent[:]
	}
	p, err := m.session.Parse(d, also...)
	if err != nil {
		return p, err
	}
	i := recentIndex(side, d.Type)
	if m.recent == nil || m.recent[i].Description().SDP != d.SDP {
		var r recentParses
		if m.recent != nil {
			r = *m.recent
		}
		r[i] = p
		m.recent = &r
	}
	return p, nil
}

// opKind is the kind of an entry of the operations chain.
type opKind uint8

const (
	opNone      opKind = iota
	opOffer            // SetLocal{Offer} (or CreateOffer, deferring), completed by SetLocalDone (CreateOfferDone)
	opRemote           // a remote description: [rollback,] SetRemote, [SetLocal{Answer}, Send]
	opCandidate        // a remote candidate: AddCandidate, or an Ignore
)

// step says where an opRemote is.
type step uint8

const (
	stepRollback step = iota + 1 // SetLocal{Rollback} in flight
	stepOffer                    // SetLocal{Offer} of the deferred offer in flight, before its answer
	stepRemote                   // SetRemote in flight
	stepAnswer                   // SetLocal{Answer} in flight
)

// running is the operation in flight.
type running struct {
	kind opKind
	step step
	desc sdptype.Parsed // opRemote: the description, parsed once at arrival
	gen  uint64         // opOffer: requests it covers
	id   uint64         // opRemote: the OfferID it came with
}

// op is an entry of the chain: what runs, and for a candidate the candidate.
type op struct {
	running
	cand          sdptype.Candidate // opCandidate
	whileIgnoring bool              // opCandidate: arrived while ignoreOffer was set
	ofNewUfrag    bool              // opCandidate: ... and that offer carried new ufrags
	parked        bool              // opCandidate: of an ignored offer, waiting for the peer's next description
}

// New returns the machine of a peer with role r (Polite or Impolite) in a
// new connection: stable, nothing negotiated.
func New(r Role, o Options) (Machine, error) {
	if r != Polite && r != Impolite {
		return Machine{}, &Error{Input: "New", Err: ErrRole, Reason: "role must be Polite or Impolite"}
	}
	if o.Rollback > NoRollback {
		return Machine{}, &Error{Input: "New", Err: sdptype.ErrTypeError, Reason: "unknown RollbackMode " + o.Rollback.String()}
	}
	return Machine{role: r, opts: o, session: signaling.New(o.Signaling)}, nil
}

// Role returns the machine's role.
func (m Machine) Role() Role { return m.role }

// Options returns the options the machine was made with.
func (m Machine) Options() Options { return m.opts }

// Session returns the signaling state of the stack as the machine knows it:
// every operation completed so far applied.
func (m Machine) Session() signaling.Session { return m.session }

// State returns the signaling state.
func (m Machine) State() signaling.State { return m.session.State() }

// NegotiationNeeded returns the flag [[NegotiationNeeded]] of webrtc-pc:
// true from the moment negotiationneeded fires until the next return to
// stable finds nothing left to negotiate.
func (m Machine) NegotiationNeeded() bool { return m.negotiationNeeded }

// MakingOffer returns makingOffer: an offer is being created and applied.
func (m Machine) MakingOffer() bool { return m.makingOffer }

// IgnoreOffer returns ignoreOffer: the last description received was an
// offer this (impolite) peer ignored.
func (m Machine) IgnoreOffer() bool { return m.ignoreOffer }

// Busy reports whether an operation is in flight or queued.
func (m Machine) Busy() bool { return m.busy() }

// Quiet reports whether the machine waits for nothing: no operation in
// flight or queued, no remote candidate waiting for its description, no
// local candidate held, and no offer of this peer (applied or deferred)
// waiting for its answer.
// A quiet machine changes only when something comes from outside: the
// application, the other peer or the ICE agent. Under ChainedCandidates
// the stack may still be running candidates the machine started, and a
// CandidateFailed may follow. (A negotiation that failed
// leaves NegotiationNeeded set on a quiet machine until the next request.)
func (m Machine) Quiet() bool { return !m.busy() && m.ops == nil && !m.offerOutstanding }

func (m *Machine) busy() bool { return m.inflight.kind != opNone || len(m.queue()) > 0 }

// Queued returns how many operations wait behind the one in flight.
func (m Machine) Queued() int { return len(m.queue()) }

// Waiting returns the remote candidates waiting for their description.
func (m Machine) Waiting() []sdptype.Candidate {
	w := m.waiting()
	c := make([]sdptype.Candidate, len(w))
	for i, o := range w {
		c[i] = o.cand
	}
	return c
}

// Generations returns how many negotiation requests were made and how many
// are satisfied by answered offers of this peer.
func (m Machine) Generations() (requested, negotiated uint64) { return m.requested, m.negotiated }

// restartPending reports whether restartIce's credentials are still to replace.
func (m *Machine) restartPending() bool { return m.session.ICERestartPending() }

// defers reports whether this peer defers its offers (NoRollback, polite).
func (m *Machine) defers() bool { return m.opts.Rollback == NoRollback && m.role == Polite }

// Deferred returns the offer this peer created and sent without applying
// it (NoRollback), and whether there is one.
func (m Machine) Deferred() (sdptype.Description, bool) {
	if m.deferred == nil {
		return sdptype.Description{}, false
	}
	return m.deferred.Description(), true
}

// needed is "check if negotiation is needed" for what the machine tracks:
// a request not covered by an answered offer, or a pending ICE restart.
func (m *Machine) needed() bool { return m.requested > m.negotiated || m.restartPending() }
