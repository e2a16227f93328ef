package pion

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/webrtc/v4"
)

// TestRenegotiate runs five rounds without glare (a first negotiation and
// four renegotiations), the sides taking turns to add an audio transceiver
// (A also opens a data channel in the first), then an ICE restart, then
// data both ways.
func TestRenegotiate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		aRole negotiation.Role
		appNN bool
	}{
		{"A-polite", negotiation.Polite, false},
		{"A-impolite", negotiation.Impolite, false},
		{"A-polite/app-negotiate", negotiation.Polite, true},
		{"A-impolite/app-negotiate", negotiation.Impolite, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPair(t, pairConfig{aRole: tc.aRole, delay: 2 * time.Millisecond, appNN: tc.appNN})
			bOpen := make(chan *webrtc.DataChannel, 1)
			bGot := make(chan []byte, 1)
			p.b.pc.OnDataChannel(func(dc *webrtc.DataChannel) {
				dc.OnMessage(func(msg webrtc.DataChannelMessage) { bGot <- msg.Data })
				dc.OnOpen(func() { bOpen <- dc })
			})
			var aDC *webrtc.DataChannel
			aOpen := make(chan struct{})
			aGot := make(chan []byte, 1)
			for round := range 5 {
				s := p.a
				if round%2 == 1 {
					s = p.b
				}
				if round == 0 {
					var err error
					if aDC, err = s.pc.CreateDataChannel("chat", nil); err != nil {
						t.Fatal(err)
					}
					aDC.OnMessage(func(msg webrtc.DataChannelMessage) { aGot <- msg.Data })
					aDC.OnOpen(func() { close(aOpen) })
				}
				if _, err := s.pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
					t.Fatal(err)
				}
				p.negotiate(s)
				p.waitSettled(t, round+1)
				checkAgree(t, p)
			}

			before := p.b.peer.Machine().Session().CurrentLocal().SDP
			p.b.peer.RestartICE()
			p.waitSettled(t, 5)
			checkAgree(t, p)
			after := p.b.peer.Machine().Session().CurrentLocal().SDP
			if ufrag(before) == ufrag(after) {
				t.Errorf("ICE restart kept ufrag %q", ufrag(after))
			}

			var bDC *webrtc.DataChannel
			select {
			case bDC = <-bOpen:
			case <-p.ctx.Done():
				t.Fatal("B: data channel not open")
			}
			select {
			case <-aOpen:
			case <-p.ctx.Done():
				t.Fatal("A: data channel not open")
			}
			exchange(t, p.ctx, aDC, bGot, []byte("hello from A\x00\xff"))
			exchange(t, p.ctx, bDC, aGot, []byte("hello from B"))

			for _, s := range []*side{p.a, p.b} {
				if n := s.collisions.Load(); n != 0 {
					t.Errorf("%s: %d collisions without glare", s.name, n)
				}
				if n := s.rejected.Load(); n != 0 {
					t.Errorf("%s: %d rejected inputs", s.name, n)
				}
			}
		})
	}
}

// checkAgree checks that each side's machine holds what the other sent and
// what pion applied.
func checkAgree(t *testing.T, p *pair) {
	t.Helper()
	for _, s := range [][2]*side{{p.a, p.b}, {p.b, p.a}} {
		local, remote := s[0].peer.Machine().Session(), s[1].peer.Machine().Session()
		if local.CurrentLocal() != remote.CurrentRemote() {
			t.Errorf("%s's local description is not %s's remote one", s[0].name, s[1].name)
		}
		if d := s[0].pc.CurrentRemoteDescription(); d == nil || d.SDP != local.CurrentRemote().SDP {
			t.Errorf("%s: pion's remote description is not the machine's", s[0].name)
		}
	}
}

// ufrag returns the first ice-ufrag of sdp.
func ufrag(sdp string) string {
	_, rest, _ := strings.Cut(sdp, "a=ice-ufrag:")
	u, _, _ := strings.Cut(rest, "\r\n")
	return u
}

// exchange sends msg on dc and checks that got receives it.
func exchange(t *testing.T, ctx context.Context, dc *webrtc.DataChannel, got <-chan []byte, msg []byte) {
	t.Helper()
	if err := dc.Send(msg); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, msg) {
			t.Errorf("received %q, want %q", b, msg)
		}
	case <-ctx.Done():
		t.Fatalf("%q not received", msg)
	}
}

