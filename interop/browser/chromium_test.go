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
// keeps-extmap.txt shows what the machine does when it happens.
//
// The control must apply. After a rollback, either outcome passes (a
// Chromium that fixes this must not turn CI red), and the figure line says
// which one this build shows; anything else fails.
func TestChromiumRollbackKeepsExtmapIDs(t *testing.T) {
	rollbackExtmap(t, chromium,
		"InvalidAccessError: Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': Failed to set remote offer sdp: RTP extension ID reassignment not supported",
		"applies: as RULES 3 says; this Chromium restores the IDs, update the scenario and interop/README.md",
		"refused: Chromium keeps the rolled-back IDs, unlike RULES 3")
}

// rollbackExtmap runs web/probes.js probeRollbackExtmap in browser without
// a rollback (the control, which must apply) and after an explicit and an
// implicit one, where the offer applies (applied says what that means) or
// is refused with an error starting with refused (refusedVerdict); the
// figure line gives the verdict, anything else fails.
func rollbackExtmap(t *testing.T, browser, refused, applied, refusedVerdict string) {
	p := pageFor(t, browser)
	for _, rollback := range []string{"none", "explicit", "implicit"} {
		var got string
		if err := p.Eval(`probeRollbackExtmap("`+rollback+`")`, &got); err != nil {
			t.Fatal(err)
		}
		verdict := ""
		switch {
		case got == "ok have-remote-offer" && rollback == "none":
			verdict = "applies (control)"
		case got == "ok have-remote-offer":
			verdict = applied
		case strings.HasPrefix(got, refused) && rollback != "none":
			verdict = refusedVerdict
			if got != refused {
				verdict += " (" + got + ")"
			}
		default:
			t.Errorf("rollback %s: unexpected %q", rollback, got)
			continue
		}
		t.Logf("figure %s %s rollback, then a remote offer with other extmap IDs: %s", browser, rollback, verdict)
	}
}
