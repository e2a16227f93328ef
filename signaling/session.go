package signaling

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
)

// Options change how a Session applies descriptions. The zero value is the
// W3C spec text, JSEP and Chromium behaviour.
type Options struct {
	// SameSideRollback rejects a rollback from the side that did not make
	// the pending offer (setRemoteDescription(rollback) in have-local-offer,
	// setLocalDescription(rollback) in have-remote-offer) with
	// InvalidStateError, as newer web-platform-tests copies expect
	// (webrtc-pc issue 2294). By default both are allowed and roll back
	// (webrtc-pc set-description step 2, JSEP 5.7, Chromium 156).
	SameSideRollback bool
}

// Session is the W3C signaling state of one RTCPeerConnection: the signaling
// state and the four description slots. It is a value: every method returns
// a new Session and never changes the one it was called on, so a Session is
// also a snapshot. The zero Session is a new connection (stable, every slot
// null, default Options).
type Session struct {
	state State
	opts  Options
	// The four slots of webrtc-pc: [[PendingLocalDescription]],
	// [[CurrentLocalDescription]], [[PendingRemoteDescription]],
	// [[CurrentRemoteDescription]].
	pendingLocal, currentLocal, pendingRemote, currentRemote slot
	// iceToReplace is [[LocalIceCredentialsToReplace]]; never modified in
	// place, only replaced.
	iceToReplace []Credentials
}

// slot is one description slot: nil for null, else a description and its
// parse, done once and shared, never modified, between the Session values
// that hold it. (One pointer keeps a Session small to copy.)
type slot struct{ e *applied }

type applied struct {
	desc   sdptype.Description // as applied: its type may differ from parsed's
	parsed sdptype.Parsed
}

func (sl slot) desc() sdptype.Description {
	if sl.e == nil {
		return sdptype.Description{}
	}
	return sl.e.desc
}

func (sl slot) facts() *sdptype.Facts { return sl.parsed().Facts() }

func (sl slot) parsed() sdptype.Parsed {
	if sl.e == nil {
		return sdptype.Parsed{}
	}
	return sl.e.parsed
}

// New returns a new Session (stable, every slot null) with options o.
func New(o Options) Session { return Session{opts: o} }

// Options returns the options s was made with.
func (s Session) Options() Options { return s.opts }

// State returns the signaling state.
func (s Session) State() State { return s.state }

// PendingLocal returns [[PendingLocalDescription]]; the zero Description is null.
func (s Session) PendingLocal() sdptype.Description { return s.pendingLocal.desc() }

// CurrentLocal returns [[CurrentLocalDescription]]; the zero Description is null.
func (s Session) CurrentLocal() sdptype.Description { return s.currentLocal.desc() }

// PendingRemote returns [[PendingRemoteDescription]]; the zero Description is null.
func (s Session) PendingRemote() sdptype.Description { return s.pendingRemote.desc() }

// CurrentRemote returns [[CurrentRemoteDescription]]; the zero Description is null.
func (s Session) CurrentRemote() sdptype.Description { return s.currentRemote.desc() }

// CurrentLocalFacts returns the Facts of [[CurrentLocalDescription]], nil
// when it is null. They are shared and must not be changed.
func (s Session) CurrentLocalFacts() *sdptype.Facts { return s.currentLocal.facts() }

// LocalDescription returns the pending local description if there is one,
// else the current one (webrtc-pc localDescription).
func (s Session) LocalDescription() sdptype.Description { return s.local().desc() }

// RemoteDescription returns the pending remote description if there is one,
// else the current one (webrtc-pc remoteDescription).
func (s Session) RemoteDescription() sdptype.Description { return s.remote().desc() }

func (s Session) local() slot  { return pendingOrCurrent(s.pendingLocal, s.currentLocal) }
func (s Session) remote() slot { return pendingOrCurrent(s.pendingRemote, s.currentRemote) }

func pendingOrCurrent(pending, current slot) slot {
	if pending.e != nil {
		return pending
	}
	return current
}

