// Command glare runs two in-process peers into glare and prints the
// transcript: both make a change at the same moment, both offers cross on
// the wire, the impolite peer ignores the other's offer, the polite peer
// rolls its own back, answers, and then offers its change again. Both end
// stable with the same descriptions.
//
// The peers are negotiation.Machine values driven by the negotiationtest
// simulator: a fake WebRTC stack per peer that makes real SDP with pion/sdp
// and enforces the W3C rules on its own, and a FIFO signaling channel each
// way.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

var mermaid = flag.Bool("mermaid", false, "print the run as a Mermaid sequence diagram instead of the transcript")

func main() {
	flag.Parse()
	s, err := negotiationtest.New(negotiationtest.Options{APolite: true})
	if err != nil {
		fail(err)
	}
	fmt.Printf("a is %v, b is %v\n\n", s.Peers[0].Machine.Role(), s.Peers[1].Machine.Role())
	schedule := []negotiationtest.Move{
		{Kind: negotiationtest.Change, Peer: 0},   // a adds a transceiver
		{Kind: negotiationtest.Change, Peer: 1},   // b adds one at the same moment
		{Kind: negotiationtest.Complete, Peer: 0}, // both stacks create and apply their offers
		{Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Candidate, Peer: 0}, // a's ICE agent trickles a candidate
		{Kind: negotiationtest.Deliver, Peer: 0},   // the offers cross: glare
		{Kind: negotiationtest.Deliver, Peer: 1},
		{Kind: negotiationtest.Deliver, Peer: 0}, // a's candidate, for the offer b ignored
	}
	for _, mv := range schedule {
		if err := s.Do(mv); err != nil {
			fail(err)
		}
	}
	if err := s.Settle(); err != nil { // deliver and complete everything left
		fail(err)
	}
	if err := s.Print(os.Stdout, *mermaid); err != nil {
		fail(err)
	}
	if err := s.Converged(); err != nil {
		fail(err)
	}
	a, b := s.Peers[0], s.Peers[1]
	fmt.Printf("\nconverged: a %v, b %v; %d messages; a negotiated %v, b negotiated %v\n",
		a.Machine.State(), b.Machine.State(), s.Sent, a.Stack.Local, b.Stack.Local)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "glare:", err)
	os.Exit(1)
}
