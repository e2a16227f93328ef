package browser

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// pageStack is one RTCPeerConnection of the page (web/kit.js) as a
// signalingtest.Stack: every method is one kitCall, awaited.
type pageStack struct {
	pg     evaluator
	h      int
	state  signaling.State
	slots  signalingtest.Slots
	events []signaling.State
}

// evaluator is what pageStack needs of a page.
type evaluator interface {
	Eval(expr string, v any) error
}

// kitResult is what kitCall returns.
type kitResult struct {
	Error   *domError            `json:"error"`
	Applied *sdptype.Description `json:"applied"`
	State   string               `json:"state"`
	Slots   struct {
		PendingLocal  *sdptype.Description `json:"pendingLocal"`
		CurrentLocal  *sdptype.Description `json:"currentLocal"`
		PendingRemote *sdptype.Description `json:"pendingRemote"`
		CurrentRemote *sdptype.Description `json:"currentRemote"`
	} `json:"slots"`
	Events []string `json:"events"`
}

// domError is an exception the page caught: a DOMException, a TypeError or
// an RTCError (ErrorDetail), named for signalingtest.DefaultClassify.
type domError struct {
	N       string `json:"name"`
	Message string `json:"message"`
	Detail  string `json:"errorDetail"`
}

func (e *domError) Error() string       { return e.N + ": " + e.Message }
func (e *domError) Name() string        { return e.N }
func (e *domError) ErrorDetail() string { return e.Detail }

// pageFactory makes pageStacks on pg.
func pageFactory(pg evaluator) signalingtest.Factory {
	return func() (signalingtest.Stack, error) {
		var h int
		if err := pg.Eval("kitNew()", &h); err != nil {
			return nil, err
		}
		return &pageStack{pg: pg, h: h}, nil
	}
}

// call runs one kitCall and keeps what it read; the error is the page's
// exception (a *domError), or the driver's.
func (s *pageStack) call(op string, arg any) (*sdptype.Description, error) {
	a, err := json.Marshal(arg)
	if err != nil {
		return nil, err
	}
	var r kitResult
	if err := s.pg.Eval(fmt.Sprintf("kitCall(%d, %q, %s)", s.h, op, a), &r); err != nil {
		return nil, err
	}
	var ok bool
	if s.state, ok = signaling.ParseState(r.State); !ok {
		return nil, fmt.Errorf("kitCall: state %q", r.State)
	}
	d := func(p *sdptype.Description) sdptype.Description {
		if p == nil {
			return sdptype.Description{}
		}
		return *p
	}
	s.slots = signalingtest.Slots{PendingLocal: d(r.Slots.PendingLocal), CurrentLocal: d(r.Slots.CurrentLocal),
		PendingRemote: d(r.Slots.PendingRemote), CurrentRemote: d(r.Slots.CurrentRemote)}
	for _, e := range r.Events {
		st, ok := signaling.ParseState(e)
		if !ok {
			return nil, fmt.Errorf("kitCall: event %q", e)
		}
		s.events = append(s.events, st)
	}
	if r.Error != nil {
		return r.Applied, r.Error
	}
	return r.Applied, nil
}

// description is a description as kitCall takes it: "" for no type.
func description(d sdptype.Description) map[string]string {
	t := ""
	if d.Type != 0 {
		t = d.Type.String()
	}
	return map[string]string{"type": t, "sdp": d.SDP}
}

func (s *pageStack) SetLocal(d sdptype.Description) (sdptype.Description, error) {
	applied, err := s.call("setLocal", description(d))
	if applied == nil {
		return sdptype.Description{}, err
	}
	return *applied, err
}

func (s *pageStack) SetRemote(d sdptype.Description) error {
	_, err := s.call("setRemote", description(d))
	return err
}

func (s *pageStack) AddCandidate(c sdptype.Candidate) error {
	_, err := s.call("addCandidate", c)
	return err
}

func (s *pageStack) State() signaling.State { return s.state }

func (s *pageStack) Slots() signalingtest.Slots { return s.slots }

func (s *pageStack) Events() []signaling.State {
	e := s.events
	s.events = nil
	return e
}

func (s *pageStack) Close() error {
	_, err := s.call("close", nil)
	return err
}

