package signaling_test

import (
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// TestLocalBundled: a local candidate of an m-section our offer bundles
// into another's is Undecided until the answer is applied, then Away if
// the answer bundles it too; the BUNDLE-tag's candidates, and an
// answerer's, are never Away.
func TestLocalBundled(t *testing.T) {
	desc := func(typ sdptype.Type, ufrag string, noBundle bool) sdptype.Description {
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(3), Ufrag: ufrag, NoBundle: noBundle})}
	}
	apply := func(t *testing.T, steps ...func(signaling.Session) (signaling.Session, []signaling.Event, error)) signaling.Session {
		t.Helper()
		s := signaling.New(signaling.Options{})
		for _, f := range steps {
			var err error
			if s, _, err = f(s); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	local := func(d sdptype.Description) func(signaling.Session) (signaling.Session, []signaling.Event, error) {
		return func(s signaling.Session) (signaling.Session, []signaling.Event, error) { return s.SetLocal(d) }
	}
	remote := func(d sdptype.Description) func(signaling.Session) (signaling.Session, []signaling.Event, error) {
		return func(s signaling.Session) (signaling.Session, []signaling.Event, error) { return s.SetRemote(d) }
	}
	offer, answer := desc(sdptype.Offer, "mine", false), desc(sdptype.Answer, "peer", false)
	sessions := map[string]signaling.Session{
		"new":                    apply(t),
		"our offer out":          apply(t, local(offer)),
		"our offer answered":     apply(t, local(offer), remote(answer)),
		"answered without group": apply(t, local(offer), remote(desc(sdptype.Answer, "peer", true))),
		"a remote offer since":   apply(t, local(offer), remote(answer), remote(desc(sdptype.Offer, "peer", false))),
		"we answered":            apply(t, remote(desc(sdptype.Offer, "peer", false)), local(desc(sdptype.Answer, "mine", false))),
		"closed":                 apply(t, local(offer), remote(answer)).Close(),
	}
	cand := func(mid string, index int) sdptype.Candidate {
		c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: mid, UsernameFragment: "mine"}
		if index >= 0 {
			c.SDPMLineIndex = sdptype.Index(uint16(index))
		}
		return c
	}
	end := cand("", -1)
	end.Candidate = ""
	endOf1 := cand("1", -1)
	endOf1.Candidate = ""
	for _, c := range []struct {
		session string
		cand    sdptype.Candidate
		want    signaling.Bundled
	}{
		{"new", cand("1", -1), signaling.NotBundled},
		{"our offer out", cand("0", -1), signaling.NotBundled}, // the BUNDLE-tag
		{"our offer out", cand("1", -1), signaling.Undecided},
		{"our offer out", cand("", 2), signaling.Undecided}, // by sdpMLineIndex
		{"our offer out", cand("", 0), signaling.NotBundled},
		{"our offer out", cand("", 7), signaling.NotBundled}, // no such m-section
		{"our offer out", cand("9", -1), signaling.NotBundled},
		{"our offer out", end, signaling.NotBundled},
		{"our offer out", endOf1, signaling.Undecided},
		{"our offer answered", cand("0", -1), signaling.NotBundled},
		{"our offer answered", cand("1", -1), signaling.Away},
		{"our offer answered", cand("", 2), signaling.Away},
		{"our offer answered", endOf1, signaling.Away},
		{"our offer answered", end, signaling.NotBundled},
		{"answered without group", cand("1", -1), signaling.NotBundled},
		{"a remote offer since", cand("1", -1), signaling.Away}, // the last answer still holds
		{"we answered", cand("1", -1), signaling.NotBundled},
		{"closed", cand("1", -1), signaling.NotBundled},
	} {
		if got := sessions[c.session].LocalBundled(c.cand); got != c.want {
			t.Errorf("%s: LocalBundled(%v) = %d, want %d", c.session, c.cand, got, c.want)
		}
	}
}
