package signaling

import (
	"errors"

	"github.com/glare-rtc/glare/sdptype"
)

// Sentinel errors, named after the W3C DOMExceptions they mirror. Errors
// from this package are *Error values that unwrap to one of these or to
// sdptype.ErrTypeError (WebIDL TypeError) or sdptype.ErrSDPSyntax
// (RTCError "sdp-syntax-error").
var (
	// ErrInvalidState is InvalidStateError: the operation is not allowed in
	// the current signaling state.
	ErrInvalidState = errors.New("signaling: InvalidStateError")
	// ErrInvalidAccess is InvalidAccessError: the description is well formed
	// but its content is invalid (an answer that does not match its offer,
	// a BUNDLE group naming no m-section...).
	ErrInvalidAccess = errors.New("signaling: InvalidAccessError")
	// ErrOperation is OperationError: a candidate names an unknown mid,
	// m-line index or username fragment.
	ErrOperation = errors.New("signaling: OperationError")
	// ErrClosed accompanies ErrInvalidState for every call on a closed
	// session, so that errors.Is(err, ErrClosed) tells that case apart.
	ErrClosed = errors.New("signaling: closed")
)

// Error says what was attempted, in which state, and why it failed. Side
// says who was wrong: Local is the caller's own description or candidate
// check, Remote is what the other peer sent.
type Error struct {
	Op     string       // "setLocalDescription", "setRemoteDescription", "addIceCandidate" or "next"
	State  State        // the state the session was in
	Side   Side         // which side the description came from (0 for candidates)
	Type   sdptype.Type // the description type (0 for candidates)
	Err    error        // the sentinel: ErrInvalidState, ErrInvalidAccess, ErrOperation, sdptype.ErrTypeError or sdptype.ErrSDPSyntax
	Reason string       // short explanation, may be empty
	Cause  error        // underlying error (ErrClosed, *sdptype.Error), may be nil
}

// Error returns what failed, where, and why, on one line.
func (e *Error) Error() string {
	s := "signaling: " + e.Op
	switch {
	case e.Op == "next":
		s += "(" + e.Side.String() + " " + e.Type.String() + ")"
	case e.Type != 0:
		s += "(" + e.Type.String() + ")"
	}
	s += " in " + e.State.String()
	if e.Cause == nil || !errors.Is(e.Cause, e.Err) { // else the cause names it
		s += ": " + name(e.Err)
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// name returns the W3C name of a sentinel, without the package prefix.
func name(err error) string {
	switch err {
	case ErrInvalidState:
		return "InvalidStateError"
	case ErrInvalidAccess:
		return "InvalidAccessError"
	case ErrOperation:
		return "OperationError"
	case sdptype.ErrTypeError:
		return "TypeError"
	case sdptype.ErrSDPSyntax:
		return "sdp-syntax-error"
	}
	return err.Error()
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}
