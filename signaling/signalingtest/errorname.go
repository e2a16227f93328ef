package signalingtest

import (
	"errors"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// ErrorName is the W3C name of an error, as a browser's promise rejects:
// a DOMException name, "TypeError", or "sdp-syntax-error" for an RTCError
// whose errorDetail is sdp-syntax-error.
type ErrorName string

// The names the rules use.
const (
	InvalidStateError        ErrorName = "InvalidStateError"
	InvalidAccessError       ErrorName = "InvalidAccessError"
	InvalidModificationError ErrorName = "InvalidModificationError"
	OperationError           ErrorName = "OperationError"
	SDPSyntaxError           ErrorName = "sdp-syntax-error" // RTCError, name OperationError, errorDetail sdp-syntax-error
	TypeError                ErrorName = "TypeError"
	NotSupportedError        ErrorName = "NotSupportedError"
)

// ErrInvalidModification is InvalidModificationError: setLocalDescription
// with an SDP other than the one the connection created last (RULES.md 3.1
// step 2). signaling.Session does not model it; ReferenceStack does.
var ErrInvalidModification = errors.New("signalingtest: InvalidModificationError")

// Named is an error that knows its W3C name, as a DOMException does. An
// RTCError also has an errorDetail; DefaultClassify reads it through
// ErrorDetail when the error has that method.
type Named interface {
	error
	Name() string
}

// DefaultClassify names err for the rules: "" for nil; else the name of
// the first error in its tree that has a Name() string method (Named), or
// sdp-syntax-error when that error also has ErrorDetail() string returning
// "sdp-syntax-error"; else the sentinel of this module it wraps, checked in
// this order: sdptype.ErrTypeError, signaling.ErrInvalidState,
// ErrInvalidModification, sdptype.ErrSDPSyntax, signaling.ErrInvalidAccess,
// signaling.ErrOperation. Any other error is named "unclassified: " and its
// message, which matches no rule.
func DefaultClassify(err error) ErrorName {
	if err == nil {
		return ""
	}
	var named Named
	if errors.As(err, &named) {
		if d, ok := named.(interface{ ErrorDetail() string }); ok && d.ErrorDetail() == string(SDPSyntaxError) {
			return SDPSyntaxError
		}
		return ErrorName(named.Name())
	}
	for _, s := range [...]struct {
		err  error
		name ErrorName
	}{
		{sdptype.ErrTypeError, TypeError},
		{signaling.ErrInvalidState, InvalidStateError},
		{ErrInvalidModification, InvalidModificationError},
		{sdptype.ErrSDPSyntax, SDPSyntaxError},
		{signaling.ErrInvalidAccess, InvalidAccessError},
		{signaling.ErrOperation, OperationError},
	} {
		if errors.Is(err, s.err) {
			return s.name
		}
	}
	return ErrorName("unclassified: " + err.Error())
}
