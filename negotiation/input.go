package negotiation

import "github.com/glare-rtc/glare/sdptype"

// Input is everything that can happen to a peer: application requests,
// messages from the other peer, events of the local ICE agent, and the
// completion of each operation the caller performed. The set is closed.
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
// SetLocal still in flight is not counted until its LocalSet arrives, so
// feed RestartICE from the same loop, after the completions before it.
type RestartICE struct{}

// ReceivedDescription: the other peer sent a description.
type ReceivedDescription struct{ Description sdptype.Description }

// ReceivedCandidate: the other peer sent an ICE candidate (an empty one is
// end-of-candidates).
type ReceivedCandidate struct{ Candidate sdptype.Candidate }

// LocalCandidate: the local ICE agent gathered a candidate (an empty one is
// end-of-candidates). It is sent to the other peer.
type LocalCandidate struct{ Candidate sdptype.Candidate }

// LocalSet completes a SetLocal action: the description the stack applied
// (the offer or answer it created, or a rollback).
type LocalSet struct{ Description sdptype.Description }

// RemoteSet completes a SetRemote action.
type RemoteSet struct{}

// CandidateAdded completes an AddCandidate action.
type CandidateAdded struct{}

// OpFailed completes the operation in flight with the stack's error.
type OpFailed struct{ Err error }

// Close: the connection was closed. Every later input is rejected.
type Close struct{}

func (NegotiationNeeded) input()   {}
func (RestartICE) input()          {}
func (ReceivedDescription) input() {}
func (ReceivedCandidate) input()   {}
func (LocalCandidate) input()      {}
func (LocalSet) input()            {}
func (RemoteSet) input()           {}
func (CandidateAdded) input()      {}
func (OpFailed) input()            {}
func (Close) input()               {}
