package negotiation

import "fmt"

// String methods print one deterministic line per action or event, for logs
// and test transcripts.

func (a *SetLocal) String() string {
	if a.ICERestart {
		return "SetLocal(" + a.Type.String() + ", ICE restart)"
	}
	return "SetLocal(" + a.Type.String() + ")"
}
func (a *SetRemote) String() string { return "SetRemote(" + a.Description.Type.String() + ")" }
func (a *AddCandidate) String() string {
	return "AddCandidate(" + a.Candidate.String() + ")"
}
func (a *SendDescription) String() string {
	return "SendDescription(" + a.Description.Type.String() + ")"
}
func (a *SendCandidate) String() string { return "SendCandidate(" + a.Candidate.String() + ")" }
func (a *IgnoreDescription) String() string {
	return "IgnoreDescription(" + a.Description.Type.String() + ": " + string(a.Reason) + ")"
}
func (a *IgnoreCandidate) String() string {
	return "IgnoreCandidate(" + a.Candidate.String() + ": " + string(a.Reason) + ")"
}

func (e *SignalingChange) String() string        { return e.From.String() + " -> " + e.To.String() }
func (e *NegotiationNeededEvent) String() string { return "negotiationneeded" }
func (e *Collision) String() string {
	if e.Accepted {
		return "collision, " + e.Role.String() + ": roll back and accept"
	}
	return "collision, " + e.Role.String() + ": ignore"
}
func (e *Negotiated) String() string {
	return fmt.Sprintf("negotiated (offer from %v side, generation %d)", e.Offerer, e.Generation)
}
func (e *Rejected) String() string { return "rejected: " + e.Err.Error() }
