package negotiation

import (
	"fmt"

	"github.com/glare-rtc/glare/sdptype"
)

// String describes the action on one line.
func (a *CreateOffer) String() string {
	if a.ICERestart {
		return "CreateOffer(ICE restart)"
	}
	return "CreateOffer"
}

// String describes the action on one line.
func (a *SetLocal) String() string {
	s := "SetLocal(" + a.Type.String()
	if a.ICERestart {
		s += ", ICE restart"
	}
	if !a.Description.IsZero() {
		s += ", the one sent"
	}
	return s + ")"
}

// String describes the action on one line.
func (a *SetRemote) String() string { return "SetRemote(" + a.Description.Type.String() + ")" }

// String describes the action on one line.
func (a *AddCandidate) String() string {
	return "AddCandidate(" + a.Candidate.String() + ")"
}

// String describes the action on one line.
func (a *SendDescription) String() string {
	switch {
	case a.OfferID == 0:
		return fmt.Sprintf("SendDescription(%v)", a.Description.Type)
	case a.Description.Type == sdptype.Offer:
		return fmt.Sprintf("SendDescription(offer #%d)", a.OfferID)
	}
	return fmt.Sprintf("SendDescription(%v to #%d)", a.Description.Type, a.OfferID)
}

// String describes the action on one line.
func (a *SendCandidate) String() string { return "SendCandidate(" + a.Candidate.String() + ")" }

// String describes the action on one line.
func (a *IgnoreDescription) String() string {
	return "IgnoreDescription(" + a.Description.Type.String() + ": " + a.Reason.String() + ")"
}

// String describes the action on one line.
func (a *IgnoreCandidate) String() string {
	return "IgnoreCandidate(" + a.Candidate.String() + ": " + a.Reason.String() + ")"
}

// String describes the event on one line.
func (e *SignalingChange) String() string { return e.From.String() + " -> " + e.To.String() }

// String describes the event on one line.
func (e *NegotiationNeededEvent) String() string { return "negotiationneeded" }

// String describes the event on one line.
func (e *Collision) String() string {
	if e.Accepted {
		return "collision, " + e.Role.String() + ": roll back and accept"
	}
	return "collision, " + e.Role.String() + ": ignore"
}

// String describes the event on one line.
func (e *OfferDropped) String() string { return "dropped our deferred offer" }

// String describes the event on one line.
func (e *MidCollision) String() string {
	return "mid collision: " + e.Mid + " was our " + e.Local + " in a dropped offer, the remote offer's " + e.Remote
}

// String describes the event on one line.
func (e *Negotiated) String() string {
	return fmt.Sprintf("negotiated (offer from %v side, generation %d)", e.Offerer, e.Generation)
}

// String describes the event on one line.
func (e *Rejected) String() string { return "rejected: " + e.Err.Error() }
