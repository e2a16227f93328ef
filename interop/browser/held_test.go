package browser

import (
	"fmt"
	"testing"
)

// TestHeldSDP: an SDP string crosses into WebAssembly once per peer, and
// the machine's output gives the page its own string back instead of a
// copy (wasm/main.go, bridge.Output.AppendJSON): with deferred offers, the
// browser's offer is copied in at CreateOfferDone and sent by reference;
// the answer is copied in; the SetLocal of the deferred offer refers to the
// page's string, and SetLocalDone with that string copies nothing; the
// SetRemote of the answer refers to it.
func TestHeldSDP(t *testing.T) {
	browsers(t, func(t *testing.T, browser string) {
		p := pageFor(t, browser)
		var r struct {
			Offer, Answer int
			Steps         []struct {
				Kind         string
				Copied       int
				Descriptions []string
				Actions      []string
			}
		}
		if err := p.Eval("probeHeldSDP()", &r); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"negotiationneeded copied 0 [createoffer] []",
			fmt.Sprintf("createofferdone copied %d [send] [ref]", r.Offer),
			fmt.Sprintf("description copied %d [setlocal] [ref]", r.Offer+r.Answer),
			fmt.Sprintf("setlocaldone copied %d [setremote] [ref]", r.Offer+r.Answer),
		}
		if len(r.Steps) != len(want) {
			t.Fatalf("%d steps: %+v", len(r.Steps), r.Steps)
		}
		for i, s := range r.Steps {
			if got := fmt.Sprintf("%s copied %d %v %v", s.Kind, s.Copied, s.Actions, s.Descriptions); got != want[i] {
				t.Errorf("step %d: %s, want %s", i, got, want[i])
			}
		}
	})
}
