package negotiation

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Output is what one Step asks of the caller: Actions to perform in order,
// and Events to observe.
type Output struct {
	Actions []Action
	Events  []Event
}

// Action is something the caller must do. The set is closed: *CreateOffer,
// *SetLocal, *SetRemote, *AddCandidate, *SendDescription, *SendCandidate,
// *IgnoreDescription and *IgnoreCandidate. CreateOffer, SetLocal, SetRemote
// and AddCandidate are operations: the caller starts them and reports their
// end with CreateOfferDone, SetLocalDone, SetRemoteDone, AddCandidateDone
// or OpFailed. At most one operation is in flight at a time.
type Action interface{ action() }

// CreateOffer asks for createOffer only (NoRollback, the polite peer):
// create an offer, with new ICE credentials if ICERestart, and do not apply
// it. Report it with CreateOfferDone; the machine sends it, and asks for it
// to be applied (SetLocal with its Description) only when its answer comes.
// The offer covers every change made before CreateOfferDone, as webrtc-pc's
// createOffer does (it creates the offer again if the connection changed
// before it resolves): a NegotiationNeeded fed meanwhile asks for no
// further offer. A stack whose offer can miss such a change fires
// negotiationneeded again once the answer makes it stable, as webrtc-pc
// and pion do; feed it.
type CreateOffer struct{ ICERestart bool }

// SetLocal asks for setLocalDescription. For Offer and Answer the stack
// creates the description first (createOffer/createAnswer, or the
// parameterless setLocalDescription); with ICERestart the offer must carry
// new ICE credentials. Report the applied description with SetLocalDone;
// for Rollback that is Description{Type: Rollback} (its SDP is ignored).
//
// With a Description (NoRollback), the stack applies exactly that offer,
// the one it created and the machine sent; it creates nothing.
type SetLocal struct {
	Type        sdptype.Type
	ICERestart  bool
	Description sdptype.Description // NoRollback: the deferred offer to apply; zero otherwise
}

// SetRemote asks for setRemoteDescription(Description). Report with SetRemoteDone.
type SetRemote struct{ Description sdptype.Description }

// AddCandidate asks for addIceCandidate(Candidate). Report with AddCandidateDone.
type AddCandidate struct{ Candidate sdptype.Candidate }

// SendDescription: send Description to the other peer, with OfferID beside
// it (in the signaling message, never inside the SDP). For an offer,
// OfferID is this machine's id of it: 1, 2, 3... in the order sent. For an
// answer, it is the id of the offer answered (0 if that offer came without
// one).
type SendDescription struct {
	Description sdptype.Description
	OfferID     uint64
}

// SendCandidate: send Candidate to the other peer.
type SendCandidate struct{ Candidate sdptype.Candidate }

// IgnoreDescription: a received description is dropped, for Reason.
type IgnoreDescription struct {
	Description sdptype.Description
	Reason      Reason
}

// IgnoreCandidate: a candidate is dropped, for Reason: a received one, or a
// local one of a description that was rolled back (ReasonNotLocal) or of an
// m-section the answer bundled into another's transport (ReasonBundled).
type IgnoreCandidate struct {
	Candidate sdptype.Candidate
	Reason    Reason
}

func (*CreateOffer) action()       {}
func (*SetLocal) action()          {}
func (*SetRemote) action()         {}
func (*AddCandidate) action()      {}
func (*SendDescription) action()   {}
func (*SendCandidate) action()     {}
func (*IgnoreDescription) action() {}
func (*IgnoreCandidate) action()   {}

// Event is something the caller may observe. The set is closed:
// *SignalingChange, *NegotiationNeededEvent, *Collision, *OfferDropped,
// *MidCollision, *Negotiated and *Rejected.
type Event interface{ event() }

// SignalingChange is a signalingstatechange, in the order a browser fires them.
type SignalingChange struct{ From, To signaling.State }

// NegotiationNeededEvent is negotiationneeded: the flag went from false to
// true (in stable, with no operation pending), or, after a failed offer
// left it set, a new request came while stable and idle. The offer starts
// at once.
type NegotiationNeededEvent struct{}

// Collision: an offer arrived while this peer was making or had made its
// own. Accepted is true for the polite peer (it rolls back and answers) and
// false for the impolite one (it ignores the offer).
type Collision struct {
	Role     Role
	Accepted bool
}

// OfferDropped: the polite peer (NoRollback) dropped its deferred offer,
// never applied, for a colliding remote offer. Its stack stays stable; the
// change is offered again, with a freshly created offer, once stable.
type OfferDropped struct{ Description sdptype.Description }

// MidCollision: a remote offer gives Mid, which an offer of ours that was
// dropped had introduced for a Local m-section, to a Remote m-section of
// another media kind. A stack that keeps the mids it assigned at
// createOffer (pion/webrtc v4) pairs its transceiver with that m-section
// and answers with the wrong kind (refused: InvalidAccessError), or merges
// the two. Give every transceiver a mid of its own peer's before any offer
// (pion: RTPTransceiver.SetMid).
type MidCollision struct {
	Mid           string
	Local, Remote string // media kinds: ours in the dropped offer, theirs now
}

// Negotiated: an offer/answer exchange finished in stable. Generation is
// the number of this peer's own negotiation requests now satisfied (an
// exchange the other peer offered satisfies none of them).
type Negotiated struct {
	Offerer    signaling.Side // Local when this peer made the offer
	Generation uint64
}

// Rejected: something the machine had accepted failed later. Err is an
// *Error. Two cases: OpFailed (the stack failed the operation in flight,
// which ends), and a description or candidate that reached the head of the
// chain and was refused there (it is dropped). An input refused when it is fed is
// not an event: Step returns its error and the machine it was given.
type Rejected struct{ Err error }

func (*SignalingChange) event()        {}
func (*NegotiationNeededEvent) event() {}
func (*Collision) event()              {}
func (*OfferDropped) event()           {}
func (*MidCollision) event()           {}
func (*Negotiated) event()             {}
func (*Rejected) event()               {}
