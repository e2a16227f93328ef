package glare_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// Descriptions used to walk the table: every SDP has mids 0 and 1, so any
// answer matches any offer.
var (
	localOffer   = sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "loff"})}
	remoteOffer  = sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "roff"})}
	localAnswer  = sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "lans"})
	remoteAnswer = sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "rans"})
)

// reach returns a Session in state st, reached through the W3C API.
func reach(t *testing.T, st signaling.State) signaling.Session {
	t.Helper()
	var s signaling.Session
	steps := map[signaling.State][]struct {
		side signaling.Side
		d    sdptype.Description
	}{
		signaling.HaveLocalOffer:     {{signaling.Local, localOffer}},
		signaling.HaveRemoteOffer:    {{signaling.Remote, remoteOffer}},
		signaling.HaveLocalPranswer:  {{signaling.Remote, remoteOffer}, {signaling.Local, sdptype.Description{Type: sdptype.Pranswer, SDP: localAnswer}}},
		signaling.HaveRemotePranswer: {{signaling.Local, localOffer}, {signaling.Remote, sdptype.Description{Type: sdptype.Pranswer, SDP: remoteAnswer}}},
	}[st]
	for _, step := range steps {
		var err error
		if step.side == signaling.Local {
			s, _, err = s.SetLocal(step.d)
		} else {
			s, _, err = s.SetRemote(step.d)
		}
		if err != nil {
			t.Fatalf("reaching %v: %v", st, err)
		}
	}
	if st == signaling.Closed {
		s = s.Close()
	}
	if s.State() != st {
		t.Fatalf("reached %v, want %v", s.State(), st)
	}
	return s
}

// cellDescription is a valid description of type typ from side for the table walk.
func cellDescription(side signaling.Side, typ sdptype.Type) sdptype.Description {
	switch {
	case typ == sdptype.Offer && side == signaling.Local:
		return localOffer
	case typ == sdptype.Offer:
		return remoteOffer
	case typ == sdptype.Rollback:
		return sdptype.Description{Type: typ}
	case side == signaling.Local:
		return sdptype.Description{Type: typ, SDP: localAnswer}
	}
	return sdptype.Description{Type: typ, SDP: remoteAnswer}
}

// TestTransitionTable walks the 48 cells of testdata/transitions.csv (a copy
// of ../shared/spec/transitions.csv): column next against signaling.Next,
// column session against Session.SetLocal/SetRemote, events included.
func TestTransitionTable(t *testing.T) {
	f, err := os.Open("testdata/transitions.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "state,side,type,next,session,notes" {
		t.Fatalf("header %q", got)
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		from, ok := signaling.ParseState(row[0])
		if !ok {
			t.Fatalf("bad state %q", row[0])
		}
		side := map[string]signaling.Side{"local": signaling.Local, "remote": signaling.Remote}[row[1]]
		typ, err := sdptype.ParseType(row[2])
		if err != nil || side == 0 {
			t.Fatalf("bad row %v", row)
		}
		seen[row[0]+row[1]+row[2]] = true
		name := fmt.Sprintf("%v/%v/%v", from, side, typ)

		// Column next: the strict table.
		got, err := signaling.Next(from, side, typ)
		if want := row[3]; want == "InvalidStateError" {
			if !errors.Is(err, signaling.ErrInvalidState) || got != from {
				t.Errorf("Next %s = %v, %v; want InvalidStateError", name, got, err)
			}
		} else if err != nil || got.String() != want {
			t.Errorf("Next %s = %v, %v; want %s", name, got, err, want)
		}

		// Column session: the W3C algorithm with implicit rollback.
		s := reach(t, from)
		d := cellDescription(side, typ)
		var out signaling.Session
		var events []signaling.Event
		if side == signaling.Local {
			out, events, err = s.SetLocal(d)
		} else {
			out, events, err = s.SetRemote(d)
		}
		want := row[4]
		if want == "InvalidStateError" {
			if !errors.Is(err, signaling.ErrInvalidState) || !out.Equal(s) || events != nil {
				t.Errorf("Session %s = %v, %v, %v; want InvalidStateError and no change", name, out.State(), events, err)
			}
			continue
		}
		if err != nil || out.State().String() != want {
			t.Errorf("Session %s = %v, %v; want %s", name, out.State(), err, want)
			continue
		}
		var wantEvents []signaling.Event
		switch {
		case from == signaling.HaveLocalOffer && side == signaling.Remote && typ == sdptype.Offer:
			wantEvents = []signaling.Event{{From: from, To: signaling.Stable}, {From: signaling.Stable, To: out.State()}}
		case out.State() != from:
			wantEvents = []signaling.Event{{From: from, To: out.State()}}
		}
		if !slices.Equal(events, wantEvents) {
			t.Errorf("Session %s events %v, want %v", name, events, wantEvents)
		}
	}
	if len(seen) != 48 {
		t.Errorf("the table has %d distinct cells, want 48", len(seen))
	}
}
