package signaling

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
)

// Target is where a remote candidate applies, as CheckCandidate resolved it.
type Target struct {
	Index   int    // m-section index, -1 when an end-of-candidates applies to every section
	Mid     string // mid of that m-section ("" when Index is -1 or the section has none)
	End     bool   // the candidate is an end-of-candidates indication
	Stopped bool   // the section is rejected: adding succeeds and does nothing (webrtc-pc addIceCandidate)
}

// CheckCandidate applies the checks of webrtc-pc addIceCandidate to c
// against the remote description of s, in the spec's order:
//
//  1. a non-empty candidate with neither sdpMid nor sdpMLineIndex: TypeError
//     (checked before anything else, even on a closed session);
//  2. closed: InvalidStateError (ErrClosed);
//  3. no remote description: InvalidStateError;
//  4. an sdpMid that names no m-section: OperationError (sdpMid wins over
//     sdpMLineIndex);
//  5. else an sdpMLineIndex past the last m-section: OperationError;
//  6. a rejected (stopped) section: success, nothing to do;
//  7. a usernameFragment found in no applied remote description for that
//     section: OperationError.
//
// An empty candidate is end-of-candidates; with neither mid nor index it
// applies to every section. Success returns where c applies.
func (s Session) CheckCandidate(c sdptype.Candidate) (Target, error) {
	fail := func(sentinel error, reason string, cause error) (Target, error) {
		return Target{}, &Error{Op: "addIceCandidate", State: s.state, Err: sentinel, Reason: reason, Cause: cause}
	}
	if !c.IsEnd() && c.SDPMid == "" && !c.SDPMLineIndex.Valid {
		return fail(sdptype.ErrTypeError, "candidate without sdpMid and sdpMLineIndex", nil)
	}
	if s.state == Closed {
		return fail(ErrInvalidState, "", ErrClosed)
	}
	remote := s.remote()
	if remote.facts() == nil {
		return fail(ErrInvalidState, "no remote description", nil)
	}
	media := remote.facts().Media
	t := Target{Index: -1, End: c.IsEnd()}
	switch {
	case c.SDPMid != "":
		_, i, ok := remote.facts().Section(c.SDPMid)
		if !ok {
			return fail(ErrOperation, "unknown sdpMid "+c.SDPMid, nil)
		}
		t.Index = i
	case c.SDPMLineIndex.Valid:
		if int(c.SDPMLineIndex.Index) >= len(media) {
			return fail(ErrOperation, "sdpMLineIndex out of range", nil)
		}
		t.Index = int(c.SDPMLineIndex.Index)
	}
	if t.Index >= 0 {
		t.Mid = media[t.Index].Mid
		if media[t.Index].Rejected {
			t.Stopped = true
			return t, nil
		}
	}
	if c.UsernameFragment != "" && !s.knowsUfrag(t, c.UsernameFragment) {
		return fail(ErrOperation, "unknown usernameFragment "+c.UsernameFragment, nil)
	}
	return t, nil
}

// knowsUfrag reports whether ufrag appears in the section t of an applied
// remote description (pending or current), matched by mid, else by index;
// for every section when t.Index is -1.
func (s Session) knowsUfrag(t Target, ufrag string) bool {
	for _, sl := range [...]slot{s.pendingRemote, s.currentRemote} {
		if sl.facts() == nil {
			continue
		}
		for i, m := range sl.facts().Media {
			inTarget := t.Index < 0 || (t.Mid != "" && m.Mid == t.Mid) || (t.Mid == "" && i == t.Index)
			if inTarget && m.ICE.Ufrag == ufrag {
				return true
			}
		}
	}
	return false
}

// HasRemoteUfrag reports whether ufrag is the ICE username fragment of some
// m-section of the pending or current remote description.
func (s Session) HasRemoteUfrag(ufrag string) bool {
	return ufrag != "" && s.knowsUfrag(Target{Index: -1}, ufrag)
}

