package pion

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// lossy is a channel for envelopes that loses each with probability loss,
// copies it with probability dup (the copy on a delay of its own, whether
// or not the original is lost) and delivers each after a delay uniform in
// [0, delay), so envelopes reorder. Its draws are seeded; which envelope
// gets which draw still depends on timing.
type lossy struct {
	loss, dup float64
	delay     time.Duration

	mu      sync.Mutex // guards rng and stopped
	rng     *rand.Rand
	stopped bool
	pending sync.WaitGroup // envelopes on their way

	sent, lost, copied, arrived, inFlight atomic.Int64
}

func newLossy(seed uint64, loss, dup float64, delay time.Duration) *lossy {
	return &lossy{loss: loss, dup: dup, delay: delay, rng: rand.New(rand.NewPCG(seed, 0x6c6f737379))}
}

// to returns a LinkOptions.Transmit that carries envelopes to receive.
func (c *lossy) to(receive func([]byte)) func([]byte) {
	return func(b []byte) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.stopped {
			return
		}
		c.sent.Add(1)
		lose, dup := c.rng.Float64() < c.loss, c.rng.Float64() < c.dup
		if lose {
			c.lost.Add(1)
		} else {
			c.after(b, receive)
		}
		if dup {
			c.copied.Add(1)
			c.after(b, receive)
		}
	}
}

// after delivers b to receive after a random delay; c.mu is held.
func (c *lossy) after(b []byte, receive func([]byte)) {
	var d time.Duration
	if c.delay > 0 {
		d = time.Duration(c.rng.Int64N(int64(c.delay)))
	}
	c.inFlight.Add(1)
	c.pending.Add(1)
	time.AfterFunc(d, func() {
		defer c.pending.Done()
		defer c.inFlight.Add(-1) // after receive: in flight until handled
		c.mu.Lock()
		stopped := c.stopped
		c.mu.Unlock()
		if stopped {
			return
		}
		c.arrived.Add(1)
		receive(b)
	})
}

// stop drops whatever is still on its way and waits for arrivals being
// handled.
func (c *lossy) stop() {
	c.mu.Lock()
	c.stopped = true
	c.mu.Unlock()
	c.pending.Wait()
}

// linkEnd is one Link of a unit test and what it handed on.
type linkEnd struct {
	ready  chan struct{} // closed when link is set
	link   *Link
	recvMu sync.Mutex // serializes Receive, as one reader of a channel would

	mu       sync.Mutex // guards the fields below (the Link's callbacks take it)
	got      []Message
	events   []delivery.Event
	recvErrs []error
	sent     int // envelopes transmitted
}

// newLinkEnd returns an end without its Link: envelopes for it wait until
// open, so that two ends can name each other.
func newLinkEnd() *linkEnd { return &linkEnd{ready: make(chan struct{})} }

// openLinkEnd returns an open end (see open).
func openLinkEnd(t *testing.T, session string, o delivery.Options, transmit func([]byte)) *linkEnd {
	t.Helper()
	return newLinkEnd().open(t, session, o, transmit)
}

// open makes e's Link with session id and o, whose envelopes go to
// transmit (nil: nowhere). Close is a cleanup.
func (e *linkEnd) open(t *testing.T, session string, o delivery.Options, transmit func([]byte)) *linkEnd {
	t.Helper()
	l, err := NewLink(LinkOptions{
		Session:  session,
		Delivery: o,
		Transmit: func(b []byte) {
			e.mu.Lock()
			e.sent++
			e.mu.Unlock()
			if transmit != nil {
				transmit(b)
			}
		},
		Deliver: func(m Message) {
			e.mu.Lock()
			e.got = append(e.got, m)
			e.mu.Unlock()
		},
		Event: func(ev delivery.Event) {
			e.mu.Lock()
			e.events = append(e.events, ev)
			e.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.link = l
	close(e.ready)
	t.Cleanup(l.Close)
	return e
}

// receive feeds one envelope to the Link and keeps its error.
func (e *linkEnd) receive(b []byte) {
	<-e.ready
	e.recvMu.Lock()
	defer e.recvMu.Unlock()
	if err := e.link.Receive(b); err != nil {
		e.mu.Lock()
		e.recvErrs = append(e.recvErrs, err)
		e.mu.Unlock()
	}
}

// snapshot returns copies of what e handed on.
func (e *linkEnd) snapshot() (got []Message, events []delivery.Event, sent int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Message(nil), e.got...), append([]delivery.Event(nil), e.events...), e.sent
}

// count returns how many events of e match.
func (e *linkEnd) count(match func(delivery.Event) bool) int {
	_, events, _ := e.snapshot()
	n := 0
	for _, ev := range events {
		if match(ev) {
			n++
		}
	}
	return n
}

// eventually polls cond every 5 ms until it holds, failing after d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", d, what)
		}
	}
}

