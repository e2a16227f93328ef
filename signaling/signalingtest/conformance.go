package signalingtest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Stack is one RTCPeerConnection of the WebRTC stack under test, as the
// conformance suite drives it. Each method returns once the operation has
// completed (its promise settled): nil, or the error it rejected with.
type Stack interface {
	// SetLocal is setLocalDescription(d) and returns the description it
	// applied. An empty d.SDP is the parameterless form: the stack creates
	// the offer or answer itself ({type: "pranswer"} applies an answer it
	// creates as a pranswer); a zero d.Type is setLocalDescription()
	// without a type. For a rollback the description returned is ignored.
	SetLocal(d sdptype.Description) (sdptype.Description, error)
	// SetRemote is setRemoteDescription(d); a zero d.Type is a description
	// without a type.
	SetRemote(d sdptype.Description) error
	// AddCandidate is addIceCandidate(c); an empty c.Candidate is an
	// end-of-candidates indication.
	AddCandidate(c sdptype.Candidate) error
	// State is signalingState.
	State() signaling.State
	// Slots returns the four description attributes; a zero Description
	// is null.
	Slots() Slots
	// Events returns the state read in each signalingstatechange handler
	// since the last call, in order, and forgets them.
	Events() []signaling.State
	// Close is close(). The suite closes every instance once it is done
	// with it; a second Close, as in W3C, changes nothing.
	Close() error
}

// Slots are pendingLocalDescription, currentLocalDescription,
// pendingRemoteDescription and currentRemoteDescription.
type Slots struct {
	PendingLocal, CurrentLocal, PendingRemote, CurrentRemote sdptype.Description
}

// Factory returns a new instance of the stack under test: a new
// connection in stable with something to negotiate, so that
// SetLocal({Type: offer}) creates an offer. Every instance must offer the
// same m-sections (one audio transceiver and one data channel, say); the
// answer-content checks need two of them to swap, and are skipped with one.
type Factory func() (Stack, error)

// Options configure a run of the suite. The zero value checks every rule,
// classifies errors with DefaultClassify and declares no deviation.
type Options struct {
	// Classify names the stack's errors; nil is DefaultClassify.
	Classify func(error) ErrorName
	// Declared are the stack's known deviations: a rule id, or a prefix of
	// ids ending before a "/" ("4/have-local-pranswer" declares the 8
	// cells of that row), and why. A declared deviation is reported, not
	// failed; a declaration that covers no deviation fails, so that
	// declarations stay true.
	Declared map[string]string
}

// Conformance runs the suite on the stack that f makes (Check) and fails
// t with every undeclared deviation and every declaration that covers
// none, one per line. It logs the summary of each rule group and returns
// the report.
func Conformance(t testing.TB, f Factory, o Options) Report {
	t.Helper()
	r := Check(f, o)
	for _, s := range r.Summary() {
		t.Log(s)
	}
	for _, res := range r.Results {
		if res.Declared != "" {
			t.Logf("declared: %v (%s)", res, res.Declared)
		}
	}
	if !r.OK() {
		t.Errorf("signaling conformance:\n%s", r.Failures())
	}
	return r
}

// Check runs the suite on the stack that f makes and returns every
// result, the deviations among them marked as declared where o declares
// them. It checks RULES.md sections 3 to 7, in rule groups (Groups):
//
//	transitions        4/<state>/<side>/<type>: the 48 cells (state or error, events); 3.3/close
//	slots              5/<state>/<side>/<type>: the four slots after each cell, by type and
//	                   presence; 5/rollback/negotiated/{local,remote}: a rollback keeps the current ones
//	parameterless      3.1/parameterless/<state>: setLocalDescription() infers its type
//	implicit-rollback  3.2/implicit-rollback[/negotiated|/bad-offer]: a remote offer in have-local-offer
//	rollback-sdp       3/rollback-sdp/{local,remote}: a rollback with garbage SDP works
//	error-precedence   4/precedence/...: InvalidModificationError before the state, closed before
//	                   that, TypeError first, InvalidStateError before sdp-syntax-error before content
//	answer-content     3/answer-content/...: an answer with more or fewer m-lines, another order,
//	                   mid or media type than the offer (and a pranswer): InvalidAccessError
//	add-candidate      7/...: no remote description, unknown mid, index or ufrag, end-of-candidates
//	                   forms, closed
//
// Each check makes new instances of the stack: us, the one checked, and
// peers whose offers and answers us applies. us reaches a state by the W3C
// API: have-local-offer by SLD(offer), have-remote-offer by SRD(a peer's
// offer), have-local-pranswer by that and SLD(pranswer),
// have-remote-pranswer by SLD(offer) and SRD(pranswer), closed by
// close(). Local offers and answers are the parameterless form, except in
// the InvalidModificationError checks, which give another instance's SDP;
// a remote answer or pranswer is the SDP of a peer's answer to our offer
// (or to another instance's offer when we have none); a candidate is a
// host candidate for the first m-section of the remote description.
//
// The expected outcome never comes from the stack: a signaling.Session,
// this module's reference (tested against RULES.md and transitions.csv),
// applies the descriptions us applied and gives the state, events, slots
// and error. InvalidModificationError, which the Session does not model,
// is written in its checks (RULES.md 3.1 step 2). When the stack fails on
// the way to a check, the result is "not reached" and the step that
// failed; the Session goes on with descriptions the suite builds, so the
// expected outcome is still the rules'.
func Check(f Factory, o Options) Report {
	classify := o.Classify
	if classify == nil {
		classify = DefaultClassify
	}
	var rep Report
	for _, c := range checks() {
		r := &run{factory: f, classify: classify}
		c.run(r)
		r.closeAll()
		for _, ru := range c.rules {
			res := Result{Rule: ru.id, Group: ru.group, Skipped: r.skipped}
			if r.skipped == "" {
				res.Expected, res.Got = r.exp.text(ru.show), r.got.text(ru.show)
			}
			rep.Results = append(rep.Results, res)
		}
	}
	slices.SortStableFunc(rep.Results, func(a, b Result) int {
		return slices.Index(groups[:], a.Group) - slices.Index(groups[:], b.Group)
	})
	rep.Stale = declare(rep.Results, o.Declared)
	return rep
}

