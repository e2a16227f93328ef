// Package pion runs the Perfect Negotiation machine of package negotiation
// on a pion/webrtc v4 PeerConnection: a Peer carries out the machine's
// actions on the PeerConnection and turns its callbacks and the signaling
// channel's messages into inputs, all on one caller-owned goroutine.
//
// # Usage
//
//	pc, err := api.NewPeerConnection(webrtc.Configuration{})
//	if err != nil {
//		return err
//	}
//	role, err := negotiation.RoleFor(localID, remoteID)
//	if err != nil {
//		return err
//	}
//	p, err := pion.New(pc, role, pion.Options{
//		Send: func(m pion.Message) error { return signal.Send(m) },
//	})
//	if err != nil {
//		return err
//	}
//	go func() {
//		for m := range signal.Messages() { // in order, from any goroutine
//			p.Receive(m)
//		}
//	}()
//	go func() { errc <- p.Run(ctx) }() // the one goroutine that drives pc
//	pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio) // pion's negotiationneeded starts an offer
//	...
//	p.Close()
//
// New registers pc.OnNegotiationNeeded and pc.OnICECandidate. Those
// callbacks, Receive, Negotiate, RestartICE and Close only queue an input
// (pion calls back from its own goroutines, some holding its locks, and
// OnICECandidate also from inside SetLocalDescription). Run takes one input
// at a time, Steps the machine and carries out the actions in order: pion's
// calls are synchronous, so the completion of each operation (LocalSet,
// RemoteSet, CandidateAdded, OpFailed) is fed at once, before anything
// queued. Run returns nil when its context ends (queued inputs wait for the
// next Run) or after Close, and an error when the peer cannot go on.
//
// # Limitation: pion cannot roll back
//
// pion/webrtc v4 cannot roll back a local offer (pion/webrtc#2416). In
// have-local-offer, SetLocalDescription({Type: rollback}) fails with
// InvalidModificationError "invalid SDP type supplied to
// SetLocalDescription(): rollback"; with the offer's SDP it fails with
// "invalid proposed signaling state transition:
// have-local-offer->SetLocal(rollback)->stable"; and
// SetRemoteDescription(offer) fails too ("...
// have-local-offer->SetRemote(offer)->have-remote-offer") and leaves the
// state as it was, so there is no implicit rollback either. New checks this once per
// process with a real attempt on a throwaway PeerConnection
// (RollbackSupported; see Peer.CanRollback).
//
// So a polite pion Peer works until an offer collides with its own: then
// the machine asks for SetLocal{Rollback} (or, with
// negotiation.Options.ImplicitRollback, SetRemote{offer} in
// have-local-offer) and Run returns a *RollbackError, which unwraps to
// ErrRollbackUnsupported, at once. It does not pretend: the collision is
// unrecoverable on that connection.
//
// The workaround is to make the pion peer negotiation.Impolite: it ignores
// a colliding offer and never rolls back, and its polite partner (a
// browser, which rolls back) accepts pion's offer. With RoleFor, give the
// pion peer the ID that sorts last. Two pion peers cannot both be
// impolite: between them, keep glare away (let one side make the changes)
// or expect ErrRollbackUnsupported on the polite one.
//
// # Other pion behaviour
//
//   - End-of-candidates: AddICECandidate with an empty candidate fails
//     (InvalidStateError) before a remote description is set and is a no-op
//     after; the machine only asks for it after, so the Peer passes it on.
//   - Gathered candidates: ToJSON sets no usernameFragment, but the
//     candidate line carries the "ufrag" extension, which the machine reads.
//     SDPMid "" is null. Gathering complete (a nil candidate) is the zero
//     Candidate; pion repeats it after every later SetLocalDescription, and
//     each copy is sent on.
//   - negotiationneeded follows the W3C flag: it fires from pion's
//     operations goroutine when pion's own check finds something to
//     negotiate (a new transceiver, the first data channel, a removed
//     track), at most once until the next return to stable, and was not
//     seen to fire spuriously. It is fed as negotiation.NegotiationNeeded
//     unless Options.IgnoreStackNegotiationNeeded. A change made before New
//     may have fired it unheard: report it with Negotiate.
//
// # Errors
//
// Run ends with an *Error that unwraps to ErrSend (and Send's error), to
// ErrMessage (Receive got a message that is neither a description nor
// a candidate; it is reported in its place in the queue), or to ErrOutOfStep
// (the machine refused a completion: a bug, the machine and pion disagree),
// ErrUnknownAction (an action this package does not know, named in the
// message) or ErrRunning; or with a *RollbackError. New fails with an *Error that
// unwraps to ErrOptions or to negotiation.New's error, or when the rollback
// probe cannot run. DecodeMessage fails with an *Error that unwraps to
// ErrMessage or to the JSON decoder's error. A failed pion operation is not
// fatal: it is fed as OpFailed and the machine reports it as a Rejected
// event, which Observe sees.
//
// Every error of this package starts with "pion: ", once: the sentinels
// carry the prefix, and *Error and *RollbackError print it and drop it from
// the sentinel and the cause they wrap, as package negotiation does with
// "negotiation: ".
package pion
