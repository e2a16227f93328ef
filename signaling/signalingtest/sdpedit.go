package signalingtest

import (
	"slices"
	"strings"
)

// The edits of the answer-content and precedence checks. Each takes a
// real SDP and returns it changed in one way, or "" and why it cannot.

// sections splits an SDP into its session part and its m-sections, each
// with its line ends.
func sections(sdp string) (head string, media []string) {
	starts := []int{}
	for i := 0; i < len(sdp); {
		if strings.HasPrefix(sdp[i:], "m=") {
			starts = append(starts, i)
		}
		next := strings.IndexByte(sdp[i:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	if len(starts) == 0 {
		return sdp, nil
	}
	head = sdp[:starts[0]]
	for k, s := range starts {
		end := len(sdp)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		media = append(media, sdp[s:end])
	}
	return head, media
}

// midOf returns the value of a section's first a=mid line and that line.
func midOf(section string) (mid, line string) {
	for _, l := range strings.SplitAfter(section, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimRight(l, "\r\n"), "a=mid:"); ok {
			return v, l
		}
	}
	return "", ""
}

// renamed returns section with its mid line naming mid.
func renamed(section, line, mid string) string {
	return strings.Replace(section, line, "a=mid:"+mid+line[len(strings.TrimRight(line, "\r\n")):], 1)
}

// moreMLines appends a copy of the last m-section under a new mid.
func moreMLines(sdp string) (string, string) {
	head, media := sections(sdp)
	if len(media) == 0 {
		return "", "the answer has no m-section"
	}
	last := media[len(media)-1]
	mid, line := midOf(last)
	if line == "" {
		return "", "the answer's last m-section has no mid"
	}
	return head + strings.Join(media, "") + renamed(last, line, mid+"extra"), ""
}

// fewerMLines drops the last m-section, and its mid from the BUNDLE
// group.
func fewerMLines(sdp string) (string, string) {
	head, media := sections(sdp)
	if len(media) == 0 {
		return "", "the answer has no m-section"
	}
	mid, _ := midOf(media[len(media)-1])
	head = bundled(head, func(tokens []string) []string {
		return slices.DeleteFunc(tokens, func(tok string) bool { return tok == mid })
	})
	return head + strings.Join(media[:len(media)-1], ""), ""
}

// swapped swaps the first two m-sections.
func swapped(sdp string) (string, string) {
	head, media := sections(sdp)
	if len(media) < 2 {
		return "", "the answer has fewer than two m-sections to swap"
	}
	media[0], media[1] = media[1], media[0]
	return head + strings.Join(media, ""), ""
}

// otherMid renames the first m-section's mid, in its a=mid line and in
// the BUNDLE group.
func otherMid(sdp string) (string, string) {
	head, media := sections(sdp)
	if len(media) == 0 {
		return "", "the answer has no m-section"
	}
	mid, line := midOf(media[0])
	if line == "" {
		return "", "the answer's first m-section has no mid"
	}
	media[0] = renamed(media[0], line, mid+"other")
	head = bundled(head, func(tokens []string) []string {
		for i, tok := range tokens {
			if tok == mid {
				tokens[i] = mid + "other"
			}
		}
		return tokens
	})
	return head + strings.Join(media, ""), ""
}

// bundled returns the session part head with the mids of its BUNDLE
// groups changed by edit.
func bundled(head string, edit func(mids []string) []string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(head, "\n") {
		if body, ok := strings.CutPrefix(strings.TrimRight(l, "\r\n"), "a=group:BUNDLE "); ok {
			l = "a=group:BUNDLE " + strings.Join(edit(strings.Split(body, " ")), " ") + l[len("a=group:BUNDLE ")+len(body):]
		}
		b.WriteString(l)
	}
	return b.String()
}

// otherKind gives the first m-section another media type: video, or
// audio for a video one.
func otherKind(sdp string) (string, string) {
	head, media := sections(sdp)
	if len(media) == 0 {
		return "", "the answer has no m-section"
	}
	kind, rest, _ := strings.Cut(media[0][len("m="):], " ")
	other := "video"
	if kind == "video" {
		other = "audio"
	}
	media[0] = "m=" + other + " " + rest
	return head + strings.Join(media, ""), ""
}

// broken puts a line that is not SDP at the end of the session part.
func broken(sdp string) string {
	head, media := sections(sdp)
	return head + "garbage\r\n" + strings.Join(media, "")
}
