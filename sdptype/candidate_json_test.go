package sdptype_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

func TestCandidateMarshalKeyOrder(t *testing.T) {
	for _, tc := range []struct {
		c    sdptype.Candidate
		want string
	}{
		{sdptype.Candidate{}, `{"candidate":"","sdpMid":"","usernameFragment":""}`},
		{
			sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "a", SDPMLineIndex: sdptype.Index(3), UsernameFragment: "uf"},
			`{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"a","sdpMLineIndex":3,"usernameFragment":"uf"}`,
		},
		{sdptype.Candidate{SDPMLineIndex: sdptype.Index(65535)}, `{"candidate":"","sdpMid":"","sdpMLineIndex":65535,"usernameFragment":""}`},
		// An index that is not Valid is null, whatever its number.
		{sdptype.Candidate{SDPMLineIndex: sdptype.NullIndex{Index: 7}}, `{"candidate":"","sdpMid":"","usernameFragment":""}`},
	} {
		got, err := tc.c.MarshalJSON()
		if err != nil {
			t.Errorf("MarshalJSON(%+v): %v", tc.c, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("MarshalJSON(%+v)\n got: %s\nwant: %s", tc.c, got, tc.want)
		}
	}
}

// filled is a Candidate with every member set, to see whether decoding
// changes a value.
var filled = sdptype.Candidate{Candidate: "candidate:9 1 udp 9 10.0.0.9 9 typ host", SDPMid: "m", SDPMLineIndex: sdptype.Index(9), UsernameFragment: "uf"}

