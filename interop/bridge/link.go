package bridge

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/glare-rtc/glare/delivery"
)

// Links are the delivery links of one page, by handle: the page's end of
// a signaling channel that may lose, copy and reorder (package delivery).
type Links struct{ links []delivery.Link }

// LinkOutput is one link Step's output as JSON: the events, the messages
// to feed the machine in order ({"description":..,"offerId":..} or
// {"candidate":..}), the envelopes to put on the channel (each one's JSON
// text, the wire format), and when to Tick next.
type LinkOutput struct {
	Events   []LinkEvent        `json:"events"`
	Deliver  []delivery.Message `json:"deliver"`
	Transmit []string           `json:"transmit"`
	// Timeout is the time of the next tick in milliseconds since the Unix
	// epoch (Date.now()), or -1 for none.
	Timeout float64 `json:"timeout"`
}

// LinkEvent is one delivery event: connected, peerrestarted,
// retransmitted, dropped (with Reason) or failed; Text describes it.
type LinkEvent struct {
	Event  string `json:"event"`
	Text   string `json:"text"`
	Reason string `json:"reason,omitempty"`
}

// New makes a link for session id and returns its handle.
func (ls *Links) New(session string, o delivery.Options) (int, error) {
	l, err := delivery.New(session, o)
	if err != nil {
		return 0, err
	}
	ls.links = append(ls.links, l)
	return len(ls.links) - 1, nil
}

// Step feeds one input to the link of handle h at nowMs (milliseconds
// since the Unix epoch): kind "send" with data a message's JSON, "receive"
// with data an envelope's JSON, or "tick". A refused input leaves the link
// as it was.
func (ls *Links) Step(h int, nowMs float64, kind string, data []byte) (LinkOutput, error) {
	if h < 0 || h >= len(ls.links) {
		return LinkOutput{}, fmt.Errorf("%w %d", ErrHandle, h)
	}
	var in delivery.Input
	switch kind {
	case "send":
		var m delivery.Message
		if err := json.Unmarshal(data, &m); err != nil {
			return LinkOutput{}, fmt.Errorf("%w: %w", ErrInput, err)
		}
		in = &delivery.Send{Message: m}
	case "receive":
		e, err := delivery.DecodeEnvelope(data)
		if err != nil {
			return LinkOutput{}, err
		}
		in = &delivery.Receive{Envelope: e}
	case "tick":
		in = &delivery.Tick{}
	default:
		return LinkOutput{}, fmt.Errorf("%w: unknown link input %q", ErrInput, kind)
	}
	l, out, err := delivery.Step(ls.links[h], time.UnixMilli(0).Add(time.Duration(nowMs*float64(time.Millisecond))), in)
	if err != nil {
		return LinkOutput{}, err
	}
	ls.links[h] = l
	o := LinkOutput{Events: make([]LinkEvent, 0, len(out.Events)), Deliver: out.Deliver, Transmit: make([]string, 0, len(out.Transmit)), Timeout: -1}
	if o.Deliver == nil {
		o.Deliver = []delivery.Message{}
	}
	for _, e := range out.Events {
		o.Events = append(o.Events, linkEvent(e))
	}
	for _, e := range out.Transmit {
		b, err := json.Marshal(e)
		if err != nil {
			return LinkOutput{}, err
		}
		o.Transmit = append(o.Transmit, string(b))
	}
	if t, ok := l.Timeout(); ok {
		o.Timeout = float64(t.UnixMicro()) / 1000
	}
	return o, nil
}

func linkEvent(e delivery.Event) LinkEvent {
	ev := LinkEvent{Text: e.String()}
	switch e := e.(type) {
	case *delivery.Connected:
		ev.Event = "connected"
	case *delivery.PeerRestarted:
		ev.Event = "peerrestarted"
	case *delivery.Retransmitted:
		ev.Event = "retransmitted"
	case *delivery.Dropped:
		ev.Event, ev.Reason = "dropped", e.Reason.String()
	case *delivery.Failed:
		ev.Event = "failed"
	default:
		ev.Event = fmt.Sprintf("unknown %T", e)
	}
	return ev
}
