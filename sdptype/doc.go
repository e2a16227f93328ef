// Package sdptype is the vocabulary of WebRTC signaling: description types,
// session descriptions and ICE candidates as a browser writes them in JSON,
// and the few facts of an SDP that negotiation needs, parsed once with
// github.com/pion/sdp/v3.
//
// The JSON of [Description] and [Candidate] is byte-for-byte what a browser's
// JSON.stringify(pc.localDescription) and RTCIceCandidate.toJSON() produce,
// and decoding accepts what browsers write (Chromium's "" for a null sdpMid or
// usernameFragment, a missing or null sdpMLineIndex, unknown extra fields).
//
// [ParseAfter] parses a description that follows others, as a re-offer
// follows an offer and its answer: pion/sdp parses only the session part and
// the m-sections whose text changed, with the result and errors of a whole
// parse.
//
// Errors are [*Error] values that unwrap to [ErrSDPSyntax], [ErrTypeError] or
// [ErrJSON], named after the W3C exceptions they mirror.
package sdptype
