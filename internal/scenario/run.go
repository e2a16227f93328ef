package scenario

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected outputs of the scenario files")

// A Diff is a case whose output is not the expected one.
type Diff struct {
	File      string
	Line      int    // of the command line, 1-based
	Command   string // the command line
	Got, Want string
}

func (d Diff) String() string {
	return fmt.Sprintf("%s:%d: %s\n got:\n%s\nwant:\n%s", d.File, d.Line, d.Command, d.Got, d.Want)
}

// Exec runs the cases of text, the content of file, with cmds. It returns
// text with every expected output replaced by the output the command gave,
// the cases whose output differs, and the first *Error, which stops the run.
func Exec(file, text string, cmds Commands) (rewritten string, diffs []Diff, err error) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	cases, err := parseFile(file, lines, cmds)
	if err != nil {
		return "", nil, err
	}
	var out []string
	next := 0 // the first line of text not yet in out
	for _, c := range cases {
		got, err := c.decl.Run(c.Case)
		if err == nil {
			got = strings.TrimRight(got, "\n")
			err = checkOutput(got)
		}
		if err != nil {
			return "", diffs, &Error{File: file, Line: c.line + 1, Err: fmt.Errorf("%s: %w", c.Cmd, err)}
		}
		want := strings.Join(lines[c.want:c.want+c.nwant], "\n")
		if got != want {
			diffs = append(diffs, Diff{File: file, Line: c.line + 1, Command: lines[c.line], Got: got, Want: want})
		}
		out = append(out, lines[next:c.want]...)
		out = append(out, got)
		next = c.want + c.nwant
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, "\n") + "\n", diffs, nil
}

// checkOutput refuses an output that would not read back as itself.
func checkOutput(got string) error {
	if got == "" {
		return errors.New("empty output")
	}
	for _, l := range strings.Split(got, "\n") {
		switch {
		case blank(l):
			return errors.New("output with a blank line")
		case l == "----":
			return errors.New("output with a ---- line")
		}
	}
	return nil
}

// Run runs each file matching pattern as a subtest, with commands from
// newCommands, and reports its Diffs; with -rewrite it writes the outputs
// back into the file instead.
func Run(t *testing.T, pattern string, newCommands func(t *testing.T) Commands) {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files match %s: %v", pattern, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out, diffs, err := Exec(file, string(data), newCommands(t))
			if !*rewrite {
				for _, d := range diffs {
					t.Error(d)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if *rewrite {
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
