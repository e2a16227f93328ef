package pion

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/webrtc/v4"
)

func newPC(t *testing.T) *webrtc.PeerConnection {
	t.Helper()
	pc, err := loopbackAPI().NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	return pc
}

func discard(Message) error { return nil }

// runAsync runs p until ctx ends and returns Run's result channel.
func runAsync(ctx context.Context, p *Peer) <-chan error {
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	return done
}

// result waits for Run's result, failing the test after 10 s.
func result(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

func TestNewErrors(t *testing.T) {
	pc := newPC(t)
	if _, err := New(nil, negotiation.Polite, Options{Send: discard}); !errors.Is(err, ErrOptions) {
		t.Errorf("no pc: %v", err)
	}
	if _, err := New(pc, negotiation.Polite, Options{}); !errors.Is(err, ErrOptions) {
		t.Errorf("no Send: %v", err)
	}
	if _, err := New(pc, 0, Options{Send: discard}); !errors.Is(err, negotiation.ErrRole) {
		t.Errorf("no role: %v", err)
	} else {
		prefixOnce(t, err)
	}
	p, err := New(pc, negotiation.Impolite, Options{Send: discard})
	if err != nil {
		t.Fatal(err)
	}
	if p.CanRollback() {
		t.Error("CanRollback = true on pion v4.2.26")
	}
	if p.PeerConnection() != pc || p.Machine().Role() != negotiation.Impolite {
		t.Error("PeerConnection or Machine wrong")
	}
}

// TestBadMessage: a message that is neither a description nor a candidate
// ends Run with ErrMessage, after the inputs queued before it; later
// Runs return the same error.
func TestBadMessage(t *testing.T) {
	var sent []Message
	p, err := New(newPC(t), negotiation.Impolite, Options{
		Send:                         func(m Message) error { sent = append(sent, m); return nil },
		IgnoreStackNegotiationNeeded: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.pc.CreateDataChannel("x", nil); err != nil {
		t.Fatal(err)
	}
	p.Negotiate()
	p.Receive(Message{})
	err = result(t, runAsync(context.Background(), p))
	var e *Error
	if !errors.Is(err, ErrMessage) || !errors.As(err, &e) || e.Op != "Receive" {
		t.Fatalf("Run: %v, want a Receive *Error wrapping ErrMessage", err)
	}
	prefixOnce(t, err)
	if len(sent) == 0 || sent[0].Description == nil || sent[0].Description.Type != sdptype.Offer {
		t.Errorf("the offer queued first was not sent: %v", sent)
	}
	if err2 := p.Run(context.Background()); err2 != err {
		t.Errorf("second Run: %v, want %v", err2, err)
	}
}

// TestSendError: a Send failure ends Run with ErrSend and Send's error.
func TestSendError(t *testing.T) {
	boom := errors.New("boom")
	p, err := New(newPC(t), negotiation.Polite, Options{Send: func(Message) error { return boom }})
	if err != nil {
		t.Fatal(err)
	}
	done := runAsync(context.Background(), p)
	if _, err := p.pc.CreateDataChannel("x", nil); err != nil { // pion's negotiationneeded starts the offer
		t.Fatal(err)
	}
	err = result(t, done)
	if !errors.Is(err, ErrSend) || !errors.Is(err, boom) {
		t.Fatalf("Run: %v, want ErrSend and boom", err)
	}
	prefixOnce(t, err)
	// pion cannot roll back, so the polite Peer defers its offer: created
	// and held, not applied.
	if _, held := p.Machine().Deferred(); !held || p.Machine().State() != signaling.Stable {
		t.Errorf("machine in %v, deferred offer held %t; want stable with the offer held", p.Machine().State(), held)
	}
}

// TestRunStops: Run returns nil when its context ends or after Close; a
// second concurrent Run is refused.
func TestRunStops(t *testing.T) {
	p, err := New(newPC(t), negotiation.Polite, Options{Send: discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := runAsync(ctx, p)
	for !p.running.Load() {
		time.Sleep(time.Millisecond)
	}
	if err := p.Run(context.Background()); !errors.Is(err, ErrRunning) {
		t.Errorf("concurrent Run: %v, want ErrRunning", err)
	}
	cancel()
	if err := result(t, done); err != nil {
		t.Errorf("Run after cancel: %v", err)
	}

	done = runAsync(context.Background(), p)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := result(t, done); err != nil {
		t.Errorf("Run after Close: %v", err)
	}
	if s := p.Machine().State(); s != signaling.Closed {
		t.Errorf("machine in %v, want closed", s)
	}
	if err := result(t, runAsync(context.Background(), p)); err != nil {
		t.Errorf("Run on a closed Peer: %v", err)
	}
}

// TestOpFailed: a candidate pion cannot parse fails its AddCandidate; the
// machine reports it as Rejected (from OpFailed, or CandidateFailed under
// ChainedCandidates) and Run goes on.
func TestOpFailed(t *testing.T) {
	for _, chained := range []bool{false, true} {
		t.Run(fmt.Sprintf("chained=%v", chained), func(t *testing.T) { testOpFailed(t, chained) })
	}
}

func testOpFailed(t *testing.T, chained bool) {
	p := newPair(t, pairConfig{aRole: negotiation.Polite, opts: negotiation.Options{ChainedCandidates: chained}})
	if _, err := p.a.pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	p.waitSettled(t, 1)
	p.a.peer.Receive(Message{Candidate: &sdptype.Candidate{
		Candidate: "candidate:1 1 udp notanumber 127.0.0.1 9 typ host", SDPMid: p.a.pc.GetTransceivers()[0].Mid(), SDPMLineIndex: sdptype.Index(0),
	}})
	deadline := time.Now().Add(5 * time.Second)
	for p.a.opFailed.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no Rejected event for OpFailed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.waitSettled(t, 1)
}

// TestRefusedCompletion: a completion the machine refuses is ErrOutOfStep;
// a refused message is not.
func TestRefusedCompletion(t *testing.T) {
	m, err := negotiation.New(negotiation.Polite, negotiation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []negotiation.Input{&negotiation.SetLocalDone{Description: sdptype.Description{Type: sdptype.Offer}},
		&negotiation.SetRemoteDone{}, &negotiation.AddCandidateDone{}, &negotiation.OpFailed{Err: errors.New("x")}} {
		_, _, err := negotiation.Step(m, in)
		if err := refused(in, err); !errors.Is(err, ErrOutOfStep) || !errors.Is(err, negotiation.ErrNoOperation) {
			t.Errorf("%T: %v, want ErrOutOfStep and ErrNoOperation", in, err)
		}
	}
	bad := &negotiation.ReceivedDescription{Description: sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n"}}
	if _, _, err := negotiation.Step(m, bad); err == nil || refused(bad, err) != nil {
		t.Errorf("a refused message: %v, want refused, and not out of step", err)
	}
}

// TestUnknownAction: an action the adapter does not know is an error that
// names its type; Run would end with it.
func TestUnknownAction(t *testing.T) {
	p, err := New(newPC(t), negotiation.Polite, Options{Send: discard})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		a    negotiation.Action
		want string
	}{
		{nil, "pion: Step: unknown action: <nil>"},
		{struct{ negotiation.Action }{}, "pion: Step: unknown action: struct { negotiation.Action }"},
	} {
		c, err := p.do(tc.a)
		var e *Error
		if c != nil || !errors.Is(err, ErrUnknownAction) || !errors.As(err, &e) || err.Error() != tc.want {
			t.Errorf("do(%T) = %v, %v; want nil and %q", tc.a, c, err, tc.want)
		}
	}
}

func TestCandidateConversion(t *testing.T) {
	if c := fromPionCandidate(nil); c != (sdptype.Candidate{}) {
		t.Errorf("nil: %+v", c)
	}
	pc := &webrtc.ICECandidate{Foundation: "1", Priority: 2130706431, Address: "127.0.0.1", Protocol: webrtc.ICEProtocolUDP,
		Port: 5000, Typ: webrtc.ICECandidateTypeHost, Component: 1, SDPMid: "0", SDPMLineIndex: 0}
	c := fromPionCandidate(pc)
	want := sdptype.Candidate{Candidate: "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0)}
	if c != want {
		t.Errorf("from pion: %+v, want %+v", c, want)
	}
	if c := fromPionCandidate(&webrtc.ICECandidate{Foundation: "1", Address: "127.0.0.1", Protocol: webrtc.ICEProtocolUDP,
		Typ: webrtc.ICECandidateTypeHost, Component: 1}); c.SDPMid != "" || !c.SDPMLineIndex.Valid {
		t.Errorf("empty mid: %+v, want null mid and index 0", c)
	}

	init := toPionCandidate(sdptype.Candidate{Candidate: "candidate:x", SDPMid: "a", SDPMLineIndex: sdptype.Index(3), UsernameFragment: "u"})
	if init.Candidate != "candidate:x" || init.SDPMid == nil || *init.SDPMid != "a" ||
		init.SDPMLineIndex == nil || *init.SDPMLineIndex != 3 || init.UsernameFragment == nil || *init.UsernameFragment != "u" {
		t.Errorf("to pion: %+v", init)
	}
	if init := toPionCandidate(sdptype.Candidate{}); init.SDPMid != nil || init.SDPMLineIndex != nil || init.UsernameFragment != nil {
		t.Errorf("to pion, nulls: %+v", init)
	}
	for ty, want := range map[sdptype.Type]webrtc.SDPType{sdptype.Offer: webrtc.SDPTypeOffer, sdptype.Pranswer: webrtc.SDPTypePranswer,
		sdptype.Answer: webrtc.SDPTypeAnswer, sdptype.Rollback: webrtc.SDPTypeRollback, 0: webrtc.SDPTypeUnknown} {
		if got := pionType(ty); got != want {
			t.Errorf("pionType(%v) = %v, want %v", ty, got, want)
		}
	}
}

// TestErrorStrings pins the one-line messages.
func TestErrorStrings(t *testing.T) {
	cause := errors.New("cause")
	e := &Error{Op: "Send", Err: ErrSend, Cause: cause}
	if got, want := e.Error(), "pion: Send: send failed: cause"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	e = &Error{Op: "New", Err: ErrOptions, Reason: "no Send"}
	if got, want := e.Error(), "pion: New: invalid options: no Send"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	r := &RollbackError{Role: negotiation.Polite, State: webrtc.SignalingStateHaveLocalOffer, Cause: cause}
	if !errors.Is(r, ErrRollbackUnsupported) || !errors.Is(r, cause) {
		t.Error("RollbackError does not unwrap")
	}
	if got, want := r.Error(), "pion: polite peer needs explicit rollback in have-local-offer: the stack cannot roll back a local offer (use the impolite role): cause"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// TestErrorPrefixOnce: a wrapped failure prints "pion: " exactly once,
// at the start, whether the sentinel or the cause is this package's;
// another package's prefix stays.
func TestErrorPrefixOnce(t *testing.T) {
	boom := errors.New("boom")
	probe := &Error{Op: "RollbackSupported", Cause: boom}
	_, decodeErr := DecodeMessage([]byte(`{}`))
	_, _, stepErr := negotiation.Step(mustMachine(t), &negotiation.SetRemoteDone{})
	outOfStep := refused(&negotiation.SetRemoteDone{}, stepErr)
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&Error{Op: "Send", Err: ErrSend, Cause: boom}, "pion: Send: send failed: boom"},
		{&Error{Op: "Receive", Err: ErrMessage}, "pion: Receive: message needs exactly one of description and candidate"},
		{&Error{Op: "Run", Cause: probe}, "pion: Run: RollbackSupported: boom"},
		{&RollbackError{Role: negotiation.Polite, State: webrtc.SignalingStateHaveLocalOffer, Implicit: true, Cause: probe},
			"pion: polite peer needs implicit rollback in setRemoteDescription(offer) in have-local-offer: the stack cannot roll back a local offer (use the impolite role): RollbackSupported: boom"},
		{decodeErr, "pion: DecodeMessage: message needs exactly one of description and candidate"},
		{outOfStep, "pion: Step: the machine and the stack are out of step: negotiation: SetRemoteDone: no such operation in flight"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
		prefixOnce(t, tc.err)
	}
}

// prefixOnce fails t unless err's message starts with "pion: " and has it
// nowhere else.
func prefixOnce(t *testing.T, err error) {
	t.Helper()
	if s := err.Error(); !strings.HasPrefix(s, prefix) || strings.Count(s, prefix) != 1 {
		t.Errorf("%q: want %q once, at the start", s, prefix)
	}
}

func mustMachine(t *testing.T) negotiation.Machine {
	t.Helper()
	m, err := negotiation.New(negotiation.Polite, negotiation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
