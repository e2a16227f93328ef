package fuzz

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestSessionProperties checks sessionOps on random sequences of calls.
func TestSessionProperties(t *testing.T) {
	rapid.Check(t, sessionOps)
}

// FuzzSession decodes the fuzzer's bytes into the same random sequences.
func FuzzSession(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(sessionOps))
}

// sessionOps runs random SetLocal, SetRemote, Close, RestartICE and
// CheckCandidate calls with random types and valid or broken SDP, and
// checks after each one that:
//   - nothing panics, and the call on the same input twice gives equal results (purity);
//   - the input Session is not modified, not even through shared backing arrays;
//   - a failed call returns a Session equal to its input and no events;
//   - every error is a *signaling.Error that unwraps to a W3C sentinel;
//   - pending slots are null exactly where RULES.md section 1 says;
//   - Next and Session agree, except for implicit rollback (and the
//     SameSideRollback option, which only rejects more);
//   - events chain from the old state to the new one, and only on a change;
//   - Session.Parse, which parses only what changed since the Session's
//     descriptions, gives what sdptype.Parse gives, compared whole;
//   - SetLocalParsed and SetRemoteParsed give the same results as SetLocal
//     and SetRemote whenever the SDP parses.
func sessionOps(t *rapid.T) {
	opts := signaling.Options{SameSideRollback: rapid.Bool().Draw(t, "sameSideRollback")}
	s := signaling.New(opts)
	steps := rapid.IntRange(1, 30).Draw(t, "steps")
	for range steps {
		switch op := rapid.IntRange(0, 19).Draw(t, "op"); {
		case op < 8:
			s = checkSet(t, s, signaling.Local, drawDescription(t, s))
		case op < 16:
			s = checkSet(t, s, signaling.Remote, drawDescription(t, s))
		case op < 17:
			s = checkPure(t, s, "RestartICE", func(s signaling.Session) (signaling.Session, []signaling.Event, error) {
				return s.RestartICE(), nil, nil
			})
		case op < 18:
			checkCandidate(t, s, drawCandidate(t))
		default:
			if rapid.IntRange(0, 3).Draw(t, "reallyClose") == 0 {
				out := checkPure(t, s, "Close", func(s signaling.Session) (signaling.Session, []signaling.Event, error) {
					return s.Close(), nil, nil
				})
				if out.State() != signaling.Closed || snapshot(out) != strings.Replace(snapshot(s), s.State().String(), "closed", 1) {
					t.Fatalf("Close: %s -> %s", snapshot(s), snapshot(out))
				}
				s = out
			}
		}
		checkSlots(t, s)
	}
}

// drawDescription draws a type (including the zero and an invalid one) and
// an SDP: one matching the pending offer, a random valid one, or a broken one.
func drawDescription(t *rapid.T, s signaling.Session) sdptype.Description {
	typ := sdptype.Type(rapid.IntRange(0, 5).Draw(t, "type"))
	ufrag := rapid.SampledFrom([]string{"aaaa", "bbbb", "cccc"}).Draw(t, "ufrag")
	version := uint64(rapid.IntRange(0, 3).Draw(t, "version"))
	var text string
	switch rapid.IntRange(0, 7).Draw(t, "sdpKind") {
	case 0, 1: // the m-sections of whatever offer is pending, so answers match
		offer := s.PendingRemote()
		if offer.Type != sdptype.Offer {
			offer = s.PendingLocal()
		}
		secs := sectionsOf(offer.SDP)
		if len(secs) > 0 && rapid.IntRange(0, 3).Draw(t, "otherKind") == 0 {
			// An answer that changes one m-section's media type.
			i := rapid.IntRange(0, len(secs)-1).Draw(t, "otherKindAt")
			secs[i].Kind = map[string]string{"video": "audio"}[secs[i].Kind]
			if secs[i].Kind == "" {
				secs[i].Kind = "video"
			}
		}
		text = sdptest.Build(sdptest.Spec{Sections: secs, Ufrag: ufrag, Version: version})
	case 2, 3:
		n := rapid.IntRange(0, 3).Draw(t, "sections")
		secs := sdptest.Mids(n)
		for i := range secs {
			secs[i].Rejected = rapid.IntRange(0, 4).Draw(t, "rejected") == 0
		}
		text = sdptest.Build(sdptest.Spec{Sections: secs, Ufrag: ufrag, Version: version})
	case 4:
		text = rapid.SampledFrom([]string{"", "x", "v=0\r\nnot sdp\r\n", "garbage"}).Draw(t, "broken")
	case 6, 7: // one of the session's descriptions, edited (FuzzParseAfter's edits)
		from := rapid.SampledFrom([]sdptype.Description{s.PendingLocal(), s.CurrentLocal(), s.PendingRemote(), s.CurrentRemote()}).Draw(t, "from")
		text = edit(from.SDP, byte(rapid.IntRange(0, numEdits-1).Draw(t, "edit")), byte(rapid.IntRange(0, 3).Draw(t, "editAt")),
			rapid.SampledFrom(sessionFragments).Draw(t, "fragment"))
	default: // a valid SDP with one line broken or dropped
		lines := strings.Split(sdptest.Build(sdptest.Spec{Sections: sdptest.Mids(2), Ufrag: ufrag}), "\r\n")
		i := rapid.IntRange(0, len(lines)-1).Draw(t, "line")
		lines[i] = rapid.SampledFrom([]string{"", "zz", "m=", "a=group:BUNDLE 9"}).Draw(t, "replacement")
		text = strings.Join(lines, "\r\n")
	}
	return sdptype.Description{Type: typ, SDP: text}
}

