package sdptype_test

import (
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
)

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
