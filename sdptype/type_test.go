package sdptype_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// allTypes is every valid RTCSdpType with its W3C spelling (webrtc-pc
// RTCSdpType enum, JSEP 4.1.10).
var allTypes = []struct {
	t    sdptype.Type
	name string
}{
	{sdptype.Offer, "offer"},
	{sdptype.Pranswer, "pranswer"},
	{sdptype.Answer, "answer"},
	{sdptype.Rollback, "rollback"},
}

// invalidTypes are Type values that are not one of the four W3C types.
var invalidTypes = []sdptype.Type{0, sdptype.Rollback + 1, 42, 255}

// checkTypeError fails the test unless err is an *sdptype.Error that unwraps
// to ErrTypeError (and not to another sentinel).
func checkTypeError(t *testing.T, err error) *sdptype.Error {
	t.Helper()
	if err == nil {
		t.Fatal("got nil error, want ErrTypeError")
	}
	if !errors.Is(err, sdptype.ErrTypeError) {
		t.Errorf("error %v does not satisfy errors.Is(err, ErrTypeError)", err)
	}
	if errors.Is(err, sdptype.ErrJSON) || errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("error %v also unwraps to another sentinel", err)
	}
	var e *sdptype.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *sdptype.Error", err, err)
	}
	if e.Err != sdptype.ErrTypeError {
		t.Errorf("Error.Err = %v, want ErrTypeError", e.Err)
	}
	if !strings.Contains(e.Error(), "TypeError") {
		t.Errorf("Error() = %q, does not mention TypeError", e.Error())
	}
	return e
}

func TestTypeValues(t *testing.T) {
	// The zero value must not be a valid type: a description without a type
	// is an error, never a silent default.
	seen := map[sdptype.Type]bool{0: true}
	for _, tc := range allTypes {
		if seen[tc.t] {
			t.Errorf("%s: value %d is the zero value or used twice", tc.name, tc.t)
		}
		seen[tc.t] = true
	}
}

func TestTypeString(t *testing.T) {
	for _, tc := range allTypes {
		if got := tc.t.String(); got != tc.name {
			t.Errorf("Type(%d).String() = %q, want %q", uint8(tc.t), got, tc.name)
		}
		if !tc.t.Valid() {
			t.Errorf("%s.Valid() = false, want true", tc.name)
		}
	}
	for _, tc := range []struct {
		t    sdptype.Type
		want string
	}{
		{0, "Type(0)"},
		{sdptype.Rollback + 1, "Type(5)"},
		{255, "Type(255)"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("Type(%d).String() = %q, want %q", uint8(tc.t), got, tc.want)
		}
		if tc.t.Valid() {
			t.Errorf("Type(%d).Valid() = true, want false", uint8(tc.t))
		}
	}
}

func TestParseType(t *testing.T) {
	for _, tc := range allTypes {
		got, err := sdptype.ParseType(tc.name)
		if err != nil {
			t.Errorf("ParseType(%q): unexpected error %v", tc.name, err)
			continue
		}
		if got != tc.t {
			t.Errorf("ParseType(%q) = %v, want %v", tc.name, got, tc.t)
		}
	}
}

// unknownTypeStrings are rejected, as WebIDL rejects an unknown enum value:
// the match is exact and case-sensitive.
var unknownTypeStrings = []string{
	"", "Offer", "OFFER", "Answer", "PrAnswer", "Rollback",
	"rollback ", " offer", "offer\n", "answer\x00", "offer\u200b",
	"provisional", "pr-answer", "null", "undefined", "0", "1",
}

func TestParseTypeUnknown(t *testing.T) {
	for _, s := range unknownTypeStrings {
		got, err := sdptype.ParseType(s)
		if got != 0 {
			t.Errorf("ParseType(%q) = %v, want the zero Type on error", s, got)
		}
		e := checkTypeError(t, err)
		if e.Input != s {
			t.Errorf("ParseType(%q): Error.Input = %q, want the rejected string", s, e.Input)
		}
	}
}

func TestTypeMarshalText(t *testing.T) {
	for _, tc := range allTypes {
		b, err := tc.t.MarshalText()
		if err != nil {
			t.Errorf("%s.MarshalText(): unexpected error %v", tc.name, err)
			continue
		}
		if string(b) != tc.name {
			t.Errorf("%s.MarshalText() = %q, want %q", tc.name, b, tc.name)
		}
	}
}

func TestTypeMarshalTextInvalid(t *testing.T) {
	for _, typ := range invalidTypes {
		b, err := typ.MarshalText()
		if b != nil {
			t.Errorf("Type(%d).MarshalText() = %q, want nil bytes on error", uint8(typ), b)
		}
		checkTypeError(t, err)
	}
}

func TestTypeUnmarshalText(t *testing.T) {
	for _, tc := range allTypes {
		var got sdptype.Type
		if err := got.UnmarshalText([]byte(tc.name)); err != nil {
			t.Errorf("UnmarshalText(%q): unexpected error %v", tc.name, err)
			continue
		}
		if got != tc.t {
			t.Errorf("UnmarshalText(%q) = %v, want %v", tc.name, got, tc.t)
		}
	}
}

func TestTypeUnmarshalTextUnknown(t *testing.T) {
	for _, s := range unknownTypeStrings {
		got := sdptype.Answer
		err := got.UnmarshalText([]byte(s))
		checkTypeError(t, err)
		if got != sdptype.Answer {
			t.Errorf("UnmarshalText(%q) failed but changed the value to %v", s, got)
		}
	}
}

func TestTypeTextRoundTrip(t *testing.T) {
	for _, tc := range allTypes {
		b, err := tc.t.MarshalText()
		if err != nil {
			t.Fatalf("%s.MarshalText(): %v", tc.name, err)
		}
		var back sdptype.Type
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", b, err)
		}
		if back != tc.t {
			t.Errorf("round trip of %v gave %v", tc.t, back)
		}
	}
}

// TestTypeEncodingJSON checks that encoding/json uses the text methods, so a
// Type in any struct is written and read as its W3C string.
func TestTypeEncodingJSON(t *testing.T) {
	type wrapper struct {
		T sdptype.Type `json:"t"`
	}
	for _, tc := range allTypes {
		b, err := json.Marshal(wrapper{tc.t})
		if err != nil {
			t.Fatalf("json.Marshal(%v): %v", tc.t, err)
		}
		want := `{"t":"` + tc.name + `"}`
		if string(b) != want {
			t.Errorf("json.Marshal(%v) = %s, want %s", tc.t, b, want)
		}
		var back wrapper
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(wrapper{tc.t}, back); diff != "" {
			t.Errorf("json round trip of %v (-want +got):\n%s", tc.t, diff)
		}
	}
	for _, typ := range invalidTypes {
		if _, err := json.Marshal(wrapper{typ}); !errors.Is(err, sdptype.ErrTypeError) {
			t.Errorf("json.Marshal(Type(%d)) error = %v, want ErrTypeError", uint8(typ), err)
		}
	}
	back := wrapper{sdptype.Offer}
	if err := json.Unmarshal([]byte(`{"t":"Offer"}`), &back); !errors.Is(err, sdptype.ErrTypeError) {
		t.Errorf(`json.Unmarshal({"t":"Offer"}) error = %v, want ErrTypeError`, err)
	}
	if back.T != sdptype.Offer {
		t.Errorf(`json.Unmarshal({"t":"Offer"}) failed but changed the value to %v`, back.T)
	}
}
