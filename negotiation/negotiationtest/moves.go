package negotiationtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// MoveKind is what a move does.
type MoveKind uint8

// The moves.
const (
	Deliver            MoveKind = iota // deliver the next message from Peer to the other peer
	Complete                           // the stack of Peer completes its pending operation
	Change                             // the application of Peer adds a transceiver
	Restart                            // the application of Peer calls restartIce()
	Candidate                          // the ICE agent of Peer gathers a candidate
	CandidateNoUfrag                   // ... one without usernameFragment, as pion writes them
	CandidateLineUfrag                 // ... one whose ufrag is only the line's "ufrag" extension, as Chromium writes it
	EndOfCandidates                    // ... an end-of-candidates for its m-section
	FailOffer                          // the stack of Peer fails to create or apply its offer
	// With Options.Links:
	DeliverLate // deliver the second envelope from Peer before the first (reorder)
	Duplicate   // the channel copies the first envelope from Peer, behind the others
	Lose        // the channel loses the first envelope from Peer
	Timeout     // the clock reaches Peer's link timeout, which ticks
	Reload      // Peer reloads: a new session, machine and stack; its application adds its transceivers again
)

// Move is one scheduler step.
type Move struct {
	Kind MoveKind
	Peer int // 0 for a, 1 for b
}

// String describes the move, such as "deliver a->b".
func (mv Move) String() string {
	p := "ab"[mv.Peer : mv.Peer+1]
	q := "ab"[1-mv.Peer : 2-mv.Peer]
	return [...]string{"deliver " + p + "->" + q, "complete " + p, "change " + p, "restart " + p,
		"candidate " + p, "candidate without ufrag " + p, "candidate with its ufrag in the line " + p, "end-of-candidates " + p, "fail offer " + p,
		"deliver " + p + "->" + q + " late", "duplicate " + p + "->" + q, "lose " + p + "->" + q, "timeout " + p, "reload " + p}[mv.Kind]
}

// Can reports whether mv is possible now.
func (s *Sim) Can(mv Move) bool {
	p := &s.Peers[mv.Peer]
	switch mv.Kind {
	case Deliver:
		if s.Options.Links {
			return len(s.Envelopes[mv.Peer]) > 0
		}
		return len(s.Wire[mv.Peer]) > 0
	case DeliverLate:
		return s.Options.Links && len(s.Envelopes[mv.Peer]) > 1
	case Duplicate, Lose:
		return s.Options.Links && len(s.Envelopes[mv.Peer]) > 0
	case Timeout:
		_, ok := s.Links[mv.Peer].Timeout()
		return s.Options.Links && ok
	case Reload:
		return s.Options.Links
	case Complete:
		return p.Pending != nil
	case Candidate, CandidateNoUfrag, CandidateLineUfrag, EndOfCandidates:
		_, ok := p.conn().Gather(0)
		return ok
	case FailOffer:
		sl, ok := p.Pending.(*negotiation.SetLocal)
		_, creating := p.Pending.(*negotiation.CreateOffer)
		return ok && sl.Type == sdptype.Offer && sl.Description.IsZero() || creating
	}
	return true
}

// Bound limits what the applications of the two peers do: at most Changes
// changes, Restarts restartIce calls and Candidates gathered candidates per
// peer. Deliveries and completions are never limited.
type Bound struct {
	Changes, Restarts, Candidates int
	// Variants adds candidates without usernameFragment, with their ufrag
	// only in the candidate line, and end-of-candidates (counted in
	// Candidates).
	Variants bool
	// Failures is how many offers per peer may fail (FailOffer).
	Failures int
	// With Options.Links, per peer: envelopes from it delivered late,
	// duplicated, lost; timeouts it reaches; reloads.
	Faults
}

