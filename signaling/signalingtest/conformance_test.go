package signalingtest_test

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
	"github.com/google/go-cmp/cmp"
)

const golden = "testdata/conformance-reference.txt"

// TestReferenceConforms runs the suite on this module's reference: every
// check runs and passes, with nothing declared. Since the reference also
// gives the expected outcomes, testdata/conformance-reference.txt holds
// them, so that a rule that changes in both fails here (-rewrite writes it
// again).
func TestReferenceConforms(t *testing.T) {
	rep := signalingtest.Conformance(t, signalingtest.Reference(signaling.Options{}), signalingtest.Options{})
	want := []signalingtest.GroupSummary{
		{Group: "transitions", Checks: 49, Passed: 49},
		{Group: "slots", Checks: 50, Passed: 50},
		{Group: "parameterless", Checks: 6, Passed: 6},
		{Group: "implicit-rollback", Checks: 3, Passed: 3},
		{Group: "rollback-sdp", Checks: 2, Passed: 2},
		{Group: "error-precedence", Checks: 8, Passed: 8},
		{Group: "answer-content", Checks: 6, Passed: 6},
		{Group: "add-candidate", Checks: 17, Passed: 17},
	}
	if d := cmp.Diff(want, rep.Summary()); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}

	var b strings.Builder
	group := ""
	for _, res := range rep.Results {
		if res.Group != group {
			group = res.Group
			fmt.Fprintf(&b, "\n# %s\n", group)
		}
		fmt.Fprintln(&b, res)
	}
	got := strings.TrimPrefix(b.String(), "\n")
	if f := flag.Lookup("rewrite"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(text), got); d != "" {
		t.Errorf("%s (-file +now; -rewrite writes it):\n%s", golden, d)
	}
}

// domError is an error a browser adapter would make: a DOMException name.
type domError struct{ name, message string }

func (e domError) Error() string { return e.name + ": " + e.message }
func (e domError) Name() string  { return e.name }

const (
	noEvent   = ", events: none"
	okStable  = "ok in stable, events: stable"
	ise       = "InvalidStateError in "
	emptySlot = "PL=- CL=- PR=- CR=-"
)

// TestFactoryFails: a stack that cannot be made reaches no check, and the
// rules still give every expected outcome (the stand-ins of every check).
func TestFactoryFails(t *testing.T) {
	boom := errors.New("no stack today")
	rep := signalingtest.Check(func() (signalingtest.Stack, error) { return nil, boom }, signalingtest.Options{})
	ref := signalingtest.Check(signalingtest.Reference(signaling.Options{}), signalingtest.Options{})
	if len(rep.Results) != len(ref.Results) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(ref.Results))
	}
	for i, res := range rep.Results {
		want := ref.Results[i]
		want.Got = "not reached: new instance: unclassified: no stack today"
		if res != want {
			t.Errorf("got %+v\nwant %+v", res, want)
		}
	}
}

type detailed struct{ domError }

func (detailed) ErrorDetail() string { return "sdp-syntax-error" }

// TestDefaultClassify names this module's errors, named errors and others.
func TestDefaultClassify(t *testing.T) {
	var s signaling.Session
	_, _, closed := s.Close().SetRemote(sdptype.Description{Type: sdptype.Offer})
	_, _, syntax := s.SetRemote(sdptype.Description{Type: sdptype.Offer, SDP: "garbage"})
	_, _, noType := s.SetRemote(sdptype.Description{})
	_, unknownMid := s.CheckCandidate(sdptype.Candidate{Candidate: "candidate:1", SDPMid: "x"})
	for _, c := range []struct {
		err  error
		want signalingtest.ErrorName
	}{
		{nil, ""},
		{closed, signalingtest.InvalidStateError},
		{syntax, signalingtest.SDPSyntaxError},
		{noType, signalingtest.TypeError},
		{unknownMid, signalingtest.InvalidStateError}, // no remote description
		{fmt.Errorf("wrapped: %w", signaling.ErrInvalidAccess), signalingtest.InvalidAccessError},
		{fmt.Errorf("wrapped: %w", signaling.ErrOperation), signalingtest.OperationError},
		{signalingtest.ErrInvalidModification, signalingtest.InvalidModificationError},
		{fmt.Errorf("pc: %w", domError{"NotSupportedError", "pranswer"}), signalingtest.NotSupportedError},
		{detailed{domError{"OperationError", "bad line"}}, signalingtest.SDPSyntaxError},
		{errors.New("boom"), "unclassified: boom"},
	} {
		if got := signalingtest.DefaultClassify(c.err); got != c.want {
			t.Errorf("DefaultClassify(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// TestExpectedFollowTable checks the suite's expectations for the 48
// cells against column session of ../../testdata/transitions.csv: the
// resulting state or InvalidStateError, and the events (none when the
// state stays, two for the implicit rollback).
func TestExpectedFollowTable(t *testing.T) {
	f, err := os.Open("../../testdata/transitions.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	expected := map[string]string{}
	for _, res := range signalingtest.Check(signalingtest.Reference(signaling.Options{}), signalingtest.Options{}).Results {
		expected[res.Rule] = res.Expected
	}
	for _, row := range rows[1:] {
		from, side, typ, to := row[0], row[1], row[2], row[4]
		want := ise + from + noEvent
		switch {
		case to == "InvalidStateError":
		case from == "have-local-offer" && side == "remote" && typ == "offer":
			want = "ok in " + to + ", events: stable, " + to
		case to == from:
			want = "ok in " + to + noEvent
		default:
			want = "ok in " + to + ", events: " + to
		}
		rule := "4/" + from + "/" + side + "/" + typ
		if got := expected[rule]; got != want {
			t.Errorf("%s: the suite expects %q, the table %q", rule, got, want)
		}
	}
	if len(rows) != 49 {
		t.Errorf("%d rows, want 48 cells and a header", len(rows))
	}
}
