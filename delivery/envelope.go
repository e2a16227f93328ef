package delivery

import (
	"encoding/json"
	"fmt"
)

// Envelope is what travels on the channel: one message, or none (a pure
// acknowledgement, or a hello from a link that knows no peer yet), with
// the sender's session, the peer session it is meant for, its sequence
// number and the sender's cumulative acknowledgement. Its JSON is the wire
// format (doc.go).
type Envelope struct {
	From      string  `json:"from"`                // the sender's session id
	FromEpoch uint64  `json:"fromEpoch,omitempty"` // and its epoch (Link.receive)
	To        string  `json:"to"`                  // the receiver's session id as the sender last saw it; "" before it saw one
	ToEpoch   uint64  `json:"toEpoch,omitempty"`   // and its epoch
	Seq       uint64  `json:"seq,omitempty"`       // 1, 2, 3... per direction and conversation; 0 with no message
	Ack       uint64  `json:"ack"`                 // every message of the receiver up to Ack was delivered
	Message   Message `json:"msg,omitzero"`        // set exactly when Seq is not 0
}

// DecodeEnvelope parses one envelope from its JSON and checks its fields
// as Step does (Receive would refuse it otherwise).
func DecodeEnvelope(data []byte) (Envelope, error) {
	var e Envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return Envelope{}, &Error{Op: "decode", Err: ErrData, Cause: err}
	}
	if err := e.check(); err != nil {
		return Envelope{}, err
	}
	return e, nil
}

// check reports what makes e malformed on its own.
func (e Envelope) check() error {
	bad := func(reason string, cause error) error {
		return &Error{Op: "receive", Err: ErrData, Reason: reason, Cause: cause}
	}
	switch {
	case e.From == "":
		return bad("no sender session", nil)
	case e.Seq == 0 && !e.Message.IsZero():
		return bad("a message without a sequence number", nil)
	case e.Seq != 0:
		if _, err := e.Message.Input(); err != nil {
			return bad(fmt.Sprintf("sequence number %d", e.Seq), err)
		}
	}
	return nil
}

// String describes the envelope on one line, for transcripts:
// "a1->b1 seq 3 ack 2: offer #2", "a1->? ack 0".
func (e Envelope) String() string {
	to := e.To
	if to == "" {
		to = "?"
	}
	if e.ToEpoch != 0 {
		to += "/" + utoa(e.ToEpoch)
	}
	from := e.From
	if e.FromEpoch != 0 {
		from += "/" + utoa(e.FromEpoch)
	}
	s := from + "->" + to
	if e.Seq != 0 {
		s += " seq " + utoa(e.Seq)
	}
	s += " ack " + utoa(e.Ack)
	if e.Seq != 0 {
		s += ": " + e.Message.String()
	}
	return s
}
