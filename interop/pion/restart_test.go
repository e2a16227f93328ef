package pion

import (
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
)

// TestDeferredRestartSendsCandidates: a polite pion peer (deferred offers)
// restarts ICE. pion restarts its agent and gathers when it creates the
// offer, and gathers nothing more when it applies it: the candidates of
// the new credentials must be sent, not dropped as belonging to no local
// description.
func TestDeferredRestartSendsCandidates(t *testing.T) {
	p := newPair(t, pairConfig{aRole: negotiation.Polite, delay: 2 * time.Millisecond})
	if _, err := p.a.pc.CreateDataChannel("chat", nil); err != nil {
		t.Fatal(err)
	}
	p.waitSettled(t, 0)
	time.Sleep(200 * time.Millisecond) // the first gathering is over
	sent, notLocal := p.a.sent.Load(), p.a.notLocal.Load()
	p.a.peer.RestartICE()
	p.waitSettled(t, 0)
	for deadline := time.Now().Add(5 * time.Second); p.a.sent.Load() == sent; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no candidate sent after the ICE restart (%d dropped as not local)", p.a.notLocal.Load()-notLocal)
		}
	}
	if n := p.a.notLocal.Load() - notLocal; n > 0 {
		t.Errorf("%d candidates of the restart dropped as not local", n)
	}
}
