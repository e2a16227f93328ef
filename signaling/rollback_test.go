package signaling_test

import (
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// TestSessionOptionSameSideRollback checks the strict WPT rollback option
// both ways: cross-side rollback is allowed by default and rejected with
// the option; same-side rollback works in both.
func TestSessionOptionSameSideRollback(t *testing.T) {
	for _, strict := range []bool{false, true} {
		for _, c := range []struct {
			st   signaling.State
			side signaling.Side
		}{
			{signaling.HaveLocalOffer, signaling.Local}, {signaling.HaveLocalOffer, signaling.Remote},
			{signaling.HaveRemoteOffer, signaling.Remote}, {signaling.HaveRemoteOffer, signaling.Local},
		} {
			s := replay(t, signaling.New(signaling.Options{SameSideRollback: strict}), c.st)
			rb := sdptype.Description{Type: sdptype.Rollback}
			var out signaling.Session
			var err error
			if c.side == signaling.Local {
				out, _, err = s.SetLocal(rb)
			} else {
				out, _, err = s.SetRemote(rb)
			}
			crossSide := (c.st == signaling.HaveLocalOffer) != (c.side == signaling.Local)
			if strict && crossSide {
				if !errors.Is(err, signaling.ErrInvalidState) || !out.Equal(s) {
					t.Errorf("strict %v rollback in %v: %v, %v; want InvalidStateError", c.side, c.st, out.State(), err)
				}
			} else if err != nil || out.State() != signaling.Stable {
				t.Errorf("strict=%v %v rollback in %v: %v, %v; want stable", strict, c.side, c.st, out.State(), err)
			}
		}
	}
}

// replay brings a fresh s to st (have-local-offer or have-remote-offer).
func replay(t *testing.T, s signaling.Session, st signaling.State) signaling.Session {
	t.Helper()
	offer := sdptype.Description{Type: sdptype.Offer, SDP: sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: "loff"})}
	var err error
	if st == signaling.HaveLocalOffer {
		s, _, err = s.SetLocal(offer)
	} else {
		s, _, err = s.SetRemote(offer)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}
