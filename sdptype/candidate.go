package sdptype

import (
	"strconv"
	"strings"
)

// Candidate is an RTCIceCandidateInit. Empty strings stand for null, as in
// Chromium's toJSON: a real mid or ufrag is never empty (RFC 8843, RFC 8839).
// An empty Candidate string is an end-of-candidates indication; the zero
// Candidate is end-of-candidates for every m-section, like addIceCandidate({}).
type Candidate struct {
	Candidate        string    // the candidate-attribute, "" for end-of-candidates
	SDPMid           string    // "" for null
	SDPMLineIndex    NullIndex // zero value for null
	UsernameFragment string    // "" for null
}

// NullIndex is an sdpMLineIndex that may be null, like sql.NullInt16.
type NullIndex struct {
	Index uint16
	Valid bool // false for null
}

// Index returns the non-null NullIndex n.
func Index(n uint16) NullIndex { return NullIndex{Index: n, Valid: true} }

// IsEnd reports whether c is an end-of-candidates indication.
func (c Candidate) IsEnd() bool { return c.Candidate == "" }

// String returns a short, deterministic description for logs and traces.
func (c Candidate) String() string {
	s := "candidate"
	if c.IsEnd() {
		s = "end-of-candidates"
	}
	if c.SDPMid != "" {
		s += " mid=" + c.SDPMid
	}
	if c.SDPMLineIndex.Valid {
		s += " index=" + itoa(int(c.SDPMLineIndex.Index))
	}
	if c.UsernameFragment != "" {
		s += " ufrag=" + c.UsernameFragment
	}
	return s
}

// MarshalJSON writes c exactly as Chromium's JSON.stringify(candidate.toJSON())
// does: keys candidate, sdpMid, sdpMLineIndex, usernameFragment; a null
// sdpMid or usernameFragment as "", a null sdpMLineIndex left out.
func (c Candidate) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(c.Candidate)+len(c.SDPMid)+len(c.UsernameFragment)+72)
	b = append(b, `{"candidate":`...)
	b = appendJSONString(b, c.Candidate)
	b = append(b, `,"sdpMid":`...)
	b = appendJSONString(b, c.SDPMid)
	if c.SDPMLineIndex.Valid {
		b = append(b, `,"sdpMLineIndex":`...)
		b = strconv.AppendUint(b, uint64(c.SDPMLineIndex.Index), 10)
	}
	b = append(b, `,"usernameFragment":`...)
	b = appendJSONString(b, c.UsernameFragment)
	return append(b, '}'), nil
}

// UnmarshalJSON reads an RTCIceCandidateInit as browsers write it: every
// member may be missing or null, "" means null for sdpMid and
// usernameFragment, other members are ignored, keys are case-sensitive.
// sdpMLineIndex must be an integer from 0 to 65535 (ErrTypeError otherwise;
// WebIDL would wrap it modulo 2^16, which no browser writes). JSON null
// leaves c unchanged.
func (c *Candidate) UnmarshalJSON(data []byte) error {
	const what = "candidate"
	m, err := decodeObject(what, data)
	if err != nil || m == nil {
		return err
	}
	var v Candidate
	for _, f := range [...]struct {
		key string
		dst *string
	}{{"candidate", &v.Candidate}, {"sdpMid", &v.SDPMid}, {"usernameFragment", &v.UsernameFragment}} {
		if _, err := decodeMember(what, m, f.key, f.dst); err != nil {
			return err
		}
	}
	ok, err := decodeMember(what, m, "sdpMLineIndex", &v.SDPMLineIndex.Index)
	if err != nil {
		return err
	}
	v.SDPMLineIndex.Valid = ok
	*c = v
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// Ufrag returns the candidate's ICE username fragment: UsernameFragment,
// else the value of the "ufrag" extension in the candidate-attribute (which
// Chromium writes), else "".
func (c Candidate) Ufrag() string {
	if c.UsernameFragment != "" {
		return c.UsernameFragment
	}
	for rest := c.Candidate; rest != ""; {
		var field string
		field, rest, _ = strings.Cut(strings.TrimLeft(rest, " "), " ")
		if field == "ufrag" {
			v, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
			return v
		}
	}
	return ""
}
