package signalingtest

import (
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// TestEditsBreakOneRule checks that each edit of an answer fails the
// content check it is named after, not another (a BUNDLE group naming a
// missing mid, say), and that the broken answer of syntax-before-content
// is refused for its content once its syntax is repaired.
func TestEditsBreakOneRule(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "offr"})}
	answer := sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "answ"})
	s, _, err := signaling.Session{}.SetLocal(offer)
	if err != nil {
		t.Fatal(err)
	}
	const mismatch = "m-sections do not match the offer (count, order or mids)"
	for _, c := range []struct {
		name   string
		edit   func(string) (string, string)
		reason string
	}{
		{"more-m-lines", moreMLines, mismatch},
		{"fewer-m-lines", fewerMLines, mismatch},
		{"order", swapped, mismatch},
		{"mid", otherMid, mismatch},
		{"media-type", otherKind, "m-section 0 is video, the offer's is audio"},
	} {
		sdp, why := c.edit(answer)
		if why != "" {
			t.Fatalf("%s: %s", c.name, why)
		}
		for _, typ := range []sdptype.Type{sdptype.Answer, sdptype.Pranswer} {
			_, _, err := s.SetRemote(sdptype.Description{Type: typ, SDP: sdp})
			var e *signaling.Error
			if !errors.As(err, &e) || e.Err != signaling.ErrInvalidAccess || e.Reason != c.reason {
				t.Errorf("%s %v: %v; want InvalidAccessError: %s", c.name, typ, err, c.reason)
			}
		}
	}

	more, _ := moreMLines(answer)
	_, _, err = s.SetRemote(sdptype.Description{Type: sdptype.Answer, SDP: broken(more)})
	if !errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("broken: %v; want sdp-syntax-error", err)
	}

	one := sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(1), Ufrag: "answ"})
	for name, edit := range map[string]func(string) (string, string){"order": swapped, "fewer-m-lines": fewerMLines} {
		if _, why := edit(one); (why == "") != (name == "fewer-m-lines") {
			t.Errorf("%s of one m-section: %q", name, why)
		}
	}
}
