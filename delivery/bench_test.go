package delivery_test

import (
	"encoding/json"
	"testing"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// chromiumOffer is the real Chromium 156 offer (audio, video, data, BUNDLE).
func chromiumOffer(b *testing.B) sdptype.Description {
	d, err := sdptest.ReadDescription("../testdata/chromium-156/offer.json")
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkLink is one message through the layer: a sends it, b receives
// and delivers it and acknowledges, a takes the acknowledgement. The
// yardstick, in the same run, is SetRemote of the same offer on a new
// signaling.Session (what the machine does with the message next).
func BenchmarkLink(b *testing.B) {
	offer := chromiumOffer(b)
	msg := delivery.Message{Description: &offer, OfferID: 1}
	b.Run("message", func(b *testing.B) {
		a0, b0 := pair(b, delivery.Options{})
		b.ReportAllocs()
		for b.Loop() {
			la, lb := a0, b0
			la, out, err := delivery.Step(la, t0, &delivery.Send{Message: msg})
			if err != nil {
				b.Fatal(err)
			}
			lb, in, err := delivery.Step(lb, t0, &delivery.Receive{Envelope: out.Transmit[0]})
			if err != nil || len(in.Deliver) != 1 {
				b.Fatal(err)
			}
			if _, _, err := delivery.Step(la, t0, &delivery.Receive{Envelope: in.Transmit[0]}); err != nil {
				b.Fatal(err)
			}
			_ = lb
		}
	})
	b.Run("json", func(b *testing.B) { // encoding and decoding the envelope
		e := delivery.Envelope{From: "a1", To: "b1", Seq: 1, Message: msg}
		b.ReportAllocs()
		for b.Loop() {
			data, err := json.Marshal(e)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := delivery.DecodeEnvelope(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("setremote", func(b *testing.B) {
		b.ReportAllocs()
		var s signaling.Session
		for b.Loop() {
			if _, _, err := s.SetRemote(offer); err != nil {
				b.Fatal(err)
			}
		}
	})
}
