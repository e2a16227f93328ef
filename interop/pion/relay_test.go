package pion

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/pion/webrtc/v4"
)

var relayRuns = flag.Int("relay-runs", 5, "runs of each TestBadRelayPion configuration")

// The bad relay of TestBadRelayPion and the links' timeouts.
const (
	relayLoss  = 0.1                   // each envelope is lost with this probability
	relayCopy  = 0.1                   // and copied with this one (the copy on its own delay)
	relayDelay = 50 * time.Millisecond // each arrives after a delay uniform in [0, relayDelay)
	relayRTO   = 150 * time.Millisecond
)

// TestBadRelayPion is the forced glare of TestStressGlarePion between two
// pion peers whose signaling goes through a pion.Link on each side and a
// relay that loses 10% of the envelopes, copies 10% and delays each by
// 0-50 ms (so they reorder). Both make a negotiated data channel, then in
// each of 10 rounds both add a transceiver at once (A audio, B video). A
// run passes only if both end stable and quiet with every transceiver
// negotiated with its kind and direction, a data-channel message crosses
// each way, no Rejected event or refused input occurred on a live
// connection, no link failed or refused an envelope, the relay's
// envelopes all arrived or were lost, and every message envelope that
// arrived was delivered once, dropped with a reason, or held when its
// Link was closed. In the restart variant B reloads in the middle of a
// glare round after 5 rounds: its connection and Link are closed and a new
// Link with a new session id and a new connection take their place. A's
// Link reports PeerRestarted and A replaces its connection from its Event
// handler (B's new Link reports none: meeting A's old conversation first is no restart); the
// new connections settle, and 5 more rounds converge with data both ways.
// Each configuration logs a figure line.
func TestBadRelayPion(t *testing.T) {
	if testing.Short() {
		t.Skip("relay runs take seconds")
	}
	for _, role := range []negotiation.Role{negotiation.Polite, negotiation.Impolite} {
		for _, restart := range []bool{false, true} {
			name := fmt.Sprintf("%s-polite/%s", map[negotiation.Role]string{negotiation.Polite: "A", negotiation.Impolite: "B"}[role],
				map[bool]string{false: "glare", true: "restart"}[restart])
			t.Run(name, func(t *testing.T) {
				var figs []relayFigures
				for run := range *relayRuns {
					t.Run(fmt.Sprint(run), func(t *testing.T) {
						if f := relayRun(t, role, restart, uint64(run)); !t.Failed() {
							figs = append(figs, f)
						}
					})
				}
				if len(figs) == *relayRuns {
					t.Log(relayFigure(name, figs, restart))
				}
			})
		}
	}
}

// relayFigures are what one run measured.
type relayFigures struct {
	rounds                  int           // rounds converged and checked
	converged               time.Duration // from the first round to settled (restart: the rounds before the reload)
	reconnected, after      time.Duration // restart: from the reload to the new connections settled, and the rounds after
	sent, lost, copied      int64         // envelopes, by the relay
	retransmissions, resent int64         // Retransmitted events and the messages they sent again
	drops                   [8]int64      // Dropped events with a message, by delivery.Reason
	held                    int64         // messages held early when a reloaded Link was closed
	ignored                 [16]int64     // Ignore actions of the machines, by negotiation.Reason
	collisions              int64         // Collision events
	offersDropped           int64         // OfferDropped events of the polite peer
	restartsA, restartsB    int64         // PeerRestarted events
	closedRefusals          int64         // refusals on connections closed
}

