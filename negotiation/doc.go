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
//  2. Feed every input to Step, one at a time, from one goroutine, and carry
//     out every action of the Output in order before feeding the next input.
//  3. SetLocal, SetRemote and AddCandidate are operations: start each on the
//     stack and report its end as an input: LocalSet (with the description
//     the stack applied: the offer or answer it created, or the rollback),
//     RemoteSet, CandidateAdded, or OpFailed with the stack's error. The
//     machine never asks for a second operation before the first is done.
//  4. Send SendDescription and SendCandidate to the other peer over a
//     reliable channel that keeps their order.
//  5. Log IgnoreDescription and IgnoreCandidate: every dropped message says why.
//  6. Report the world: NegotiationNeeded for every change that needs
//     negotiating (or the stack's negotiationneeded), RestartICE for
//     restartIce(), LocalCandidate for every gathered candidate,
//     ReceivedDescription and ReceivedCandidate for every message, Close.
//  7. Observe Events as needed; a Rejected event carries an *Error.
//
// The descriptions the stack creates must be ones a browser would accept
// (signaling.Session checks them the same way): an answer has the offer's
// m-sections, same count, order and mids; a later offer keeps the
// negotiated m-sections in order (a rejected one may be recycled); every
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
//		var out negotiation.Output
//		m, out = negotiation.Step(m, in)
//		for _, e := range out.Events {
//			log.Print(e)
//		}
//		for _, a := range out.Actions {
//			switch a := a.(type) {
//			case *negotiation.SetLocal: // create (offer, answer) and apply, or roll back
//				go func() {
//					d, err := stack.SetLocal(a.Type, a.ICERestart)
//					if err != nil {
//						inputs <- negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- negotiation.LocalSet{Description: d}
//				}()
//			case *negotiation.SetRemote:
//				go func() {
//					if err := stack.SetRemote(a.Description); err != nil {
//						inputs <- negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- negotiation.RemoteSet{}
//				}()
//			case *negotiation.AddCandidate:
//				go func() {
//					if err := stack.AddCandidate(a.Candidate); err != nil {
//						inputs <- negotiation.OpFailed{Err: err}
//						return
//					}
//					inputs <- negotiation.CandidateAdded{}
//				}()
//			case *negotiation.SendDescription:
//				signal.Send(a.Description)
//			case *negotiation.SendCandidate:
//				signal.Send(a.Candidate)
//			case *negotiation.IgnoreDescription, *negotiation.IgnoreCandidate:
//				log.Print(a)
//			}
//		}
//	}
//
// where inputs also receives NegotiationNeeded from the application,
// LocalCandidate from the stack's ICE agent, and ReceivedDescription and
// ReceivedCandidate from the signaling channel.
//
// # Inputs
//
//	NegotiationNeeded    the application made a change to negotiate
//	RestartICE           the application called restartIce()
//	ReceivedDescription  the other peer sent a description
//	ReceivedCandidate    the other peer sent a candidate
//	LocalCandidate       the ICE agent gathered a candidate (sent on)
//	LocalSet             a SetLocal finished: the description applied
//	RemoteSet            a SetRemote finished
//	CandidateAdded       an AddCandidate finished
//	OpFailed             the operation in flight failed
//	Close                the connection was closed
//
// # Roles and glare
//
// An offer that arrives while this peer is making an offer, or is not
// stable (and is not applying an answer), collides: a Collision event when
// it arrives. The impolite peer ignores it (IgnoreDescription). The polite
// peer accepts it: once the offer reaches the head of the chain, and if the
// peer then has a local offer applied, SetLocal{Rollback} (unless
// Options.ImplicitRollback: then the stack rolls back inside SetRemote),
// then SetRemote{offer}, SetLocal{Answer} and SendDescription, each asked
// for in the Step that completes the one before, with no other operation
// between them. Its own change is not lost: once stable, negotiationneeded
// fires again and it offers.
//
// # Negotiation needed
//
// Requests are counted by generation. The flag (NegotiationNeeded) rises
// only in stable with an empty chain, once per false-to-true change, and is
// cleared and re-evaluated on every return to stable, rollback included; a
// request made while an offer is in flight causes exactly one follow-up
// offer. A failed offer (OpFailed) does not re-fire it by itself
// (w3c/webrtc-pc#2477); the next return to stable does, and so does the
// next request (NegotiationNeeded or RestartICE) while stable and idle.
//
// # Candidates
//
// Remote candidates wait in the chain behind earlier descriptions. One that
// arrives before any remote description, or with a ufrag never seen, waits
// until its description is applied. One that belongs to an ignored offer (by
// ufrag: the candidate's usernameFragment, else the "ufrag" extension of
// the candidate line), or that fails its checks after arriving while an
// offer was being ignored, is ignored; a stale one (a known ufrag that no
// longer matches) is ignored; any other failed check is a Rejected event.
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
// duplicate, a completion that matches no operation, anything after Close)
// returns the machine unchanged with one Rejected event carrying an *Error,
// which unwraps to a sentinel of this package or of signaling and sdptype.
// A description that waits behind other operations is checked against the
// state it meets at the head of the chain and, if refused there, dropped
// with a Rejected event then. OpFailed ends the operation in flight and
// reports the stack's error as Rejected. Step never panics.
package negotiation
