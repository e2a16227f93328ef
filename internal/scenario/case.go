package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A Case is one command line of a file, checked against its Command, with
// its input lines.
type Case struct {
	Cmd   string   // the command's name
	Input []string // the lines between the command line and "----"
	words []string
	flags []string
	keys  map[string]string
	decl  Command
}

// Word returns the i-th positional word, or "" if the line has none.
func (c Case) Word(i int) string {
	if i < len(c.words) {
		return c.words[i]
	}
	return ""
}

// Flag reports whether the line has the flag. A flag the command does
// not declare is a bug in the handler: Flag panics.
func (c Case) Flag(name string) bool {
	if !slices.Contains(c.decl.Flags, name) {
		panic(fmt.Sprintf("scenario: %s declares no flag %s", c.Cmd, name))
	}
	return slices.Contains(c.flags, name)
}

// Key returns the value of key=value, and whether the line has it. A key
// the command does not declare is a bug in the handler: Key panics.
func (c Case) Key(key string) (string, bool) {
	if _, ok := c.decl.Keys[key]; !ok {
		panic(fmt.Sprintf("scenario: %s declares no key %s", c.Cmd, key))
	}
	v, ok := c.keys[key]
	return v, ok
}

// Uint returns the value of key=value as a number, or def if the line does
// not have it. The key's Check must take only numbers (Count, Uint).
func (c Case) Uint(key string, def uint64) uint64 {
	v, ok := c.Key(key)
	if !ok {
		return def
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		panic(fmt.Sprintf("scenario: %s checks %s= as something other than a number", c.Cmd, key))
	}
	return n
}

// parseCommand checks a command line against cmds.
func parseCommand(line string, cmds Commands) (Case, error) {
	fields := strings.Fields(line)
	decl, ok := cmds[fields[0]]
	if !ok {
		return Case{}, fmt.Errorf("unknown command %q", fields[0])
	}
	c := Case{Cmd: fields[0], keys: map[string]string{}, decl: decl}
	for _, w := range fields[1:] {
		if err := c.add(w); err != nil {
			return Case{}, fmt.Errorf("%s: %w", c.Cmd, err)
		}
	}
	for _, p := range decl.Words[len(c.words):] {
		if !p.Optional {
			return Case{}, fmt.Errorf("%s: missing %s", c.Cmd, p.Name)
		}
	}
	return c, nil
}

// add takes one word of the command line.
func (c *Case) add(w string) error {
	if k, v, ok := strings.Cut(w, "="); ok {
		check, declared := c.decl.Keys[k]
		_, twice := c.keys[k]
		switch {
		case k == "" || v == "":
			return fmt.Errorf("malformed word %q", w)
		case !declared:
			return fmt.Errorf("takes no %s=", k)
		case twice:
			return fmt.Errorf("%s= twice", k)
		}
		if check != nil {
			if err := check(v); err != nil {
				return fmt.Errorf("%s: %w", w, err)
			}
		}
		c.keys[k] = v
		return nil
	}
	if slices.Contains(c.decl.Flags, w) {
		if slices.Contains(c.flags, w) {
			return fmt.Errorf("%s twice", w)
		}
		c.flags = append(c.flags, w)
		return nil
	}
	if len(c.words) == len(c.decl.Words) {
		return fmt.Errorf("unexpected word %q", w)
	}
	p := c.decl.Words[len(c.words)]
	if p.Check != nil {
		if err := p.Check(w); err != nil {
			return fmt.Errorf("%s %q: %w", p.Name, w, err)
		}
	}
	c.words = append(c.words, w)
	return nil
}
