package signaling_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
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

// vectorParts returns the session part and the m-sections of a Chromium
// vector's SDP.
func vectorParts(b *testing.B, name string) (string, []string) {
	data, err := os.ReadFile("../testdata/chromium-156/" + name)
	if err != nil {
		b.Fatal(err)
	}
	var d sdptype.Description
	if err := d.UnmarshalJSON(data); err != nil {
		b.Fatal(err)
	}
	parts := strings.SplitAfter(d.SDP, "\r\n")
	var session string
	var secs []string
	for _, l := range parts {
		switch {
		case strings.HasPrefix(l, "m="):
			secs = append(secs, l)
		case len(secs) == 0:
			session += l
		default:
			secs[len(secs)-1] += l
		}
	}
	return session, secs
}

// chromiumLike writes an SDP as Chromium writes one with n m-sections:
// the vector's session part with o= version v and every mid in the BUNDLE
// group, then its audio and video sections in turn with mids 0 to n-1 and
// an audio section with mid n if added.
func chromiumLike(session string, secs []string, n int, v int, added bool) string {
	var mids, body strings.Builder
	section := func(i int, tmpl string) {
		fmt.Fprintf(&mids, " %d", i)
		body.WriteString(strings.Replace(tmpl, "a=mid:0\r\n", fmt.Sprintf("a=mid:%d\r\n", i), 1))
	}
	for i := range n {
		tmpl := secs[0]
		if i%2 == 1 {
			tmpl = strings.Replace(secs[1], "a=mid:1\r\n", "a=mid:0\r\n", 1)
		}
		section(i, tmpl)
	}
	if added {
		section(n, secs[0])
	}
	var head strings.Builder
	for _, l := range strings.SplitAfter(session, "\r\n") {
		switch {
		case strings.HasPrefix(l, "o="):
			f := strings.Fields(l)
			f[2] = strconv.Itoa(v)
			l = strings.Join(f, " ") + "\r\n"
		case strings.HasPrefix(l, "a=group:BUNDLE"):
			l = "a=group:BUNDLE" + mids.String() + "\r\n"
		}
		head.WriteString(l)
	}
	return head.String() + body.String()
}

// BenchmarkReoffer applies a remote re-offer that adds one audio m-section
// to a session of n sections holding the offer before it and its answer
// (Chromium's SDP, about 2.5 KB a section): glare's SetRemote, which parses
// the session part and the new section only, beside pion/sdp parsing the
// whole re-offer.
func BenchmarkReoffer(b *testing.B) {
	offerSession, offerSecs := vectorParts(b, "offer.json")
	answerSession, answerSecs := vectorParts(b, "answer.json")
	for _, n := range []int{1, 10, 100, 400} {
		offer := sdptype.Description{Type: sdptype.Offer, SDP: chromiumLike(offerSession, offerSecs, n, 2, false)}
		answer := sdptype.Description{Type: sdptype.Answer, SDP: chromiumLike(answerSession, answerSecs, n, 2, false)}
		reoffer := sdptype.Description{Type: sdptype.Offer, SDP: chromiumLike(offerSession, offerSecs, n, 3, true)}
		s, _, err := signaling.Session{}.SetRemote(offer)
		if err == nil {
			s, _, err = s.SetLocal(answer)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sections=%d/glare", n), func(b *testing.B) {
			b.SetBytes(int64(len(reoffer.SDP)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := s.SetRemote(reoffer); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("sections=%d/pion", n), func(b *testing.B) {
			b.SetBytes(int64(len(reoffer.SDP)))
			b.ReportAllocs()
			for b.Loop() {
				var d sdp.SessionDescription
				if err := d.UnmarshalString(reoffer.SDP); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
