package negotiationtest_test

import (
	"fmt"

	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

// Both peers change at once and their offers cross; the transcript drawn
// as a Mermaid sequence diagram (paste it into a GitHub issue inside a
// ```mermaid block).
func ExampleMermaid() {
	s, err := negotiationtest.New(negotiationtest.Options{APolite: true})
	if err != nil {
		panic(err)
	}
	for _, mv := range []negotiationtest.Move{
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Deliver, Peer: 0}, {Kind: negotiationtest.Deliver, Peer: 1},
	} {
		if err := s.Do(mv); err != nil {
			panic(err)
		}
	}
	fmt.Print(negotiationtest.Mermaid(s.Transcript()))
	// Output:
	// sequenceDiagram
	//     participant a
	//     participant b
	//     Note over a: change (transceiver a1)
	//     Note over a: negotiationneeded
	//     Note over b: change (transceiver b1)
	//     Note over b: negotiationneeded
	//     Note over a: setLocalDescription(offer)
	//     Note over a: stable -> have-local-offer
	//     Note over b: setLocalDescription(offer)
	//     Note over b: stable -> have-local-offer
	//     a->>b: offer #35;1
	//     Note over b: collision, impolite: ignore
	//     Note over b: ignore offer: offer collision, impolite peer
	//     b->>a: offer #35;1
	//     Note over a: collision, polite: roll back and accept
}
