package signaling

import (
	"strconv"

	"github.com/glare-rtc/glare/sdptype"
)

// semanticError returns why a well-formed description of type t from side
// cannot be applied to s (InvalidAccessError), or "" if it can. These are
// the content checks of webrtc-pc "set the session description" step 4.6
// and JSEP 5.8.3 that need no media engine.
func (s Session) semanticError(side Side, t sdptype.Type, f *sdptype.Facts) string {
	if reason := selfConsistent(f); reason != "" {
		return reason
	}
	switch t {
	case sdptype.Answer, sdptype.Pranswer:
		// The offer being answered is the other side's pending description.
		offer := s.pendingRemote
		if side == Remote {
			offer = s.pendingLocal
		}
		if !sameSections(offer.facts(), f) {
			return "m-sections do not match the offer (count, order or mids)"
		}
		if reason := sameKinds(offer.facts(), f); reason != "" {
			return reason
		}
	case sdptype.Offer:
		// A subsequent offer keeps the m-sections of the negotiated
		// description in order; a rejected one may be recycled (JSEP 5.2.2,
		// 5.8.3). It is checked "as if answers were applied in between"
		// against the current description of the same side.
		prev := s.currentLocal
		if side == Remote {
			prev = s.currentRemote
		}
		if !keepsSections(prev.facts(), f) {
			return "m-sections removed or reordered since the last negotiation"
		}
	}
	return ""
}

// selfConsistent checks one description on its own: unique mids, BUNDLE
// groups naming existing mids, ICE credentials on every section in use.
func selfConsistent(f *sdptype.Facts) string {
	for i, m := range f.Media {
		if m.Mid == "" {
			continue
		}
		for _, n := range f.Media[:i] {
			if n.Mid == m.Mid {
				return "duplicate mid " + m.Mid
			}
		}
	}
	for _, g := range f.BundleGroups {
		for _, mid := range g {
			if _, _, ok := f.Section(mid); !ok {
				return "BUNDLE group names unknown mid " + mid
			}
		}
	}
	for _, m := range f.Media {
		if !m.Rejected && (m.ICE.Ufrag == "" || m.ICE.Pwd == "") {
			return "m-section without ice-ufrag and ice-pwd"
		}
	}
	return ""
}

// sameSections reports whether answer has the offer's m-sections: the same
// count and the same mids in the same order.
func sameSections(offer, answer *sdptype.Facts) bool {
	if offer == nil || len(offer.Media) != len(answer.Media) {
		return false
	}
	for i, m := range offer.Media {
		if answer.Media[i].Mid != m.Mid {
			return false
		}
	}
	return true
}

// sameKinds returns why answer changes the media type of an m-section of
// the offer (RFC 3264 section 6: the answer's m= line has the offer's media
// type), or "" if it changes none.
func sameKinds(offer, answer *sdptype.Facts) string {
	for i, m := range offer.Media {
		if k := answer.Media[i].Kind; k != m.Kind {
			return "m-section " + strconv.Itoa(i) + " is " + k + ", the offer's is " + m.Kind
		}
	}
	return ""
}

// keepsSections reports whether offer keeps every m-section of prev at its
// index, except rejected ones, which may be recycled.
func keepsSections(prev, offer *sdptype.Facts) bool {
	if prev == nil {
		return true
	}
	if len(offer.Media) < len(prev.Media) {
		return false
	}
	for i, m := range prev.Media {
		if !m.Rejected && offer.Media[i].Mid != m.Mid {
			return false
		}
	}
	return true
}
