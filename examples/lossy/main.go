// Command lossy runs two in-process peers into glare over a signaling
// channel that loses, duplicates and reorders messages, and prints the
// transcript: each envelope lost or duplicated, each retransmission and
// each dropped copy, and the negotiation itself. Both peers end stable
// with the same descriptions.
//
// The peers are the machines and fake stacks of the negotiationtest
// simulator with Options.Links: each machine's messages go through a
// delivery.Link, which makes the channel deliver each once and in order.
// The faults come from a fixed seed and time from a fake clock, so the run
// is the same every time.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

var mermaid = flag.Bool("mermaid", false, "print the run as a Mermaid sequence diagram instead of the transcript")

func main() {
	flag.Parse()
	s, err := negotiationtest.New(negotiationtest.Options{APolite: true, Links: true})
	if err != nil {
		fail(err)
	}
	fmt.Printf("a is %v, b is %v; every message goes through a delivery link\n\n", s.Peers[0].Machine.Role(), s.Peers[1].Machine.Role())
	for _, mv := range []negotiationtest.Move{ // glare: both change at once
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Candidate, Peer: 0}, {Kind: negotiationtest.Candidate, Peer: 1},
	} {
		if err := s.Do(mv); err != nil {
			fail(err)
		}
	}
	// The channel misbehaves: a random schedule of deliveries, losses,
	// copies and late deliveries, then it heals and everything settles.
	rng := rand.New(rand.NewPCG(7, 42))
	b := negotiationtest.Bound{Faults: negotiationtest.Faults{Losses: 2, Duplicates: 2, Reorders: 2, Timeouts: 2}}
	for range 40 {
		moves := s.Moves(b)
		if len(moves) == 0 {
			break
		}
		if err := s.Do(moves[rng.IntN(len(moves))]); err != nil {
			fail(err)
		}
	}
	if err := s.Settle(); err != nil {
		fail(err)
	}
	if err := s.Print(os.Stdout, *mermaid); err != nil {
		fail(err)
	}
	if err := s.Converged(); err != nil {
		fail(err)
	}
	fmt.Printf("\nconverged after %v of fake time: a %v, b %v, the same descriptions; faults %+v, %+v\n",
		s.Now.Sub(s.Start()), s.Peers[0].Machine.State(), s.Peers[1].Machine.State(), s.Faults[0], s.Faults[1])
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "lossy:", err)
	os.Exit(1)
}
