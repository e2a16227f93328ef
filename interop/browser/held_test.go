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

// TestCandidateFromPage: a candidate crosses in the input's JSON and is
// read as sdptype.Candidate's JSON (a member of another type is a
// TypeError, a null one is null), and is written back whole (here in an
// Ignore: no local description yet), nulls as Chromium's toJSON writes them.
// An unknown handle is refused before Go is called.
func TestCandidateFromPage(t *testing.T) {
	browsers(t, func(t *testing.T, browser string) {
		p := pageFor(t, browser)
		var got []string
		err := p.Eval(`(() => {
			const h = glare.newPeer('impolite', 'explicit');
			const out = [];
			for (const c of [{candidate: 5}, {candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMLineIndex: 1.5},
				{sdpMid: {}}, {sdpMLineIndex: '0'}, {sdpMLineIndex: 65536}]) {
				const r = glare.step(h, {kind: 'localcandidate', candidate: c});
				out.push(r instanceof Error ? r.message : 'accepted ' + JSON.stringify(r));
			}
			out.push(glare.step(h + 1000, {kind: 'negotiationneeded'}).message);
			const c = {candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: null, sdpMLineIndex: 0, usernameFragment: null};
			const r = glare.step(h, {kind: 'localcandidate', candidate: c});
			const a = r.actions[0];
			out.push(a.do + ' ' + JSON.stringify(a.candidate));
			return out;
		})()`, &got)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`glare: bridge: bad input: sdptype: TypeError: candidate "candidate": member of the wrong type: json: cannot unmarshal number into Go value of type string`,
			`glare: bridge: bad input: sdptype: TypeError: candidate "sdpMLineIndex": member of the wrong type: json: cannot unmarshal number 1.5 into Go value of type uint16`,
			`glare: bridge: bad input: sdptype: TypeError: candidate "sdpMid": member of the wrong type: json: cannot unmarshal object into Go value of type string`,
			`glare: bridge: bad input: sdptype: TypeError: candidate "sdpMLineIndex": member of the wrong type: json: cannot unmarshal string into Go value of type uint16`,
			`glare: bridge: bad input: sdptype: TypeError: candidate "sdpMLineIndex": member of the wrong type: json: cannot unmarshal number 65536 into Go value of type uint16`,
			"glare: step(handle, input): unknown handle or no input",
			`ignore {"candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host","sdpMid":"","sdpMLineIndex":0,"usernameFragment":""}`,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}
