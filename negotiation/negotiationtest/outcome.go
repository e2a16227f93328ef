package negotiationtest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/glare-rtc/glare/negotiation"
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
// transceiver negotiated, every ICE restart done, every candidate added or
// ignored with a reason.
func (s *Sim) Converged() error {
	if !s.Quiet() {
		return errors.New("not quiet")
	}
	a, b := &s.Peers[0], &s.Peers[1]
	var problems []string
	for _, p := range []*Peer{a, b} {
		st := p.Stack.Session
		if st.State() != signaling.Stable {
			problems = append(problems, fmt.Sprintf("%s is %v", p.Name, st.State()))
		}
		if !p.Machine.Session().Equal(st) {
			problems = append(problems, p.Name+"'s machine disagrees with its stack")
		}
		if p.Machine.NegotiationNeeded() || p.Machine.Busy() || len(p.Machine.Waiting()) > 0 {
			problems = append(problems, p.Name+" still needs negotiation, has operations or waiting candidates")
		}
		if left := p.Stack.unnegotiated(); len(left) > 0 {
			problems = append(problems, fmt.Sprintf("%s never negotiated %v", p.Name, left))
		}
		if len(st.ICECredentialsToReplace()) > 0 || (p.Stack.restartFrom != "" && localUfrag(st) == p.Stack.restartFrom) {
			problems = append(problems, p.Name+"'s ICE restart never happened")
		}
	}
	if a.Stack.Session.CurrentLocal() != b.Stack.Session.CurrentRemote() || b.Stack.Session.CurrentLocal() != a.Stack.Session.CurrentRemote() {
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

// Key identifies the state of s for deduplication: everything that decides
// what can happen next, not the transcript.
func (s *Sim) Key() [32]byte {
	h := sha256.New()
	for _, p := range s.Peers {
		st := p.Stack
		fmt.Fprintf(h, "%v|%v %v %d %d %s %t %t %v|%v|%d %d %d %d|%d %d|", p.Machine, st.Session, st.Local, st.iceGen, st.version, st.restartFrom,
			st.numbered, st.noRollback, st.lastOffer,
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

// localUfrag is the ufrag of the current local description, "" if none.
func localUfrag(st signaling.Session) string {
	f := facts(st.CurrentLocal())
	if len(f.Media) == 0 {
		return ""
	}
	return f.Media[0].ICE.Ufrag
}
