package delivery

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors, named after the W3C exceptions they mirror. A refused
// input returns an *Error that unwraps to one of them, or to
// sdptype.ErrTypeError (an input or message of the wrong kind) or
// signaling.ErrInvalidState (a link that has failed).
var (
	// ErrData is DataError: an envelope that breaks the protocol (no
	// sender, a sequence number without a message, an acknowledgement of
	// messages never sent).
	ErrData = errors.New("delivery: DataError")
	// ErrQuota is QuotaExceededError: Window messages already wait for
	// their acknowledgement.
	ErrQuota = errors.New("delivery: QuotaExceededError")
)

// Error is a refused input: what was refused and why.
type Error struct {
	Op     string // "send", "receive", "tick", "message", "New"
	Err    error  // the sentinel
	Reason string // a few words
	Cause  error  // the underlying error, may be nil
}

// Error returns the refusal on one line.
func (e *Error) Error() string {
	s := "delivery: " + e.Op + ": " + strings.TrimPrefix(e.Err.Error(), "delivery: ")
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

func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
