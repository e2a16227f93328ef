package delivery_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Unix(1_700_000_000, 0)

// allFields lets cmp compare links whole, unexported fields included.
var allFields = cmp.Exporter(func(reflect.Type) bool { return true })

func candidate(n int) delivery.Message {
	return delivery.Message{Candidate: &sdptype.Candidate{Candidate: fmt.Sprintf("candidate:%d 1 udp 1 192.0.2.1 9 typ host", n), SDPMid: "0"}}
}

func offer(id uint64) delivery.Message {
	return delivery.Message{Description: &sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}, OfferID: id}
}

func newLink(t testing.TB, id string, o delivery.Options) delivery.Link {
	t.Helper()
	l, err := delivery.New(id, o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// step feeds in and fails the test on a refusal; the output is returned
// as transcript lines.
func step(t testing.TB, l *delivery.Link, now time.Time, in delivery.Input) delivery.Output {
	t.Helper()
	next, out, err := delivery.Step(*l, now, in)
	if err != nil {
		t.Fatalf("%T refused: %v", in, err)
	}
	*l = next
	return out
}

func lines(out delivery.Output) string {
	var s []string
	for _, e := range out.Events {
		s = append(s, "event "+e.String())
	}
	for _, m := range out.Deliver {
		s = append(s, "deliver "+m.String())
	}
	for _, e := range out.Transmit {
		s = append(s, "transmit "+e.String())
	}
	return strings.Join(s, "\n")
}

func want(t *testing.T, what string, out delivery.Output, w ...string) {
	t.Helper()
	if got := lines(out); got != strings.Join(w, "\n") {
		t.Fatalf("%s:\n got: %s\nwant: %s", what, strings.ReplaceAll(got, "\n", "\n      "), strings.Join(w, "\n      "))
	}
}

// Two links that know no peer: messages wait, hellos go out at once and at
// each timeout, and the first envelope heard starts the conversation.
func TestHandshake(t *testing.T) {
	a, b := newLink(t, "a1", delivery.Options{}), newLink(t, "b1", delivery.Options{})
	if at, ok := a.Timeout(); !ok || at.After(t0) {
		t.Fatalf("a new link's timeout %v %v, want at once", at, ok)
	}
	want(t, "send before a peer", step(t, &a, t0, &delivery.Send{Message: offer(1)}))
	hello := step(t, &a, t0, &delivery.Tick{})
	want(t, "tick", hello, "transmit a1->? ack 0")
	if at, _ := a.Timeout(); !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("next hello at %v, want RTO later", at.Sub(t0))
	}
	want(t, "a second tick too soon", step(t, &a, t0.Add(999*time.Millisecond), &delivery.Tick{}))
	want(t, "hello again", step(t, &a, t0.Add(time.Second), &delivery.Tick{}), "transmit a1->? ack 0")
	if at, _ := a.Timeout(); !at.Equal(t0.Add(3 * time.Second)) {
		t.Fatalf("third hello at %v, want after a doubled timeout (3s)", at.Sub(t0))
	}
	reply := step(t, &b, t0, &delivery.Receive{Envelope: hello.Transmit[0]})
	want(t, "b hears a", reply, "event connected to a1", "transmit b1->a1 ack 0")
	if at, ok := b.Timeout(); !ok || at.After(t0) {
		t.Fatal("b knows its peer, not that the peer knows it: its own hello is due")
	}
	flush := step(t, &a, t0.Add(2*time.Second), &delivery.Receive{Envelope: reply.Transmit[0]})
	want(t, "a hears b", flush, "event connected to b1", "transmit a1->b1 seq 1 ack 0: offer #1")
	want(t, "b receives", step(t, &b, t0.Add(2*time.Second), &delivery.Receive{Envelope: flush.Transmit[0]}),
		"deliver offer #1", "transmit b1->a1 ack 1")
	if _, ok := b.Timeout(); ok || !b.Quiet() {
		t.Fatal("b was addressed by its peer and waits for nothing, yet has a timeout")
	}
}

// A link told its peer still says hello, so that a peer that knew an
// earlier session of it learns of the new one; the peer answers.
func TestHelloWithKnownPeer(t *testing.T) {
	a := newLink(t, "a2", delivery.Options{Peer: "b1"})
	hello := step(t, &a, t0, &delivery.Tick{})
	want(t, "hello", hello, "transmit a2->? ack 0")
	b := newLink(t, "b1", delivery.Options{Peer: "a1"})
	reply := step(t, &b, t0, &delivery.Receive{Envelope: hello.Transmit[0]})
	// b never met a1: nothing to replace, a2 simply takes its place.
	want(t, "b", reply, "event connected to a2", "transmit b1/1->a2 ack 0")
	want(t, "a", step(t, &a, t0, &delivery.Receive{Envelope: reply.Transmit[0]}), "event connected to b1")
	if _, ok := a.Timeout(); ok || !a.Quiet() {
		t.Fatal("a was answered, yet says hello again")
	}
}

// pair returns two links that know each other, their hellos answered.
func pair(t testing.TB, o delivery.Options) (a, b delivery.Link) {
	o.Peer = "b1"
	a = newLink(t, "a1", o)
	o.Peer = "a1"
	b = newLink(t, "b1", o)
	for _, l := range []*delivery.Link{&a, &b} {
		other := &a
		if l == &a {
			other = &b
		}
		hello := step(t, l, t0, &delivery.Tick{})
		reply := step(t, other, t0, &delivery.Receive{Envelope: hello.Transmit[0]})
		step(t, l, t0, &delivery.Receive{Envelope: reply.Transmit[0]})
	}
	if !a.Quiet() || !b.Quiet() {
		t.Fatal("not introduced")
	}
	return a, b
}

// A lost message is sent again after one timeout of the caller's clock,
// and delivered then; the acknowledgement stops the timer.
func TestLossRecoveredAfterOneTimeout(t *testing.T) {
	a, b := pair(t, delivery.Options{RTO: 500 * time.Millisecond})
	want(t, "send", step(t, &a, t0, &delivery.Send{Message: offer(1)}), "transmit a1->b1 seq 1 ack 0: offer #1") // lost
	at, ok := a.Timeout()
	if !ok || at.Sub(t0) != 500*time.Millisecond {
		t.Fatalf("timeout %v %v, want 500ms after sending", at.Sub(t0), ok)
	}
	again := step(t, &a, at, &delivery.Tick{})
	want(t, "timeout", again, "event retransmitted 1, next timeout 1s", "transmit a1->b1 seq 1 ack 0: offer #1")
	ack := step(t, &b, at, &delivery.Receive{Envelope: again.Transmit[0]})
	want(t, "b", ack, "deliver offer #1", "transmit b1->a1 ack 1")
	t.Logf("recovered %v after the loss (RTO 500ms)", at.Sub(t0))
	want(t, "ack", step(t, &a, at, &delivery.Receive{Envelope: ack.Transmit[0]}))
	if _, ok := a.Timeout(); ok || !a.Quiet() {
		t.Fatalf("acknowledged, yet timeout %v quiet %v", ok, a.Quiet())
	}
}

// Early messages are held and delivered in order; copies are dropped and
// acknowledged again.
func TestReorderAndDuplicates(t *testing.T) {
	a, b := pair(t, delivery.Options{})
	var sent []delivery.Envelope
	for i := range 3 {
		sent = append(sent, step(t, &a, t0, &delivery.Send{Message: candidate(i)}).Transmit...)
	}
	want(t, "3rd first", step(t, &b, t0, &delivery.Receive{Envelope: sent[2]}), "transmit b1->a1 ack 0")
	want(t, "3rd again", step(t, &b, t0, &delivery.Receive{Envelope: sent[2]}),
		"event dropped a1->b1 seq 3 ack 0: candidate: duplicate", "transmit b1->a1 ack 0")
	want(t, "1st", step(t, &b, t0, &delivery.Receive{Envelope: sent[0]}), "deliver candidate", "transmit b1->a1 ack 1")
	out := step(t, &b, t0, &delivery.Receive{Envelope: sent[1]})
	if len(out.Deliver) != 2 || *out.Deliver[0].Candidate != *candidate(1).Candidate || *out.Deliver[1].Candidate != *candidate(2).Candidate {
		t.Fatalf("2nd: delivered %v, want the 2nd then the held 3rd", out.Deliver)
	}
	want(t, "1st again", step(t, &b, t0, &delivery.Receive{Envelope: sent[0]}),
		"event dropped a1->b1 seq 1 ack 0: candidate: duplicate", "transmit b1->a1 ack 3")
	if !b.Quiet() {
		t.Fatal("b holds something after delivering all")
	}
}

// Unacknowledged, the timeout doubles up to MaxRTO, and the peer is given
// up GiveUp after it last made progress, to the nanosecond; then every
// input is refused.
func TestBackoffAndGiveUp(t *testing.T) {
	a, _ := pair(t, delivery.Options{})
	step(t, &a, t0, &delivery.Send{Message: offer(1)})
	var ticks []string
	for range 10 {
		at, ok := a.Timeout()
		if !ok {
			break
		}
		out := step(t, &a, at, &delivery.Tick{})
		ticks = append(ticks, fmt.Sprintf("%v %s", at.Sub(t0), out.Events[0]))
	}
	w := []string{
		"1s retransmitted 1, next timeout 2s", "3s retransmitted 1, next timeout 4s", "7s retransmitted 1, next timeout 8s",
		"15s retransmitted 1, next timeout 8s", "23s retransmitted 1, next timeout 7s", "30s gave up on b1: 1 messages unacknowledged",
	}
	if got := strings.Join(ticks, "\n"); got != strings.Join(w, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", got, strings.Join(w, "\n"))
	}
	if !a.Failed() {
		t.Fatal("not Failed")
	}
	_, _, err := delivery.Step(a, t0.Add(time.Minute), &delivery.Send{Message: offer(2)})
	if !errors.Is(err, signaling.ErrInvalidState) {
		t.Fatalf("send after giving up: %v, want InvalidStateError", err)
	}
}

// Progress restarts the timeout and the GiveUp deadline.
func TestProgressRestartsTimers(t *testing.T) {
	a, b := pair(t, delivery.Options{GiveUp: 10 * time.Second})
	m1 := step(t, &a, t0, &delivery.Send{Message: candidate(1)}).Transmit[0]
	step(t, &a, t0, &delivery.Send{Message: candidate(2)}) // lost
	step(t, &a, t0.Add(time.Second), &delivery.Tick{})
	step(t, &a, t0.Add(3*time.Second), &delivery.Tick{})
	ack := step(t, &b, t0.Add(9*time.Second), &delivery.Receive{Envelope: m1}).Transmit[0]
	step(t, &a, t0.Add(9*time.Second), &delivery.Receive{Envelope: ack})
	if at, _ := a.Timeout(); at.Sub(t0) != 10*time.Second {
		t.Fatalf("after progress at 9s: timeout at %v, want 10s (RTO again)", at.Sub(t0))
	}
	for at, ok := a.Timeout(); ok; at, ok = a.Timeout() {
		step(t, &a, at, &delivery.Tick{})
	}
	if !a.Failed() {
		t.Fatal("not given up")
	}
}

// A new session of the peer replaces the old one: the conversation starts
// over, what the old session never acknowledged is abandoned (and said),
// what it sent early is dropped with a reason, and its late envelopes too.
func TestPeerRestart(t *testing.T) {
	a1, b := pair(t, delivery.Options{})
	old := step(t, &a1, t0, &delivery.Send{Message: offer(1)}).Transmit[0]
	step(t, &b, t0, &delivery.Receive{Envelope: old})
	toOld := step(t, &b, t0, &delivery.Send{Message: candidate(1)}).Transmit[0] // never acknowledged
	step(t, &a1, t0, &delivery.Send{Message: candidate(2)})
	early := step(t, &a1, t0, &delivery.Send{Message: candidate(3)}).Transmit[0]
	step(t, &b, t0, &delivery.Receive{Envelope: early}) // held: message 2 never comes

	a2 := newLink(t, "a2", delivery.Options{})          // a reloads
	step(t, &a2, t0, &delivery.Send{Message: offer(1)}) // waits for a peer
	hello := step(t, &a2, t0, &delivery.Tick{}).Transmit[0]
	reply := step(t, &b, t0, &delivery.Receive{Envelope: hello})
	want(t, "restart", reply, "event dropped a1->b1 seq 3 ack 0: candidate: from a replaced session of the peer",
		"event peer restarted: a1 -> a2, 1 messages abandoned", "transmit b1/1->a2 ack 0")
	if abandoned := reply.Events[1].(*delivery.PeerRestarted).Abandoned; len(abandoned) != 1 || *abandoned[0].Candidate != *candidate(1).Candidate {
		t.Fatalf("abandoned %v", abandoned)
	}
	want(t, "old late", step(t, &b, t0, &delivery.Receive{Envelope: old}), "event dropped a1->b1 seq 1 ack 0: offer #1: from a replaced session of the peer",
		"transmit b1/1->a1 ack 0")
	want(t, "to the old session", step(t, &a2, t0, &delivery.Receive{Envelope: toOld}),
		"event connected to b1", "event dropped b1->a1 seq 1 ack 1: candidate: for another session of ours",
		"transmit a2->b1 seq 1 ack 0: offer #1", "transmit a2->b1 ack 0")
	want(t, "new conversation", step(t, &b, t0, &delivery.Send{Message: candidate(2)}), "transmit b1/1->a2 seq 1 ack 0: candidate")
}

// Every refusal returns the link it was given, unchanged, and a typed
// error.
func TestRefusals(t *testing.T) {
	a, b := pair(t, delivery.Options{Window: 2})
	m1 := step(t, &a, t0, &delivery.Send{Message: offer(1)}).Transmit[0]
	step(t, &b, t0, &delivery.Receive{Envelope: m1})
	step(t, &a, t0, &delivery.Send{Message: offer(2)})
	both := delivery.Message{Description: offer(1).Description, Candidate: candidate(1).Candidate}
	for _, c := range []struct {
		l    delivery.Link
		in   delivery.Input
		want error
	}{
		{a, nil, sdptype.ErrTypeError},
		{a, (*delivery.Tick)(nil), sdptype.ErrTypeError},
		{delivery.Link{}, &delivery.Tick{}, sdptype.ErrTypeError},
		{a, &delivery.Send{}, sdptype.ErrTypeError},
		{a, &delivery.Send{Message: both}, sdptype.ErrTypeError},
		{a, &delivery.Send{Message: delivery.Message{Candidate: candidate(1).Candidate, OfferID: 1}}, sdptype.ErrTypeError},
		{a, &delivery.Send{Message: candidate(3)}, delivery.ErrQuota},
		{b, &delivery.Receive{Envelope: delivery.Envelope{To: "b1", Seq: 2, Message: candidate(1)}}, delivery.ErrData},
		{b, &delivery.Receive{Envelope: delivery.Envelope{From: "a1", To: "b1", Seq: 2}}, delivery.ErrData},
		{b, &delivery.Receive{Envelope: delivery.Envelope{From: "a1", To: "b1", Message: candidate(1)}}, delivery.ErrData},
		{b, &delivery.Receive{Envelope: delivery.Envelope{From: "a1", To: "b1", Ack: 1}}, delivery.ErrData},
	} {
		next, out, err := delivery.Step(c.l, t0, c.in)
		var e *delivery.Error
		if !errors.Is(err, c.want) || !errors.As(err, &e) {
			t.Errorf("%T %+v: error %v, want %v as *delivery.Error", c.in, c.in, err, c.want)
		}
		if d := cmp.Diff(c.l, next, allFields); d != "" || len(out.Events)+len(out.Deliver)+len(out.Transmit) > 0 {
			t.Errorf("%T %+v refused, yet changed the link (%s) or gave output %v", c.in, c.in, d, out)
		}
	}
}

// A channel that echoes our own envelopes back.
func TestOwnEnvelope(t *testing.T) {
	a, _ := pair(t, delivery.Options{})
	e := step(t, &a, t0, &delivery.Send{Message: offer(1)}).Transmit[0]
	want(t, "echo", step(t, &a, t0, &delivery.Receive{Envelope: e}), "event dropped a1->b1 seq 1 ack 0: offer #1: our own")
}

// The wire format: field names and the browser's JSON inside.
func TestWireFormat(t *testing.T) {
	e := delivery.Envelope{From: "a1", To: "b1", Seq: 3, Ack: 2, Message: delivery.Message{
		Description: &sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n"}, OfferID: 2}}
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := string(data), `{"from":"a1","to":"b1","seq":3,"ack":2,"msg":{"description":{"type":"answer","sdp":"v=0\r\n"},"offerId":2}}`; got != w {
		t.Fatalf("got  %s\nwant %s", got, w)
	}
	back, err := delivery.DecodeEnvelope(data)
	if err != nil || !cmp.Equal(back, e) {
		t.Fatalf("decoded %+v %v", back, err)
	}
	for _, c := range []struct {
		env delivery.Envelope
		w   string
	}{
		{delivery.Envelope{From: "a1", Ack: 0}, `{"from":"a1","to":"","ack":0}`},
		{delivery.Envelope{From: "a1", To: "b1", Seq: 1, Message: candidate(7)}, `{"from":"a1","to":"b1","seq":1,"ack":0,"msg":{"candidate":{"candidate":"candidate:7 1 udp 1 192.0.2.1 9 typ host","sdpMid":"0","usernameFragment":""}}}`},
	} {
		data, err := json.Marshal(c.env)
		if err != nil || string(data) != c.w {
			t.Errorf("got  %s %v\nwant %s", data, err, c.w)
		}
	}
	for _, bad := range []string{`{`, `{"from":""}`, `{"from":"a","seq":1}`, `{"from":"a","seq":1,"msg":{"description":{"type":"nope","sdp":""}}}`, `{"from":"a","seq":-1}`} {
		if _, err := delivery.DecodeEnvelope([]byte(bad)); !errors.Is(err, delivery.ErrData) {
			t.Errorf("%s: %v, want DataError", bad, err)
		}
	}
}

// A dead session's hello that arrives after its successor's makes b
// follow the dead one; the live one, told b's new address, gets b back.
// The transcript shows each step.
func TestDeadSessionFollowedByMistake(t *testing.T) {
	b := newLink(t, "b1", delivery.Options{})
	a1 := newLink(t, "a1", delivery.Options{})
	dead := step(t, &a1, t0, &delivery.Tick{}).Transmit[0] // a1's hello, delayed; a1 then reloads
	a2 := newLink(t, "a2", delivery.Options{})
	step(t, &a2, t0, &delivery.Send{Message: offer(1)})
	wire := step(t, &a2, t0, &delivery.Tick{}).Transmit
	wire = append(wire, step(t, &b, t0, &delivery.Receive{Envelope: wire[0]}).Transmit...)
	wire = append(wire, step(t, &b, t0, &delivery.Receive{Envelope: dead}).Transmit...)
	var log []string
	now := t0
	for n := 0; len(wire) > 0 || !b.Quiet() || !a2.Quiet(); n++ {
		if n == 40 {
			t.Fatalf("no end:\n%s", strings.Join(log, "\n"))
		}
		if len(wire) == 0 { // a timeout
			l := &b
			if _, ok := b.Timeout(); !ok {
				l = &a2
			}
			now, _ = l.Timeout()
			out := step(t, l, now, &delivery.Tick{})
			log = append(log, l.ID()+" tick\n  "+strings.ReplaceAll(lines(out), "\n", "\n  "))
			wire = append(wire, out.Transmit...)
			continue
		}
		e := wire[0]
		wire = wire[1:]
		to := &b
		if e.From == "b1" {
			to = &a2
		}
		if e.To != "" && e.To != to.ID() { // for a dead session: lost
			log = append(log, "lost "+e.String())
			continue
		}
		out := step(t, to, now, &delivery.Receive{Envelope: e})
		log = append(log, to.ID()+" <- "+e.String()+"\n  "+strings.ReplaceAll(lines(out), "\n", "\n  "))
		wire = append(wire, out.Transmit...)
	}
	t.Log("\n" + strings.Join(log, "\n"))
	if b.Peer() != "a2" || a2.Peer() != "b1" || !b.Quiet() || !a2.Quiet() {
		t.Fatalf("not back together: %v / %v", b, a2)
	}
}

// A reloaded peer's new link that first meets its peer's envelopes for the
// old session (still in flight) follows that conversation, then the
// peer's next epoch when the peer moves to it. Nothing was delivered or
// acknowledged on either side yet, so neither link restarts (Connected,
// not PeerRestarted): each carries what it sent over to the new
// conversation, and both messages arrive.
func TestNewLinkMeetsOldConversation(t *testing.T) {
	a, _ := pair(t, delivery.Options{})
	toOld := step(t, &a, t0, &delivery.Send{Message: candidate(1)}).Transmit[0] // for b1, which reloads
	b2 := newLink(t, "b2", delivery.Options{})
	step(t, &b2, t0, &delivery.Send{Message: offer(1)})
	want(t, "b2 meets the old conversation", step(t, &b2, t0, &delivery.Receive{Envelope: toOld}),
		"event connected to a1", "event dropped a1->b1 seq 1 ack 0: candidate: for another session of ours",
		"transmit b2->a1 seq 1 ack 0: offer #1", "transmit b2->a1 ack 0")
	out := step(t, &a, t0, &delivery.Receive{Envelope: delivery.Envelope{From: "b2", To: "a1", Seq: 1, Message: offer(1)}})
	want(t, "a follows b2", out, "event connected to b2",
		"event dropped b2->a1 seq 1 ack 0: offer #1: for another session of ours",
		"transmit a1/1->b2 seq 1 ack 0: candidate", "transmit a1/1->b2 ack 0")
	want(t, "b2 follows a's next epoch", step(t, &b2, t0, &delivery.Receive{Envelope: out.Transmit[0]}),
		"event connected to a1", "deliver candidate", "transmit b2->a1/1 seq 1 ack 0: offer #1", "transmit b2->a1/1 ack 1")
	got := step(t, &a, t0, &delivery.Receive{Envelope: delivery.Envelope{From: "b2", To: "a1", ToEpoch: 1, Seq: 1, Ack: 1, Message: offer(1)}})
	if len(got.Deliver) != 1 || got.Deliver[0].OfferID != 1 || a.Unacknowledged() != 0 {
		t.Fatalf("a delivered %v with %d unacknowledged, want b2's offer and nothing waiting", got.Deliver, a.Unacknowledged())
	}
}
