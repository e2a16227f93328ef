package negotiation

import "strconv"

// Reason says why a message was ignored. Its zero value is not a reason.
type Reason uint8

// The reasons for IgnoreDescription and IgnoreCandidate actions.
const (
	ReasonCollision     Reason = iota + 1 // an offer met this impolite peer's own
	ReasonIgnoredOffer                    // a candidate of an offer that was ignored
	ReasonWhileIgnoring                   // a candidate that came while an offer was being ignored
	ReasonStale                           // a candidate of remote credentials no longer in use
	ReasonStopped                         // a candidate of a rejected m-section
	ReasonNotLocal                        // a local candidate of a description rolled back
	ReasonClosed                          // anything queued when the connection closed
	ReasonOtherOffer                      // an answer naming an offer other than the one outstanding
	ReasonBundled                         // a local candidate of an m-section bundled into the BUNDLE-tag's transport
)

var reasonText = [...]string{
	ReasonCollision:     "offer collision, impolite peer",
	ReasonIgnoredOffer:  "belongs to an ignored offer",
	ReasonWhileIgnoring: "arrived while ignoring an offer",
	ReasonStale:         "does not match the remote description (stale)",
	ReasonStopped:       "its m-section is rejected",
	ReasonNotLocal:      "not in the local description (rolled back)",
	ReasonClosed:        "connection closed",
	ReasonOtherOffer:    "answers another offer than the outstanding one (stale)",
	ReasonBundled:       "its m-section is bundled: its own transport is unused",
}

// String explains the reason in a few words.
func (r Reason) String() string {
	if r == 0 || int(r) >= len(reasonText) {
		return "Reason(" + strconv.Itoa(int(r)) + ")"
	}
	return reasonText[r]
}
