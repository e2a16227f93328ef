package negotiationtest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// Stack is a fake WebRTC stack, a PeerConnection: it creates real SDP with
// pion/sdp (through sdptest) from its transceivers and ICE credentials, and
// applies every operation to its own signaling.Session, which enforces the
// W3C rules independently of the machine. An operation it refuses changes
// nothing.
type Stack struct {
	name    string
	Session signaling.Session
	Local   []Transceiver // the transceivers the application added, in order
	iceGen  int           // ICE credential generation; a restart makes a new one
	version uint64        // o= session version of the next description

	// numbered: mids are numbered at createOffer and kept, even when the
	// offer is dropped (pion/webrtc v4); else each peer names its own.
	numbered bool
	// noRollback: the stack cannot roll back, and applies only the offer
	// it created last, lastOffer, byte for byte (pion/webrtc v4).
	noRollback bool
	lastOffer  sdptype.Description
}

// NewStack returns the fake stack that New gives peer name under o: it
// cannot roll back when o.Rollback is NoRollback, and numbers mids with
// o.NumberedMids; other options do not matter to it.
func NewStack(name string, o Options) *Stack {
	st := newStack(name, signaling.Options{}, o.NumberedMids, o.Rollback == negotiation.NoRollback)
	return &st
}

func newStack(name string, o signaling.Options, numbered, noRollback bool) Stack {
	return Stack{name: name, Session: signaling.New(o), numbered: numbered, noRollback: noRollback}
}

// nextMid is the next numbered mid: one more than every numeric mid the
// stack knows (pion's greaterMid).
func (st Stack) nextMid() string {
	next := 0
	see := func(mid string) {
		if n, err := strconv.Atoi(mid); err == nil && n >= next {
			next = n + 1
		}
	}
	for _, d := range []sdptype.Description{st.Session.CurrentLocal(), st.Session.CurrentRemote(), st.Session.PendingRemote()} {
		for _, m := range facts(d).Media {
			see(m.Mid)
		}
	}
	for _, t := range st.Local {
		see(t.Mid)
	}
	return strconv.Itoa(next)
}

func (st Stack) ufrag(gen int) string { return fmt.Sprintf("%s%03d", st.name, gen) }

// facts parses a description the stack itself applied or received.
func facts(d sdptype.Description) *sdptype.Facts {
	if d.IsZero() {
		return &sdptype.Facts{}
	}
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil {
		panic("negotiationtest: an applied description does not parse: " + err.Error()) // a bug of the simulator
	}
	return f
}

func sections(f *sdptype.Facts) []sdptest.Section {
	s := make([]sdptest.Section, len(f.Media))
	for i, m := range f.Media {
		s[i] = sdptest.Section{Mid: m.Mid, Kind: m.Kind, Rejected: m.Rejected}
	}
	return s
}

// build makes the SDP of the next description: the sections, the ICE
// credentials of generation gen, the next session version.
func (st Stack) build(sections []sdptest.Section, gen int) (Stack, string) {
	st.version++
	return st, sdptest.Build(sdptest.Spec{Sections: sections, Ufrag: st.ufrag(gen), Version: st.version})
}

// createOffer makes an offer: the negotiated m-sections in order, then the
// transceivers not yet in them (JSEP 5.2.2). With restart it carries new
// ICE credentials.
func (st Stack) createOffer(restart bool) (Stack, sdptype.Description) {
	secs := sections(facts(st.Session.CurrentLocal()))
	for i, t := range st.Local {
		if t.Mid == "" {
			t.Mid = st.nextMid() // kept, whatever becomes of the offer
			st.Local = slices.Clone(st.Local)
			st.Local[i] = t
		}
		if !slices.ContainsFunc(secs, func(s sdptest.Section) bool { return s.Mid == t.Mid }) {
			secs = append(secs, sdptest.Section{Mid: t.Mid, Kind: t.Kind})
		}
	}
	gen := st.iceGen
	if restart {
		st.iceGen++
		gen = st.iceGen
	}
	st, sdp := st.build(secs, gen)
	d := sdptype.Description{Type: sdptype.Offer, SDP: sdp}
	if st.noRollback {
		st.lastOffer = d
	}
	return st, d
}

// createAnswer answers the pending remote offer with its m-sections. New
// credentials only when the offer restarts ICE (a new remote ufrag).
func (st Stack) createAnswer() (Stack, sdptype.Description) {
	offer := facts(st.Session.PendingRemote())
	gen := st.currentGen()
	if cur := facts(st.Session.CurrentRemote()); len(cur.Media) > 0 && len(offer.Media) > 0 && cur.Media[0].ICE.Ufrag != offer.Media[0].ICE.Ufrag {
		st.iceGen++
		gen = st.iceGen
	}
	secs := sections(offer)
	for i, s := range secs {
		// A numbered-mid stack pairs a transceiver of its own that has the
		// offer's mid with that m-section, whatever its kind (pion): with
		// another kind the answer is wrong, and refused.
		if k := slices.IndexFunc(st.Local, func(t Transceiver) bool { return t.Mid == s.Mid }); st.numbered && k >= 0 {
			secs[i].Kind = st.Local[k].Kind
		}
	}
	st, sdp := st.build(secs, gen)
	return st, sdptype.Description{Type: sdptype.Answer, SDP: sdp}
}

// currentGen is the credential generation in use: the current local
// description's, else the newest.
func (st Stack) currentGen() int {
	f := facts(st.Session.CurrentLocal())
	if len(f.Media) == 0 {
		return st.iceGen
	}
	var gen int
	fmt.Sscanf(f.Media[0].ICE.Ufrag[len(st.name):], "%d", &gen)
	return gen
}

