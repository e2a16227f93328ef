package pion

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// TestMessageRoundTrip: what a Send action sends decodes, on the other side, to
// the matching Received input, in the browser's JSON.
func TestMessageRoundTrip(t *testing.T) {
	d := sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0)}
	for _, tc := range []struct {
		action negotiation.Action
		json   string
		want   negotiation.Input
	}{
		{&negotiation.SendDescription{Description: d}, `{"description":{"type":"offer","sdp":"v=0\r\n"}}`, &negotiation.ReceivedDescription{Description: d}},
		{&negotiation.SendDescription{Description: d, OfferID: 3}, `{"description":{"type":"offer","sdp":"v=0\r\n"},"offerId":3}`, &negotiation.ReceivedDescription{Description: d, OfferID: 3}},
		{&negotiation.SendCandidate{Candidate: c}, `{"candidate":{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":""}}`, &negotiation.ReceivedCandidate{Candidate: c}},
	} {
		m, ok := MessageFor(tc.action)
		if !ok {
			t.Fatalf("MessageFor(%T) = false", tc.action)
		}
		b, err := json.Marshal(m)
		if err != nil || string(b) != tc.json {
			t.Errorf("%T: got %s, %v; want %s", tc.action, b, err, tc.json)
		}
		got, err := DecodeMessage(b)
		if err != nil {
			t.Fatal(err)
		}
		in, err := got.Input()
		if err != nil || !reflect.DeepEqual(in, tc.want) {
			t.Errorf("%s: got %#v, %v; want %#v", b, in, err, tc.want)
		}
	}
	if _, ok := MessageFor(&negotiation.SetRemote{Description: d}); ok {
		t.Error("MessageFor(SetRemote) = true")
	}
}

// TestDecodeMessageRefuses: a message must hold exactly one of the two.
func TestDecodeMessageRefuses(t *testing.T) {
	for _, s := range []string{`{}`, `{"description":{"type":"offer","sdp":""},"candidate":{"candidate":""}}`, `{"candidate":null}`, `{"candidate":{"candidate":""},"offerId":1}`} {
		var e *Error
		if _, err := DecodeMessage([]byte(s)); !errors.Is(err, ErrMessage) || !errors.As(err, &e) || e.Op != "DecodeMessage" {
			t.Errorf("%s: got %v, want a DecodeMessage *Error wrapping ErrMessage", s, err)
		}
	}
	if _, err := DecodeMessage([]byte(`{"description":{"type":"bogus"}}`)); !errors.Is(err, sdptype.ErrTypeError) {
		t.Errorf("bogus type: got %v, want TypeError", err)
	}
}
