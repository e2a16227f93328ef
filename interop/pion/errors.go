package pion

import (
	"errors"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/pion/webrtc/v4"
)

// Sentinel errors of this package, with its prefix "pion: ". Run, New and
// DecodeMessage return an *Error or a *RollbackError that unwraps to one of
// these (and to its cause).
var (
	// ErrRollbackUnsupported: the polite peer must roll back its local offer
	// and the stack cannot (pion/webrtc v4, pion/webrtc#2416).
	ErrRollbackUnsupported = errors.New("pion: the stack cannot roll back a local offer")
	// ErrSend: Options.Send failed.
	ErrSend = errors.New("pion: send failed")
	// ErrOutOfStep: the machine refused a completion the stack reported, or
	// asked for a second operation before the first was reported (chained
	// AddCandidates, which have none, aside). The
	// machine and the PeerConnection no longer agree.
	ErrOutOfStep = errors.New("pion: the machine and the stack are out of step")
	// ErrOptions: New was given no PeerConnection or no Options.Send.
	ErrOptions = errors.New("pion: invalid options")
	// ErrRunning: Run was called while another Run of the same Peer runs.
	ErrRunning = errors.New("pion: Run is already running")
	// ErrUnknownAction: the machine returned an action this package does
	// not know (a newer negotiation package): a bug, Run cannot carry it out.
	ErrUnknownAction = errors.New("pion: unknown action")
)

// prefix starts every error of this package, once: the typed errors print
// it and drop it from their sentinel and cause (see describe).
const prefix = "pion: "

// Error says which step failed and why. It unwraps to Err and to Cause.
// It prints "pion: " once, then Op, Err, Reason and Cause.
type Error struct {
	Op     string // what failed, such as "Send" or "Receive"
	Err    error  // a sentinel of this package or of the core, may be nil when Cause says it all
	Reason string // a short explanation, may be empty
	Cause  error  // the underlying error (Send's, pion's, the machine's), may be nil
}

// Error returns what failed and why, on one line.
func (e *Error) Error() string {
	s := prefix + e.Op
	for _, part := range [...]string{describe(e.Err), e.Reason, describe(e.Cause)} {
		if part != "" {
			s += ": " + part
		}
	}
	return s
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error { return nonNil(e.Err, e.Cause) }

// RollbackError: the machine needed the stack to roll back a local offer
// (the polite peer accepting a colliding offer) and the stack cannot. It
// unwraps to ErrRollbackUnsupported and to Cause.
type RollbackError struct {
	Role     negotiation.Role
	State    webrtc.SignalingState // the PeerConnection's state when asked
	Implicit bool                  // asked through SetRemote(offer) with negotiation.ImplicitRollback
	Cause    error                 // pion's refusal: of the call, or of the probe
}

// Error says which rollback was asked for, in which state, and pion's refusal.
func (e *RollbackError) Error() string {
	how := "explicit rollback"
	if e.Implicit {
		how = "implicit rollback in setRemoteDescription(offer)"
	}
	s := prefix + e.Role.String() + " peer needs " + how + " in " + e.State.String() +
		": " + describe(ErrRollbackUnsupported) + " (use the impolite role)"
	if e.Cause != nil {
		s += ": " + describe(e.Cause)
	}
	return s
}

// Unwrap returns ErrRollbackUnsupported and the cause.
func (e *RollbackError) Unwrap() []error { return nonNil(ErrRollbackUnsupported, e.Cause) }

// describe returns err's message without this package's prefix, which the
// typed error wrapping err prints already; "" for nil. Another package's
// prefix ("negotiation: ", "sdptype: ") stays: it says where err came from.
func describe(err error) string {
	if err == nil {
		return ""
	}
	return strings.TrimPrefix(err.Error(), prefix)
}

func nonNil(errs ...error) []error {
	var out []error
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}
