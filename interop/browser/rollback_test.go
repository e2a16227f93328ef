package browser

import (
	"slices"
	"strings"
	"testing"
)

// TestRefusedCollidingOffer: with ImplicitRollback, a polite peer's offer
// meets a remote offer that the machine accepts and the browser refuses (no
// DTLS fingerprint). Chromium checks the offer before rolling back and keeps
// ours. Firefox keeps the implicit rollback, as the W3C text says: the page
// tells the machine (OpFailed.RolledBack), which follows the browser to
// stable and offers its change again. Either way the machine and the
// browser must end in have-local-offer with our offer out, and the only
// failures are the browser's refusal and the machine's Rejected event for
// it.
func TestRefusedCollidingOffer(t *testing.T) {
	browsers(t, func(t *testing.T, browser string) {
		p := pageFor(t, browser)
		var r struct {
			States   []string `json:"states"`
			Offers   int      `json:"offers"`
			Machine  string   `json:"machine"`
			Browser  string   `json:"browser"`
			Failures []string `json:"failures"`
		}
		if err := p.Eval("probeRefusedCollidingOffer()", &r); err != nil {
			t.Fatal(err)
		}
		kept := slices.Equal(r.States, []string{"have-local-offer"})
		rolledBack := slices.Equal(r.States, []string{"have-local-offer", "stable", "have-local-offer"})
		if !kept && !rolledBack || r.Offers != map[bool]int{false: 1, true: 2}[rolledBack] ||
			r.Machine != "have-local-offer" || r.Browser != "have-local-offer" ||
			len(r.Failures) != 2 || !strings.HasPrefix(r.Failures[1], "polite: rejected: ") {
			t.Fatalf("states %v, offers %d, machine %s, browser %s, failures %q", r.States, r.Offers, r.Machine, r.Browser, r.Failures)
		}
		verdict := "the browser kept our offer"
		if rolledBack {
			verdict = "the browser kept its implicit rollback; the machine followed it to stable and offered again"
		}
		t.Logf("figure %s a colliding offer it refuses (%s): %s", browser, strings.TrimPrefix(r.Failures[0], "polite: "), verdict)
	})
}
