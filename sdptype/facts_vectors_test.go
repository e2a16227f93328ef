package sdptype_test

import (
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// vectorSDP returns the SDP of a description vector file.
func vectorSDP(t *testing.T, name string) string {
	t.Helper()
	var d sdptype.Description
	if err := d.UnmarshalJSON(readVector(t, name)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d.SDP
}

func parseFacts(t *testing.T, text string) *sdptype.Facts {
	t.Helper()
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		t.Fatalf("ParseFacts: %v", err)
	}
	if f == nil {
		t.Fatal("ParseFacts returned nil Facts and no error")
	}
	return f
}

func TestFactsOffer(t *testing.T) {
	text := vectorSDP(t, "offer.json")
	f := parseFacts(t, text)

	if len(f.Media) != 3 {
		t.Fatalf("got %d media sections, want 3", len(f.Media))
	}
	var kinds, mids []string
	for _, m := range f.Media {
		kinds = append(kinds, m.Kind)
		mids = append(mids, m.Mid)
		if m.Rejected {
			t.Errorf("section %q is rejected, want accepted", m.Mid)
		}
	}
	if diff := cmp.Diff([]string{"audio", "video", "application"}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"0", "1", "2"}, mids); diff != "" {
		t.Errorf("mids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"0", "1", "2"}}, f.BundleGroups); diff != "" {
		t.Errorf("BundleGroups (-want +got):\n%s", diff)
	}

	// Every section carries the same credentials in Chromium's offer; check
	// the values really are in the text, each section repeating them.
	ufrag, pwd := attrValue(t, text, "ice-ufrag"), attrValue(t, text, "ice-pwd")
	if n := strings.Count(text, "\r\na=ice-ufrag:"+ufrag+"\r\n"); n != 3 {
		t.Errorf("the offer has %d a=ice-ufrag:%s lines, want one per section", n, ufrag)
	}
	if n := strings.Count(text, "\r\na=ice-pwd:"+pwd+"\r\n"); n != 3 {
		t.Errorf("the offer has %d a=ice-pwd:%s lines, want one per section", n, pwd)
	}
	for _, m := range f.Media {
		if m.ICE.Ufrag != ufrag || m.ICE.Pwd != pwd {
			t.Errorf("section %q: ICE %q/%q, want %q/%q", m.Mid, m.ICE.Ufrag, m.ICE.Pwd, ufrag, pwd)
		}
		if diff := cmp.Diff([]string{"trickle"}, m.ICE.Options); diff != "" {
			t.Errorf("section %q: ICE options (-want +got):\n%s", m.Mid, diff)
		}
	}
	// Chromium puts no ICE attribute at session level.
	if diff := cmp.Diff(sdptype.ICE{}, f.ICE); diff != "" {
		t.Errorf("session ICE (-want +got):\n%s", diff)
	}

	// The audio and video sections say a=sendrecv; the data section has no
	// direction attribute and so is sendrecv too (RFC 8866 6.7).
	if strings.Count(text, "\r\na=sendrecv\r\n") != 2 {
		t.Errorf("the offer no longer has two a=sendrecv lines; update the test")
	}
	for _, m := range f.Media {
		if m.Direction != sdptype.Sendrecv {
			t.Errorf("section %q: direction %v, want sendrecv", m.Mid, m.Direction)
		}
	}
	checkAgainstText(t, f, text)
}

func TestFactsVectorsAgainstText(t *testing.T) {
	for _, v := range descriptionVectors {
		t.Run(v.file, func(t *testing.T) {
			text := vectorSDP(t, v.file)
			checkAgainstText(t, parseFacts(t, text), text)
		})
	}
}

func TestFactsAnswerDirections(t *testing.T) {
	text := vectorSDP(t, "answer.json")
	f := parseFacts(t, text)
	// The answerer has no tracks: it answers recvonly for audio and video.
	want := []sdptype.Direction{sdptype.Recvonly, sdptype.Recvonly, sdptype.Sendrecv}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.Direction { return m.Direction })); diff != "" {
		t.Errorf("directions (-want +got):\n%s", diff)
	}
	if n := strings.Count(text, "\r\na=recvonly\r\n"); n != 2 {
		t.Errorf("the answer has %d a=recvonly lines, want 2", n)
	}
	if f.Media[0].ICE.Ufrag != attrValue(t, text, "ice-ufrag") {
		t.Errorf("answer ufrag %q, want %q", f.Media[0].ICE.Ufrag, attrValue(t, text, "ice-ufrag"))
	}
}

