package sdptype

import (
	"slices"
	"strings"

	"github.com/pion/sdp/v3"
)

// parse is what a Parsed keeps of its SDP: the Facts, and where each
// m-section's text lies, so that a later parse can reuse the sections whose
// text did not change.
type parse struct {
	facts Facts
	// media is the offset of the first m-section (the end of the session
	// part) and sections[i].end the end of m-section i. sections is nil
	// when the m-sections do not each begin a line with "m=" (pion also
	// starts one where a line such as c= goes on after its fields).
	media    int
	sections []section
	dir      Direction // the session part's direction, 0 when unstated
	// room for four m-sections, so that a small SDP takes one allocation
	mediaRoom   [4]Media
	sectionRoom [4]section
}

// section is the end of an m-section in its SDP and which inheritable facts
// it states itself.
type section struct {
	end int
	own own
}

func newParse(n int) *parse {
	p := new(parse)
	if n <= len(p.mediaRoom) {
		p.facts.Media, p.sections = p.mediaRoom[:n:n], p.sectionRoom[:n:n]
	} else {
		p.facts.Media, p.sections = make([]Media, n), make([]section, n)
	}
	return p
}

// locate sets where the m-sections of text, which pion parsed into mds,
// lie: one at each line that starts with "m=", or sets sections to nil when
// there are fewer such lines than sections (pion also starts one where a
// line such as c= goes on after its fields). pion starts a section at every
// such line of an SDP it accepts, so finding len(mds) of them, in order, is
// finding them all. Each end is first guessed from what pion read of the
// section, and looked for only where the guess is not such a line; should
// a guess skip one, the lines run out, and they are looked for again.
func (p *parse) locate(text string, mds []*sdp.MediaDescription) {
	eol := 1
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		eol = 2
	}
	p.media = nextSection(text, 0)
	if !p.locateFrom(text, mds, eol) && !p.locateFrom(text, mds, 0) {
		p.sections = nil
	}
}

// locateFrom sets the ends of the sections, guessed with line ends of eol
// bytes, or looked for when eol is 0. It reports false when the lines that
// start with "m=" run out.
func (p *parse) locateFrom(text string, mds []*sdp.MediaDescription, eol int) bool {
	at := p.media
	for i, md := range mds {
		if at == len(text) {
			return false
		}
		end := len(text)
		if i < len(mds)-1 {
			if eol > 0 {
				end = at + writtenLen(md, eol)
			}
			if eol == 0 || !isSectionStart(text, end) {
				end = nextSection(text, at)
			}
		}
		p.sections[i].end = end
		at = end
	}
	return true
}

// isSectionStart reports whether a line that starts with "m=" begins at i.
func isSectionStart(text string, i int) bool {
	return i > 0 && i < len(text) && text[i-1] == '\n' && strings.HasPrefix(text[i:], "m=")
}

// writtenLen is the length of md written one line per field with eol bytes
// of line end, as browsers write it.
func writtenLen(md *sdp.MediaDescription, eol int) int {
	m := md.MediaName
	n := len("m=") + len(m.Media) + 1 + decimalLen(m.Port.Value) + len(m.Protos) + eol
	if m.Port.Range != nil {
		n += 1 + decimalLen(*m.Port.Range)
	}
	for _, s := range m.Protos {
		n += len(s)
	}
	for _, f := range m.Formats {
		n += 1 + len(f)
	}
	if c := md.ConnectionInformation; c != nil {
		n += len("c=") + len(c.NetworkType) + 1 + len(c.AddressType) + eol
		if c.Address != nil {
			n += 1 + len(c.Address.Address)
		}
	}
	for _, b := range md.Bandwidth {
		n += len("b=:") + len(b.Type) + decimalLen(int(b.Bandwidth)) + eol
		if b.Experimental {
			n += len("X-")
		}
	}
	if md.EncryptionKey != nil {
		n += len("k=") + len(*md.EncryptionKey) + eol
	}
	if md.MediaTitle != nil {
		n += len("i=") + len(*md.MediaTitle) + eol
	}
	for _, a := range md.Attributes {
		n += len("a=") + len(a.Key) + eol
		if a.Value != "" {
			n += 1 + len(a.Value)
		}
	}
	return n
}

// decimalLen is the number of digits of n written in decimal.
func decimalLen(n int) int {
	d := 1
	for ; n >= 10 || n <= -10; n /= 10 {
		d++
	}
	if n < 0 {
		d++
	}
	return d
}

// nextSection returns the offset of the first line after from that starts
// with "m=", or len(text). The line at from itself does not count.
func nextSection(text string, from int) int {
	if i := strings.Index(text[from:], "\nm="); i >= 0 {
		return from + i + 1
	}
	return len(text)
}

// start returns the offset of m-section j.
func (p *parse) start(j int) int {
	if j == 0 {
		return p.media
	}
	return p.sections[j-1].end
}

// sameInherited reports whether the session parts of p and q give their
// m-sections the same ICE parameters and direction.
func (p *parse) sameInherited(q *parse) bool {
	a, b := p.facts.ICE, q.facts.ICE
	return p.dir == q.dir && a.Ufrag == b.Ufrag && a.Pwd == b.Pwd &&
		(a.Options == nil) == (b.Options == nil) && slices.Equal(a.Options, b.Options)
}
