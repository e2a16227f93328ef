package negotiationtest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// Quiet reports whether nothing is left to deliver or complete and, with
// Options.Links, no link has a timeout left.
func (s *Sim) Quiet() bool {
	for i := range s.Peers {
		if s.Can(Move{Kind: Deliver, Peer: i}) || s.Can(Move{Kind: Complete, Peer: i}) || s.Can(Move{Kind: Timeout, Peer: i}) {
			return false
		}
	}
	return true
}

// Settle delivers every message and completes every operation, in a fixed
// order (a's operation, b's, then a->b, then b->a), until nothing is left;
// with Options.Links, when nothing else is left the clock reaches the
// earliest link timeout. More than MaxSettle moves is an error: the peers
// do not converge.
func (s *Sim) Settle() error {
	for n := 0; !s.Quiet(); n++ {
		if n == MaxSettle {
			return fmt.Errorf("still not quiet after %d moves: a livelock", MaxSettle)
		}
		for _, mv := range []Move{{Kind: Complete}, {Kind: Complete, Peer: 1}, {Kind: Deliver}, {Kind: Deliver, Peer: 1}, s.earliestTimeout()} {
			if s.Can(mv) {
				if err := s.Do(mv); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// earliestTimeout is the Timeout move of the link that needs a tick first.
func (s *Sim) earliestTimeout() Move {
	a, okA := s.Links[0].Timeout()
	b, okB := s.Links[1].Timeout()
	if !okA || okB && b.Before(a) {
		return Move{Kind: Timeout, Peer: 1}
	}
	return Move{Kind: Timeout}
}

// MaxSettle bounds Settle: no schedule of the bounded moves needs more.
const MaxSettle = 10000

// Converged checks the outcome once Quiet: both peers stable, each one's
// current local description the other's current remote description, the
// machines agreeing with their stacks, nothing left to negotiate, every
// transceiver negotiated (a mid, and a section of its kind in use with
// that mid in the current local description), every ICE restart done,
// every candidate added or ignored with a reason.
func (s *Sim) Converged() error {
	if !s.Quiet() {
		return errors.New("not quiet")
	}
	a, b := &s.Peers[0], &s.Peers[1]
	var problems []string
	for _, p := range []*Peer{a, b} {
		pc := p.conn()
		m := p.Machine.Session()
		if st := pc.State(); st != signaling.Stable {
			problems = append(problems, fmt.Sprintf("%s is %v", p.Name, st))
		}
		if st := p.ours(); !agree(m, pc) || st != nil && !m.Equal(st.Session) {
			problems = append(problems, p.Name+"'s machine disagrees with its stack")
		}
		if p.Machine.NegotiationNeeded() || p.Machine.Busy() || len(p.Machine.Waiting()) > 0 {
			problems = append(problems, p.Name+" still needs negotiation, has operations or waiting candidates")
		}
		if left := unnegotiated(pc); len(left) > 0 {
			problems = append(problems, fmt.Sprintf("%s never negotiated %v", p.Name, left))
		}
		if len(m.ICECredentialsToReplace()) > 0 || (p.restartFrom != "" && localUfrag(pc.Slots().CurrentLocal) == p.restartFrom) {
			problems = append(problems, p.Name+"'s ICE restart never happened")
		}
	}
	sa, sb := a.conn().Slots(), b.conn().Slots()
	if sa.CurrentLocal != sb.CurrentRemote || sb.CurrentLocal != sa.CurrentRemote {
		problems = append(problems, "the peers' current descriptions differ")
	}
	if s.Options.Links {
		la, lb := s.Links[0], s.Links[1]
		if !la.Quiet() || !lb.Quiet() || la.Peer() != lb.ID() || lb.Peer() != la.ID() {
			problems = append(problems, fmt.Sprintf("links not quiet or not talking to each other: %v / %v", la, lb))
		}
	}
	// A connection replaced leaves the old one's candidates unaccounted for.
	if got, want := a.Added+a.Ignored+b.Added+b.Ignored, a.Candidates+b.Candidates; got != want && s.Replaced == 0 {
		problems = append(problems, fmt.Sprintf("%d candidates gathered, %d added or ignored", want, got))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Finish ends a run: each peer whose offer failed makes one more change
// (nothing retries a failed offer by itself: the application asks again),
// everything left is delivered and completed (Settle), and both peers must
// have converged (Converged).
func (s *Sim) Finish() error {
	for i, p := range s.Peers {
		if p.Failures > 0 {
			if err := s.Do(Move{Kind: Change, Peer: i}); err != nil {
				return err
			}
		}
	}
	if err := s.Settle(); err != nil {
		return err
	}
	return s.Converged()
}

// unnegotiated returns the transceivers of a stack that its current local
// description does not carry: no mid yet, no section of that mid, one
// rejected, or one of another kind.
func unnegotiated(pc PeerConnection) []string {
	f := read(pc.Slots().CurrentLocal)
	var out []string
	for _, t := range pc.Transceivers() {
		if m, _, ok := f.Section(t.Mid); t.Mid == "" || !ok || m.Rejected || m.Kind != t.Kind {
			out = append(out, t.String())
		}
	}
	return out
}

// Key identifies the state of s for deduplication: everything that decides
// what can happen next, not the transcript. With the fake stack it is
// exact. With another stack it is approximate: it sees the machines, the
// wires and what PeerConnection shows (state, descriptions, transceivers),
// not what the stack keeps inside (the next o= version, an offer created
// and not applied...), so two states may share a key and behave
// differently later; and a stack whose descriptions are random (session
// ids, ICE credentials) gives each replay of a schedule its own keys.
func (s *Sim) Key() [32]byte {
	h := sha256.New()
	for i := range s.Peers {
		p := &s.Peers[i]
		if st := p.ours(); st != nil {
			fmt.Fprintf(h, "%v|%v %v %d %d %s %t %t %v|%v|%d %d %d %d|%d %d|", p.Machine, st.Session, st.Local, st.iceGen, st.version, p.restartFrom,
				st.numbered, st.noRollback, st.lastOffer,
				describe(p.Pending), p.Changes, p.Restarts, p.Candidates, p.Failures, p.Added, p.Ignored)
			continue
		}
		fmt.Fprintf(h, "%v|%v %v %v %s|%v|%d %d %d %d|%d %d|", p.Machine, p.Conn.State(), p.Conn.Slots(), p.Conn.Transceivers(), p.restartFrom,
			describe(p.Pending), p.Changes, p.Restarts, p.Candidates, p.Failures, p.Added, p.Ignored)
	}
	for _, w := range s.Wire {
		for _, msg := range w {
			fmt.Fprintf(h, "%v %d %v %q,", msg.Description, msg.OfferID, msg.Candidate, msg.Candidate.Candidate)
		}
		h.Write([]byte{'|'})
	}
	fmt.Fprintf(h, "%d %d", s.Sent, s.Gathered)
	if s.Options.Links {
		fmt.Fprintf(h, "|%v|%v|%d|%v|%v|%d %d", s.Links[0], s.Links[1], s.Now.UnixNano(), s.Faults, s.Sessions, s.Failures, s.Replaced)
		for _, w := range s.Envelopes {
			for _, e := range w {
				fmt.Fprintf(h, "%+v", e)
				if d := e.Message.Description; d != nil {
					fmt.Fprintf(h, " %v %q", d.Type, d.SDP)
				}
				if c := e.Message.Candidate; c != nil {
					fmt.Fprintf(h, " %s", candidateKey(*c))
				}
				h.Write([]byte{','})
			}
			h.Write([]byte{'|'})
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// describe prints an operation with the whole of its description or
// candidate, for Key.
func describe(a negotiation.Action) string {
	switch a := a.(type) {
	case *negotiation.SetRemote:
		return fmt.Sprintf("SetRemote(%v)", a.Description)
	case *negotiation.AddCandidate:
		return fmt.Sprintf("AddCandidate(%v %q)", a.Candidate, a.Candidate.Candidate)
	case nil:
		return "-"
	}
	return fmt.Sprint(a)
}

// localUfrag is the ufrag of a description's first section, "" if none.
func localUfrag(d sdptype.Description) string {
	f := read(d)
	if len(f.Media) == 0 {
		return ""
	}
	return f.Media[0].ICE.Ufrag
}

// read parses a description a stack shows: none if it does not parse (a
// stack's description that the machines never applied).
func read(d sdptype.Description) *sdptype.Facts {
	if d.IsZero() {
		return &sdptype.Facts{}
	}
	f, err := sdptype.ParseFacts(d.SDP)
	if err != nil {
		return &sdptype.Facts{}
	}
	return f
}
