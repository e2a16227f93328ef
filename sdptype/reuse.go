package sdptype

import (
	"slices"
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
// Parsing m-sections without the others is parsing them inside the whole
// SDP: pion reads every line that starts with "m=" as the start of a
// section, and from there its state depends only on the section's text. So
// pion parses the session part followed by the new sections, or by a short
// m-line if there are none (the session part's last state must accept one).
// Of the new sections pion is not handed the attribute lines it accepts
// whatever they hold and the facts do not read (writeSection): codecs,
// header extensions and SSRCs, about two thirds of a browser's lines.
// Whenever that text does not parse, or holds another number of m-sections
// than its lines starting with "m=", the whole SDP is parsed once as Parse
// does.
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

// probe is an m-line that follows a session part without new sections.
const probe = "m=audio 9 UDP 0\r\n"

// parseChanged parses text reusing the m-sections of known, or returns nil
// when the whole text is to be parsed: it has no m-section, reuses none, or
// what is new does not parse.
func parseChanged(text string, known []Parsed) *parse {
	if !strings.HasPrefix(text, "v=") {
		return nil
	}
	start := nextSection(text, 0)
	if start == len(text) {
		return nil
	}
	var room [8]source
	srcs := room[:0]
	n := 0
	for i, k := range known {
		if k.p != nil && len(k.p.sections) > 0 && !slices.ContainsFunc(known[:i], func(o Parsed) bool { return o.p == k.p }) {
			srcs = append(srcs, source{text: k.desc.SDP, p: k.p})
			n = max(n, len(k.p.sections))
		}
	}
	if len(srcs) == 0 {
		return nil
	}
	n++ // room for one section added
	p := &parse{media: start, facts: Facts{Media: make([]Media, 0, n)}, sections: make([]section, 0, n)}

	// Reused sections get their source's facts as they are; new ones a zero
	// Media (a parsed section has a Kind: pion requires one of five).
	var runRoom [4]run
	runs := runRoom[:0]
	tryAll, size := true, start+len(probe)
	for at := start; at < len(text); {
		if r, ok := p.reuse(text, at, srcs, tryAll); ok {
			runs = append(runs, r)
			at, tryAll = p.sections[len(p.sections)-1].end, false
			continue
		}
		end := nextSection(text, at)
		p.facts.Media = append(p.facts.Media, Media{})
		p.sections = append(p.sections, section{end: end})
		for i := range srcs {
			srcs[i].cursor++
		}
		size += end - at
		at, tryAll = end, true
	}
	if len(runs) == 0 {
		return nil
	}

	var b strings.Builder
	b.Grow(size)
	b.WriteString(text[:start])
	added := 0
	for i, m := range p.facts.Media {
		if m.Kind == "" {
			writeSection(&b, text[p.start(i):p.sections[i].end])
			added++
		}
	}
	if added == 0 {
		b.WriteString(probe)
	}
	var d sdp.SessionDescription
	if d.UnmarshalString(b.String()) != nil || len(d.MediaDescriptions) != max(added, 1) {
		return nil
	}
	var opts iceOptions
	p.dir = p.readSession(d.Attributes, &opts)
	k := 0
	for i := range p.facts.Media {
		if m := &p.facts.Media[i]; m.Kind == "" {
			p.sections[i].own = readSection(m, d.MediaDescriptions[k], &opts)
			inherit(m, p.facts.ICE, p.dir)
			k++
		}
	}
	// What the reused sections inherit, when their source's session part
	// gave them something else.
	for _, r := range runs {
		if !p.sameInherited(srcs[r.src].p) {
			for i := r.from; i < r.to; i++ {
				m := &p.facts.Media[i]
				*m = p.sections[i].own.stated(*m)
				inherit(m, p.facts.ICE, p.dir)
			}
		}
	}

	// Laid out as newParse does, so that a Parsed depends on its text only.
	if n := len(p.sections); n <= len(p.sectionRoom) {
		copy(p.mediaRoom[:], p.facts.Media)
		copy(p.sectionRoom[:], p.sections)
		p.facts.Media, p.sections = p.mediaRoom[:n:n], p.sectionRoom[:n:n]
	}
	return p
}

// writeSection writes the m-section sec for pion without the attribute
// lines that pion accepts whatever they hold and that readSection does not
// read: codecs, header extensions, SSRCs, most of a browser's lines. A line
// is left out only when the next line is an attribute too, so pion meets
// the same kinds of lines in the same order and accepts the section, in
// the same state, exactly when it accepts it whole; the lines left keep
// their order, so the facts are those of the whole section.
func writeSection(b *strings.Builder, sec string) {
	for sec != "" {
		n := strings.IndexByte(sec, '\n') + 1
		if n == 0 {
			b.WriteString(sec)
			return
		}
		line := sec[:n]
		sec = sec[n:]
		if !strings.HasPrefix(line, "a=") || !strings.HasPrefix(sec, "a=") || readsAttribute(line) {
			b.WriteString(line)
		}
	}
}

// readsAttribute reports whether readSection may read the attribute line
// "a=...\n": its key, as pion takes it (the value up to a colon not at its
// start, else all of it), is one readSection reads. A line with a carriage
// return before its end counts as read: pion trims such lines unevenly.
func readsAttribute(line string) bool {
	v := strings.TrimSuffix(line[len("a="):len(line)-1], "\r")
	if strings.IndexByte(v, '\r') >= 0 {
		return true
	}
	if i := strings.IndexByte(v, ':'); i > 0 {
		v = v[:i]
	}
	switch v {
	case "mid", "bundle-only", "ice-ufrag", "ice-pwd", "ice-options", "sendrecv", "sendonly", "recvonly", "inactive":
		return true
	}
	return false
}

// source is a known description that parseChanged takes m-sections from.
type source struct {
	text   string
	p      *parse
	cursor int // the section expected next
}

// run is the sections from to to-1 of a new SDP, taken from source src.
type run struct{ src, from, to int }

// reuse appends to p the m-sections of a source that text[at:] starts with.
// It looks in each source for the expected section, the one after (a
// section removed) and the one before (a section added). When tryAll is set
// and text goes on with all the sections of the source from the expected
// one, it takes them all with one comparison. Every cursor moves past what
// it takes.
func (p *parse) reuse(text string, at int, srcs []source, tryAll bool) (run, bool) {
	for i := range srcs {
		s := &srcs[i]
		for _, j := range [...]int{s.cursor, s.cursor + 1, s.cursor - 1} {
			if j < 0 || j >= len(s.p.sections) {
				continue
			}
			from, last := s.p.start(j), j+1
			switch {
			case tryAll && j == s.cursor && startsWith(text, at, s.text[from:]):
				last = len(s.p.sections)
			case !startsWith(text, at, s.text[from:s.p.sections[j].end]):
				continue
			}
			r := run{src: i, from: len(p.sections), to: len(p.sections) + last - j}
			p.facts.Media = append(p.facts.Media, s.p.facts.Media[j:last]...)
			for _, sec := range s.p.sections[j:last] {
				p.sections = append(p.sections, section{end: sec.end + at - from, own: sec.own})
			}
			for c := range srcs {
				srcs[c].cursor += last - j
			}
			s.cursor = last
			return r, true
		}
	}
	return run{}, false
}

// startsWith reports whether text has whole m-sections sec at offset at:
// the same bytes, then the end of text or a line that starts with "m=".
func startsWith(text string, at int, sec string) bool {
	end := at + len(sec)
	return strings.HasPrefix(text[at:], sec) && (end == len(text) || isSectionStart(text, end))
}