func TestCandidateUnmarshalAccepts(t *testing.T) {
	const c = "candidate:1 1 udp 1 1.2.3.4 5 typ host"
	for _, tc := range []struct {
		name string
		in   string
		want sdptype.Candidate
	}{
		{"empty object", `{}`, sdptype.Candidate{}},
		{"sdpMid empty", `{"candidate":"` + c + `","sdpMid":""}`, sdptype.Candidate{Candidate: c}},
		{"sdpMid null", `{"candidate":"` + c + `","sdpMid":null}`, sdptype.Candidate{Candidate: c}},
		{"sdpMid missing", `{"candidate":"` + c + `","sdpMLineIndex":1}`, sdptype.Candidate{Candidate: c, SDPMLineIndex: sdptype.Index(1)}},
		{"sdpMid set", `{"candidate":"` + c + `","sdpMid":"audio"}`, sdptype.Candidate{Candidate: c, SDPMid: "audio"}},
		{"index missing", `{"candidate":"` + c + `","sdpMid":"0"}`, sdptype.Candidate{Candidate: c, SDPMid: "0"}},
		{"index null", `{"candidate":"` + c + `","sdpMid":"0","sdpMLineIndex":null}`, sdptype.Candidate{Candidate: c, SDPMid: "0"}},
		{"index 0", `{"candidate":"` + c + `","sdpMLineIndex":0}`, sdptype.Candidate{Candidate: c, SDPMLineIndex: sdptype.Index(0)}},
		{"index 65535", `{"sdpMLineIndex":65535}`, sdptype.Candidate{SDPMLineIndex: sdptype.Index(65535)}},
		{"ufrag empty", `{"candidate":"` + c + `","sdpMid":"0","usernameFragment":""}`, sdptype.Candidate{Candidate: c, SDPMid: "0"}},
		{"ufrag null", `{"candidate":"` + c + `","sdpMid":"0","usernameFragment":null}`, sdptype.Candidate{Candidate: c, SDPMid: "0"}},
		{"ufrag set", `{"candidate":"` + c + `","sdpMid":"0","usernameFragment":"abcd"}`, sdptype.Candidate{Candidate: c, SDPMid: "0", UsernameFragment: "abcd"}},
		{"candidate null", `{"candidate":null,"sdpMid":"0"}`, sdptype.Candidate{SDPMid: "0"}},
		{
			"unknown members ignored",
			`{"candidate":"` + c + `","sdpMid":"0","foundation":"1","port":5,"relatedAddress":null,"tcpType":{"x":[1,2]},"sdpMLineIndex":2}`,
			sdptype.Candidate{Candidate: c, SDPMid: "0", SDPMLineIndex: sdptype.Index(2)},
		},
		{
			"keys are case-sensitive",
			`{"Candidate":"x","SDPMid":"0","sdpmid":"1","SdpMLineIndex":1,"UsernameFragment":"u","usernamefragment":"v"}`,
			sdptype.Candidate{},
		},
		{"Candidate key only", `{"Candidate":"x"}`, sdptype.Candidate{}},
		{"whitespace", " \n{ \"candidate\" : \"" + c + "\" ,\t\"sdpMid\" : \"0\" }\r\n", sdptype.Candidate{Candidate: c, SDPMid: "0"}},
		{"escapes", `{"candidate":"\u0063and\/x","sdpMid":"\u00e9"}`, sdptype.Candidate{Candidate: "cand/x", SDPMid: "é"}},
		{"duplicate key, last wins", `{"sdpMid":"a","sdpMid":"b"}`, sdptype.Candidate{SDPMid: "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := filled
			if err := got.UnmarshalJSON([]byte(tc.in)); err != nil {
				t.Fatalf("UnmarshalJSON(%s): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s", tc.in, diff)
			}
			// encoding/json must reach the same result through the method
			// (it would match keys case-insensitively on its own).
			viaJSON := filled
			if err := json.Unmarshal([]byte(tc.in), &viaJSON); err != nil {
				t.Fatalf("json.Unmarshal(%s): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, viaJSON); diff != "" {
				t.Errorf("json.Unmarshal(%s) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestUnmarshalNullLeavesValue(t *testing.T) {
	for _, in := range []string{"null", " null\n"} {
		c := filled
		if err := c.UnmarshalJSON([]byte(in)); err != nil {
			t.Errorf("Candidate.UnmarshalJSON(%q): %v", in, err)
		}
		if diff := cmp.Diff(filled, c); diff != "" {
			t.Errorf("Candidate.UnmarshalJSON(%q) changed the value (-want +got):\n%s", in, diff)
		}

		want := sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n"}
		d := want
		if err := d.UnmarshalJSON([]byte(in)); err != nil {
			t.Errorf("Description.UnmarshalJSON(%q): %v", in, err)
		}
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("Description.UnmarshalJSON(%q) changed the value (-want +got):\n%s", in, diff)
		}
	}

	// A null member of a struct, through encoding/json.
	type wrapper struct {
		C sdptype.Candidate   `json:"c"`
		D sdptype.Description `json:"d"`
	}
	w := wrapper{C: filled, D: sdptype.Description{Type: sdptype.Offer, SDP: "x"}}
	if err := json.Unmarshal([]byte(`{"c":null,"d":null}`), &w); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wrapper{C: filled, D: sdptype.Description{Type: sdptype.Offer, SDP: "x"}}, w); diff != "" {
		t.Errorf("json null members changed the values (-want +got):\n%s", diff)
	}
}

// checkSentinel checks that err is an *sdptype.Error unwrapping to want.
func checkSentinel(t *testing.T, err, want error) {
	t.Helper()
	if err == nil {
		t.Errorf("got nil error, want %v", want)
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("error %v does not satisfy errors.Is(err, %v)", err, want)
	}
	for _, other := range []error{sdptype.ErrTypeError, sdptype.ErrJSON, sdptype.ErrSDPSyntax} {
		if other != want && errors.Is(err, other) {
			t.Errorf("error %v also satisfies errors.Is(err, %v)", err, other)
		}
	}
	var e *sdptype.Error
	if !errors.As(err, &e) {
		t.Errorf("error %v (%T) is not an *sdptype.Error", err, err)
	}
}

func TestCandidateUnmarshalErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{`{"sdpMLineIndex":1.5}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":-1}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":70000}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":65536}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":"0"}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":true}`, sdptype.ErrTypeError},
		{`{"sdpMLineIndex":[0]}`, sdptype.ErrTypeError},
		{`{"candidate":1,"sdpMid":"0"}`, sdptype.ErrTypeError},
		{`{"candidate":"","sdpMid":{}}`, sdptype.ErrTypeError},
		{`{"candidate":"","sdpMid":"0","usernameFragment":false}`, sdptype.ErrTypeError},
		// WebIDL: a dictionary from a primitive other than null is a TypeError.
		{`"candidate"`, sdptype.ErrTypeError},
		{`1`, sdptype.ErrTypeError},
		{`true`, sdptype.ErrTypeError},
		// Malformed JSON is JSON.parse's SyntaxError.
		{``, sdptype.ErrJSON},
		{` `, sdptype.ErrJSON},
		{`{`, sdptype.ErrJSON},
		{`{"candidate":}`, sdptype.ErrJSON},
		{`{"candidate":"x",}`, sdptype.ErrJSON},
		{`{'candidate':'x'}`, sdptype.ErrJSON},
		{`{candidate:"x"}`, sdptype.ErrJSON},
		{`{"candidate":"x"} {}`, sdptype.ErrJSON},
		{`{"sdpMLineIndex":01}`, sdptype.ErrJSON},
		{`nul`, sdptype.ErrJSON},
		{`{"candidate":"x` + "\n" + `"}`, sdptype.ErrJSON},
	} {
		c := filled
		err := c.UnmarshalJSON([]byte(tc.in))
		checkSentinel(t, err, tc.want)
		if diff := cmp.Diff(filled, c); diff != "" {
			t.Errorf("UnmarshalJSON(%q) failed but changed the value (-want +got):\n%s", tc.in, diff)
		}
	}
}
