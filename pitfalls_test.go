package glare_test

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/internal/scenario"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/negotiation/negotiationtest"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// TestPitfalls runs testdata/pitfalls/*.txt: one file per applicable item of
// PITFALLS.md sections A to G, named after the item. Files drive two
// simulated peers (negotiationtest) and, where an item is about one
// connection's rules, a signaling.Session with the commands of
// signalingtest.
func TestPitfalls(t *testing.T) {
	scenario.Run(t, "testdata/pitfalls/*.txt", newSimCommands)
}

type simHandler struct {
	t       *testing.T
	s       *negotiationtest.Sim
	session scenario.Commands
}

// simCommands declares the commands of handle.
var simCommands = func() scenario.Commands {
	peer := scenario.Word{Name: "peer", Check: scenario.OneOf("a", "b")}
	move := scenario.Command{Words: []scenario.Word{peer}, Keys: map[string]scenario.Check{"x": scenario.Count}}
	return scenario.Commands{
		"sim":     {Flags: []string{"a-polite", "implicit", "deferred", "numbered-mids", "mixed-kinds", "chained-candidates"}},
		"deliver": move, "complete": move, "change": move, "restart": move, "gather": move,
		"settle": {}, "converged": {}, "state": {}, "wire": {},
		"inject": {Words: []scenario.Word{peer, {Name: "kind", Check: scenario.OneOf("dup", "reoffer", "pranswer", "answer-copy",
			"garbage-offer", "bogus-type", "rollback", "old-candidate", "new-candidate", "old-candidate-line", "new-candidate-line", "end", "no-mid", "no-ufrag", "no-ufrag-last")}}},
		"reorder":   {Words: []scenario.Word{peer}},
		"duplicate": {Words: []scenario.Word{peer}},
		"fail":      {Words: []scenario.Word{peer, {Name: "how", Check: scenario.OneOf("rolled-back"), Optional: true}}},
		"close":     {Words: []scenario.Word{{Name: "peer", Check: peer.Check, Optional: true}}},
		"feed": {Words: []scenario.Word{peer, {Name: "input", Check: scenario.OneOf("set-remote-done", "add-candidate-done",
			"set-local-done-answer", "set-local-done-offer", "negotiation-needed", "stack-negotiation-needed", "nil")}}},
	}
}()

// newSimCommands returns the commands of handle and the signaling.Session
// commands of signalingtest.
func newSimCommands(t *testing.T) scenario.Commands {
	h := &simHandler{t: t, session: signalingtest.Commands()}
	cmds := maps.Clone(h.session)
	for name, cmd := range simCommands {
		cmd.Run = h.handle
		cmds[name] = cmd
	}
	return cmds
}

var moves = map[string]negotiationtest.MoveKind{
	"deliver": negotiationtest.Deliver, "complete": negotiationtest.Complete, "change": negotiationtest.Change,
	"restart": negotiationtest.Restart, "gather": negotiationtest.Candidate,
}

