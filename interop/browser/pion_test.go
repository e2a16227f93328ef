package browser

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

var pionRounds = flag.Int("pion.rounds", 21, "forced glare rounds between pion and the browser")

// browserState is what window.pionPeerState() returns.
type browserState struct {
	State        string             `json:"state"`
	Settled      bool               `json:"settled"`
	Transceivers int                `json:"transceivers"`
	Own          int                `json:"own"`
	Directions   map[string]int     `json:"directions"`
	DC           string             `json:"dc"`
	ICE          string             `json:"ice"`
	Got          []string           `json:"got"`
	Failures     []string           `json:"failures"`
	Stats        map[string]float64 `json:"stats"`
	Log          []string           `json:"log"`
	Stopped      bool               `json:"stopped"` // the page's poll loop has ended
	Link         map[string]int     `json:"link"`    // the page's EnvelopeLink stats, with envelopes
}

// pionSide is what the pion peer's observer saw, for the test goroutine.
type pionSide struct {
	mu         sync.Mutex
	m          negotiation.Machine
	collisions int
	ignored    int
	dropped    int // OfferDropped events
	rejected   []string
	log        []string // the last pionLogLines Steps, for a failure's message
}

const pionLogLines = 80

func (s *pionSide) observe(in negotiation.Input, out negotiation.Output, m negotiation.Machine, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = m
	what := fmt.Sprintf("%T", in)
	switch in := in.(type) {
	case *negotiation.ReceivedDescription:
		what += "(" + in.Description.Type.String() + ")"
	case *negotiation.OpFailed:
		what += fmt.Sprintf("(%v)", in.Err)
	}
	line := fmt.Sprintf("%s pion %s -> %v %v %v", time.Now().Format("15:04:05.000"), what, m.State(), out.Actions, out.Events)
	if err != nil {
		line += " refused: " + err.Error()
		s.rejected = append(s.rejected, err.Error())
	}
	if len(s.log) == pionLogLines {
		s.log = slices.Delete(s.log, 0, 1)
	}
	s.log = append(s.log, line)
	for _, e := range out.Events {
		switch e := e.(type) {
		case *negotiation.Collision:
			s.collisions++
		case *negotiation.OfferDropped:
			s.dropped++
		case *negotiation.Rejected:
			s.rejected = append(s.rejected, e.Err.Error())
		}
	}
	for _, a := range out.Actions {
		if _, ok := a.(*negotiation.IgnoreDescription); ok {
			s.ignored++
		}
	}
}

// trace returns what the machine refused, then the logged Steps, one a
// line.
func (s *pionSide) trace() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "pion refused [" + strings.Join(s.rejected, "; ") + "]\n" + strings.Join(s.log, "\n")
}

func (s *pionSide) settled() (bool, int, int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, neg := s.m.Generations()
	ok := s.m.State() == signaling.Stable && s.m.Quiet() && !s.m.NegotiationNeeded() && req == neg
	return ok, s.collisions, s.ignored, s.dropped
}

// browserAPI gathers UDP4 host candidates with raw IPs on every interface
// (loopback included), as the browsers do with mDNS names off: the two
// meet on this machine's addresses. Its media engine has Opus and the audio
// header extensions the browser offers, with the browser's IDs: Chromium
// refuses a remote offer that renumbers the extensions of an offer it
// rolled back (see TestChromiumRollbackKeepsExtmapIDs), and pion's own
// numbering differs.
//
// Its ICE credentials are fixed (random, one pair per test), so that an
// ICE restart pion makes by mistake keeps them. pion applies the first
// answer's ICE credentials later, in its operations queue; a remote offer
// applied before that finds none, and pion takes it for an ICE restart and
// answers with new credentials. Chromium takes that answer; Firefox
// refuses it ("Remote description indicates ICE restart but offer did not
// request ICE restart"). The browser's machine offers its own change right
// after answering the set-up's colliding offer, and over the bad relay,
// whose link holds an early offer until the answer comes, the two arrive
// together.
func browserAPI(t *testing.T, pg Page) *webrtc.API {
	var exts []extension
	if err := pg.Eval("audioExtensions()", &exts); err != nil {
		t.Fatal(err)
	}
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetICECredentials(randomString(16), randomString(32))
	var me webrtc.MediaEngine
	err := me.RegisterCodec(webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"},
		PayloadType:        111,
	}, webrtc.RTPCodecTypeAudio)
	// pion gives each extension, in the order registered, the smallest ID
	// free: an ID the browser skips (Firefox's 4-6) goes to a video
	// extension that no audio section offers.
	next := 1
	for _, e := range exts {
		for ; next < e.ID && err == nil; next++ {
			err = me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: fmt.Sprintf("urn:glare-rtc:unused:%d", next)}, webrtc.RTPCodecTypeVideo)
		}
		if err == nil {
			err = me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: e.URI}, webrtc.RTPCodecTypeAudio)
		}
		next++
	}
	if err != nil {
		t.Fatal(err)
	}
	// An empty interceptor registry: NewAPI's default one adds the
	// transport-cc extension, which Firefox 140 does not offer for audio.
	api := webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(&me), webrtc.WithInterceptorRegistry(&interceptor.Registry{}))
	checkExtmap(t, api, exts)
	return api
}

