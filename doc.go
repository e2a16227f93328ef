// Package glare makes WebRTC offer/answer negotiation correct by
// construction: the W3C signaling rules and the Perfect Negotiation pattern
// as pure state machines, with no sockets, goroutines, timers or clock. The
// caller owns the event loop and its WebRTC stack; glare computes, from each
// input, the next state and what the caller must do.
//
// The module has three packages, each importing only the ones below it:
//
//   - [github.com/glare-rtc/glare/negotiation]: Perfect Negotiation as a
//     reducer (polite and impolite peers, glare, rollback, candidates,
//     restartIce). Start here to negotiate with a peer.
//   - [github.com/glare-rtc/glare/signaling]: the W3C signaling state
//     machine: the strict transition table [signaling.Next] and
//     [signaling.Session], the state and four description slots of an
//     RTCPeerConnection, with setLocalDescription, setRemoteDescription
//     (implicit rollback included), close and the addIceCandidate checks.
//     Use it alone to check or model a stack.
//   - [github.com/glare-rtc/glare/sdptype]: the vocabulary: description
//     types, descriptions and candidates with browser-exact JSON, and the
//     facts of an SDP that negotiation needs, parsed with pion/sdp.
//
// Every error is typed and unwraps to a sentinel named after the W3C
// exception it mirrors (InvalidStateError, InvalidAccessError,
// OperationError, TypeError, sdp-syntax-error); a failed call changes
// nothing.
package glare