// handle runs one command:
//
//	sim [a-polite] [implicit|deferred] [numbered-mids] [mixed-kinds] [chained-candidates]
//	                              two new peers (b is polite without a-polite), the
//	                              rollback mode, pion's mids, audio/video/data changes,
//	                              AddCandidate without completion
//	deliver|complete|change|restart|gather a|b [x=N]  a scheduler move, N times
//	settle                        deliver and complete everything
//	converged                     check the outcome
//	state                         both peers' machines
//	wire                          the messages in flight
//	inject a|b KIND               put a message on a peer's outgoing wire
//	reorder a|b                   swap the first two messages from a peer
//	duplicate a|b                 copy the first message from a peer (offer id and all)
//	                              behind the last one
//	fail a|b                      the peer's pending operation fails
//	fail a|b rolled-back          it fails and the stack keeps its implicit rollback
//	close a|b                     the application closes the peer
//	feed a|b INPUT                a stray input (set-remote-done, add-candidate-done,
//	                              set-local-done-answer, set-local-done-offer, negotiation-needed, stack-negotiation-needed, nil)
//
// close without a peer, like any command not listed, is a signaling.Session
// command of signalingtest.
func (h *simHandler) handle(c scenario.Case) (string, error) {
	if c.Cmd == "sim" {
		var err error
		o := negotiationtest.Options{APolite: c.Flag("a-polite"), NumberedMids: c.Flag("numbered-mids"), MixedKinds: c.Flag("mixed-kinds"),
			ChainedCandidates: c.Flag("chained-candidates"), AllowRejects: true}
		switch {
		case c.Flag("implicit"):
			o.Rollback = negotiation.ImplicitRollback
		case c.Flag("deferred"):
			o.Rollback = negotiation.NoRollback
		}
		h.s, err = negotiationtest.New(o)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("a: %v, b: %v", h.s.Peers[0].Machine.Role(), h.s.Peers[1].Machine.Role()), nil
	}
	kind, isMove := moves[c.Cmd]
	if c.Cmd == "close" && c.Word(0) == "" {
		return h.session["close"].Run(c)
	}
	if h.s == nil {
		return "", errors.New("no sim")
	}
	peer := strings.Index("ab", c.Word(0))
	from := len(h.s.Transcript())
	var err error
	switch {
	case isMove:
		for range c.Uint("x", 1) {
			if err = h.s.Do(negotiationtest.Move{Kind: kind, Peer: peer}); err != nil {
				break
			}
		}
	case c.Cmd == "settle":
		err = h.s.Settle()
	case c.Cmd == "converged":
		if err := h.s.Converged(); err != nil {
			return "not converged: " + err.Error(), nil
		}
		return fmt.Sprintf("converged after %d messages", h.s.Sent), nil
	case c.Cmd == "state":
		return h.state(), nil
	case c.Cmd == "wire":
		return h.wire(), nil
	case c.Cmd == "inject":
		return h.inject(c, peer)
	case c.Cmd == "reorder":
		w := h.s.Wire[peer]
		if len(w) < 2 {
			return "", errors.New("fewer than two messages to reorder")
		}
		w[0], w[1] = w[1], w[0]
		return h.wire(), nil
	case c.Cmd == "duplicate":
		w := h.s.Wire[peer]
		if len(w) == 0 {
			return "", errors.New("no message to duplicate")
		}
		h.s.Wire[peer] = append(w, w[0])
		return h.wire(), nil
	case c.Cmd == "fail" && c.Word(1) == "rolled-back":
		err = h.s.FailRolledBack(peer, errors.New("stack error"))
	case c.Cmd == "fail":
		err = h.s.Fail(peer, errors.New("stack error"))
	case c.Cmd == "close":
		err = h.s.Close(peer)
	case c.Cmd == "feed":
		in := map[string]negotiation.Input{
			"set-remote-done": &negotiation.SetRemoteDone{}, "add-candidate-done": &negotiation.AddCandidateDone{},
			"set-local-done-answer": &negotiation.SetLocalDone{Description: sdptype.Description{Type: sdptype.Answer, SDP: "v=0\r\n"}},
			"set-local-done-offer":  &negotiation.SetLocalDone{Description: sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}},
			"negotiation-needed":    &negotiation.NegotiationNeeded{}, "nil": nil,
			"stack-negotiation-needed": &negotiation.NegotiationNeeded{FromStack: true},
		}[c.Word(1)]
		err = h.s.Feed(peer, in)
	}
	out := strings.Join(h.s.Transcript()[from:], "\n")
	if err != nil {
		out += "\nerror: " + err.Error()
	}
	if out == "" {
		out = "(nothing)"
	}
	return out, nil
}

