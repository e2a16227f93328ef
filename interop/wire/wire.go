// Package wire is the signaling message the interop peers exchange: one
// description or one candidate per message, as JSON in the browser's own
// encoding ({"description":{"type":..,"sdp":..}} or {"candidate":{..}}).
package wire

import (
	"encoding/json"
	"errors"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// Message carries exactly one of Description and Candidate.
type Message struct {
	Description *sdptype.Description `json:"description,omitempty"`
	Candidate   *sdptype.Candidate   `json:"candidate,omitempty"`
}

// ErrMessage: a message that is not exactly one description or candidate.
var ErrMessage = errors.New("wire: message needs exactly one of description and candidate")

// FromAction returns the message a SendDescription or SendCandidate action
// sends, and false for any other action.
func FromAction(a negotiation.Action) (Message, bool) {
	switch a := a.(type) {
	case *negotiation.SendDescription:
		d := a.Description
		return Message{Description: &d}, true
	case *negotiation.SendCandidate:
		c := a.Candidate
		return Message{Candidate: &c}, true
	}
	return Message{}, false
}

// Input is the input a received message feeds to the machine.
func (m Message) Input() (negotiation.Input, error) {
	switch {
	case m.Description != nil && m.Candidate == nil:
		return negotiation.ReceivedDescription{Description: *m.Description}, nil
	case m.Candidate != nil && m.Description == nil:
		return negotiation.ReceivedCandidate{Candidate: *m.Candidate}, nil
	}
	return nil, ErrMessage
}

// Decode parses one message.
func Decode(data []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return Message{}, err
	}
	if _, err := m.Input(); err != nil {
		return Message{}, err
	}
	return m, nil
}
