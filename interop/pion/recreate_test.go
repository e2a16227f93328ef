package pion

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/pion/webrtc/v4"
)

// TestGlareVsRecreate times one glare resolution with deferred offers
// against what pion users do today without rollback (pion#2133): close the
// PeerConnection and negotiate a new one. Deferred: two connected pion peers
// (a data channel, one transceiver each) both add a transceiver at the same
// moment; the time runs until both are stable and quiet with four
// transceivers and a data-channel message has crossed each way. Re-created:
// two new PeerConnections with the same content (a data channel, two
// transceivers each) negotiate it, one side's changes after the other's so
// that they do not glare again, until the same end. Runs alternate; the
// medians and their ratio are reported.
func TestGlareVsRecreate(t *testing.T) {
	if testing.Short() {
		t.Skip("timing runs take seconds")
	}
	const runs = 5
	var deferred, recreated []time.Duration
	for i := range runs {
		t.Run("deferred", func(t *testing.T) { deferred = append(deferred, timeDeferredGlare(t)) })
		t.Run("recreated", func(t *testing.T) { recreated = append(recreated, timeRecreate(t)) })
		if t.Failed() {
			t.Fatalf("run %d failed", i)
		}
	}
	slices.Sort(deferred)
	slices.Sort(recreated)
	d, r := deferred[runs/2], recreated[runs/2]
	t.Logf("figure glare resolved by deferred offers %v (%v-%v) vs a re-created PeerConnection %v (%v-%v), medians of %d runs: ratio %.2f",
		d.Round(time.Millisecond), deferred[0].Round(time.Millisecond), deferred[runs-1].Round(time.Millisecond),
		r.Round(time.Millisecond), recreated[0].Round(time.Millisecond), recreated[runs-1].Round(time.Millisecond), runs, float64(d)/float64(r))
}

// timeDeferredGlare connects a pair (A polite: deferred offers), then
// times a glare until settled with data crossing both ways.
func timeDeferredGlare(t *testing.T) time.Duration {
	p := newPair(t, pairConfig{aRole: negotiation.Polite, delay: 5 * time.Millisecond})
	dcs := openChannels(t, p)
	for _, s := range []*side{p.a, p.b} {
		if _, err := s.peer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
			t.Fatal(err)
		}
	}
	p.waitSettled(t, 2)
	crossData(t, dcs, "before")
	start := time.Now()
	var wg sync.WaitGroup
	for _, s := range []*side{p.a, p.b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.peer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	p.waitSettled(t, 4)
	crossData(t, dcs, "after")
	took := time.Since(start)
	if p.a.collisions.Load()+p.b.collisions.Load() == 0 {
		t.Log("no collision this run") // the adds did not cross; the time still counts
	}
	return took
}

// timeRecreate times two new PeerConnections negotiating the same content.
func timeRecreate(t *testing.T) time.Duration {
	start := time.Now()
	p := newPair(t, pairConfig{aRole: negotiation.Polite, delay: 5 * time.Millisecond, appNN: true})
	dcs := openChannels(t, p)
	for _, s := range []*side{p.a, p.b} {
		for range 2 {
			if _, err := s.peer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
				t.Fatal(err)
			}
		}
	}
	p.a.peer.Negotiate()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) {
		// A's offer answered: B has its two and A's two
		if len(p.b.pc.GetTransceivers()) == 4 && p.a.peer.Machine().Quiet() && p.b.peer.Machine().Quiet() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("A's negotiation did not end")
		}
	}
	p.b.peer.Negotiate()
	p.waitSettled(t, 4)
	crossData(t, dcs, "after")
	return time.Since(start)
}

// openChannels creates a negotiated data channel on both sides of p.
func openChannels(t *testing.T, p *pair) map[*side]*webrtc.DataChannel {
	yes, id := true, uint16(0)
	dcs := map[*side]*webrtc.DataChannel{}
	for _, s := range []*side{p.a, p.b} {
		dc, err := s.pc.CreateDataChannel("chat", &webrtc.DataChannelInit{Negotiated: &yes, ID: &id})
		if err != nil {
			t.Fatal(err)
		}
		dcs[s] = dc
	}
	return dcs
}

// crossData sends text each way on the data channels and waits for both.
func crossData(t *testing.T, dcs map[*side]*webrtc.DataChannel, text string) {
	t.Helper()
	got := make(chan string, 2)
	for _, dc := range dcs {
		dc.OnMessage(func(m webrtc.DataChannelMessage) { got <- string(m.Data) })
	}
	for _, dc := range dcs {
		if err := sendWhenOpen(dc, text); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		select {
		case m := <-got:
			if m != text {
				t.Fatalf("data channel: got %q, want %q", m, text)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("data channel: no message")
		}
	}
}
