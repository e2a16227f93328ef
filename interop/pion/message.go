package pion

import (
	"encoding/json"
	"errors"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/negotiation"
)

// Message is what a Peer sends and receives over the signaling channel:
// delivery.Message, exactly one of Description and Candidate, and beside a
// description the machine's OfferID (an answer names the offer it
// answers). Its JSON is the browser's own ({"description":{"type":..,
// "sdp":..},"offerId":1} or {"candidate":{..}}), so a browser peer can send
// JSON.stringify({description: pc.localDescription}): no offerId is id 0,
// none. It is the msg of a delivery.Envelope.
type Message = delivery.Message

// ErrMessage: a message that is not exactly one description or candidate.
var ErrMessage = errors.New("pion: message needs exactly one of description and candidate")

// MessageFor returns the message a SendDescription or SendCandidate action
// sends, and false for any other action.
func MessageFor(a negotiation.Action) (Message, bool) { return delivery.MessageFor(a) }

// DecodeMessage parses one message. Its error is an *Error that unwraps
// to ErrMessage, or to the JSON decoder's error (sdptype.ErrTypeError for a
// bad description type).
func DecodeMessage(data []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return Message{}, &Error{Op: "DecodeMessage", Cause: err}
	}
	if _, err := m.Input(); err != nil {
		return Message{}, &Error{Op: "DecodeMessage", Err: ErrMessage}
	}
	return m, nil
}