// randomString returns n random letters and digits.
func randomString(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rand.IntN(len(chars))]
	}
	return string(b)
}

// extension is one RTP header extension the browser offers.
type extension struct {
	ID  int    `json:"id"`
	URI string `json:"uri"`
}

// checkExtmap checks that pion offers the browser's audio extensions with
// the browser's IDs, and no other.
func checkExtmap(t *testing.T, api *webrtc.API, exts []extension) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exts {
		if line := fmt.Sprintf("a=extmap:%d %s\r\n", e.ID, e.URI); !strings.Contains(offer.SDP, line) {
			t.Fatalf("pion does not offer %q with the browser's ID:\n%s", line, offer.SDP)
		}
	}
	if n := strings.Count(offer.SDP, "a=extmap:"); n != len(exts) {
		t.Fatalf("pion offers %d header extensions, the browser %d:\n%s", n, len(exts), offer.SDP)
	}
	t.Logf("pion offers the browser's %d audio header extensions with the browser's IDs %v", len(exts), exts)
}

// TestPionBrowserGlare: a pion peer (impolite, the documented
// workaround for pion's missing rollback) against the browser (polite, our
// machine in WebAssembly) over HTTP signaling on 127.0.0.1. In every round
// both add an audio transceiver at once and the relay's gate makes their
// offers cross: the pion peer ignores the browser's offer, the browser rolls
// back and answers, then offers again. Each round must glare on both sides
// and converge (stable, 2 transceivers more on each side, all negotiated);
// at the end the data channel carries a message each way.
//
// With the roles reversed, pion is the polite peer and cannot roll back:
// the adapter defers its offers. In every round the browser (impolite)
// ignores pion's offer, and pion drops its unapplied offer and answers the
// browser's, then offers again.
func TestPionBrowserGlare(t *testing.T) {
	browsers(t, func(t *testing.T, browser string) {
		for _, implicit := range []bool{false, true} {
			t.Run(fmt.Sprintf("implicit-rollback=%t", implicit), func(t *testing.T) {
				pionBrowser(t, pionBrowserRun{browser: browser, role: negotiation.Impolite, implicit: implicit, rounds: *pionRounds})
			})
		}
		t.Run("pion-polite-deferred", func(t *testing.T) {
			pionBrowser(t, pionBrowserRun{browser: browser, role: negotiation.Polite, rounds: *pionRounds})
		})
	})
}

// TestBadRelayBrowser: the forced glare rounds of TestPionBrowserGlare with
// both peers speaking the envelopes of package delivery (pion through a
// pion.Link, the page through its EnvelopeLink, the same Go code in
// WebAssembly) over a relay that loses about 10% of the envelopes, copies
// 10% and delays each copy up to 50 ms, so that they reorder. Every round
// must glare and converge, and the data channel must carry a message each
// way at the end. In the third run the page reloads after 5 rounds: pion's
// link reports the new session, the test replaces pion's connection as an
// application would, and 5 more rounds glare and converge on the new
// connections.
func TestBadRelayBrowser(t *testing.T) {
	rounds := max(*pionRounds/2, 1)
	browsers(t, func(t *testing.T, browser string) {
		t.Run("pion-impolite", func(t *testing.T) {
			pionBrowser(t, pionBrowserRun{browser: browser, role: negotiation.Impolite, rounds: rounds, bad: true, seed: 1})
		})
		t.Run("pion-polite-deferred", func(t *testing.T) {
			pionBrowser(t, pionBrowserRun{browser: browser, role: negotiation.Polite, rounds: rounds, bad: true, seed: 2})
		})
		t.Run("pion-impolite-page-reload", func(t *testing.T) {
			pionBrowser(t, pionBrowserRun{browser: browser, role: negotiation.Impolite, rounds: rounds / 2, reloadAfter: rounds - rounds/2, bad: true, seed: 3})
		})
	})
}

