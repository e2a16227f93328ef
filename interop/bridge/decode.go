package bridge

import (
	"strconv"
	"unicode/utf8"

	"github.com/glare-rtc/glare/sdptype"
)

// decodeFast reads an input written as JSON.stringify writes the page's
// inputs: no white space, no escapes, known members once each, exactly
// spelled. It reports false for anything else, which Decode then reads with
// encoding/json; whatever it accepts, encoding/json reads the same
// (FuzzDecode). In WebAssembly it is a fraction of encoding/json's cost,
// which was a quarter of a Step's in the stress-glare profile.
func decodeFast(data []byte) (Input, bool) {
	d := reader{data: data}
	var in Input
	ok := d.object(func(key string) bool {
		switch key {
		case "kind":
			return d.str(&in.Kind)
		case "offerId":
			return d.uint(&in.OfferID, 64)
		case "rolledBack":
			return d.bool(&in.RolledBack)
		case "fromStack":
			return d.bool(&in.FromStack)
		case "description":
			in.Description = new(sdptype.Description)
			return d.description(in.Description)
		case "candidate":
			in.Candidate = new(sdptype.Candidate)
			return d.candidate(in.Candidate)
		case "error":
			in.Error = new(DOMError)
			return d.object(func(key string) bool {
				switch key {
				case "name":
					return d.str(&in.Error.Name)
				case "message":
					return d.str(&in.Error.Message)
				}
				return false
			})
		}
		return false
	})
	return in, ok && d.at == len(data)
}

// reader reads data from at on; every method reports false for what
// decodeFast leaves to encoding/json.
type reader struct {
	data []byte
	at   int
}

func (d *reader) next(c byte) bool {
	if d.at < len(d.data) && d.data[d.at] == c {
		d.at++
		return true
	}
	return false
}

func (d *reader) literal(s string) bool {
	if len(d.data)-d.at >= len(s) && string(d.data[d.at:d.at+len(s)]) == s {
		d.at += len(s)
		return true
	}
	return false
}

// object reads {"key":value,...}, member calling the value's reader for
// each key; a key seen twice is left to encoding/json.
func (d *reader) object(member func(key string) bool) bool {
	if !d.next('{') {
		return false
	}
	if d.next('}') {
		return true
	}
	var seen []string
	for {
		var key string
		if !d.str(&key) || !d.next(':') {
			return false
		}
		for _, k := range seen {
			if k == key {
				return false
			}
		}
		seen = append(seen, key)
		if !member(key) {
			return false
		}
		if d.next('}') {
			return true
		}
		if !d.next(',') {
			return false
		}
	}
}

// str reads a string without escapes or control characters, valid UTF-8.
func (d *reader) str(dst *string) bool {
	if !d.next('"') {
		return false
	}
	start := d.at
	for ; d.at < len(d.data); d.at++ {
		switch c := d.data[d.at]; {
		case c == '"':
			s := d.data[start:d.at]
			d.at++
			if !utf8.Valid(s) {
				return false
			}
			*dst = string(s)
			return true
		case c == '\\' || c < 0x20:
			return false
		}
	}
	return false
}

// nullableStr reads a string, or null for "".
func (d *reader) nullableStr(dst *string) bool {
	if d.literal("null") {
		*dst = ""
		return true
	}
	return d.str(dst)
}

// uint reads an unsigned integer of bitSize bits in JSON's form (no sign,
// no leading zero, no fraction or exponent).
func (d *reader) uint(dst *uint64, bitSize int) bool {
	start := d.at
	for d.at < len(d.data) && '0' <= d.data[d.at] && d.data[d.at] <= '9' {
		d.at++
	}
	digits := d.data[start:d.at]
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		return false
	}
	if d.at < len(d.data) && (d.data[d.at] == '.' || d.data[d.at] == 'e' || d.data[d.at] == 'E') {
		return false
	}
	n, err := strconv.ParseUint(string(digits), 10, bitSize)
	*dst = n
	return err == nil
}

func (d *reader) bool(dst *bool) bool {
	switch {
	case d.literal("true"):
		*dst = true
	case d.literal("false"):
		*dst = false
	default:
		return false
	}
	return true
}

// description reads an RTCSessionDescriptionInit as sdptype.Description's
// JSON: type required and valid, sdp a string or null.
func (d *reader) description(dst *sdptype.Description) bool {
	typed := false
	ok := d.object(func(key string) bool {
		switch key {
		case "type":
			var s string
			if !d.str(&s) {
				return false
			}
			t, err := sdptype.ParseType(s)
			dst.Type, typed = t, err == nil
			return typed
		case "sdp":
			return d.nullableStr(&dst.SDP)
		}
		return false
	})
	return ok && typed
}

// candidate reads an RTCIceCandidateInit as sdptype.Candidate's JSON:
// strings or null, sdpMLineIndex an integer from 0 to 65535 or null.
func (d *reader) candidate(dst *sdptype.Candidate) bool {
	return d.object(func(key string) bool {
		switch key {
		case "candidate":
			return d.nullableStr(&dst.Candidate)
		case "sdpMid":
			return d.nullableStr(&dst.SDPMid)
		case "usernameFragment":
			return d.nullableStr(&dst.UsernameFragment)
		case "sdpMLineIndex":
			if d.literal("null") {
				dst.SDPMLineIndex = sdptype.NullIndex{}
				return true
			}
			var n uint64
			if !d.uint(&n, 16) {
				return false
			}
			dst.SDPMLineIndex = sdptype.Index(uint16(n))
			return true
		}
		return false
	})
}
