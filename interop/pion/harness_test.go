package pion

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

var logSteps = flag.Bool("steps", false, "log every Step of the pair tests, not only on failure")

// loopbackAPI makes PeerConnections that gather host candidates on
// 127.0.0.1 only (UDP over lo, no mDNS, no STUN), so that two of them in
// one process connect without any network.
func loopbackAPI() *webrtc.API {
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetInterfaceFilter(func(name string) bool { return name == "lo" })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithSettingEngine(se))
}

// side is one peer of a test: a pion PeerConnection, its Peer and what the
// observer saw.
type side struct {
	name string
	pc   *webrtc.PeerConnection
	peer *Peer

	collisions atomic.Int32 // Collision events
	accepted   atomic.Int32 // ... with Accepted
	rejected   atomic.Int32 // Rejected events
	opFailed   atomic.Int32 // ... reporting an OpFailed
	dropped    atomic.Int32 // OfferDropped events
	midHazard  atomic.Int32 // MidCollision events
	sent       atomic.Int32 // SendCandidate actions (not end-of-candidates)
	notLocal   atomic.Int32 // IgnoreCandidate(ReasonNotLocal) actions
	done       chan struct{}
	err        error // Run's result, once done is closed
}

// link is an ordered signaling channel to a Peer: every message goes
// through JSON and arrives after a random delay up to max, in order, drawn
// from rng (seeded; only the deliver goroutine draws).
type link struct {
	ch   chan []byte
	max  time.Duration
	rng  *rand.Rand
	sent atomic.Int32 // messages sent
}

func (l *link) send(m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	select {
	case l.ch <- b:
		l.sent.Add(1)
		return nil
	default:
		return fmt.Errorf("link full")
	}
}

func (l *link) deliver(t *testing.T, to func() *Peer, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case b := <-l.ch:
			if l.max > 0 {
				time.Sleep(time.Duration(l.rng.Int64N(int64(l.max))))
			}
			m, err := DecodeMessage(b)
			if err != nil {
				t.Errorf("decode %s: %v", b, err)
				continue
			}
			to().Receive(m)
		}
	}
}

// pairConfig says how to build a pair.
type pairConfig struct {
	aRole   negotiation.Role // b gets the other
	opts    negotiation.Options
	delay   time.Duration // maximum signaling delay per message
	appNN   bool          // IgnoreStackNegotiationNeeded: the test calls Negotiate
	force   bool          // ForceRollback: opts.Rollback as given
	seed    uint64        // of the links' delays
	timeout time.Duration
}

// pair is two sides connected by in-process signaling, both Running.
type pair struct {
	a, b   *side
	ctx    context.Context
	logMu  sync.Mutex
	log    []string // observer lines, dumped on failure
	cfgNN  bool
	stopCh chan struct{}
	links  [2]*link // to A, to B
}

func other(r negotiation.Role) negotiation.Role {
	if r == negotiation.Polite {
		return negotiation.Impolite
	}
	return negotiation.Polite
}

