package signaling

import (
	"testing"
	"unsafe"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/google/go-cmp/cmp"
)

// TestSetParsesWhatChanged: SetLocal, SetRemote and Parse parse a
// re-offer after the Session's descriptions: the m-sections it shares with
// them keep their facts (the same mid strings in memory; pion copies what
// it parses), and the Facts are those of a whole parse.
func TestSetParsesWhatChanged(t *testing.T) {
	sdp := func(n int, ufrag string, version uint64) string {
		return sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(n + 1)[:n], Ufrag: ufrag, Version: version})
	}
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdp(2, "aaaa", 1)}
	answer := sdptype.Description{Type: sdptype.Answer, SDP: sdp(2, "bbbb", 1)}
	reoffer := sdptype.Description{Type: sdptype.Offer, SDP: sdp(3, "aaaa", 2)}
	reanswer := sdptype.Description{Type: sdptype.Answer, SDP: sdp(3, "bbbb", 2)}
	for _, side := range []Side{Local, Remote} {
		set := func(s Session, d sdptype.Description, sd Side) Session {
			var err error
			if sd == Local {
				s, _, err = s.SetLocal(d)
			} else {
				s, _, err = s.SetRemote(d)
			}
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		other := Local + Remote - side
		s := set(set(Session{}, offer, side), answer, other)
		first := s.currentLocal.facts()
		if side == Remote {
			first = s.currentRemote.facts()
		}

		p, err := s.Parse(reoffer)
		if err != nil {
			t.Fatal(err)
		}
		s = set(set(s, reoffer, side), reanswer, other)
		applied := s.currentLocal.facts()
		if side == Remote {
			applied = s.currentRemote.facts()
		}
		for what, f := range map[string]*sdptype.Facts{"Parse": p.Facts(), "Set" + side.String(): applied} {
			if diff := cmp.Diff(parseFacts(t, reoffer.SDP), f); diff != "" {
				t.Errorf("%s: Facts (-whole +got):\n%s", what, diff)
			}
			for i, m := range f.Media {
				if kept := unsafe.StringData(m.Mid) == unsafe.StringData(first.Media[min(i, 1)].Mid); kept != (i < 2) {
					t.Errorf("%s: section %d kept %v, want %v", what, i, kept, i < 2)
				}
			}
		}
	}
}

func parseFacts(t *testing.T, text string) *sdptype.Facts {
	t.Helper()
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
