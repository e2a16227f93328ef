package pion

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/webrtc/v4"
)

// pionType returns pion's SDPType for t, SDPTypeUnknown for an invalid t.
func pionType(t sdptype.Type) webrtc.SDPType {
	switch t {
	case sdptype.Offer:
		return webrtc.SDPTypeOffer
	case sdptype.Pranswer:
		return webrtc.SDPTypePranswer
	case sdptype.Answer:
		return webrtc.SDPTypeAnswer
	case sdptype.Rollback:
		return webrtc.SDPTypeRollback
	}
	return webrtc.SDPTypeUnknown
}

// toPionDescription converts d for pion.
func toPionDescription(d sdptype.Description) webrtc.SessionDescription {
	return webrtc.SessionDescription{Type: pionType(d.Type), SDP: d.SDP}
}

// fromPionCandidate converts a candidate pion gathered; nil (gathering
// complete) is the zero Candidate, end-of-candidates. Pion's ToJSON sets
// no usernameFragment; its candidate line carries the "ufrag" extension.
func fromPionCandidate(c *webrtc.ICECandidate) sdptype.Candidate {
	if c == nil {
		return sdptype.Candidate{}
	}
	j := c.ToJSON()
	out := sdptype.Candidate{Candidate: j.Candidate}
	if j.SDPMid != nil {
		out.SDPMid = *j.SDPMid // "" stays null
	}
	if j.SDPMLineIndex != nil {
		out.SDPMLineIndex = sdptype.Index(*j.SDPMLineIndex)
	}
	if j.UsernameFragment != nil {
		out.UsernameFragment = *j.UsernameFragment
	}
	return out
}

// toPionCandidate converts c for AddICECandidate: "" and a null index
// become nil pointers.
func toPionCandidate(c sdptype.Candidate) webrtc.ICECandidateInit {
	init := webrtc.ICECandidateInit{Candidate: c.Candidate}
	if c.SDPMid != "" {
		mid := c.SDPMid
		init.SDPMid = &mid
	}
	if c.SDPMLineIndex.Valid {
		i := c.SDPMLineIndex.Index
		init.SDPMLineIndex = &i
	}
	if c.UsernameFragment != "" {
		u := c.UsernameFragment
		init.UsernameFragment = &u
	}
	return init
}