// pionBrowserRun says how to run pion against the page.
type pionBrowserRun struct {
	browser  string           // chromium or firefox
	role     negotiation.Role // pion's; the page gets the other
	implicit bool             // the page's machine uses ImplicitRollback
	rounds   int              // forced glare rounds
	// bad: the messages travel in envelopes of package delivery (a
	// pion.Link, the page's EnvelopeLink) over a relay that loses, copies
	// and reorders them (badRelay); seed draws its faults.
	bad  bool
	seed uint64
	// reloadAfter, if not 0, reloads the page after that many rounds (a
	// new session); pion's link reports the restart and the test replaces
	// pion's connection, as an application would; then rounds more rounds
	// run on the new connections.
	reloadAfter int
}

// The bad relay of issue 9: about 10% of messages lost, 10% copied, each
// copy delayed up to 50 ms (so messages reorder). The links' first
// retransmission comes after badRTO.
const (
	badDrop, badDup = 0.10, 0.10
	badDelay        = 50 * time.Millisecond
	badRTO          = 200 * time.Millisecond
)

// pionConn is the pion end of one connection: its PeerConnection, Peer,
// observer, data channel and what it received.
type pionConn struct {
	pc     *webrtc.PeerConnection
	peer   *pion.Peer
	ps     *pionSide
	dc     *webrtc.DataChannel
	gotMu  sync.Mutex
	got    []string
	runErr chan error
	cancel func()
}

