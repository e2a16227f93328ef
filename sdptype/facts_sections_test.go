package sdptype_test

import (
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sdpLines joins lines into an SDP with CRLF line ends.
func sdpLines(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// sessionHeader is the first four lines of a minimal valid SDP.
var sessionHeader = []string{"v=0", "o=- 4242 1 IN IP4 127.0.0.1", "s=-", "t=0 0"}

func withHeader(lines ...string) string {
	return sdpLines(append(append([]string(nil), sessionHeader...), lines...)...)
}

func TestFactsSessionICEFallback(t *testing.T) {
	text := withHeader(
		"a=ice-ufrag:sessU",
		"a=ice-pwd:sessionpasswordsessionpw",
		"a=ice-options:trickle ice2",
		"m=audio 9 UDP/TLS/RTP/SAVPF 111",
		"a=mid:a",
		"m=video 9 UDP/TLS/RTP/SAVPF 96",
		"a=mid:v",
		"a=ice-ufrag:vidU",
		"a=ice-pwd:videopasswordvideopasswd",
		"a=ice-options:trickle",
		"m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
		"a=mid:d",
		"a=ice-ufrag:datU",
	)
	f := parseFacts(t, text)
	session := sdptype.ICE{Ufrag: "sessU", Pwd: "sessionpasswordsessionpw", Options: []string{"trickle", "ice2"}}
	if diff := cmp.Diff(session, f.ICE); diff != "" {
		t.Errorf("session ICE (-want +got):\n%s", diff)
	}
	want := []sdptype.ICE{
		session, // no own attributes: the session's
		{Ufrag: "vidU", Pwd: "videopasswordvideopasswd", Options: []string{"trickle"}},         // all its own
		{Ufrag: "datU", Pwd: "sessionpasswordsessionpw", Options: []string{"trickle", "ice2"}}, // own ufrag only
	}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.ICE { return m.ICE })); diff != "" {
		t.Errorf("section ICE (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)
}

func TestFactsSessionDirection(t *testing.T) {
	text := withHeader(
		"a=sendonly",
		"m=audio 9 RTP/AVP 0",
		"a=mid:0",
		"m=video 9 RTP/AVP 96",
		"a=mid:1",
		"a=inactive",
		"m=video 9 RTP/AVP 96",
		"a=mid:2",
		"a=recvonly",
		"m=audio 9 RTP/AVP 0",
		"a=mid:3",
		"a=sendrecv",
	)
	f := parseFacts(t, text)
	want := []sdptype.Direction{sdptype.Sendonly, sdptype.Inactive, sdptype.Recvonly, sdptype.Sendrecv}
	if diff := cmp.Diff(want, mediaField(f, func(m sdptype.Media) sdptype.Direction { return m.Direction })); diff != "" {
		t.Errorf("directions (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)

	// Without any direction attribute, every section is sendrecv.
	f = parseFacts(t, withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "m=video 9 RTP/AVP 96", "a=mid:1"))
	for _, m := range f.Media {
		if m.Direction != sdptype.Sendrecv {
			t.Errorf("section %q without direction: %v, want sendrecv", m.Mid, m.Direction)
		}
	}
}

func TestDirectionString(t *testing.T) {
	for d, want := range map[sdptype.Direction]string{
		sdptype.Sendrecv: "sendrecv",
		sdptype.Sendonly: "sendonly",
		sdptype.Recvonly: "recvonly",
		sdptype.Inactive: "inactive",
		0:                "Direction(0)",
		5:                "Direction(5)",
	} {
		if got := d.String(); got != want {
			t.Errorf("Direction(%d).String() = %q, want %q", uint8(d), got, want)
		}
	}
}

func TestFactsRejectedAndBundleOnly(t *testing.T) {
	text := withHeader(
		"a=group:BUNDLE 0 1",
		"m=audio 9 UDP/TLS/RTP/SAVPF 111",
		"a=mid:0",
		"m=video 0 UDP/TLS/RTP/SAVPF 96",
		"a=mid:1",
		"a=bundle-only",
		"m=video 0 UDP/TLS/RTP/SAVPF 96",
		"a=mid:2",
		"m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
		"a=mid:3",
		"a=inactive",
	)
	f := parseFacts(t, text)
	var got []bool
	for _, m := range f.Media {
		got = append(got, m.Rejected)
	}
	// port 9: accepted; port 0 with bundle-only: accepted (RFC 8843);
	// port 0 alone: rejected (JSEP 5.2.2).
	if diff := cmp.Diff([]bool{false, false, true, true}, got); diff != "" {
		t.Errorf("Rejected (-want +got):\n%s", diff)
	}
	checkAgainstText(t, f, text)
}

func TestFactsBundleGroups(t *testing.T) {
	for _, tc := range []struct {
		name  string
		attrs []string
		want  [][]string
	}{
		{"none", nil, nil},
		{"two groups", []string{"a=group:BUNDLE 0 1", "a=group:BUNDLE 2"}, [][]string{{"0", "1"}, {"2"}}},
		{"LS is not BUNDLE", []string{"a=group:LS 0 1"}, nil},
		{"LS among BUNDLE", []string{"a=group:LS 0 1", "a=group:BUNDLE 1 0"}, [][]string{{"1", "0"}}},
		{"BUNDLEX is not BUNDLE", []string{"a=group:BUNDLEX 0 1"}, nil},
		{"lowercase bundle is not BUNDLE", []string{"a=group:bundle 0 1"}, nil},
		{"empty BUNDLE", []string{"a=group:BUNDLE"}, [][]string{{}}},
		{"extra spaces", []string{"a=group:BUNDLE  0   2 "}, [][]string{{"0", "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := append(append([]string(nil), tc.attrs...),
				"m=audio 9 RTP/AVP 0", "a=mid:0",
				"m=video 9 RTP/AVP 96", "a=mid:1",
				"m=video 9 RTP/AVP 96", "a=mid:2")
			f := parseFacts(t, withHeader(lines...))
			if diff := cmp.Diff(tc.want, f.BundleGroups, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("BundleGroups (-want +got):\n%s", diff)
			}
		})
	}
}
