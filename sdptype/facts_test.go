package sdptype_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// vectorSDP returns the SDP of a description vector file.
func vectorSDP(t *testing.T, name string) string {
	t.Helper()
	var d sdptype.Description
	if err := d.UnmarshalJSON(readVector(t, name)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d.SDP
}

func parseFacts(t *testing.T, text string) *sdptype.Facts {
	t.Helper()
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		t.Fatalf("ParseFacts: %v", err)
	}
	if f == nil {
		t.Fatal("ParseFacts returned nil Facts and no error")
	}
	return f
}

// textSection is what a plain reading of an SDP's text says of one m-section.
type textSection struct {
	kind, mid, port, ufrag, pwd, options string
	direction                            string // "" when the section has no direction attribute
	bundleOnly                           bool
}

// readSDPText reads the session-level ICE attributes and every m-section of
// an SDP with strings functions only, as an independent reference for
// ParseFacts.
func readSDPText(text string) (session textSection, sections []textSection) {
	cur := &session
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if m, ok := strings.CutPrefix(line, "m="); ok {
			fields := strings.Fields(m)
			sections = append(sections, textSection{kind: fields[0], port: fields[1]})
			cur = &sections[len(sections)-1]
			continue
		}
		attr, ok := strings.CutPrefix(line, "a=")
		if !ok {
			continue
		}
		// The test SDPs hold each attribute at most once per section.
		switch key, value, _ := strings.Cut(attr, ":"); key {
		case "mid":
			cur.mid = value
		case "ice-ufrag":
			cur.ufrag = value
		case "ice-pwd":
			cur.pwd = value
		case "ice-options":
			cur.options = value
		case "bundle-only":
			cur.bundleOnly = true
		case "sendrecv", "sendonly", "recvonly", "inactive":
			if cur.direction != "" {
				panic("test SDP with two direction attributes in one section")
			}
			cur.direction = key
		}
	}
	return session, sections
}

// checkAgainstText compares Facts with the plain reading of the SDP text.
func checkAgainstText(t *testing.T, f *sdptype.Facts, text string) {
	t.Helper()
	session, sections := readSDPText(text)
	if len(f.Media) != len(sections) {
		t.Fatalf("got %d media sections, the text has %d m= lines", len(f.Media), len(sections))
	}
	for i, want := range sections {
		m := f.Media[i]
		if m.Kind != want.kind || m.Mid != want.mid {
			t.Errorf("section %d: kind %q mid %q, the text says %q %q", i, m.Kind, m.Mid, want.kind, want.mid)
		}
		ufrag, pwd, options := want.ufrag, want.pwd, want.options
		if ufrag == "" {
			ufrag = session.ufrag
		}
		if pwd == "" {
			pwd = session.pwd
		}
		if options == "" {
			options = session.options
		}
		if m.ICE.Ufrag != ufrag || m.ICE.Pwd != pwd {
			t.Errorf("section %d (mid %q): ICE ufrag %q pwd %q, the text says %q %q", i, m.Mid, m.ICE.Ufrag, m.ICE.Pwd, ufrag, pwd)
		}
		if got := strings.Join(m.ICE.Options, " "); got != strings.Join(strings.Fields(options), " ") {
			t.Errorf("section %d (mid %q): ICE options %q, the text says %q", i, m.Mid, m.ICE.Options, options)
		}
		dir := want.direction
		if dir == "" {
			dir = session.direction
		}
		if dir == "" {
			dir = "sendrecv"
		}
		if m.Direction.String() != dir {
			t.Errorf("section %d (mid %q): direction %v, the text says %s", i, m.Mid, m.Direction, dir)
		}
		if rejected := want.port == "0" && !want.bundleOnly; m.Rejected != rejected {
			t.Errorf("section %d (mid %q): Rejected = %v, port %s bundle-only %v", i, m.Mid, m.Rejected, want.port, want.bundleOnly)
		}
	}
	if f.ICE.Ufrag != session.ufrag || f.ICE.Pwd != session.pwd {
		t.Errorf("session ICE ufrag %q pwd %q, the text says %q %q", f.ICE.Ufrag, f.ICE.Pwd, session.ufrag, session.pwd)
	}
}

