// Package signaling is the W3C signaling state machine of one
// RTCPeerConnection, as values: the strict transition table Next and the
// Session, the signaling state with its four description slots.
//
// # Usage
//
// Next(state, side, type) is the table of JSEP 3.2 and webrtc-pc: the state
// a description of a type from a side leads to, or an InvalidStateError. It
// has no implicit behaviour and does not allocate.
//
// Session is what setLocalDescription, setRemoteDescription, close and
// addIceCandidate do to the signaling state ("set the session description"):
//
//  1. Start from the zero Session (stable, every slot null), or New(Options).
//  2. Apply each description with SetLocal or SetRemote; keep the Session
//     they return and observe the signalingstatechange events, in browser
//     order. A remote offer in have-local-offer rolls back implicitly. They
//     parse only what changed since the Session's descriptions (Parse).
//  3. Check each remote candidate with CheckCandidate before giving it to
//     the ICE agent; RestartICE and Close as the application calls them.
//  4. On error the Session returned equals the one passed in: keep using it.
//
// Every method returns a new Session and never changes the one it is called
// on. Errors are *Error values that unwrap to ErrInvalidState,
// ErrInvalidAccess, ErrOperation or ErrClosed, or to sdptype.ErrTypeError and
// sdptype.ErrSDPSyntax; they are checked in the W3C order: TypeError, then
// InvalidStateError, then sdp-syntax-error, then InvalidAccessError.
//
// The content checks (InvalidAccessError) are: unique mids, BUNDLE groups
// naming existing mids, ice-ufrag and ice-pwd on every m-section in use, an
// answer or pranswer with its offer's m-sections (count, order, mids), and a
// later offer that keeps the negotiated m-sections in order.
package signaling
