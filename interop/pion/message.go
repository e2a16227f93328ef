package pion

import (
	"encoding/json"
	"errors"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// Message is what a Peer sends and receives over the signaling channel:
// exactly one of Description and Candidate, and beside a description the
// machine's OfferID (negotiation.SendDescription: an answer names the offer
// it answers). Its JSON is the browser's own ({"description":{"type":..,
// "sdp":..},"offerId":1} or {"candidate":{..}}), so a browser peer can send
// JSON.stringify({description: pc.localDescription}): no offerId is id 0,
// none. It is the msg of a delivery.Envelope.
type Message struct {
	Description *sdptype.Description `json:"description,omitempty"`
	OfferID     uint64               `json:"offerId,omitempty"`
	Candidate   *sdptype.Candidate   `json:"candidate,omitempty"`
}

// ErrMessage: a message that is not exactly one description or candidate.
var ErrMessage = errors.New("pion: message needs exactly one of description and candidate")

// MessageFor returns the message a SendDescription or SendCandidate action
// sends, and false for any other action.
func MessageFor(a negotiation.Action) (Message, bool) {
	switch a := a.(type) {
	case *negotiation.SendDescription:
		d := a.Description
		return Message{Description: &d, OfferID: a.OfferID}, true
	case *negotiation.SendCandidate:
		c := a.Candidate
		return Message{Candidate: &c}, true
	default:
		return Message{}, false
	}
}

// Input is the input a received message feeds to the machine.
func (m Message) Input() (negotiation.Input, error) {
	switch {
	case m.Description != nil && m.Candidate == nil:
		return &negotiation.ReceivedDescription{Description: *m.Description, OfferID: m.OfferID}, nil
	case m.Candidate != nil && m.Description == nil && m.OfferID == 0:
		return &negotiation.ReceivedCandidate{Candidate: *m.Candidate}, nil
	}
	return nil, ErrMessage
}

// DecodeMessage parses one message. Its error is an *Error that unwraps
// to ErrMessage, or to the JSON decoder's error (sdptype.ErrTypeError for a
// bad description type).
func DecodeMessage(data []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return Message{}, &Error{Op: "DecodeMessage", Cause: err}
	}
	if _, err := m.Input(); err != nil {
		return Message{}, &Error{Op: "DecodeMessage", Err: err}
	}
	return m, nil
}