// Equal reports whether s and t have the same state, options, descriptions
// and ICE credentials to replace. (The parsed facts are derived from the
// descriptions.)
func (s Session) Equal(t Session) bool {
	return s.state == t.state && s.opts == t.opts &&
		s.pendingLocal.desc() == t.pendingLocal.desc() && s.currentLocal.desc() == t.currentLocal.desc() &&
		s.pendingRemote.desc() == t.pendingRemote.desc() && s.currentRemote.desc() == t.currentRemote.desc() &&
		slices.Equal(s.iceToReplace, t.iceToReplace)
}

// ImplicitType returns the type that a parameterless setLocalDescription()
// uses in state st: offer in stable, have-local-offer and
// have-remote-pranswer, answer in every other state (webrtc-pc
// setLocalDescription step 4). It never infers pranswer or rollback.
func ImplicitType(st State) sdptype.Type {
	switch st {
	case Stable, HaveLocalOffer, HaveRemotePranswer:
		return sdptype.Offer
	}
	return sdptype.Answer
}

// Close returns s closed: the state becomes closed without an event and the
// slots are kept (webrtc-pc close()). Closing twice changes nothing.
func (s Session) Close() Session {
	s.state = Closed
	return s
}

// SetLocal applies d as the local description: webrtc-pc
// setLocalDescription and "set the session description" with remote false.
// A zero d.Type is inferred with ImplicitType, as for a description without
// a type; the SDP must still be given (the Session never creates SDP).
//
// It returns the new Session and the signalingstatechange events in the
// order a browser fires them. On error the Session returned equals s and
// there are no events.
func (s Session) SetLocal(d sdptype.Description) (Session, []Event, error) {
	if d.Type == 0 {
		d.Type = ImplicitType(s.state)
	}
	return s.set(Local, d, sdptype.Parsed{})
}

// SetRemote applies d as the remote description: webrtc-pc
// setRemoteDescription. A remote offer in have-local-offer is an implicit
// rollback (two events: to stable, then to have-remote-offer); the offer is
// validated first, so a bad offer changes nothing, as Chromium does.
//
// Errors are checked in the W3C order: TypeError (no valid type), then
// InvalidStateError (closed, or wrong type for the state), then
// sdp-syntax-error, then InvalidAccessError (content). A rollback ignores
// its SDP. On error the Session returned equals s and there are no events.
func (s Session) SetRemote(d sdptype.Description) (Session, []Event, error) {
	return s.set(Remote, d, sdptype.Parsed{})
}

// Parse parses d's SDP after s's four descriptions and the ones in also
// (sdptype.ParseAfter): pion/sdp parses only the session part and the
// m-sections that are not theirs. The result is sdptype.Parse's, whatever
// also holds; apply it with SetLocalParsed or SetRemoteParsed. SetLocal and
// SetRemote parse this way, with nothing in also. A caller that keeps
// descriptions the Session no longer holds, such as a side's last offer
// once an answer follows it, passes them in also (package negotiation
// does).
func (s Session) Parse(d sdptype.Description, also ...sdptype.Parsed) (sdptype.Parsed, error) {
	var room [8]sdptype.Parsed
	known := append(room[:0], s.pendingRemote.parsed(), s.currentRemote.parsed(), s.pendingLocal.parsed(), s.currentLocal.parsed())
	return sdptype.ParseAfter(d, append(known, also...)...)
}

// SetLocalParsed is SetLocal for a description parsed already
// (sdptype.Parse, Session.Parse): the same result, without parsing the SDP
// again.
func (s Session) SetLocalParsed(p sdptype.Parsed) (Session, []Event, error) {
	d := p.Description()
	if d.Type == 0 {
		d.Type = ImplicitType(s.state)
	}
	return s.set(Local, d, p)
}

