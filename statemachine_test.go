package glare_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

func itoa(n int) string { return strconv.Itoa(n) }

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
	var err error
	if st == signaling.HaveLocalOffer {
		s, _, err = s.SetLocal(localOffer)
	} else {
		s, _, err = s.SetRemote(remoteOffer)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSignalingScenarios runs testdata/signaling/*.txt: one file per rule
// group of RULES.md sections 3 to 7.
func TestSignalingScenarios(t *testing.T) {
	runScenarios(t, "signaling/*.txt", func(t *testing.T) func(scenarioCase) string {
		h := &sessionHandler{t: t, sdps: map[string]string{}}
		return h.handle
	})
}

type sessionHandler struct {
	t    *testing.T
	s    signaling.Session
	sdps map[string]string // named SDPs
}

func (h *sessionHandler) handle(c scenarioCase) string {
	switch c.cmd {
	case "sdp":
		return h.defineSDP(c)
	case "new":
		h.s = signaling.New(signaling.Options{SameSideRollback: c.has("same-side-rollback")})
		return h.describe()
	case "sld", "srd":
		return h.set(c)
	case "close":
		h.s = h.s.Close()
		return "events: none\n" + h.describe()
	case "restart-ice":
		h.s = h.s.RestartICE()
		return h.describe()
	case "candidate":
		return h.candidate(c)
	case "implicit-type":
		var b strings.Builder
		for st := signaling.Stable; st <= signaling.Closed; st++ {
			fmt.Fprintf(&b, "%v: %v\n", st, signaling.ImplicitType(st))
		}
		return b.String()
	}
	h.t.Fatalf("%s: unknown command %q", c.pos, c.cmd)
	return ""
}

// defineSDP names an SDP: the input lines verbatim (joined with CRLF), or
// one built from mids=, kinds=, rejected=, dirs=, ufrag=, version= and nobundle.
func (h *sessionHandler) defineSDP(c scenarioCase) string {
	name := c.arg(0)
	var text string
	if len(c.input) > 0 {
		text = strings.Join(c.input, "\r\n") + "\r\n"
	} else {
		spec := sdptest.Spec{Ufrag: c.kv["ufrag"], NoBundle: c.has("nobundle")}
		spec.Version, _ = strconv.ParseUint(c.kv["version"], 10, 64)
		kinds := strings.Split(c.kv["kinds"], ",")
		dirs := strings.Split(c.kv["dirs"], ",")
		for i, mid := range strings.Split(c.kv["mids"], ",") {
			sec := sdptest.Section{Mid: mid}
			if i < len(kinds) {
				sec.Kind = kinds[i]
			}
			if i < len(dirs) {
				sec.Direction = map[string]sdptype.Direction{"sendrecv": sdptype.Sendrecv, "sendonly": sdptype.Sendonly, "recvonly": sdptype.Recvonly, "inactive": sdptype.Inactive}[dirs[i]]
			}
			sec.Rejected = slices.Contains(strings.Split(c.kv["rejected"], ","), mid)
			spec.Sections = append(spec.Sections, sec)
		}
		if c.kv["mids"] == "" {
			spec.Sections = nil
		}
		text = sdptest.Build(spec)
	}
	h.sdps[name] = text
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		return "error: " + err.Error()
	}
	return describeFacts(f)
}

func describeFacts(f *sdptype.Facts) string {
	var b strings.Builder
	for i, m := range f.Media {
		fmt.Fprintf(&b, "m%d: mid=%s %s %v ufrag=%s", i, m.Mid, m.Kind, m.Direction, m.ICE.Ufrag)
		if m.Rejected {
			b.WriteString(" rejected")
		}
		b.WriteByte('\n')
	}
	for _, g := range f.BundleGroups {
		fmt.Fprintf(&b, "bundle: %s\n", strings.Join(g, " "))
	}
	if len(f.Media) == 0 {
		b.WriteString("no m-sections\n")
	}
	return b.String()
}

// set runs "sld TYPE [SDPNAME]" or "srd TYPE [SDPNAME]"; TYPE "none" is the
// zero type (inferred for sld, a TypeError for srd), "bogus" is Type(9).
func (h *sessionHandler) set(c scenarioCase) string {
	d := sdptype.Description{SDP: h.sdps[c.arg(1)]}
	switch typ := c.arg(0); typ {
	case "none":
	case "bogus":
		d.Type = 9
	default:
		var err error
		if d.Type, err = sdptype.ParseType(typ); err != nil {
			h.t.Fatalf("%s: %v", c.pos, err)
		}
	}
	if name := c.arg(1); name != "" && h.sdps[name] == "" {
		h.t.Fatalf("%s: unknown sdp %q", c.pos, name)
	}
	before := h.s
	var events []signaling.Event
	var err error
	if c.cmd == "sld" {
		h.s, events, err = h.s.SetLocal(d)
	} else {
		h.s, events, err = h.s.SetRemote(d)
	}
	if err != nil {
		if !h.s.Equal(before) || events != nil {
			h.t.Errorf("%s: failed call changed the session or fired events", c.pos)
		}
		return "error: " + err.Error() + "\n" + h.describe()
	}
	return "events: " + describeEvents(events) + "\n" + h.describe()
}

func describeEvents(events []signaling.Event) string {
	if len(events) == 0 {
		return "none"
	}
	s := make([]string, len(events))
	for i, e := range events {
		s[i] = e.String()
	}
	return strings.Join(s, ", ")
}

// describe prints the state, the four slots and the restart set.
func (h *sessionHandler) describe() string {
	slot := func(d sdptype.Description) string {
		if d.IsZero() {
			return "-"
		}
		for name, text := range h.sdps {
			if text == d.SDP {
				return d.Type.String() + ":" + name
			}
		}
		return d.Type.String() + ":?"
	}
	s := fmt.Sprintf("state: %v\nslots: PL=%s CL=%s PR=%s CR=%s", h.s.State(),
		slot(h.s.PendingLocal()), slot(h.s.CurrentLocal()), slot(h.s.PendingRemote()), slot(h.s.CurrentRemote()))
	if creds := h.s.ICECredentialsToReplace(); len(creds) > 0 {
		s += "\nice-to-replace:"
		for _, c := range creds {
			s += " " + c.Ufrag
		}
	}
	return s
}

// candidate runs "candidate [end] [c=TEXT] [mid=M] [index=N] [ufrag=U]".
func (h *sessionHandler) candidate(c scenarioCase) string {
	cand := sdptype.Candidate{Candidate: "candidate:1 1 udp 2113937151 192.0.2.2 50540 typ host", SDPMid: c.kv["mid"], UsernameFragment: c.kv["ufrag"]}
	if c.has("end") {
		cand.Candidate = ""
	}
	if v, ok := c.kv["index"]; ok {
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			h.t.Fatalf("%s: %v", c.pos, err)
		}
		cand.SDPMLineIndex = sdptype.Index(uint16(n))
	}
	target, err := h.s.CheckCandidate(cand)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("target: index=%d mid=%q end=%v stopped=%v", target.Index, target.Mid, target.End, target.Stopped)
}
