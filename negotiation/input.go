package negotiation

import "github.com/glare-rtc/glare/sdptype"

// Input is everything that can happen to a peer: application requests,
// messages from the other peer, events of the local ICE agent, and the
// completion of each operation the caller performed. The set is closed:
// *NegotiationNeeded, *RestartICE, *ReceivedDescription,
// *ReceivedCandidate, *LocalCandidate, *SetLocalDone, *SetRemoteDone,
// *AddCandidateDone, *OpFailed and *Close. A nil pointer is refused.
type Input interface{ input() }

// NegotiationNeeded: the application changed something that needs
// negotiating (added a track or transceiver, changed a direction, opened the
// first data channel), or the stack fired negotiationneeded. Repeated
// requests coalesce; one made while an offer is in flight causes exactly one
// follow-up offer.
type NegotiationNeeded struct{}

// RestartICE: the application called restartIce(). The request is sticky: it
// survives rollback and is satisfied only when an answer leaves no old
// credentials. On a connection that never negotiated it does nothing. It
// marks the credentials of the local descriptions the machine knows: a
// SetLocal still in flight is not counted until its SetLocalDone arrives,
// so feed RestartICE from the same loop, after the completions before it.
type RestartICE struct{}

// ReceivedDescription: the other peer sent a description.
type ReceivedDescription struct{ Description sdptype.Description }

// ReceivedCandidate: the other peer sent an ICE candidate (an empty one is
// end-of-candidates).
type ReceivedCandidate struct{ Candidate sdptype.Candidate }

// LocalCandidate: the local ICE agent gathered a candidate (an empty one is
// end-of-candidates). It is sent to the other peer.
type LocalCandidate struct{ Candidate sdptype.Candidate }

// SetLocalDone completes a SetLocal action: Description is what the stack
// applied (the offer or answer it created, or a rollback).
type SetLocalDone struct{ Description sdptype.Description }

// SetRemoteDone completes a SetRemote action.
type SetRemoteDone struct{}

// AddCandidateDone completes an AddCandidate action.
type AddCandidateDone struct{}

// OpFailed completes the operation in flight (SetLocal, SetRemote or
// AddCandidate) with the stack's error.
type OpFailed struct{ Err error }

// Close: the connection was closed. Every later input is refused.
type Close struct{}

func (*NegotiationNeeded) input()   {}
func (*RestartICE) input()          {}
func (*ReceivedDescription) input() {}
func (*ReceivedCandidate) input()   {}
func (*LocalCandidate) input()      {}
func (*SetLocalDone) input()        {}
func (*SetRemoteDone) input()       {}
func (*AddCandidateDone) input()    {}
func (*OpFailed) input()            {}
func (*Close) input()               {}

// inputName names an input for errors, and reports whether it is a non-nil
// input of this package.
func inputName(in Input) (string, bool) {
	switch in := in.(type) {
	case *NegotiationNeeded:
		return "NegotiationNeeded", in != nil
	case *RestartICE:
		return "RestartICE", in != nil
	case *ReceivedDescription:
		if in == nil {
			return "ReceivedDescription", false
		}
		return "ReceivedDescription(" + in.Description.Type.String() + ")", true
	case *ReceivedCandidate:
		return "ReceivedCandidate", in != nil
	case *LocalCandidate:
		return "LocalCandidate", in != nil
	case *SetLocalDone:
		if in == nil {
			return "SetLocalDone", false
		}
		return "SetLocalDone(" + in.Description.Type.String() + ")", true
	case *SetRemoteDone:
		return "SetRemoteDone", in != nil
	case *AddCandidateDone:
		return "AddCandidateDone", in != nil
	case *OpFailed:
		return "OpFailed", in != nil
	case *Close:
		return "Close", in != nil
	case nil:
		return "nil input", false
	}
	return "unknown input", false
}
