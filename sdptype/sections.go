package sdptype

import (
	"slices"
	"strings"
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

// locate sets where the n m-sections pion found in text lie: one at each
// line that starts with "m=", or sets sections to nil when there are fewer
// such lines than sections (pion also starts one where a line such as c=
// goes on after its fields). pion starts a section at every such line of an
// SDP it accepts, so finding n of them, in order, is finding them all.
func (p *parse) locate(text string, n int) {
	p.media = nextSection(text, 0)
	at := p.media
	for i := range n {
		if at == len(text) {
			p.sections = nil
			return
		}
		end := len(text)
		if i < n-1 {
			end = nextSection(text, at)
		}
		p.sections[i].end = end
		at = end
	}
}

// isSectionStart reports whether a line that starts with "m=" begins at i.
func isSectionStart(text string, i int) bool {
	return i > 0 && i < len(text) && text[i-1] == '\n' && strings.HasPrefix(text[i:], "m=")
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
