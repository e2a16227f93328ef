// Package delivery makes any signaling channel deliver each message of a
// negotiation once and in order: a WebSocket that reconnects and replays,
// a pub/sub bus that delivers at least once, a server that drops messages
// while a peer is away, a tab that reloads. Like package negotiation it is
// pure: a Link is a value, Step its one step function, with no
// goroutines, no clock and no randomness. Time is an input (the caller's
// clock, real or fake), and Link.Timeout says when the link next needs a
// Tick, as the poll_timeout/handle_timeout pair of sans-I/O stacks does.
//
// # What a link does
//
// Each message goes out in an Envelope with the sender's session id and
// epoch, the peer's as last seen, a sequence number (per direction and
// conversation) and a cumulative acknowledgement. The receiver drops
// copies and envelopes of other sessions (Dropped, with a Reason), holds
// what arrives early, and delivers each message once and in order.
// Unacknowledged messages are sent again after a timeout that doubles up
// to Options.MaxRTO; a peer that acknowledges nothing for Options.GiveUp
// while messages wait is given up (Failed), never waited for silently.
// At most Options.Window messages wait for their acknowledgement.
//
// Sessions: give each connection its own session id (random, or from the
// signaling server). A new link says hello until its peer addresses it.
// A new session id from the peer is a restart (PeerRestarted): replace the
// connection, a new PeerConnection and a new negotiation.Machine, before
// feeding the messages delivered in the same Output; the link starts a new
// conversation with the new session and drops the old one's envelopes.
// The epoch handles a dead session's envelopes that arrive after its
// successor's: the link may follow the dead session, but then moves to a
// new epoch, which only a live session can address; the live one is
// followed again as soon as it does. A link remembers the last 8 sessions
// it left. Two sessions of the peer alive at once (two tabs with the
// same role) are not supported.
//
// # The loop
//
//	l, _ := delivery.New(sessionID, delivery.Options{})
//	// for each machine action:
//	if msg, ok := delivery.MessageFor(action); ok {
//		l, out, err = delivery.Step(l, time.Now(), &delivery.Send{Message: msg})
//	}
//	// for each envelope from the channel:
//	e, err := delivery.DecodeEnvelope(data)
//	l, out, err = delivery.Step(l, time.Now(), &delivery.Receive{Envelope: e})
//	// when the timer of l.Timeout() fires:
//	l, out, err = delivery.Step(l, time.Now(), &delivery.Tick{})
//
// and for every Output: handle out.Events (PeerRestarted: a new
// connection; Failed: reconnect with a new link, or restart ICE), feed each
// message of out.Deliver to the machine (Message.Input), send each envelope
// of out.Transmit as JSON, and reset the timer to l.Timeout().
//
// # Wire format
//
// One JSON object per envelope; a peer in any language can speak it:
//
//	{"from":"a1","to":"b1","seq":3,"ack":2,
//	 "msg":{"description":{"type":"answer","sdp":"v=0\r\n..."},"offerId":2}}
//	{"from":"a1","to":"b1","seq":4,"ack":2,
//	 "msg":{"candidate":{"candidate":"candidate:1 1 udp ...","sdpMid":"0","usernameFragment":"x"}}}
//	{"from":"b1","fromEpoch":1,"to":"a1","ack":4}
//
// The fields:
//
//   - from, fromEpoch: the sender's session id and epoch (epoch 0 is left out);
//   - to, toEpoch: the receiver's, as the sender last saw them; "" before it
//     saw any (a hello);
//   - seq: 1, 2, 3... per direction and conversation; left out (0) when
//     there is no msg: a pure acknowledgement or a hello;
//   - ack: every message of the receiver up to ack was delivered;
//   - msg: exactly one of description (RTCSessionDescriptionInit) with the
//     offerId of negotiation.SendDescription beside it, or candidate
//     (RTCIceCandidateInit).
//
// A receiver answers an envelope that does not address its current
// address (to, toEpoch) with a pure acknowledgement, and acknowledges
// every envelope with a msg.
package delivery