// Moves lists the moves possible in s within b, in a fixed order.
func (s *Sim) Moves(b Bound) []Move {
	var out []Move
	for i := range s.Peers {
		p := &s.Peers[i]
		for _, mv := range [...]struct {
			kind MoveKind
			ok   bool
		}{
			{Deliver, true},
			{Complete, true},
			{Change, p.Changes < b.Changes},
			{Restart, p.Restarts < b.Restarts},
			{Candidate, p.Candidates < b.Candidates},
			{CandidateNoUfrag, b.Variants && p.Candidates < b.Candidates},
			{CandidateLineUfrag, b.Variants && p.Candidates < b.Candidates},
			{EndOfCandidates, b.Variants && p.Candidates < b.Candidates},
			{FailOffer, p.Failures < b.Failures},
			{DeliverLate, s.Faults[i].Reorders < b.Reorders},
			{Duplicate, s.Faults[i].Duplicates < b.Duplicates},
			{Lose, s.Faults[i].Losses < b.Losses},
			{Timeout, s.Faults[i].Timeouts < b.Timeouts},
			{Reload, s.Faults[i].Reloads < b.Reloads},
		} {
			m := Move{Kind: mv.kind, Peer: i}
			if mv.ok && s.Can(m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// Do performs mv and checks the safety properties. Do on a move that is
// not possible is an error.
func (s *Sim) Do(mv Move) error {
	if !s.Can(mv) {
		return fmt.Errorf("%v is not possible now", mv)
	}
	s.moves = append(slices.Clip(s.moves), mv)
	i := mv.Peer
	p := &s.Peers[i]
	switch mv.Kind {
	case Deliver, DeliverLate:
		if s.Options.Links {
			k := 0
			if mv.Kind == DeliverLate {
				k = 1
				s.Faults[i].Reorders++
			}
			e := s.Envelopes[i][k]
			s.Envelopes[i] = slices.Delete(slices.Clone(s.Envelopes[i]), k, k+1)
			return s.linkStep(1-i, &delivery.Receive{Envelope: e})
		}
		msg := s.Wire[i][0]
		s.Wire[i] = s.Wire[i][1:]
		s.logf("%s->%s %v", p.Name, s.Peers[1-i].Name, msg)
		if !msg.Description.IsZero() {
			return s.step(1-i, &negotiation.ReceivedDescription{Description: msg.Description, OfferID: msg.OfferID})
		}
		return s.step(1-i, &negotiation.ReceivedCandidate{Candidate: msg.Candidate})
	case Complete:
		return s.complete(i)
	case Change:
		p.Changes++
		t, err := s.addTransceiver(i, s.kind(i, p.Changes))
		if err != nil {
			return err
		}
		s.logf("%s: change (transceiver %s)", p.Name, t)
		return s.step(i, &negotiation.NegotiationNeeded{})
	case Restart:
		p.Restarts++
		pc := p.conn()
		pc.RestartICE() // the stack keeps [[LocalIceCredentialsToReplace]] too
		if u := localUfrag(pc.Slots().CurrentLocal); u != "" {
			p.restartFrom = u // ground truth for Converged: this ufrag must go
		}
		s.logf("%s: restartIce", p.Name)
		return s.step(i, &negotiation.RestartICE{})
	case Candidate, CandidateNoUfrag, CandidateLineUfrag, EndOfCandidates:
		p.Candidates++
		s.Gathered++
		c, _ := p.conn().Gather(s.Gathered)
		switch mv.Kind {
		case CandidateNoUfrag:
			c.UsernameFragment = ""
		case CandidateLineUfrag:
			line, gathered, _ := strings.Cut(c.Candidate, " for ")
			c.Candidate, c.UsernameFragment = line+" ufrag "+c.UsernameFragment+" for "+gathered, ""
		case EndOfCandidates:
			c.Candidate = ""
		}
		s.logf("%s: gathered %v", p.Name, c)
		return s.step(i, &negotiation.LocalCandidate{Candidate: c})
	case FailOffer:
		p.Failures++
		return s.fail(i, errors.New("createOffer failed"))
	case Duplicate:
		s.Faults[i].Duplicates++
		s.logf("%s->%s duplicated: %v", p.Name, s.Peers[1-i].Name, s.Envelopes[i][0])
		s.Envelopes[i] = append(slices.Clip(s.Envelopes[i]), s.Envelopes[i][0])
		return nil
	case Lose:
		s.Faults[i].Losses++
		s.logf("%s->%s lost: %v", p.Name, s.Peers[1-i].Name, s.Envelopes[i][0])
		s.Envelopes[i] = s.Envelopes[i][1:]
		return nil
	case Timeout:
		s.Faults[i].Timeouts++
		return s.tick(i)
	case Reload:
		s.Faults[i].Reloads++
		s.logf("%s: reload", p.Name)
		return s.replace(i, true)
	}
	return fmt.Errorf("unknown move %v", mv)
}

// kind is the media kind of peer i's n-th change.
func (s *Sim) kind(i, n int) string {
	if !s.Options.MixedKinds {
		return "audio"
	}
	if i == 0 {
		return [...]string{"audio", "video"}[(n-1)%2]
	}
	if n == 1 {
		return "application"
	}
	return [...]string{"video", "audio"}[n%2]
}

// addTransceiver adds a transceiver of kind to peer i's stack and returns
// the one the stack lists last.
func (s *Sim) addTransceiver(i int, kind string) (Transceiver, error) {
	p := &s.Peers[i]
	pc := p.conn()
	if err := pc.AddTransceiver(kind); err != nil {
		return Transceiver{}, fmt.Errorf("%s: the stack refuses a new %s transceiver: %w", p.Name, kind, err)
	}
	ts := pc.Transceivers()
	if len(ts) == 0 {
		return Transceiver{}, fmt.Errorf("%s: no transceiver after adding one", p.Name)
	}
	return ts[len(ts)-1], nil
}

// complete runs the pending operation of peer i on its stack and feeds the
// completion to its machine; then the machine and the stack must agree.
func (s *Sim) complete(i int) error {
	p := &s.Peers[i]
	a := p.Pending
	p.Pending = nil
	pc := p.conn()
	var in negotiation.Input
	var err error
	switch a := a.(type) {
	case *negotiation.CreateOffer:
		var d sdptype.Description
		d, err = pc.CreateOffer(a.ICERestart)
		in = &negotiation.CreateOfferDone{Description: d}
		s.logf("%s: %v", p.Name, a)
	case *negotiation.SetLocal:
		d := a.Description
		if d.IsZero() {
			d.Type = a.Type
		}
		d, err = pc.SetLocal(d, a.ICERestart)
		if a.Type == sdptype.Rollback {
			d = sdptype.Description{Type: sdptype.Rollback}
		}
		in = &negotiation.SetLocalDone{Description: d}
		s.logf("%s: setLocalDescription(%v)", p.Name, a.Type)
	case *negotiation.SetRemote:
		if a.Description.Type == sdptype.Offer && pc.State() == signaling.HaveLocalOffer {
			// An implicit rollback: only stacks that have one (the option),
			// and only ever on the polite peer.
			if s.Options.Rollback != negotiation.ImplicitRollback {
				return fmt.Errorf("%s: SetRemote(offer) in have-local-offer on a stack without implicit rollback", p.Name)
			}
			if p.Machine.Role() == negotiation.Impolite {
				return fmt.Errorf("%s: the impolite peer rolled back (implicitly)", p.Name)
			}
		}
		err = pc.SetRemote(a.Description)
		in = &negotiation.SetRemoteDone{}
		s.logf("%s: setRemoteDescription(%v)", p.Name, a.Description.Type)
	case *negotiation.AddCandidate:
		err = s.addCandidate(i, a.Candidate)
		in = &negotiation.AddCandidateDone{}
	}
	if err != nil {
		return fmt.Errorf("%s: the machine asked for an operation the stack refuses: %w", p.Name, err)
	}
	if err := s.step(i, in); err != nil {
		return err
	}
	if !agree(p.Machine.Session(), pc) {
		return fmt.Errorf("%s: after %v the stack disagrees with its machine: stack %s, machine %s", p.Name, a, describeConn(pc), describeSession(p.Machine.Session()))
	}
	return nil
}

// addCandidate adds a remote candidate to peer i's stack.
func (s *Sim) addCandidate(i int, c sdptype.Candidate) error {
	p := &s.Peers[i]
	p.Added++
	s.logf("%s: addIceCandidate", p.Name)
	return p.conn().AddCandidate(c)
}

// agree reports whether a machine's view of its stack (the Session after
// every completed operation) is the stack's: signaling state and the four
// descriptions.
func agree(m signaling.Session, pc PeerConnection) bool {
	sl := pc.Slots()
	return m.State() == pc.State() && m.PendingLocal() == sl.PendingLocal && m.CurrentLocal() == sl.CurrentLocal &&
		m.PendingRemote() == sl.PendingRemote && m.CurrentRemote() == sl.CurrentRemote
}

// describeConn prints a connection's state and descriptions.
func describeConn(pc PeerConnection) string {
	sl := pc.Slots()
	return fmt.Sprintf("%v local %v/%v remote %v/%v", pc.State(), sl.PendingLocal, sl.CurrentLocal, sl.PendingRemote, sl.CurrentRemote)
}

// describeSession prints a Session as describeConn does a connection.
func describeSession(m signaling.Session) string {
	return fmt.Sprintf("%v local %v/%v remote %v/%v", m.State(), m.PendingLocal(), m.CurrentLocal(), m.PendingRemote(), m.CurrentRemote())
}
