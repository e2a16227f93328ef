// Package pion runs the Perfect Negotiation machine of package negotiation
// on a pion/webrtc v4 PeerConnection: a Peer carries out the machine's
// actions on the PeerConnection and turns its callbacks and the signaling
// channel's messages into inputs, all on one caller-owned goroutine.
//
//	go get github.com/glare-rtc/glare/interop/pion
//
// It is a module of its own (Go 1.24), apart from the core: it requires
// github.com/glare-rtc/glare and github.com/pion/webrtc/v4, nothing else.
//
// # Usage
//
// The caller's duties:
//
//  1. Give the two peers complementary roles: negotiation.RoleFor(localID,
//     remoteID) on each side (the smaller ID is polite). Either role works:
//     pion cannot roll back, so a polite Peer defers its offers (see the
//     limitation below).
//  2. Make the Peer with New before changing the PeerConnection: New
//     registers pc.OnNegotiationNeeded and pc.OnICECandidate.
//  3. In Options.Send, send each Message to the other peer over an ordered,
//     reliable channel (a WebSocket, say): json.Marshal it (the browser's
//     JSON, with the offerId beside a description). Over a channel that
//     may lose, copy or reorder, use a Link's Send instead: it carries
//     the messages in the envelopes of package
//     github.com/glare-rtc/glare/delivery (Message is delivery.Message)
//     and makes the channel exactly-once and in order.
//  4. Feed every message from the other peer to Receive, in order, from any
//     goroutine; DecodeMessage parses the JSON. With a Link, feed the
//     channel's envelopes to Link.Receive and let LinkOptions.Deliver call
//     Receive; on delivery.PeerRestarted replace the connection.
//  5. Run the Peer on one goroutine. It returns nil when its context ends or
//     after Close, and an error when the peer cannot go on.
//  6. Change the PeerConnection as you like (AddTransceiverFromKind,
//     CreateDataChannel, RemoveTrack): pion's negotiationneeded starts the
//     offer. Negotiate reports a change pion does not see; RestartICE asks
//     for an ICE restart.
//  7. Close the Peer (and with it the PeerConnection) at the end.
//
// The whole loop, for a signaling channel sig with Send([]byte) error and
// Receive() ([]byte, error) (this is Example, run by go test):
//
//	role, err := negotiation.RoleFor(myID, peerID)
//	if err != nil {
//		return err
//	}
//	p, err := pion.New(pc, role, pion.Options{
//		Send: func(m pion.Message) error {
//			b, err := json.Marshal(m)
//			if err != nil {
//				return err
//			}
//			return sig.Send(b)
//		},
//	})
//	if err != nil {
//		return err
//	}
//	go func() {
//		for {
//			b, err := sig.Receive()
//			if err != nil {
//				break
//			}
//			m, err := pion.DecodeMessage(b)
//			if err != nil {
//				break
//			}
//			p.Receive(m) // in order; Receive only queues
//		}
//		_ = p.Close() // the channel is closed or broken: Run returns
//	}()
//	go func() { errc <- p.Run(ctx) }() // the one goroutine that drives pc
//	pc.CreateDataChannel("chat", nil) // pion's negotiationneeded starts an offer
//
// New registers pc.OnNegotiationNeeded and pc.OnICECandidate. Those
// callbacks, Receive, Negotiate, RestartICE and Close only queue an input
// (pion calls back from its own goroutines, some holding its locks, and
// OnICECandidate also from inside SetLocalDescription). Run takes one input
// at a time, Steps the machine and carries out the actions in order: pion's
// calls are synchronous, so the completion of each operation
// (CreateOfferDone, SetLocalDone, SetRemoteDone, AddCandidateDone,
// OpFailed) is fed at once, before anything queued. With
// Options.Negotiation.ChainedCandidates an AddCandidate has no completion
// (AddICECandidate checks the candidate before it returns); its failure is
// queued as a CandidateFailed, behind what was queued before it. Run returns nil when its context ends (queued inputs wait for the
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
// So the Peer uses deferred offers (negotiation.NoRollback) when the probe
// finds no rollback: a polite Peer creates its offer, sends it and applies
// it only when the answer comes; a colliding offer drops it, with nothing
// to roll back. It names the mids of the transceivers (Options.MidPrefix):
// pion would number them when it creates an offer and keep the number
// after the offer is dropped, which the other peer's offer may give to
// another kind. Add transceivers with AddTransceiverFromKind or AddTrack to
// name them at once.
//
// With Options.ForceRollback and a rollback mode, a polite Peer works until
// an offer collides with its own: then the machine asks for
// SetLocal{Rollback} (or, with negotiation.ImplicitRollback,
// SetRemote{offer} in have-local-offer) and Run returns a *RollbackError,
// which unwraps to ErrRollbackUnsupported, at once.
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
// message); or with a *RollbackError. A second Run while one runs returns
// ErrRunning at once. New fails with an *Error that
// unwraps to ErrOptions or to negotiation.New's error, or when the rollback
// probe cannot run. DecodeMessage fails with an *Error that unwraps to
// ErrMessage or to the JSON decoder's error. A failed pion operation is not
// fatal: it is fed as OpFailed and the machine reports it as a Rejected
// event, which Observe sees; nor is a message the machine refuses (Observe
// sees Step's error).
//
// Every error of this package starts with "pion: ", once: the sentinels
// carry the prefix, and *Error and *RollbackError print it and drop it from
// the sentinel and the cause they wrap, as package negotiation does with
// "negotiation: ".
package pion
