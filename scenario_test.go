package glare_test

import (
	"testing"

	"github.com/glare-rtc/glare/internal/scenario"
)

// TestSimCommandsRefuse checks that a mistyped command of the pitfall and
// negotiation scenarios fails instead of running with a word ignored or a
// peer guessed.
func TestSimCommandsRefuse(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"sim\n----\nx\n\nfeed a remote-sett\n----\nx\n", `f.txt:5: feed: input "remote-sett": want one of set-remote-done, add-candidate-done, set-local-done-answer, set-local-done-offer, negotiation-needed, stack-negotiation-needed, nil`},
		{"deliver c\n----\nx\n", `f.txt:1: deliver: peer "c": want one of a, b`},
		{"deliver a x=0\n----\nx\n", `f.txt:1: deliver: x=0: want a positive integer`},
		{"deliver a x=abc\n----\nx\n", `f.txt:1: deliver: x=abc: want a positive integer`},
		{"close c\n----\nx\n", `f.txt:1: close: peer "c": want one of a, b`},
		{"inject b garbage\n----\nx\n", `f.txt:1: inject: kind "garbage": want one of dup, reoffer, pranswer, answer-copy, garbage-offer, bogus-type, rollback, old-candidate, new-candidate, old-candidate-line, new-candidate-line, end, no-mid, no-ufrag, no-ufrag-last`},
		{"sim polite\n----\nx\n", `f.txt:1: sim: unexpected word "polite"`},
		{"settle a\n----\nx\n", `f.txt:1: settle: unexpected word "a"`},
		{"settle\n----\nx\n", `f.txt:1: settle: no sim`},
		{"sim\n----\na: impolite, b: polite\n\nreorder a\n----\nx\n", `f.txt:5: reorder: fewer than two messages to reorder`},
	} {
		if _, _, err := scenario.Exec("f.txt", c.text, newSimCommands(t)); err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}
