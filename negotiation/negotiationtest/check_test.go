package negotiationtest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// stranger is the fake stack as a stack the simulator does not know,
// with a fault or none: the simulator sees PeerConnection only
// (approximate keys), and a stranger cannot clone (the explorer replays).
type stranger struct {
	st    *negotiationtest.Stack
	fault string
}

// The faults.
const (
	ignoresRollback = "says it rolled back and does nothing"
	wrongKind       = "applies its answer and gives the machine one whose first section is video"
	appliesOffer    = "applies the offer it creates (deferred offers need createOffer alone)"
)

func (s stranger) CreateOffer(restart bool) (sdptype.Description, error) {
	d, err := s.st.CreateOffer(restart)
	if err == nil && s.fault == appliesOffer {
		_, err = s.st.SetLocal(d, restart)
	}
	return d, err
}

func (s stranger) SetLocal(d sdptype.Description, restart bool) (sdptype.Description, error) {
	if d.Type == sdptype.Rollback && s.fault == ignoresRollback {
		return d, nil
	}
	d, err := s.st.SetLocal(d, restart)
	if err == nil && d.Type == sdptype.Answer && s.fault == wrongKind {
		d.SDP = strings.Replace(d.SDP, "m=audio", "m=video", 1)
	}
	return d, err
}

func (s stranger) SetRemote(d sdptype.Description) error       { return s.st.SetRemote(d) }
func (s stranger) AddCandidate(c sdptype.Candidate) error      { return s.st.AddCandidate(c) }
func (s stranger) AddTransceiver(kind string) error            { return s.st.AddTransceiver(kind) }
func (s stranger) RestartICE()                                 { s.st.RestartICE() }
func (s stranger) Gather(n int) (sdptype.Candidate, bool)      { return s.st.Gather(n) }
func (s stranger) State() signaling.State                      { return s.st.State() }
func (s stranger) Slots() signalingtest.Slots                  { return s.st.Slots() }
func (s stranger) Transceivers() []negotiationtest.Transceiver { return s.st.Transceivers() }
func (s stranger) Close() error                                { return s.st.Close() }

// cloning is a stranger that can clone.
type cloning struct{ stranger }

func (s cloning) Clone() negotiationtest.PeerConnection {
	return cloning{stranger{s.st.Clone().(*negotiationtest.Stack), s.fault}}
}

// strangers makes strangers with fault, cloning or not.
func strangers(fault string, clone bool) negotiationtest.Factory {
	return func(peer string, o negotiationtest.Options) (negotiationtest.PeerConnection, error) {
		s := stranger{negotiationtest.NewStack(peer, o), fault}
		if clone {
			return cloning{s}, nil
		}
		return s, nil
	}
}

// The fake stack through Options.NewConn is the fake stack: the explorer
// visits exactly the states it visits with the built-in one, in every
// mode and role assignment.
func TestNewConnExploresTheSame(t *testing.T) {
	newStack := func(peer string, o negotiationtest.Options) (negotiationtest.PeerConnection, error) {
		return negotiationtest.NewStack(peer, o), nil
	}
	bounds := []negotiationtest.Bound{{Changes: 1, Candidates: 1}, {Changes: 1, Restarts: 1}}
	if raceEnabled {
		bounds = []negotiationtest.Bound{{Changes: 1}}
	}
	for _, b := range bounds {
		ours, err := negotiationtest.Check{}.Explore(b)
		if err != nil {
			t.Fatal(err)
		}
		through, err := negotiationtest.Check{NewConn: newStack}.Explore(b)
		if err != nil {
			t.Fatal(err)
		}
		if ours != through {
			t.Errorf("bound %+v: %v built in, %v through NewConn", b, ours, through)
		}
		t.Logf("bound %+v: %v", b, ours)
	}
}

// A stack the simulator does not know is explored with approximate keys:
// no more states than with the exact ones, and the same whether it clones
// or is replayed.
func TestExploreStranger(t *testing.T) {
	b := negotiationtest.Bound{Changes: 1}
	exact, err := negotiationtest.Check{}.Explore(b)
	if err != nil {
		t.Fatal(err)
	}
	cloned, err := negotiationtest.Check{NewConn: strangers("", true)}.Explore(b)
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := negotiationtest.Check{NewConn: strangers("", false)}.Explore(b)
	if err != nil {
		t.Fatal(err)
	}
	if cloned != replayed || cloned.States > exact.States || cloned.States == 0 {
		t.Errorf("exact keys %v, approximate and cloned %v, approximate and replayed %v", exact, cloned, replayed)
	}
	t.Logf("bound %+v: exact keys %v, approximate %v", b, exact, cloned)
}

// Stacks that misbehave are caught, by the random schedules and by the
// explorer (cloning or replaying), with a report of a short failing
// schedule.
func TestMisbehavingStacks(t *testing.T) {
	for _, c := range []struct {
		fault string
		mode  negotiation.RollbackMode
		want  string
	}{
		{ignoresRollback, negotiation.ExplicitRollback, "after SetLocal(rollback) the stack disagrees with its machine"},
		{wrongKind, negotiation.ExplicitRollback, "m-section 0 is video, the offer's is audio"},
		{appliesOffer, negotiation.NoRollback, "after CreateOffer the stack disagrees with its machine"},
	} {
		t.Run(c.fault, func(t *testing.T) {
			check := negotiationtest.Check{NewConn: strangers(c.fault, true), Modes: []negotiation.RollbackMode{c.mode}}
			reported(t, "random schedules", check.Random(1, 100), c.want)
			_, err := check.Explore(negotiationtest.Bound{Changes: 1})
			reported(t, "explorer", err, c.want)
			check.NewConn = strangers(c.fault, false)
			_, err = check.Explore(negotiationtest.Bound{Changes: 1})
			reported(t, "explorer, replaying", err, c.want)
		})
	}
}

// reported checks that err is a *Failure with want in its error and a
// report of a shortened schedule.
func reported(t *testing.T, by string, err error, want string) {
	t.Helper()
	var f *negotiationtest.Failure
	if !errors.As(err, &f) {
		t.Fatalf("%s: %v, want a *Failure", by, err)
	}
	if !strings.Contains(f.Err.Error(), want) && !strings.Contains(f.Report, want) {
		t.Fatalf("%s: %v, want %q", by, f.Err, want)
	}
	for _, part := range []string{"moves: ", "```mermaid\nsequenceDiagram\n"} {
		if !strings.Contains(f.Report, part) {
			t.Fatalf("%s: the report lacks %q:\n%s", by, part, f.Report)
		}
	}
	t.Logf("%s:\n%s", by, f.Report)
}

// embedsStack embeds the fake stack and inherits its Clone, which copies
// the stack without the wrapper.
type embedsStack struct{ *negotiationtest.Stack }

// The explorer refuses a clone of another type than the connection: it
// would go on exploring another stack.
func TestCloneKeepsTheType(t *testing.T) {
	check := negotiationtest.Check{NewConn: func(peer string, o negotiationtest.Options) (negotiationtest.PeerConnection, error) {
		return embedsStack{negotiationtest.NewStack(peer, o)}, nil
	}}
	if _, err := check.Explore(negotiationtest.Bound{Changes: 1}); err == nil || !strings.Contains(err.Error(), "must define its own Clone") {
		t.Fatalf("Explore: %v, want the clone refused", err)
	}
}