// attrValue returns the value of the first "a=name:" line of text and
// fails the test if there is none.
func attrValue(t *testing.T, text, name string) string {
	t.Helper()
	prefix := "a=" + name + ":"
	for line := range strings.SplitSeq(text, "\r\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return v
		}
	}
	t.Fatalf("no %s line in the SDP", prefix)
	return ""
}

func TestFactsOffer(t *testing.T) {
	text := vectorSDP(t, "offer.json")
	f := parseFacts(t, text)

	if len(f.Media) != 3 {
		t.Fatalf("got %d media sections, want 3", len(f.Media))
	}
	var kinds, mids []string
	for _, m := range f.Media {
		kinds = append(kinds, m.Kind)
		mids = append(mids, m.Mid)
		if m.Rejected {
			t.Errorf("section %q is rejected, want accepted", m.Mid)
		}
	}
	if diff := cmp.Diff([]string{"audio", "video", "application"}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"0", "1", "2"}, mids); diff != "" {
		t.Errorf("mids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"0", "1", "2"}}, f.BundleGroups); diff != "" {
		t.Errorf("BundleGroups (-want +got):\n%s", diff)
	}

	// Every section carries the same credentials in Chromium's offer; check
	// the values really are in the text, each section repeating them.
	ufrag, pwd := attrValue(t, text, "ice-ufrag"), attrValue(t, text, "ice-pwd")
	if n := strings.Count(text, "\r\na=ice-ufrag:"+ufrag+"\r\n"); n != 3 {
		t.Errorf("the offer has %d a=ice-ufrag:%s lines, want one per section", n, ufrag)
	}
	if n := strings.Count(text, "\r\na=ice-pwd:"+pwd+"\r\n"); n != 3 {
		t.Errorf("the offer has %d a=ice-pwd:%s lines, want one per section", n, pwd)
	}
	for _, m := range f.Media {
		if m.ICE.Ufrag != ufrag || m.ICE.Pwd != pwd {
			t.Errorf("section %q: ICE %q/%q, want %q/%q", m.Mid, m.ICE.Ufrag, m.ICE.Pwd, ufrag, pwd)
		}
		if diff := cmp.Diff([]string{"trickle"}, m.ICE.Options); diff != "" {
			t.Errorf("section %q: ICE options (-want +got):\n%s", m.Mid, diff)
		}
	}
	// Chromium puts no ICE attribute at session level.
	if diff := cmp.Diff(sdptype.ICE{}, f.ICE); diff != "" {
		t.Errorf("session ICE (-want +got):\n%s", diff)
	}

	// The audio and video sections say a=sendrecv; the data section has no
	// direction attribute and so is sendrecv too (RFC 8866 6.7).
	if strings.Count(text, "\r\na=sendrecv\r\n") != 2 {
		t.Errorf("the offer no longer has two a=sendrecv lines; update the test")
	}
	for _, m := range f.Media {
		if m.Direction != sdptype.Sendrecv {
			t.Errorf("section %q: direction %v, want sendrecv", m.Mid, m.Direction)
		}
	}
	checkAgainstText(t, f, text)
}

func TestFactsVectorsAgainstText(t *testing.T) {
	for _, v := range descriptionVectors {
		t.Run(v.file, func(t *testing.T) {
			text := vectorSDP(t, v.file)
			checkAgainstText(t, parseFacts(t, text), text)
		})
	}
}

func TestFactsAnswerDirections(t *testing.T) {
	text := vectorSDP(t, "answer.json")
	f := parseFacts(t, text)
	// The answerer has no tracks: it answers recvonly for audio and video.
	want := []sdptype.Direction{sdptype.Recvonly, sdptype.Recvonly, sdptype.Sendrecv}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.Direction { return m.Direction })); diff != "" {
		t.Errorf("directions (-want +got):\n%s", diff)
	}
	if n := strings.Count(text, "\r\na=recvonly\r\n"); n != 2 {
		t.Errorf("the answer has %d a=recvonly lines, want 2", n)
	}
	if f.Media[0].ICE.Ufrag != attrValue(t, text, "ice-ufrag") {
		t.Errorf("answer ufrag %q, want %q", f.Media[0].ICE.Ufrag, attrValue(t, text, "ice-ufrag"))
	}
}