// relayFigure is the figure line of a configuration.
func relayFigure(name string, figs []relayFigures, restart bool) string {
	dur := func(f func(relayFigures) time.Duration) string {
		var ds []time.Duration
		for _, x := range figs {
			ds = append(ds, f(x))
		}
		slices.Sort(ds)
		return fmt.Sprintf("%v (%v-%v)", ds[len(ds)/2].Round(time.Millisecond), ds[0].Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond))
	}
	var sum relayFigures
	for _, x := range figs {
		sum.rounds += x.rounds
		sum.sent += x.sent
		sum.lost += x.lost
		sum.copied += x.copied
		sum.retransmissions += x.retransmissions
		sum.resent += x.resent
		for i := range x.drops {
			sum.drops[i] += x.drops[i]
		}
		sum.held += x.held
		for i := range x.ignored {
			sum.ignored[i] += x.ignored[i]
		}
		sum.collisions += x.collisions
		sum.offersDropped += x.offersDropped
		sum.restartsA += x.restartsA
		sum.restartsB += x.restartsB
		sum.closedRefusals += x.closedRefusals
	}
	var drops, ignored []string
	for r, n := range sum.drops {
		if n > 0 {
			drops = append(drops, fmt.Sprintf("%s %d", delivery.Reason(r), n))
		}
	}
	for r, n := range sum.ignored {
		if n > 0 {
			ignored = append(ignored, fmt.Sprintf("%s %d", negotiation.Reason(r), n))
		}
	}
	s := fmt.Sprintf("figure pion vs pion over a bad relay (%.0f%% lost, %.0f%% copied, 0-%v) %s: %d/%d runs passed, %d rounds converged; ",
		relayLoss*100, relayCopy*100, relayDelay, name, len(figs), len(figs), sum.rounds)
	if restart {
		s += fmt.Sprintf("converged before the reload median %s, new connections settled %s after it, then converged %s; PeerRestarted at A %d, at B %d; refusals on closed connections %d; ",
			dur(func(x relayFigures) time.Duration { return x.converged }), dur(func(x relayFigures) time.Duration { return x.reconnected }),
			dur(func(x relayFigures) time.Duration { return x.after }), sum.restartsA, sum.restartsB, sum.closedRefusals)
	} else {
		s += fmt.Sprintf("converged median %s; ", dur(func(x relayFigures) time.Duration { return x.converged }))
	}
	return s + fmt.Sprintf("in all: relay envelopes sent %d, lost %d, copied %d; retransmissions %d (%d messages); message envelopes dropped: %s; held when a reloaded Link was closed %d; collisions %d, offers dropped by the polite peer %d; ignored by the machines: %s",
		sum.sent, sum.lost, sum.copied, sum.retransmissions, sum.resent, strings.Join(drops, ", "), sum.held, sum.collisions, sum.offersDropped, strings.Join(ignored, ", "))
}

// relayHarness is two ends, A and B, whose Links talk through a lossy
// relay.
type relayHarness struct {
	ctx   context.Context
	api   *webrtc.API
	relay *lossy
	a, b  *relayEnd

	mu    sync.Mutex // guards conns and log
	conns []*relayConn
	log   []string // transcript, dumped on failure
}

// relayEnd is one peer: its current Link and connection, replaced when it
// reloads or its Link reports PeerRestarted, and what its Links reported.
type relayEnd struct {
	h        *relayHarness
	name     string // "A" or "B"
	role     negotiation.Role
	kind     webrtc.RTPCodecType
	sessions int        // session ids given; owned by the test goroutine
	recvMu   sync.Mutex // serializes arrivals, as one reader of the channel would

	mu   sync.Mutex // guards link and conn
	link *Link
	conn *relayConn
	gen  int // connections made; guarded by recvMu or owned by the setup

	arrived, delivered, dropped, held atomic.Int64 // message envelopes: accepted by Receive, delivered, dropped, held when a reloaded Link was closed
	retransmissions, resent           atomic.Int64
	restarts, failed, refusedEnv      atomic.Int64
	rejected, closedRefusals          atomic.Int64 // Rejected events or refused inputs: on live connections, on closed ones
	handlerErrs                       atomic.Int64
	drops                             [8]atomic.Int64  // Dropped events with a message, by delivery.Reason
	ignored                           [16]atomic.Int64 // Ignore actions, by negotiation.Reason
}

