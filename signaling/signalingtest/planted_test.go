package signalingtest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
	"github.com/google/go-cmp/cmp"
)

// crossSideRollbackRefused is our stack with one change: SRD(rollback) in
// have-local-offer fails with InvalidStateError, as in Firefox 153
// (FIREFOX.md section 5, row 1).
type crossSideRollbackRefused struct{ *signalingtest.ReferenceStack }

func (s crossSideRollbackRefused) SetRemote(d sdptype.Description) error {
	if d.Type == sdptype.Rollback && s.State() == signaling.HaveLocalOffer {
		return domError{"InvalidStateError", "Cannot rollback remote description in have-local-offer"}
	}
	return s.ReferenceStack.SetRemote(d)
}

// syntaxAsOperationError is our stack with one change: an SDP that does
// not parse is a plain OperationError, as in Chromium 156 (CHROMIUM.md
// "Error type").
type syntaxAsOperationError struct{ *signalingtest.ReferenceStack }

func (s syntaxAsOperationError) SetRemote(d sdptype.Description) error {
	err := s.ReferenceStack.SetRemote(d)
	if errors.Is(err, sdptype.ErrSDPSyntax) {
		return domError{"OperationError", "Failed to parse SessionDescription"}
	}
	return err
}

// noPranswer is our stack with one change: every pranswer is a
// NotSupportedError, before any other check, as in Firefox 153
// (FIREFOX.md section 5, row 5).
type noPranswer struct{ *signalingtest.ReferenceStack }

func (s noPranswer) SetLocal(d sdptype.Description) (sdptype.Description, error) {
	if d.Type == sdptype.Pranswer {
		return sdptype.Description{}, domError{"NotSupportedError", "pranswer not yet implemented"}
	}
	return s.ReferenceStack.SetLocal(d)
}

func (s noPranswer) SetRemote(d sdptype.Description) error {
	if d.Type == sdptype.Pranswer {
		return domError{"NotSupportedError", "pranswer not yet implemented"}
	}
	return s.ReferenceStack.SetRemote(d)
}

// planted returns a Factory of our stack changed by wrap.
func planted(wrap func(*signalingtest.ReferenceStack) signalingtest.Stack) signalingtest.Factory {
	n := 0
	return func() (signalingtest.Stack, error) {
		n++
		return wrap(signalingtest.NewReferenceStack(fmt.Sprintf("plant%d", n), signaling.Options{})), nil
	}
}

// recorder is a testing.TB that keeps what Conformance reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Log(...any)          {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestPlantedDeviations changes one behaviour of our stack at a time: the
// suite reports exactly the deviations that change makes, Conformance
// fails listing them, and declaring them makes it pass.
func TestPlantedDeviations(t *testing.T) {
	for _, c := range []struct {
		name    string
		factory signalingtest.Factory
		want    []signalingtest.Result
	}{
		{
			"cross-side rollback refused",
			planted(func(s *signalingtest.ReferenceStack) signalingtest.Stack { return crossSideRollbackRefused{s} }),
			[]signalingtest.Result{
				{Rule: "4/have-local-offer/remote/rollback", Group: "transitions", Expected: okStable, Got: ise + "have-local-offer" + noEvent},
				{Rule: "5/have-local-offer/remote/rollback", Group: "slots", Expected: emptySlot, Got: "PL=offer CL=- PR=- CR=-"},
			},
		},
		{
			"SameSideRollback option",
			signalingtest.Reference(signaling.Options{SameSideRollback: true}),
			[]signalingtest.Result{
				{Rule: "4/have-local-offer/remote/rollback", Group: "transitions", Expected: okStable, Got: ise + "have-local-offer" + noEvent},
				{Rule: "4/have-remote-offer/local/rollback", Group: "transitions", Expected: okStable, Got: ise + "have-remote-offer" + noEvent},
				{Rule: "5/have-local-offer/remote/rollback", Group: "slots", Expected: emptySlot, Got: "PL=offer CL=- PR=- CR=-"},
				{Rule: "5/have-remote-offer/local/rollback", Group: "slots", Expected: emptySlot, Got: "PL=- CL=- PR=offer CR=-"},
			},
		},
		{
			"sdp-syntax-error named OperationError",
			planted(func(s *signalingtest.ReferenceStack) signalingtest.Stack { return syntaxAsOperationError{s} }),
			[]signalingtest.Result{
				{
					Rule: "3.2/implicit-rollback/bad-offer", Group: "implicit-rollback",
					Expected: "sdp-syntax-error in have-local-offer" + noEvent + "; PL=offer CL=- PR=- CR=-",
					Got:      "OperationError in have-local-offer" + noEvent + "; PL=offer CL=- PR=- CR=-",
				},
				{
					Rule: "4/precedence/syntax-error", Group: "error-precedence",
					Expected: "sdp-syntax-error in stable" + noEvent + "; " + emptySlot,
					Got:      "OperationError in stable" + noEvent + "; " + emptySlot,
				},
				{
					Rule: "4/precedence/syntax-before-content", Group: "error-precedence",
					Expected: "sdp-syntax-error in have-local-offer" + noEvent + "; PL=offer CL=- PR=- CR=-",
					Got:      "OperationError in have-local-offer" + noEvent + "; PL=offer CL=- PR=- CR=-",
				},
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := signalingtest.Check(c.factory, signalingtest.Options{})
			if d := cmp.Diff(c.want, rep.Deviations()); d != "" {
				t.Fatalf("deviations (-want +got):\n%s", d)
			}
			rec := &recorder{TB: t}
			signalingtest.Conformance(rec, c.factory, signalingtest.Options{})
			var msg strings.Builder
			msg.WriteString("signaling conformance:\n")
			for _, d := range c.want {
				fmt.Fprintf(&msg, "deviation: %s: expected %s; got %s\n", d.Rule, d.Expected, d.Got)
			}
			if d := cmp.Diff([]string{msg.String()}, rec.errors); d != "" {
				t.Errorf("undeclared: Conformance reported (-want +got):\n%s", d)
			}

			declared := map[string]string{}
			for _, d := range c.want {
				declared[d.Rule] = "planted: " + c.name
			}
			rec = &recorder{TB: t}
			rep = signalingtest.Conformance(rec, c.factory, signalingtest.Options{Declared: declared})
			if len(rec.errors) > 0 || !rep.OK() {
				t.Errorf("declared: Conformance reported %q", rec.errors)
			}
			var got []signalingtest.Result
			for _, res := range rep.Results {
				if res.Declared != "" {
					got = append(got, res)
				}
			}
			want := c.want
			for i := range want {
				want[i].Declared = "planted: " + c.name
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("declared results (-want +got):\n%s", d)
			}
		})
	}
}

