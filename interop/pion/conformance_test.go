package pion

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
	"github.com/pion/ice/v4"
	"github.com/pion/logging"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/rtcerr"
)

// pionStack is one raw pion PeerConnection as a signalingtest.Stack: the
// stack itself, without the machine or the adapter.
//
// pion starts each OnSignalingStateChange handler on a goroutine of its
// own, after the operation has changed the state. To give each operation
// its events before it returns, the stack counts what pion dispatches:
// pion logs "signaling state changed to" on the "pc" logger just before it
// starts the handler, in the call. Each operation then waits until that
// many handlers have run.
type pionStack struct {
	pc      *webrtc.PeerConnection
	fired   atomic.Int32         // events pion dispatched, counted from its log
	handled chan signaling.State // the state each handler read, as it ran
	taken   int32                // events received from handled
	events  []signaling.State    // since the last Events
	unseen  int                  // operations that changed the state without a logged event
}

// handlerWait bounds the wait for one handler; a handler that does not run
// in time is an event missing from the outcome.
const handlerWait = 5 * time.Second

// newPionStack returns a new PeerConnection in stable with an audio
// transceiver and a data channel, gathering on loopback only.
func newPionStack() (*pionStack, error) {
	s := &pionStack{handled: make(chan signaling.State, 16)}
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetInterfaceFilter(func(name string) bool { return name == "lo" })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.LoggerFactory = eventLog{s}
	pc, err := webrtc.NewAPI(webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	s.pc = pc
	pc.OnSignalingStateChange(func(webrtc.SignalingState) { s.handled <- s.State() })
	if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
		pc.Close()
		return nil, err
	}
	if _, err := pc.CreateDataChannel("conformance", nil); err != nil {
		pc.Close()
		return nil, err
	}
	return s, nil
}

// apply runs a description operation and waits for the handlers of the
// events it dispatched.
func (s *pionStack) apply(do func() error) error {
	before, fired := s.pc.SignalingState(), s.fired.Load()
	err := do()
	if s.pc.SignalingState() != before && s.fired.Load() == fired {
		s.unseen++
	}
	deadline := time.After(handlerWait)
	for s.taken < s.fired.Load() {
		select {
		case st := <-s.handled:
			s.taken++
			s.events = append(s.events, st)
		case <-deadline:
			return err
		}
	}
	return err
}

// SetLocal is setLocalDescription. pion has no parameterless form: as a
// browser does, the stack creates the offer (CreateOffer) or the answer
// (CreateAnswer, also for a pranswer) and applies it; a zero type is
// inferred from the state (webrtc-pc setLocalDescription step 4).
func (s *pionStack) SetLocal(d sdptype.Description) (sdptype.Description, error) {
	if d.Type == 0 {
		switch s.pc.SignalingState() {
		case webrtc.SignalingStateStable, webrtc.SignalingStateHaveLocalOffer, webrtc.SignalingStateHaveRemotePranswer:
			d.Type = sdptype.Offer
		default:
			d.Type = sdptype.Answer
		}
	}
	if d.SDP == "" && d.Type != sdptype.Rollback {
		var made webrtc.SessionDescription
		var err error
		if d.Type == sdptype.Offer {
			made, err = s.pc.CreateOffer(nil)
		} else {
			made, err = s.pc.CreateAnswer(nil)
		}
		if err != nil {
			return sdptype.Description{}, err
		}
		d.SDP = made.SDP
	}
	if err := s.apply(func() error { return s.pc.SetLocalDescription(toPionDescription(d)) }); err != nil {
		return sdptype.Description{}, err
	}
	return d, nil
}

// SetRemote is setRemoteDescription; a zero type is pion's SDPTypeUnknown.
func (s *pionStack) SetRemote(d sdptype.Description) error {
	return s.apply(func() error { return s.pc.SetRemoteDescription(toPionDescription(d)) })
}

// AddCandidate is AddICECandidate.
func (s *pionStack) AddCandidate(c sdptype.Candidate) error {
	return s.pc.AddICECandidate(toPionCandidate(c))
}

// State is SignalingState.
func (s *pionStack) State() signaling.State {
	st, ok := signaling.ParseState(s.pc.SignalingState().String())
	if !ok {
		return signaling.State(255) // pion's unknown state: no W3C state
	}
	return st
}

// Slots reads pion's four description attributes.
func (s *pionStack) Slots() signalingtest.Slots {
	return signalingtest.Slots{
		PendingLocal:  fromPionDescription(s.pc.PendingLocalDescription()),
		CurrentLocal:  fromPionDescription(s.pc.CurrentLocalDescription()),
		PendingRemote: fromPionDescription(s.pc.PendingRemoteDescription()),
		CurrentRemote: fromPionDescription(s.pc.CurrentRemoteDescription()),
	}
}

// Events returns the states the handlers read since the last call.
func (s *pionStack) Events() []signaling.State {
	e := s.events
	s.events = nil
	return e
}

// Close is Close; pion dispatches no event for it.
func (s *pionStack) Close() error { return s.pc.Close() }

