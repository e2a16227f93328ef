package sdptype

import (
	"cmp"
	"strings"

	"github.com/pion/sdp/v3"
)

// Facts is what negotiation needs to know of an SDP, read once with
// pion/sdp: the media sections in order, the BUNDLE groups and the ICE
// parameters. A Facts is never modified after ParseFacts returns it.
type Facts struct {
	Media        []Media    // m-sections in SDP order
	BundleGroups [][]string // mids of each a=group:BUNDLE, in order
	ICE          ICE        // session-level ICE parameters
}

// Media is one m-section.
type Media struct {
	Mid       string    // the first a=mid, "" when absent
	Kind      string    // media type of the m= line: "audio", "video", "application"...
	Rejected  bool      // port 0 without a=bundle-only (JSEP 5.2.2, RFC 8843)
	Direction Direction // effective direction, sendrecv when unstated (RFC 8866 6.7)
	ICE       ICE       // effective ICE parameters: the section's, else the session's
}

// ICE holds the ICE parameters of a section or a session (RFC 8839).
type ICE struct {
	Ufrag   string   // a=ice-ufrag
	Pwd     string   // a=ice-pwd
	Options []string // a=ice-options tokens, such as "trickle"
}

// Direction is the media direction attribute of an m-section.
type Direction uint8

// The four directions of RFC 8866 section 6.7. The zero value is invalid.
const (
	Sendrecv Direction = iota + 1
	Sendonly
	Recvonly
	Inactive
)

var directionNames = [...]string{Sendrecv: "sendrecv", Sendonly: "sendonly", Recvonly: "recvonly", Inactive: "inactive"}

// String returns the SDP attribute name of d.
func (d Direction) String() string {
	if d < Sendrecv || d > Inactive {
		return "Direction(" + itoa(int(d)) + ")"
	}
	return directionNames[d]
}

// Section returns the m-section with the given mid and its index. The empty
// mid names no section.
func (f *Facts) Section(mid string) (Media, int, bool) {
	if mid == "" {
		return Media{}, -1, false
	}
	for i, m := range f.Media {
		if m.Mid == mid {
			return m, i, true
		}
	}
	return Media{}, -1, false
}

// ParseFacts parses an SDP with pion/sdp and extracts its Facts. It accepts
// exactly what pion/sdp accepts, except that the SDP must start with "v="
// (RFC 8866 5: the first line is the version; pion accepts an empty string).
// A failure is an *Error that unwraps to ErrSDPSyntax and carries the
// 1-based line that failed.
func ParseFacts(text string) (*Facts, error) {
	p, err := parseWhole(text)
	if err != nil {
		return nil, err
	}
	return &p.facts, nil
}

// parseWhole parses text with one call to pion/sdp.
func parseWhole(text string) (*parse, error) {
	if !strings.HasPrefix(text, "v=") {
		return nil, &Error{What: "sdp", Line: 1, Input: lineText(text, 1), Err: ErrSDPSyntax, Reason: `must start with "v="`}
	}
	// pion reads the sections without the lines writeSection leaves out:
	// it accepts the same texts, and the facts are the same.
	start := nextSection(text, 0)
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:start])
	writeSection(&b, text[start:])
	var d sdp.SessionDescription
	if d.UnmarshalString(b.String()) != nil {
		d = sdp.SessionDescription{} // pion's verdict on the text itself
		if err := d.UnmarshalString(text); err != nil {
			line := failingLine(text)
			return nil, &Error{What: "sdp", Line: line, Input: lineText(text, line), Err: ErrSDPSyntax, Cause: err}
		}
	}
	p := newParse(len(d.MediaDescriptions))
	var opts iceOptions
	p.dir = p.readSession(d.Attributes, &opts)
	for i, md := range d.MediaDescriptions {
		m := &p.facts.Media[i]
		p.sections[i].own = readSection(m, md, &opts)
		inherit(m, p.facts.ICE, p.dir)
	}
	p.locate(text, len(d.MediaDescriptions))
	return p, nil
}

// readSession reads the BUNDLE groups and the ICE parameters of the session
// part into p.facts, and returns its direction (0 when unstated).
func (p *parse) readSession(attrs []sdp.Attribute, opts *iceOptions) Direction {
	var dir Direction
	for _, a := range attrs {
		if a.Key == "group" {
			if g, ok := strings.CutPrefix(a.Value, "BUNDLE"); ok && (g == "" || g[0] == ' ') {
				p.facts.BundleGroups = append(p.facts.BundleGroups, strings.Fields(g))
			}
			continue
		}
		opts.read(&p.facts.ICE, &dir, a)
	}
	return dir
}

