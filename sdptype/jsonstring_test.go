package sdptype_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

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
