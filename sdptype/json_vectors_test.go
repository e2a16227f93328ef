package sdptype_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
