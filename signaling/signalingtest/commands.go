// Package signalingtest checks signaling against the W3C rules. Its
// conformance suite (Conformance, Check) runs RULES.md sections 3 to 7 on
// any WebRTC stack wrapped in a Stack, with known deviations declared;
// ReferenceStack is this module's own. Its scenario commands (Commands)
// drive a signaling.Session from the files of testdata/signaling, which
// the pitfall scenarios at the root use too, next to the simulator's.
package signalingtest

import (
	"maps"
	"slices"

	"github.com/glare-rtc/glare/internal/scenario"
)

// Commands returns the Session commands, on a zero Session with no named
// SDP:
//
//	new [same-side-rollback]   a new Session, with the option
//	sdp NAME [mids=M,..] [kinds=K,..] [rejected=M,..] [dirs=D,..] [ufrag=U] [version=N] [nobundle]
//	                           names an SDP: its input lines, or one built from the words
//	sld|srd TYPE [NAME]        setLocalDescription, setRemoteDescription
//	close                      close the Session
//	restart-ice                restartIce
//	candidate [end] [mid=M] [index=N] [ufrag=U]
//	                           addIceCandidate's checks
//	implicit-type              the type setLocalDescription infers in each state
func Commands() scenario.Commands {
	h := &session{sdps: map[string]string{}, names: map[string]string{}}
	set := scenario.Command{
		Words: []scenario.Word{
			{Name: "type", Check: scenario.OneOf("offer", "pranswer", "answer", "rollback", "none", "bogus")},
			{Name: "sdp", Optional: true},
		},
		Run: h.set,
	}
	return scenario.Commands{
		"new": {Flags: []string{"same-side-rollback"}, Run: h.new},
		"sdp": {
			Words: []scenario.Word{{Name: "name"}},
			Flags: []string{"nobundle"},
			Keys: map[string]scenario.Check{
				"mids": nil, "rejected": nil, "ufrag": nil, "version": scenario.Uint(64),
				"kinds": scenario.List(scenario.OneOf("audio", "video", "application")),
				"dirs":  scenario.List(scenario.OneOf(slices.Sorted(maps.Keys(directions))...)),
			},
			Input: true,
			Run:   h.defineSDP,
		},
		"sld":           set,
		"srd":           set,
		"close":         {Run: h.close},
		"restart-ice":   {Run: h.restartICE},
		"candidate":     {Flags: []string{"end"}, Keys: map[string]scenario.Check{"mid": nil, "index": scenario.Uint(16), "ufrag": nil}, Run: h.candidate},
		"implicit-type": {Run: h.implicitType},
	}
}