// relayConn is one connection of an end: a side (for pair.settled and
// checkStressDirections), its data channel and what arrived on it.
type relayConn struct {
	*side
	gen    int
	dc     *webrtc.DataChannel
	got    chan string
	closed atomic.Bool // closed by the test
	// peerGone: the other peer's connection was closed by its reload; pion
	// closes this one when DTLS says so.
	peerGone atomic.Bool

	delivered                  atomic.Int64 // messages its end's Link delivered to it
	descriptions, candidates   atomic.Int64 // received ones stepped
	setRemotes, addCandidates  atomic.Int64 // SetRemote and AddCandidate actions
	ignoredDescs, ignoredCands atomic.Int64 // IgnoreDescription, IgnoreCandidate of received candidates
}

// current returns e's Link and connection.
func (e *relayEnd) current() (*Link, *relayConn) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.link, e.conn
}

// logf adds a line to the transcript.
func (h *relayHarness) logf(format string, args ...any) {
	line := time.Now().Format("15:04:05.000 ") + fmt.Sprintf(format, args...)
	h.mu.Lock()
	h.log = append(h.log, line)
	h.mu.Unlock()
}

// record keeps a line per Step, as pair.record does.
func (h *relayHarness) record(name string, in negotiation.Input, o negotiation.Output, m negotiation.Machine, err error) {
	line := fmt.Sprintf("%s: %T", name, in)
	if err != nil {
		line += fmt.Sprintf(" | refused: %v", err)
	}
	for _, a := range o.Actions {
		line += fmt.Sprintf(" | %v", a)
	}
	for _, e := range o.Events {
		line += fmt.Sprintf(" | event %v", e)
	}
	h.logf("%s || %v", line, m.State())
}

// other returns the end that is not e.
func (h *relayHarness) other(e *relayEnd) *relayEnd {
	if e == h.a {
		return h.b
	}
	return h.a
}

// newLink makes e's Link with a new session id; its envelopes go through
// the relay to the other end.
func (h *relayHarness) newLink(e *relayEnd) (*Link, error) {
	other := h.other(e)
	e.sessions++
	session := fmt.Sprintf("%s%d", strings.ToLower(e.name), e.sessions)
	transmit := h.relay.to(other.arrive)
	return NewLink(LinkOptions{
		Session:  session,
		Delivery: delivery.Options{RTO: relayRTO, MaxRTO: 8 * relayRTO, GiveUp: 20 * time.Second},
		Transmit: func(b []byte) {
			if env, err := delivery.DecodeEnvelope(b); err == nil {
				h.logf("%s relay <- %v", session, env)
			}
			transmit(b)
		},
		Deliver: e.deliver,
		Event:   func(ev delivery.Event) { e.event(session, ev) },
	})
}

// arrive feeds an envelope from the relay to e's current Link.
func (e *relayEnd) arrive(b []byte) {
	e.recvMu.Lock()
	defer e.recvMu.Unlock()
	env, err := delivery.DecodeEnvelope(b)
	if err != nil {
		e.refusedEnv.Add(1)
		e.h.logf("%s: undecodable envelope %s: %v", e.name, b, err)
		return
	}
	l, _ := e.current()
	if err := l.Receive(b); err != nil {
		e.refusedEnv.Add(1)
		e.h.logf("%s: Receive(%v): %v", e.name, env, err)
		return
	}
	if env.Seq != 0 {
		e.arrived.Add(1)
	}
}

// deliver hands a message to the current connection's Peer; the Link's
// lock is held.
func (e *relayEnd) deliver(m Message) {
	e.delivered.Add(1)
	_, c := e.current()
	c.delivered.Add(1)
	e.h.logf("%s%d: deliver %v", e.name, c.gen, m)
	c.peer.Receive(m)
}