// sessionFragments are what drawDescription's edits add or put in place.
var sessionFragments = []string{
	"9", "a=ice-ufrag:dddd", "a=sendonly", "zz",
	"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:9\r\na=ice-ufrag:cccc\r\na=ice-pwd:ccccpwdpwdpwdpwdpwdpwdpwd\r\n",
}

// sectionsOf returns the m-sections of text, or two default ones.
func sectionsOf(text string) []sdptest.Section {
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		return sdptest.Mids(2)
	}
	secs := make([]sdptest.Section, len(f.Media))
	for i, m := range f.Media {
		secs[i] = sdptest.Section{Mid: m.Mid, Kind: m.Kind, Rejected: m.Rejected}
	}
	return secs
}

func drawCandidate(t *rapid.T) sdptype.Candidate {
	c := sdptype.Candidate{
		Candidate:        rapid.SampledFrom([]string{"", "candidate:1 1 udp 1 192.0.2.2 9 typ host"}).Draw(t, "candidate"),
		SDPMid:           rapid.SampledFrom([]string{"", "0", "1", "2", "nope"}).Draw(t, "mid"),
		UsernameFragment: rapid.SampledFrom([]string{"", "aaaa", "bbbb", "zzzz"}).Draw(t, "cufrag"),
	}
	if rapid.Bool().Draw(t, "hasIndex") {
		c.SDPMLineIndex = sdptype.Index(uint16(rapid.IntRange(0, 4).Draw(t, "index")))
	}
	return c
}