func newPionConn(t *testing.T, api *webrtc.API, role negotiation.Role, send func(pion.Message) error) *pionConn {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	c := &pionConn{pc: pc, ps: new(pionSide), runErr: make(chan error, 1)}
	if c.peer, err = pion.New(pc, role, pion.Options{Send: send, Observe: c.ps.observe}); err != nil {
		t.Fatal(err)
	}
	yes, id := true, uint16(0)
	if c.dc, err = pc.CreateDataChannel("chat", &webrtc.DataChannelInit{Negotiated: &yes, ID: &id}); err != nil {
		t.Fatal(err)
	}
	c.dc.OnMessage(func(m webrtc.DataChannelMessage) {
		c.gotMu.Lock()
		c.got = append(c.got, string(m.Data))
		c.gotMu.Unlock()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	c.cancel = cancel
	go func() { c.runErr <- c.peer.Run(ctx) }()
	return c
}

// close closes the Peer and reports the error its Run ended with, unless
// the connection was replaced (a Send after the page reloaded).
func (c *pionConn) close(t *testing.T) {
	c.peer.Close()
	if err := <-c.runErr; err != nil && !errors.Is(err, pion.ErrReplaced) {
		t.Errorf("pion Run: %v", err)
	}
	c.cancel()
}

func pionBrowser(t *testing.T, run pionBrowserRun) {
	pg := pageFor(t, run.browser)
	rl := newRelay()
	signals.set(rl)
	defer signals.set(nil)
	api := browserAPI(t, pg)

	// cur is pion's connection; a restart of the page replaces it.
	var cur atomic.Pointer[pionConn]
	var oldMu sync.Mutex
	var old []*pionConn // replaced ones, closed at the end
	var link *pion.Link
	var restarts, retransmitted, duplicates atomic.Int32
	var ending atomic.Bool // the test is ending: the link is closed
	if run.bad {
		rl.envelopes = true
		rl.faults = &faults{rng: rand.New(rand.NewPCG(run.seed, 9)), drop: badDrop, dup: badDup, maxDelay: badDelay}
		var err error
		link, err = pion.NewLink(pion.LinkOptions{
			Session:  fmt.Sprintf("pion-%d", run.seed),
			Delivery: delivery.Options{RTO: badRTO},
			Transmit: rl.transmit,
			Deliver:  func(m pion.Message) { cur.Load().peer.Receive(m) },
			Event: func(e delivery.Event) {
				switch e := e.(type) {
				case *delivery.PeerRestarted:
					// The page reloaded: a new PeerConnection and Peer for
					// its new session, before the messages that follow.
					restarts.Add(1)
					oldMu.Lock()
					prev := cur.Swap(newPionConn(t, api, run.role, link.Send()))
					old = append(old, prev)
					oldMu.Unlock()
					go prev.peer.Close() // not under the link's lock: Close waits for pion
				case *delivery.Retransmitted:
					retransmitted.Add(1)
				case *delivery.Dropped:
					if e.Reason == delivery.ReasonDuplicate {
						duplicates.Add(1)
					}
				case *delivery.Failed:
					t.Errorf("pion link: %v", e)
				}
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			ending.Store(true)
			rl.stop()
			link.Close()
		}()
		rl.toPion = func(b []byte) {
			if err := link.Receive(b); err != nil && !ending.Load() {
				t.Errorf("pion link: %v", err)
			}
		}
		cur.Store(newPionConn(t, api, run.role, link.Send()))
	} else {
		cur.Store(newPionConn(t, api, run.role, rl.send))
		rl.toPion = func(b []byte) {
			m, err := pion.DecodeMessage(b)
			if err != nil {
				m = pion.Message{} // Receive reports it: Run ends with pion.ErrMessage
			}
			cur.Load().peer.Receive(m)
		}
	}
	defer func() {
		rl.control(map[string]string{"control": "stop"})
		cur.Load().close(t)
		oldMu.Lock()
		defer oldMu.Unlock()
		for _, c := range old {
			c.close(t)
		}
		// Wait for the page's poll loop to end: one still running would take
		// the next test's messages from its relay.
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var s browserState
			if err := pg.Eval("pionPeerState()", &s); err != nil || s.Stopped {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("the page's poll loop did not stop")
				break
			}
		}
	}()
	session := 0
	start := func() {
		t.Helper()
		session++
		var ok bool
		expr := fmt.Sprintf("startPionPeer({implicitRollback: %t, polite: %t})", run.implicit, run.role == negotiation.Impolite)
		if run.bad {
			expr = fmt.Sprintf("startPionPeer({implicitRollback: %t, polite: %t, session: 'page-%d-%d', rtoMs: %d})",
				run.implicit, run.role == negotiation.Impolite, run.seed, session, badRTO.Milliseconds())
		}
		if err := pg.Eval(expr, &ok); err != nil || !ok {
			t.Fatalf("startPionPeer: %v", err)
		}
	}
	start()

	var bs browserState
	state := func() browserState {
		var s browserState
		if err := pg.Eval("pionPeerState()", &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// converge waits until both sides are stable and idle after round
	// rounds: on each side 2*rounds transceivers, all negotiated (pion's
	// with a mid; the browser's own sendonly and pion's recvonly).
	converge := func(what string, rounds int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		wantDirs := map[string]int{"own sendonly": rounds, "pion recvonly": rounds}
		if rounds == 0 {
			wantDirs = map[string]int{}
		}
		for {
			c := cur.Load()
			bs = state()
			settled, _, _, _ := c.ps.settled()
			ts := c.pc.GetTransceivers()
			withMid := 0
			for _, tr := range ts {
				if tr.Mid() != "" {
					withMid++
				}
			}
			if len(bs.Failures) > 0 {
				t.Fatalf("%s: browser failures: %s\n%s", what, strings.Join(bs.Failures, "; "), strings.Join(bs.Log, "\n"))
			}
			if settled && c.pc.SignalingState() == webrtc.SignalingStateStable && len(ts) == 2*rounds && withMid == 2*rounds &&
				bs.Settled && bs.State == "stable" && bs.Transceivers == 2*rounds && maps.Equal(bs.Directions, wantDirs) {
				return
			}
			select {
			case err := <-c.runErr:
				c.runErr <- err
				if cur.Load() == c { // not the connection a reload replaced meanwhile
					t.Fatalf("%s: pion Run ended: %v", what, err)
				}
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not converged: pion settled=%t state=%s transceivers=%d (%d with a mid); browser %+v\n%s\n%s",
					what, settled, c.pc.SignalingState(), len(ts), withMid, bs, strings.Join(bs.Log, "\n"), c.ps.trace())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	converge("setup", 0)

	passed, total, round := 0, run.rounds+run.reloadAfter, 0
	begin := time.Now()
	for i := 1; i <= total; i++ {
		if run.reloadAfter > 0 && i == run.reloadAfter+1 {
			// Reload at once: acknowledgements are still on their way to the
			// old page and reach the new one first, whose link follows pion's
			// old conversation and then its next epoch: no restart there
			// (package delivery, TestNewLinkMeetsOldConversation).
			if err := pg.Reload(); err != nil {
				t.Fatal(err)
			}
			start()
			converge("after the reload", 0)
			if restarts.Load() != 1 {
				t.Fatalf("after the reload: pion's link saw %d restarts, want 1", restarts.Load())
			}
			round = 0
		}
		round++
		c := cur.Load()
		_, pionBefore, ignoredBefore, droppedBefore := c.ps.settled()
		browserBefore := maps.Clone(bs.Stats)
		rl.mu.Lock()
		released := rl.released
		rl.mu.Unlock()
		rl.arm()
		rl.control(map[string]string{"control": "add"})
		if _, err := c.peer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
			t.Fatal(err)
		}
		converge(fmt.Sprintf("round %d", i), round)
		_, pionAfter, ignoredAfter, droppedAfter := c.ps.settled()
		rl.mu.Lock()
		opened := rl.released > released
		rl.mu.Unlock()
		if run.role == negotiation.Polite {
			// Both offers crossed; the browser ignored pion's, and pion
			// dropped its unapplied offer and accepted the browser's.
			if !opened || pionAfter == pionBefore || droppedAfter == droppedBefore || bs.Stats["collisions"] == browserBefore["collisions"] ||
				bs.Stats["accepted"] != browserBefore["accepted"] {
				t.Fatalf("round %d did not glare: gate opened=%t, pion collisions %d->%d dropped %d->%d, browser collisions %v->%v accepted %v->%v",
					i, opened, pionBefore, pionAfter, droppedBefore, droppedAfter,
					browserBefore["collisions"], bs.Stats["collisions"], browserBefore["accepted"], bs.Stats["accepted"])
			}
			passed++
			continue
		}
		// Both offers crossed; pion ignored the browser's, and the browser
		// accepted pion's (rolling back itself, unless the stack does).
		rolledBack := run.implicit || bs.Stats["rollbacks"] > browserBefore["rollbacks"]
		if !opened || pionAfter == pionBefore || ignoredAfter == ignoredBefore || bs.Stats["accepted"] == browserBefore["accepted"] || !rolledBack {
			t.Fatalf("round %d did not glare: gate opened=%t, pion collisions %d->%d ignored %d->%d, browser accepted %v->%v rollbacks %v->%v",
				i, opened, pionBefore, pionAfter, ignoredBefore, ignoredAfter,
				browserBefore["accepted"], bs.Stats["accepted"], browserBefore["rollbacks"], bs.Stats["rollbacks"])
		}
		passed++
	}
	elapsed := time.Since(begin)

	c := cur.Load()
	if err := c.dc.SendText("hello from pion"); err != nil {
		t.Fatal(err)
	}
	rl.control(map[string]string{"control": "send", "text": "hello from the browser"})
	deadline := time.Now().Add(20 * time.Second)
	for {
		bs = state()
		c.gotMu.Lock()
		got := slices.Clone(c.got)
		c.gotMu.Unlock()
		if len(got) == 1 && len(bs.Got) == 1 {
			if got[0] != "hello from the browser" || bs.Got[0] != "hello from pion" {
				t.Errorf("data channel: pion got %q, browser got %q", got, bs.Got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("data channel: pion got %q, browser got %q (dc %s, ice %s)", got, bs.Got, bs.DC, bs.ICE)
		}
		time.Sleep(10 * time.Millisecond)
	}
	oldMu.Lock()
	conns := append(slices.Clone(old), c)
	oldMu.Unlock()
	for _, c := range conns {
		c.ps.mu.Lock()
		if r := c.ps.rejected; len(r) > 0 {
			t.Errorf("pion machine rejected: %s", strings.Join(r, "; "))
		}
		c.ps.mu.Unlock()
	}
	perRound := float64(elapsed.Milliseconds()) / float64(total)
	if run.bad {
		rl.mu.Lock()
		f := *rl.faults
		rl.mu.Unlock()
		t.Logf("figure pion(%v) vs %s over the bad relay (seed %d, %d page reload): %d/%d forced glare rounds passed in %v (%.0f ms/round); relay: %d envelopes, %d lost, %d copied; pion link: %d retransmissions, %d duplicates dropped, %d restarts; page link: %v",
			run.role, run.browser, run.seed, min(run.reloadAfter, 1), passed, total, elapsed.Round(time.Millisecond), perRound,
			f.sent, f.lost, f.copied, retransmitted.Load(), duplicates.Load(), restarts.Load(), bs.Link)
		return
	}
	if run.role == negotiation.Polite {
		t.Logf("figure pion(polite, deferred offers) vs %s(impolite): %d/%d forced glare rounds passed in %v (%.0f ms/round); pion dropped offers %d, browser ignored messages %v",
			run.browser, passed, total, elapsed.Round(time.Millisecond), perRound, c.ps.dropped, bs.Stats["ignored"])
		return
	}
	t.Logf("figure pion(impolite) vs %s(polite, implicit-rollback=%t): %d/%d forced glare rounds passed in %v (%.0f ms/round); browser SetLocal(rollback) %v, pion ignored offers %d",
		run.browser, run.implicit, passed, total, elapsed.Round(time.Millisecond), perRound, bs.Stats["rollbacks"], c.ps.ignored)
}
