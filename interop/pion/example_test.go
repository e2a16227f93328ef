package pion_test

import (
	"context"
	"log"

	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/pion/webrtc/v4"
)

// The pion peer takes the impolite role: pion cannot roll back, and the
// polite partner (a browser) can.
func Example() {
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		log.Fatal(err)
	}
	outbox := make(chan pion.Message, 64) // to the signaling channel
	p, err := pion.New(pc, negotiation.Impolite, pion.Options{
		Send: func(m pion.Message) error { outbox <- m; return nil },
		Observe: func(in negotiation.Input, out negotiation.Output, m negotiation.Machine) {
			for _, e := range out.Events {
				log.Printf("%T: %v", in, e)
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		if err := p.Run(ctx); err != nil {
			log.Print(err)
		}
	}()
	// Messages from the other peer go to p.Receive, in order.
	if _, err := pc.CreateDataChannel("chat", nil); err != nil { // negotiationneeded: an offer goes out
		log.Fatal(err)
	}
	<-outbox
	if err := p.Close(); err != nil {
		log.Print(err)
	}
}
