package fuzz

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/google/go-cmp/cmp"
	"github.com/pion/sdp/v3"
)

// FuzzParseAfter is differential against a whole parse: ParseAfter of a
// text edited from an earlier one, with the earlier Parsed as what is
// known, accepts exactly what ParseFacts and pion/sdp accept (less SDP that
// does not start with "v="), gives the same Facts, compared whole, and the
// same error, line included. A second edit is then parsed after the first
// result, so that the sections ParseAfter itself located are reused too.
func FuzzParseAfter(f *testing.F) {
	for _, text := range seedTexts(f) {
		for op := range byte(numEdits) {
			f.Add(text, op, byte(1), byte(op+3), "a=ice-ufrag:zzzz")
		}
		f.Add(text, byte(0), byte(2), byte(7), "7")
		f.Add(text, byte(7), byte(0), byte(7), "a=sendonly")
		f.Add(text, byte(7), byte(0), byte(9), "a=ice-options:ice2")
		f.Add(text, byte(1), byte(9), byte(2), "m=video 0 RTP/AVP 0\r\nc=IN IP4 0.0.0.0 m=audio 9 RTP/AVP 0\r\n")
		f.Add(text, byte(2), byte(1), byte(1), "m=audio 9 RTP/AVP 0\r\nx")
		f.Add(text, byte(1), byte(0), byte(3), "m=audio 9 RTP/AVP 0\r\na=mid:x\r\nm=video 9 RTP/AVP 0\r\na=mid:y\r\n")
	}
	f.Fuzz(func(t *testing.T, earlier string, op1, at, op2 byte, fragment string) {
		first, err := sdptype.Parse(sdptype.Description{Type: sdptype.Offer, SDP: earlier})
		if err != nil {
			first = sdptype.Parsed{}
		}
		text := edit(earlier, op1, at, fragment)
		got := checkParseAfter(t, text, first)
		checkParseAfter(t, edit(text, op2, at+1, fragment), got, first)
	})
}

// checkParseAfter checks ParseAfter(text, known...) against ParseFacts and
// pion, and returns its Parsed.
func checkParseAfter(t *testing.T, text string, known ...sdptype.Parsed) sdptype.Parsed {
	t.Helper()
	d := sdptype.Description{Type: sdptype.Offer, SDP: text}
	got, err := sdptype.ParseAfter(d, known...)
	want, wantErr := sdptype.ParseFacts(text)
	var pd sdp.SessionDescription
	pionOK := pd.UnmarshalString(text) == nil && strings.HasPrefix(text, "v=")
	if (err == nil) != (wantErr == nil) || (err == nil) != pionOK {
		t.Fatalf("ParseAfter error %v; ParseFacts error %v; pion accepts %v\n%q", err, wantErr, pionOK, text)
	}
	if err != nil {
		var e, we *sdptype.Error
		if !errors.As(err, &e) || !errors.As(wantErr, &we) || e.Line != we.Line || err.Error() != wantErr.Error() {
			t.Fatalf("ParseAfter error %v, ParseFacts error %v", err, wantErr)
		}
		if got != (sdptype.Parsed{}) {
			t.Fatalf("ParseAfter failed but returned %v", got.Description())
		}
		return got
	}
	if diff := cmp.Diff(want, got.Facts()); diff != "" || got.Description() != d {
		t.Fatalf("ParseAfter %v: Facts (-whole +ParseAfter):\n%s\nearlier: %q\ntext: %q", got.Description(), diff, known[0].Description().SDP, text)
	}
	// The Parsed itself, what it keeps for later parses included, depends
	// on the text only.
	if whole, _ := sdptype.Parse(d); !cmp.Equal(whole, got, allFields) {
		t.Fatalf("ParseAfter and Parse differ (-Parse +ParseAfter):\n%s", cmp.Diff(whole, got, allFields))
	}
	return got
}

// The edits of FuzzParseAfter, by number.
const (
	editAddCopy     = iota // a copy of section at, its mid changed to fragment
	editInsert             // fragment inserted before section at
	editReplace            // section at replaced by fragment
	editRemove             // section at removed
	editSession            // the session part replaced by fragment
	editWhole              // fragment alone
	editSplice             // fragment inserted at a byte offset
	editSessionLine        // fragment added as the session part's last line
	numEdits
)

// edit applies edit op%numEdits to text; at picks a section or an offset.
func edit(text string, op, at byte, fragment string) string {
	parts := splitSections(text)
	session, secs := parts[0], parts[1:]
	i := 0
	if len(secs) > 0 {
		i = int(at) % len(secs)
	}
	join := func(secs ...[]string) string {
		var b strings.Builder
		b.WriteString(session)
		for _, s := range secs {
			b.WriteString(strings.Join(s, ""))
		}
		return b.String()
	}
	switch op % numEdits {
	case editAddCopy:
		if len(secs) == 0 || strings.ContainsAny(fragment, "\r\n") {
			return text + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:" + strings.ReplaceAll(fragment, "\n", "") + "\r\n"
		}
		sec := secs[i]
		if j := strings.Index(sec, "a=mid:"); j >= 0 {
			k := strings.IndexAny(sec[j:], "\r\n")
			if k < 0 {
				k = len(sec) - j
			}
			sec = sec[:j] + "a=mid:" + fragment + sec[j+k:]
		}
		return join(secs, []string{sec})
	case editInsert:
		return join(secs[:i], []string{fragment}, secs[i:])
	case editReplace:
		if len(secs) == 0 {
			return text + fragment
		}
		return join(secs[:i], []string{fragment}, secs[i+1:])
	case editRemove:
		if len(secs) == 0 {
			return text
		}
		return join(secs[:i], secs[i+1:])
	case editSession:
		session = fragment
		return join(secs)
	case editWhole:
		return fragment
	case editSplice:
		j := 0
		if len(text) > 0 {
			j = int(at) * len(text) / 256
		}
		return text[:j] + fragment + text[j:]
	default: // editSessionLine
		session += fragment + "\r\n"
		return join(secs)
	}
}

// splitSections splits text before each line that starts with "m=": the
// session part, then the m-sections.
func splitSections(text string) []string {
	parts := []string{}
	for {
		i := strings.Index(text, "\nm=")
		if i < 0 {
			return append(parts, text)
		}
		parts = append(parts, text[:i+1])
		text = text[i+1:]
	}
}

// seedTexts are real SDP: the Chromium vectors and sdptest's.
func seedTexts(f *testing.F) []string {
	var texts []string
	for _, name := range []string{"offer", "answer", "datachannel-offer", "restart-offer"} {
		data, err := os.ReadFile("../testdata/chromium-156/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		var d sdptype.Description
		if err := d.UnmarshalJSON(data); err != nil {
			f.Fatal(err)
		}
		texts = append(texts, d.SDP)
	}
	for n := range 4 {
		texts = append(texts, sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(n), Ufrag: fmt.Sprint("u", n)}))
	}
	return append(texts, sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(3)}))
}
