package signaling_test

import (
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/sdp/v3"
)

// BenchmarkNext cycles through all 48 cells of the table, errors included.
func BenchmarkNext(b *testing.B) {
	type cell struct {
		st   signaling.State
		side signaling.Side
		typ  sdptype.Type
	}
	var cells [64]cell // 48 cells, then the first 16 again, so i&63 picks one
	for i := range cells {
		j := i % 48
		cells[i] = cell{signaling.State(j % 6), signaling.Side(1 + j/6%2), sdptype.Type(1 + j/12)}
	}
	b.ReportAllocs()
	var sink signaling.State
	for i := 0; b.Loop(); i++ {
		c := &cells[i&63]
		next, _ := signaling.Next(c.st, c.side, c.typ)
		sink ^= next
	}
	_ = sink
}

// chromiumOffer is the real Chromium 156 offer (audio, video, data, BUNDLE).
func chromiumOffer(b *testing.B) sdptype.Description {
	d, err := sdptest.ReadDescription("../testdata/chromium-156/offer.json")
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkSetRemoteOffer applies the Chromium offer to a new Session:
// parsing, facts, checks and slot updates. Compare with
// BenchmarkPionUnmarshal, the parse alone.
func BenchmarkSetRemoteOffer(b *testing.B) {
	d := chromiumOffer(b)
	b.SetBytes(int64(len(d.SDP)))
	b.ReportAllocs()
	var s signaling.Session
	for b.Loop() {
		if _, _, err := s.SetRemote(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPionUnmarshal is the baseline: pion/sdp parsing the same SDP.
func BenchmarkPionUnmarshal(b *testing.B) {
	text := chromiumOffer(b).SDP
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		var d sdp.SessionDescription
		if err := d.UnmarshalString(text); err != nil {
			b.Fatal(err)
		}
	}
}