func TestFactsRestartOffer(t *testing.T) {
	offer := parseFacts(t, vectorSDP(t, "offer.json"))
	restartText := vectorSDP(t, "restart-offer.json")
	restart := parseFacts(t, restartText)
	if len(restart.Media) != len(offer.Media) {
		t.Fatalf("restart offer has %d sections, the offer %d", len(restart.Media), len(offer.Media))
	}
	for i, m := range restart.Media {
		if m.Mid != offer.Media[i].Mid {
			t.Errorf("section %d: mid %q, the offer's is %q", i, m.Mid, offer.Media[i].Mid)
		}
		if m.ICE.Ufrag == "" || m.ICE.Ufrag == offer.Media[i].ICE.Ufrag {
			t.Errorf("section %q: restart ufrag %q, want a new one (offer had %q)", m.Mid, m.ICE.Ufrag, offer.Media[i].ICE.Ufrag)
		}
		if m.ICE.Pwd == "" || m.ICE.Pwd == offer.Media[i].ICE.Pwd {
			t.Errorf("section %q: restart pwd %q, want a new one (offer had %q)", m.Mid, m.ICE.Pwd, offer.Media[i].ICE.Pwd)
		}
		if m.ICE.Ufrag != attrValue(t, restartText, "ice-ufrag") {
			t.Errorf("section %q: ufrag %q is not the restart offer's a=ice-ufrag", m.Mid, m.ICE.Ufrag)
		}
	}
	if diff := cmp.Diff(offer.BundleGroups, restart.BundleGroups); diff != "" {
		t.Errorf("BundleGroups changed on restart (-offer +restart):\n%s", diff)
	}
}

func TestFactsDataChannelOffer(t *testing.T) {
	text := vectorSDP(t, "datachannel-offer.json")
	f := parseFacts(t, text)
	want := []sdptype.Media{{
		Mid:       "0",
		Kind:      "application",
		Direction: sdptype.Sendrecv,
		ICE: sdptype.ICE{
			Ufrag:   attrValue(t, text, "ice-ufrag"),
			Pwd:     attrValue(t, text, "ice-pwd"),
			Options: []string{"trickle"},
		},
	}}
	if diff := cmp.Diff(want, f.Media); diff != "" {
		t.Errorf("Media (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"0"}}, f.BundleGroups); diff != "" {
		t.Errorf("BundleGroups (-want +got):\n%s", diff)
	}
}

func TestFactsLineEndings(t *testing.T) {
	crlf := vectorSDP(t, "offer.json")
	lf := strings.ReplaceAll(crlf, "\r\n", "\n")
	if lf == crlf {
		t.Fatal("the offer has no CRLF line ends")
	}
	want := parseFacts(t, crlf)
	got := parseFacts(t, lf)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LF facts differ from CRLF facts (-crlf +lf):\n%s", diff)
	}
}

func TestFactsSection(t *testing.T) {
	f := parseFacts(t, vectorSDP(t, "offer.json"))
	for i, mid := range []string{"0", "1", "2"} {
		m, idx, ok := f.Section(mid)
		if !ok {
			t.Errorf("Section(%q) not found", mid)
			continue
		}
		if idx != i {
			t.Errorf("Section(%q) index = %d, want %d", mid, idx, i)
		}
		if diff := cmp.Diff(f.Media[i], m); diff != "" {
			t.Errorf("Section(%q) (-want +got):\n%s", mid, diff)
		}
	}
	for _, mid := range []string{"3", "", "00", " 0", "audio"} {
		m, idx, ok := f.Section(mid)
		if ok || idx != -1 {
			t.Errorf("Section(%q) = index %d, found %v; want -1, false", mid, idx, ok)
		}
		if diff := cmp.Diff(sdptype.Media{}, m); diff != "" {
			t.Errorf("Section(%q) returned a non-zero Media (-want +got):\n%s", mid, diff)
		}
	}
	// A section without a=mid is not found by the empty mid.
	noMid := parseFacts(t, withHeader("m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0"))
	if _, idx, ok := noMid.Section(""); ok || idx != -1 {
		t.Errorf(`Section("") found the section without a mid at %d`, idx)
	}
}

// mediaField returns one field of every m-section, in order.
func mediaField[T any](f *sdptype.Facts, get func(sdptype.Media) T) []T {
	out := make([]T, len(f.Media))
	for i, m := range f.Media {
		out[i] = get(m)
	}
	return out
}
