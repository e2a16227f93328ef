package sdptype

import (
	"errors"
	"strconv"
)

// Sentinel errors, named after the W3C exceptions they mirror. Every error
// from this package is an *Error that unwraps to one of them.
var (
	// ErrSDPSyntax is RTCError with errorDetail "sdp-syntax-error".
	ErrSDPSyntax = errors.New("sdptype: sdp-syntax-error")
	// ErrTypeError is the WebIDL TypeError: a missing or unknown type, a
	// member of the wrong JSON type, a candidate with neither sdpMid nor
	// sdpMLineIndex.
	ErrTypeError = errors.New("sdptype: TypeError")
	// ErrJSON is malformed JSON (JSON.parse's SyntaxError).
	ErrJSON = errors.New("sdptype: JSON SyntaxError")
)

// Error is the error of every function in this package. It unwraps to its
// sentinel Err and, when there is one, to the underlying Cause (pion/sdp's
// or encoding/json's error).
type Error struct {
	What   string // what was being read: "sdp", "type", "description", "candidate"
	Input  string // the offending value or SDP line, when short enough to be useful
	Line   int    // 1-based SDP line for ErrSDPSyntax, else 0
	Reason string // short explanation
	Err    error  // ErrSDPSyntax, ErrTypeError or ErrJSON
	Cause  error  // underlying error, may be nil
}

// Error returns what failed, where, and why, on one line.
func (e *Error) Error() string {
	s := e.Err.Error() + ": " + e.What
	if e.Line > 0 {
		s += " line " + strconv.Itoa(e.Line)
	}
	if e.Input != "" {
		s += " " + strconv.Quote(e.Input)
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}
