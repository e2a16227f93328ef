package fuzz

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// TestLinkProperties checks linkOps on random schedules.
func TestLinkProperties(t *testing.T) { rapid.Check(t, linkOps) }

// FuzzLink is linkOps as a go test -fuzz target.
func FuzzLink(f *testing.F) { f.Fuzz(rapid.MakeFuzz(linkOps)) }

var linkT0 = time.Unix(1_700_000_000, 0)

// linkWorld is two peers' links over a channel that reorders, duplicates
// and loses envelopes, with a fake clock, and what each conversation sent
// and delivered.
type linkWorld struct {
	links  [2]delivery.Link
	wire   [2][]delivery.Envelope // wire[i]: from links[i] to the other, in flight, any order
	now    time.Time
	queued [2][]delivery.Message // sent while the link knew no peer
	sent   map[conversation][]delivery.Message
	got    map[conversation][]delivery.Message
	failed [2]bool // the link gave its peer up (Failed)
	n      int     // messages made so far
	made   int     // links made so far
	opts   delivery.Options
}

// replace gives peer i a new session, as a reload or a caller that
// reconnects after Failed does; it knows the other's session when known.
func (w *linkWorld) replace(t *rapid.T, i int, knows bool) {
	w.made++
	o := w.opts
	if knows {
		o.Peer = w.links[1-i].ID()
	}
	l, err := delivery.New(fmt.Sprintf("%s%d", "ab"[i:i+1], w.made), o)
	if err != nil {
		t.Fatal(err)
	}
	w.links[i], w.queued[i], w.failed[i] = l, nil, false
}

