package sdptype

import "strconv"

// Type is the W3C RTCSdpType of a description. The zero value is not a valid
// type: a description without a type is an error, never a silent default.
type Type uint8

// The four W3C description types (webrtc-pc RTCSdpType, JSEP 4.1.10).
const (
	Offer Type = iota + 1
	Pranswer
	Answer
	Rollback
)

var typeNames = [...]string{Offer: "offer", Pranswer: "pranswer", Answer: "answer", Rollback: "rollback"}

// Valid reports whether t is one of the four W3C types.
func (t Type) Valid() bool { return t >= Offer && t <= Rollback }

// String returns the W3C spelling ("offer", "pranswer", "answer",
// "rollback"), or "Type(n)" for an invalid value.
func (t Type) String() string {
	if !t.Valid() {
		return "Type(" + strconv.Itoa(int(t)) + ")"
	}
	return typeNames[t]
}

// ParseType returns the Type spelled s. Anything but the four W3C strings is
// an error that unwraps to ErrTypeError, as WebIDL rejects an unknown enum value.
func ParseType(s string) (Type, error) {
	for t := Offer; t <= Rollback; t++ {
		if typeNames[t] == s {
			return t, nil
		}
	}
	return 0, &Error{What: "type", Input: s, Err: ErrTypeError, Reason: "unknown RTCSdpType"}
}

// MarshalText implements encoding.TextMarshaler with the W3C spelling.
func (t Type) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, &Error{What: "type", Input: t.String(), Err: ErrTypeError, Reason: "not a valid RTCSdpType"}
	}
	return []byte(typeNames[t]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; see ParseType.
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