// chromiumDeviations are what Chromium 156 does against RULES.md, each
// measured by the suite and compared with ../shared/spec/CHROMIUM.md
// (declaredFor adjusts them to another version).
var chromiumDeviations = map[string]string{
	"4/have-remote-offer/local/pranswer":    pranswerAsAnswer,
	"5/have-remote-offer/local/pranswer":    pranswerAsAnswer,
	"4/have-local-pranswer":                 pranswerUnreached,
	"5/have-local-pranswer":                 pranswerUnreached,
	"3.1/parameterless/have-local-pranswer": pranswerUnreached,
	"3.2/implicit-rollback/bad-offer":       plainOperationError,
	"4/precedence/syntax-error":             plainOperationError,
	"4/precedence/syntax-before-content":    plainOperationError,
	"4/precedence/state-before-syntax":      "garbage SDP of a type wrong for the state: OperationError, the SDP is parsed before the state is checked (RULES 4: InvalidStateError first)",
	"4/precedence/type-error":               "setRemoteDescription({sdp}) without a type: OperationError \"Failed to parse SessionDescription.\", not TypeError",
	"4/precedence/type-before-closed":       "closed is checked before the missing type: InvalidStateError",
	"7/no-remote-description/end":           "end-of-candidates before any remote description resolves (RULES 7: InvalidStateError; FIREFOX.md 5 row 8 says the same of Chromium)",
	"7/unknown-ufrag":                       "a wrong usernameFragment resolves (CHROMIUM.md, addIceCandidate: RULES 7 says OperationError)",
	"7/end/unknown-mid":                     "end-of-candidates for an unknown mid resolves (FIREFOX.md 5 row 10 says the same of Chromium)",
	"7/end/unknown-ufrag":                   "end-of-candidates with a wrong usernameFragment resolves",
	"7/closed/no-mid-no-index":              "closed is checked before the missing sdpMid and sdpMLineIndex: InvalidStateError (TypeError on an open connection, CHROMIUM.md)",
}

// Reasons shared by several of Chromium's rules.
const (
	pranswerAsAnswer    = "a parameterless setLocalDescription({type: 'pranswer'}) is applied as an answer: stable, currentLocalDescription an answer (RULES 3.1: the created answer applied as a pranswer); not in CHROMIUM.md, whose row 18 gives the SDP"
	pranswerUnreached   = "not reached: the parameterless pranswer goes to stable (4/have-remote-offer/local/pranswer); CHROMIUM.md rows 25-32 reach have-local-pranswer with explicit SDP and match the table"
	plainOperationError = "garbage SDP rejects with a plain OperationError DOMException \"Failed to parse SessionDescription.\", not an RTCError with errorDetail sdp-syntax-error (CHROMIUM.md, error type)"
)

// TestConformanceChromium runs the signaling conformance suite on
// Chromium's RTCPeerConnection, one per Stack, operated from Go through
// the page; the deviations it finds are declared with their reasons.
func TestConformanceChromium(t *testing.T) { conformance(t, chromium) }

// firefoxDeviations are what Firefox 153 ESR does against RULES.md, each
// measured by the suite and compared with ../shared/spec/FIREFOX.md.
var firefoxDeviations = map[string]string{
	"4/stable/local/pranswer":                noPranswer,
	"4/stable/remote/pranswer":               noPranswer,
	"4/have-local-offer/local/pranswer":      noPranswer,
	"4/have-local-offer/remote/pranswer":     noPranswer,
	"5/have-local-offer/remote/pranswer":     noPranswer,
	"4/have-remote-offer/local/pranswer":     noPranswer,
	"5/have-remote-offer/local/pranswer":     noPranswer,
	"4/have-remote-offer/remote/pranswer":    noPranswer,
	"4/closed/local/pranswer":                noPranswer,
	"4/closed/remote/pranswer":               noPranswer,
	"3/answer-content/pranswer-mid":          noPranswer,
	"4/have-local-pranswer":                  pranswerStates,
	"5/have-local-pranswer":                  pranswerStates,
	"4/have-remote-pranswer":                 pranswerStates,
	"5/have-remote-pranswer":                 pranswerStates,
	"3.1/parameterless/have-local-pranswer":  pranswerStates,
	"3.1/parameterless/have-remote-pranswer": pranswerStates,
	"4/have-local-offer/remote/rollback":     "setRemoteDescription(rollback) in have-local-offer: InvalidStateError, nothing changes (FIREFOX.md 5 row 1: the strict newer-WPT reading)",
	"5/have-local-offer/remote/rollback":     "setRemoteDescription(rollback) in have-local-offer: InvalidStateError, nothing changes (FIREFOX.md 5 row 1: the strict newer-WPT reading)",
	"4/have-remote-offer/local/rollback":     "setLocalDescription(rollback) in have-remote-offer: InvalidStateError, nothing changes (FIREFOX.md 5 row 2)",
	"5/have-remote-offer/local/rollback":     "setLocalDescription(rollback) in have-remote-offer: InvalidStateError, nothing changes (FIREFOX.md 5 row 2)",
	"3.2/implicit-rollback/bad-offer":        "a bad remote offer in have-local-offer leaves the implicit rollback done: stable, local offer gone (FIREFOX.md 5 row 3, the W3C text; the machine follows with OpFailed.RolledBack)",
	"4/precedence/syntax-before-content":     "a line that is not SDP in the session part is skipped, so the answer is refused for its content (InvalidAccessError); a whole garbage SDP is sdp-syntax-error (4/precedence/syntax-error passes); measured, not in FIREFOX.md",
}

