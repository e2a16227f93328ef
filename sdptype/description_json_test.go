package sdptype_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// TestConstructedDescriptionsExact pins the two descriptions CHROMIUM.md
// quotes: MarshalJSON of a constructed description writes an empty sdp.
func TestConstructedDescriptionsExact(t *testing.T) {
	for _, tc := range []struct {
		d    sdptype.Description
		want string
	}{
		{sdptype.Description{Type: sdptype.Rollback}, `{"type":"rollback","sdp":""}`},
		{sdptype.Description{Type: sdptype.Offer}, `{"type":"offer","sdp":""}`},
		{sdptype.Description{Type: sdptype.Pranswer, SDP: "v=0\r\n"}, `{"type":"pranswer","sdp":"v=0\r\n"}`},
		{sdptype.Description{Type: sdptype.Answer, SDP: "x"}, `{"type":"answer","sdp":"x"}`},
	} {
		got, err := tc.d.MarshalJSON()
		if err != nil {
			t.Errorf("MarshalJSON(%v): %v", tc.d, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("MarshalJSON(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}

func TestDescriptionUnmarshalAccepts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sdptype.Description
	}{
		{`{"type":"offer","sdp":"v=0\r\n"}`, sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}},
		{`{"type":"pranswer","sdp":"a"}`, sdptype.Description{Type: sdptype.Pranswer, SDP: "a"}},
		{`{"type":"answer"}`, sdptype.Description{Type: sdptype.Answer}},
		{`{"type":"offer","sdp":null}`, sdptype.Description{Type: sdptype.Offer}},
		{`{"type":"rollback"}`, sdptype.Description{Type: sdptype.Rollback}},
		// Rollback ignores its SDP, but decoding keeps what was written.
		{`{"type":"rollback","sdp":"garbage"}`, sdptype.Description{Type: sdptype.Rollback, SDP: "garbage"}},
		{`{"sdp":"s","type":"answer"}`, sdptype.Description{Type: sdptype.Answer, SDP: "s"}},
		{`{"type":"offer","sdp":"s","foo":1,"bar":{"type":"answer"}}`, sdptype.Description{Type: sdptype.Offer, SDP: "s"}},
		// Keys are case-sensitive: "SDP" is an unknown member.
		{`{"type":"offer","SDP":"s","Sdp":"t"}`, sdptype.Description{Type: sdptype.Offer}},
	} {
		d := sdptype.Description{Type: sdptype.Pranswer, SDP: "old"}
		if err := d.UnmarshalJSON([]byte(tc.in)); err != nil {
			t.Errorf("UnmarshalJSON(%s): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, d); diff != "" {
			t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestDescriptionUnmarshalErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{`{}`, sdptype.ErrTypeError},
		{`{"sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":null,"sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":"bogus","sdp":"v=0\r\n"}`, sdptype.ErrTypeError},
		{`{"type":"Offer","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"rollback "}`, sdptype.ErrTypeError},
		{`{"Type":"offer","sdp":""}`, sdptype.ErrTypeError},
		{`{"type":1,"sdp":""}`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":1}`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":["v=0"]}`, sdptype.ErrTypeError},
		{`"offer"`, sdptype.ErrTypeError},
		{`{"type":"offer","sdp":"x"`, sdptype.ErrJSON},
		{`{"type":"offer" "sdp":"x"}`, sdptype.ErrJSON},
		{`{"type":"offer","sdp":"\x"}`, sdptype.ErrJSON},
		{``, sdptype.ErrJSON},
		{`offer`, sdptype.ErrJSON},
	} {
		want := sdptype.Description{Type: sdptype.Answer, SDP: "keep"}
		d := want
		err := d.UnmarshalJSON([]byte(tc.in))
		checkSentinel(t, err, tc.want)
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("UnmarshalJSON(%s) failed but changed the value (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestDescriptionMarshalInvalidType(t *testing.T) {
	for _, d := range []sdptype.Description{
		{},
		{SDP: "v=0\r\n"},
		{Type: sdptype.Rollback + 1, SDP: "v=0\r\n"},
		{Type: 255},
	} {
		b, err := d.MarshalJSON()
		if b != nil {
			t.Errorf("MarshalJSON(%+v) = %s, want no bytes", d, b)
		}
		checkSentinel(t, err, sdptype.ErrTypeError)
		if _, err := json.Marshal(d); !errors.Is(err, sdptype.ErrTypeError) {
			t.Errorf("json.Marshal(%+v) error = %v, want ErrTypeError", d, err)
		}
	}
}
