// Package negotiation is the W3C Perfect Negotiation pattern as a pure
// reducer: Step(m, input) returns the next Machine and an Output, the
// actions the caller must perform and the events it may observe. No I/O,
// goroutines, timers or clock: the caller owns the event loop, the WebRTC
// stack (pion/webrtc, a browser, its own) and the signaling channel.
//
// It follows the spec's current algorithm (webrtc-pc "Perfect Negotiation
// Example": makingOffer, ignoreOffer, isSettingRemoteAnswerPending,
// readyForOffer), never the MDN simplification, and keeps the stack's
// operations chain itself: at most one operation is in flight, the rest wait
// in order, and each is decided against the state it finds when it starts.
//
// # Usage
//
// The caller's duties:
//
//  1. Make one Machine per connection with New, with complementary roles on
//     the two peers: RoleFor(localID, remoteID) gives them.
//  2. Feed every input to Step, one at a time, from one goroutine, and
//     perform or start every action of the Output in order before feeding
//     the next input; an operation's completion comes back later as an
//     input.
//  3. Handle Step's error: the input was refused and the machine returned
//     is the one given (keep it). A bad message from the other peer is
//     worth logging and reporting to it; a refused completion or request is
//     a bug of the caller's loop.
//  4. SetLocal, SetRemote and AddCandidate are operations: start each on the
//     stack and report its end as an input: SetLocalDone (with the
//     description the stack applied: the offer or answer it created, or
//     Description{Type: sdptype.Rollback} after a rollback), SetRemoteDone,
//     AddCandidateDone, or OpFailed with the stack's error. A completion of
//     another type than its action is refused and changes nothing. The
//     machine never asks for a second operation before the first is done,
//     except under Options.ChainedCandidates: an AddCandidate then needs
//     no completion (the stack runs operations in the order they were
//     started), and only its failure comes back, as CandidateFailed.
//  5. Send SendDescription (its OfferID beside the description) and
//     SendCandidate to the other peer over a channel that delivers each
//     message once and in order: package delivery makes one of any channel.
//     Give the other peer's OfferID back in ReceivedDescription: an answer
//     then applies only to the offer it names.
//  6. Log IgnoreDescription and IgnoreCandidate: every dropped message says why.
//  7. Report the world: NegotiationNeeded for every change that needs
//     negotiating (the stack's negotiationneeded with FromStack), RestartICE for
//     restartIce(), LocalCandidate for every gathered candidate,
//     ReceivedDescription and ReceivedCandidate for every message, Close.
//  8. Watch for Rejected events: something accepted earlier failed (the
//     stack failed an operation, or a queued description or candidate was
//     refused when its turn came). The machine has moved on; what was
//     refused is dropped. Machine.Quiet tells when nothing is in flight or
//     waited for.
//
// The descriptions the stack creates must be ones a browser would accept
// (signaling.Session checks them the same way): an answer has the offer's
// m-sections, same count, order, mids and media types; a later offer keeps
// the negotiated m-sections in order (a rejected one may be recycled); every
// m-section in use carries ice-ufrag and ice-pwd; mids are unique and BUNDLE
// groups name existing ones.
//
// The whole loop:
//
//	m, err := negotiation.New(role, negotiation.Options{})
//	if err != nil {
//		return err
//	}
//	for in := range inputs { // one goroutine owns m
//		next, out, err := negotiation.Step(m, in)
//		if err != nil { // refused: next is m, unchanged
//			log.Printf("refused: %v", err)
//			continue
//		}
//		m = next
//		for _, e := range out.Events {
//			if r, ok := e.(*negotiation.Rejected); ok {
//				log.Printf("failed: %v", r.Err) // an operation failed, or a queued message was refused
//			}
//		}
//		for _, a := range out.Actions {
//			switch a := a.(type) {
//			case *negotiation.SetLocal: // create (offer, answer) and apply, or roll back
//				go func() {
//					d, err := stack.SetLocal(a.Type, a.ICERestart)
//					if err != nil {
//						inputs <- &negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- &negotiation.SetLocalDone{Description: d}
//				}()
//			case *negotiation.SetRemote:
//				go func() {
//					if err := stack.SetRemote(a.Description); err != nil {
//						inputs <- &negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- &negotiation.SetRemoteDone{}
//				}()
//			case *negotiation.AddCandidate: // with Options.ChainedCandidates: call it here, before the next action, and send only a failure
//				go func() {
//					if err := stack.AddCandidate(a.Candidate); err != nil {
//						inputs <- &negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- &negotiation.AddCandidateDone{}
//				}()
//			case *negotiation.SendDescription:
//				signal.Send(a.Description, a.OfferID)
//			case *negotiation.SendCandidate:
//				signal.Send(a.Candidate)
//			case *negotiation.IgnoreDescription, *negotiation.IgnoreCandidate:
//				log.Print(a)
//			default:
//				return fmt.Errorf("unknown action %T", a)
//			}
//		}
//	}
//
// where inputs also receives NegotiationNeeded, RestartICE and Close from
// the application, LocalCandidate from the stack's ICE agent, and
// ReceivedDescription and ReceivedCandidate from the signaling channel.
//
// # Inputs
//
// Inputs, actions and events are pointers to small structs, each set closed.
//
//	NegotiationNeeded    the application made a change to negotiate (FromStack: the stack fired negotiationneeded)
//	RestartICE           the application called restartIce()
//	ReceivedDescription  the other peer sent a description
//	ReceivedCandidate    the other peer sent a candidate
//	LocalCandidate       the ICE agent gathered a candidate (sent on)
//	SetLocalDone         a SetLocal finished: the description applied
//	SetRemoteDone        a SetRemote finished
//	AddCandidateDone     an AddCandidate finished
//	CandidateFailed      an AddCandidate failed under Options.ChainedCandidates (no other completion)
//	OpFailed             the operation in flight failed (RolledBack: and the stack kept
//	                     its implicit rollback, Firefox)
//	Close                the connection was closed
//
// # Actions
//
//	SetLocal{Offer}          negotiation is needed, stable, chain empty (after NegotiationNeededEvent);
//	                         ICERestart when restartIce is pending
//	CreateOffer              the same for the polite peer under NoRollback: create, do not apply
//	SetLocal{Offer, Description}
//	                         NoRollback: the answer to our deferred offer starts; apply that offer
//	SetLocal{Rollback}       the polite peer's offer meets a remote one at the head of the chain
//	                         (ExplicitRollback)
//	SetRemote                a received description starts: at arrival when nothing is in flight,
//	                         else when it reaches the head; after the rollback for a colliding offer
//	SetLocal{Answer}         the remote offer was applied (SetRemoteDone)
//	AddCandidate             a received candidate starts and its description is applied
//	SendDescription          our offer or answer was applied (SetLocalDone), or our deferred offer
//	                         created (CreateOfferDone); OfferID numbers our offers and names the
//	                         offer an answer answers
//	SendCandidate            a local candidate of the local description (or of our deferred
//	                         offer); held during a SetLocal or CreateOffer and sent after the
//	                         description; one of an m-section our offer bundles into another's
//	                         is held while that offer is out, until its answer is applied
//	IgnoreDescription        the impolite peer meets a colliding offer (ReasonCollision); an
//	                         answer names an offer other than our outstanding one (ReasonOtherOffer);
//	                         queued descriptions at Close (ReasonClosed)
//	IgnoreCandidate          a candidate of an ignored offer, one that came while ignoring, a stale
//	                         one, one of a rejected m-section, a local one of a rolled-back offer
//	                         (ReasonNotLocal) or of an m-section the answer to our offer bundled
//	                         into the BUNDLE-tag's transport (ReasonBundled), or one queued at
//	                         Close: the Reason says which
//
// # Events
//
//	SignalingChange          every signalingstatechange, in the browser's order, as each
//	                         completion is applied
//	NegotiationNeededEvent   the negotiation-needed flag goes from false to true (or a request
//	                         comes after a failed offer left it set); SetLocal{Offer} follows
//	                         in the same Output
//	Collision                an offer arrives while we make or have made ours, deferred offers
//	                         included (Accepted for the polite peer)
//	OfferDropped             NoRollback: the polite peer's deferred offer gives way to a remote one
//	MidCollision             NoRollback: a remote offer gives a mid our dropped offer introduced
//	                         to another media kind (use mids of each peer's own)
//	Negotiated               an exchange ends in stable: our answer was applied, or the other
//	                         peer's answer to our offer was
//	Rejected                 OpFailed, or a queued description or candidate refused when its
//	                         turn came
//
// # Roles and glare
//
// An offer that arrives while this peer is making an offer, or is not
// stable (and is not applying an answer), collides: a Collision event when
// it arrives. The impolite peer ignores it (IgnoreDescription). The polite
// peer accepts it: once the offer reaches the head of the chain, and if the
// peer then has a local offer applied, SetLocal{Rollback} (with
// ImplicitRollback, the stack rolls back inside SetRemote instead), then
// SetRemote{offer}, SetLocal{Answer} and SendDescription, each asked for in
// the Step that completes the one before, with no other operation between
// them. Its own change is not lost: once stable, negotiationneeded fires
// again and it offers.
//
// # Stacks that cannot roll back: deferred offers
//
// With Options.Rollback = NoRollback (pion/webrtc v4, aiortc), the polite
// peer never applies an offer before its answer: CreateOffer, then the
// machine sends the offer and holds it (Machine.Deferred); the stack stays
// stable, and the collision check counts the held offer as applied. When
// the answer comes, SetLocal{Offer, Description: the offer sent} and
// SetRemote{answer}, with nothing between them. A colliding offer drops the
// held one (OfferDropped: nothing to roll back); the change is offered
// again once stable with a freshly created offer, and a pending restartIce
// stays pending. No second offer is created while one is held. The
// impolite peer never withdraws: it creates and applies at once, as in the
// other modes. A stack that numbers the mids of new transceivers when it
// creates an offer and keeps them after the offer is dropped (pion) can
// meet the other peer's offer giving that mid to another kind: the machine
// reports MidCollision, and the answer it would then make is refused
// (InvalidAccessError). Give every transceiver a mid of its peer's own
// before any offer is created.
//
// # Negotiation needed
//
// Requests are counted by generation. The flag (Machine.NegotiationNeeded)
// rises only in stable with an empty chain, once per false-to-true change,
// and is cleared and re-evaluated on every return to stable, rollback
// included; a
// request made while an offer is in flight causes exactly one follow-up
// offer, unless that offer covers it: a change made while CreateOffer is in
// flight, or the stack's own event (NegotiationNeeded.FromStack) while an
// offer of ours is being made or waits for its answer (until the answer
// arrives: the stack may fire as soon as it applies it), since a webrtc-pc
// stack fires again once stable if something is left. A failed offer (OpFailed) does not re-fire it by itself
// (w3c/webrtc-pc#2477); the next return to stable does, and so does the
// next request (NegotiationNeeded or RestartICE) while stable and idle.
//
// # Candidates
//
// Remote candidates wait in the chain behind earlier descriptions. One that
// arrives before any remote description, or with a ufrag never seen, waits
// until its description is applied. One that belongs to an ignored offer (by
// ufrag: the candidate's usernameFragment, else the "ufrag" extension of
// the candidate line) that comes while the answer to our offer is awaited
// waits for the next remote description applied: a browser keeps the ICE
// credentials of an offer it rolls back, so the answer that follows may
// carry them, and then the candidate is checked against it; otherwise, and
// when no answer is awaited, it is ignored. One that fails its checks after
// arriving while an offer was being ignored is ignored; a stale one (a
// known ufrag that no longer matches) is ignored; any other failed check
// refuses it.
// A candidate without any ufrag that arrives while an offer with new ICE
// credentials is being ignored could belong to either generation; it is
// ignored, never added against credentials it may not match.
//
// # Restarting ICE
//
// RestartICE marks the current and pending local ICE credentials for
// replacement (signaling.Session.RestartICE). The next offer is
// SetLocal{Offer, ICERestart: true}; the request survives rollback and is
// done only when an answer leaves none of the old credentials.
//
// # Errors
//
// A refused input (bad SDP, an unknown type, an answer to no offer, a
// duplicate, a completion that matches no operation, a nil input, anything
// after Close) makes Step return an *Error, an empty Output and the very
// machine it was given: a refusal changes nothing, by construction. The
// *Error unwraps to a sentinel of this package or of signaling and sdptype
// (errors.Is: ErrStale, ErrDuplicate, ErrNoOperation, ErrRole,
// signaling.ErrInvalidState, signaling.ErrInvalidAccess,
// signaling.ErrOperation, sdptype.ErrSDPSyntax, sdptype.ErrTypeError). A
// description or candidate that waits behind other operations is checked
// against the state it meets at the head of the chain and, if refused
// there, dropped with a Rejected event then. OpFailed ends the operation in
// flight and reports the stack's error as Rejected; with RolledBack it is
// refused (InvalidStateError) unless a remote offer meeting ours was in
// flight. Step never panics.
package negotiation