// declare marks each deviation of results that a key of declared covers
// with the reason of the longest such key, and returns the keys that
// cover no deviation, sorted.
func declare(results []Result, declared map[string]string) []string {
	used := map[string]bool{}
	for i, res := range results {
		if !res.Deviates() {
			continue
		}
		best := ""
		for key := range declared {
			if covers(key, res.Rule) {
				used[key] = true
				if len(key) > len(best) {
					best = key
				}
			}
		}
		if best != "" {
			results[i].Declared = cmp.Or(declared[best], "declared without a reason")
		}
	}
	var stale []string
	for key := range declared {
		if !used[key] {
			stale = append(stale, key)
		}
	}
	slices.Sort(stale)
	return stale
}

// Result is the outcome of one check: the rule, what the rules expect and
// what the stack did. A stack conforms to the rule when Got equals
// Expected.
type Result struct {
	Rule     string // stable id: RULES.md section, then what is checked ("4/have-local-offer/remote/rollback")
	Group    string // rule group: one of Groups()
	Expected string // what the rules expect
	Got      string // what the stack did; "not reached: ..." when it could not be brought to the check
	Skipped  string // why the check could not run on this stack's instances, "" if it ran
	Declared string // the reason the stack declared, when Got deviates and a declaration covers the rule
}

// Deviates reports whether the stack did not do what the rule expects.
func (r Result) Deviates() bool { return r.Skipped == "" && r.Got != r.Expected }

// String is the rule and, for a deviation, what was expected and what the
// stack did.
func (r Result) String() string {
	switch {
	case r.Skipped != "":
		return r.Rule + ": skipped: " + r.Skipped
	case r.Deviates():
		return r.Rule + ": expected " + r.Expected + "; got " + r.Got
	}
	return r.Rule + ": " + r.Got
}

// Report is the outcome of the suite on one stack.
type Report struct {
	Results []Result // every check, in the order of Groups()
	Stale   []string // declarations that cover no deviation, sorted
}

// Deviations returns the deviations no declaration covers.
func (r Report) Deviations() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Deviates() && res.Declared == "" {
			out = append(out, res)
		}
	}
	return out
}

// OK reports whether every deviation is declared and every declaration
// covers a deviation.
func (r Report) OK() bool { return len(r.Deviations()) == 0 && len(r.Stale) == 0 }

// Failures lists the undeclared deviations and the stale declarations,
// one per line.
func (r Report) Failures() string {
	var b strings.Builder
	for _, d := range r.Deviations() {
		fmt.Fprintf(&b, "deviation: %v\n", d)
	}
	for _, s := range r.Stale {
		fmt.Fprintf(&b, "declared but not deviating: %s\n", s)
	}
	return b.String()
}

// GroupSummary counts the checks of one rule group.
type GroupSummary struct {
	Group                                         string
	Checks, Passed, Declared, Deviations, Skipped int
}

// String is one line: "transitions: 49 checks, 47 passed, 2 declared".
func (g GroupSummary) String() string {
	s := fmt.Sprintf("%s: %d checks, %d passed", g.Group, g.Checks, g.Passed)
	for _, n := range [...]struct {
		n    int
		what string
	}{{g.Declared, "declared"}, {g.Deviations, "undeclared"}, {g.Skipped, "skipped"}} {
		if n.n > 0 {
			s += fmt.Sprintf(", %d %s", n.n, n.what)
		}
	}
	return s
}

// Summary counts the results of each rule group, in the order of
// Groups(): a row of a conformance matrix.
func (r Report) Summary() []GroupSummary {
	out := make([]GroupSummary, 0, len(groups))
	for _, g := range groups {
		s := GroupSummary{Group: g}
		for _, res := range r.Results {
			if res.Group != g {
				continue
			}
			s.Checks++
			switch {
			case res.Skipped != "":
				s.Skipped++
			case !res.Deviates():
				s.Passed++
			case res.Declared != "":
				s.Declared++
			default:
				s.Deviations++
			}
		}
		out = append(out, s)
	}
	return out
}

// covers reports whether the declared key names rule or a prefix of it
// that ends before a "/".
func covers(key, rule string) bool {
	return rule == key || strings.HasPrefix(rule, key+"/")
}
