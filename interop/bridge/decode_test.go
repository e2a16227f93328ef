package bridge

import (
	"reflect"
	"testing"
)

// pageInputs are inputs as the page's JSON.stringify writes them (the SDP
// crosses beside them).
var pageInputs = []string{
	`{"kind":"negotiationneeded","fromStack":true}`,
	`{"kind":"negotiationneeded"}`,
	`{"kind":"setremotedone"}`,
	`{"kind":"addcandidatedone"}`,
	`{"kind":"description","description":{"type":"offer"},"offerId":3}`,
	`{"kind":"description","description":{"type":"answer"},"offerId":18446744073709551615}`,
	`{"kind":"createofferdone","description":{"type":"offer"}}`,
	`{"kind":"setlocaldone","description":{"type":"rollback","sdp":""}}`,
	`{"kind":"candidate","candidate":{"candidate":"candidate:1 1 udp 2113937151 192.0.2.2 40001 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"}}`,
	`{"kind":"localcandidate","candidate":{"candidate":"","sdpMid":"1","sdpMLineIndex":null,"usernameFragment":null}}`,
	`{"kind":"candidate","candidate":{"candidate":"candidate:2 1 udp 1 192.0.2.1 9 typ host","sdpMid":null,"sdpMLineIndex":65535}}`,
	`{"kind":"failed","error":{"name":"OperationError","message":"Failed to set remote offer sdp: Session error code: ERROR_CONTENT."},"rolledBack":true}`,
	`{}`,
}

// TestDecodeFast: what the page writes takes the fast path, and reads as
// encoding/json reads it.
func TestDecodeFast(t *testing.T) {
	for _, s := range pageInputs {
		fast, ok := decodeFast([]byte(s))
		if !ok {
			t.Errorf("%s: not read by the fast path", s)
			continue
		}
		slow, err := decodeJSON([]byte(s))
		if err != nil || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s:\nfast %+v\njson %+v (%v)", s, fast, slow, err)
		}
	}
}

// TestDecodeFastDeclines: what the fast path leaves to encoding/json, which
// accepts some and refuses others.
func TestDecodeFastDeclines(t *testing.T) {
	for _, s := range []string{
		`{"kind":"a\"b"}`, `{"kind":"\u0061"}`, "{\"kind\":\"\xff\"}", `{ "kind":"x"}`, `{"Kind":"x"}`,
		`{"kind":"x","kind":"y"}`, `{"kind":null}`, `{"offerId":01}`, `{"offerId":1.0}`, `{"offerId":1e2}`,
		`{"offerId":-1}`, `{"offerId":18446744073709551616}`, `{"description":null}`, `{"description":{"sdp":"v=0"}}`,
		`{"description":{"type":"Offer"}}`, `{"candidate":{"sdpMLineIndex":65536}}`, `{"candidate":{"sdpMid":5}}`,
		`{"candidate":{"foo":1}}`, `{"error":{"name":null}}`, `{"kind":"x"} `, `{"kind":"x"}{}`, `[]`, ``,
	} {
		if in, ok := decodeFast([]byte(s)); ok {
			t.Errorf("%s: read by the fast path as %+v", s, in)
		}
	}
}

// FuzzDecode: whatever the fast path reads, encoding/json reads the same,
// and Decode accepts and refuses exactly what encoding/json does.
func FuzzDecode(f *testing.F) {
	for _, s := range pageInputs {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		slow, slowErr := decodeJSON(data)
		if fast, ok := decodeFast(data); ok && (slowErr != nil || !reflect.DeepEqual(fast, slow)) {
			t.Fatalf("%q:\nfast %+v\njson %+v (%v)", data, fast, slow, slowErr)
		}
		in, err := Decode(data)
		if (err == nil) != (slowErr == nil) || err == nil && !reflect.DeepEqual(in, slow) {
			t.Fatalf("%q: Decode %+v (%v), encoding/json %+v (%v)", data, in, err, slow, slowErr)
		}
	})
}
