package signaling

import "github.com/glare-rtc/glare/sdptype"

// cell is one entry of the transition table; the zero cell is an
// InvalidStateError.
type cell struct {
	to State
	ok bool
}

func to(s State) cell { return cell{to: s, ok: true} }

const (
	offer    = sdptype.Offer
	pranswer = sdptype.Pranswer
	answer   = sdptype.Answer
	rollback = sdptype.Rollback
)

// table is the strict W3C/JSEP transition table (JSEP 3.2, 5.5, 5.6, 5.7;
// webrtc-pc "set the session description" step 2 for rollback): the state
// after applying a description of a type from a side. Every cell not listed
// is an InvalidStateError. There is no implicit behaviour here: a remote
// offer in have-local-offer is an error; Session adds the implicit rollback.
var table = [numStates][3][5]cell{
	Stable: {
		Local:  {offer: to(HaveLocalOffer)},
		Remote: {offer: to(HaveRemoteOffer)},
	},
	HaveLocalOffer: {
		Local:  {offer: to(HaveLocalOffer), rollback: to(Stable)},
		Remote: {pranswer: to(HaveRemotePranswer), answer: to(Stable), rollback: to(Stable)},
	},
	HaveRemoteOffer: {
		Local:  {pranswer: to(HaveLocalPranswer), answer: to(Stable), rollback: to(Stable)},
		Remote: {offer: to(HaveRemoteOffer), rollback: to(Stable)},
	},
	HaveLocalPranswer: {
		Local: {pranswer: to(HaveLocalPranswer), answer: to(Stable)},
	},
	HaveRemotePranswer: {
		Remote: {pranswer: to(HaveRemotePranswer), answer: to(Stable)},
	},
	Closed: {},
}

// tableErrs holds one ready error per cell, so that Next never allocates.
var tableErrs [numStates][3][5]*Error

func init() {
	for st := range tableErrs {
		for side := Local; side <= Remote; side++ {
			for t := offer; t <= rollback; t++ {
				e := &Error{Op: "next", State: State(st), Side: side, Type: t, Err: ErrInvalidState, Reason: "not allowed in this state"}
				if State(st) == Closed {
					e.Reason, e.Cause = "", ErrClosed
				}
				tableErrs[st][side][t] = e
			}
		}
	}
}

// Next returns the state after applying a description of type t from side
// in state from, or an *Error that unwraps to ErrInvalidState. It is the
// strict table, column "next" of transitions.csv, and never allocates for
// valid arguments. An invalid side or type is an ErrTypeError.
func Next(from State, side Side, t sdptype.Type) (State, error) {
	if !from.Valid() || !side.Valid() || !t.Valid() {
		return from, &Error{Op: "next", State: from, Side: side, Type: t, Err: sdptype.ErrTypeError, Reason: "invalid argument"}
	}
	if c := table[from][side][t]; c.ok {
		return c.to, nil
	}
	return from, tableErrs[from][side][t]
}
