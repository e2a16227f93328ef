package browser

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/ice/v4"
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
}

// pionSide is what the pion peer's observer saw, for the test goroutine.
type pionSide struct {
	mu         sync.Mutex
	m          negotiation.Machine
	collisions int
	ignored    int
	dropped    int // OfferDropped events
	rejected   []string
}

func (s *pionSide) observe(_ negotiation.Input, out negotiation.Output, m negotiation.Machine, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = m
	if err != nil {
		s.rejected = append(s.rejected, err.Error())
	}
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

func (s *pionSide) settled() (bool, int, int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, neg := s.m.Generations()
	ok := s.m.State() == signaling.Stable && s.m.Quiet() && !s.m.NegotiationNeeded() && req == neg
	return ok, s.collisions, s.ignored, s.dropped
}

// browserAPI gathers UDP4 host candidates with raw IPs on every interface
// (loopback included), as Chromium does with mDNS hiding off: the two
// meet on this machine's addresses. Its media engine has Opus and the audio
// header extensions Chromium offers, registered in the order of Chromium's
// IDs so that pion gives them the same IDs: Chromium refuses a remote offer
// that renumbers the extensions of an offer it rolled back (see
// TestChromiumRollbackKeepsExtmapIDs), and pion's own numbering differs.
func browserAPI(t *testing.T, pg *Page) *webrtc.API {
	var uris []string
	if err := pg.Eval("audioExtensions()", &uris); err != nil {
		t.Fatal(err)
	}
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	var me webrtc.MediaEngine
	err := me.RegisterCodec(webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"},
		PayloadType:        111,
	}, webrtc.RTPCodecTypeAudio)
	for _, uri := range uris { // pion numbers them 1, 2, 3... in this order
		if err == nil {
			err = me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: uri}, webrtc.RTPCodecTypeAudio)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	api := webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(&me))
	checkExtmap(t, api, uris)
	return api
}

// checkExtmap checks that pion offers the extensions with Chromium's IDs.
func checkExtmap(t *testing.T, api *webrtc.API, uris []string) {
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
	for i, uri := range uris {
		if line := fmt.Sprintf("a=extmap:%d %s\r\n", i+1, uri); !strings.Contains(offer.SDP, line) {
			t.Fatalf("pion does not offer %q with Chromium's ID:\n%s", line, offer.SDP)
		}
	}
	t.Logf("pion offers Chromium's %d audio header extensions with Chromium's IDs", len(uris))
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
	for _, implicit := range []bool{false, true} {
		t.Run(fmt.Sprintf("implicit-rollback=%t", implicit), func(t *testing.T) { pionBrowser(t, negotiation.Impolite, implicit) })
	}
	t.Run("pion-polite-deferred", func(t *testing.T) { pionBrowser(t, negotiation.Polite, false) })
}