func TestFactsRestartOffer(t *testing.T) {
	offer := parseFacts(t, vectorSDP(t, "offer.json"))
	restartText := vectorSDP(t, "restart-offer.json")
	restart := parseFacts(t, restartText)
	if len(restart.Media) != len(offer.Media) {
		t.Fatalf("restart offer has %d sections, the offer %d", len(restart.Media), len(offer.Media))
	}
	for i, m := range restart.Media {
		if m.Mid != offer.Media[i].Mid {
			t.Errorf("section %d: mid %q, the offer's is %q", i, m.Mid, offer.Media[i].Mid)
		}
		if m.ICE.Ufrag == "" || m.ICE.Ufrag == offer.Media[i].ICE.Ufrag {
			t.Errorf("section %q: restart ufrag %q, want a new one (offer had %q)", m.Mid, m.ICE.Ufrag, offer.Media[i].ICE.Ufrag)
		}
		if m.ICE.Pwd == "" || m.ICE.Pwd == offer.Media[i].ICE.Pwd {
			t.Errorf("section %q: restart pwd %q, want a new one (offer had %q)", m.Mid, m.ICE.Pwd, offer.Media[i].ICE.Pwd)
		}
		if m.ICE.Ufrag != attrValue(t, restartText, "ice-ufrag") {
			t.Errorf("section %q: ufrag %q is not the restart offer's a=ice-ufrag", m.Mid, m.ICE.Ufrag)
		}
	}
	if diff := cmp.Diff(offer.BundleGroups, restart.BundleGroups); diff != "" {
		t.Errorf("BundleGroups changed on restart (-offer +restart):\n%s", diff)
	}
}

func TestFactsDataChannelOffer(t *testing.T) {
	text := vectorSDP(t, "datachannel-offer.json")
	f := parseFacts(t, text)
	want := []sdptype.Media{{
		Mid:       "0",
		Kind:      "application",
		Direction: sdptype.Sendrecv,
		ICE: sdptype.ICE{
			Ufrag:   attrValue(t, text, "ice-ufrag"),
			Pwd:     attrValue(t, text, "ice-pwd"),
			Options: []string{"trickle"},
		},
	}}
	if diff := cmp.Diff(want, f.Media); diff != "" {
		t.Errorf("Media (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"0"}}, f.BundleGroups); diff != "" {
		t.Errorf("BundleGroups (-want +got):\n%s", diff)
	}
}

func TestFactsLineEndings(t *testing.T) {
	crlf := vectorSDP(t, "offer.json")
	lf := strings.ReplaceAll(crlf, "\r\n", "\n")
	if lf == crlf {
		t.Fatal("the offer has no CRLF line ends")
	}
	want := parseFacts(t, crlf)
	got := parseFacts(t, lf)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LF facts differ from CRLF facts (-crlf +lf):\n%s", diff)
	}
}

func TestFactsSection(t *testing.T) {
	f := parseFacts(t, vectorSDP(t, "offer.json"))
	for i, mid := range []string{"0", "1", "2"} {
		m, idx, ok := f.Section(mid)
		if !ok {
			t.Errorf("Section(%q) not found", mid)
			continue
		}
		if idx != i {
			t.Errorf("Section(%q) index = %d, want %d", mid, idx, i)
		}
		if diff := cmp.Diff(f.Media[i], m); diff != "" {
			t.Errorf("Section(%q) (-want +got):\n%s", mid, diff)
		}
	}
	for _, mid := range []string{"3", "", "00", " 0", "audio"} {
		m, idx, ok := f.Section(mid)
		if ok || idx != -1 {
			t.Errorf("Section(%q) = index %d, found %v; want -1, false", mid, idx, ok)
		}
		if diff := cmp.Diff(sdptype.Media{}, m); diff != "" {
			t.Errorf("Section(%q) returned a non-zero Media (-want +got):\n%s", mid, diff)
		}
	}
	// A section without a=mid is not found by the empty mid.
	noMid := parseFacts(t, withHeader("m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0"))
	if _, idx, ok := noMid.Section(""); ok || idx != -1 {
		t.Errorf(`Section("") found the section without a mid at %d`, idx)
	}
}

