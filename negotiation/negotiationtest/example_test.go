package negotiationtest_test

import (
	"fmt"

	"github.com/glare-rtc/glare/negotiation"
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

// The glare checks of your own stack: wrap one RTCPeerConnection of it in
// a PeerConnection and give the Check a factory of them. Here the fake
// stack plays yours, as pion/webrtc v4 (it cannot roll back: NoRollback
// only). The fuzz target is one more line in a _test.go file, which
// go test -fuzz=FuzzGlare runs (and go test runs its seeds):
//
//	func FuzzGlare(f *testing.F) { negotiationtest.Fuzz(f, check) }
func ExampleCheck() {
	check := negotiationtest.Check{
		NewConn: func(peer string, o negotiationtest.Options) (negotiationtest.PeerConnection, error) {
			return negotiationtest.NewStack(peer, o), nil // yours: a new connection, mids of peer's own
		},
		Modes: []negotiation.RollbackMode{negotiation.NoRollback}, // what your stack can do
	}
	fmt.Println(check.Explore(negotiationtest.Bound{Changes: 1, Restarts: 1})) // every schedule within the bound
	fmt.Println(check.Random(1, 100))                                          // 100 random schedules, seed 1
	// Output:
	// 7496 states (200 terminal) <nil>
	// <nil>
}