// testMessage returns message n of a test: a candidate, and every fifth an
// offer with offer id n.
func testMessage(n int) Message {
	if n%5 == 0 {
		return Message{Description: &sdptype.Description{Type: sdptype.Offer, SDP: fmt.Sprintf("v=0\r\ns=%d\r\n", n)}, OfferID: uint64(n)}
	}
	return Message{Candidate: &sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 %d typ host", n, 1000+n), SDPMid: "0"}}
}

// firstDiff describes where got and want first differ.
func firstDiff(got, want []Message) string {
	text := func(ms []Message, i int) string {
		if i >= len(ms) {
			return "nothing"
		}
		b, _ := json.Marshal(ms[i])
		return string(b)
	}
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("message %d is %s, want %s", i, text(got, i), text(want, i))
		}
	}
	return "equal"
}

// testMessages returns messages from..from+n-1.
func testMessages(from, n int) []Message {
	var ms []Message
	for i := range n {
		ms = append(ms, testMessage(from+i))
	}
	return ms
}

// TestLinkNewRefuses: NewLink refuses options without Transmit, Deliver or
// Session (ErrOptions, or the delivery.Link's TypeError) and options
// delivery.New refuses, with an *Error that prints "pion: " once.
func TestLinkNewRefuses(t *testing.T) {
	transmit, deliver := func([]byte) {}, func(Message) {}
	for _, c := range []struct {
		name string
		o    LinkOptions
		want error
	}{
		{"no Transmit", LinkOptions{Session: "a1", Deliver: deliver}, ErrOptions},
		{"no Deliver", LinkOptions{Session: "a1", Transmit: transmit}, ErrOptions},
		{"no Session", LinkOptions{Transmit: transmit, Deliver: deliver}, sdptype.ErrTypeError},
		{"negative RTO", LinkOptions{Session: "a1", Delivery: delivery.Options{RTO: -1}, Transmit: transmit, Deliver: deliver}, sdptype.ErrTypeError},
		{"peer is self", LinkOptions{Session: "a1", Delivery: delivery.Options{Peer: "a1"}, Transmit: transmit, Deliver: deliver}, sdptype.ErrTypeError},
	} {
		l, err := NewLink(c.o)
		var e *Error
		if l != nil || !errors.Is(err, c.want) || !errors.As(err, &e) {
			t.Errorf("%s: NewLink = %v, %v; want nil and an *Error wrapping %v", c.name, l, err, c.want)
			continue
		}
		if c.want != ErrOptions {
			var de *delivery.Error
			if !errors.As(err, &de) {
				t.Errorf("%s: %v does not wrap the *delivery.Error", c.name, err)
			}
		}
		prefixOnce(t, err)
	}
	l, err := NewLink(LinkOptions{Session: "a1", Transmit: transmit, Deliver: deliver})
	if err != nil {
		t.Fatalf("valid options: %v", err)
	}
	l.Close()
}

