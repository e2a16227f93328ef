// Command glare runs two in-process peers into glare and prints the
// transcript: both send an offer at once; the polite peer applies the
// other's offer (rolling its own back) and answers, the impolite one ignores
// the colliding offer; then the polite peer offers again and both end
// stable with matching descriptions.
package main

import (
	"fmt"
	"os"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

type peer struct {
	name   string
	polite bool
	s      signaling.Session
	ufrag  string
	n      uint64 // SDP version
}

func (p *peer) sdp() string {
	p.n++
	return sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: p.ufrag, Version: p.n})
}

func (p *peer) apply(local bool, d sdptype.Description) {
	var events []signaling.Event
	var err error
	if local {
		p.s, events, err = p.s.SetLocal(d)
	} else {
		p.s, events, err = p.s.SetRemote(d)
	}
	if err != nil {
		fmt.Println(p.name+":", err)
		os.Exit(1)
	}
	for _, e := range events {
		fmt.Printf("%s: %v\n", p.name, e)
	}
}

func main() {
	a := &peer{name: "a", polite: true, ufrag: "aaaa"}
	b := &peer{name: "b", ufrag: "bbbb"}

	// Both want to negotiate at the same moment.
	offerA := sdptype.Description{Type: sdptype.Offer, SDP: a.sdp()}
	offerB := sdptype.Description{Type: sdptype.Offer, SDP: b.sdp()}
	a.apply(true, offerA)
	b.apply(true, offerB)
	fmt.Println("A->B offer")
	fmt.Println("B->A offer")

	// The offers cross. b is impolite: it ignores a's offer.
	fmt.Println("b: collision, impolite: ignore a's offer")
	// a is polite: it rolls back and takes b's offer, then answers.
	fmt.Println("a: collision, polite: rollback, accept b's offer")
	a.apply(true, sdptype.Description{Type: sdptype.Rollback})
	a.apply(false, offerB)
	answerA := sdptype.Description{Type: sdptype.Answer, SDP: a.sdp()}
	a.apply(true, answerA)
	fmt.Println("A->B answer")
	b.apply(false, answerA)

	// a's own change was rolled back: it offers again, now without glare.
	offerA = sdptype.Description{Type: sdptype.Offer, SDP: a.sdp()}
	a.apply(true, offerA)
	fmt.Println("A->B offer")
	b.apply(false, offerA)
	answerB := sdptype.Description{Type: sdptype.Answer, SDP: b.sdp()}
	b.apply(true, answerB)
	fmt.Println("B->A answer")
	a.apply(false, answerB)

	converged := a.s.State() == signaling.Stable && b.s.State() == signaling.Stable &&
		a.s.CurrentLocal() == b.s.CurrentRemote() && b.s.CurrentLocal() == a.s.CurrentRemote()
	fmt.Printf("a: %v, b: %v, converged: %v\n", a.s.State(), b.s.State(), converged)
	if !converged {
		os.Exit(1)
	}
}