// fromPionDescription converts one of pion's description attributes; nil
// is null.
func fromPionDescription(d *webrtc.SessionDescription) sdptype.Description {
	if d == nil {
		return sdptype.Description{}
	}
	t, err := sdptype.ParseType(d.Type.String())
	if err != nil {
		t = 0
	}
	return sdptype.Description{Type: t, SDP: d.SDP}
}

// eventLog is a pion LoggerFactory that counts, on the "pc" logger, the
// line pion writes as it dispatches a signalingstatechange, and drops
// every other line.
type eventLog struct{ s *pionStack }

func (l eventLog) NewLogger(scope string) logging.LeveledLogger {
	if scope == "pc" {
		return pcLog{l.s}
	}
	return pcLog{}
}

// pcLog is a LeveledLogger that counts the dispatch line when s is set.
type pcLog struct{ s *pionStack }

func (l pcLog) Infof(format string, args ...any) {
	if l.s != nil && strings.HasPrefix(format, "signaling state changed to") {
		l.s.fired.Add(1)
	}
}

func (pcLog) Trace(string)          {}
func (pcLog) Tracef(string, ...any) {}
func (pcLog) Debug(string)          {}
func (pcLog) Debugf(string, ...any) {}
func (pcLog) Info(string)           {}
func (pcLog) Warn(string)           {}
func (pcLog) Warnf(string, ...any)  {}
func (pcLog) Error(string)          {}
func (pcLog) Errorf(string, ...any) {}

// pionErrorName names pion's errors as W3C does: each rtcerr type by its
// DOMException (or JavaScript) name, and a parse error as
// sdp-syntax-error: SetRemoteDescription wraps it in ErrSDPUnmarshalling,
// SetLocalDescription returns pion/sdp's own, whose messages start "sdp: ".
// Any other error keeps its message, unclassified.
func pionErrorName(err error) signalingtest.ErrorName {
	var (
		state        *rtcerr.InvalidStateError
		access       *rtcerr.InvalidAccessError
		modification *rtcerr.InvalidModificationError
		operation    *rtcerr.OperationError
		typeErr      *rtcerr.TypeError
		notSupported *rtcerr.NotSupportedError
		syntax       *rtcerr.SyntaxError
		unknown      *rtcerr.UnknownError
		notReadable  *rtcerr.NotReadableError
		rangeErr     *rtcerr.RangeError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &state):
		return signalingtest.InvalidStateError
	case errors.As(err, &access):
		return signalingtest.InvalidAccessError
	case errors.As(err, &modification):
		return signalingtest.InvalidModificationError
	case errors.As(err, &operation):
		return signalingtest.OperationError
	case errors.As(err, &typeErr):
		return signalingtest.TypeError
	case errors.As(err, &notSupported):
		return signalingtest.NotSupportedError
	case errors.As(err, &syntax):
		return "SyntaxError"
	case errors.As(err, &unknown):
		return "UnknownError"
	case errors.As(err, &notReadable):
		return "NotReadableError"
	case errors.As(err, &rangeErr):
		return "RangeError"
	case errors.Is(err, webrtc.ErrSDPUnmarshalling), strings.HasPrefix(err.Error(), "sdp: "):
		return signalingtest.SDPSyntaxError
	}
	return signalingtest.DefaultClassify(err) // "unclassified: ..."
}

// TestConformancePion runs the signaling conformance suite on raw pion
// PeerConnections and logs its summary, pion's row of the conformance
// matrix. It fails on any deviation not declared in pionDeviations and on
// any declaration that no longer deviates.
func TestConformancePion(t *testing.T) {
	var made []*pionStack
	factory := func() (signalingtest.Stack, error) {
		s, err := newPionStack()
		if err != nil {
			return nil, err
		}
		made = append(made, s)
		return s, nil
	}
	start := time.Now()
	rep := signalingtest.Conformance(t, factory, signalingtest.Options{Classify: pionErrorName, Declared: pionDeviations})
	row := []string{pionVersion()}
	for _, g := range rep.Summary() {
		row = append(row, fmt.Sprintf("%s %d/%d/%d", g.Group, g.Passed, g.Declared, g.Skipped))
	}
	t.Logf("matrix row (passed/declared/skipped): %s", strings.Join(row, " | "))
	t.Logf("%d PeerConnections in %v", len(made), time.Since(start).Round(time.Millisecond))
	unseen := 0
	for _, s := range made {
		unseen += s.unseen
	}
	if unseen > 0 {
		t.Errorf("%d state changes without pion's dispatch log line: the events are not counted", unseen)
	}
}

// pionVersion returns the pion/webrtc version go.mod requires (test
// binaries carry no dependency versions).
func pionVersion() string {
	const path = "github.com/pion/webrtc/v4 "
	b, err := os.ReadFile("go.mod")
	if err != nil {
		return "pion/webrtc/v4"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), path); ok {
			return "pion/webrtc " + strings.Fields(v)[0]
		}
	}
	return "pion/webrtc/v4"
}