func pionBrowser(t *testing.T, pionRole negotiation.Role, implicit bool) {
	pg := page(t)
	rl := newRelay()
	signals.set(rl)
	defer signals.set(nil)

	pc, err := browserAPI(t, pg).NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	var ps pionSide
	peer, err := pion.New(pc, pionRole, pion.Options{Send: rl.send, Observe: ps.observe})
	if err != nil {
		t.Fatal(err)
	}
	rl.toPion = peer.Receive
	var got []string
	var gotMu sync.Mutex
	yes, id := true, uint16(0)
	dc, err := pc.CreateDataChannel("chat", &webrtc.DataChannelInit{Negotiated: &yes, ID: &id})
	if err != nil {
		t.Fatal(err)
	}
	dc.OnMessage(func(m webrtc.DataChannelMessage) {
		gotMu.Lock()
		got = append(got, string(m.Data))
		gotMu.Unlock()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- peer.Run(ctx) }()
	defer func() {
		rl.control(map[string]string{"control": "stop"})
		peer.Close()
		if err := <-runErr; err != nil {
			t.Errorf("pion Run: %v", err)
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
	var ok bool
	if err := pg.Eval(fmt.Sprintf("startPionPeer({implicitRollback: %t, polite: %t})", implicit, pionRole == negotiation.Impolite), &ok); err != nil || !ok {
		t.Fatalf("startPionPeer: %v", err)
	}

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
			bs = state()
			settled, _, _, _ := ps.settled()
			ts := pc.GetTransceivers()
			withMid := 0
			for _, tr := range ts {
				if tr.Mid() != "" {
					withMid++
				}
			}
			if len(bs.Failures) > 0 {
				t.Fatalf("%s: browser failures: %s\n%s", what, strings.Join(bs.Failures, "; "), strings.Join(bs.Log, "\n"))
			}
			if settled && pc.SignalingState() == webrtc.SignalingStateStable && len(ts) == 2*rounds && withMid == 2*rounds &&
				bs.Settled && bs.State == "stable" && bs.Transceivers == 2*rounds && maps.Equal(bs.Directions, wantDirs) {
				return
			}
			select {
			case err := <-runErr:
				runErr <- err
				t.Fatalf("%s: pion Run ended: %v", what, err)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not converged: pion settled=%t state=%s transceivers=%d (%d with a mid); browser %+v\n%s",
					what, settled, pc.SignalingState(), len(ts), withMid, bs, strings.Join(bs.Log, "\n"))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	converge("setup", 0)

	passed := 0
	start := time.Now()
	for round := 1; round <= *pionRounds; round++ {
		_, pionBefore, ignoredBefore, droppedBefore := ps.settled()
		browserBefore := maps.Clone(bs.Stats)
		rl.mu.Lock()
		released := rl.released
		rl.mu.Unlock()
		rl.arm()
		rl.control(map[string]string{"control": "add"})
		if _, err := peer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
			t.Fatal(err)
		}
		converge(fmt.Sprintf("round %d", round), round)
		_, pionAfter, ignoredAfter, droppedAfter := ps.settled()
		rl.mu.Lock()
		opened := rl.released > released
		rl.mu.Unlock()
		if pionRole == negotiation.Polite {
			// Both offers crossed; the browser ignored pion's, and pion
			// dropped its unapplied offer and accepted the browser's.
			if !opened || pionAfter == pionBefore || droppedAfter == droppedBefore || bs.Stats["collisions"] == browserBefore["collisions"] ||
				bs.Stats["accepted"] != browserBefore["accepted"] {
				t.Fatalf("round %d did not glare: gate opened=%t, pion collisions %d->%d dropped %d->%d, browser collisions %v->%v accepted %v->%v",
					round, opened, pionBefore, pionAfter, droppedBefore, droppedAfter,
					browserBefore["collisions"], bs.Stats["collisions"], browserBefore["accepted"], bs.Stats["accepted"])
			}
			passed++
			continue
		}
		// Both offers crossed; pion ignored the browser's, and the browser
		// accepted pion's (rolling back itself, unless the stack does).
		rolledBack := implicit || bs.Stats["rollbacks"] > browserBefore["rollbacks"]
		if !opened || pionAfter == pionBefore || ignoredAfter == ignoredBefore || bs.Stats["accepted"] == browserBefore["accepted"] || !rolledBack {
			t.Fatalf("round %d did not glare: gate opened=%t, pion collisions %d->%d ignored %d->%d, browser accepted %v->%v rollbacks %v->%v",
				round, opened, pionBefore, pionAfter, ignoredBefore, ignoredAfter,
				browserBefore["accepted"], bs.Stats["accepted"], browserBefore["rollbacks"], bs.Stats["rollbacks"])
		}
		passed++
	}
	elapsed := time.Since(start)

	if err := dc.SendText("hello from pion"); err != nil {
		t.Fatal(err)
	}
	rl.control(map[string]string{"control": "send", "text": "hello from the browser"})
	deadline := time.Now().Add(20 * time.Second)
	for {
		bs = state()
		gotMu.Lock()
		done := len(got) == 1 && len(bs.Got) == 1
		gotMu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("data channel: pion got %q, browser got %q (dc %s, ice %s)", got, bs.Got, bs.DC, bs.ICE)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got[0] != "hello from the browser" || bs.Got[0] != "hello from pion" {
		t.Errorf("data channel: pion got %q, browser got %q", got, bs.Got)
	}
	if r := ps.rejected; len(r) > 0 {
		t.Errorf("pion machine rejected: %s", strings.Join(r, "; "))
	}
	if pionRole == negotiation.Polite {
		t.Logf("figure pion(polite, deferred offers) vs browser(impolite): %d/%d forced glare rounds passed in %v (%.0f ms/round); pion dropped offers %d, browser ignored messages %v",
			passed, *pionRounds, elapsed.Round(time.Millisecond), float64(elapsed.Milliseconds())/float64(*pionRounds), ps.dropped, bs.Stats["ignored"])
		return
	}
	t.Logf("figure pion(impolite) vs browser(polite, implicit-rollback=%t): %d/%d forced glare rounds passed in %v (%.0f ms/round); browser SetLocal(rollback) %v, pion ignored offers %d",
		implicit, passed, *pionRounds, elapsed.Round(time.Millisecond), float64(elapsed.Milliseconds())/float64(*pionRounds), bs.Stats["rollbacks"], ps.ignored)
}
