// Package bridge is what the browser page and the WebAssembly build of
// package negotiation exchange. The page turns every browser event,
// completion and signaling message into an Input; Step answers with the
// Output: the actions to carry out, in order, and the events. The page
// passes an Input as its JSON form (Decode), the SDP of its description
// beside it as raw text or as the id of a text it gave before (Held), and
// gets the Output back as JSON (AppendJSON). The package builds for any
// platform, so it is tested natively; ../wasm only exports it to
// JavaScript.
package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Input is one input as JSON: Kind names it, and Description, Candidate or
// Error carry its payload.
//
//	negotiationneeded: fromStack (the browser fired it: NegotiationNeeded.FromStack)
//	restartice, close, setremotedone, addcandidatedone: no payload
//	description: description ({"type":..,"sdp":..}) and offerId (the other
//	  machine's id of it, 0 for none)
//	createofferdone, setlocaldone: description
//	candidate, localcandidate: candidate (RTCIceCandidate.toJSON())
//	failed: error ({"name":..,"message":..}, a DOMException) and rolledBack
//	  (the stack kept its implicit rollback: see negotiation.OpFailed)
//	candidatefailed: candidate and error (negotiation.CandidateFailed)
type Input struct {
	Kind        string               `json:"kind"`
	Description *sdptype.Description `json:"description,omitempty"`
	Candidate   *sdptype.Candidate   `json:"candidate,omitempty"`
	Error       *DOMError            `json:"error,omitempty"`
	OfferID     uint64               `json:"offerId,omitempty"`
	RolledBack  bool                 `json:"rolledBack,omitempty"`
	FromStack   bool                 `json:"fromStack,omitempty"`
}

// DOMError is an exception the browser threw, as the error of OpFailed.
type DOMError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

func (e *DOMError) Error() string { return e.Name + ": " + e.Message }

// ErrInput is an input the bridge cannot decode.
var ErrInput = errors.New("bridge: bad input")

// Decode reads one input in its JSON form.
func Decode(data []byte) (Input, error) {
	if in, ok := decodeFast(data); ok {
		return in, nil
	}
	return decodeJSON(data)
}