func (h *simHandler) state() string {
	var b strings.Builder
	for _, p := range h.s.Peers {
		m := p.Machine
		fmt.Fprintf(&b, "%s: %v %v", p.Name, m.Role(), m.State())
		for _, f := range []struct {
			name string
			on   bool
		}{{"makingOffer", m.MakingOffer()}, {"ignoreOffer", m.IgnoreOffer()}, {"negotiationNeeded", m.NegotiationNeeded()}} {
			if f.on {
				b.WriteString(" " + f.name)
			}
		}
		req, neg := m.Generations()
		fmt.Fprintf(&b, " requests=%d negotiated=%d", req, neg)
		if p.Pending != nil {
			fmt.Fprintf(&b, " pending=%v", p.Pending)
		}
		if q := m.Queued(); q > 0 {
			fmt.Fprintf(&b, " queued=%d", q)
		}
		if w := m.Waiting(); len(w) > 0 {
			fmt.Fprintf(&b, " waiting=%d", len(w))
		}
		if len(m.Session().ICECredentialsToReplace()) > 0 {
			b.WriteString(" ice-restart-pending")
		}
		if d, ok := m.Deferred(); ok {
			fmt.Fprintf(&b, " deferred=%v", d.Type)
		}
		if !m.Session().Equal(p.Stack.Session) {
			b.WriteString(" DISAGREES WITH ITS STACK")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (h *simHandler) wire() string {
	var b strings.Builder
	for i, w := range h.s.Wire {
		fmt.Fprintf(&b, "%s->%s:", "ab"[i:i+1], "ab"[1-i:2-i])
		for j, m := range w {
			b.WriteString(map[bool]string{true: " ", false: ", "}[j == 0] + m.String())
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// inject puts a message on peer's outgoing wire:
//
//	dup             the last description the peer sent, again
//	reoffer         a new offer with the m-sections of the last one (a "pushy" peer),
//	                or of the other peer's local description
//	pranswer        a pranswer to the other peer's pending offer
//	answer-copy     an answer to the other peer's pending offer (not made by the peer's machine)
//	garbage-offer   an offer whose SDP does not parse (line 2)
//	bogus-type      a description of an unknown type
//	rollback        a description of type rollback
//	old-candidate   a candidate with the peer's first ICE ufrag
//	new-candidate   a candidate with a ufrag never seen
//	old-candidate-line, new-candidate-line   the same with the ufrag only in the
//	                candidate line's "ufrag" extension (as Chromium and pion write it)
//	end             an end-of-candidates for every m-section
//	no-mid          a candidate with neither sdpMid nor sdpMLineIndex
//	no-ufrag        a candidate without usernameFragment (as pion writes) for the peer's local description
//	no-ufrag-last   the same for the last m-section of that description
func (h *simHandler) inject(c scenario.Case, peer int) (string, error) {
	p := h.s.Peers[peer]
	other := h.s.Peers[1-peer]
	ufrag := fmt.Sprintf("%s000", p.Name)
	// lastDesc is the last description the peer sent, else the other
	// peer's local description (for its m-sections).
	lastDesc := func() sdptype.Description {
		for _, d := range slices.Backward(h.sent(peer)) {
			return d
		}
		return other.Stack.Session.LocalDescription()
	}
	build := func(t sdptype.Type, from sdptype.Description, ufrag string, version uint64) sdptype.Description {
		f, err := sdptype.ParseFacts(from.SDP)
		if err != nil {
			h.t.Fatal(err)
		}
		var secs []sdptest.Section
		for _, m := range f.Media {
			secs = append(secs, sdptest.Section{Mid: m.Mid, Kind: m.Kind, Rejected: m.Rejected})
		}
		return sdptype.Description{Type: t, SDP: sdptest.Build(sdptest.Spec{Sections: secs, Ufrag: ufrag, Version: version})}
	}
	var msg negotiationtest.Message
	switch kind := c.Word(1); kind {
	case "dup":
		msg.Description = lastDesc()
	case "reoffer":
		msg.Description = build(sdptype.Offer, lastDesc(), ufrag, 900)
	case "pranswer", "answer-copy":
		t := map[string]sdptype.Type{"pranswer": sdptype.Pranswer, "answer-copy": sdptype.Answer}[kind]
		msg.Description = build(t, other.Stack.Session.LocalDescription(), ufrag, 901)
	case "garbage-offer":
		msg.Description = sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\nnot sdp\r\n"}
	case "bogus-type":
		msg.Description = sdptype.Description{Type: 9, SDP: "v=0\r\n"}
	case "rollback":
		msg.Description = sdptype.Description{Type: sdptype.Rollback}
	case "old-candidate", "new-candidate":
		u := map[string]string{"old-candidate": ufrag, "new-candidate": "zzzz"}[kind]
		msg.Candidate = sdptype.Candidate{Candidate: "candidate:9 1 udp 1 192.0.2.9 9 typ host", SDPMid: firstMid(other.Stack.Session.RemoteDescription()), UsernameFragment: u}
	case "old-candidate-line", "new-candidate-line":
		u := map[string]string{"old-candidate-line": ufrag, "new-candidate-line": "zzzz"}[kind]
		msg.Candidate = sdptype.Candidate{Candidate: "candidate:9 1 udp 1 192.0.2.9 9 typ host ufrag " + u, SDPMid: firstMid(other.Stack.Session.RemoteDescription())}
	case "end":
		msg.Candidate = sdptype.Candidate{}
	case "no-mid":
		msg.Candidate = sdptype.Candidate{Candidate: "candidate:9 1 udp 1 192.0.2.9 9 typ host"}
	case "no-ufrag", "no-ufrag-last":
		mid := firstMid(p.Stack.Session.LocalDescription())
		if kind == "no-ufrag-last" {
			mid = lastMid(p.Stack.Session.LocalDescription())
		}
		msg.Candidate = sdptype.Candidate{Candidate: "candidate:8 1 udp 1 192.0.2.8 8 typ host", SDPMid: mid}
	default:
		return "", fmt.Errorf("unknown inject %q", kind)
	}
	h.s.Wire[peer] = append(h.s.Wire[peer], msg)
	return h.wire(), nil
}

// sent returns the descriptions peer sent, from the transcript of its stack
// (its current and pending local descriptions are what it sent last).
func (h *simHandler) sent(peer int) []sdptype.Description {
	st := h.s.Peers[peer].Stack.Session
	var out []sdptype.Description
	for _, d := range []sdptype.Description{st.CurrentLocal(), st.PendingLocal()} {
		if !d.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

func lastMid(d sdptype.Description) string {
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil || len(f.Media) == 0 {
		return "0"
	}
	return f.Media[len(f.Media)-1].Mid
}

func firstMid(d sdptype.Description) string {
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil || len(f.Media) == 0 {
		return "0"
	}
	return f.Media[0].Mid
}

// TestPitfallsCoverEveryItem checks that items 1 to 35 of PITFALLS.md each
// have a scenario file, except those testdata/pitfalls/README.md explains.
func TestPitfallsCoverEveryItem(t *testing.T) {
	explained := map[int]bool{23: true, 33: true}
	for item := 1; item <= 35; item++ {
		files, _ := filepath.Glob(fmt.Sprintf("testdata/pitfalls/%02d-*.txt", item))
		if len(files) == 0 && !explained[item] {
			t.Errorf("PITFALLS item %d has no scenario file", item)
		}
	}
}

// TestNegotiationScenarios runs testdata/negotiation/*.txt, behaviour of the
// negotiation machine beyond the PITFALLS items, with the same commands.
func TestNegotiationScenarios(t *testing.T) {
	scenario.Run(t, "testdata/negotiation/*.txt", newSimCommands)
}