// linkOps drives two links through sends, faulty deliveries, timeouts, at
// most one restart of a peer, and arbitrary envelopes (probes that are not
// kept), checking every Step (checkLinkStep) and that each conversation
// delivers a prefix of what was sent, once and in order. A link that gives
// its peer up (Failed) is replaced by a new session, as its caller would.
// Then the faults stop: delivering and ticking must bring both links to
// quiet, talking to each other, with every message of their conversation
// delivered.
func linkOps(t *rapid.T) {
	o := delivery.Options{Window: rapid.IntRange(1, 6).Draw(t, "window")}
	w := &linkWorld{now: linkT0, sent: map[conversation][]delivery.Message{}, got: map[conversation][]delivery.Message{}, opts: o}
	knows := rapid.Bool().Draw(t, "knowsPeer")
	for i, id := range []string{"a0", "b0"} {
		oi := o
		if knows {
			oi.Peer = []string{"b0", "a0"}[i]
		}
		l, err := delivery.New(id, oi)
		if err != nil {
			t.Fatal(err)
		}
		w.links[i] = l
	}
	restarted := false
	for range rapid.IntRange(0, 120).Draw(t, "steps") {
		i := rapid.IntRange(0, 1).Draw(t, "peer")
		switch op := rapid.IntRange(0, 7).Draw(t, "op"); {
		case op == 0 || op == 1:
			w.n++
			m := linkMessage(w.n, rapid.Bool().Draw(t, "description"))
			w.step(t, i, &delivery.Send{Message: m})
		case op == 2 && len(w.wire[i]) > 0: // deliver any: reorder
			k := rapid.IntRange(0, len(w.wire[i])-1).Draw(t, "index")
			e := w.wire[i][k]
			w.wire[i] = slices.Delete(slices.Clone(w.wire[i]), k, k+1)
			w.step(t, 1-i, &delivery.Receive{Envelope: e})
		case op == 3 && len(w.wire[i]) > 0: // duplicate
			k := rapid.IntRange(0, len(w.wire[i])-1).Draw(t, "index")
			w.wire[i] = append(w.wire[i], w.wire[i][k])
		case op == 4 && len(w.wire[i]) > 0: // lose
			k := rapid.IntRange(0, len(w.wire[i])-1).Draw(t, "index")
			w.wire[i] = slices.Delete(slices.Clone(w.wire[i]), k, k+1)
		case op == 5:
			if at, ok := w.links[i].Timeout(); ok && at.After(w.now) {
				w.now = at
			}
			w.step(t, i, &delivery.Tick{})
		case op == 6:
			probe := delivery.Envelope{
				From: rapid.SampledFrom([]string{"", "a0", "b0", "a1", "x"}).Draw(t, "from"),
				To:   rapid.SampledFrom([]string{"", "a0", "b0", "a1"}).Draw(t, "to"),
				Seq:  rapid.Uint64Range(0, 4).Draw(t, "seq"), Ack: rapid.Uint64Range(0, 4).Draw(t, "ack"),
			}
			if rapid.Bool().Draw(t, "withMessage") {
				probe.Message = linkMessage(0, rapid.Bool().Draw(t, "description"))
			}
			checkLinkStep(t, w.links[i], w.now, &delivery.Receive{Envelope: probe}) // not kept
		case op == 7 && !restarted && rapid.Bool().Draw(t, "restart"):
			restarted = true
			w.replace(t, i, rapid.Bool().Draw(t, "knowsPeerAfterRestart"))
		}
		w.replaceFailed(t)
	}
	// The channel heals: deliver in order, tick when nothing is in flight.
	for n := 0; ; n++ {
		if n == 5000 {
			t.Fatalf("not quiet after %d moves: %v / %v", n, w.links[0], w.links[1])
		}
		if len(w.wire[0])+len(w.wire[1]) == 0 && w.links[0].Quiet() && w.links[1].Quiet() {
			break
		}
		if i := slices.IndexFunc(w.wire[:], func(q []delivery.Envelope) bool { return len(q) > 0 }); i >= 0 {
			e := w.wire[i][0]
			w.wire[i] = w.wire[i][1:]
			w.step(t, 1-i, &delivery.Receive{Envelope: e})
		} else {
			i := 0
			at0, ok0 := w.links[0].Timeout()
			at1, ok1 := w.links[1].Timeout()
			if !ok0 || ok1 && at1.Before(at0) {
				i, at0 = 1, at1
			}
			if !ok0 && !ok1 {
				t.Fatalf("nothing in flight, no timeout, not quiet: %v / %v", w.links[0], w.links[1])
			}
			if at0.After(w.now) {
				w.now = at0
			}
			w.step(t, i, &delivery.Tick{})
		}
		w.replaceFailed(t)
	}
	a, b := w.links[0], w.links[1]
	if a.Peer() != b.ID() || b.Peer() != a.ID() || a.PeerEpoch() != b.Epoch() || b.PeerEpoch() != a.Epoch() {
		t.Fatalf("quiet, yet the links talk to others: %v / %v", a, b)
	}
	for _, k := range []conversation{convOf(a), convOf(b)} {
		if d := cmp.Diff(w.sent[k], w.got[k], cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("%v: delivered is not what was sent:\n%s", k, d)
		}
	}
}

// conversation names one direction of a conversation by both addresses.
type conversation struct {
	from      string
	fromEpoch uint64
	to        string
	toEpoch   uint64
}

// convOf is the conversation from l to its peer.
func convOf(l delivery.Link) conversation {
	return conversation{l.ID(), l.Epoch(), l.Peer(), l.PeerEpoch()}
}

// replaceFailed replaces the links that gave their peer up.
func (w *linkWorld) replaceFailed(t *rapid.T) {
	for i, f := range w.failed {
		if f {
			w.replace(t, i, false)
		}
	}
}

