package glare_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of scenario files in testdata/")

// A scenario file is a list of cases. A case is a command line, optional
// input lines, a "----" line and the expected output, ended by a blank
// line. Lines starting with '#' between cases are comments.
//
//	sld offer o1
//	----
//	events: stable -> have-local-offer
//	state: have-local-offer
type scenarioCase struct {
	pos   string            // file:line of the command
	cmd   string            // first word of the command line
	args  []string          // the other words that are not key=value
	kv    map[string]string // key=value words
	input []string          // lines between the command and "----"
}

func (c scenarioCase) has(word string) bool {
	for _, a := range c.args {
		if a == word {
			return true
		}
	}
	return false
}

func (c scenarioCase) arg(i int) string {
	if i < len(c.args) {
		return c.args[i]
	}
	return ""
}

// runScenarios runs every file matching pattern in testdata/ with a fresh
// handler from newHandler, and compares or rewrites the expected outputs.
func runScenarios(t *testing.T, pattern string, newHandler func(t *testing.T) func(scenarioCase) string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files match %s: %v", pattern, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			runScenarioFile(t, file, newHandler(t))
		})
	}
}

func runScenarioFile(t *testing.T, file string, handle func(scenarioCase) string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var out []string // the file as rewritten
	cases := 0
	for i := 0; i < len(lines); {
		line := lines[i]
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			out = append(out, line)
			i++
			continue
		}
		c := scenarioCase{pos: file + ":" + itoa(i+1), kv: map[string]string{}}
		fields := strings.Fields(line)
		c.cmd = fields[0]
		for _, f := range fields[1:] {
			if k, v, ok := strings.Cut(f, "="); ok {
				c.kv[k] = v
			} else {
				c.args = append(c.args, f)
			}
		}
		out = append(out, line)
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			c.input = append(c.input, lines[i])
			out = append(out, lines[i])
		}
		if i == len(lines) {
			t.Fatalf("%s: no ---- after the command", c.pos)
		}
		out = append(out, "----")
		var want []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			want = append(want, lines[i])
		}
		got := strings.TrimRight(handle(c), "\n")
		cases++
		if *rewrite {
			out = append(out, got)
			continue
		}
		out = append(out, want...)
		if w := strings.Join(want, "\n"); got != w {
			t.Errorf("%s: %s\n got:\n%s\nwant:\n%s", c.pos, line, got, w)
		}
	}
	if cases == 0 {
		t.Fatalf("%s has no cases", file)
	}
	if *rewrite {
		if err := os.WriteFile(file, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
