package scenario_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/internal/scenario"
)

// commands are a small handler: every kind of declaration, and commands
// whose output the runner must refuse.
func commands() scenario.Commands {
	peer := scenario.Word{Name: "peer", Check: scenario.OneOf("a", "b")}
	out := func(s string, err error) func(scenario.Case) (string, error) {
		return func(scenario.Case) (string, error) { return s, err }
	}
	return scenario.Commands{
		"deliver": {Words: []scenario.Word{peer}, Keys: map[string]scenario.Check{"x": scenario.Count}, Run: func(c scenario.Case) (string, error) {
			return fmt.Sprintf("%s x%d", c.Word(0), c.Uint("x", 1)), nil
		}},
		"feed": {Words: []scenario.Word{peer, {Name: "input", Check: scenario.OneOf("remote-set", "candidate-added")}}, Run: out("fed", nil)},
		"candidate": {Flags: []string{"end"}, Keys: map[string]scenario.Check{"mid": nil, "index": scenario.Uint(16)}, Run: func(c scenario.Case) (string, error) {
			mid, _ := c.Key("mid")
			return fmt.Sprintf("end=%v mid=%q", c.Flag("end"), mid), nil
		}},
		"sdp": {Words: []scenario.Word{{Name: "name"}, {Name: "type", Optional: true}}, Input: true, Run: func(c scenario.Case) (string, error) {
			return fmt.Sprintf("%s %q: %d lines", c.Word(0), c.Word(1), len(c.Input)), nil
		}},
		"fail":   {Run: out("", errors.New("no sim"))},
		"empty":  {Run: out("\n", nil)},
		"blank":  {Run: out("one\n\nthree", nil)},
		"dashes": {Run: out("one\n----", nil)},
	}
}

// TestExecRefuses feeds the runner each kind of bad file.
func TestExecRefuses(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"nope\n----\nx\n", `bad.txt:1: unknown command "nope"`},
		{"# a comment\n\ndeliver a x=abc\n----\na x1\n", `bad.txt:3: deliver: x=abc: want a positive integer`},
		{"deliver a x=0\n----\na x1\n", `bad.txt:1: deliver: x=0: want a positive integer`},
		{"deliver a y=1\n----\na x1\n", `bad.txt:1: deliver: takes no y=`},
		{"deliver a x=1 x=2\n----\na x1\n", `bad.txt:1: deliver: x= twice`},
		{"deliver a =1\n----\na x1\n", `bad.txt:1: deliver: malformed word "=1"`},
		{"deliver a x=\n----\na x1\n", `bad.txt:1: deliver: malformed word "x="`},
		{"deliver a b\n----\na x1\n", `bad.txt:1: deliver: unexpected word "b"`},
		{"deliver\n----\na x1\n", `bad.txt:1: deliver: missing peer`},
		{"deliver c\n----\nc x1\n", `bad.txt:1: deliver: peer "c": want one of a, b`},
		{"feed a remote-sett\n----\nfed\n", `bad.txt:1: feed: input "remote-sett": want one of remote-set, candidate-added`},
		{"feed a\n----\nfed\n", `bad.txt:1: feed: missing input`},
		{"candidate end end\n----\nx\n", `bad.txt:1: candidate: end twice`},
		{"candidate index=65536\n----\nx\n", `bad.txt:1: candidate: index=65536: want an integer of 16 bits`},
		{"sdp\n----\nx\n", `bad.txt:1: sdp: missing name`},
		{"deliver a\ndeliver b\n----\na x1\n", `bad.txt:2: deliver: takes no input lines (is a ---- missing?)`},
		{"sdp o1\nv=0\n\nsdp o2\n----\nx\n", `bad.txt:1: sdp: no ---- before the blank line 3`},
		{"deliver a\n----\na x1\n\nsdp o1\nv=0\n", `bad.txt:5: sdp: no ---- before the end of the file`},
		{"deliver a\n----\na x1\n\n----\na x1\n", `bad.txt:5: ---- with no command line before it`},
		{"deliver a\n----\na x1\ndeliver b\n----\nb x1\n", `bad.txt:5: ---- inside the expected output of line 1 (is a blank line missing?)`},
		{"# only comments\n\n", `bad.txt: no cases`},
		{"", `bad.txt: no cases`},
		{"deliver a\n----\na x1\n\nfail\n----\nx\n", `bad.txt:5: fail: no sim`},
		{"empty\n----\n", `bad.txt:1: empty: empty output`},
		{"blank\n----\none\n", `bad.txt:1: blank: output with a blank line`},
		{"dashes\n----\none\n", `bad.txt:1: dashes: output with a ---- line`},
		// Every command line is checked before the first case runs.
		{"fail\n----\nx\n\nnope\n----\nx\n", `bad.txt:5: unknown command "nope"`},
	} {
		_, _, err := scenario.Exec("bad.txt", c.text, commands())
		var serr *scenario.Error
		if !errors.As(err, &serr) || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}

// TestExecDiffs checks that a wrong or missing expected output is a Diff at
// its case's line, that the rewritten text holds the outputs, and that the
// rewritten text runs clean and rewrites to itself.
func TestExecDiffs(t *testing.T) {
	text := strings.Join([]string{
		"# deliveries",
		"deliver a x=2",
		"----",
		"a x1",
		"",
		"sdp o1 offer",
		"v=0",
		"o=- 1 1 IN IP4 127.0.0.1",
		"----",
		"o1 \"offer\": 2 lines",
		"",
		"candidate mid=0 end",
		"----",
		"",
	}, "\n")
	want := strings.Join([]string{
		"# deliveries",
		"deliver a x=2",
		"----",
		"a x2",
		"",
		"sdp o1 offer",
		"v=0",
		"o=- 1 1 IN IP4 127.0.0.1",
		"----",
		"o1 \"offer\": 2 lines",
		"",
		"candidate mid=0 end",
		"----",
		"end=true mid=\"0\"",
		"",
	}, "\n")
	out, diffs, err := scenario.Exec("f.txt", text, commands())
	if err != nil {
		t.Fatal(err)
	}
	if out != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	var got []string
	for _, d := range diffs {
		got = append(got, fmt.Sprintf("%s:%d %s: %q, want %q", d.File, d.Line, d.Command, d.Got, d.Want))
	}
	if w := []string{`f.txt:2 deliver a x=2: "a x2", want "a x1"`, `f.txt:12 candidate mid=0 end: "end=true mid=\"0\"", want ""`}; strings.Join(got, "\n") != strings.Join(w, "\n") {
		t.Errorf("diffs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
	again, diffs, err := scenario.Exec("f.txt", out, commands())
	if err != nil || len(diffs) > 0 || again != out {
		t.Errorf("the rewritten text: %v, %v, rewritten again:\n%s", err, diffs, again)
	}
}
