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
	// The offer being answered is the other side's pending description; a
	// subsequent offer is checked "as if answers were applied in between"
	// against the current description of the same side.
	offer, prev := s.pendingRemote, s.currentLocal
	if side == Remote {
		offer, prev = s.pendingLocal, s.currentRemote
	}
	ref := prev.facts()
	if t == sdptype.Answer || t == sdptype.Pranswer {
		ref = offer.facts()
	}
	if reason := selfConsistent(f, ref); reason != "" {
		return reason
	}
	switch t {
	case sdptype.Answer, sdptype.Pranswer:
		if !sameSections(offer.facts(), f) {
			return "m-sections do not match the offer (count, order or mids)"
		}
		if reason := sameKinds(offer.facts(), f); reason != "" {
			return reason
		}
	case sdptype.Offer:
		// A subsequent offer keeps the m-sections of the negotiated
		// description in order; a rejected one may be recycled (JSEP 5.2.2,
		// 5.8.3).
		if !keepsSections(prev.facts(), f) {
			return "m-sections removed or reordered since the last negotiation"
		}
	}
	return ""
}

// selfConsistent checks one description on its own: unique mids, BUNDLE
// groups naming existing mids, ICE credentials on every section in use.
// ref, if not nil, is a description applied before, whose mids are unique:
// only the mids f does not share with it at the same index are compared
// with the others, so that a change of one section costs one pass.
func selfConsistent(f, ref *sdptype.Facts) string {
	if i := firstDuplicate(f, ref); i >= 0 {
		return "duplicate mid " + f.Media[i].Mid
	}
	at := 0 // BUNDLE groups usually list mids in section order
	for _, g := range f.BundleGroups {
		for _, mid := range g {
			i := indexOfMid(f.Media, mid, at)
			if i < 0 {
				return "BUNDLE group names unknown mid " + mid
			}
			at = i + 1
		}
	}
	for _, m := range f.Media {
		if !m.Rejected && (m.ICE.Ufrag == "" || m.ICE.Pwd == "") {
			return "m-section without ice-ufrag and ice-pwd"
		}
	}
	return ""
}

// firstDuplicate returns the first index of f.Media whose mid an earlier
// section has, or -1. Two sections that have ref's mids at their index
// cannot share a mid, so every duplicate involves some other section c:
// the pair that ends first is (c, its first match) or (its first match, c).
func firstDuplicate(f, ref *sdptype.Facts) int {
	first := len(f.Media)
	for c := 0; c < first; c++ {
		mid := f.Media[c].Mid
		if mid == "" || ref != nil && c < len(ref.Media) && ref.Media[c].Mid == mid {
			continue
		}
		for k, m := range f.Media {
			if k != c && m.Mid == mid {
				first = min(first, max(c, k))
				break
			}
		}
	}
	if first == len(f.Media) {
		return -1
	}
	return first
}

// indexOfMid returns the index of the section with the given mid, looking
// from index at on, then before it; -1 if there is none.
func indexOfMid(media []sdptype.Media, mid string, at int) int {
	at = min(at, len(media))
	for i, m := range media[at:] {
		if m.Mid == mid {
			return at + i
		}
	}
	for i, m := range media[:at] {
		if m.Mid == mid {
			return i
		}
	}
	return -1
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