// sdpLines joins lines into an SDP with CRLF line ends.
func sdpLines(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// sessionHeader is the first four lines of a minimal valid SDP.
var sessionHeader = []string{"v=0", "o=- 4242 1 IN IP4 127.0.0.1", "s=-", "t=0 0"}

func withHeader(lines ...string) string {
	return sdpLines(append(append([]string(nil), sessionHeader...), lines...)...)
}

func TestFactsSessionICEFallback(t *testing.T) {
	text := withHeader(
		"a=ice-ufrag:sessU",
		"a=ice-pwd:sessionpasswordsessionpw",
		"a=ice-options:trickle ice2",
		"m=audio 9 UDP/TLS/RTP/SAVPF 111",
		"a=mid:a",
		"m=video 9 UDP/TLS/RTP/SAVPF 96",
		"a=mid:v",
		"a=ice-ufrag:vidU",
		"a=ice-pwd:videopasswordvideopasswd",
		"a=ice-options:trickle",
		"m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
		"a=mid:d",
		"a=ice-ufrag:datU",
	)
	f := parseFacts(t, text)
	session := sdptype.ICE{Ufrag: "sessU", Pwd: "sessionpasswordsessionpw", Options: []string{"trickle", "ice2"}}
	if diff := cmp.Diff(session, f.ICE); diff != "" {
		t.Errorf("session ICE (-want +got):\n%s", diff)
	}
	want := []sdptype.ICE{
		session, // no own attributes: the session's
		{Ufrag: "vidU", Pwd: "videopasswordvideopasswd", Options: []string{"trickle"}},         // all its own
		{Ufrag: "datU", Pwd: "sessionpasswordsessionpw", Options: []string{"trickle", "ice2"}}, // own ufrag only
	}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.ICE { return m.ICE })); diff != "" {
		t.Errorf("section ICE (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)
}

func TestFactsSessionDirection(t *testing.T) {
	text := withHeader(
		"a=sendonly",
		"m=audio 9 RTP/AVP 0",
		"a=mid:0",
		"m=video 9 RTP/AVP 96",
		"a=mid:1",
		"a=inactive",
		"m=video 9 RTP/AVP 96",
		"a=mid:2",
		"a=recvonly",
		"m=audio 9 RTP/AVP 0",
		"a=mid:3",
		"a=sendrecv",
	)
	f := parseFacts(t, text)
	want := []sdptype.Direction{sdptype.Sendonly, sdptype.Inactive, sdptype.Recvonly, sdptype.Sendrecv}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.Direction { return m.Direction })); diff != "" {
		t.Errorf("directions (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)

	// Without any direction attribute, every section is sendrecv.
	f = parseFacts(t, withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "m=video 9 RTP/AVP 96", "a=mid:1"))
	for _, m := range f.Media {
		if m.Direction != sdptype.Sendrecv {
			t.Errorf("section %q without direction: %v, want sendrecv", m.Mid, m.Direction)
		}
	}
}

func TestDirectionString(t *testing.T) {
	for d, want := range map[sdptype.Direction]string{
		sdptype.Sendrecv: "sendrecv",
		sdptype.Sendonly: "sendonly",
		sdptype.Recvonly: "recvonly",
		sdptype.Inactive: "inactive",
		0:                "Direction(0)",
		5:                "Direction(5)",
	} {
		if got := d.String(); got != want {
			t.Errorf("Direction(%d).String() = %q, want %q", uint8(d), got, want)
		}
	}
}

