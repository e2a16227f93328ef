package negotiationtest

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
)

// Check is the glare check of a WebRTC stack: two machines over two of its
// connections, driven by the explorer (Explore), random schedules (Random)
// and a fuzz target (Fuzz), with the simulator's checks: every move's
// safety (Do: an operation the stack refuses, a stack that disagrees with
// its machine after an operation, a polite peer ignoring, an impolite peer
// rolling back...) and, at the end, convergence (Converged).
type Check struct {
	// NewConn makes the connections of the stack under test; nil checks
	// the fake stack.
	NewConn Factory
	// Modes are the machines' rollback modes the stack supports (a
	// schedule picks one by its index, modulo their number); nil: all
	// three. ExplicitRollback needs setLocalDescription(rollback),
	// ImplicitRollback a remote offer applied in have-local-offer,
	// NoRollback neither (pion/webrtc v4).
	Modes []negotiation.RollbackMode
	// Links lets bit 4 of a schedule's first byte send every message
	// through delivery links over a faulty channel (Options.Links), where
	// a reload gives a peer a new connection.
	Links bool
	// ChainedCandidates lets bit 5 of a schedule's first byte run the
	// machines with Options.ChainedCandidates, for a stack whose
	// operations run in the order they were started.
	ChainedCandidates bool
	// Bound limits the applications (and, with links, the channel) in
	// Schedule and Random. The zero Bound is three changes, two restarts,
	// three candidates of every variant, one failed offer per peer and,
	// with links, three of each fault and one reload.
	Bound Bound
}

// defaultBound is the zero Check.Bound's.
var defaultBound = Bound{Changes: 3, Restarts: 2, Candidates: 3, Variants: true, Failures: 1,
	Faults: Faults{Reorders: 3, Duplicates: 3, Losses: 3, Timeouts: 3, Reloads: 1}}

// allModes are the rollback modes, in the order of their values.
var allModes = []negotiation.RollbackMode{negotiation.ExplicitRollback, negotiation.ImplicitRollback, negotiation.NoRollback}

// bound is Bound, or the default.
func (c Check) bound() Bound {
	if c.Bound == (Bound{}) {
		return defaultBound
	}
	return c.Bound
}

// modes are Modes, or all three.
func (c Check) modes() []negotiation.RollbackMode {
	if len(c.Modes) == 0 {
		return allModes
	}
	return c.Modes
}

// options are the Options a schedule's first byte picks.
func (c Check) options(b byte) Options {
	modes := c.modes()
	return Options{APolite: b&1 != 0, Rollback: modes[int(b>>1&3)%len(modes)], MixedKinds: b&8 != 0,
		Links: c.Links && b&16 != 0, ChainedCandidates: c.ChainedCandidates && b&32 != 0, NewConn: c.NewConn}
}

// Schedule runs the schedule that data encodes, the fuzz target's input:
// the first byte picks the options (bit 0: a is polite; bits 1-2: the
// mode, an index into Modes modulo their number; bit 3: a adds audio then
// video, b a data channel then video and audio, else all audio; bit 4:
// links, with Check.Links; bit 5: chained candidates, with
// Check.ChainedCandidates), each next byte one of the moves possible then
// within the bound (Moves, modulo their number); then the run Finishes. A
// failure is a *Failure.
func (c Check) Schedule(data []byte) error {
	var opts byte
	if len(data) > 0 {
		opts = data[0]
	}
	s, err := New(c.options(opts))
	if err != nil {
		return err
	}
	defer s.discard()
	fail := func(err error) error {
		f := failure(s, err, (*Sim).Finish)
		f.Input = data
		return f
	}
	b := c.bound()
	for i := 1; i < len(data); i++ {
		moves := s.Moves(b)
		if len(moves) == 0 {
			break
		}
		if err := s.Do(moves[int(data[i])%len(moves)]); err != nil {
			return fail(err)
		}
	}
	if err := s.Finish(); err != nil {
		return fail(err)
	}
	return nil
}

// Random runs n schedules of up to 120 random bytes each (Schedule), drawn
// from seed; the same seed draws the same schedules. The first failure is
// a *Failure whose report begins with its number and input.
func (c Check) Random(seed uint64, n int) error {
	for k := range n {
		r := rand.New(rand.NewPCG(seed, uint64(k)))
		data := make([]byte, 1+r.IntN(120))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		if err := c.Schedule(data); err != nil {
			if f := (*Failure)(nil); errors.As(err, &f) {
				f.Report = fmt.Sprintf("random schedule %d of seed %d, input %s:\n%s", k, seed, hex.EncodeToString(data), f.Report)
			}
			return err
		}
	}
	return nil
}

// Explore runs Explore within b for each mode, both role assignments, a
// adding audio then video and b a data channel then video and audio, and
// returns the sum of the counts. With a stack that cannot clone, keep b
// small: one change per peer, say.
func (c Check) Explore(b Bound) (Stats, error) {
	var sum Stats
	for _, o := range c.configs() {
		st, err := Explore(o, b, nil)
		sum.States += st.States
		sum.Terminal += st.Terminal
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// configs are the options Explore visits: each mode, both role
// assignments, mixed kinds.
func (c Check) configs() []Options {
	var out []Options
	for _, b := range c.firstBytes() {
		if b&8 != 0 {
			out = append(out, c.options(b))
		}
	}
	return out
}

// firstBytes are the first bytes of a schedule without links: each mode,
// a polite or not, all audio or mixed kinds.
func (c Check) firstBytes() []byte {
	var out []byte
	for m := range c.modes() {
		for _, b := range []byte{1, 0, 9, 8} {
			out = append(out, b|byte(m)<<1)
		}
	}
	return out
}

// Fuzz is the fuzz target of c: the input is Schedule's, and a few
// schedules (glare in each mode and role assignment, a candidate and a
// restart after it) seed the corpus. go test runs the seeds and the corpus
// in testdata/fuzz; go test -fuzz draws more.
//
//	func FuzzGlare(f *testing.F) { negotiationtest.Fuzz(f, check) }
func Fuzz(f *testing.F, c Check) {
	f.Helper()
	for _, d := range c.seeds() {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := c.Schedule(data); err != nil {
			t.Fatal(err)
		}
	})
}

// seeds are Fuzz's seed inputs, encoded on the fake stack.
func (c Check) seeds() [][]byte {
	glare := []Move{{Kind: Change}, {Kind: Change, Peer: 1}, {Kind: Complete}, {Kind: Complete, Peer: 1},
		{Kind: Deliver}, {Kind: Deliver, Peer: 1}, {Kind: Candidate}, {Kind: Restart, Peer: 1}}
	var out [][]byte
	for _, b := range c.firstBytes() {
		out = append(out, c.encode(b, glare))
	}
	return out
}

// encode returns the input of Schedule that makes the moves given, after
// options byte opts, on the fake stack (a move not possible there is left
// out).
func (c Check) encode(opts byte, moves []Move) []byte {
	c.NewConn = nil
	s, err := New(c.options(opts))
	if err != nil {
		return []byte{opts}
	}
	data := []byte{opts}
	b := c.bound()
	for _, mv := range moves {
		for k, can := range s.Moves(b) {
			if can == mv {
				data = append(data, byte(k))
				if s.Do(mv) != nil {
					return data
				}
				break
			}
		}
	}
	return data
}
