package sdptype_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

const vectorDir = "../testdata/chromium-156"

// descriptionVectors are the files holding JSON.stringify(pc.localDescription)
// from Chromium 156, one line each.
var descriptionVectors = []struct {
	file string
	typ  sdptype.Type
}{
	{"offer.json", sdptype.Offer},
	{"answer.json", sdptype.Answer},
	{"restart-offer.json", sdptype.Offer},
	{"datachannel-offer.json", sdptype.Offer},
}

// readVector returns a vector file with one trailing newline removed.
func readVector(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b, []byte("\n"))
}

// readLines returns the non-empty lines of a JSON-lines vector file.
func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatalf("%s: no lines", name)
	}
	return lines
}

// plainDescription decodes a description with encoding/json alone, as an
// independent reference for what the JSON holds.
func plainDescription(t *testing.T, data []byte) (typ, sdp string) {
	t.Helper()
	var v struct {
		Type string `json:"type"`
		SDP  string `json:"sdp"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("encoding/json cannot decode %.60q: %v", data, err)
	}
	return v.Type, v.SDP
}

// plainCandidate decodes a candidate with encoding/json into a generic map,
// as an independent reference: a missing or null sdpMLineIndex is null.
func plainCandidate(t *testing.T, data []byte) sdptype.Candidate {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("encoding/json cannot decode %q: %v", data, err)
	}
	var c sdptype.Candidate
	c.Candidate, _ = m["candidate"].(string)
	c.SDPMid, _ = m["sdpMid"].(string)
	c.UsernameFragment, _ = m["usernameFragment"].(string)
	if n, ok := m["sdpMLineIndex"].(float64); ok {
		c.SDPMLineIndex = sdptype.Index(uint16(n))
	}
	return c
}

// roundTripCandidate decodes data, compares the result with the reference
// decoding and checks that MarshalJSON gives data back byte for byte.
func roundTripCandidate(t *testing.T, data string) {
	t.Helper()
	var c sdptype.Candidate
	if err := c.UnmarshalJSON([]byte(data)); err != nil {
		t.Errorf("UnmarshalJSON(%s): %v", data, err)
		return
	}
	if diff := cmp.Diff(plainCandidate(t, []byte(data)), c); diff != "" {
		t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s", data, diff)
	}
	got, err := c.MarshalJSON()
	if err != nil {
		t.Errorf("MarshalJSON(%v): %v", c, err)
		return
	}
	if string(got) != data {
		t.Errorf("candidate round trip changed the bytes\n got: %s\nwant: %s", got, data)
	}
}

// roundTripDescription is roundTripCandidate for a description.
func roundTripDescription(t *testing.T, data string) sdptype.Description {
	t.Helper()
	var d sdptype.Description
	if err := d.UnmarshalJSON([]byte(data)); err != nil {
		t.Errorf("UnmarshalJSON(%.80s): %v", data, err)
		return d
	}
	typ, sdp := plainDescription(t, []byte(data))
	if d.Type.String() != typ {
		t.Errorf("UnmarshalJSON(%.80s): Type = %v, want %q", data, d.Type, typ)
	}
	if d.SDP != sdp {
		t.Errorf("UnmarshalJSON(%.80s): SDP differs from encoding/json's decoding", data)
	}
	got, err := d.MarshalJSON()
	if err != nil {
		t.Errorf("MarshalJSON(%v): %v", d, err)
		return d
	}
	if string(got) != data {
		t.Errorf("description round trip changed the bytes\n got: %s\nwant: %s", got, data)
	}
	return d
}

func TestDescriptionVectorsRoundTrip(t *testing.T) {
	for _, v := range descriptionVectors {
		t.Run(v.file, func(t *testing.T) {
			data := readVector(t, v.file)
			if bytes.ContainsAny(data, "\r\n") {
				t.Fatalf("%s: the vector is not a single line", v.file)
			}
			d := roundTripDescription(t, string(data))
			if d.Type != v.typ {
				t.Errorf("Type = %v, want %v", d.Type, v.typ)
			}
			if !strings.HasPrefix(d.SDP, "v=0\r\n") || !strings.HasSuffix(d.SDP, "\r\n") {
				t.Errorf("SDP does not look like Chromium's CRLF SDP: %.40q", d.SDP)
			}

			// The same through encoding/json, which must call the methods.
			var viaJSON sdptype.Description
			if err := json.Unmarshal(data, &viaJSON); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if diff := cmp.Diff(d, viaJSON); diff != "" {
				t.Errorf("json.Unmarshal differs from UnmarshalJSON (-method +json):\n%s", diff)
			}
		})
	}
}

func TestCandidateVectorsRoundTrip(t *testing.T) {
	lines := readLines(t, "candidates.jsonl")
	for _, line := range lines {
		roundTripCandidate(t, line)
		var c sdptype.Candidate
		if err := c.UnmarshalJSON([]byte(line)); err != nil {
			continue // reported by roundTripCandidate
		}
		// Gathered candidates carry every member.
		if c.IsEnd() || c.SDPMid == "" || !c.SDPMLineIndex.Valid || c.UsernameFragment == "" {
			t.Errorf("gathered candidate decoded with a missing member: %+v from %s", c, line)
		}
	}
}

func TestConstructedCandidatesRoundTrip(t *testing.T) {
	lines := readLines(t, "constructed-candidates.jsonl")
	for i, line := range lines {
		var v struct {
			Init   string  `json:"init"`
			ToJSON *string `json:"toJSON"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if v.ToJSON == nil {
			t.Errorf("line %d (%s): no toJSON string", i+1, v.Init)
			continue
		}
		roundTripCandidate(t, *v.ToJSON)
	}
}

