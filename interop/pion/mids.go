package pion

import (
	"strconv"

	"github.com/pion/webrtc/v4"
)

// AddTransceiverFromKind is pc.AddTransceiverFromKind, and gives the new
// transceiver a mid of this peer's own at once (Options.MidPrefix), so that
// no offer pion creates meanwhile numbers it. A transceiver added to pc
// directly gets its mid before the Peer's next offer or answer, unless pion
// numbers it first in an offer created at that very moment.
func (p *Peer) AddTransceiverFromKind(kind webrtc.RTPCodecType, init ...webrtc.RTPTransceiverInit) (*webrtc.RTPTransceiver, error) {
	p.midMu.Lock()
	defer p.midMu.Unlock()
	t, err := p.pc.AddTransceiverFromKind(kind, init...)
	if err == nil {
		p.privateMids()
	}
	return t, err
}

// AddTrack is pc.AddTrack, and names the mid of the transceiver it adds at
// once, as AddTransceiverFromKind does.
func (p *Peer) AddTrack(track webrtc.TrackLocal) (*webrtc.RTPSender, error) {
	p.midMu.Lock()
	defer p.midMu.Unlock()
	s, err := p.pc.AddTrack(track)
	if err == nil {
		p.privateMids()
	}
	return s, err
}

// privateMids gives every transceiver of pc without a mid one of this
// peer's own (Options.MidPrefix), unless Options.PionMids. The caller holds
// midMu.
func (p *Peer) privateMids() {
	if p.opts.PionMids {
		return
	}
	for _, t := range p.pc.GetTransceivers() {
		if t.Mid() == "" {
			p.mids++
			_ = t.SetMid(p.opts.MidPrefix + strconv.Itoa(p.mids)) // fails only if pion set one meanwhile: it then has one
		}
	}
}
