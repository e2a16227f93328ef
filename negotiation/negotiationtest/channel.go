package negotiationtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// Faults are the channel faults and reloads done so far on the envelopes
// from one peer (or, for Reloads and Timeouts, by it).
type Faults struct {
	Reorders, Duplicates, Losses, Timeouts, Reloads int
}

// linked is the part of a Sim with Options.Links: each peer's messages
// go through a delivery.Link, and envelopes, not messages, are in flight.
type linked struct {
	Links     [2]delivery.Link
	Envelopes [2][]delivery.Envelope // Envelopes[i]: from peer i, oldest first
	Now       time.Time              // the fake clock the links are fed
	Faults    [2]Faults
	Sessions  [2]int // connections each peer has had before its current one
	Failures  int    // Failed events seen (each replaced the connection)
	Replaced  int    // connections replaced, by either peer
}

// simT0 is the fake clock's start.
var simT0 = time.Unix(1_700_000_000, 0)

// newLinks gives both peers a link, introduced to each other: their hellos
// are exchanged before any move.
func (s *Sim) newLinks() error {
	s.Now = simT0
	for i := range s.Peers {
		if err := s.newLink(i); err != nil {
			return err
		}
	}
	for i := range s.Peers {
		if err := s.linkStep(i, &delivery.Tick{}); err != nil {
			return err
		}
	}
	for len(s.Envelopes[0])+len(s.Envelopes[1]) > 0 {
		i := 0
		if len(s.Envelopes[0]) == 0 {
			i = 1
		}
		if err := s.Do(Move{Kind: Deliver, Peer: i}); err != nil {
			return err
		}
	}
	s.log, s.moves = nil, nil
	return nil
}

// sessionID is peer i's current session id: a1, a2...
func (s *Sim) sessionID(i int) string { return fmt.Sprintf("%s%d", s.Peers[i].Name, s.Sessions[i]+1) }

func (s *Sim) newLink(i int) error {
	l, err := delivery.New(s.sessionID(i), delivery.Options{Peer: s.sessionID(1 - i)})
	s.Links[i] = l
	return err
}

// linkSend passes a machine's message to its link.
func (s *Sim) linkSend(i int, msg Message) error {
	m := delivery.Message{Candidate: &msg.Candidate}
	if !msg.Description.IsZero() {
		m = delivery.Message{Description: &msg.Description, OfferID: msg.OfferID}
	}
	return s.linkStep(i, &delivery.Send{Message: m})
}

// linkStep feeds peer i's link and carries out its output: a restart of
// the peer or a failure replaces the connection, delivered messages go to
// the machine, envelopes onto the wire.
func (s *Sim) linkStep(i int, in delivery.Input) error {
	p := &s.Peers[i]
	l, out, err := delivery.Step(s.Links[i], s.Now, in)
	if err != nil {
		return fmt.Errorf("%s: link refused %T: %w", p.Name, in, err)
	}
	s.Links[i] = l
	for _, e := range out.Events {
		switch e := e.(type) {
		case *delivery.Dropped:
			s.logf("%s: link dropped %v: %v", p.Name, e.Envelope, e.Reason)
		case *delivery.PeerRestarted:
			s.logf("%s: link: %v", p.Name, e)
			if err := s.replace(i, false); err != nil {
				return err
			}
		case *delivery.Failed:
			s.logf("%s: link: %v", p.Name, e)
			s.Failures++
			if err := s.replace(i, true); err != nil {
				return err
			}
		default:
			s.logf("%s: link: %v", p.Name, e)
		}
	}
	s.Envelopes[i] = append(slices.Clip(s.Envelopes[i]), out.Transmit...)
	for _, m := range out.Deliver {
		in, err := m.Input()
		if err != nil {
			return err
		}
		s.logf("%s->%s %v", s.Peers[1-i].Name, p.Name, m)
		if err := s.step(i, in); err != nil {
			return err
		}
	}
	return nil
}

// replace gives peer i a new connection: a new machine and stack (and,
// with newLink, a new link: a reload, or a caller that reconnects after
// Failed); its application adds its transceivers again.
func (s *Sim) replace(i int, newLink bool) error {
	p := &s.Peers[i]
	m, err := negotiation.New(p.Machine.Role(), s.Options.machine())
	if err != nil {
		return err
	}
	ts := p.conn().Transceivers()
	kinds := make([]string, len(ts))
	for j, t := range ts {
		kinds[j] = t.Kind
	}
	p.Machine, p.Pending, p.restartFrom = m, nil, "" // a new connection has no restartIce to honour
	s.Replaced++
	if p.Conn != nil {
		p.Conn.Close()
	}
	if err := s.newConn(i); err != nil {
		return err
	}
	if st := p.ours(); st != nil {
		st.version = 1000 * uint64(s.Sessions[0]+s.Sessions[1]+1) // new o= versions, as a new connection has
	}
	if newLink {
		s.Sessions[i]++
		s.logf("%s: new connection, session %s", p.Name, s.sessionID(i))
		if err := s.newLink(i); err != nil {
			return err
		}
	} else {
		s.logf("%s: new connection", p.Name)
	}
	for _, k := range kinds {
		if _, err := s.addTransceiver(i, k); err != nil {
			return err
		}
	}
	if len(kinds) > 0 {
		return s.step(i, &negotiation.NegotiationNeeded{})
	}
	return nil
}

// tick advances the clock to peer i's timeout, if later, and ticks its link.
func (s *Sim) tick(i int) error {
	if at, ok := s.Links[i].Timeout(); ok && at.After(s.Now) {
		s.Now = at
	}
	return s.linkStep(i, &delivery.Tick{})
}

// candidateKey prints a candidate whole, for Key.
func candidateKey(c sdptype.Candidate) string { return fmt.Sprintf("%v %q", c, c.Candidate) }

// Start returns the time the fake clock started at.
func (s *Sim) Start() time.Time { return simT0 }
