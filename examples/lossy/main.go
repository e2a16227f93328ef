// Command lossy runs two in-process peers into glare over a signaling
// channel that loses, duplicates and reorders messages, and prints the
// transcript: every envelope on the wire, each one lost or duplicated,
// each retransmission and dropped copy, and the negotiation itself. Both
// peers end stable with the same descriptions.
//
// The peers are the machines and fake stacks of the negotiationtest
// simulator; each machine's messages go through a delivery.Link, which
// makes the channel deliver each once and in order. The channel's faults
// come from a fixed seed, and time from a fake clock: the run is the same
// every time.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
)

// The channel's faults, per envelope put on it.
const (
	lossRate      = 0.2
	duplicateRate = 0.2
)

type world struct {
	sim   *negotiationtest.Sim
	links [2]delivery.Link
	wire  []flight // envelopes in flight, either way, delivered in any order
	now   time.Time
	rng   *rand.Rand
	shown int // sim transcript lines printed so far
}

type flight struct {
	to int
	e  delivery.Envelope
}

func main() {
	s, err := negotiationtest.New(negotiationtest.Options{APolite: true})
	if err != nil {
		fail(err)
	}
	w := &world{sim: s, now: time.Unix(0, 0), rng: rand.New(rand.NewPCG(7, 42))}
	for i, id := range []string{"a1", "b1"} {
		if w.links[i], err = delivery.New(id, delivery.Options{RTO: 500 * time.Millisecond}); err != nil {
			fail(err)
		}
	}
	fmt.Printf("a is %v, b is %v; the channel loses %.0f%% and duplicates %.0f%% of envelopes, and reorders them\n\n",
		s.Peers[0].Machine.Role(), s.Peers[1].Machine.Role(), 100*lossRate, 100*duplicateRate)
	for _, mv := range []negotiationtest.Move{ // glare: both change at once
		{Kind: negotiationtest.Change, Peer: 0}, {Kind: negotiationtest.Change, Peer: 1},
		{Kind: negotiationtest.Complete, Peer: 0}, {Kind: negotiationtest.Complete, Peer: 1},
		{Kind: negotiationtest.Candidate, Peer: 0}, {Kind: negotiationtest.Candidate, Peer: 1},
	} {
		w.do(mv)
	}
	for n := 0; !w.done(); n++ {
		if n == 10000 {
			fail(fmt.Errorf("not converging"))
		}
		w.run()
	}
	w.show()
	if err := s.Converged(); err != nil {
		fail(err)
	}
	fmt.Printf("\nconverged after %v of fake time: a %v, b %v, the same descriptions; %d messages sent by the machines\n",
		w.now.Sub(time.Unix(0, 0)), s.Peers[0].Machine.State(), s.Peers[1].Machine.State(), s.Sent)
}

// do makes a simulator move and passes what the machine sent to its link.
func (w *world) do(mv negotiationtest.Move) {
	if err := w.sim.Do(mv); err != nil {
		fail(err)
	}
	w.show()
	for i := range w.links {
		for _, m := range w.sim.Wire[i] {
			w.step(i, &delivery.Send{Message: outgoing(m)})
		}
		w.sim.Wire[i] = nil
	}
}

// run does one thing: complete a stack operation, deliver an envelope, or
// let time pass to the next timeout.
func (w *world) run() {
	for i := range w.sim.Peers {
		if mv := (negotiationtest.Move{Kind: negotiationtest.Complete, Peer: i}); w.sim.Can(mv) {
			w.do(mv)
			return
		}
	}
	if len(w.wire) > 0 {
		k := w.rng.IntN(len(w.wire)) // any envelope in flight: reordering
		f := w.wire[k]
		w.wire = slices.Delete(w.wire, k, k+1)
		w.step(f.to, &delivery.Receive{Envelope: f.e})
		return
	}
	next, i := time.Time{}, -1
	for j, l := range w.links {
		if at, ok := l.Timeout(); ok && (i < 0 || at.Before(next)) {
			next, i = at, j
		}
	}
	if next.After(w.now) {
		w.now = next
	}
	w.step(i, &delivery.Tick{})
}

// step feeds peer i's link and carries out its output: events printed,
// messages handed to the machine, envelopes put on the faulty channel.
func (w *world) step(i int, in delivery.Input) {
	l, out, err := delivery.Step(w.links[i], w.now, in)
	if err != nil {
		fmt.Printf("%s link refused: %v\n", w.sim.Peers[i].Name, err)
		return
	}
	w.links[i] = l
	name := w.sim.Peers[i].Name
	for _, e := range out.Events {
		fmt.Printf("%6v %s link: %v\n", w.now.Sub(time.Unix(0, 0)), name, e)
	}
	for _, m := range out.Deliver {
		w.sim.Wire[1-i] = []negotiationtest.Message{message(m)}
		w.do(negotiationtest.Move{Kind: negotiationtest.Deliver, Peer: 1 - i})
	}
	for _, e := range out.Transmit {
		fate := "sent"
		switch r := w.rng.Float64(); {
		case r < lossRate:
			fate = "LOST"
		case r < lossRate+duplicateRate:
			fate = "sent twice"
			w.wire = append(w.wire, flight{1 - i, e}, flight{1 - i, e})
		default:
			w.wire = append(w.wire, flight{1 - i, e})
		}
		fmt.Printf("%6v %s: %v (%s)\n", w.now.Sub(time.Unix(0, 0)), name, e, fate)
	}
}

// done reports whether nothing is left to do anywhere.
func (w *world) done() bool {
	return w.sim.Quiet() && len(w.wire) == 0 && w.links[0].Quiet() && w.links[1].Quiet()
}

// show prints the simulator's new transcript lines.
func (w *world) show() {
	for _, line := range w.sim.Transcript()[w.shown:] {
		fmt.Printf("%6v %s\n", w.now.Sub(time.Unix(0, 0)), line)
	}
	w.shown = len(w.sim.Transcript())
}

// message is the simulator message of a delivered one.
func message(m delivery.Message) negotiationtest.Message {
	var out negotiationtest.Message
	if m.Description != nil {
		out.Description, out.OfferID = *m.Description, m.OfferID
	}
	if m.Candidate != nil {
		out.Candidate = *m.Candidate
	}
	return out
}

// outgoing is the delivery message of a simulator message.
func outgoing(m negotiationtest.Message) delivery.Message {
	if m.Description.IsZero() {
		return delivery.Message{Candidate: &m.Candidate}
	}
	return delivery.Message{Description: &m.Description, OfferID: m.OfferID}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "lossy:", err)
	os.Exit(1)
}
