package negotiation_test

import (
	"fmt"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

func show(out negotiation.Output) {
	for _, e := range out.Events {
		fmt.Println("  event: ", e)
	}
	for _, a := range out.Actions {
		fmt.Println("  action:", a)
	}
}

// A plain offer/answer, driving one machine by hand: the application makes
// a change, the stack creates and applies the offer, the answer comes back.
func ExampleStep() {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "mine"})}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "peer"})}

	m, _ := negotiation.New(negotiation.Polite, negotiation.Options{})
	var out negotiation.Output
	for _, in := range []negotiation.Input{
		&negotiation.NegotiationNeeded{},                                  // the application added a track
		&negotiation.SetLocalDone{Description: offer},                     // the stack created and applied the offer
		&negotiation.ReceivedDescription{Description: answer, OfferID: 1}, // the other peer answered offer #1
		&negotiation.SetRemoteDone{},                                      // the stack applied the answer
	} {
		fmt.Printf("%T\n", in)
		var err error
		if m, out, err = negotiation.Step(m, in); err != nil {
			fmt.Println("  refused:", err) // m is unchanged
			continue
		}
		show(out)
	}
	fmt.Println(m.State(), m.NegotiationNeeded())
	// Output:
	// *negotiation.NegotiationNeeded
	//   event:  negotiationneeded
	//   action: SetLocal(offer)
	// *negotiation.SetLocalDone
	//   event:  stable -> have-local-offer
	//   action: SendDescription(offer #1)
	// *negotiation.ReceivedDescription
	//   action: SetRemote(answer)
	// *negotiation.SetRemoteDone
	//   event:  have-local-offer -> stable
	//   event:  negotiated (offer from local side, generation 1)
	// stable false
}

// Glare between two simulated peers: both offer at once; b (polite) rolls
// back and answers, a (impolite) ignores b's offer, and b then offers its
// own change again.
func Example_glare() {
	s, _ := negotiationtest.New(negotiationtest.Options{})
	for _, mv := range []negotiationtest.Move{
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Deliver, Peer: 0}, {Kind: negotiationtest.Deliver, Peer: 1},
	} {
		s.Do(mv)
	}
	s.Settle()
	for _, line := range s.Transcript() {
		if strings.Contains(line, "->") || strings.Contains(line, "collision") || strings.Contains(line, "ignore") {
			fmt.Println(line)
		}
	}
	fmt.Println(s.Converged(), s.Sent, "messages")
	// Output:
	// a: stable -> have-local-offer
	// b: stable -> have-local-offer
	// a->b offer #1
	// b: collision, polite: roll back and accept
	// b->a offer #1
	// a: collision, impolite: ignore
	// a: ignore offer: offer collision, impolite peer
	// b: have-local-offer -> stable
	// b: stable -> have-remote-offer
	// b: have-remote-offer -> stable
	// b: stable -> have-local-offer
	// b->a answer to #1
	// a: have-local-offer -> stable
	// b->a offer #2
	// a: stable -> have-remote-offer
	// a: have-remote-offer -> stable
	// a->b answer to #2
	// b: have-local-offer -> stable
	// <nil> 5 messages
}

// Restarting ICE after a negotiation: the next offer asks for new
// credentials, and the request is done once an answer leaves none of the
// old ones.
func Example_iceRestart() {
	s, _ := negotiationtest.New(negotiationtest.Options{})
	s.Do(negotiationtest.Move{Kind: negotiationtest.Change, Peer: 0})
	s.Settle()
	a := s.Peers[0].Machine
	fmt.Println("before:", a.Session().ICECredentialsToReplace())

	a, out, err := negotiation.Step(a, &negotiation.RestartICE{})
	if err != nil {
		fmt.Println("refused:", err)
	}
	show(out)
	fmt.Println("pending:", a.Session().ICECredentialsToReplace())

	s.Do(negotiationtest.Move{Kind: negotiationtest.Restart, Peer: 0}) // the same, in the simulator
	s.Settle()
	fmt.Println("after:", s.Peers[0].Machine.Session().ICECredentialsToReplace(), s.Converged())
	// Output:
	// before: []
	//   event:  negotiationneeded
	//   action: SetLocal(offer, ICE restart)
	// pending: [{a000 a000pwdpwdpwdpwdpwdpwdpwd}]
	// after: [] <nil>
}