// MatchesLocal reports whether a candidate the local ICE agent gathered
// belongs to the pending or current local description: its sdpMid names an
// m-section there (else its sdpMLineIndex is in range), and its ufrag, if it
// has one, is that section's. An end-of-candidates without mid or index
// matches when its ufrag, if any, is in some section. A candidate gathered
// for a rolled-back offer does not match.
func (s Session) MatchesLocal(c sdptype.Candidate) bool {
	u := c.Ufrag()
	for _, sl := range [...]slot{s.pendingLocal, s.currentLocal} {
		f := sl.facts()
		if f == nil {
			continue
		}
		for i, m := range f.Media {
			inTarget := (c.SDPMid != "" && m.Mid == c.SDPMid) ||
				(c.SDPMid == "" && c.SDPMLineIndex.Valid && int(c.SDPMLineIndex.Index) == i) ||
				(c.SDPMid == "" && !c.SDPMLineIndex.Valid && c.IsEnd())
			if inTarget && (u == "" || m.ICE.Ufrag == u) {
				return true
			}
		}
	}
	return false
}

// LocalBundled says where a candidate the local ICE agent gathered stands
// with BUNDLE (RFC 8843) when we offered. An offerer's agent may gather
// for every m-section of a BUNDLE group (Firefox does, for the first of
// each media type, in every offer) until the answer names the group: the
// transport of its first m-section (the BUNDLE-tag) then carries them all,
// and the others' are unused.
//
//   - Undecided: our offer, waiting for its answer (have-local-offer), has
//     the candidate's m-section in a BUNDLE group, not first.
//   - Away: our offer was answered (stable, or a remote offer since) and
//     the answer has its m-section in a BUNDLE group, not first: the other
//     peer has no use for the candidate.
//   - NotBundled: otherwise, and always when the last exchange was the
//     other peer's offer (an answerer gathers for the BUNDLE-tag alone).
//
// The candidate's m-section is found by sdpMid, else by sdpMLineIndex in
// our offer; an end-of-candidates for every m-section is NotBundled. Only
// the m-section is read: whether the candidate belongs to the local
// description at all is MatchesLocal's question.
func (s Session) LocalBundled(c sdptype.Candidate) Bundled {
	offer, answer := s.pendingLocal.e, s.pendingLocal.e // the groups of our offer, until answered
	switch s.state {
	case HaveLocalOffer:
	case Stable, HaveRemoteOffer:
		offer, answer = s.currentLocal.e, s.currentRemote.e
		if offer == nil || answer == nil || offer.desc.Type != sdptype.Offer || answer.desc.Type != sdptype.Answer {
			return NotBundled
		}
	default:
		return NotBundled
	}
	if offer == nil {
		return NotBundled
	}
	mid := c.SDPMid
	if o := offer.parsed.Facts(); mid == "" && c.SDPMLineIndex.Valid && o != nil && int(c.SDPMLineIndex.Index) < len(o.Media) {
		mid = o.Media[c.SDPMLineIndex.Index].Mid
	}
	if f := answer.parsed.Facts(); mid == "" || f == nil || !bundledAway(f.BundleGroups, mid) {
		return NotBundled
	}
	if s.state == HaveLocalOffer {
		return Undecided
	}
	return Away
}

// Bundled is what LocalBundled says of a local candidate.
type Bundled uint8

// What LocalBundled says.
const (
	NotBundled Bundled = iota // its m-section's transport is its own, or the BUNDLE-tag's
	Undecided                 // our offer bundles it into another's; the answer has not been applied
	Away                      // the answer bundled it into the BUNDLE-tag's transport: not needed
)

// bundledAway reports whether mid is in one of groups, not first.
func bundledAway(groups [][]string, mid string) bool {
	for _, g := range groups {
		if i := slices.Index(g, mid); i > 0 {
			return true
		}
	}
	return false
}
