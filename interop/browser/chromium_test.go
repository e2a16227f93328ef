package browser

import (
	"strings"
	"testing"
)

// TestChromiumRollbackKeepsExtmapIDs records where Chromium disagrees with
// RULES 3 (a rollback restores the last stable state; JSEP 5.7): after an
// offer is rolled back, explicitly or inside SRD, the RTP header extension
// IDs of its new m-section stay registered, and a remote offer that gives
// that mid other IDs is refused. Without the rollback the same offer
// applies. libwebrtc keeps a history of extension IDs per connection since
// Chrome 148 (commit 5788235, webrtc issue 503013383). This broke polite
// Chromium against pion (another numbering) under glare; the pion test
// gives pion Chromium's IDs, and testdata/negotiation/chromium-rollback-
// keeps-extmap.txt shows what the machine does when it happens. If this test
// fails because Chromium now accepts the offer, update both.
func TestChromiumRollbackKeepsExtmapIDs(t *testing.T) {
	p := page(t)
	for _, c := range []struct{ rollback, want string }{
		{"none", "ok have-remote-offer"},
		{"explicit", "InvalidAccessError: Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': Failed to set remote offer sdp: RTP extension ID reassignment not supported"},
		{"implicit", "InvalidAccessError: Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': Failed to set remote offer sdp: RTP extension ID reassignment not supported"},
	} {
		var got string
		if err := p.Eval(`probeRollbackExtmap("`+c.rollback+`")`, &got); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("rollback %s: got %q, want %q...", c.rollback, got, c.want)
		}
		t.Logf("figure chromium rollback=%s then remote offer with other extmap IDs: %.120s", c.rollback, got)
	}
}
