package sdptype

import (
	"encoding/json"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as JSON.stringify writes a string: only '"',
// '\\' and control characters are escaped (\b \f \n \r \t, else \u00xx), so
// '<', '>', '&', U+2028 and U+2029 stay as they are. Invalid UTF-8 becomes
// the character U+FFFD (encoding/json writes the escape \ufffd; both decode
// to the same string).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, "\ufffd"...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeObject splits a JSON object into its members, keeping key case as
// JSON.parse does (encoding/json would match keys case-insensitively). A
// JSON null gives a nil map and no error.
func decodeObject(what string, data []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, jsonError(what, err)
	}
	return m, nil
}

// decodeMember decodes the member key of m into v, which is left alone when
// the member is absent or null. It reports whether a non-null value was read.
func decodeMember(what string, m map[string]json.RawMessage, key string, v any) (bool, error) {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, &Error{What: what, Input: key, Err: ErrTypeError, Reason: "member of the wrong type", Cause: err}
	}
	return true, nil
}

// jsonError classifies an encoding/json error: wrong types are a TypeError,
// anything else is malformed JSON.
func jsonError(what string, err error) error {
	if _, ok := err.(*json.UnmarshalTypeError); ok {
		return &Error{What: what, Err: ErrTypeError, Reason: "not a JSON object", Cause: err}
	}
	return &Error{What: what, Err: ErrJSON, Cause: err}
}
