package negotiation

import "errors"

// Sentinel errors of this package. Step's errors, and Rejected events,
// carry an *Error that unwraps to one of these, or to a sentinel of package
// signaling or sdptype (InvalidStateError, InvalidAccessError,
// OperationError, TypeError, sdp-syntax-error).
var (
	// ErrRole is a missing role, or equal peer IDs in RoleFor.
	ErrRole = errors.New("negotiation: no role")
	// ErrNoOperation is a completion input (SetLocalDone, SetRemoteDone,
	// AddCandidateDone, OpFailed) that matches no operation in flight, or
	// a SetLocalDone of another type than the SetLocal in flight.
	ErrNoOperation = errors.New("negotiation: no such operation in flight")
	// ErrStale is an answer or pranswer that answers no offer of ours.
	ErrStale = errors.New("negotiation: answer to no outstanding offer")
	// ErrDuplicate is an exact copy of the last description received.
	ErrDuplicate = errors.New("negotiation: duplicate description")
	// ErrOperationFailed wraps an error the caller's stack reported with OpFailed.
	ErrOperationFailed = errors.New("negotiation: operation failed")
)

// Error says which input failed and why. It unwraps to Err and to Cause.
type Error struct {
	Input  string // the input or operation, such as "ReceivedDescription(answer)"
	Err    error  // a sentinel of this package; nil when Cause (a signaling or sdptype error) says it all
	Reason string // short explanation, may be empty
	Cause  error  // underlying error (from signaling, sdptype or the caller), may be nil
}

// Error returns what failed, where, and why, on one line.
func (e *Error) Error() string {
	s := "negotiation: " + e.Input
	if e.Err != nil {
		s += ": " + trimPrefix(e.Err.Error())
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func trimPrefix(s string) string {
	const p = "negotiation: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, err := range [...]error{e.Err, e.Cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