// newPair builds and starts two sides; cleanup stops and closes everything.
func newPair(t *testing.T, cfg pairConfig) *pair {
	t.Helper()
	if cfg.timeout == 0 {
		cfg.timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	api := loopbackAPI()
	p := &pair{ctx: ctx, cfgNN: cfg.appNN, stopCh: make(chan struct{})}
	toA := &link{ch: make(chan []byte, 4096), max: cfg.delay, rng: rand.New(rand.NewPCG(cfg.seed, 1))}
	toB := &link{ch: make(chan []byte, 4096), max: cfg.delay, rng: rand.New(rand.NewPCG(cfg.seed, 2))}
	p.links = [2]*link{toA, toB}
	mk := func(name string, role negotiation.Role, out *link) *side {
		pc, err := api.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		s := &side{name: name, pc: pc, done: make(chan struct{})}
		s.peer, err = New(pc, role, Options{
			Negotiation:                  cfg.opts,
			Send:                         out.send,
			IgnoreStackNegotiationNeeded: cfg.appNN,
			ForceRollback:                cfg.force,
			Observe: func(in negotiation.Input, o negotiation.Output, m negotiation.Machine, err error) {
				if err != nil {
					s.rejected.Add(1)
				}
				for _, e := range o.Events {
					switch e := e.(type) {
					case *negotiation.Collision:
						s.collisions.Add(1)
						if e.Accepted {
							s.accepted.Add(1)
						}
					case *negotiation.OfferDropped:
						s.dropped.Add(1)
					case *negotiation.MidCollision:
						s.midHazard.Add(1)
					case *negotiation.Rejected:
						s.rejected.Add(1)
						if errors.Is(e.Err, negotiation.ErrOperationFailed) {
							s.opFailed.Add(1)
						}
					}
				}
				for _, a := range o.Actions {
					switch a := a.(type) {
					case *negotiation.SendCandidate:
						if !a.Candidate.IsEnd() {
							s.sent.Add(1)
						}
					case *negotiation.IgnoreCandidate:
						if a.Reason == negotiation.ReasonNotLocal {
							s.notLocal.Add(1)
						}
					}
				}
				p.record(name, in, o, m)
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	p.a = mk("A", cfg.aRole, toB)
	p.b = mk("B", other(cfg.aRole), toA)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); toA.deliver(t, func() *Peer { return p.a.peer }, p.stopCh) }()
	go func() { defer wg.Done(); toB.deliver(t, func() *Peer { return p.b.peer }, p.stopCh) }()
	for _, s := range []*side{p.a, p.b} {
		go func() {
			defer close(s.done)
			s.err = s.peer.Run(ctx)
		}()
	}
	t.Cleanup(func() {
		cancel()
		close(p.stopCh)
		wg.Wait()
		for _, s := range []*side{p.a, p.b} {
			<-s.done
			if err := s.pc.Close(); err != nil {
				t.Errorf("%s: close: %v", s.name, err)
			}
		}
		if t.Failed() || *logSteps {
			p.logMu.Lock()
			t.Log("steps:\n" + strings.Join(p.log, "\n"))
			p.logMu.Unlock()
		}
	})
	return p
}

// record keeps a line per Step, for the failure log.
func (p *pair) record(name string, in negotiation.Input, o negotiation.Output, m negotiation.Machine) {
	line := fmt.Sprintf("%s %s: %T", time.Now().Format("15:04:05.000"), name, in)
	for _, a := range o.Actions {
		line += fmt.Sprintf(" | %v", a)
	}
	for _, e := range o.Events {
		line += fmt.Sprintf(" | event %v", e)
	}
	line += " || " + m.State().String()
	p.logMu.Lock()
	p.log = append(p.log, line)
	p.logMu.Unlock()
}

// negotiate reports a change on s when the test feeds negotiation itself.
func (p *pair) negotiate(s *side) {
	if p.cfgNN {
		s.peer.Negotiate()
	}
}

// settled reports whether both sides are stable and idle with nothing to
// negotiate, nothing queued, and each side's transceiver count is want.
func (p *pair) settled(want int) error {
	for _, s := range []*side{p.a, p.b} {
		m := s.peer.Machine()
		req, neg := m.Generations()
		s.peer.mu.Lock()
		queued := len(s.peer.queue)
		s.peer.mu.Unlock()
		switch {
		case m.State() != signaling.Stable || s.pc.SignalingState() != webrtc.SignalingStateStable:
			return fmt.Errorf("%s: machine %v, pion %v", s.name, m.State(), s.pc.SignalingState())
		case m.Busy() || m.NegotiationNeeded() || queued > 0:
			return fmt.Errorf("%s: busy %v, negotiationNeeded %v, queued %d", s.name, m.Busy(), m.NegotiationNeeded(), queued)
		case req > neg:
			return fmt.Errorf("%s: requested %d > negotiated %d", s.name, req, neg)
		case len(s.pc.GetTransceivers()) != want:
			return fmt.Errorf("%s: %d transceivers, want %d", s.name, len(s.pc.GetTransceivers()), want)
		}
	}
	return nil
}

// waitSettled polls until settled holds three times in a row, a Run ends,
// or the context ends.
func (p *pair) waitSettled(t *testing.T, want int) {
	t.Helper()
	holdsThrice(t, func() error { return p.settled(want) }, func() error {
		select {
		case <-p.ctx.Done():
			return errors.New("not settled")
		case <-p.a.done:
			return fmt.Errorf("A: Run returned %v", p.a.err)
		case <-p.b.done:
			return fmt.Errorf("B: Run returned %v", p.b.err)
		default:
			return nil
		}
	})
}

// holdsThrice polls check every 10 ms until it holds three times in a
// row, and fails the test when stop gives a reason first (with check's
// last error).
func holdsThrice(t *testing.T, check, stop func() error) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var err error
	for n := 0; n < 3; <-tick.C {
		if why := stop(); why != nil {
			t.Fatalf("%v: %v", why, err)
		}
		if err = check(); err != nil {
			n = 0
			continue
		}
		n++
	}
}
