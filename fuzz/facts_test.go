package fuzz

import (
	"errors"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/sdp/v3"
)

// FuzzFacts is differential against pion/sdp: ParseFacts accepts exactly
// what pion accepts, less SDP that does not start with "v=". It never
// panics; a failure is an *sdptype.Error wrapping ErrSDPSyntax with a line
// inside the text; a success has pion's m-sections, in order.
func FuzzFacts(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		var d sdp.SessionDescription
		pionErr := d.UnmarshalString(text)
		facts, err := sdptype.ParseFacts(text)
		wantOK := pionErr == nil && strings.HasPrefix(text, "v=")
		if (err == nil) != wantOK {
			t.Fatalf("ParseFacts error %v; pion error %v", err, pionErr)
		}
		if err != nil {
			var e *sdptype.Error
			if !errors.As(err, &e) || !errors.Is(err, sdptype.ErrSDPSyntax) {
				t.Fatalf("error %T %v is not an sdp-syntax-error", err, err)
			}
			if lines := strings.Count(text, "\n") + 1; e.Line < 1 || e.Line > lines {
				t.Fatalf("line %d outside 1..%d", e.Line, lines)
			}
			return
		}
		if len(facts.Media) != len(d.MediaDescriptions) {
			t.Fatalf("%d m-sections, pion has %d", len(facts.Media), len(d.MediaDescriptions))
		}
		for i, md := range d.MediaDescriptions {
			m := facts.Media[i]
			if m.Kind != md.MediaName.Media {
				t.Fatalf("m%d kind %q, pion %q", i, m.Kind, md.MediaName.Media)
			}
			if mid, _ := md.Attribute("mid"); m.Mid != mid {
				t.Fatalf("m%d mid %q, pion %q", i, m.Mid, mid)
			}
			if _, bundleOnly := md.Attribute("bundle-only"); m.Rejected != (md.MediaName.Port.Value == 0 && !bundleOnly) {
				t.Fatalf("m%d rejected %v, port %d", i, m.Rejected, md.MediaName.Port.Value)
			}
		}
	})
}