// event counts a Link's event and replaces the connection on
// PeerRestarted; the Link's lock is held.
func (e *relayEnd) event(session string, ev delivery.Event) {
	e.h.logf("%s link: %v", session, ev)
	switch ev := ev.(type) {
	case *delivery.PeerRestarted:
		e.restarts.Add(1)
		e.endConversation()
		if err := e.replace(); err != nil {
			e.handlerErrs.Add(1)
			e.h.logf("%s: replacing the connection: %v", e.name, err)
		}
	case *delivery.Retransmitted:
		e.retransmissions.Add(1)
		e.resent.Add(int64(ev.Last - ev.First + 1))
	case *delivery.Dropped:
		if ev.Envelope.Seq == 0 {
			break // no message: a hello or an acknowledgement
		}
		e.dropped.Add(1)
		e.drops[ev.Reason].Add(1)
	case *delivery.Failed:
		e.failed.Add(1)
	}
}

// endConversation counts the messages held early (accepted, neither
// delivered nor dropped) when e's conversation ends: a delivery.Link that
// follows a new session drops them with ReasonOldSession before its
// PeerRestarted, so only a closed Link (a reload) leaves some held.
// Arrivals are serialized (recvMu is held), so the counts are exact.
func (e *relayEnd) endConversation() {
	e.held.Add(e.arrived.Load() - e.delivered.Load() - e.dropped.Load() - e.held.Load())
}

// replace closes e's connection and makes a new one, from the Event
// handler of e's Link (its lock and e.recvMu are held).
func (e *relayEnd) replace() error {
	l, old := e.current()
	old.close()
	c, err := e.newConn(l.Send())
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.conn = c
	e.mu.Unlock()
	e.h.logf("%s%d replaces %s%d", e.name, c.gen, e.name, old.gen)
	c.start(e.h.ctx)
	return nil
}

// reload is a reloaded app: e's Link and connection are closed and a new
// Link with a new session id and a new connection take their place.
func (e *relayEnd) reload() error {
	e.recvMu.Lock() // no arrival until the new Link is in place
	defer e.recvMu.Unlock()
	old, oldConn := e.current()
	_, peer := e.h.other(e).current()
	peer.peerGone.Store(true)
	old.Close()
	e.endConversation()
	oldConn.close()
	l, err := e.h.newLink(e)
	if err != nil {
		return err
	}
	c, err := e.newConn(l.Send())
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.link, e.conn = l, c
	e.mu.Unlock()
	e.h.logf("%s reloads: %s%d on %s", e.name, e.name, c.gen, l.State().ID())
	c.start(e.h.ctx)
	return nil
}

// newConn makes a PeerConnection, its Peer (not running) with send, and
// its negotiated data channel (id 0).
func (e *relayEnd) newConn(send func(Message) error) (*relayConn, error) {
	h := e.h
	pc, err := h.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	e.gen++
	c := &relayConn{side: &side{name: e.name, pc: pc, done: make(chan struct{})}, gen: e.gen, got: make(chan string, 16)}
	label := fmt.Sprintf("%s%d", e.name, c.gen)
	c.peer, err = New(pc, e.role, Options{
		Send: send,
		Observe: func(in negotiation.Input, o negotiation.Output, m negotiation.Machine, err error) {
			// A refusal on a connection closed, by the test or by pion when
			// the other peer's went away (DTLS close_notify), is the old
			// connection's end; any other fails the test.
			closed := c.closed.Load()
			refuse := func(err error) {
				if closed || c.peerGone.Load() && errors.Is(err, webrtc.ErrConnectionClosed) {
					e.closedRefusals.Add(1)
				} else {
					e.rejected.Add(1)
				}
			}
			if err != nil {
				refuse(err)
			}
			switch in.(type) {
			case *negotiation.ReceivedDescription:
				c.descriptions.Add(1)
			case *negotiation.ReceivedCandidate:
				c.candidates.Add(1)
			}
			for _, a := range o.Actions {
				switch a := a.(type) {
				case *negotiation.SetRemote:
					c.setRemotes.Add(1)
				case *negotiation.AddCandidate:
					c.addCandidates.Add(1)
				case *negotiation.IgnoreDescription:
					c.ignoredDescs.Add(1)
					e.ignored[a.Reason].Add(1)
				case *negotiation.IgnoreCandidate:
					if a.Reason != negotiation.ReasonNotLocal {
						c.ignoredCands.Add(1)
					}
					e.ignored[a.Reason].Add(1)
				}
			}
			for _, ev := range o.Events {
				switch ev := ev.(type) {
				case *negotiation.Rejected:
					refuse(ev.Err)
				case *negotiation.OfferDropped:
					c.dropped.Add(1)
				case *negotiation.Collision:
					c.collisions.Add(1)
				}
			}
			h.record(label, in, o, m, err)
		},
	})
	if err != nil {
		_ = pc.Close()
		return nil, err
	}
	yes, id := true, uint16(0)
	if c.dc, err = pc.CreateDataChannel("chat", &webrtc.DataChannelInit{Negotiated: &yes, ID: &id}); err != nil {
		_ = pc.Close()
		return nil, err
	}
	c.dc.OnMessage(func(m webrtc.DataChannelMessage) {
		select {
		case c.got <- string(m.Data):
		default:
		}
	})
	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
	return c, nil
}