func TestFactsRejectedAndBundleOnly(t *testing.T) {
	text := withHeader(
		"a=group:BUNDLE 0 1",
		"m=audio 9 UDP/TLS/RTP/SAVPF 111",
		"a=mid:0",
		"m=video 0 UDP/TLS/RTP/SAVPF 96",
		"a=mid:1",
		"a=bundle-only",
		"m=video 0 UDP/TLS/RTP/SAVPF 96",
		"a=mid:2",
		"m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
		"a=mid:3",
		"a=inactive",
	)
	f := parseFacts(t, text)
	var got []bool
	for _, m := range f.Media {
		got = append(got, m.Rejected)
	}
	// port 9: accepted; port 0 with bundle-only: accepted (RFC 8843);
	// port 0 alone: rejected (JSEP 5.2.2).
	if diff := cmp.Diff([]bool{false, false, true, true}, got); diff != "" {
		t.Errorf("Rejected (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)
}

func TestFactsBundleGroups(t *testing.T) {
	for _, tc := range []struct {
		name  string
		attrs []string
		want  [][]string
	}{
		{"none", nil, nil},
		{"two groups", []string{"a=group:BUNDLE 0 1", "a=group:BUNDLE 2"}, [][]string{{"0", "1"}, {"2"}}},
		{"LS is not BUNDLE", []string{"a=group:LS 0 1"}, nil},
		{"LS among BUNDLE", []string{"a=group:LS 0 1", "a=group:BUNDLE 1 0"}, [][]string{{"1", "0"}}},
		{"BUNDLEX is not BUNDLE", []string{"a=group:BUNDLEX 0 1"}, nil},
		{"lowercase bundle is not BUNDLE", []string{"a=group:bundle 0 1"}, nil},
		{"empty BUNDLE", []string{"a=group:BUNDLE"}, [][]string{{}}},
		{"extra spaces", []string{"a=group:BUNDLE  0   2 "}, [][]string{{"0", "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := append(append([]string(nil), tc.attrs...),
				"m=audio 9 RTP/AVP 0", "a=mid:0",
				"m=video 9 RTP/AVP 96", "a=mid:1",
				"m=video 9 RTP/AVP 96", "a=mid:2")
			f := parseFacts(t, withHeader(lines...))
			if diff := cmp.Diff(tc.want, f.BundleGroups, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("BundleGroups (-want +got):\n%s", diff)
			}
		})
	}
}

// checkSyntaxError checks that err is an *sdptype.Error for ErrSDPSyntax at
// the given line, and returns it.
func checkSyntaxError(t *testing.T, err error, line int, input string) *sdptype.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a syntax error at line %d", line)
	}
	if !errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("error %v does not satisfy errors.Is(err, ErrSDPSyntax)", err)
	}
	if errors.Is(err, sdptype.ErrTypeError) || errors.Is(err, sdptype.ErrJSON) {
		t.Errorf("error %v also unwraps to another sentinel", err)
	}
	var e *sdptype.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *sdptype.Error", err, err)
	}
	if e.Line != line {
		t.Errorf("Line = %d, want %d (error %v)", e.Line, line, err)
	}
	if e.Input != input {
		t.Errorf("Input = %q, want %q", e.Input, input)
	}
	if e.What != "sdp" {
		t.Errorf("What = %q, want \"sdp\"", e.What)
	}
	return e
}

func TestParseFactsEmptyAndGarbage(t *testing.T) {
	for _, text := range []string{"", "x", "o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", "\r\nv=0\r\n", " v=0\r\n", "V=0\r\n"} {
		f, err := sdptype.ParseFacts(text)
		if f != nil {
			t.Errorf("ParseFacts(%q) returned Facts with the error", text)
		}
		first, _, _ := strings.Cut(text, "\n")
		checkSyntaxError(t, err, 1, strings.TrimSuffix(first, "\r"))
	}
}

func TestParseFactsFifthLine(t *testing.T) {
	text := withHeader("bad line", "m=audio 9 RTP/AVP 0", "a=mid:0")
	_, err := sdptype.ParseFacts(text)
	e := checkSyntaxError(t, err, 5, "bad line")
	if e.Cause == nil {
		t.Errorf("no Cause: want pion/sdp's error")
	} else if !errors.Is(err, e.Cause) {
		t.Errorf("errors.Is(err, Cause) = false: the cause does not unwrap")
	}
	if msg := err.Error(); !strings.Contains(msg, "line 5") || !strings.Contains(msg, `"bad line"`) {
		t.Errorf("Error() = %q, want the line number and the quoted line", msg)
	}
}

