package signaling

import "strconv"

// State is the W3C RTCSignalingState. The zero value is Stable, the state of
// a new connection.
type State uint8

// The six W3C signaling states (webrtc-pc RTCSignalingState, JSEP 3.2).
const (
	Stable State = iota
	HaveLocalOffer
	HaveRemoteOffer
	HaveLocalPranswer
	HaveRemotePranswer
	Closed
)

const numStates = int(Closed) + 1

var stateNames = [numStates]string{
	Stable:             "stable",
	HaveLocalOffer:     "have-local-offer",
	HaveRemoteOffer:    "have-remote-offer",
	HaveLocalPranswer:  "have-local-pranswer",
	HaveRemotePranswer: "have-remote-pranswer",
	Closed:             "closed",
}

// Valid reports whether s is one of the six W3C states.
func (s State) Valid() bool { return int(s) < numStates }

// String returns the W3C spelling, such as "have-local-offer".
func (s State) String() string {
	if !s.Valid() {
		return "State(" + strconv.Itoa(int(s)) + ")"
	}
	return stateNames[s]
}

// ParseState returns the State spelled s in W3C form.
func ParseState(s string) (State, bool) {
	for i, n := range stateNames {
		if n == s {
			return State(i), true
		}
	}
	return 0, false
}

// Side says which end a description comes from: Local for
// setLocalDescription, Remote for setRemoteDescription. The zero value is
// invalid.
type Side uint8

// The two sides.
const (
	Local Side = iota + 1
	Remote
)

// Valid reports whether s is Local or Remote.
func (s Side) Valid() bool { return s == Local || s == Remote }

// String returns "local" or "remote".
func (s Side) String() string {
	switch s {
	case Local:
		return "local"
	case Remote:
		return "remote"
	}
	return "Side(" + strconv.Itoa(int(s)) + ")"
}

// Event is a signalingstatechange: the state moved from From to To.
type Event struct {
	From, To State
}

// String returns "from -> to".
func (e Event) String() string { return e.From.String() + " -> " + e.To.String() }