// pionDeviations are pion v4.2.26's deviations from RULES.md, each with
// why and whether ../../shared/spec/PION.md reports it.
var pionDeviations = func() map[string]string {
	m := map[string]string{}
	for _, d := range []struct {
		why   string
		rules []string
	}{
		{
			"no rollback: InvalidModificationError and nothing changes (PION.md Exp 1; pion/webrtc#2416)",
			[]string{
				"4/have-local-offer/local/rollback", "5/have-local-offer/local/rollback",
				"4/have-local-offer/remote/rollback", "5/have-local-offer/remote/rollback",
				"4/have-remote-offer/local/rollback", "5/have-remote-offer/local/rollback",
				"4/have-remote-offer/remote/rollback", "5/have-remote-offer/remote/rollback",
				"5/rollback/negotiated/local", "5/rollback/negotiated/remote",
			},
		},
		{
			"no implicit rollback: a remote offer in have-local-offer is InvalidModificationError and the local offer stays (PION.md Exp 1)",
			[]string{
				"4/have-local-offer/remote/offer", "5/have-local-offer/remote/offer",
				"3.2/implicit-rollback", "3.2/implicit-rollback/negotiated",
			},
		},
		{
			"a rollback W3C refuses is refused as InvalidModificationError, not InvalidStateError (PION.md Exp 1 for SLD in stable; the other states untested there)",
			[]string{
				"4/stable/local/rollback", "4/stable/remote/rollback",
				"4/have-local-pranswer/local/rollback", "4/have-local-pranswer/remote/rollback",
				"4/have-remote-pranswer/local/rollback", "4/have-remote-pranswer/remote/rollback",
			},
		},
		{
			"a type wrong for the state is InvalidModificationError (\"invalid proposed signaling state transition\"), not InvalidStateError; " +
				"CreateOffer does not check the state, so SLD(offer) gets this too (not in PION.md)",
			[]string{
				"4/stable/remote/pranswer", "4/stable/remote/answer",
				"4/have-remote-offer/local/offer", "4/have-remote-offer/remote/pranswer", "4/have-remote-offer/remote/answer",
				"4/have-local-pranswer/local/offer", "4/have-local-pranswer/remote/pranswer", "4/have-local-pranswer/remote/answer",
				"4/have-remote-pranswer/local/offer", "4/have-remote-pranswer/remote/offer",
				"3.1/parameterless/have-remote-pranswer",
			},
		},
		{
			"no same-state transition: a second offer or pranswer before the answer is InvalidModificationError (not in PION.md)",
			[]string{
				"4/have-local-offer/local/offer", "3.1/parameterless/have-local-offer",
				"4/have-local-pranswer/local/pranswer", "4/have-remote-pranswer/remote/pranswer",
			},
		},
		{
			"not reached: the peer's re-offer, SLD(offer) in have-local-offer, is refused (see 4/have-local-offer/local/offer); " +
				"SRD(offer) in have-remote-offer is InvalidModificationError too (not in PION.md)",
			[]string{
				"4/have-remote-offer/remote/offer", "5/have-remote-offer/remote/offer",
				"4/have-local-pranswer/remote/offer", "5/have-local-pranswer/remote/offer",
			},
		},
		{
			"the SDP is parsed before the type and state are checked: sdp-syntax-error, even for a rollback (not in PION.md)",
			[]string{"4/precedence/state-before-syntax", "3/rollback-sdp/local", "3/rollback-sdp/remote"},
		},
		{
			"closed is checked before the type: no WebIDL layer, InvalidStateError (not in PION.md)",
			[]string{"4/precedence/type-before-closed"},
		},
		{
			"an answer's m-sections are not compared with the offer's: accepted (PION.md Exp 3c for the media type only)",
			[]string{
				"3/answer-content/more-m-lines", "3/answer-content/fewer-m-lines", "3/answer-content/order",
				"3/answer-content/mid", "3/answer-content/media-type", "3/answer-content/pranswer-mid",
			},
		},
		{
			"AddICECandidate ignores sdpMid and sdpMLineIndex (one BUNDLE transport): no TypeError or OperationError (not in PION.md)",
			[]string{
				"7/unknown-mid", "7/unknown-mid-over-index", "7/index-out-of-range",
				"7/no-mid-no-index", "7/end/unknown-mid",
			},
		},
		{
			"AddICECandidate ignores usernameFragment: it checks only a ufrag in the candidate line, and drops a candidate " +
				"whose ufrag is unknown and resolves (PION.md Exp 6d shows that drop, not the field)",
			[]string{"7/unknown-ufrag", "7/end/unknown-ufrag"},
		},
		{
			"after Close, AddICECandidate races pion's transport start: it resolves (making a new ICE agent) or fails with " +
				"\"ICEAgent does not exist\"; never InvalidStateError, nor TypeError without mid and index (not in PION.md)",
			[]string{"7/closed", "7/closed/no-mid-no-index"},
		},
	} {
		for _, r := range d.rules {
			m[r] = d.why
		}
	}
	return m
}()