// TestLinkLossyChannel: two Links over a channel that loses 20% of the
// envelopes, copies 20% and reorders them (0-10 ms) hand each other every
// message exactly once and in order, both ways, with retransmissions on
// their timers (RTO 20 ms); the channel's losses and copies show up as
// Retransmitted and Dropped(duplicate) events, and every message envelope
// that arrived was either delivered or dropped with a reason.
func TestLinkLossyChannel(t *testing.T) {
	const n = 60
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			c := newLossy(seed, 0.2, 0.2, 10*time.Millisecond)
			o := delivery.Options{RTO: 20 * time.Millisecond, MaxRTO: 80 * time.Millisecond}
			a, b := newLinkEnd(), newLinkEnd()
			var msgEnvelopes [2]atomic.Int64 // arrived with a message, at a and at b
			recv := func(i int, to *linkEnd) func([]byte) {
				return func(data []byte) {
					if e, err := delivery.DecodeEnvelope(data); err == nil && e.Seq != 0 {
						msgEnvelopes[i].Add(1)
					}
					to.receive(data)
				}
			}
			a.open(t, "a1", o, c.to(recv(1, b)))
			b.open(t, "b1", o, c.to(recv(0, a)))
			defer c.stop()
			var wg sync.WaitGroup
			for i, e := range []*linkEnd{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(seed, uint64(i)))
					send := e.link.Send()
					for _, m := range testMessages(1000*i, n) {
						if err := send(m); err != nil {
							t.Errorf("send: %v", err)
						}
						time.Sleep(time.Duration(rng.IntN(2000)) * time.Microsecond)
					}
				}()
			}
			wg.Wait()
			// Quiet: every message sent was acknowledged, so handed on.
			eventually(t, 10*time.Second, "the links are not quiet", func() bool {
				return a.link.State().Quiet() && b.link.State().Quiet() && c.inFlight.Load() == 0
			})
			for i, e := range []*linkEnd{a, b} {
				got, events, _ := e.snapshot()
				if want := testMessages(1000*(1-i), n); !reflect.DeepEqual(got, want) {
					t.Errorf("%s delivered %d messages, want %d: %s", e.link.State().ID(), len(got), len(want), firstDiff(got, want))
				}
				e.mu.Lock()
				recvErrs := e.recvErrs
				e.mu.Unlock()
				if len(recvErrs) > 0 {
					t.Errorf("%s: Receive refused %v", e.link.State().ID(), recvErrs)
				}
				var dropped int64
				for _, ev := range events {
					if d, ok := ev.(*delivery.Dropped); ok && d.Envelope.Seq != 0 {
						dropped++
					}
				}
				if arrived := msgEnvelopes[i].Load(); arrived != int64(len(got))+dropped {
					t.Errorf("%s: %d message envelopes arrived, %d delivered + %d dropped", e.link.State().ID(), arrived, len(got), dropped)
				}
			}
			retransmitted := a.count(isRetransmitted) + b.count(isRetransmitted)
			duplicates := a.count(isDuplicate) + b.count(isDuplicate)
			if c.lost.Load() == 0 || c.copied.Load() == 0 || retransmitted == 0 || duplicates == 0 {
				t.Errorf("faults not exercised: lost %d, copied %d, retransmitted %d, duplicates dropped %d",
					c.lost.Load(), c.copied.Load(), retransmitted, duplicates)
			}
			t.Logf("envelopes sent %d lost %d copied %d; retransmissions %d; duplicates dropped %d",
				c.sent.Load(), c.lost.Load(), c.copied.Load(), retransmitted, duplicates)
		})
	}
}

// isRetransmitted, isDuplicate and isRestarted match events for
// linkEnd.count.
func isRetransmitted(ev delivery.Event) bool { _, ok := ev.(*delivery.Retransmitted); return ok }

func isDuplicate(ev delivery.Event) bool {
	d, ok := ev.(*delivery.Dropped)
	return ok && d.Reason == delivery.ReasonDuplicate
}

func isRestarted(ev delivery.Event) bool { _, ok := ev.(*delivery.PeerRestarted); return ok }

