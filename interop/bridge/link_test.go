package bridge

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
)

// TestLinksCarryMessages: a message given to one page link arrives at the
// other once, with its offer id, through the envelopes' JSON text; a copy
// of an envelope is dropped as a duplicate; the timeout is in Date.now()
// milliseconds.
func TestLinksCarryMessages(t *testing.T) {
	var ls Links
	a, err := ls.New("a1", delivery.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ls.New("b1", delivery.Options{})
	now := 1_700_000_000_000.0
	step := func(h int, kind string, data string) LinkOutput {
		t.Helper()
		out, err := ls.Step(h, now, kind, []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		return out
	}
	// Hellos both ways, then each knows the other.
	ha, hb := step(a, "tick", ""), step(b, "tick", "")
	if len(ha.Transmit) != 1 || len(hb.Transmit) != 1 {
		t.Fatalf("hellos: %v %v", ha.Transmit, hb.Transmit)
	}
	if out := step(b, "receive", ha.Transmit[0]); len(out.Events) != 1 || out.Events[0].Event != "connected" {
		t.Fatalf("b got a's hello: %+v", out)
	}
	step(a, "receive", hb.Transmit[0])

	msg := delivery.Message{Description: &sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}, OfferID: 4}
	j, _ := json.Marshal(msg)
	sent := step(a, "send", string(j))
	if len(sent.Transmit) != 1 || sent.Timeout != now+1000 {
		t.Fatalf("send: %+v", sent)
	}
	got := step(b, "receive", sent.Transmit[0])
	if !reflect.DeepEqual(got.Deliver, []delivery.Message{msg}) {
		t.Fatalf("delivered %+v, want %+v", got.Deliver, msg)
	}
	again := step(b, "receive", sent.Transmit[0])
	if len(again.Deliver) != 0 || len(again.Events) != 1 || again.Events[0].Event != "dropped" || again.Events[0].Reason != "duplicate" {
		t.Fatalf("a copy: %+v", again)
	}
	if b, err := json.Marshal(again); err != nil || string(b) == "" {
		t.Fatal(err)
	}
}

// TestLinksRefuse: an unknown handle or kind, bad JSON and an envelope
// that breaks the protocol are errors, and the link stays as it was.
func TestLinksRefuse(t *testing.T) {
	var ls Links
	h, _ := ls.New("a1", delivery.Options{})
	before := ls.links[h]
	for _, c := range []struct {
		h          int
		kind, data string
		want       error
	}{
		{7, "tick", "", ErrHandle},
		{h, "poke", "", ErrInput},
		{h, "send", "{", ErrInput},
		{h, "receive", `{"from":"b1","seq":1,"ack":0}`, delivery.ErrData},
	} {
		if _, err := ls.Step(c.h, 0, c.kind, []byte(c.data)); !errors.Is(err, c.want) {
			t.Errorf("%d %s %s: %v, want %v", c.h, c.kind, c.data, err, c.want)
		}
	}
	if !reflect.DeepEqual(ls.links[h], before) {
		t.Error("a refused input changed the link")
	}
	if _, err := ls.New("", delivery.Options{}); err == nil {
		t.Error("a link without a session id")
	}
}