// SetRemoteParsed is SetRemote for a description parsed already
// (sdptype.Parse, Session.Parse): the same result, without parsing the SDP
// again.
func (s Session) SetRemoteParsed(p sdptype.Parsed) (Session, []Event, error) {
	return s.set(Remote, p.Description(), p)
}

// set applies d from side; p is d parsed already, or the zero Parsed.
func (s Session) set(side Side, d sdptype.Description, p sdptype.Parsed) (Session, []Event, error) {
	op := "setLocalDescription"
	if side == Remote {
		op = "setRemoteDescription"
	}
	fail := func(sentinel error, reason string, cause error) (Session, []Event, error) {
		return s, nil, &Error{Op: op, State: s.state, Side: side, Type: d.Type, Err: sentinel, Reason: reason, Cause: cause}
	}
	if !d.Type.Valid() {
		return fail(sdptype.ErrTypeError, "no valid RTCSdpType", nil)
	}
	if s.state == Closed {
		return fail(ErrInvalidState, "", ErrClosed)
	}
	next, err := Next(s.state, side, d.Type)
	implicitRollback := err != nil && side == Remote && d.Type == sdptype.Offer && s.state == HaveLocalOffer
	switch {
	case implicitRollback:
		next = HaveRemoteOffer
	case err != nil && side == Remote && d.Type == sdptype.Offer:
		return fail(ErrInvalidState, "implicit rollback is not allowed in a pranswer state", nil)
	case err != nil:
		return fail(ErrInvalidState, "not allowed in this state", nil)
	case d.Type == sdptype.Rollback && s.opts.SameSideRollback && (side == Remote) != (s.state == HaveRemoteOffer):
		return fail(ErrInvalidState, "rollback from the side without the pending offer (SameSideRollback)", nil)
	}

	out := s
	out.state = next
	if d.Type == sdptype.Rollback {
		// Rollback ignores its SDP (webrtc-pc RTCSessionDescriptionInit.sdp).
		out.pendingLocal, out.pendingRemote = slot{}, slot{}
		return out, []Event{{From: s.state, To: next}}, nil
	}

	if p.Facts() == nil {
		if p, err = s.Parse(d); err != nil {
			return fail(sdptype.ErrSDPSyntax, "", err)
		}
	}
	if reason := s.semanticError(side, d.Type, p.Facts()); reason != "" {
		return fail(ErrInvalidAccess, reason, nil)
	}

	sl := slot{&applied{desc: d, parsed: p}}
	switch {
	case d.Type == sdptype.Answer && side == Local:
		out.currentLocal, out.currentRemote = sl, s.pendingRemote
		out.pendingLocal, out.pendingRemote = slot{}, slot{}
		out = out.afterAnswer()
	case d.Type == sdptype.Answer:
		out.currentRemote, out.currentLocal = sl, s.pendingLocal
		out.pendingLocal, out.pendingRemote = slot{}, slot{}
		out = out.afterAnswer()
	case side == Local: // offer or pranswer
		out.pendingLocal = sl
	default:
		out.pendingRemote = sl
		if implicitRollback {
			out.pendingLocal = slot{}
			return out, []Event{{From: s.state, To: Stable}, {From: Stable, To: next}}, nil
		}
	}
	if next == s.state {
		return out, nil, nil
	}
	return out, []Event{{From: s.state, To: next}}, nil
}

// String describes s on one line: the state, the four slots (with
// sdptype.Description.String) and the ICE credentials to replace.
func (s Session) String() string {
	slot := func(d sdptype.Description) string {
		if d.IsZero() {
			return "-"
		}
		return d.String()
	}
	out := s.state.String() + " PL=" + slot(s.pendingLocal.desc()) + " CL=" + slot(s.currentLocal.desc()) +
		" PR=" + slot(s.pendingRemote.desc()) + " CR=" + slot(s.currentRemote.desc())
	for _, c := range s.iceToReplace {
		out += " replace=" + c.Ufrag
	}
	if s.opts.SameSideRollback {
		out += " same-side-rollback"
	}
	return out
}
