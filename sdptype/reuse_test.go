package sdptype_test

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// offerOf is an offer with text as its SDP.
func offerOf(text string) sdptype.Description {
	return sdptype.Description{Type: sdptype.Offer, SDP: text}
}

// parsed parses text with Parse.
func parsed(t *testing.T, text string) sdptype.Parsed {
	t.Helper()
	p, err := sdptype.Parse(offerOf(text))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// parseAfter is ParseAfter of text, checked against ParseFacts: the same
// Facts. It returns which sections kept a known section's facts: their mid
// is the same string in memory (pion copies what it parses).
func parseAfter(t *testing.T, text string, known ...sdptype.Parsed) (*sdptype.Facts, []bool) {
	t.Helper()
	p, err := sdptype.ParseAfter(offerOf(text), known...)
	if err != nil {
		t.Fatalf("ParseAfter: %v", err)
	}
	if diff := cmp.Diff(parseFacts(t, text), p.Facts()); diff != "" {
		t.Fatalf("ParseAfter Facts (-ParseFacts +ParseAfter):\n%s", diff)
	}
	kept := make([]bool, len(p.Facts().Media))
	for i, m := range p.Facts().Media {
		for _, k := range known {
			if k.Facts() == nil {
				continue
			}
			for _, n := range k.Facts().Media {
				kept[i] = kept[i] || m.Mid != "" && unsafe.StringData(m.Mid) == unsafe.StringData(n.Mid)
			}
		}
	}
	return p.Facts(), kept
}

// section is an m-section with the given mid and extra lines.
func section(kind, mid string, lines ...string) string {
	return sdpLines(append([]string{"m=" + kind + " 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:" + mid}, lines...)...)
}

var ownICE = []string{"a=ice-ufrag:ufra", "a=ice-pwd:passwordpasswordpassword", "a=ice-options:trickle"}

func TestParseAfterKeepsUnchangedSections(t *testing.T) {
	head := func(version string, bundle string) string {
		return sdpLines("v=0", "o=- 4242 "+version+" IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE "+bundle)
	}
	// d ends with a c= line, which pion accepts without a line end.
	a, v, d := section("audio", "a", ownICE...), section("video", "v", ownICE...), section("application", "d", append(ownICE, "c=IN IP4 0.0.0.0")...)
	known := parsed(t, head("1", "a v d")+a+v+d)
	chromium := parsed(t, vectorSDP(t, "offer.json"))
	endless := parsed(t, head("1", "a v d")+a+v+strings.TrimSuffix(d, "\r\n"))
	e := section("audio", "e", ownICE...)
	all := []sdptype.Parsed{{}, chromium, known}
	for _, tc := range []struct {
		name  string
		text  string
		known []sdptype.Parsed
		kept  []bool
	}{
		{"one added", head("2", "a v d e") + a + v + d + e, all, []bool{true, true, true, false}},
		{"first changed", head("2", "a v d") + section("audio", "a", append(ownICE, "a=inactive")...) + v + d, all, []bool{false, true, true}},
		{"two changed", head("2", "a v d") + section("audio", "a", "a=inactive") + section("video", "v") + d, all, []bool{false, false, true}},
		{"one removed", head("2", "a d") + a + d, all, []bool{true, true}},
		{"one inserted", head("2", "a e v d") + a + e + v + d, all, []bool{true, false, true, true}},
		{"last without line end", head("2", "a v d") + a + v + strings.TrimSuffix(d, "\r\n"), all, []bool{true, true, false}},
		// A section without its line end is kept only at the end.
		{"one added after one without line end", head("2", "a v d e") + a + v + d + e, []sdptype.Parsed{endless}, []bool{true, true, false, false}},
		{"all new", head("2", "e") + e, all, []bool{false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, kept := parseAfter(t, tc.text, tc.known...)
			if diff := cmp.Diff(tc.kept, kept); diff != "" {
				t.Errorf("sections kept (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseAfterInheritsAgain: a kept section takes the ICE parameters and
// direction it does not state from the new session part.
func TestParseAfterInheritsAgain(t *testing.T) {
	a, v := section("audio", "a"), section("video", "v", "a=ice-ufrag:vvvv", "a=recvonly", "a=ice-options:")
	before := withHeader("a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsessionpw") + a + v
	known := parsed(t, before)
	for _, session := range [][]string{
		{"a=ice-ufrag:new1", "a=ice-pwd:sessionpasswordsessionpw"},
		{"a=ice-ufrag:sess", "a=ice-pwd:anotherpasswordanotherpw"},
		{"a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsessionpw", "a=ice-options:trickle"},
		{"a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsessionpw", "a=ice-options:"},
		{"a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsessionpw", "a=inactive"},
		{"a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsessionpw"},
		{},
	} {
		_, kept := parseAfter(t, withHeader(session...)+a+v, known)
		if !kept[0] || !kept[1] {
			t.Errorf("session %q: sections kept %v, want both", session, kept)
		}
	}
}

func TestParseAfterSameText(t *testing.T) {
	known := parsed(t, vectorSDP(t, "offer.json"))
	p, err := sdptype.ParseAfter(sdptype.Description{Type: sdptype.Answer, SDP: known.Description().SDP}, known)
	if err != nil || p.Facts() != known.Facts() || p.Description().Type != sdptype.Answer {
		t.Errorf("ParseAfter of the known text: %v, Facts %p, want %p", err, p.Facts(), known.Facts())
	}
}

// TestParseAfterErrors: whatever a whole parse refuses, ParseAfter refuses
// with the same error and line, even when the rest would be reused.
func TestParseAfterErrors(t *testing.T) {
	a, v := section("audio", "a", ownICE...), section("video", "v", ownICE...)
	good := withHeader() + a + v
	known := parsed(t, good)
	for name, text := range map[string]string{
		"broken added section":   good + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nzz\r\n",
		"broken changed section": withHeader() + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP9 0.0.0.0\r\n" + v,
		"broken m-line":          withHeader() + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n" + v,
		"unknown media type":     withHeader() + a + "m=sound 9 RTP/AVP 0\r\n",
		"session without t=":     sdpLines("v=0", "o=- 4242 1 IN IP4 127.0.0.1", "s=-") + a + v,
		"session line broken":    sdpLines("v=0", "o=- 4242 1 IN IP4 127.0.0.1", "s=-", "t=0 x") + a + v,
		"session k= then b=":     withHeader("k=clear:x", "b=AS:1") + a + v,
		"not v= first":           " " + good,
		"line end first":         "\r\n" + good,
		"m-line at the end":      good + "m=audio 9 RTP/AVP 0",
	} {
		t.Run(name, func(t *testing.T) {
			_, want := sdptype.ParseFacts(text)
			p, err := sdptype.ParseAfter(offerOf(text), known)
			var e, we *sdptype.Error
			if want == nil || !errors.As(err, &e) || !errors.As(want, &we) || e.Line != we.Line || err.Error() != want.Error() {
				t.Errorf("ParseAfter: %v\nParseFacts: %v", err, want)
			}
			if p != (sdptype.Parsed{}) {
				t.Errorf("ParseAfter failed but returned %v", p.Description())
			}
		})
	}
}

// TestParseAfterSectionsOnOneLine: pion starts a section after the fields
// of a c= line; ParseAfter then parses the text whole.
func TestParseAfterSectionsOnOneLine(t *testing.T) {
	a, v := section("audio", "a", ownICE...), section("video", "v", ownICE...)
	known := parsed(t, withHeader()+a+v)
	text := withHeader() + a + "m=video 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0 m=audio 9 RTP/AVP 0\r\na=mid:x\r\n" + v
	f, _ := parseAfter(t, text, known)
	if len(f.Media) != 4 {
		t.Errorf("%d sections, want 4", len(f.Media))
	}
	_, kept := parseAfter(t, withHeader()+a+v+section("audio", "z"), parsed(t, text))
	if kept[0] || kept[1] {
		t.Errorf("kept %v from a text whose sections share a line, want none", kept)
	}
}

// TestParseAfterLeavesKnown: ParseAfter changes nothing it is given and
// gives the same result twice.
func TestParseAfterLeavesKnown(t *testing.T) {
	text := vectorSDP(t, "offer.json")
	known := parsed(t, strings.Replace(text, "a=sendrecv", "a=sendonly", 1))
	before := *known.Facts()
	before.Media = append([]sdptype.Media(nil), before.Media...)
	p1, err1 := sdptype.ParseAfter(offerOf(text), known)
	p2, err2 := sdptype.ParseAfter(offerOf(text), known)
	if err1 != nil || err2 != nil || !cmp.Equal(p1.Facts(), p2.Facts()) {
		t.Errorf("two calls differ: %v %v", err1, err2)
	}
	if diff := cmp.Diff(&before, known.Facts()); diff != "" {
		t.Errorf("the known Facts changed (-before +after):\n%s", diff)
	}
}
