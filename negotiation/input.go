package negotiation

import "github.com/glare-rtc/glare/sdptype"

// Input is everything that can happen to a peer: application requests,
// messages from the other peer, events of the local ICE agent, and the
// completion of each operation the caller performed. The set is closed:
// *NegotiationNeeded, *RestartICE, *ReceivedDescription,
// *ReceivedCandidate, *LocalCandidate, *CreateOfferDone, *SetLocalDone,
// *SetRemoteDone, *AddCandidateDone, *CandidateFailed, *OpFailed and
// *Close. A nil pointer is refused.
type Input interface {
	input() bool // reports whether the pointer is not nil
}

// NegotiationNeeded: the application changed something that needs
// negotiating (added a track or transceiver, changed a direction, opened the
// first data channel), or the stack fired negotiationneeded. Repeated
// requests coalesce; one made while an offer is in flight causes exactly one
// follow-up offer, except while CreateOffer is in flight: the offer it
// creates covers it (see CreateOffer).
type NegotiationNeeded struct {
	// FromStack: the stack fired negotiationneeded, as webrtc-pc says,
	// which it does again once stable while something is left to
	// negotiate. Then one that comes while an offer of ours is being made
	// or waits for its answer (until that answer arrives) is covered by
	// that offer: no follow-up offer for it. A browser fires one after each CreateOffer that follows a
	// return to stable, since it sees the deferred offer as not applied.
	FromStack bool
}

// RestartICE: the application called restartIce(). The request is sticky: it
// survives rollback and is satisfied only when an answer leaves no old
// credentials. On a connection that never negotiated it does nothing. It
// marks the credentials of the local descriptions the machine knows: a
// SetLocal still in flight is not counted until its SetLocalDone arrives,
// so feed RestartICE from the same loop, after the completions before it.
type RestartICE struct{}

// ReceivedDescription: the other peer sent a description. OfferID is the
// id the other peer's machine sent beside it (SendDescription.OfferID): for
// an offer, its own id of the offer, echoed in our answer; for an answer or
// pranswer, the id of our offer it answers, and one that names any other
// offer is ignored (ReasonOtherOffer). 0 means none: a peer that sends no
// ids (a plain browser page) answers whatever offer is outstanding.
type ReceivedDescription struct {
	Description sdptype.Description
	OfferID     uint64
}

// ReceivedCandidate: the other peer sent an ICE candidate (an empty one is
// end-of-candidates).
type ReceivedCandidate struct{ Candidate sdptype.Candidate }

// LocalCandidate: the local ICE agent gathered a candidate (an empty one is
// end-of-candidates). It is sent to the other peer.
type LocalCandidate struct{ Candidate sdptype.Candidate }

// CreateOfferDone completes a CreateOffer action (NoRollback): Description
// is the offer the stack created and did not apply.
type CreateOfferDone struct{ Description sdptype.Description }

// SetLocalDone completes a SetLocal action: Description is what the stack
// applied (the offer or answer it created, or Description{Type: Rollback}
// after a rollback, whose SDP is ignored). Its Type must be the SetLocal's:
// another is refused (ErrNoOperation) and changes nothing.
type SetLocalDone struct{ Description sdptype.Description }

// SetRemoteDone completes a SetRemote action.
type SetRemoteDone struct{}

// AddCandidateDone completes an AddCandidate action.
type AddCandidateDone struct{}

// CandidateFailed reports that an AddCandidate started under
// Options.ChainedCandidates failed in the stack with Err. The machine, which
// went on without waiting, reports it as Rejected and changes nothing else:
// a failed candidate leaves the signaling state as it was. Without
// ChainedCandidates it is refused (ErrNoOperation): use OpFailed; after
// Close, as any input, it is refused too.
type CandidateFailed struct {
	Candidate sdptype.Candidate
	Err       error
}

// OpFailed completes the operation in flight (CreateOffer, SetLocal,
// SetRemote or AddCandidate) with the stack's error.
//
// RolledBack says the stack kept a rollback it did before failing: with
// ImplicitRollback, a SetRemote of an offer that met our applied offer
// failed and the stack is now in stable without that offer, as Firefox
// does and the W3C text says ("does not undo rollback"). Chromium checks
// the offer first and changes nothing: leave it false. The caller reads
// it from the stack (signalingState is stable after the failure). It is
// refused for any other operation in flight.
type OpFailed struct {
	Err        error
	RolledBack bool
}

// Close: the connection was closed. Every later input is refused.
type Close struct{}

func (in *NegotiationNeeded) input() bool   { return in != nil }
func (in *RestartICE) input() bool          { return in != nil }
func (in *ReceivedDescription) input() bool { return in != nil }
func (in *ReceivedCandidate) input() bool   { return in != nil }
func (in *LocalCandidate) input() bool      { return in != nil }
func (in *CreateOfferDone) input() bool     { return in != nil }
func (in *SetLocalDone) input() bool        { return in != nil }
func (in *SetRemoteDone) input() bool       { return in != nil }
func (in *AddCandidateDone) input() bool    { return in != nil }
func (in *CandidateFailed) input() bool     { return in != nil }
func (in *OpFailed) input() bool            { return in != nil }
func (in *Close) input() bool               { return in != nil }

// inputName names an input for errors.
func inputName(in Input) string {
	switch in := in.(type) {
	case *NegotiationNeeded:
		return "NegotiationNeeded"
	case *RestartICE:
		return "RestartICE"
	case *ReceivedDescription:
		if in == nil {
			return "ReceivedDescription"
		}
		return "ReceivedDescription(" + in.Description.Type.String() + ")"
	case *ReceivedCandidate:
		return "ReceivedCandidate"
	case *LocalCandidate:
		return "LocalCandidate"
	case *CreateOfferDone:
		return "CreateOfferDone"
	case *SetLocalDone:
		if in == nil {
			return "SetLocalDone"
		}
		return "SetLocalDone(" + in.Description.Type.String() + ")"
	case *SetRemoteDone:
		return "SetRemoteDone"
	case *AddCandidateDone:
		return "AddCandidateDone"
	case *CandidateFailed:
		return "CandidateFailed"
	case *OpFailed:
		return "OpFailed"
	case *Close:
		return "Close"
	case nil:
		return "nil input"
	}
	return "unknown input"
}
