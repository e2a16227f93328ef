package sdptype

import (
	"strings"

	"github.com/pion/sdp/v3"
)

// ParseAfter is Parse for a description that follows the descriptions in
// known, as a re-offer follows the offer and answer before it: the same
// Parsed and the same errors, but pion/sdp parses only the session part and
// the m-sections whose text is new. An m-section whose text equals one of a
// known description's, at its place or one before or after, keeps that
// section's facts; what it inherits from the session part (ICE parameters,
// direction) is taken again from the new session part. An SDP equal to a
// known one is not parsed at all. known may hold zero Parsed values.
//
// Parsing an m-section alone is parsing it inside the whole SDP: pion reads
// every line that starts with "m=" as the start of a section, and from there
// its state depends only on the section's text. The session part is parsed
// with a short m-line after it, which its last state must accept. Whenever
// the parts do not parse, or a part holds another number of m-sections than
// its lines starting with "m=", the whole SDP is parsed once as Parse does.
func ParseAfter(d Description, known ...Parsed) (Parsed, error) {
	for _, k := range known {
		if k.p != nil && k.desc.SDP == d.SDP {
			return Parsed{desc: d, p: k.p}, nil
		}
	}
	if p := parseChanged(d.SDP, known); p != nil {
		return Parsed{desc: d, p: p}, nil
	}
	return Parse(d)
}

// Texts that give a section or a session part what it needs to parse alone:
// a session header whose last state accepts an m-line, and an m-line.
const (
	header = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
	probe  = "m=audio 9 UDP 0\r\n"
)

// parseChanged parses text reusing the m-sections of known, or returns nil
// when the whole text is to be parsed: it has no m-section, reuses none, or
// a part does not parse.
func parseChanged(text string, known []Parsed) *parse {
	if !strings.HasPrefix(text, "v=") {
		return nil
	}
	start := nextSection(text, 0)
	if start == len(text) {
		return nil
	}
	var room [4]source
	srcs := room[:0]
	n := 0
	for _, k := range known {
		if k.p != nil && len(k.p.sections) > 0 {
			srcs = append(srcs, source{text: k.desc.SDP, p: k.p})
			n = max(n, len(k.p.sections))
		}
	}
	if len(srcs) == 0 {
		return nil
	}

	// The session part first: the sections inherit from it.
	var d sdp.SessionDescription
	if d.UnmarshalString(text[:start]+probe) != nil || len(d.MediaDescriptions) != 1 {
		return nil
	}
	n++ // room for one section added
	p := &parse{media: start, facts: Facts{Media: make([]Media, 0, n)}, sections: make([]section, 0, n)}
	var opts iceOptions
	p.dir = p.readSession(d.Attributes, &opts)
	for i := range srcs {
		srcs[i].same = p.sameInherited(srcs[i].p)
	}

	reused, run := false, true
	for at := start; at < len(text); {
		if end := p.reuse(text, at, srcs, run); end > at {
			at, reused, run = end, true, false
			continue
		}
		// A new section: a zero Media until it is parsed.
		end := nextSection(text, at)
		p.facts.Media = append(p.facts.Media, Media{})
		p.sections = append(p.sections, section{end: end})
		for i := range srcs {
			srcs[i].cursor++
		}
		at, run = end, true
	}
	if !reused {
		return nil
	}

	// The new sections, consecutive ones together. A parsed section has a
	// Kind: pion requires one of five media types.
	for i := 0; i < len(p.sections); {
		if p.facts.Media[i].Kind != "" {
			i++
			continue
		}
		j := i + 1
		for j < len(p.sections) && p.facts.Media[j].Kind == "" {
			j++
		}
		if !p.parseSections(text, i, j, &opts) {
			return nil
		}
		i = j
	}

	// Laid out as newParse does, so that a Parsed depends on its text only.
	if n := len(p.sections); n <= len(p.sectionRoom) {
		copy(p.mediaRoom[:], p.facts.Media)
		copy(p.sectionRoom[:], p.sections)
		p.facts.Media, p.sections = p.mediaRoom[:n:n], p.sectionRoom[:n:n]
	}
	return p
}

// source is a known description that parseChanged takes m-sections from.
type source struct {
	text   string
	p      *parse
	cursor int  // the section expected next
	same   bool // its session part gives the same ICE parameters and direction
}

// reuse appends to p the m-sections of a source that text[at:] starts with
// and returns where they end, or at when none does. It looks in each source
// for the expected section, the one after (a section removed) and the one
// before (a section added). When run is set and text goes on with all the
// sections of the source from the expected one, it takes them all with one
// comparison. Every cursor moves past what it takes.
func (p *parse) reuse(text string, at int, srcs []source, run bool) int {
	for i := range srcs {
		s := &srcs[i]
		for _, j := range [...]int{s.cursor, s.cursor + 1, s.cursor - 1} {
			if j < 0 || j >= len(s.p.sections) {
				continue
			}
			from, last := s.p.start(j), j+1
			switch {
			case run && j == s.cursor && startsWith(text, at, s.text[from:]):
				last = len(s.p.sections)
			case !startsWith(text, at, s.text[from:s.p.sections[j].end]):
				continue
			}
			p.take(s, j, last, at-from)
			for c := range srcs {
				srcs[c].cursor += last - j
			}
			s.cursor = last
			return at + s.p.sections[last-1].end - from
		}
	}
	return at
}

// take appends sections j to last-1 of s, at offset shift in the new text.
func (p *parse) take(s *source, j, last, shift int) {
	if s.same {
		p.facts.Media = append(p.facts.Media, s.p.facts.Media[j:last]...)
	}
	for k := j; k < last; k++ {
		sec := s.p.sections[k]
		if !s.same {
			m := sec.own.stated(s.p.facts.Media[k])
			inherit(&m, p.facts.ICE, p.dir)
			p.facts.Media = append(p.facts.Media, m)
		}
		p.sections = append(p.sections, section{end: sec.end + shift, own: sec.own})
	}
}

// startsWith reports whether text has whole m-sections sec at offset at:
// the same bytes, then the end of text or a line that starts with "m=".
func startsWith(text string, at int, sec string) bool {
	end := at + len(sec)
	return strings.HasPrefix(text[at:], sec) && (end == len(text) || isSectionStart(text, end))
}

// parseSections parses m-sections i to j-1 of text, one run of text, after
// a session header, and reads their facts.
func (p *parse) parseSections(text string, i, j int, opts *iceOptions) bool {
	var d sdp.SessionDescription
	if d.UnmarshalString(header+text[p.start(i):p.sections[j-1].end]) != nil || len(d.MediaDescriptions) != j-i {
		return false
	}
	for k, md := range d.MediaDescriptions {
		m := &p.facts.Media[i+k]
		p.sections[i+k].own = readSection(m, md, opts)
		inherit(m, p.facts.ICE, p.dir)
	}
	return true
}
