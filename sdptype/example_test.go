package sdptype_test

import (
	"errors"
	"fmt"

	"github.com/glare-rtc/glare/sdptype"
)

// Decoding a description as a browser sends it, and reading its facts.
func ExampleParseFacts() {
	msg := []byte(`{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Rott\r\na=ice-pwd:u3IJaZXR2Srhavvn9MER0IMX\r\na=ice-options:trickle\r\na=mid:0\r\n"}`)
	var d sdptype.Description
	if err := d.UnmarshalJSON(msg); err != nil {
		fmt.Println(err)
		return
	}
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := f.Media[0]
	fmt.Println(d.Type, m.Mid, m.Kind, m.Direction, m.ICE.Ufrag, m.ICE.Options, f.BundleGroups)

	_, err = sdptype.ParseFacts("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nbroken\r\n")
	var e *sdptype.Error
	fmt.Println(errors.Is(err, sdptype.ErrSDPSyntax), errors.As(err, &e) && e.Line == 3)
	// Output:
	// offer 0 application sendrecv Rott [trickle] [[0]]
	// true true
}

// A candidate written exactly as Chromium's toJSON writes it: a null sdpMid
// as "", a null sdpMLineIndex left out.
func ExampleCandidate_MarshalJSON() {
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMLineIndex: sdptype.Index(0)}
	b, _ := c.MarshalJSON()
	fmt.Println(string(b))
	end, _ := sdptype.Candidate{SDPMid: "0"}.MarshalJSON()
	fmt.Println(string(end))
	// Output:
	// {"candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host","sdpMid":"","sdpMLineIndex":0,"usernameFragment":""}
	// {"candidate":"","sdpMid":"0","usernameFragment":""}
}
