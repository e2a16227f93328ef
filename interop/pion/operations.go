package pion

import (
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/webrtc/v4"
)

// setLocal creates and applies an offer or answer, or rolls back.
func (p *Peer) setLocal(a *negotiation.SetLocal) (negotiation.Input, error) {
	var d webrtc.SessionDescription
	var err error
	switch {
	case !a.Description.IsZero(): // the deferred offer, exactly as created and sent
		d = toPionDescription(a.Description)
	case a.Type == sdptype.Offer:
		d, err = p.pc.CreateOffer(&webrtc.OfferOptions{ICERestart: a.ICERestart})
	case a.Type == sdptype.Answer, a.Type == sdptype.Pranswer:
		d, err = p.pc.CreateAnswer(nil)
		d.Type = pionType(a.Type) // pion applies a pranswer with the answer's SDP
	case a.Type == sdptype.Rollback:
		if p.refusal != nil {
			return nil, &RollbackError{Role: p.role, State: p.pc.SignalingState(), Cause: p.refusal}
		}
		d = webrtc.SessionDescription{Type: webrtc.SDPTypeRollback}
	default:
		return &negotiation.OpFailed{Err: &Error{Op: "SetLocal(" + a.Type.String() + ")", Err: sdptype.ErrTypeError}}, nil
	}
	if err == nil {
		err = p.pc.SetLocalDescription(d)
	}
	if err != nil {
		return &negotiation.OpFailed{Err: err}, nil
	}
	return &negotiation.SetLocalDone{Description: sdptype.Description{Type: a.Type, SDP: d.SDP}}, nil
}

// setRemote applies a remote description. An offer that fails in
// have-local-offer under negotiation.ImplicitRollback, on a pion that cannot
// roll back (the probe), is a *RollbackError: pion does not roll back
// inside setRemoteDescription.
func (p *Peer) setRemote(a *negotiation.SetRemote) (negotiation.Input, error) {
	d := a.Description
	err := p.pc.SetRemoteDescription(toPionDescription(d))
	if err == nil {
		return &negotiation.SetRemoteDone{}, nil
	}
	if s := p.pc.SignalingState(); d.Type == sdptype.Offer && s == webrtc.SignalingStateHaveLocalOffer &&
		p.opts.Negotiation.Rollback == negotiation.ImplicitRollback && p.refusal != nil {
		return nil, &RollbackError{Role: p.role, State: s, Implicit: true, Cause: err}
	}
	return &negotiation.OpFailed{Err: err}, nil
}

// addCandidate adds a remote candidate. Pion takes an empty one
// (end-of-candidates) once a remote description is set and ignores it.
// AddICECandidate checks the candidate against the remote description
// before it returns (the ICE agent takes it in a goroutine of its own, in
// the order given), so under ChainedCandidates only a failure is an input.
func (p *Peer) addCandidate(a *negotiation.AddCandidate) negotiation.Input {
	err := p.pc.AddICECandidate(toPionCandidate(a.Candidate))
	switch {
	case p.opts.Negotiation.ChainedCandidates && err != nil:
		return &negotiation.CandidateFailed{Candidate: a.Candidate, Err: err}
	case p.opts.Negotiation.ChainedCandidates:
		return nil
	case err != nil:
		return &negotiation.OpFailed{Err: err}
	}
	return &negotiation.AddCandidateDone{}
}