// checkSet applies d from side and checks the properties of one call.
func checkSet(t *rapid.T, s signaling.Session, side signaling.Side, d sdptype.Description) signaling.Session {
	call := func(s signaling.Session) (signaling.Session, []signaling.Event, error) {
		if side == signaling.Local {
			return s.SetLocal(d)
		}
		return s.SetRemote(d)
	}
	out := checkPure(t, s, fmt.Sprintf("set %v %v", side, d.Type), call)
	_, events, err := call(s)
	p, perr := sdptype.Parse(d)
	if sp, sperr := s.Parse(d); fmt.Sprint(sperr) != fmt.Sprint(perr) || !cmp.Equal(sp, p, allFields) {
		t.Fatalf("Session.Parse: %v, sdptype.Parse: %v (-sdptype +Session):\n%s", sperr, perr, cmp.Diff(p, sp, allFields))
	}
	if perr == nil {
		// The Parsed form skips the parse and nothing else.
		pout, pevents, err2 := s.SetRemoteParsed(p)
		if side == signaling.Local {
			pout, pevents, err2 = s.SetLocalParsed(p)
		}
		if !pout.Equal(out) || !slices.Equal(pevents, events) || fmt.Sprint(err2) != fmt.Sprint(err) {
			t.Fatalf("Set%vParsed differs: %s %v %v; want %s %v %v", side, snapshot(pout), pevents, err2, snapshot(out), events, err)
		}
	}

	typ := d.Type
	if typ == 0 && side == signaling.Local {
		typ = signaling.ImplicitType(s.State())
	}
	from := s.State()
	if err != nil {
		if !out.Equal(s) || events != nil {
			t.Fatalf("failed call changed the session or fired %v: %v", events, err)
		}
		var e *signaling.Error
		if !errors.As(err, &e) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if !slices.ContainsFunc([]error{signaling.ErrInvalidState, signaling.ErrInvalidAccess, sdptype.ErrSDPSyntax, sdptype.ErrTypeError}, func(s error) bool { return errors.Is(err, s) }) {
			t.Fatalf("error unwraps to no sentinel: %v", err)
		}
	}
	if !typ.Valid() {
		if !errors.Is(err, sdptype.ErrTypeError) {
			t.Fatalf("type %v: %v, want TypeError", typ, err)
		}
		return out
	}
	if from == signaling.Closed {
		if !errors.Is(err, signaling.ErrClosed) {
			t.Fatalf("closed: %v, want ErrClosed", err)
		}
		return out
	}
	next, nextErr := signaling.Next(from, side, typ)
	implicit := from == signaling.HaveLocalOffer && side == signaling.Remote && typ == sdptype.Offer
	crossRollback := typ == sdptype.Rollback && s.Options().SameSideRollback && (side == signaling.Remote) != (from == signaling.HaveRemoteOffer)
	switch {
	case err == nil && implicit:
		if nextErr == nil || out.State() != signaling.HaveRemoteOffer {
			t.Fatalf("implicit rollback: Next %v %v, session %v", next, nextErr, out.State())
		}
	case err == nil:
		if nextErr != nil || out.State() != next {
			t.Fatalf("%v %v %v: Next %v %v, session %v", from, side, typ, next, nextErr, out.State())
		}
	case errors.Is(err, signaling.ErrInvalidState):
		if nextErr == nil && !crossRollback {
			t.Fatalf("%v %v %v: session %v, but Next allows %v", from, side, typ, err, next)
		}
	default: // syntax or content: the state check passed
		if (nextErr != nil && !implicit) || typ == sdptype.Rollback {
			t.Fatalf("%v %v %v: session %v after a state error %v", from, side, typ, err, nextErr)
		}
	}
	if err == nil {
		checkEvents(t, from, out.State(), events)
	}
	if kindChanged(s, side, typ, d) && nextErr == nil && !errors.Is(err, signaling.ErrInvalidAccess) {
		t.Fatalf("%v %v %v changes an m-section's media type: %v, want InvalidAccessError", from, side, typ, err)
	}
	return out
}

// kindChanged reports whether d, an answer or pranswer from side, has the
// m-sections of the offer it answers (same mids in order) with another
// media type at some position.
func kindChanged(s signaling.Session, side signaling.Side, typ sdptype.Type, d sdptype.Description) bool {
	if typ != sdptype.Answer && typ != sdptype.Pranswer {
		return false
	}
	offer := s.PendingLocal()
	if side == signaling.Local {
		offer = s.PendingRemote()
	}
	of, err1 := sdptype.ParseFacts(offer.SDP)
	af, err2 := sdptype.ParseFacts(d.SDP)
	if offer.Type != sdptype.Offer || err1 != nil || err2 != nil || len(of.Media) != len(af.Media) {
		return false
	}
	changed := false
	for i, m := range of.Media {
		if af.Media[i].Mid != m.Mid {
			return false
		}
		changed = changed || af.Media[i].Kind != m.Kind
	}
	return changed
}