// linkMessage returns message n: an offer or a candidate.
func linkMessage(n int, description bool) delivery.Message {
	if description {
		return delivery.Message{Description: &sdptype.Description{Type: sdptype.Offer, SDP: fmt.Sprintf("v=0\r\no=- %d 0 IN IP4 0.0.0.0\r\n", n)}, OfferID: uint64(n)}
	}
	return delivery.Message{Candidate: &sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 9 typ host", n), SDPMid: "0"}}
}

// step feeds in to link i, puts what it transmits on the wire and records
// what was sent and delivered, checking the conversation invariants.
func (w *linkWorld) step(t *rapid.T, i int, in delivery.Input) {
	l := w.links[i]
	next, out, err := checkLinkStep(t, l, w.now, in)
	if err != nil {
		if _, ok := in.(*delivery.Send); ok && errors.Is(err, delivery.ErrQuota) && l.Unacknowledged() >= 1 {
			return // the window is full: the caller must wait
		}
		t.Fatalf("%s refused %T: %v", l.ID(), in, err)
	}
	w.links[i] = next
	if s, ok := in.(*delivery.Send); ok {
		if l.Peer() == "" {
			w.queued[i] = append(w.queued[i], s.Message)
		} else {
			w.sent[convOf(l)] = append(w.sent[convOf(l)], s.Message)
		}
	}
	for _, e := range out.Events {
		switch e := e.(type) {
		case *delivery.Connected:
			w.sent[convOf(next)] = append(w.sent[convOf(l)], w.queued[i]...)
			w.queued[i] = nil
		case *delivery.PeerRestarted:
			old := w.sent[convOf(l)]
			if len(e.Abandoned) > len(old) || !cmp.Equal(e.Abandoned, old[len(old)-len(e.Abandoned):], cmpopts.EquateEmpty()) {
				t.Fatalf("%s abandoned %v, not the tail of what it sent %v", l.ID(), e.Abandoned, old)
			}
		case *delivery.Failed:
			w.failed[i] = true
		case *delivery.Dropped:
			if e.Reason < delivery.ReasonDuplicate || e.Reason > delivery.ReasonWindow {
				t.Fatalf("dropped for %v", e.Reason)
			}
		}
	}
	if len(out.Deliver) > 0 {
		e := in.(*delivery.Receive).Envelope
		k := conversation{e.From, e.FromEpoch, e.To, e.ToEpoch}
		if e.From != next.Peer() || e.FromEpoch != next.PeerEpoch() || e.To != next.ID() || e.ToEpoch != next.Epoch() {
			t.Fatalf("%v delivered messages of %+v, not of its conversation", next, e)
		}
		w.got[k] = append(w.got[k], out.Deliver...)
		if sent := w.sent[k]; len(w.got[k]) > len(sent) || !cmp.Equal(w.got[k], sent[:len(w.got[k])]) {
			t.Fatalf("%v delivered %v, sent %v: not once and in order", k, w.got[k], sent)
		}
	}
	w.wire[i] = append(w.wire[i], out.Transmit...)
	for _, e := range out.Transmit {
		if e.From != l.ID() {
			t.Fatalf("%s transmitted an envelope from %s", l.ID(), e.From)
		}
	}
}

// checkLinkStep steps l and checks that Step is pure (the same input twice
// gives equal links, outputs and errors; l is unchanged, shared memory
// included: String describes every field; a later Step of either link
// changes neither), and that a refusal returns l itself, an empty Output
// and an *delivery.Error.
func checkLinkStep(t *rapid.T, l delivery.Link, now time.Time, in delivery.Input) (delivery.Link, delivery.Output, error) {
	before := l.String()
	next, out, err := delivery.Step(l, now, in)
	again, out2, err2 := delivery.Step(l, now, in)
	if l.String() != before {
		t.Fatalf("Step modified its input link")
	}
	if d := cmp.Diff(next, again, allFields); d != "" || !cmp.Equal(out, out2, allFields) || fmt.Sprint(err) != fmt.Sprint(err2) {
		t.Fatalf("Step is not pure for %T: %s", in, d)
	}
	snapshot := next.String()
	for _, other := range []delivery.Link{l, next} {
		delivery.Step(other, now.Add(time.Hour), &delivery.Send{Message: linkMessage(99, false)})
		delivery.Step(other, now.Add(time.Hour), &delivery.Tick{})
	}
	if next.String() != snapshot || l.String() != before {
		t.Fatalf("a later Step changed a link an earlier one returned, for %T", in)
	}
	if err != nil {
		var e *delivery.Error
		if !errors.As(err, &e) {
			t.Fatalf("untyped refusal %T: %v", err, err)
		}
		if d := cmp.Diff(l, next, allFields); d != "" || !cmp.Equal(out, delivery.Output{}, allFields) {
			t.Fatalf("refused %T changed the link or gave output: %v\n%s", in, err, d)
		}
	}
	return next, out, err
}
