package pion

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

// glareConn is one raw pion PeerConnection as a
// negotiationtest.PeerConnection: the simulator's machine drives the stack
// itself, without the adapter.
//
// Candidates: pion's gatherer runs on no interface at all (it gathers
// nothing, and completes), and Gather synthesizes a host candidate from the
// local description's first m-section in use, as the fake stack does, so
// that asking for one changes nothing and the same schedule gathers the
// same candidates. pion writes what its gatherer has (here only
// a=end-of-candidates, once it completes) into the local descriptions it
// returns; local reports them without those lines, so that they do not
// depend on when gathering ends.
type glareConn struct {
	name      string
	pc        *webrtc.PeerConnection
	added     []added                   // what the application added, in order
	lastOffer webrtc.SessionDescription // the offer pion created last, as it made it
}

// added is one transceiver the application added: its kind, and pion's
// transceiver (nil for the data channel).
type added struct {
	kind string
	t    *webrtc.RTPTransceiver
}

// glareSeen counts what pion did under the checks, to show what they
// reached: candidates added, ICE-restart offers created, data channels
// negotiated (a current local description with an application m-section),
// over the whole test.
var glareSeen struct{ candidates, restarts, data atomic.Int64 }

// glareAPI is a pion API whose gatherer uses no interface and whose logs
// are dropped (pion logs an error for every stale candidate it drops), and
// the certificate every connection shares (one key generation, not one per
// connection: the checks make thousands). No DTLS ever runs between them.
var glareAPI = sync.OnceValues(func() (*webrtc.API, webrtc.Certificate) {
	var se webrtc.SettingEngine
	se.SetInterfaceFilter(func(string) bool { return false })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.LoggerFactory = eventLog{} // counts nothing: no pionStack
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	cert, err := webrtc.GenerateCertificate(key)
	if err != nil {
		panic(err)
	}
	return webrtc.NewAPI(webrtc.WithSettingEngine(se)), *cert
})

// newGlareConn returns a new pion PeerConnection for peer, stable, with
// nothing added.
func newGlareConn(peer string, _ negotiationtest.Options) (negotiationtest.PeerConnection, error) {
	api, cert := glareAPI()
	pc, err := api.NewPeerConnection(webrtc.Configuration{Certificates: []webrtc.Certificate{cert}})
	if err != nil {
		return nil, err
	}
	return &glareConn{name: peer, pc: pc}, nil
}

