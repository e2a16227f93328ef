package delivery

import (
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// Message is what one peer's machine sends the other: a description with
// its offer id (negotiation.SendDescription), or a candidate
// (negotiation.SendCandidate). Exactly one of Description and Candidate is
// set; both are in the browser's JSON form (RTCSessionDescriptionInit,
// RTCIceCandidateInit). The zero Message is none, as in a pure
// acknowledgement.
type Message struct {
	Description *sdptype.Description `json:"description,omitempty"`
	OfferID     uint64               `json:"offerId,omitempty"`
	Candidate   *sdptype.Candidate   `json:"candidate,omitempty"`
}

// MessageFor returns the message a SendDescription or SendCandidate action
// sends, and false for any other action.
func MessageFor(a negotiation.Action) (Message, bool) {
	switch a := a.(type) {
	case *negotiation.SendDescription:
		if a == nil {
			return Message{}, false
		}
		d := a.Description
		return Message{Description: &d, OfferID: a.OfferID}, true
	case *negotiation.SendCandidate:
		if a == nil {
			return Message{}, false
		}
		c := a.Candidate
		return Message{Candidate: &c}, true
	}
	return Message{}, false
}

// Input returns the input that feeds m to the machine: ReceivedDescription
// (with the offer id) or ReceivedCandidate. A message that is not exactly
// one description or candidate, or a candidate with an offer id, is a
// TypeError.
func (m Message) Input() (negotiation.Input, error) {
	switch {
	case m.Description != nil && m.Candidate == nil:
		return &negotiation.ReceivedDescription{Description: *m.Description, OfferID: m.OfferID}, nil
	case m.Candidate != nil && m.Description == nil && m.OfferID == 0:
		return &negotiation.ReceivedCandidate{Candidate: *m.Candidate}, nil
	}
	return nil, &Error{Op: "message", Err: sdptype.ErrTypeError, Reason: "not exactly one description or candidate"}
}

// IsZero reports whether m is no message at all.
func (m Message) IsZero() bool { return m == Message{} }

// String names the message: "offer #2", "answer to #2", "answer",
// "candidate".
func (m Message) String() string {
	switch {
	case m.Candidate != nil:
		return "candidate"
	case m.Description == nil:
		return "none"
	case m.OfferID == 0:
		return m.Description.Type.String()
	case m.Description.Type == sdptype.Offer:
		return "offer #" + utoa(m.OfferID)
	}
	return m.Description.Type.String() + " to #" + utoa(m.OfferID)
}
