package scenario

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Command declares what a scenario command accepts, and runs it. The
// runner checks every command line against the declaration; Run sees only
// lines that passed.
type Command struct {
	Words []Word           // positional words, in order; the optional ones last
	Flags []string         // bare words, each at most once, anywhere on the line
	Keys  map[string]Check // key=value words, each at most once; a nil Check takes any value
	Input bool             // the case may have input lines
	Run   func(Case) (string, error)
}

// Commands are the commands of a scenario file, by name.
type Commands map[string]Command

// A Word is a positional word of a command.
type Word struct {
	Name     string // in messages: "peer", "type"
	Check    Check  // nil takes any word
	Optional bool
}

// A Check refuses a value with an error that says what it wants.
type Check func(string) error

// OneOf takes one of values.
func OneOf(values ...string) Check {
	return func(v string) error {
		for _, w := range values {
			if v == w {
				return nil
			}
		}
		return fmt.Errorf("want one of %s", strings.Join(values, ", "))
	}
}

// Count takes a positive integer.
func Count(v string) error {
	if n, err := strconv.ParseUint(v, 10, 32); err != nil || n == 0 {
		return errors.New("want a positive integer")
	}
	return nil
}

// Uint takes an integer from 0 to the largest of bits bits.
func Uint(bits int) Check {
	return func(v string) error {
		if _, err := strconv.ParseUint(v, 10, bits); err != nil {
			return fmt.Errorf("want an integer of %d bits", bits)
		}
		return nil
	}
}

// List takes a comma-separated list whose every element c takes.
func List(c Check) Check {
	return func(v string) error {
		for _, e := range strings.Split(v, ",") {
			if err := c(e); err != nil {
				return fmt.Errorf("element %q: %w", e, err)
			}
		}
		return nil
	}
}
