package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
)

// TestDecodeEveryKind: each kind decodes to its input, with its payload.
func TestDecodeEveryKind(t *testing.T) {
	desc := `{"type":"offer","sdp":"v=0\r\n"}`
	cand := `{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"}`
	cases := []struct {
		json string
		want negotiation.Input
	}{
		{`{"kind":"negotiationneeded"}`, &negotiation.NegotiationNeeded{}},
		{`{"kind":"negotiationneeded","fromStack":true}`, &negotiation.NegotiationNeeded{FromStack: true}},
		{`{"kind":"restartice"}`, &negotiation.RestartICE{}},
		{`{"kind":"close"}`, &negotiation.Close{}},
		{`{"kind":"setremotedone"}`, &negotiation.SetRemoteDone{}},
		{`{"kind":"addcandidatedone"}`, &negotiation.AddCandidateDone{}},
		{`{"kind":"description","description":` + desc + `}`, &negotiation.ReceivedDescription{Description: sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}}},
		{`{"kind":"description","description":` + desc + `,"offerId":3}`, &negotiation.ReceivedDescription{Description: sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}, OfferID: 3}},
		{`{"kind":"setlocaldone","description":` + desc + `}`, &negotiation.SetLocalDone{Description: sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}}},
		{`{"kind":"candidate","candidate":` + cand + `}`, &negotiation.ReceivedCandidate{Candidate: sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0), UsernameFragment: "abcd"}}},
		{`{"kind":"localcandidate","candidate":` + cand + `}`, &negotiation.LocalCandidate{Candidate: sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0), UsernameFragment: "abcd"}}},
	}
	for _, c := range cases {
		in, err := Decode([]byte(c.json))
		if err != nil {
			t.Fatalf("%s: %v", c.json, err)
		}
		got, err := in.Input()
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, %v; want %#v", c.json, got, err, c.want)
		}
	}
	in, err := Decode([]byte(`{"kind":"failed","error":{"name":"InvalidStateError","message":"wrong state"},"rolledBack":true}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Input()
	var de *DOMError
	if f, ok := got.(*negotiation.OpFailed); err != nil || !ok || !errors.As(f.Err, &de) || de.Error() != "InvalidStateError: wrong state" || !f.RolledBack {
		t.Errorf("failed: got %#v, %v", got, err)
	}
	in, err = Decode([]byte(`{"kind":"candidatefailed","candidate":` + cand + `,"error":{"name":"OperationError","message":"no such ufrag"}}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err = in.Input()
	want := &negotiation.CandidateFailed{Candidate: sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0), UsernameFragment: "abcd"},
		Err: &DOMError{Name: "OperationError", Message: "no such ufrag"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("candidatefailed: got %#v, %v; want %#v", got, err, want)
	}
}

// TestDecodeRefuses: a missing payload, an unknown kind or bad JSON is
// ErrInput, and Step leaves the machine as it was.
func TestDecodeRefuses(t *testing.T) {
	var p Peers
	h, err := p.New("impolite", negotiation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := p.machines[h]
	for _, s := range []string{`{"kind":"description"}`, `{"kind":"setlocaldone"}`, `{"kind":"candidate"}`,
		`{"kind":"localcandidate"}`, `{"kind":"failed"}`, `{"kind":"candidatefailed","error":{"name":"E","message":""}}`,
		`{"kind":"candidatefailed","candidate":{"candidate":""}}`, `{"kind":"bogus"}`, `{}`} {
		in, err := Decode([]byte(s))
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if _, err := p.Step(h, in); !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, want ErrInput", s, err)
		}
	}
	if _, err := Decode([]byte(`{"kind":`)); !errors.Is(err, ErrInput) {
		t.Errorf("bad JSON: got %v, want ErrInput", err)
	}
	if _, err := p.Step(h+1, Input{Kind: "close"}); !errors.Is(err, ErrHandle) {
		t.Errorf("unknown handle: got %v, want ErrHandle", err)
	}
	if _, err := p.New("rude", negotiation.Options{}); !errors.Is(err, negotiation.ErrRole) {
		t.Errorf("bad role: got %v, want ErrRole", err)
	}
	if !p.machines[h].Session().Equal(before.Session()) || p.machines[h].String() != before.String() {
		t.Errorf("refused inputs changed the machine")
	}
}

// TestStepEncodes: an offer round trip through Step gives the actions and
// events the page acts on, in JSON.
func TestStepEncodes(t *testing.T) {
	var p Peers
	h, _ := p.New("polite", negotiation.Options{})
	step := func(in Input) string {
		t.Helper()
		out, err := p.Step(h, in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := out.AppendJSON(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSameJSON(t, b, out)
		return string(b)
	}
	if got, want := step(Input{Kind: "negotiationneeded"}), `{"actions":[{"do":"setlocal","type":"offer"}],"events":[{"event":"negotiationneeded"}],"state":"stable","idle":false,"pending":true}`; got != want {
		t.Errorf("negotiationneeded:\n got %s\nwant %s", got, want)
	}
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "abcd"})}
	got := step(Input{Kind: "setlocaldone", Description: &offer})
	for _, want := range []string{`"do":"send","offerId":1,"description":{"type":"offer","sdp":"v=0\r\n`, `{"event":"signalingstatechange","from":"stable","to":"have-local-offer"}`, `"state":"have-local-offer"`, `"idle":true`} {
		if !strings.Contains(got, want) {
			t.Errorf("setlocaldone output lacks %s:\n%s", want, got)
		}
	}
}

// checkSameJSON: AppendJSON's bytes are the value json.Marshal gives.
func checkSameJSON(t *testing.T, got []byte, out Output) {
	t.Helper()
	want, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("AppendJSON is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("AppendJSON:\n%s\njson.Marshal:\n%s", got, want)
	}
}