// TestConstructedCandidateValues checks the decoded fields against the table
// in CHROMIUM.md (i): Chromium writes "" for a null sdpMid or usernameFragment
// and leaves out a null sdpMLineIndex.
func TestConstructedCandidateValues(t *testing.T) {
	const host = "candidate:1 1 udp 1 1.2.3.4 5 typ host"
	want := map[string]sdptype.Candidate{
		`{candidate:"", sdpMid:"0"}`:                      {SDPMid: "0"},
		`{sdpMLineIndex:0}`:                               {SDPMLineIndex: sdptype.Index(0)},
		`{candidate:"` + host + `", sdpMid:"0"}`:          {Candidate: host, SDPMid: "0"},
		`{candidate:"` + host + ` ufrag zz", sdpMid:"0"}`: {Candidate: host + " ufrag zz", SDPMid: "0"},
		`{candidate:"", sdpMid:null, sdpMLineIndex:0}`:    {SDPMLineIndex: sdptype.Index(0)},
		`{candidate:"` + host + `", sdpMid:"0", sdpMLineIndex:0, usernameFragment:null}`: {
			Candidate: host, SDPMid: "0", SDPMLineIndex: sdptype.Index(0),
		},
	}
	found := 0
	for _, line := range readLines(t, "constructed-candidates.jsonl") {
		var v struct{ Init, ToJSON string }
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatal(err)
		}
		w, ok := want[v.Init]
		if !ok {
			continue
		}
		found++
		var c sdptype.Candidate
		if err := c.UnmarshalJSON([]byte(v.ToJSON)); err != nil {
			t.Errorf("%s: %v", v.Init, err)
			continue
		}
		if diff := cmp.Diff(w, c); diff != "" {
			t.Errorf("init %s (-want +got):\n%s", v.Init, diff)
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d CHROMIUM.md inits in constructed-candidates.jsonl", found, len(want))
	}
}

func TestConstructedDescriptionsRoundTrip(t *testing.T) {
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(readVector(t, "constructed-descriptions.json"), &entries); err != nil {
		t.Fatal(err)
	}
	var descriptions, candidates, typeErrors int
	for key, raw := range entries {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			// Not a string: the recorded TypeError of a constructor.
			var thrown struct{ Name string }
			if err := json.Unmarshal(raw, &thrown); err != nil || thrown.Name != "TypeError" {
				t.Errorf("entry %q is neither a string nor a TypeError record: %s", key, raw)
				continue
			}
			typeErrors++
			continue
		}
		switch {
		case strings.HasPrefix(key, "new RTCSessionDescription"):
			descriptions++
			d := roundTripDescription(t, s)
			if d.SDP != "" {
				t.Errorf("%s: SDP = %q, want \"\" (the init has no sdp)", key, d.SDP)
			}
		case strings.HasPrefix(key, "new RTCIceCandidate"):
			candidates++
			roundTripCandidate(t, s)
		default:
			t.Errorf("entry %q: unknown kind of vector", key)
		}
	}
	if descriptions < 2 || candidates < 4 {
		t.Errorf("read %d description and %d candidate vectors, want at least 2 and 4", descriptions, candidates)
	}
	if typeErrors != 1 {
		t.Errorf("found %d TypeError entries, want 1", typeErrors)
	}
	const typeErrorKey = "new RTCIceCandidate({candidate, no mid/index})"
	if _, ok := entries[typeErrorKey]; !ok {
		t.Errorf("entry %q is missing", typeErrorKey)
	}
}

