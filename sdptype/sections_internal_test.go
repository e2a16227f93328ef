package sdptype

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestLocate: locate finds the lines that start with "m=" as a plain scan
// does, and gives up where pion finds more sections than such lines.
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
		"m= inside a line":        head + tiny + strings.Repeat("a=k:\r\n", 4) + "a=zm=\r\n" + tiny,
		"short sections":          head + tiny + strings.Repeat("a=x\n", 21) + tiny + tiny,
		"sections on one line":    head + tiny + "c=IN IP4 0.0.0.0 m=video 9 RTP/AVP 0\r\n" + tiny,
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

// TestWriteSection: what pion is handed of a changed m-section: the lines
// readSection reads, every line that is not an attribute, and the last
// attribute before a line of another kind or the end.
func TestWriteSection(t *testing.T) {
	sec := "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n" +
		"c=IN IP4 0.0.0.0\r\n" +
		"a=rtcp:9 IN IP4 0.0.0.0\r\n" + // unread, an attribute follows: out
		"a=ice-ufrag:abcd\r\n" +
		"a=ice-pwd:p\r\n" +
		"a=ice-options:trickle\r\n" +
		"a=fingerprint:sha-256 00\r\n" + // out
		"a=mid:0\r\n" +
		"a=sendonly\r\n" +
		"a=rtpmap:111 opus/48000/2\r\n" + // out
		"a=rtpmap:0 PCMU/8000\r\n" + // unread, then a b= line: kept
		"b=AS:30\r\n" +
		"a=x\ry:1\r\n" + // a carriage return inside: kept
		"a=:mid\r\n" + // key ":mid" (a colon first), unread: out
		"a=bundle-only\n" + // read, a bare line feed
		"a=ssrc:1 cname:x\r\n" + // unread, an attribute follows: out
		"a=ssrc:2 cname:y" // no line end, the last line: kept
	want := "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n" +
		"c=IN IP4 0.0.0.0\r\n" +
		"a=ice-ufrag:abcd\r\n" +
		"a=ice-pwd:p\r\n" +
		"a=ice-options:trickle\r\n" +
		"a=mid:0\r\n" +
		"a=sendonly\r\n" +
		"a=rtpmap:0 PCMU/8000\r\n" +
		"b=AS:30\r\n" +
		"a=x\ry:1\r\n" +
		"a=bundle-only\n" +
		"a=ssrc:2 cname:y"
	var b strings.Builder
	writeSection(&b, sec)
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
