package signaling_test

import (
	"fmt"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// A plain offer/answer between two Sessions, A offering and B answering.
func ExampleSession() {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "aaaa"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "bbbb"})}

	var a, b signaling.Session
	a, events, _ := a.SetLocal(offer) // A: setLocalDescription(offer), then send it
	fmt.Println("a:", events)
	b, events, _ = b.SetRemote(offer) // B receives it
	fmt.Println("b:", events)
	b, events, _ = b.SetLocal(answer) // B answers and sends
	fmt.Println("b:", events)
	a, events, _ = a.SetRemote(answer) // A receives the answer
	fmt.Println("a:", events)
	fmt.Println(a.CurrentLocal().Type, a.CurrentRemote().Type, b.CurrentLocal().Type, b.CurrentRemote().Type)

	// A second answer has no offer to answer.
	_, _, err := a.SetRemote(answer)
	fmt.Println(err)
	// Output:
	// a: [stable -> have-local-offer]
	// b: [stable -> have-remote-offer]
	// b: [have-remote-offer -> stable]
	// a: [have-local-offer -> stable]
	// offer answer answer offer
	// signaling: setRemoteDescription(answer) in stable: InvalidStateError: not allowed in this state
}

// Glare at the signaling level: both sides made an offer. The polite side
// applies the other's offer, which rolls its own back (two events); the
// impolite side would ignore the colliding offer. The negotiation package
// runs this pattern for you.
func ExampleSession_SetRemote_implicitRollback() {
	mine := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	theirs := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "their"})}

	var polite signaling.Session
	polite, _, _ = polite.SetLocal(mine)
	polite, events, err := polite.SetRemote(theirs)
	fmt.Println(events, err)
	fmt.Println("pending local is null:", polite.PendingLocal().IsZero())
	// Output:
	// [have-local-offer -> stable stable -> have-remote-offer] <nil>
	// pending local is null: true
}

// Checking a remote candidate before handing it to the ICE agent.
func ExampleSession_CheckCandidate() {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "peer"})}
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 2113937151 192.0.2.2 50540 typ host", SDPMid: "1", UsernameFragment: "peer"}

	var s signaling.Session
	_, err := s.CheckCandidate(c)
	fmt.Println(err)
	s, _, _ = s.SetRemote(offer)
	target, err := s.CheckCandidate(c)
	fmt.Println(target.Index, err)
	// Output:
	// signaling: addIceCandidate in stable: InvalidStateError: no remote description
	// 1 <nil>
}
