package sdptype

import (
	"hash/crc64"
	"strconv"
)

// Description is an RTCSessionDescriptionInit: a type and an SDP. The zero
// Description (Type 0) stands for a null description.
type Description struct {
	Type Type
	SDP  string
}

// IsZero reports whether d is the zero Description, which stands for null.
func (d Description) IsZero() bool { return d == Description{} }

var crcTable = crc64.MakeTable(crc64.ECMA)

// String returns the type, the SDP size and the CRC-64 of the SDP
// ("offer/5886B/8c3f0e2a6b1d4c57"), for logs, traces and state keys.
func (d Description) String() string {
	if d.IsZero() {
		return "null"
	}
	sum := crc64.Update(0, crcTable, []byte(d.SDP))
	return d.Type.String() + "/" + itoa(len(d.SDP)) + "B/" + strconv.FormatUint(sum, 16)
}

// MarshalJSON writes {"type":…,"sdp":…} exactly as JSON.stringify does for an
// RTCSessionDescription. An invalid Type is an error (ErrTypeError).
//
// json.Marshal escapes '<', '>' and '&' in whatever a MarshalJSON returns;
// use a json.Encoder with SetEscapeHTML(false), or call MarshalJSON, for the
// browser's exact bytes.
func (d Description) MarshalJSON() ([]byte, error) {
	t, err := d.Type.MarshalText()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(d.SDP)+len(d.SDP)/16+32)
	b = append(b, `{"type":"`...)
	b = append(b, t...)
	b = append(b, `","sdp":`...)
	b = appendJSONString(b, d.SDP)
	return append(b, '}'), nil
}

// UnmarshalJSON reads an RTCSessionDescriptionInit as a browser accepts it:
// type is required and must be one of the four W3C strings (else
// ErrTypeError), sdp defaults to "" (null too), other members are ignored,
// keys are case-sensitive. JSON null leaves d unchanged.
func (d *Description) UnmarshalJSON(data []byte) error {
	const what = "description"
	m, err := decodeObject(what, data)
	if err != nil || m == nil {
		return err
	}
	var typ, sdp string
	ok, err := decodeMember(what, m, "type", &typ)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{What: what, Input: "type", Err: ErrTypeError, Reason: "required member missing"}
	}
	t, err := ParseType(typ)
	if err != nil {
		return err
	}
	if _, err := decodeMember(what, m, "sdp", &sdp); err != nil {
		return err
	}
	*d = Description{Type: t, SDP: sdp}
	return nil
}