// readSection sets m, zero before, to the facts of md as the section states
// them, without what it would inherit from the session part, and returns
// which inheritable facts it states.
func readSection(m *Media, md *sdp.MediaDescription, opts *iceOptions) own {
	m.Kind = md.MediaName.Media
	bundleOnly, hasMid := false, false
	for _, a := range md.Attributes {
		switch a.Key {
		case "mid":
			if !hasMid {
				m.Mid, hasMid = a.Value, true
			}
		case "bundle-only":
			bundleOnly = true
		default:
			opts.read(&m.ICE, &m.Direction, a)
		}
	}
	m.Rejected = md.MediaName.Port.Value == 0 && !bundleOnly
	var o own
	if m.ICE.Ufrag != "" {
		o |= ownUfrag
	}
	if m.ICE.Pwd != "" {
		o |= ownPwd
	}
	if m.ICE.Options != nil {
		o |= ownOptions
	}
	if m.Direction != 0 {
		o |= ownDirection
	}
	return o
}

// own records which of an m-section's ICE parameters and direction the
// section states; the others come from the session part (RFC 8839 5.4,
// RFC 8866 6.7).
type own uint8

const (
	ownUfrag own = 1 << iota
	ownPwd
	ownOptions
	ownDirection
)

// inherit completes m, as its section states it, with the session part's
// ICE parameters and direction dir, and sendrecv when neither states one.
func inherit(m *Media, ice ICE, dir Direction) {
	m.Direction = cmp.Or(m.Direction, dir, Sendrecv)
	m.ICE.Ufrag = cmp.Or(m.ICE.Ufrag, ice.Ufrag)
	m.ICE.Pwd = cmp.Or(m.ICE.Pwd, ice.Pwd)
	if m.ICE.Options == nil {
		m.ICE.Options = ice.Options
	}
}

// stated returns m, an effective Media whose section states o, as the
// section states it: what inherit added taken out again.
func (o own) stated(m Media) Media {
	if o&ownUfrag == 0 {
		m.ICE.Ufrag = ""
	}
	if o&ownPwd == 0 {
		m.ICE.Pwd = ""
	}
	if o&ownOptions == 0 {
		m.ICE.Options = nil
	}
	if o&ownDirection == 0 {
		m.Direction = 0
	}
	return m
}

// iceOptions remembers the last ice-options value split, so that sections
// repeating it share one slice (Facts is never modified).
type iceOptions struct {
	raw    string
	fields []string
}

// read takes the ICE parameters and the direction from a, keeping the
// first value of each, as pion's MediaDescription.Attribute does.
func (o *iceOptions) read(ice *ICE, dir *Direction, a sdp.Attribute) {
	var d Direction
	switch a.Key {
	case "ice-ufrag":
		ice.Ufrag = cmp.Or(ice.Ufrag, a.Value)
	case "ice-pwd":
		ice.Pwd = cmp.Or(ice.Pwd, a.Value)
	case "ice-options":
		if ice.Options == nil {
			if o.fields == nil || o.raw != a.Value {
				o.raw, o.fields = a.Value, strings.Fields(a.Value)
			}
			ice.Options = o.fields
		}
	case "sendrecv":
		d = Sendrecv
	case "sendonly":
		d = Sendonly
	case "recvonly":
		d = Recvonly
	case "inactive":
		d = Inactive
	}
	*dir = cmp.Or(*dir, d)
}

// failingLine returns the 1-based number of the first line at which pion/sdp
// fails: the shortest prefix of whole lines it rejects. pion reads line by
// line and accepts any prefix that ends at a line break, so the prefixes
// that fail are exactly those that reach the bad line.
func failingLine(text string) int {
	n := strings.Count(text, "\n")
	if !strings.HasSuffix(text, "\n") {
		n++
	}
	lo, hi := 1, n // the answer lies in [lo, hi]; the whole text fails
	for lo < hi {
		mid := lo + (hi-lo)/2
		var d sdp.SessionDescription
		if d.UnmarshalString(prefixLines(text, mid)) != nil {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// prefixLines returns the first n lines of text, line breaks included.
func prefixLines(text string, n int) string {
	end := 0
	for ; n > 0; n-- {
		i := strings.IndexByte(text[end:], '\n')
		if i < 0 {
			return text
		}
		end += i + 1
	}
	return text[:end]
}

// lineText returns line n (1-based) of text without its line break,
// shortened to 80 bytes.
func lineText(text string, n int) string {
	s := prefixLines(text, n)
	if i := strings.LastIndexByte(strings.TrimSuffix(s, "\n"), '\n'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimRight(s, "\r\n")
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}