// TestAppendJSONEveryAction: every action and event form encodes as
// json.Marshal does, descriptions with characters JSON escapes included.
func TestAppendJSONEveryAction(t *testing.T) {
	d := &sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\ns=<&>\"\\\u2028\x01\r\n"}
	c := &sdptype.Candidate{Candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", SDPMid: "0"}
	out := Output{
		Actions: []Action{
			{Do: "setlocal", Type: "rollback"}, {Do: "setlocal", Type: "offer", ICERestart: true},
			{Do: "setremote", Description: d}, {Do: "addcandidate", Candidate: c}, {Do: "send", Description: d, OfferID: 7},
			{Do: "send", Candidate: c}, {Do: "ignore", Description: d, Reason: "why"}, {Do: "ignore", Candidate: c, Reason: "why"},
		},
		Events: []Event{{Event: "signalingstatechange", From: "stable", To: "have-local-offer"}, {Event: "collision", Accepted: true},
			{Event: "negotiated", Local: true, Generation: 3}, {Event: "rejected", Error: "bad <thing>"}},
		State: "stable", Idle: true,
	}
	for _, o := range []Output{out, {Actions: []Action{}, Events: []Event{}}} {
		b, err := o.AppendJSON(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSameJSON(t, b, o)
	}
}

// TestAppendJSONHeld: a description whose SDP the page holds is written as
// a reference, type kept; putting the text back gives json.Marshal's
// value. Other descriptions, and candidates, are written whole.
func TestAppendJSONHeld(t *testing.T) {
	held := &sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "abcd"})}
	other := &sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n"}
	cand := &sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 5 typ host", SDPMid: "0", SDPMLineIndex: sdptype.Index(0)}
	out := Output{
		Actions: []Action{{Do: "setremote", Description: held}, {Do: "send", Description: other, OfferID: 2},
			{Do: "ignore", Description: held, Reason: "why"}, {Do: "addcandidate", Candidate: cand}},
		Events: []Event{}, State: "have-remote-offer",
	}
	b, err := out.AppendJSON(nil, func(sdp string) int {
		if sdp == held.SDP {
			return 3
		}
		return 0
	})
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if strings.Count(text, `{"type":"offer","ref":3}`) != 2 || strings.Contains(text, "abcd") {
		t.Fatalf("held SDP not written as a reference:\n%s", b)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	for _, a := range got["actions"].([]any) {
		a := a.(map[string]any)
		if d, ok := a["description"].(map[string]any); ok && d["ref"] != nil {
			d["sdp"] = held.SDP
			delete(d, "ref")
		}
	}
	back, _ := json.Marshal(got)
	checkSameJSON(t, back, out)
}

// TestHeld: the ring keeps the last HeldCount texts by the page's ids,
// names the newest id of an equal text, and forgets the oldest.
func TestHeld(t *testing.T) {
	var h Held
	for id := uint32(1); id <= HeldCount+1; id++ {
		h.Add(id, fmt.Sprint("sdp ", id%4))
	}
	if _, ok := h.Text(1); ok {
		t.Error("the oldest text is still held")
	}
	for id := uint32(2); id <= HeldCount+1; id++ {
		if text, ok := h.Text(id); !ok || text != fmt.Sprint("sdp ", id%4) {
			t.Errorf("Text(%d) = %q, %v", id, text, ok)
		}
	}
	if got := h.ID("sdp 1"); got != 9 { // held as 5 and 9
		t.Errorf("ID of a text held twice = %d, want the newest id 9", got)
	}
	if got := h.ID("sdp 2"); got != 6 { // as 2 and 6
		t.Errorf("ID(sdp 2) = %d, want 6", got)
	}
	if got := h.ID("never given"); got != 0 {
		t.Errorf("ID of a text not held = %d, want 0", got)
	}
}

// TestStepJSON: the page's wire form. An SDP given as text is held as its
// id, even when the input around it is refused, and counted once; an input
// naming it gets that text; the output refers to it; an id held nowhere,
// or one without a description, is refused.
func TestStepJSON(t *testing.T) {
	var p Peers
	h, _ := p.New("impolite", negotiation.Options{})
	offer := sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "abcd"})
	if _, err := p.StepJSON(h, []byte(`{"kind":`), offer, 7, nil); !errors.Is(err, ErrInput) {
		t.Fatalf("bad JSON: %v", err)
	}
	out, err := p.StepJSON(h, []byte(`{"kind":"description","description":{"type":"offer"},"offerId":1}`), "", 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"actions":[{"do":"setremote","description":{"type":"offer","ref":7}}],`; !strings.HasPrefix(string(out), want) {
		t.Errorf("output %s, want it to start %s", out, want)
	}
	if got := p.Copied(h); got != len(offer) {
		t.Errorf("copied %d, want %d", got, len(offer))
	}
	for _, c := range []struct {
		data string
		id   uint32
	}{{`{"kind":"description","description":{"type":"offer"}}`, 8}, {`{"kind":"setremotedone"}`, 7}} {
		if _, err := p.StepJSON(h, []byte(c.data), "", c.id, nil); !errors.Is(err, ErrSDPRef) {
			t.Errorf("%s with id %d: %v, want ErrSDPRef", c.data, c.id, err)
		}
	}
	if _, err := p.StepJSON(h+1, []byte(`{"kind":"setremotedone"}`), "", 0, nil); !errors.Is(err, ErrHandle) || p.Copied(h+1) != -1 {
		t.Errorf("unknown handle: %v, copied %d", err, p.Copied(h+1))
	}
}