// decodeJSON is Decode by encoding/json alone.
func decodeJSON(data []byte) (Input, error) {
	var in Input
	if err := json.Unmarshal(data, &in); err != nil {
		return Input{}, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return in, nil
}

// Input returns the negotiation.Input in stands for.
func (in Input) Input() (negotiation.Input, error) {
	need := func(ok bool, what string) error {
		if !ok {
			return fmt.Errorf("%w: %s needs %s", ErrInput, strconv.Quote(in.Kind), what)
		}
		return nil
	}
	switch in.Kind {
	case "negotiationneeded":
		return &negotiation.NegotiationNeeded{FromStack: in.FromStack}, nil
	case "restartice":
		return &negotiation.RestartICE{}, nil
	case "close":
		return &negotiation.Close{}, nil
	case "setremotedone":
		return &negotiation.SetRemoteDone{}, nil
	case "addcandidatedone":
		return &negotiation.AddCandidateDone{}, nil
	case "description":
		if err := need(in.Description != nil, "a description"); err != nil {
			return nil, err
		}
		return &negotiation.ReceivedDescription{Description: *in.Description, OfferID: in.OfferID}, nil
	case "setlocaldone":
		if err := need(in.Description != nil, "a description"); err != nil {
			return nil, err
		}
		return &negotiation.SetLocalDone{Description: *in.Description}, nil
	case "createofferdone":
		if err := need(in.Description != nil, "a description"); err != nil {
			return nil, err
		}
		return &negotiation.CreateOfferDone{Description: *in.Description}, nil
	case "candidate":
		if err := need(in.Candidate != nil, "a candidate"); err != nil {
			return nil, err
		}
		return &negotiation.ReceivedCandidate{Candidate: *in.Candidate}, nil
	case "localcandidate":
		if err := need(in.Candidate != nil, "a candidate"); err != nil {
			return nil, err
		}
		return &negotiation.LocalCandidate{Candidate: *in.Candidate}, nil
	case "failed":
		if err := need(in.Error != nil, "an error"); err != nil {
			return nil, err
		}
		return &negotiation.OpFailed{Err: in.Error, RolledBack: in.RolledBack}, nil
	case "candidatefailed":
		if err := need(in.Candidate != nil && in.Error != nil, "a candidate and an error"); err != nil {
			return nil, err
		}
		return &negotiation.CandidateFailed{Candidate: *in.Candidate, Err: in.Error}, nil
	}
	return nil, fmt.Errorf("%w: unknown kind %s", ErrInput, strconv.Quote(in.Kind))
}

// Action is one action as JSON. Do is setlocal (with Type and ICERestart),
// setremote, addcandidate, send (a signaling message: Description with its
// OfferID, or Candidate), or ignore (Reason, and the ignored Description or Candidate).
type Action struct {
	Do          string               `json:"do"`
	Type        string               `json:"type,omitempty"`
	ICERestart  bool                 `json:"iceRestart,omitempty"`
	Description *sdptype.Description `json:"description,omitempty"`
	Candidate   *sdptype.Candidate   `json:"candidate,omitempty"`
	Reason      string               `json:"reason,omitempty"`
	OfferID     uint64               `json:"offerId,omitempty"`
}

// Event is one event as JSON. Event is signalingstatechange (From, To),
// negotiationneeded, collision (Accepted), negotiated (Local, Generation)
// or rejected (Error).
type Event struct {
	Event      string `json:"event"`
	From       string `json:"from,omitempty"`
	To         string `json:"to,omitempty"`
	Accepted   bool   `json:"accepted,omitempty"`
	Local      bool   `json:"local,omitempty"`
	Generation uint64 `json:"generation,omitempty"`
	Error      string `json:"error,omitempty"`
}

// Output is one Step's output as JSON, with the machine's state after it.
type Output struct {
	Actions []Action `json:"actions"`
	Events  []Event  `json:"events"`
	State   string   `json:"state"`
	// Idle: no operation in flight or queued, no candidate waiting
	// (negotiation.Machine.Quiet: chained candidates may still run).
	Idle bool `json:"idle"`
	// Pending: a negotiation request is not yet answered.
	Pending bool `json:"pending"`
}

// Encode turns a Step's output, and the machine it returned, into JSON form.
func Encode(m negotiation.Machine, out negotiation.Output) Output {
	o := Output{
		Actions: make([]Action, 0, len(out.Actions)),
		Events:  make([]Event, 0, len(out.Events)),
		State:   m.State().String(),
		Idle:    !m.Busy() && m.Queued() == 0 && len(m.Waiting()) == 0,
	}
	requested, negotiated := m.Generations()
	o.Pending = requested > negotiated || m.NegotiationNeeded()
	for _, a := range out.Actions {
		o.Actions = append(o.Actions, action(a))
	}
	for _, e := range out.Events {
		o.Events = append(o.Events, event(e))
	}
	return o
}

func action(a negotiation.Action) Action {
	switch a := a.(type) {
	case *negotiation.CreateOffer:
		return Action{Do: "createoffer", ICERestart: a.ICERestart}
	case *negotiation.SetLocal:
		act := Action{Do: "setlocal", Type: a.Type.String(), ICERestart: a.ICERestart}
		if !a.Description.IsZero() {
			act.Description = &a.Description // the deferred offer to apply
		}
		return act
	case *negotiation.SetRemote:
		return Action{Do: "setremote", Description: &a.Description}
	case *negotiation.AddCandidate:
		return Action{Do: "addcandidate", Candidate: &a.Candidate}
	case *negotiation.SendDescription:
		return Action{Do: "send", Description: &a.Description, OfferID: a.OfferID}
	case *negotiation.SendCandidate:
		return Action{Do: "send", Candidate: &a.Candidate}
	case *negotiation.IgnoreDescription:
		return Action{Do: "ignore", Description: &a.Description, Reason: a.Reason.String()}
	case *negotiation.IgnoreCandidate:
		return Action{Do: "ignore", Candidate: &a.Candidate, Reason: a.Reason.String()}
	}
	return Action{Do: fmt.Sprintf("unknown %T", a)}
}

func event(e negotiation.Event) Event {
	switch e := e.(type) {
	case *negotiation.SignalingChange:
		return Event{Event: "signalingstatechange", From: e.From.String(), To: e.To.String()}
	case *negotiation.NegotiationNeededEvent:
		return Event{Event: "negotiationneeded"}
	case *negotiation.Collision:
		return Event{Event: "collision", Accepted: e.Accepted}
	case *negotiation.OfferDropped:
		return Event{Event: "offerdropped"}
	case *negotiation.MidCollision:
		return Event{Event: "midcollision", Error: e.String()}
	case *negotiation.Negotiated:
		return Event{Event: "negotiated", Local: e.Offerer == signaling.Local, Generation: e.Generation}
	case *negotiation.Rejected:
		return Event{Event: "rejected", Error: e.Err.Error()}
	}
	return Event{Event: fmt.Sprintf("unknown %T", e)}
}

// Peers are the machines of one page, by handle, with the SDP texts the
// page gave each (Held).
type Peers struct {
	machines []negotiation.Machine
	held     []Held
	copied   []int // bytes of SDP StepJSON was given
}

// New makes a machine for role "polite" or "impolite" and returns its handle.
func (p *Peers) New(role string, opts negotiation.Options) (int, error) {
	r := map[string]negotiation.Role{"polite": negotiation.Polite, "impolite": negotiation.Impolite}[role]
	m, err := negotiation.New(r, opts)
	if err != nil {
		return 0, err
	}
	p.machines = append(p.machines, m)
	p.held = append(p.held, Held{})
	p.copied = append(p.copied, 0)
	return len(p.machines) - 1, nil
}

// ErrHandle is a handle New never returned.
var ErrHandle = errors.New("bridge: unknown handle")

// Step feeds one input to the machine of handle h and returns the encoded
// output. An input that does not convert, or that the machine refuses,
// leaves the machine as it was.
func (p *Peers) Step(h int, input Input) (Output, error) {
	if h < 0 || h >= len(p.machines) {
		return Output{}, fmt.Errorf("%w %d", ErrHandle, h)
	}
	in, err := input.Input()
	if err != nil {
		return Output{}, err
	}
	m, out, err := negotiation.Step(p.machines[h], in)
	if err != nil {
		// A refused input, reported to the page as a rejected event (the
		// page fails on it, as on any Rejected); the machine is unchanged.
		out.Events = []negotiation.Event{&negotiation.Rejected{Err: err}}
	}
	p.machines[h] = m
	return Encode(m, out), nil
}

// ErrSDPRef is an SDP id that names no held text, or that comes with an
// input without a description.
var ErrSDPRef = errors.New("bridge: SDP id names no held text")

// StepJSON is Step in the page's wire form: data is the input's JSON
// (Decode); when sdpID is not 0, its description's SDP is the text held as
// sdpID. A non-empty sdp is held as sdpID first, whatever comes next, as
// the page holds it. The output is appended to b as JSON, each description
// whose SDP is held by reference (AppendJSON).
func (p *Peers) StepJSON(h int, data []byte, sdp string, sdpID uint32, b []byte) ([]byte, error) {
	if h < 0 || h >= len(p.machines) {
		return nil, fmt.Errorf("%w %d", ErrHandle, h)
	}
	held := &p.held[h]
	if sdp != "" {
		held.Add(sdpID, sdp)
		p.copied[h] += len(sdp)
	}
	in, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if sdpID != 0 {
		text, ok := held.Text(sdpID)
		if !ok || in.Description == nil {
			return nil, fmt.Errorf("%w: %d", ErrSDPRef, sdpID)
		}
		in.Description.SDP = text
	}
	out, err := p.Step(h, in)
	if err != nil {
		return nil, err
	}
	return out.AppendJSON(b, held.ID)
}

// Copied returns the bytes of SDP StepJSON was given for handle h, or -1
// for a handle New never returned.
func (p *Peers) Copied(h int) int {
	if h < 0 || h >= len(p.copied) {
		return -1
	}
	return p.copied[h]
}

// AppendJSON appends o as JSON: the value json.Marshal gives (a description
// member may come last in its action), written in one pass, without
// json.Marshal's second scan of the SDP, which is most of the bytes.
//
// held, when not nil, names the SDP texts the page holds already: a
// description whose SDP held numbers (n > 0) is written
// {"type":..,"ref":n}, without its SDP, and the page puts back the text it
// holds as n. Every description the machine outputs is one it was given,
// so nearly no SDP crosses back out.
func (o Output) AppendJSON(b []byte, held func(sdp string) int) ([]byte, error) {
	b = append(b, `{"actions":[`...)
	for i, a := range o.Actions {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = a.appendJSON(b, held); err != nil {
			return nil, err
		}
	}
	b = append(b, `],"events":[`...)
	for i, e := range o.Events {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendJSON(b)
	}
	b = append(b, `],"state":`...)
	b = appendString(b, o.State)
	b = append(b, `,"idle":`...)
	b = strconv.AppendBool(b, o.Idle)
	b = append(b, `,"pending":`...)
	b = strconv.AppendBool(b, o.Pending)
	return append(b, '}'), nil
}

// appendJSON appends a: the value json.Marshal gives (its bytes but for
// the escapes of a candidate's strings).
func (a Action) appendJSON(b []byte, held func(string) int) ([]byte, error) {
	b = append(b, `{"do":`...)
	b = appendString(b, a.Do)
	if a.Type != "" {
		b = append(b, `,"type":`...)
		b = appendString(b, a.Type)
	}
	if a.ICERestart {
		b = append(b, `,"iceRestart":true`...)
	}
	if c := a.Candidate; c != nil {
		j, err := c.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"candidate":`...), j...)
	}
	if a.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, a.Reason)
	}
	if a.OfferID != 0 {
		b = append(b, `,"offerId":`...)
		b = strconv.AppendUint(b, a.OfferID, 10)
	}
	if d := a.Description; d != nil {
		b = append(b, `,"description":`...)
		if n := 0; held != nil && d.Type.Valid() {
			if n = held(d.SDP); n > 0 {
				b = append(b, `{"type":`...)
				b = appendString(b, d.Type.String())
				b = strconv.AppendInt(append(b, `,"ref":`...), int64(n), 10)
				return append(b, '}', '}'), nil
			}
		}
		j, err := d.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, j...)
	}
	return append(b, '}'), nil
}

// appendJSON appends e as json.Marshal writes it.
func (e Event) appendJSON(b []byte) []byte {
	b = append(b, `{"event":`...)
	b = appendString(b, e.Event)
	for _, m := range [...]struct{ key, v string }{{`,"from":`, e.From}, {`,"to":`, e.To}} {
		if m.v != "" {
			b = appendString(append(b, m.key...), m.v)
		}
	}
	if e.Accepted {
		b = append(b, `,"accepted":true`...)
	}
	if e.Local {
		b = append(b, `,"local":true`...)
	}
	if e.Generation != 0 {
		b = append(b, `,"generation":`...)
		b = strconv.AppendUint(b, e.Generation, 10)
	}
	if e.Error != "" {
		b = appendString(append(b, `,"error":`...), e.Error)
	}
	return append(b, '}')
}

// appendString appends s as a JSON string, as json.Marshal writes it.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s) // escapes; a string always marshals
			return append(b, j...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