// Reasons shared by several of Firefox's rules.
const (
	noPranswer     = "pranswer: NotSupportedError \"pranswer not yet implemented\", before the state, closed and SDP checks; nothing changes (FIREFOX.md 5 row 5)"
	pranswerStates = "have-local-pranswer and have-remote-pranswer cannot be reached: no pranswer (FIREFOX.md 5 row 5)"
)

// TestConformanceFirefox runs the signaling conformance suite on Firefox's
// RTCPeerConnection, as TestConformanceChromium does on Chromium's.
func TestConformanceFirefox(t *testing.T) { conformance(t, firefox) }

// conformance runs the suite on browser with the deviations declared for
// its version, then reloads the page for the next test: the suite made
// hundreds of RTCPeerConnections, closed but still referenced by
// web/kit.js.
func conformance(t *testing.T, browser string) {
	pg := pageFor(t, browser)
	var v struct {
		Major int    `json:"major"`
		Typed bool   `json:"typed"`
		Error string `json:"error"`
	}
	if err := pg.Eval(`kitTyped().then(typed => ({typed, error: kit.typedError || '', major: parseInt(navigator.userAgent.match(/(?:Firefox|Chrome)\/(\d+)/)[1])}))`, &v); err != nil {
		t.Fatal(err)
	}
	if !v.Typed {
		// A deviation from the W3C text that no rule of the suite names:
		// declared here for Chromium before 156; any other refusal fails.
		if browser != chromium || v.Major >= 156 {
			t.Errorf("%s %d refuses setLocalDescription({type}) without sdp (%s): not declared for this version", browser, v.Major, v.Error)
		}
		t.Logf("declared: %s %d refuses setLocalDescription({type}) without sdp (%s); the kit creates the description and applies it, as the W3C text says the typed form does, so the cells the suite drives with that form measure createOffer or createAnswer and setLocalDescription(description) here", browser, v.Major, v.Error)
	}
	declared := declaredFor(browser, v.Major, v.Typed)
	signalingtest.Conformance(t, pageFactory(pg), signalingtest.Options{Declared: declared})
	if err := pg.Reload(); err != nil {
		t.Errorf("reload after the suite: %v", err)
	}
}

// declaredFor returns the deviations declared for major version of
// browser, where typed says whether it takes setLocalDescription({type})
// without sdp (web/kit.js kitTyped). Measured on Chromium 156 and 148,
// Firefox 153 ESR and 140 ESR.
func declaredFor(browser string, major int, typed bool) map[string]string {
	d := maps.Clone(map[string]map[string]string{chromium: chromiumDeviations, firefox: firefoxDeviations}[browser])
	if !typed {
		// The kit creates the description and applies it, so the suite
		// reaches its states; the parameterless rows then measure that,
		// not the browser's typed form, and Chromium 156's
		// pranswer-as-answer does not show.
		for k, why := range d {
			if why == pranswerAsAnswer || why == pranswerUnreached {
				delete(d, k)
			}
		}
	}
	if browser == firefox && major < 153 {
		d["4/precedence/syntax-error"] = "Firefox 140 ESR: a whole garbage SDP rejects with a plain OperationError, not an RTCError with errorDetail sdp-syntax-error (153 ESR gives sdp-syntax-error; FIREFOX.md describes 153)"
	}
	return d
}