// TestLinkReceiveGarbage: Receive refuses what is not an envelope, a
// malformed envelope and one the delivery.Link refuses (it acknowledges
// messages never sent) with an *Error wrapping delivery.ErrData, and
// changes nothing: State is the same, nothing is transmitted, delivered or
// reported.
func TestLinkReceiveGarbage(t *testing.T) {
	a := openLinkEnd(t, "a1", delivery.Options{RTO: time.Hour}, nil)
	eventually(t, 5*time.Second, "no hello", func() bool { _, _, sent := a.snapshot(); return sent == 1 })
	before := a.link.State()
	for _, s := range []string{
		``,
		`not json`,
		`{}`,
		`{"from":"","to":"a1","ack":0}`,
		`{"from":"b1","to":"a1","seq":1,"ack":0}`,
		`{"from":"b1","to":"a1","ack":0,"msg":{"candidate":{"candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host"}}}`,
		`{"from":"b1","to":"a1","seq":1,"ack":0,"msg":{"description":{"type":"offer","sdp":"v=0\r\n"},"candidate":{"candidate":""}}}`,
		`{"from":"b1","to":"a1","seq":1,"ack":0,"msg":{"description":{"type":"bogus","sdp":""}}}`,
		`{"from":"b1","to":"a1","ack":3}`,
	} {
		err := a.link.Receive([]byte(s))
		var e *Error
		if !errors.Is(err, delivery.ErrData) || !errors.As(err, &e) {
			t.Errorf("Receive(%s) = %v, want an *Error wrapping delivery.ErrData", s, err)
			continue
		}
		prefixOnce(t, err)
		if after := a.link.State(); !reflect.DeepEqual(after, before) {
			t.Fatalf("Receive(%s) changed the link:\n%v\n->\n%v", s, before, after)
		}
	}
	got, events, sent := a.snapshot()
	if len(got) != 0 || len(events) != 0 || sent != 1 {
		t.Errorf("garbage was acted on: delivered %v, events %v, %d transmitted", got, events, sent)
	}
	// The comparison sees a change: a hello from b1 is taken.
	if err := a.link.Receive([]byte(`{"from":"b1","to":"a1","ack":0}`)); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.link.State(), before) || a.link.State().Peer() != "b1" {
		t.Errorf("a valid envelope left the link as it was: %v", a.link.State())
	}
}

// TestLinkPeerRestarted: when the other peer restarts (its Link is closed
// and a new one with a new session id takes its place), the Event handler
// sees one *delivery.PeerRestarted from the old session to the new, the
// Send of the old connection returns ErrReplaced and sends nothing, and a
// fresh Send reaches the new session, as the new session's messages reach
// this one.
func TestLinkPeerRestarted(t *testing.T) {
	c := newLossy(1, 0, 0, 2*time.Millisecond)
	defer c.stop()
	o := delivery.Options{RTO: 20 * time.Millisecond}
	var b atomic.Pointer[linkEnd] // B's current Link
	b1 := newLinkEnd()
	b.Store(b1)
	a := openLinkEnd(t, "a1", o, c.to(func(data []byte) { b.Load().receive(data) }))
	toA := c.to(func(data []byte) { a.receive(data) })
	b1.open(t, "b1", o, toA)
	sendA := a.link.Send()
	if err := sendA(testMessage(1)); err != nil {
		t.Fatal(err)
	}
	if err := b1.link.Send()(testMessage(2)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "first messages not delivered", func() bool {
		ga, _, _ := a.snapshot()
		gb, _, _ := b1.snapshot()
		return len(ga) == 1 && len(gb) == 1 && a.link.State().Quiet()
	})

	b1.link.Close() // B reloads
	b2 := newLinkEnd()
	b.Store(b2)
	b2.open(t, "b2", o, toA)
	eventually(t, 5*time.Second, "no PeerRestarted", func() bool { return a.count(isRestarted) > 0 })
	// b2 may have heard a1's old epoch first (an acknowledgement for b1 on
	// its way) and then report a1's new one as a restart of its own, which
	// abandons what it sent before: let the links settle first.
	eventually(t, 5*time.Second, "b2 and a not quiet", func() bool {
		return a.link.State().Quiet() && b2.link.State().Quiet() && c.inFlight.Load() == 0
	})
	_, events, _ := a.snapshot()
	var restarted *delivery.PeerRestarted
	for _, ev := range events {
		if r, ok := ev.(*delivery.PeerRestarted); ok {
			restarted = r
		}
	}
	if restarted.Old != "b1" || restarted.New != "b2" || len(restarted.Abandoned) != 0 {
		t.Errorf("PeerRestarted %v, want b1 -> b2 with nothing abandoned", restarted)
	}

	err := sendA(testMessage(3))
	if !errors.Is(err, ErrReplaced) {
		t.Fatalf("the old connection's Send: %v, want ErrReplaced", err)
	}
	prefixOnce(t, err)
	if err := a.link.Send()(testMessage(4)); err != nil {
		t.Fatalf("a fresh Send: %v", err)
	}
	if err := b2.link.Send()(testMessage(5)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "messages after the restart not delivered", func() bool {
		ga, _, _ := a.snapshot()
		gb, _, _ := b2.snapshot()
		return len(ga) >= 2 && len(gb) >= 1 && a.link.State().Quiet() && b2.link.State().Quiet() && c.inFlight.Load() == 0
	})
	for _, w := range []struct {
		e    *linkEnd
		want []Message
	}{
		{a, []Message{testMessage(2), testMessage(5)}},
		{b1, []Message{testMessage(1)}},
		{b2, []Message{testMessage(4)}},
	} {
		if got, _, _ := w.e.snapshot(); !reflect.DeepEqual(got, w.want) {
			t.Errorf("%s delivered %d messages, want %d: %s", w.e.link.State().ID(), len(got), len(w.want), firstDiff(got, w.want))
		}
	}
	if n := a.count(isRestarted); n != 1 {
		t.Errorf("%d PeerRestarted events, want 1", n)
	}
	if p := a.link.State().Peer(); p != "b2" {
		t.Errorf("a's peer %q, want b2", p)
	}
}

