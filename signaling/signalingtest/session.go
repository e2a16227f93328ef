package signalingtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/glare-rtc/glare/internal/scenario"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
)

// session is the state of the Session commands: the Session and the named
// SDPs, one name per text so that a slot prints one name.
type session struct {
	s     signaling.Session
	sdps  map[string]string // text by name
	names map[string]string // name by text
}

var directions = map[string]sdptype.Direction{
	"sendrecv": sdptype.Sendrecv, "sendonly": sdptype.Sendonly, "recvonly": sdptype.Recvonly, "inactive": sdptype.Inactive,
}

func (h *session) new(c scenario.Case) (string, error) {
	h.s = signaling.New(signaling.Options{SameSideRollback: c.Flag("same-side-rollback")})
	return h.describe(), nil
}

func (h *session) close(scenario.Case) (string, error) {
	h.s = h.s.Close()
	return "events: none\n" + h.describe(), nil
}

func (h *session) restartICE(scenario.Case) (string, error) {
	h.s = h.s.RestartICE()
	return h.describe(), nil
}

func (h *session) implicitType(scenario.Case) (string, error) {
	var b strings.Builder
	for st := signaling.Stable; st <= signaling.Closed; st++ {
		fmt.Fprintf(&b, "%v: %v\n", st, signaling.ImplicitType(st))
	}
	return b.String(), nil
}

// defineSDP names an SDP: the input lines verbatim (joined with CRLF), or
// one built from the words.
func (h *session) defineSDP(c scenario.Case) (string, error) {
	name := c.Word(0)
	text, err := buildSDP(c)
	if err != nil {
		return "", err
	}
	if other, ok := h.names[text]; ok && other != name {
		return "", fmt.Errorf("the same SDP as %s: a slot would not say which", other)
	}
	delete(h.names, h.sdps[name])
	h.sdps[name] = text
	h.names[text] = name
	f, err := sdptype.ParseFacts(text)
	if err != nil {
		return "error: " + err.Error(), nil
	}
	return describeFacts(f), nil
}

// buildSDP returns the text of "sdp": the input lines, or an SDP built
// from mids=, kinds=, rejected=, dirs=, ufrag=, version= and nobundle.
func buildSDP(c scenario.Case) (string, error) {
	if len(c.Input) > 0 {
		for _, k := range []string{"mids", "kinds", "rejected", "dirs", "ufrag", "version"} {
			if _, ok := c.Key(k); ok {
				return "", fmt.Errorf("input lines and %s=: one or the other", k)
			}
		}
		if c.Flag("nobundle") {
			return "", fmt.Errorf("input lines and nobundle: one or the other")
		}
		return strings.Join(c.Input, "\r\n") + "\r\n", nil
	}
	mids, _ := c.Key("mids")
	kinds, _ := c.Key("kinds")
	rejected, _ := c.Key("rejected")
	dirs, _ := c.Key("dirs")
	ufrag, _ := c.Key("ufrag")
	spec := sdptest.Spec{Ufrag: ufrag, Version: c.Uint("version", 0), NoBundle: c.Flag("nobundle")}
	midList := split(mids)
	for _, m := range split(rejected) {
		if !slices.Contains(midList, m) {
			return "", fmt.Errorf("rejected mid %s is not in mids=", m)
		}
	}
	if len(split(kinds)) > len(midList) || len(split(dirs)) > len(midList) {
		return "", fmt.Errorf("more kinds= or dirs= than mids=")
	}
	for i, mid := range midList {
		sec := sdptest.Section{Mid: mid, Rejected: slices.Contains(split(rejected), mid)}
		if k := split(kinds); i < len(k) {
			sec.Kind = k[i]
		}
		if d := split(dirs); i < len(d) {
			sec.Direction = directions[d[i]]
		}
		spec.Sections = append(spec.Sections, sec)
	}
	return sdptest.Build(spec), nil
}

// split splits a comma-separated list; "" is the empty list.
func split(list string) []string {
	if list == "" {
		return nil
	}
	return strings.Split(list, ",")
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

// set runs "sld TYPE [NAME]" or "srd TYPE [NAME]"; TYPE "none" is the zero
// type (inferred for sld, a TypeError for srd), "bogus" is Type(9).
func (h *session) set(c scenario.Case) (string, error) {
	d := sdptype.Description{SDP: h.sdps[c.Word(1)]}
	if name := c.Word(1); name != "" && d.SDP == "" {
		return "", fmt.Errorf("unknown sdp %q", name)
	}
	switch typ := c.Word(0); typ {
	case "none":
	case "bogus":
		d.Type = 9
	default:
		var err error
		if d.Type, err = sdptype.ParseType(typ); err != nil {
			return "", err
		}
	}
	before := h.s
	var events []signaling.Event
	var err error
	if c.Cmd == "sld" {
		h.s, events, err = h.s.SetLocal(d)
	} else {
		h.s, events, err = h.s.SetRemote(d)
	}
	if err != nil {
		if !h.s.Equal(before) || events != nil {
			return "", fmt.Errorf("the failed call changed the session or fired events")
		}
		return "error: " + err.Error() + "\n" + h.describe(), nil
	}
	return "events: " + describeEvents(events) + "\n" + h.describe(), nil
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
func (h *session) describe() string {
	slot := func(d sdptype.Description) string {
		if d.IsZero() {
			return "-"
		}
		if name, ok := h.names[d.SDP]; ok {
			return d.Type.String() + ":" + name
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

// candidate runs "candidate [end] [mid=M] [index=N] [ufrag=U]" through
// CheckCandidate.
func (h *session) candidate(c scenario.Case) (string, error) {
	mid, _ := c.Key("mid")
	ufrag, _ := c.Key("ufrag")
	cand := sdptype.Candidate{Candidate: "candidate:1 1 udp 2113937151 192.0.2.2 50540 typ host", SDPMid: mid, UsernameFragment: ufrag}
	if c.Flag("end") {
		cand.Candidate = ""
	}
	if _, ok := c.Key("index"); ok {
		cand.SDPMLineIndex = sdptype.Index(uint16(c.Uint("index", 0)))
	}
	target, err := h.s.CheckCandidate(cand)
	if err != nil {
		return "error: " + err.Error(), nil
	}
	return fmt.Sprintf("target: index=%d mid=%q end=%v stopped=%v", target.Index, target.Mid, target.End, target.Stopped), nil
}
