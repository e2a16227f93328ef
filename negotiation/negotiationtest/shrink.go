package negotiationtest

import (
	"slices"
	"strconv"
	"strings"
)

// Schedule returns the moves done so far, in order (Do, Settle included).
func (s *Sim) Schedule() []Move { return slices.Clone(s.moves) }

// Shrink looks for a shorter schedule that still fails. A replay runs
// schedule on New(o), skipping the moves that are not possible then, and
// fails when a move fails (Do's error: a safety property) or, after the
// last move, check fails (nil check: never). Shrink drops one move at a
// time while the replay still fails in fewer moves (those check makes
// included), until no single move can go, and returns the last failing
// replay and its error: nil, nil if schedule does not fail at all (or New
// does). The replay that fails may fail for another reason than the first
// one: it is a failure all the same.
func Shrink(o Options, schedule []Move, check func(*Sim) error) (*Sim, error) {
	s, err := replay(o, schedule, check)
	if s == nil || err == nil {
		if s != nil {
			s.discard()
		}
		return nil, nil
	}
	for shrunk := true; shrunk; {
		shrunk = false
		for i := 0; i < len(s.moves); i++ {
			shorter := slices.Delete(slices.Clone(s.moves), i, i+1)
			t, terr := replay(o, shorter, check)
			// Kept only if shorter: a check that settles (Settle) adds
			// moves, and may add back the one dropped.
			if t == nil || terr == nil || len(t.moves) >= len(s.moves) {
				if t != nil {
					t.discard()
				}
				continue
			}
			s.discard()
			s, err, shrunk = t, terr, true
			i--
		}
	}
	return s, err
}

// replay runs schedule on a new simulation; its moves become those done.
// It returns nil when New fails.
func replay(o Options, schedule []Move, check func(*Sim) error) (*Sim, error) {
	s, err := New(o)
	if err != nil {
		return nil, err
	}
	for _, mv := range schedule {
		if !s.Can(mv) {
			continue
		}
		if err := s.Do(mv); err != nil {
			return s, err
		}
	}
	if check != nil {
		if err := check(s); err != nil {
			return s, err
		}
	}
	return s, nil
}

// Report shrinks a failure (Shrink) and describes the shortest failing run
// it found: the error, the moves, the transcript and the Mermaid sequence
// diagram, ready to paste into an issue. s is the failing simulation and
// err its error; check is the end-of-run check the caller used (nil: none).
func Report(s *Sim, err error, check func(*Sim) error) string {
	orig := s.Schedule()
	short, serr := Shrink(s.Options, orig, check)
	if short == nil { // did not fail again: report it as it was
		short, serr = s, err
	}
	var b strings.Builder
	b.WriteString(serr.Error() + "\n\n")
	if len(short.moves) < len(orig) {
		b.WriteString("shortest failing schedule found (" + strconv.Itoa(len(short.moves)) + " of " + strconv.Itoa(len(orig)) + " moves):\n")
	}
	names := make([]string, len(short.moves))
	for i, mv := range short.moves {
		names[i] = mv.String()
	}
	b.WriteString("moves: " + strings.Join(names, ", ") + "\n\n")
	b.WriteString(strings.Join(short.Transcript(), "\n"))
	b.WriteString("\n\n```mermaid\n" + Mermaid(short.Transcript()) + "```\n")
	if short != s {
		short.discard()
	}
	return b.String()
}

// Failure is a failed run: the violation, and the report of the shortest
// failing run found (Report).
type Failure struct {
	Err    error  // the violation, in the run as it was
	Input  []byte // the input of Check.Schedule that failed; nil from Explore
	Report string // Report's text: the error, moves, transcript, Mermaid diagram
}

// Error returns the report.
func (f *Failure) Error() string { return f.Report }

// Unwrap returns the violation.
func (f *Failure) Unwrap() error { return f.Err }

// failure reports the failed run s: err, shrunk with check.
func failure(s *Sim, err error, check func(*Sim) error) *Failure {
	return &Failure{Err: err, Report: Report(s, err, check)}
}
