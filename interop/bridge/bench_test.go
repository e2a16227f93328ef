package bridge

import (
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

// BenchmarkStepLocalOffer42: one Step of the page's glue with a 42-section
// offer (the end of stress glare), JSON output included.
func BenchmarkStepLocalOffer42(b *testing.B) {
	sdp := sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(42), Ufrag: "abcd"})
	in := Input{Kind: "setlocaldone", Description: &sdptype.Description{Type: sdptype.Offer, SDP: sdp}}
	b.Logf("sdp %d bytes", len(sdp))
	var p Peers
	h, _ := p.New("polite", negotiation.Options{})
	nn := Input{Kind: "negotiationneeded"}
	if _, err := p.Step(h, nn); err != nil {
		b.Fatal(err)
	}
	base := p.machines[h]
	b.ReportAllocs()
	for b.Loop() {
		p.machines[h] = base
		out, err := p.Step(h, in)
		if err != nil || len(out.Actions) != 1 || out.Actions[0].Do != "send" {
			b.Fatalf("%+v %v", out, err)
		}
		if _, err := out.AppendJSON(nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode: a remote candidate's input as the page writes it, by the
// fast path (Decode) and by encoding/json alone.
func BenchmarkDecode(b *testing.B) {
	data := []byte(pageInputs[8])
	for _, c := range []struct {
		name   string
		decode func([]byte) (Input, error)
	}{{"fast", Decode}, {"json", decodeJSON}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