func TestParseFactsSyntaxErrorLines(t *testing.T) {
	long := "m=audio 9 RTP/AVP 0" + strings.Repeat(" x", 40) + "z"
	for _, tc := range []struct {
		name  string
		text  string
		line  int    // 1-based line that is wrong
		input string // that line's text
	}{
		{"no equals on line 2", sdpLines("v=0", "x"), 2, "x"},
		{"version 1", sdpLines("v=1", "o=- 1 1 IN IP4 127.0.0.1"), 1, "v=1"},
		{"version not a number", sdpLines("v=x"), 1, "v=x"},
		{"origin missing", sdpLines("v=0", "s=-", "t=0 0"), 2, "s=-"},
		{"session id not a number", sdpLines("v=0", "o=- x 1 IN IP4 127.0.0.1", "s=-", "t=0 0"), 2, "o=- x 1 IN IP4 127.0.0.1"},
		{"media before timing", sdpLines("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "m=audio 9 RTP/AVP 0"), 4, "m=audio 9 RTP/AVP 0"},
		{"bad line 5", withHeader("bad line"), 5, "bad line"},
		{"bad port", withHeader("a=group:BUNDLE 0", "m=audio x RTP/AVP 0", "a=mid:0"), 6, "m=audio x RTP/AVP 0"},
		{"m line without port", withHeader("m=audio", "a=mid:0"), 5, "m=audio"},
		{"timezone in a media section", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "z=0 0"), 7, "z=0 0"},
		{"second version line", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "v=0"), 7, "v=0"},
		{"empty key in second section", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "m=video 9 RTP/AVP 96", "a=mid:1", "=x"), 9, "=x"},
		{"blank lines are counted", sdpLines("v=0", "", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "", "t=0 0", "broken"), 7, "broken"},
		{"no line break after the last line", strings.TrimSuffix(withHeader("a=mid:0"), "\r\n"), 5, "a=mid:0"},
		{"long line is cut to 80 bytes", withHeader("a=x", "bad"+long), 6, ("bad" + long)[:80]},
		{"LF line ends", strings.ReplaceAll(withHeader("a=x:1", "m=audio 9 RTP/AVP 0", "bad"), "\r\n", "\n"), 7, "bad"},
		{"mixed line ends", "v=0\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\nt=0 0\r\nwrong\n", 5, "wrong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The expected line must be the one holding the expected input.
			if lines := strings.Split(tc.text, "\n"); !strings.HasPrefix(lines[tc.line-1], tc.input) {
				t.Fatalf("bad test case: line %d is %q, not %q", tc.line, lines[tc.line-1], tc.input)
			}
			f, err := sdptype.ParseFacts(tc.text)
			if f != nil {
				t.Errorf("ParseFacts returned Facts with the error")
			}
			e := checkSyntaxError(t, err, tc.line, tc.input)
			if e.Cause == nil {
				t.Errorf("no Cause: want pion/sdp's error")
			}
		})
	}
}

// TestParseFactsMinimal checks that a session without media parses, so the
// syntax-error cases above fail for the line they name, not the header.
func TestParseFactsMinimal(t *testing.T) {
	f := parseFacts(t, withHeader())
	if len(f.Media) != 0 || f.BundleGroups != nil {
		t.Errorf("minimal SDP: %+v, want no media and no BUNDLE group", f)
	}
	f = parseFacts(t, withHeader("m=audio 9 RTP/AVP 0"))
	if diff := cmp.Diff([]sdptype.Media{{Kind: "audio", Direction: sdptype.Sendrecv}}, f.Media); diff != "" {
		t.Errorf("section without mid (-want +got):\n%s", diff)
	}
}

// mediaField returns one field of every m-section, in order.
func mediaField[T any](f *sdptype.Facts, get func(sdptype.Media) T) []T {
	out := make([]T, len(f.Media))
	for i, m := range f.Media {
		out[i] = get(m)
	}
	return out
}

// TestParse: Parse keeps the description and gives ParseFacts' Facts, or
// its error.
func TestParse(t *testing.T) {
	d := sdptype.Description{Type: sdptype.Offer, SDP: vectorSDP(t, "offer.json")}
	p, err := sdptype.Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(parseFacts(t, d.SDP), p.Facts()); p.Description() != d || diff != "" {
		t.Errorf("Parse: description %v, facts (-ParseFacts +Parse):\n%s", p.Description(), diff)
	}
	if _, err := sdptype.Parse(sdptype.Description{Type: sdptype.Offer, SDP: "garbage"}); !errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("Parse(garbage): %v, want ErrSDPSyntax", err)
	}
	if z := (sdptype.Parsed{}); z.Facts() != nil || !z.Description().IsZero() {
		t.Errorf("zero Parsed: %v %v", z.Description(), z.Facts())
	}
}