// TestGlarePolitePion negotiates once, then makes both sides change at once
// until an offer collision happens: the polite pion peer must roll back and cannot, so its
// Run ends promptly with ErrRollbackUnsupported, explicit or implicit.
func TestGlarePolitePion(t *testing.T) {
	for _, tc := range []struct {
		name     string
		aRole    negotiation.Role
		implicit bool
	}{
		{"A-polite", negotiation.Polite, false},
		{"B-polite", negotiation.Impolite, false},
		{"A-polite/implicit", negotiation.Polite, true},
		{"B-polite/implicit", negotiation.Impolite, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPair(t, pairConfig{
				aRole:   tc.aRole,
				opts:    negotiation.Options{Rollback: map[bool]negotiation.RollbackMode{true: negotiation.ImplicitRollback}[tc.implicit]},
				force:   true,
				delay:   10 * time.Millisecond,
				timeout: 15 * time.Second,
			})
			polite, impolite := p.a, p.b
			if tc.aRole == negotiation.Impolite {
				polite, impolite = p.b, p.a
			}
			// Connect first, so that the glare is a renegotiation.
			if _, err := polite.pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
				t.Fatal(err)
			}
			p.waitSettled(t, 1)
			for round := 1; ; round++ {
				start := make(chan struct{})
				errs := make(chan error, 2)
				for _, s := range []*side{p.a, p.b} {
					go func() {
						<-start
						_, err := s.pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio)
						errs <- err
					}()
				}
				close(start)
				for range 2 {
					if err := <-errs; err != nil {
						t.Fatal(err)
					}
				}
				if waitGlare(p, polite) {
					break
				}
				if round == 10 {
					t.Fatal("no collision in 10 rounds")
				}
			}
			select {
			case <-polite.done:
			case <-p.ctx.Done():
				t.Fatal("polite Run did not return")
			}
			err := polite.err
			if !errors.Is(err, ErrRollbackUnsupported) {
				t.Fatalf("polite Run: %v, want ErrRollbackUnsupported", err)
			}
			var re *RollbackError
			if !errors.As(err, &re) {
				t.Fatalf("polite Run: %T, want *RollbackError", err)
			}
			if re.Role != negotiation.Polite || re.State != webrtc.SignalingStateHaveLocalOffer || re.Implicit != tc.implicit || re.Cause == nil {
				t.Errorf("RollbackError %+v", *re)
			}
			prefixOnce(t, err)
			if polite.accepted.Load() == 0 {
				t.Error("polite: no accepted collision")
			}
			select {
			case <-impolite.done:
				t.Errorf("impolite Run returned %v", impolite.err)
			default:
			}
			t.Logf("%v", err)
		})
	}
}

// waitGlare waits until the polite side's Run ends (true) or the pair
// settles without a collision (false).
func waitGlare(p *pair, polite *side) bool {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for n := 0; n < 3; {
		select {
		case <-polite.done:
			return true
		case <-p.ctx.Done():
			return true // the caller reports the hang
		case <-tick.C:
		}
		n++
		if p.settled(len(p.a.pc.GetTransceivers())) != nil || polite.collisions.Load() > 0 {
			n = 0
		}
	}
	return false
}

// TestRollbackSupported: pion v4 cannot roll back a local offer.
func TestRollbackSupported(t *testing.T) {
	for _, api := range []*webrtc.API{nil, loopbackAPI()} {
		ok, err := RollbackSupported(api)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Error("RollbackSupported = true; pion v4.2.26 cannot roll back")
		}
	}
	refusal, err := defaultProbe()
	if err != nil || refusal == nil {
		t.Fatalf("probe: %v, %v", refusal, err)
	}
	t.Logf("pion's refusal: %v", refusal)
}

// TestPionQuirks pins down what pion does with rollbacks and
// end-of-candidates, as the package doc describes.
func TestPionQuirks(t *testing.T) {
	api := loopbackAPI()
	newPC := func() *webrtc.PeerConnection {
		pc, err := api.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = pc.Close() })
		if _, err := pc.CreateDataChannel("x", nil); err != nil {
			t.Fatal(err)
		}
		return pc
	}
	a, b := newPC(), newPC()
	offerA, err := a.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetLocalDescription(offerA); err != nil {
		t.Fatal(err)
	}
	offerB, err := b.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}

	// Rollback fails both with no SDP (the W3C form) and with the offer's.
	for _, sdp := range []string{"", offerA.SDP} {
		if err := a.SetLocalDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeRollback, SDP: sdp}); err == nil {
			t.Errorf("SetLocalDescription(rollback, %d bytes) succeeded", len(sdp))
		}
	}
	// No implicit rollback: a remote offer in have-local-offer fails.
	if err := a.SetRemoteDescription(offerB); err == nil {
		t.Error("SetRemoteDescription(offer) in have-local-offer succeeded")
	}
	if s := a.SignalingState(); s != webrtc.SignalingStateHaveLocalOffer {
		t.Errorf("state %v after the failures, want have-local-offer", s)
	}

	// End-of-candidates: refused before a remote description, then a no-op.
	end := toPionCandidate(sdptype.Candidate{})
	if err := b.AddICECandidate(end); err == nil {
		t.Error("AddICECandidate(end) without a remote description succeeded")
	}
	if err := b.SetRemoteDescription(offerA); err != nil {
		t.Fatal(err)
	}
	if err := b.AddICECandidate(end); err != nil {
		t.Errorf("AddICECandidate(end): %v", err)
	}
	if err := b.AddICECandidate(toPionCandidate(sdptype.Candidate{SDPMid: "0", SDPMLineIndex: sdptype.Index(0)})); err != nil {
		t.Errorf("AddICECandidate(end, mid 0): %v", err)
	}
}
