package sdptype

// Parsed is a description with the Facts of its SDP, parsed once. A
// signaling.Session applies it without parsing again (SetLocalParsed,
// SetRemoteParsed); a description that travels through several checks, as
// a remote offer in Perfect Negotiation does, is parsed only once. A Parsed
// also remembers where its m-sections lie, so that ParseAfter can reuse
// them. The zero Parsed holds the null description and no Facts.
type Parsed struct {
	desc Description
	p    *parse // nil for the zero Parsed; shared, never modified
}

// Parse parses d's SDP with ParseFacts. The Facts are shared by every copy
// of the Parsed value and must not be changed.
func Parse(d Description) (Parsed, error) {
	p, err := parseWhole(d.SDP)
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{desc: d, p: p}, nil
}

// Description returns the description that was parsed.
func (p Parsed) Description() Description { return p.desc }

// Facts returns its Facts: nil for the zero Parsed.
func (p Parsed) Facts() *Facts {
	if p.p == nil {
		return nil
	}
	return &p.p.facts
}
