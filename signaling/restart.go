package signaling

import "slices"

// Credentials are one ICE username fragment and password.
type Credentials struct {
	Ufrag, Pwd string
}

// RestartICE returns s with [[LocalIceCredentialsToReplace]] set to every
// ICE credential of the current and pending local descriptions (webrtc-pc
// restartIce step 2). The set survives rollback and is emptied only when an
// answer leaves a local description that has none of them. A session that
// never negotiated collects nothing. On a closed session it changes nothing.
func (s Session) RestartICE() Session {
	if s.state == Closed {
		return s
	}
	var set []Credentials
	for _, sl := range [...]slot{s.currentLocal, s.pendingLocal} {
		if sl.facts() == nil {
			continue
		}
		for _, m := range sl.facts().Media {
			c := Credentials{m.ICE.Ufrag, m.ICE.Pwd}
			if c != (Credentials{}) && !slices.Contains(set, c) {
				set = append(set, c)
			}
		}
	}
	s.iceToReplace = set
	return s
}

// ICECredentialsToReplace returns a copy of [[LocalIceCredentialsToReplace]]:
// while it is not empty, an ICE restart is pending and the next offer must
// carry new credentials.
func (s Session) ICECredentialsToReplace() []Credentials { return slices.Clone(s.iceToReplace) }

// afterAnswer empties the restart set when the current local description
// holds none of its credentials (webrtc-pc set-description, answer steps).
func (s Session) afterAnswer() Session {
	if len(s.iceToReplace) == 0 {
		return s
	}
	for _, m := range s.currentLocal.facts().Media {
		if slices.Contains(s.iceToReplace, Credentials{m.ICE.Ufrag, m.ICE.Pwd}) {
			return s
		}
	}
	s.iceToReplace = nil
	return s
}

// ICERestartPending reports whether [[LocalIceCredentialsToReplace]] is not
// empty: the next offer must carry new ICE credentials.
func (s Session) ICERestartPending() bool { return len(s.iceToReplace) > 0 }
