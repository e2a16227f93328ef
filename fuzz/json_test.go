package fuzz

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
)

// FuzzDescriptionJSON: decoding never panics, fails only with an
// *sdptype.Error and leaves the value alone, and whatever decodes encodes
// and decodes back to itself.
func FuzzDescriptionJSON(f *testing.F) {
	f.Fuzz(roundTrip[sdptype.Description])
}

// FuzzCandidateJSON: the same for candidates.
func FuzzCandidateJSON(f *testing.F) {
	f.Fuzz(roundTrip[sdptype.Candidate])
}

// roundTrip checks one JSON input against T's UnmarshalJSON and MarshalJSON.
func roundTrip[T comparable, P interface {
	*T
	json.Unmarshaler
}](t *testing.T, data []byte) {
	var v, zero T
	if err := P(&v).UnmarshalJSON(data); err != nil {
		var e *sdptype.Error
		if !errors.As(err, &e) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if v != zero {
			t.Fatalf("failed decode changed the value: %+v", v)
		}
		return
	}
	if d, ok := any(v).(sdptype.Description); ok && d.IsZero() {
		return // JSON null leaves a Description null, which does not encode
	}
	b, err := any(v).(json.Marshaler).MarshalJSON()
	if err != nil {
		t.Fatalf("decoded %+v does not encode: %v", v, err)
	}
	var back T
	if err := P(&back).UnmarshalJSON(b); err != nil || back != v {
		t.Fatalf("round trip %q: %+v, %v; want %+v", b, back, err, v)
	}
}