// TestDeclaredByPrefix declares what a stack without pranswer deviates
// in, rows by prefix: it passes, and the summary counts them declared.
func TestDeclaredByPrefix(t *testing.T) {
	f := planted(func(s *signalingtest.ReferenceStack) signalingtest.Stack { return noPranswer{s} })
	declared := map[string]string{}
	for _, key := range []string{
		"4/have-local-pranswer", "5/have-local-pranswer", "4/have-remote-pranswer", "5/have-remote-pranswer",
		"3.1/parameterless/have-local-pranswer", "3.1/parameterless/have-remote-pranswer",
		"4/stable/local/pranswer", "4/stable/remote/pranswer",
		"4/have-local-offer/local/pranswer", "4/have-local-offer/remote/pranswer", "5/have-local-offer/remote/pranswer",
		"4/have-remote-offer/local/pranswer", "5/have-remote-offer/local/pranswer", "4/have-remote-offer/remote/pranswer",
		"4/closed/local/pranswer", "4/closed/remote/pranswer",
		"3/answer-content/pranswer-mid",
	} {
		declared[key] = "pranswer is NotSupportedError"
	}
	rep := signalingtest.Conformance(t, f, signalingtest.Options{Declared: declared})
	want := []signalingtest.GroupSummary{
		{Group: "transitions", Checks: 49, Passed: 25, Declared: 24},
		{Group: "slots", Checks: 50, Passed: 32, Declared: 18},
		{Group: "parameterless", Checks: 6, Passed: 4, Declared: 2},
		{Group: "implicit-rollback", Checks: 3, Passed: 3},
		{Group: "rollback-sdp", Checks: 2, Passed: 2},
		{Group: "error-precedence", Checks: 8, Passed: 8},
		{Group: "answer-content", Checks: 6, Passed: 5, Declared: 1},
		{Group: "add-candidate", Checks: 17, Passed: 17},
	}
	if d := cmp.Diff(want, rep.Summary()); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
	for _, res := range rep.Results {
		if res.Rule == "4/have-remote-pranswer/remote/answer" {
			const want = "not reached: setRemoteDescription(pranswer) in have-local-offer: NotSupportedError"
			if res.Expected != okStable || res.Got != want {
				t.Errorf("%s: expected %q, got %q; want %q, %q", res.Rule, res.Expected, res.Got, okStable, want)
			}
		}
	}
}

// TestStaleDeclaration: a declaration that covers no deviation fails,
// whether it names a rule that passes, a prefix of passing rules or no
// rule at all.
func TestStaleDeclaration(t *testing.T) {
	rec := &recorder{TB: t}
	rep := signalingtest.Conformance(rec, signalingtest.Reference(signaling.Options{}), signalingtest.Options{
		Declared: map[string]string{"4/stable/local/offer": "", "7": "", "9/no-such-rule": ""},
	})
	if d := cmp.Diff([]string{"4/stable/local/offer", "7", "9/no-such-rule"}, rep.Stale); d != "" {
		t.Errorf("stale (-want +got):\n%s", d)
	}
	want := "signaling conformance:\n" +
		"declared but not deviating: 4/stable/local/offer\n" +
		"declared but not deviating: 7\n" +
		"declared but not deviating: 9/no-such-rule\n"
	if d := cmp.Diff([]string{want}, rec.errors); d != "" {
		t.Errorf("Conformance reported (-want +got):\n%s", d)
	}
}