// candidate returns a host candidate for the local description, or false
// when there is none to gather for. Its line ends with a "for" extension
// naming that description (ground truth for the simulator's checks; the
// machine never reads it).
//
// It gathers for the first m-section that is not rejected (the
// BUNDLE-tag), except that when the local description is an offer with
// more than one m-section in its BUNDLE group, every other candidate is
// for the second, as Firefox gathers for the first m-section of each media
// type in its offers (negotiation drops those once the answer bundles it).
func (st Stack) candidate(n int) (sdptype.Candidate, bool) {
	d := st.Session.LocalDescription()
	f := facts(d)
	want := ""
	if g := f.BundleGroups; d.Type == sdptype.Offer && n%2 == 1 && len(g) > 0 && len(g[0]) > 1 {
		want = g[0][1]
	}
	for i, m := range f.Media {
		if !m.Rejected && (want == "" || m.Mid == want) {
			return sdptype.Candidate{
				Candidate:        fmt.Sprintf("candidate:%d 1 udp 2113937151 192.0.2.%d %d typ host for %s", n, len(st.name), 40000+n, tag(d)),
				SDPMid:           m.Mid,
				SDPMLineIndex:    sdptype.Index(uint16(i)),
				UsernameFragment: m.ICE.Ufrag,
			}, true
		}
	}
	return sdptype.Candidate{}, false
}

// tag names a description in a candidate's "for" extension.
func tag(d sdptype.Description) string {
	if d.IsZero() {
		return "-"
	}
	s := d.String()
	return s[strings.LastIndexByte(s, '/')+1:]
}

// gatheredFor returns the "for" tag of a candidate line, "" if none.
func gatheredFor(line string) string {
	f := strings.Fields(line)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "for" {
			return f[i+1]
		}
	}
	return ""
}

// CreateOffer implements PeerConnection.
func (st *Stack) CreateOffer(iceRestart bool) (sdptype.Description, error) {
	next, d := st.createOffer(iceRestart)
	*st = next
	return d, nil
}

// SetLocal implements PeerConnection. A stack that cannot roll back
// refuses a rollback, and an offer other than the one it created last.
func (st *Stack) SetLocal(d sdptype.Description, iceRestart bool) (sdptype.Description, error) {
	next := *st
	switch {
	case d.Type == sdptype.Rollback && st.noRollback:
		return sdptype.Description{}, errors.New("SetLocal(rollback) on a stack that cannot roll back")
	case d.SDP != "":
		if d != st.lastOffer {
			return sdptype.Description{}, errors.New("SetLocal of an offer that is not the one it created last")
		}
	case d.Type == sdptype.Offer:
		next, d = st.createOffer(iceRestart)
	case d.Type == sdptype.Answer:
		next, d = st.createAnswer()
	}
	var err error
	if next.Session, _, err = next.Session.SetLocal(d); err != nil {
		return sdptype.Description{}, err
	}
	*st = next
	return d, nil
}

// SetRemote implements PeerConnection.
func (st *Stack) SetRemote(d sdptype.Description) error {
	s, _, err := st.Session.SetRemote(d)
	if err == nil {
		st.Session = s
	}
	return err
}

// AddCandidate implements PeerConnection: the W3C checks, and a ufrag in
// the candidate line that no remote description carries is refused as
// stale (addIceCandidate checks only usernameFragment; the ICE agent
// would drop it).
func (st *Stack) AddCandidate(c sdptype.Candidate) error {
	if _, err := st.Session.CheckCandidate(c); err != nil {
		return err
	}
	if u := c.Ufrag(); u != "" && !st.Session.HasRemoteUfrag(u) {
		return fmt.Errorf("a candidate of ufrag %s, in no remote description (stale)", u)
	}
	return nil
}

// AddTransceiver implements PeerConnection: a new transceiver of kind, not
// yet associated with an m-section; with a mid of its peer's own unless
// mids are numbered.
func (st *Stack) AddTransceiver(kind string) error {
	t := Transceiver{Kind: kind}
	if !st.numbered {
		t.Mid = fmt.Sprintf("%s%d", st.name, len(st.Local)+1)
	}
	st.Local = append(slices.Clip(st.Local), t)
	return nil
}

// RestartICE implements PeerConnection.
func (st *Stack) RestartICE() { st.Session = st.Session.RestartICE() }

// Gather implements PeerConnection. The candidate line ends with a "for"
// extension naming the local description (ground truth for the
// simulator's checks; the machine never reads it).
func (st *Stack) Gather(n int) (sdptype.Candidate, bool) { return st.candidate(n) }

// State implements PeerConnection.
func (st *Stack) State() signaling.State { return st.Session.State() }

// Slots implements PeerConnection.
func (st *Stack) Slots() signalingtest.Slots {
	s := st.Session
	return signalingtest.Slots{PendingLocal: s.PendingLocal(), CurrentLocal: s.CurrentLocal(), PendingRemote: s.PendingRemote(), CurrentRemote: s.CurrentRemote()}
}

// Transceivers implements PeerConnection; the slice is the stack's own.
func (st *Stack) Transceivers() []Transceiver { return st.Local }

// Close implements PeerConnection.
func (st *Stack) Close() error {
	st.Session = st.Session.Close()
	return nil
}

// Clone implements Cloner.
func (st *Stack) Clone() PeerConnection {
	c := *st // Local is appended to and copied before a write, never written in place
	return &c
}