// TestConstructedDescriptionsExact pins the two descriptions CHROMIUM.md
// quotes: MarshalJSON of a constructed description writes an empty sdp.
func TestConstructedDescriptionsExact(t *testing.T) {
	for _, tc := range []struct {
		d    sdptype.Description
		want string
	}{
		{sdptype.Description{Type: sdptype.Rollback}, `{"type":"rollback","sdp":""}`},
		{sdptype.Description{Type: sdptype.Offer}, `{"type":"offer","sdp":""}`},
		{sdptype.Description{Type: sdptype.Pranswer, SDP: "v=0\r\n"}, `{"type":"pranswer","sdp":"v=0\r\n"}`},
		{sdptype.Description{Type: sdptype.Answer, SDP: "x"}, `{"type":"answer","sdp":"x"}`},
	} {
		got, err := tc.d.MarshalJSON()
		if err != nil {
			t.Errorf("MarshalJSON(%v): %v", tc.d, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("MarshalJSON(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}

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

func TestDescriptionUnmarshalAccepts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sdptype.Description
	}{
		{`{"type":"offer","sdp":"v=0\r\n"}`, sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}},
		{`{"type":"pranswer","sdp":"a"}`, sdptype.Description{Type: sdptype.Pranswer, SDP: "a"}},
		{`{"type":"answer"}`, sdptype.Description{Type: sdptype.Answer}},
		{`{"type":"offer","sdp":null}`, sdptype.Description{Type: sdptype.Offer}},
		{`{"type":"rollback"}`, sdptype.Description{Type: sdptype.Rollback}},
		// Rollback ignores its SDP, but decoding keeps what was written.
		{`{"type":"rollback","sdp":"garbage"}`, sdptype.Description{Type: sdptype.Rollback, SDP: "garbage"}},
		{`{"sdp":"s","type":"answer"}`, sdptype.Description{Type: sdptype.Answer, SDP: "s"}},
		{`{"type":"offer","sdp":"s","foo":1,"bar":{"type":"answer"}}`, sdptype.Description{Type: sdptype.Offer, SDP: "s"}},
		// Keys are case-sensitive: "SDP" is an unknown member.
		{`{"type":"offer","SDP":"s","Sdp":"t"}`, sdptype.Description{Type: sdptype.Offer}},
	} {
		d := sdptype.Description{Type: sdptype.Pranswer, SDP: "old"}
		if err := d.UnmarshalJSON([]byte(tc.in)); err != nil {
			t.Errorf("UnmarshalJSON(%s): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, d); diff != "" {
			t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestDescriptionUnmarshalErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{`{}`, sdptype.ErrTypeError},
		{`{"sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":null,"sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":"bogus","sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":"Offer","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"rollback "}`, sdptype.ErrTypeError},
		{`{"Type":"offer","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":1,"sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":1}`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":["v=0"]}`, sdptype.ErrTypeError},
		{`"offer"`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":"x"`, sdptype.ErrJSON},
		{`{"type":"offer" "sdp":"x"}`, sdptype.ErrJSON},
		{`{"type":"offer","sdp":"\x"}`, sdptype.ErrJSON},
		{``, sdptype.ErrJSON},
		{`offer`, sdptype.ErrJSON},
	} {
		want := sdptype.Description{Type: sdptype.Answer, SDP: "keep"}
		d := want
		err := d.UnmarshalJSON([]byte(tc.in))
		checkSentinel(t, err, tc.want)
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("UnmarshalJSON(%s) failed but changed the value (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestDescriptionMarshalInvalidType(t *testing.T) {
	for _, d := range []sdptype.Description{
		{},
		{SDP: "v=0\r\n"},
		{Type: sdptype.Rollback + 1, SDP: "v=0\r\n"},
		{Type: 255},
	} {
		b, err := d.MarshalJSON()
		if b != nil {
			t.Errorf("MarshalJSON(%+v) = %s, want no bytes", d, b)
		}
		checkSentinel(t, err, sdptype.ErrTypeError)
		if _, err := json.Marshal(d); !errors.Is(err, sdptype.ErrTypeError) {
			t.Errorf("json.Marshal(%+v) error = %v, want ErrTypeError", d, err)
		}
	}
}

// TestJSONStringEncoding checks the string encoder against JSON.stringify's
// QuoteJSONString (ECMA-262): only '"', '\\' and control characters are
// escaped, with the short forms \b \t \n \f \r and lowercase \u00xx
// otherwise; '<', '>', '&', '/', DEL, U+2028 and U+2029 stay as they are.
func TestJSONStringEncoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		sdp  string
		want string // the JSON string, quotes included
	}{
		{"brief", "a<>&\u2028\t\"\\\x01b", "\"a<>&\u2028\\t\\\"\\\\\\u0001b\""},
		{"html", "<script>&amp;</script>", `"<script>&amp;</script>"`},
		{"line separators", "\u2028\u2029", "\"\u2028\u2029\""},
		{"slash", "a/b", `"a/b"`},
		{"quote and backslash", `"\`, `"\"\\"`},
		{"short escapes", "\b\t\n\f\r", `"\b\t\n\f\r"`},
		{"NUL", "\x00", `"\u0000"`},
		{"other controls", "\x01\x0b\x0e\x1b\x1f", `"\u0001\u000b\u000e\u001b\u001f"`},
		{"DEL", "\x7f", "\"\x7f\""},
		{"non-ASCII", "é€😀", `"é€😀"`},
		{"CRLF SDP", "v=0\r\na=x\r\n", `"v=0\r\na=x\r\n"`},
		{"empty", "", `""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := sdptype.Description{Type: sdptype.Offer, SDP: tc.sdp}
			got, err := d.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			want := `{"type":"offer","sdp":` + tc.want + `}`
			if string(got) != want {
				t.Errorf("MarshalJSON\n got: %s\nwant: %s", got, want)
			}
			checkDecodesBack(t, got, tc.sdp)

			// The candidate members use the same encoder.
			c := sdptype.Candidate{Candidate: tc.sdp, SDPMid: tc.sdp, UsernameFragment: tc.sdp}
			gotC, err := c.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			wantC := `{"candidate":` + tc.want + `,"sdpMid":` + tc.want + `,"usernameFragment":` + tc.want + `}`
			if string(gotC) != wantC {
				t.Errorf("Candidate.MarshalJSON\n got: %s\nwant: %s", gotC, wantC)
			}
		})
	}
}

// TestJSONStringEncodingBriefCase is the full case of the brief: a
// description whose SDP holds '<', '>', '&', U+2028, a tab, a quote, a
// backslash, byte 0x01 and the invalid UTF-8 byte 0xff.
func TestJSONStringEncodingBriefCase(t *testing.T) {
	d := sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n<>&\u2028\t\"\\\x01\xff."}
	got, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"answer","sdp":"v=0\r\n<>&` + "\u2028" + `\t\"\\\u0001` + "\uFFFD" + `."}`
	if string(got) != want {
		t.Errorf("MarshalJSON\n got: %s\nwant: %s", got, want)
	}
	if !utf8.Valid(got) {
		t.Errorf("MarshalJSON wrote invalid UTF-8: %q", got)
	}
	// It decodes back, except that the invalid byte is now U+FFFD.
	checkDecodesBack(t, got, "v=0\r\n<>&\u2028\t\"\\\x01\uFFFD.")
}

func TestJSONStringInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"\xff", "\uFFFD"},
		{"a\xffb", "a\uFFFDb"},
		{"\xc3", "\uFFFD"},                     // truncated 2-byte sequence
		{"\xe2\x80", "\uFFFD\uFFFD"},           // truncated 3-byte sequence, byte by byte as encoding/json
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // UTF-8 encoded surrogate
		{"\xc0\xaf", "\uFFFD\uFFFD"},           // overlong '/'
		{"é\xffé", "é\uFFFDé"},
		{"\uFFFD", "\uFFFD"}, // a real U+FFFD stays
	} {
		d := sdptype.Description{Type: sdptype.Offer, SDP: tc.in}
		got, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		want := `{"type":"offer","sdp":"` + tc.want + `"}`
		if string(got) != want {
			t.Errorf("MarshalJSON(SDP %q) = %q, want %q", tc.in, got, want)
		}
		// encoding/json replaces invalid bytes the same way (it writes the
		// escape \ufffd where MarshalJSON writes the character itself).
		ref, err := json.Marshal(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		var refString string
		if err := json.Unmarshal(ref, &refString); err != nil || refString != tc.want {
			t.Errorf("encoding/json writes %q as %s (%q), the test's expectation %q is wrong", tc.in, ref, refString, tc.want)
		}
		checkDecodesBack(t, got, tc.want)
	}
}

// TestJSONStringEveryASCII encodes every ASCII character and the characters
// around the escaping boundaries, and checks the result against the
// JSON.stringify rule and against encoding/json's decoder.
func TestJSONStringEveryASCII(t *testing.T) {
	short := map[byte]string{'\b': `\b`, '\t': `\t`, '\n': `\n`, '\f': `\f`, '\r': `\r`, '"': `\"`, '\\': `\\`}
	const hex = "0123456789abcdef"
	for c := 0; c < utf8.RuneSelf; c++ {
		s := string(rune(c))
		want, ok := short[byte(c)]
		switch {
		case ok:
		case c < 0x20:
			want = `\u00` + string(hex[c>>4]) + string(hex[c&0xf])
		default:
			want = s
		}
		cand := sdptype.Candidate{Candidate: s}
		got, err := cand.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		wantJSON := `{"candidate":"` + want + `","sdpMid":"","usernameFragment":""}`
		if string(got) != wantJSON {
			t.Errorf("character %#02x: got %s, want %s", c, got, wantJSON)
		}
		var back sdptype.Candidate
		if err := json.Unmarshal(got, &back); err != nil || back.Candidate != s {
			t.Errorf("character %#02x: %s decodes to %q, %v", c, got, back.Candidate, err)
		}
	}
}

// checkDecodesBack checks that data, a description written by MarshalJSON,
// decodes to sdp both with UnmarshalJSON and with plain encoding/json.
func checkDecodesBack(t *testing.T, data []byte, sdp string) {
	t.Helper()
	var d sdptype.Description
	if err := d.UnmarshalJSON(data); err != nil {
		t.Errorf("UnmarshalJSON(%s): %v", data, err)
	} else if d.SDP != sdp {
		t.Errorf("UnmarshalJSON(%s): SDP = %q, want %q", data, d.SDP, sdp)
	}
	if _, ref := plainDescription(t, data); ref != sdp {
		t.Errorf("encoding/json decodes %s to SDP %q, want %q", data, ref, sdp)
	}
}

// TestEncoderWithoutHTMLEscape checks the advice of MarshalJSON's doc: a
// json.Encoder with SetEscapeHTML(false) writes MarshalJSON's exact bytes,
// while json.Marshal escapes '<', '>', '&', U+2028 and U+2029 but still
// decodes to the same description.
func TestEncoderWithoutHTMLEscape(t *testing.T) {
	d := sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\na=x:<>&\u2028\u2029\r\n"}
	direct, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(direct)+"\n" {
		t.Errorf("Encoder without HTML escaping\n got: %s\nwant: %s", got, direct)
	}
	escaped, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(escaped, direct) || !bytes.Contains(escaped, []byte(`\u003c`)) {
		t.Errorf("json.Marshal did not escape HTML: %s", escaped)
	}
	var back sdptype.Description
	if err := json.Unmarshal(escaped, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, back); diff != "" {
		t.Errorf("json.Marshal output decodes differently (-want +got):\n%s", diff)
	}
}

// TestVectorSDPsMarshalLikeEncodingJSON re-encodes each vector's SDP and
// checks encoding/json decodes MarshalJSON's output to the same SDP.
func TestVectorSDPsMarshalLikeEncodingJSON(t *testing.T) {
	for _, v := range descriptionVectors {
		_, sdp := plainDescription(t, readVector(t, v.file))
		d := sdptype.Description{Type: v.typ, SDP: sdp}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", v.file, err)
		}
		if _, back := plainDescription(t, out); back != sdp {
			t.Errorf("%s: encoding/json decodes MarshalJSON's output to a different SDP", v.file)
		}
	}
}