// withoutCandidates removes the a=candidate and a=end-of-candidates lines
// from an SDP.
func withoutCandidates(sdp string) string {
	lines := strings.SplitAfter(sdp, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(l, "a=candidate:") && strings.TrimRight(l, "\r\n") != "a=end-of-candidates" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// local converts one of pion's local description attributes, without the
// lines of its gatherer.
func local(d *webrtc.SessionDescription) sdptype.Description {
	out := fromPionDescription(d)
	out.SDP = withoutCandidates(out.SDP)
	return out
}

// CreateOffer is pion's CreateOffer; the offer is not applied.
func (c *glareConn) CreateOffer(iceRestart bool) (sdptype.Description, error) {
	o, err := c.pc.CreateOffer(&webrtc.OfferOptions{ICERestart: iceRestart})
	if err != nil {
		return sdptype.Description{}, err
	}
	if iceRestart {
		glareSeen.restarts.Add(1)
	}
	c.lastOffer = o
	return local(&o), nil
}

// SetLocal is SetLocalDescription. pion has no parameterless form: the
// connection creates the offer or answer and applies it. pion applies only
// the offer or answer it created last, byte for byte: what it made is
// applied (with its candidate lines), and an offer with an SDP is the last
// one pion created when it is that one without them.
func (c *glareConn) SetLocal(d sdptype.Description, iceRestart bool) (sdptype.Description, error) {
	apply := toPionDescription(d)
	switch {
	case d.Type == sdptype.Offer && d.SDP == "":
		o, err := c.CreateOffer(iceRestart)
		if err != nil {
			return sdptype.Description{}, err
		}
		d, apply = o, c.lastOffer
	case d.Type == sdptype.Answer && d.SDP == "":
		a, err := c.pc.CreateAnswer(nil)
		if err != nil {
			return sdptype.Description{}, err
		}
		d, apply = local(&a), a
	case d.Type == sdptype.Offer && c.lastOffer.SDP != "" && withoutCandidates(c.lastOffer.SDP) == d.SDP:
		apply = c.lastOffer
	}
	if err := c.pc.SetLocalDescription(apply); err != nil {
		return sdptype.Description{}, err
	}
	return d, nil
}

// SetRemote is SetRemoteDescription.
func (c *glareConn) SetRemote(d sdptype.Description) error {
	return c.pc.SetRemoteDescription(toPionDescription(d))
}

// AddCandidate is AddICECandidate.
func (c *glareConn) AddCandidate(cand sdptype.Candidate) error {
	err := c.pc.AddICECandidate(toPionCandidate(cand))
	if err == nil {
		glareSeen.candidates.Add(1)
	}
	return err
}

// AddTransceiver is AddTransceiverFromKind, with a mid of this peer's own
// at once (PION.md: pion numbers it at CreateOffer otherwise), or
// CreateDataChannel for "application".
func (c *glareConn) AddTransceiver(kind string) error {
	if kind == "application" {
		if _, err := c.pc.CreateDataChannel("glare", nil); err != nil {
			return err
		}
		c.added = append(c.added, added{kind: kind})
		return nil
	}
	k := webrtc.NewRTPCodecType(kind)
	if k == 0 {
		return fmt.Errorf("unknown kind %q", kind)
	}
	t, err := c.pc.AddTransceiverFromKind(k)
	if err != nil {
		return err
	}
	if err := t.SetMid(fmt.Sprintf("%s%d", c.name, len(c.added)+1)); err != nil {
		return err
	}
	c.added = append(c.added, added{kind: kind, t: t})
	return nil
}

// RestartICE does nothing: pion v4 has no restartIce; the machine asks for
// the restart in CreateOffer and SetLocal (OfferOptions.ICERestart).
func (c *glareConn) RestartICE() {}

// Gather returns a host candidate of the local description's first
// m-section in use, with its ufrag, ending with the "for" extension the
// simulator reads (the description's tag, as the fake stack writes it).
func (c *glareConn) Gather(n int) (sdptype.Candidate, bool) {
	d := local(c.pc.LocalDescription())
	if d.IsZero() {
		return sdptype.Candidate{}, false
	}
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil {
		return sdptype.Candidate{}, false
	}
	s := d.String()
	tag := s[strings.LastIndexByte(s, '/')+1:]
	for i, m := range f.Media {
		if !m.Rejected {
			return sdptype.Candidate{
				Candidate:        fmt.Sprintf("candidate:%d 1 udp 2113937151 192.0.2.%d %d typ host for %s", n, len(c.name), 40000+n, tag),
				SDPMid:           m.Mid,
				SDPMLineIndex:    sdptype.Index(uint16(i)),
				UsernameFragment: m.ICE.Ufrag,
			}, true
		}
	}
	return sdptype.Candidate{}, false
}

// State is SignalingState.
func (c *glareConn) State() signaling.State {
	st, ok := signaling.ParseState(c.pc.SignalingState().String())
	if !ok {
		return signaling.State(255)
	}
	return st
}

// Slots reads pion's four description attributes (the local ones without
// gathered candidates).
func (c *glareConn) Slots() signalingtest.Slots {
	return signalingtest.Slots{
		PendingLocal:  local(c.pc.PendingLocalDescription()),
		CurrentLocal:  local(c.pc.CurrentLocalDescription()),
		PendingRemote: fromPionDescription(c.pc.PendingRemoteDescription()),
		CurrentRemote: fromPionDescription(c.pc.CurrentRemoteDescription()),
	}
}

// Transceivers lists what the application added: a transceiver with its
// mid, the data channel with the mid of the application m-section of the
// local description ("" while it has none).
func (c *glareConn) Transceivers() []negotiationtest.Transceiver {
	out := make([]negotiationtest.Transceiver, len(c.added))
	for i, a := range c.added {
		out[i].Kind = a.kind
		if a.t != nil {
			out[i].Mid = a.t.Mid()
			continue
		}
		d := local(c.pc.LocalDescription())
		if d.IsZero() {
			continue
		}
		if f, err := sdptype.ParseFacts(d.SDP); err == nil {
			for _, m := range f.Media {
				if m.Kind == "application" {
					out[i].Mid = m.Mid
				}
			}
		}
	}
	return out
}

// Close is Close.
func (c *glareConn) Close() error {
	if d := c.pc.CurrentLocalDescription(); d != nil && strings.Contains(d.SDP, "\nm=application ") {
		glareSeen.data.Add(1)
	}
	return c.pc.Close()
}

// glareCheck is the glare check of raw pion PeerConnections: NoRollback
// only, the one mode pion v4 supports (PION.md Exp 1).
var glareCheck = negotiationtest.Check{
	NewConn: newGlareConn,
	Modes:   []negotiation.RollbackMode{negotiation.NoRollback},
}

// TestGlareChecksPion runs the simulator's glare checks on two raw pion
// PeerConnections in NoRollback, the mode pion supports: every schedule
// with one change per peer (Explore), and random schedules. It takes
// seconds: not under -short.
func TestGlareChecksPion(t *testing.T) {
	if testing.Short() {
		t.Skip("seconds long: run without -short")
	}
	start := time.Now()
	st, err := glareCheck.Explore(negotiationtest.Bound{Changes: 1})
	if err != nil {
		t.Fatal(err) // a *Failure prints its report
	}
	t.Logf("explored %v in %v", st, time.Since(start).Round(time.Millisecond))
	const n = 1000
	start = time.Now()
	if err := glareCheck.Random(1, n); err != nil {
		t.Fatal(err) // a *Failure prints its report
	}
	t.Logf("%d random schedules in %v", n, time.Since(start).Round(time.Millisecond))
	t.Logf("pion added %d candidates, created %d ICE-restart offers; %d connections closed with a data channel negotiated",
		glareSeen.candidates.Load(), glareSeen.restarts.Load(), glareSeen.data.Load())
}

// FuzzGlarePion is the fuzz target of the glare checks on raw pion
// PeerConnections: go test -fuzz=FuzzGlarePion.
func FuzzGlarePion(f *testing.F) { negotiationtest.Fuzz(f, glareCheck) }