// start runs c's Peer until ctx ends or it is closed.
func (c *relayConn) start(ctx context.Context) {
	go func() {
		defer close(c.done)
		c.err = c.peer.Run(ctx)
	}()
}

// close marks c closed and closes its Peer and PeerConnection.
func (c *relayConn) close() {
	c.closed.Store(true)
	_ = c.peer.Close()
}

// newRelayHarness builds A (role aRole) and B with their Links and first
// connections, all running; cleanup closes everything and dumps the
// transcript on failure.
func newRelayHarness(t *testing.T, aRole negotiation.Role, seed uint64) *relayHarness {
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	h := &relayHarness{ctx: ctx, api: loopbackAPI(), relay: newLossy(seed, relayLoss, relayCopy, relayDelay)}
	h.a = &relayEnd{h: h, name: "A", role: aRole, kind: webrtc.RTPCodecTypeAudio}
	h.b = &relayEnd{h: h, name: "B", role: other(aRole), kind: webrtc.RTPCodecTypeVideo}
	t.Cleanup(func() {
		cancel()
		for _, e := range []*relayEnd{h.a, h.b} {
			if l, _ := e.current(); l != nil {
				l.Close()
			}
		}
		h.relay.stop()
		h.mu.Lock()
		conns := slices.Clone(h.conns)
		h.mu.Unlock()
		for _, c := range conns {
			c.close()
			select {
			case <-c.done:
			case <-time.After(10 * time.Second):
				t.Errorf("%s%d: Run did not return", c.name, c.gen)
			}
		}
		if t.Failed() || *logSteps {
			h.mu.Lock()
			t.Log("steps:\n" + strings.Join(h.log, "\n"))
			h.mu.Unlock()
		}
	})
	// Envelopes wait until both Links and connections exist, and Peers
	// run after that: a message delivered finds its Peer.
	h.a.recvMu.Lock()
	h.b.recvMu.Lock()
	for _, e := range []*relayEnd{h.a, h.b} {
		l, err := h.newLink(e)
		var c *relayConn
		if err == nil {
			c, err = e.newConn(l.Send())
		}
		if err != nil {
			h.a.recvMu.Unlock()
			h.b.recvMu.Unlock()
			t.Fatal(err)
		}
		e.mu.Lock()
		e.link, e.conn = l, c
		e.mu.Unlock()
	}
	h.a.recvMu.Unlock()
	h.b.recvMu.Unlock()
	for _, e := range []*relayEnd{h.a, h.b} {
		_, c := e.current()
		c.start(ctx)
	}
	return h
}

// ended returns an error if a live connection's Run has returned.
func (h *relayHarness) ended() error {
	for _, e := range []*relayEnd{h.a, h.b} {
		_, c := e.current()
		select {
		case <-c.done:
			if !c.closed.Load() {
				return fmt.Errorf("%s%d: Run returned %v", c.name, c.gen, c.err)
			}
		default:
		}
	}
	return nil
}

