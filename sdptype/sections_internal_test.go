package sdptype

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestLocate: locate finds the lines that start with "m=" as a plain scan
// does, whether its guesses hit, miss, land inside a line or skip a
// section, and gives up where pion finds more sections than such lines.
func TestLocate(t *testing.T) {
	data, err := os.ReadFile("../testdata/chromium-156/offer.json")
	if err != nil {
		t.Fatal(err)
	}
	var chromium Description
	if err := chromium.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	head := "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
	tiny := "m=audio 9 RTP/AVP 0\r\n"
	for name, text := range map[string]string{
		"chromium":                chromium.SDP,
		"no sections":             head,
		"empty value after colon": head + tiny + "a=x:\r\n" + tiny,
		"two spaces":              head + "m=audio  9 RTP/AVP 0\r\n" + tiny,
		"blank line":              head + tiny + "\r\n" + tiny,
		"two c= lines":            head + tiny + "c=IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\n" + tiny,
		"line feeds only":         strings.ReplaceAll(head+tiny+"a=x\r\n"+tiny, "\r\n", "\n"),
		// Four lines guessed one byte too long: the guess lands on "m=" inside the last line.
		"guess inside a line": head + tiny + strings.Repeat("a=k:\r\n", 4) + "a=zm=\r\n" + tiny,
		// 21 lines guessed a byte too long, a section of 21 bytes: the
		// guess lands on the section after the next.
		"guess skips a section": head + tiny + strings.Repeat("a=x\n", 21) + tiny + tiny,
		"sections on one line":  head + tiny + "c=IN IP4 0.0.0.0 m=video 9 RTP/AVP 0\r\n" + tiny,
	} {
		p, err := parseWhole(text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []int
		for _, s := range p.sections {
			got = append(got, s.end)
		}
		if want := scanEnds(text, len(p.facts.Media)); p.media != nextSection(text, 0) || !slices.Equal(got, want) {
			t.Errorf("%s: sections from %d end at %v, want %v", name, p.media, got, want)
		}
	}
}

// scanEnds is where each line that starts with "m=" ends, by a plain scan,
// or nil when there are not n of them.
func scanEnds(text string, n int) []int {
	var starts []int
	for i := 1; i < len(text); i++ {
		if text[i-1] == '\n' && strings.HasPrefix(text[i:], "m=") {
			starts = append(starts, i)
		}
	}
	if len(starts) != n || n == 0 {
		return nil
	}
	return append(starts[1:], len(text))
}
