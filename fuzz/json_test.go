package fuzz

import (
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
)

// FuzzDescriptionJSON: decoding never panics, fails only with an
// *sdptype.Error, and whatever decodes encodes and decodes back to itself.
func FuzzDescriptionJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var d sdptype.Description
		if err := d.UnmarshalJSON(data); err != nil {
			var e *sdptype.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if d != (sdptype.Description{}) {
				t.Fatalf("failed decode changed the value: %+v", d)
			}
			return
		}
		if d.IsZero() {
			return // JSON null
		}
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("decoded %+v does not encode: %v", d, err)
		}
		var back sdptype.Description
		if err := back.UnmarshalJSON(b); err != nil || back != d {
			t.Fatalf("round trip %q: %+v, %v; want %+v", b, back, err, d)
		}
	})
}

// FuzzCandidateJSON: the same for candidates.
func FuzzCandidateJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var c sdptype.Candidate
		if err := c.UnmarshalJSON(data); err != nil {
			var e *sdptype.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if c != (sdptype.Candidate{}) {
				t.Fatalf("failed decode changed the value: %+v", c)
			}
			return
		}
		b, err := c.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back sdptype.Candidate
		if err := back.UnmarshalJSON(b); err != nil || back != c {
			t.Fatalf("round trip %q: %+v, %v; want %+v", b, back, err, c)
		}
	})
}
