package scenario

import (
	"fmt"
	"strings"
)

// A fileCase is a Case with its place in the file.
type fileCase struct {
	Case
	line  int // index in the file's lines of the command line
	want  int // index of the first expected line
	nwant int // number of expected lines
}

// An Error is a line of a scenario file the runner refuses, or the error
// of the command on that line. Line is 1-based; 0 is the whole file.
type Error struct {
	File string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// parseFile splits lines into cases, checking the layout of the file and
// every command line against cmds.
func parseFile(file string, lines []string, cmds Commands) ([]fileCase, error) {
	fail := func(i int, format string, args ...any) error {
		return &Error{File: file, Line: i + 1, Err: fmt.Errorf(format, args...)}
	}
	var cases []fileCase
	for i := 0; i < len(lines); {
		switch line := lines[i]; {
		case blank(line) || strings.HasPrefix(line, "#"):
			i++
			continue
		case line == "----":
			return nil, fail(i, "---- with no command line before it")
		}
		c := fileCase{line: i}
		var err error
		if c.Case, err = parseCommand(lines[i], cmds); err != nil {
			return nil, fail(i, "%w", err)
		}
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			if blank(lines[i]) {
				return nil, fail(c.line, "%s: no ---- before the blank line %d", c.Cmd, i+1)
			}
			if !c.decl.Input {
				return nil, fail(i, "%s: takes no input lines (is a ---- missing?)", c.Cmd)
			}
			c.Input = append(c.Input, lines[i])
		}
		if i == len(lines) {
			return nil, fail(c.line, "%s: no ---- before the end of the file", c.Cmd)
		}
		c.want = i + 1
		for i++; i < len(lines) && !blank(lines[i]); i++ {
			if lines[i] == "----" {
				return nil, fail(i, "---- inside the expected output of line %d (is a blank line missing?)", c.line+1)
			}
		}
		c.nwant = i - c.want
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, &Error{File: file, Err: fmt.Errorf("no cases")}
	}
	return cases, nil
}

func blank(line string) bool { return strings.TrimSpace(line) == "" }