// checkPure calls f twice on s: the input must be unchanged and the two
// results equal.
func checkPure(t *rapid.T, s signaling.Session, what string, f func(signaling.Session) (signaling.Session, []signaling.Event, error)) signaling.Session {
	before := snapshot(s)
	out1, ev1, err1 := f(s)
	out2, ev2, err2 := f(s)
	if after := snapshot(s); after != before {
		t.Fatalf("%s modified its input:\n%s\n%s", what, before, after)
	}
	if !out1.Equal(out2) || !slices.Equal(ev1, ev2) || fmt.Sprint(err1) != fmt.Sprint(err2) {
		t.Fatalf("%s is not pure: %v %v / %v %v", what, ev1, err1, ev2, err2)
	}
	return out1
}

func checkEvents(t *rapid.T, from, to signaling.State, events []signaling.Event) {
	if from == to {
		if len(events) != 0 {
			t.Fatalf("%v -> %v fired %v", from, to, events)
		}
		return
	}
	if len(events) == 0 || events[0].From != from || events[len(events)-1].To != to {
		t.Fatalf("%v -> %v fired %v", from, to, events)
	}
	for i := 1; i < len(events); i++ {
		if events[i].From != events[i-1].To {
			t.Fatalf("events do not chain: %v", events)
		}
	}
}

// checkSlots checks which pending slots are null in each state (RULES.md
// section 1) and that the current slots are set together.
func checkSlots(t *rapid.T, s signaling.Session) {
	pl, pr := s.PendingLocal().Type, s.PendingRemote().Type
	want := map[signaling.State][2]sdptype.Type{
		signaling.Stable:             {0, 0},
		signaling.HaveLocalOffer:     {sdptype.Offer, 0},
		signaling.HaveRemoteOffer:    {0, sdptype.Offer},
		signaling.HaveLocalPranswer:  {sdptype.Pranswer, sdptype.Offer},
		signaling.HaveRemotePranswer: {sdptype.Offer, sdptype.Pranswer},
	}
	if w, ok := want[s.State()]; ok && (pl != w[0] || pr != w[1]) {
		t.Fatalf("%v with pending local %v, pending remote %v", s.State(), pl, pr)
	}
	cl, cr := s.CurrentLocal().Type, s.CurrentRemote().Type
	if (cl == 0) != (cr == 0) || (cl != 0 && !(cl == sdptype.Offer && cr == sdptype.Answer || cl == sdptype.Answer && cr == sdptype.Offer)) {
		t.Fatalf("current local %v, current remote %v", cl, cr)
	}
	if s.LocalDescription() != cmpOr(s.PendingLocal(), s.CurrentLocal()) || s.RemoteDescription() != cmpOr(s.PendingRemote(), s.CurrentRemote()) {
		t.Fatal("localDescription or remoteDescription is not pending ?? current")
	}
}

func cmpOr(a, b sdptype.Description) sdptype.Description {
	if !a.IsZero() {
		return a
	}
	return b
}

// checkCandidate: pure, typed errors, a target inside the remote description.
func checkCandidate(t *rapid.T, s signaling.Session, c sdptype.Candidate) {
	before := snapshot(s)
	t1, err1 := s.CheckCandidate(c)
	t2, err2 := s.CheckCandidate(c)
	if t1 != t2 || fmt.Sprint(err1) != fmt.Sprint(err2) || snapshot(s) != before {
		t.Fatalf("CheckCandidate is not pure")
	}
	if err1 != nil {
		var e *signaling.Error
		if !errors.As(err1, &e) {
			t.Fatalf("untyped error %T", err1)
		}
		return
	}
	if !c.IsEnd() && c.SDPMid == "" && !c.SDPMLineIndex.Valid {
		t.Fatal("candidate without mid and index accepted")
	}
	f, err := sdptype.ParseFacts(s.RemoteDescription().SDP)
	if err != nil || t1.Index >= len(f.Media) || (t1.Index < 0 && !c.IsEnd()) {
		t.Fatalf("target %+v outside the remote description (%v)", t1, err)
	}
}

// snapshot prints everything observable of s.
func snapshot(s signaling.Session) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v", s.State(), s.Options())
	for _, d := range []sdptype.Description{s.PendingLocal(), s.CurrentLocal(), s.PendingRemote(), s.CurrentRemote()} {
		b.WriteString(" " + d.Type.String() + ":" + strconv.Quote(d.SDP))
	}
	fmt.Fprint(&b, s.ICECredentialsToReplace())
	return b.String()
}
