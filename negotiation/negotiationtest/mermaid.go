package negotiationtest

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Mermaid draws a transcript (Sim.Transcript) as a Mermaid sequence
// diagram, to paste into an issue or a Markdown file: one lifeline per
// peer, each delivered message an arrow ("a->b offer #1"), a lost one a
// crossed arrow, a copy a dashed one, and every other line (operations,
// state changes, events) a note over its peer.
func Mermaid(transcript []string) string {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	var peers []string
	peer := func(name string) string {
		for _, p := range peers {
			if p == name {
				return name
			}
		}
		peers = append(peers, name)
		return name
	}
	var body strings.Builder
	for _, line := range transcript {
		if from, to, text, ok := arrow(line); ok {
			head := "->>"
			switch {
			case strings.HasPrefix(text, "lost: "):
				head, text = "-x", strings.TrimPrefix(text, "lost: ")+" (lost)"
			case strings.HasPrefix(text, "duplicated: "):
				head, text = "-->>", strings.TrimPrefix(text, "duplicated: ")+" (copy)"
			}
			body.WriteString("    " + peer(from) + head + peer(to) + ": " + escape(text) + "\n")
			continue
		}
		name, text, ok := strings.Cut(line, ": ")
		if !ok || name == "" || strings.ContainsAny(name, " >,") {
			body.WriteString("    Note over a,b: " + escape(line) + "\n")
			peer("a")
			peer("b")
			continue
		}
		body.WriteString("    Note over " + peer(name) + ": " + escape(text) + "\n")
	}
	slices.Sort(peers)
	slices.Sort(peers)
	for _, p := range peers {
		b.WriteString("    participant " + p + "\n")
	}
	b.WriteString(body.String())
	return b.String()
}

// arrow splits "a->b text" into its two peers and text.
func arrow(line string) (from, to, text string, ok bool) {
	head, text, ok := strings.Cut(line, " ")
	if !ok {
		return "", "", "", false
	}
	from, to, ok = strings.Cut(head, "->")
	if !ok || from == "" || to == "" || strings.Contains(from, ":") || strings.Contains(to, ":") {
		return "", "", "", false
	}
	return from, to, text, true
}

// escape keeps text from ending a Mermaid statement or starting an entity:
// ";" and "#" become entity codes, and the line stays one line.
var escaper = strings.NewReplacer("#", "#35;", ";", "#59;", "\n", " ", "\r", " ")

func escape(s string) string { return escaper.Replace(s) }

// Print writes the transcript to w, a line per entry, or with asMermaid
// its Mermaid diagram.
func (s *Sim) Print(w io.Writer, asMermaid bool) error {
	if asMermaid {
		_, err := io.WriteString(w, Mermaid(s.Transcript()))
		return err
	}
	for _, line := range s.Transcript() {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
