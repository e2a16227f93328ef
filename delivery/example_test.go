package delivery_test

import (
	"fmt"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
)

// Two links over a channel that loses the first copy of an offer: the
// fake clock reaches the timeout, the offer goes again and is delivered
// once, although its copy arrives twice.
func Example() {
	now := time.Unix(0, 0)
	a, _ := delivery.New("a1", delivery.Options{Peer: "b1"})
	b, _ := delivery.New("b1", delivery.Options{Peer: "a1"})
	show := func(who string, out delivery.Output) {
		for _, e := range out.Events {
			fmt.Printf("%v %s: %v\n", now.Sub(time.Unix(0, 0)), who, e)
		}
		for _, m := range out.Deliver {
			fmt.Printf("%v %s: deliver %v\n", now.Sub(time.Unix(0, 0)), who, m)
		}
		for _, e := range out.Transmit {
			fmt.Printf("%v %s: transmit %v\n", now.Sub(time.Unix(0, 0)), who, e)
		}
	}
	offer := delivery.Message{Description: &sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}, OfferID: 1}

	a, out, _ := delivery.Step(a, now, &delivery.Tick{}) // the hello, answered below
	hello := out.Transmit[0]
	b, reply, _ := delivery.Step(b, now, &delivery.Receive{Envelope: hello})
	a, _, _ = delivery.Step(a, now, &delivery.Receive{Envelope: reply.Transmit[0]})

	a, out, _ = delivery.Step(a, now, &delivery.Send{Message: offer})
	show("a", out) // lost on the way
	now, _ = a.Timeout()
	a, out, _ = delivery.Step(a, now, &delivery.Tick{})
	show("a", out)
	for range 2 { // the channel duplicates it
		b, reply, _ = delivery.Step(b, now, &delivery.Receive{Envelope: out.Transmit[0]})
		show("b", reply)
	}
	a, _, _ = delivery.Step(a, now, &delivery.Receive{Envelope: reply.Transmit[0]})
	fmt.Println("a quiet:", a.Quiet())
	// Output:
	// 0s a: transmit a1->b1 seq 1 ack 0: offer #1
	// 1s a: retransmitted 1, next timeout 2s
	// 1s a: transmit a1->b1 seq 1 ack 0: offer #1
	// 1s b: deliver offer #1
	// 1s b: transmit b1->a1 ack 1
	// 1s b: dropped a1->b1 seq 1 ack 0: offer #1: duplicate
	// 1s b: transmit b1->a1 ack 1
	// a quiet: true
}