// settled reports whether both current connections are stable and quiet
// with want transceivers each (pair.settled: its own and the other's),
// both Links are quiet and the relay is empty.
func (h *relayHarness) settled(want int) error {
	la, ca := h.a.current()
	lb, cb := h.b.current()
	if err := (&pair{a: ca.side, b: cb.side}).settled(want); err != nil {
		return err
	}
	for _, l := range []*Link{la, lb} {
		if st := l.State(); !st.Quiet() {
			return fmt.Errorf("link not quiet: %v", st)
		}
	}
	if n := h.relay.inFlight.Load(); n > 0 {
		return fmt.Errorf("%d envelopes in the relay", n)
	}
	return nil
}

// waitSettled polls settled until it holds three times in a row.
func (h *relayHarness) waitSettled(t *testing.T, want int) {
	t.Helper()
	holdsThrice(t, func() error { return h.settled(want) }, func() error {
		if h.ctx.Err() != nil {
			return fmt.Errorf("not settled with %d transceivers", want)
		}
		return h.ended()
	})
}

// glareRound has both ends add a transceiver of their kind at once.
func (h *relayHarness) glareRound(t *testing.T) {
	t.Helper()
	start := make(chan struct{})
	errs := make(chan error, 2)
	for _, e := range []*relayEnd{h.a, h.b} {
		go func() {
			_, c := e.current()
			<-start
			_, err := c.peer.AddTransceiverFromKind(e.kind)
			errs <- err
		}()
	}
	close(start)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// check checks the current connections after they settled with rounds
// transceivers each: directions and kinds, data both ways, and no refusal,
// failure or refused envelope so far.
func (h *relayHarness) check(t *testing.T, rounds int, text string) {
	t.Helper()
	_, ca := h.a.current()
	_, cb := h.b.current()
	kinds := map[string]webrtc.RTPCodecType{"A": h.a.kind, "B": h.b.kind}
	for _, c := range []*relayConn{ca, cb} {
		checkStressDirections(t, c.side, kinds, rounds)
	}
	for _, c := range []*relayConn{ca, cb} {
		if err := sendWhenOpen(c.dc, text+" from "+c.name); err != nil {
			t.Fatalf("%s%d: %v", c.name, c.gen, err)
		}
	}
	for _, w := range []struct {
		c    *relayConn
		from string
	}{{ca, "B"}, {cb, "A"}} {
		select {
		case m := <-w.c.got:
			if want := text + " from " + w.from; m != want {
				t.Fatalf("%s%d: data channel got %q, want %q", w.c.name, w.c.gen, m, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s%d: no data-channel message", w.c.name, w.c.gen)
		}
	}
	for _, e := range []*relayEnd{h.a, h.b} {
		if n := e.rejected.Load(); n > 0 {
			t.Errorf("%s: %d Rejected events or refused inputs on live connections", e.name, n)
		}
		if n, m, k := e.failed.Load(), e.refusedEnv.Load(), e.handlerErrs.Load(); n+m+k > 0 {
			t.Errorf("%s: %d Failed, %d envelopes refused, %d replacements failed", e.name, n, m, k)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// account checks, once settled, that the relay's envelopes all arrived or
// were lost, and that at each end every message envelope accepted was
// delivered, dropped with a reason, or held when its Link was closed.
func (h *relayHarness) account(t *testing.T) {
	t.Helper()
	r := h.relay
	if sent, lost, copied, arrived := r.sent.Load(), r.lost.Load(), r.copied.Load(), r.arrived.Load(); arrived != sent-lost+copied {
		t.Errorf("relay: %d envelopes sent, %d lost, %d copied, but %d arrived", sent, lost, copied, arrived)
	}
	for _, e := range []*relayEnd{h.a, h.b} {
		e.recvMu.Lock()
		arrived, delivered, dropped, held := e.arrived.Load(), e.delivered.Load(), e.dropped.Load(), e.held.Load()
		e.recvMu.Unlock()
		if arrived != delivered+dropped+held {
			t.Errorf("%s: %d message envelopes arrived: %d delivered + %d dropped + %d held when a reloaded Link was closed", e.name, arrived, delivered, dropped, held)
		}
		_, c := e.current()
		if d, s := c.delivered.Load(), c.descriptions.Load()+c.candidates.Load(); d != s {
			t.Errorf("%s%d: %d messages delivered, %d stepped", c.name, c.gen, d, s)
		}
		if d, r, i := c.descriptions.Load(), c.setRemotes.Load(), c.ignoredDescs.Load(); d != r+i {
			t.Errorf("%s%d: %d descriptions received: %d applied + %d ignored", c.name, c.gen, d, r, i)
		}
		if n, a, i := c.candidates.Load(), c.addCandidates.Load(), c.ignoredCands.Load(); n != a+i {
			t.Errorf("%s%d: %d candidates received: %d added + %d ignored", c.name, c.gen, n, a, i)
		}
	}
	// A replaced connection's Run ends with Close, or with its Send
	// refused (ErrReplaced, or the closed Link of a reload).
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.conns {
		select {
		case <-c.done:
			if c.err != nil && !errors.Is(c.err, ErrSend) {
				t.Errorf("%s%d: Run returned %v", c.name, c.gen, c.err)
			}
		default:
		}
	}
}

// relayRun runs one TestBadRelayPion configuration, its relay seeded
// with seed.
func relayRun(t *testing.T, aRole negotiation.Role, restart bool, seed uint64) relayFigures {
	const rounds = 10
	h := newRelayHarness(t, aRole, seed)
	rng := rand.New(rand.NewPCG(seed, 0x726f756e64))
	polite := h.a
	if aRole == negotiation.Impolite {
		polite = h.b
	}
	var f relayFigures
	before := rounds
	if restart {
		before = rounds / 2
	}
	start := time.Now()
	for range before {
		h.glareRound(t)
		time.Sleep(time.Duration(rng.Int64N(int64(40 * time.Millisecond))))
	}
	h.waitSettled(t, 2*before)
	f.converged = time.Since(start)
	h.check(t, before, "before")
	f.rounds = before
	if restart {
		h.glareRound(t) // abandoned: B reloads in the middle of it
		time.Sleep(time.Duration(rng.Int64N(int64(relayDelay))))
		start = time.Now()
		if err := h.b.reload(); err != nil {
			t.Fatal(err)
		}
		h.waitSettled(t, 0)
		f.reconnected = time.Since(start)
		if a, b := h.a.restarts.Load(), h.b.restarts.Load(); a != 1 || b != 0 {
			t.Fatalf("PeerRestarted events: A %d, want 1; B %d, want 0", a, b)
		}
		start = time.Now()
		after := rounds - before
		for range after {
			h.glareRound(t)
			time.Sleep(time.Duration(rng.Int64N(int64(40 * time.Millisecond))))
		}
		h.waitSettled(t, 2*after)
		f.after = time.Since(start)
		h.check(t, after, "after")
		f.rounds += after
	}
	h.account(t)
	h.mu.Lock()
	for _, c := range h.conns {
		f.collisions += int64(c.collisions.Load())
		if c.name == polite.name {
			f.offersDropped += int64(c.dropped.Load())
		}
	}
	h.mu.Unlock()
	r := h.relay
	f.sent, f.lost, f.copied = r.sent.Load(), r.lost.Load(), r.copied.Load()
	for _, e := range []*relayEnd{h.a, h.b} {
		f.retransmissions += e.retransmissions.Load()
		f.resent += e.resent.Load()
		for i := range e.drops {
			f.drops[i] += e.drops[i].Load()
		}
		f.held += e.held.Load()
		for i := range e.ignored {
			f.ignored[i] += e.ignored[i].Load()
		}
		f.closedRefusals += e.closedRefusals.Load()
	}
	f.restartsA, f.restartsB = h.a.restarts.Load(), h.b.restarts.Load()
	return f
}
