package negotiationtest

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// PeerConnection is one RTCPeerConnection of a WebRTC stack, as the
// simulator drives it: the operations a machine asks for, the
// application's changes, the ICE agent's candidates, and what the checks
// read. Each operation returns once its promise settled; an error is a
// refusal, and a run fails when the stack refuses an operation the machine
// asked for. The simulator calls one method at a time.
//
// Stack, this package's fake stack, is one implementation (NewStack); wrap
// yours and give Options.NewConn (or Check.NewConn) a Factory of them.
// State, Slots, SetRemote, AddCandidate and Close have the signatures of
// signalingtest.Stack, so one wrapper can serve both kits.
type PeerConnection interface {
	// CreateOffer is createOffer({iceRestart}): an offer, not applied
	// (NoRollback: the machine sends it and applies it later with SetLocal).
	CreateOffer(iceRestart bool) (sdptype.Description, error)
	// SetLocal is setLocalDescription(d) and returns the description it
	// applied. An empty d.SDP is the parameterless form: the stack creates
	// the offer (with new ICE credentials when iceRestart: the machine's
	// restart request, which outlives a rollback) or the answer. With an
	// SDP it is the offer CreateOffer made, byte for byte. For a rollback
	// the description returned is ignored.
	SetLocal(d sdptype.Description, iceRestart bool) (sdptype.Description, error)
	// SetRemote is setRemoteDescription(d).
	SetRemote(d sdptype.Description) error
	// AddCandidate is addIceCandidate(c); an empty c.Candidate is an
	// end-of-candidates indication.
	AddCandidate(c sdptype.Candidate) error
	// AddTransceiver is the application's change: addTransceiver(kind)
	// for "audio" and "video", createDataChannel for "application".
	AddTransceiver(kind string) error
	// RestartICE is restartIce().
	RestartICE()
	// Gather returns the candidate the ICE agent gathers next for the
	// local description (pending, else current): a host candidate of an
	// m-section in use (the first, or any its ICE agent gathers for), whose
	// foundation is n (n counts the candidates of both peers, from 1).
	// False when there is none to
	// gather for. It changes nothing: the simulator also calls it to ask
	// whether a candidate can be gathered now (n is then 0).
	Gather(n int) (sdptype.Candidate, bool)
	// State is signalingState.
	State() signaling.State
	// Slots returns the four description attributes; a zero Description
	// is null.
	Slots() signalingtest.Slots
	// Transceivers returns what the application added, in order: the kind
	// and the mid of each ("" until it has one; the data channel's is its
	// m-section's).
	Transceivers() []Transceiver
	// Close is close(). The simulator calls it when a peer closes
	// (Sim.Close), and on every connection of a simulation it is done
	// with (a replay, a reload, the end of a check).
	Close() error
}

// Cloner is a PeerConnection that can copy itself: Clone returns an
// independent connection in the same state, so that an explorer can branch
// on it. A connection that cannot clone (a real stack) is explored by
// replaying the moves that led to a state on two new connections: slow,
// and it needs a stack that does the same on the same calls. A wrapper
// that embeds a Cloner must define its own Clone, or the copy loses it.
type Cloner interface {
	Clone() PeerConnection
}

// Factory returns a new connection for peer "a" or "b", stable, with
// nothing added yet. o is the simulation's Options: o.Rollback is the
// machines' mode, which a configurable stack may follow (NewStack does).
type Factory func(peer string, o Options) (PeerConnection, error)

// Transceiver is one the application added: its media kind and its mid,
// "" until it has one (a stack that numbers mids gives one when it creates
// an offer).
type Transceiver struct{ Mid, Kind string }

// String names the transceiver by its mid (or "new" before it has one),
// and its kind unless audio.
func (t Transceiver) String() string {
	s := t.Mid
	if s == "" {
		s = "new"
	}
	if t.Kind != "audio" {
		s += " " + t.Kind
	}
	return s
}
