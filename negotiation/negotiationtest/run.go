package negotiationtest

import (
	"errors"
	"fmt"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// step feeds in to peer i's machine and carries out the output.
func (s *Sim) step(i int, in negotiation.Input) error {
	p := &s.Peers[i]
	m, out, err := negotiation.Step(p.Machine, in)
	if err != nil {
		if !s.Options.AllowRejects {
			return fmt.Errorf("%s: rejected: %w", p.Name, err)
		}
		s.logf("%s: rejected: %v", p.Name, err)
		return nil
	}
	p.Machine = m
	// Local candidates are held only while an operation is in flight or
	// our offer is out: none is left behind in a stable, idle machine.
	if _, deferred := m.Deferred(); !m.Quiet() && !m.Busy() && len(m.Waiting()) == 0 && m.State() == signaling.Stable && !deferred {
		return fmt.Errorf("%s: a local candidate held in stable with nothing in flight", p.Name)
	}
	for _, e := range out.Events {
		switch e := e.(type) {
		case *negotiation.SignalingChange:
			s.logf("%s: %v -> %v", p.Name, e.From, e.To)
		case *negotiation.NegotiationNeededEvent:
			s.logf("%s: negotiationneeded", p.Name)
			if p.conn().State() != signaling.Stable || p.Machine.Queued() > 0 || p.Pending != nil {
				return fmt.Errorf("%s: negotiationneeded outside stable or with operations pending", p.Name)
			}
		case *negotiation.Collision, *negotiation.OfferDropped:
			s.logf("%s: %v", p.Name, e)
		case *negotiation.MidCollision:
			s.logf("%s: %v", p.Name, e)
			if !s.Options.NumberedMids {
				return fmt.Errorf("%s: a mid collision with mids of each peer's own: %v", p.Name, e)
			}
		case *negotiation.Negotiated:
		case *negotiation.Rejected:
			if _, failed := in.(*negotiation.OpFailed); failed && errors.Is(e.Err, negotiation.ErrOperationFailed) {
				s.logf("%s: %v", p.Name, e)
				continue // the failure the test injected
			}
			if !s.Options.AllowRejects {
				return fmt.Errorf("%s: rejected: %w", p.Name, e.Err)
			}
			s.logf("%s: rejected: %v", p.Name, e.Err)
		}
	}
	for _, a := range out.Actions {
		switch a := a.(type) {
		case *negotiation.CreateOffer, *negotiation.SetLocal, *negotiation.SetRemote, *negotiation.AddCandidate:
			if p.Pending != nil {
				return fmt.Errorf("%s: a second operation while one is in flight", p.Name)
			}
			if c, ok := a.(*negotiation.AddCandidate); ok && s.Options.ChainedCandidates {
				// Run now: the operations started after it run after it.
				if err := s.addCandidate(i, c.Candidate); err != nil {
					return fmt.Errorf("%s: the machine asked for an operation the stack refuses: %w", p.Name, err)
				}
				continue
			}
			if _, ok := a.(*negotiation.CreateOffer); ok && (p.conn().State() != signaling.Stable || p.Machine.Queued() > 0) {
				return fmt.Errorf("%s: an offer created in %v or with operations pending", p.Name, p.conn().State())
			}
			if sl, ok := a.(*negotiation.SetLocal); ok {
				if sl.Type == sdptype.Rollback && p.Machine.Role() == negotiation.Impolite {
					return errors.New(p.Name + ": the impolite peer rolled back")
				}
				if sl.Type == sdptype.Offer && p.conn().State() != signaling.Stable {
					return fmt.Errorf("%s: an offer asked for in %v", p.Name, p.conn().State())
				}
			}
			p.Pending = a
		case *negotiation.SendDescription:
			if err := s.send(i, Message{Description: a.Description, OfferID: a.OfferID}); err != nil {
				return err
			}
		case *negotiation.SendCandidate:
			if m.Session().MatchesLocal(a.Candidate) && m.Session().LocalBundled(a.Candidate) == signaling.Away {
				return fmt.Errorf("%s: sent a candidate of an m-section the answer bundled away: %v", p.Name, a.Candidate)
			}
			if m.State() == signaling.HaveLocalOffer && m.Session().LocalBundled(a.Candidate) == signaling.Undecided {
				return fmt.Errorf("%s: sent a candidate our offer bundles before its answer: %v", p.Name, a.Candidate)
			}
			if err := s.send(i, Message{Candidate: a.Candidate}); err != nil {
				return err
			}
		case *negotiation.IgnoreDescription:
			s.logf("%s: ignore %v: %s", p.Name, a.Description.Type, a.Reason)
			if p.Machine.Role() == negotiation.Polite && a.Reason == negotiation.ReasonCollision {
				return errors.New(p.Name + ": the polite peer ignored an offer")
			}
		case *negotiation.IgnoreCandidate:
			p.Ignored++
			s.logf("%s: ignore candidate: %s", p.Name, a.Reason)
			if a.Reason == negotiation.ReasonBundled && m.Session().LocalBundled(a.Candidate) != signaling.Away {
				return fmt.Errorf("%s: dropped as bundled a candidate not bundled away: %v", p.Name, a.Candidate)
			}
			// Without a ufrag, a candidate that arrives while an ICE-restart
			// offer is ignored could be of either generation: ignoring it is
			// the documented choice, so only candidates with a ufrag count.
			ambiguous := a.Candidate.Ufrag() == "" && (a.Reason == negotiation.ReasonIgnoredOffer || a.Reason == negotiation.ReasonWhileIgnoring)
			// The fake stack names, in the line, the description a candidate
			// was gathered for: one of the remote description must be added.
			if t := gatheredFor(a.Candidate.Candidate); a.Reason != negotiation.ReasonNotLocal && a.Reason != negotiation.ReasonClosed && !ambiguous && t != "" {
				if sl := p.conn().Slots(); t == tag(sl.CurrentRemote) || t == tag(sl.PendingRemote) {
					return fmt.Errorf("%s: ignored a candidate of its own remote description (%s)", p.Name, a.Reason)
				}
			}
		}
	}
	return nil
}