// TestLinkSendFromEvent: the Event handler can take the new connection's
// Send while it handles PeerRestarted, as LinkOptions.Event tells it to,
// and that Send reaches the new session.
func TestLinkSendFromEvent(t *testing.T) {
	c := newLossy(1, 0, 0, 2*time.Millisecond)
	defer c.stop()
	o := delivery.Options{RTO: 20 * time.Millisecond}
	var b atomic.Pointer[linkEnd]
	b1 := newLinkEnd()
	b.Store(b1)
	var l *Link
	sends := make(chan func(Message) error, 1)
	l, err := NewLink(LinkOptions{
		Session:  "a1",
		Delivery: o,
		Transmit: c.to(func(data []byte) { b.Load().receive(data) }),
		Deliver:  func(Message) {},
		Event: func(ev delivery.Event) {
			if _, ok := ev.(*delivery.PeerRestarted); !ok {
				return
			}
			got := make(chan func(Message) error, 1)
			go func() { got <- l.Send() }()
			select {
			case s := <-got:
				sends <- s
			case <-time.After(time.Second):
				t.Error("Link.Send in the Event handler blocks")
				go func() { sends <- <-got }() // once the handler has returned
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	toA := c.to(func(data []byte) {
		if err := l.Receive(data); err != nil {
			t.Error(err)
		}
	})
	b1.open(t, "b1", o, toA)
	eventually(t, 5*time.Second, "not connected", func() bool { return l.State().Quiet() && l.State().Peer() == "b1" })
	// A message from b1 delivered to a: b2 is then a restart, not a
	// replacement before anything was exchanged.
	if err := b1.link.Send()(testMessage(0)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "b1's message not acknowledged", func() bool { return b1.link.State().Quiet() })
	b1.link.Close()
	b2 := newLinkEnd()
	b.Store(b2)
	b2.open(t, "b2", o, toA)
	var send func(Message) error
	select {
	case send = <-sends:
	case <-time.After(5 * time.Second):
		t.Fatal("no PeerRestarted")
	}
	if err := send(testMessage(1)); err != nil {
		t.Fatalf("the Send taken in the handler: %v", err)
	}
	eventually(t, 5*time.Second, "not delivered to b2", func() bool { got, _, _ := b2.snapshot(); return len(got) == 1 })
}

// TestLinkClose: after Close, Send and Receive fail with an *Error, the
// link is left as it was, and its timer transmits nothing more (the hellos
// every 10 ms stop).
func TestLinkClose(t *testing.T) {
	a := openLinkEnd(t, "a1", delivery.Options{RTO: 10 * time.Millisecond, MaxRTO: 10 * time.Millisecond}, nil)
	send := a.link.Send()
	eventually(t, 5*time.Second, "no hellos", func() bool { _, _, sent := a.snapshot(); return sent >= 2 })
	a.link.Close()
	before := a.link.State()
	_, _, sentAtClose := a.snapshot()
	for name, err := range map[string]error{
		"the Send taken before Close": send(testMessage(1)),
		"a Send taken after Close":    a.link.Send()(testMessage(2)),
		"Receive":                     a.link.Receive([]byte(`{"from":"b1","to":"a1","ack":0}`)),
	} {
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want an *Error that is ErrClosed", name, err)
			continue
		}
		prefixOnce(t, err)
	}
	time.Sleep(100 * time.Millisecond)
	if after := a.link.State(); !reflect.DeepEqual(after, before) {
		t.Errorf("the link changed after Close:\n%v\n->\n%v", before, after)
	}
	if got, _, sent := a.snapshot(); sent != sentAtClose || len(got) != 0 {
		t.Errorf("after Close: %d envelopes transmitted (%d at Close), delivered %v", sent, sentAtClose, got)
	}
	a.link.Close() // a second Close does nothing
}

// TestLinkFailed: a peer that acknowledges nothing for GiveUp is reported
// once as *delivery.Failed with the message that waits, the timer stops,
// and Send then fails with the delivery.Link's InvalidStateError.
func TestLinkFailed(t *testing.T) {
	a := openLinkEnd(t, "a1", delivery.Options{RTO: 10 * time.Millisecond, MaxRTO: 10 * time.Millisecond, GiveUp: 100 * time.Millisecond, Peer: "b1"}, nil)
	send := a.link.Send()
	if err := send(testMessage(1)); err != nil {
		t.Fatal(err)
	}
	isFailed := func(ev delivery.Event) bool { _, ok := ev.(*delivery.Failed); return ok }
	eventually(t, 5*time.Second, "no Failed", func() bool { return a.count(isFailed) > 0 })
	_, events, sentAtFailed := a.snapshot()
	f := events[len(events)-1].(*delivery.Failed)
	if f.Peer != "b1" || !reflect.DeepEqual(f.Unacknowledged, []Message{testMessage(1)}) {
		t.Errorf("Failed %v, want b1 with message 1 unacknowledged", f)
	}
	if a.count(isRetransmitted) == 0 {
		t.Error("no retransmission before Failed")
	}
	err := send(testMessage(2))
	if !errors.Is(err, signaling.ErrInvalidState) {
		t.Errorf("Send after Failed: %v, want InvalidStateError", err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, _, sent := a.snapshot(); sent != sentAtFailed || a.count(isFailed) != 1 {
		t.Errorf("after Failed: %d envelopes transmitted (%d at Failed), %d Failed events", sent, sentAtFailed, a.count(isFailed))
	}
}

// TestLinkClock: the Link retransmits on LinkOptions.Now, not on the wall
// clock: while a fake clock stands still nothing is sent again, however
// long the timer waits; once the clock passes the RTO the message goes
// again.
func TestLinkClock(t *testing.T) {
	var now atomic.Int64 // the fake clock, Unix nanoseconds
	now.Store(time.Unix(1_700_000_000, 0).UnixNano())
	var copies atomic.Int32 // envelopes carrying message 1
	l, err := NewLink(LinkOptions{
		Session:  "a1",
		Delivery: delivery.Options{RTO: 20 * time.Millisecond, MaxRTO: 20 * time.Millisecond, Peer: "b1"},
		Transmit: func(b []byte) {
			if e, err := delivery.DecodeEnvelope(b); err == nil && e.Seq == 1 {
				copies.Add(1)
			}
		},
		Deliver: func(Message) {},
		Now:     func() time.Time { return time.Unix(0, now.Load()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Send()(testMessage(1)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if n := copies.Load(); n != 1 {
		t.Fatalf("%d copies of message 1 with the clock standing still, want 1", n)
	}
	now.Add(int64(20 * time.Millisecond))
	eventually(t, 5*time.Second, "no retransmission after the clock moved", func() bool { return copies.Load() == 2 })
	time.Sleep(60 * time.Millisecond)
	if n := copies.Load(); n != 2 {
		t.Errorf("%d copies of message 1 after the clock moved once, want 2", n)
	}
}
