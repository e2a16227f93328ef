package signalingtest

import (
	"slices"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// The rule groups, in report order.
const (
	GroupTransitions      = "transitions"       // RULES.md 4: the 48 cells, and close (3.3)
	GroupSlots            = "slots"             // RULES.md 5: the four slots after each cell, and rollback after a negotiation
	GroupParameterless    = "parameterless"     // RULES.md 3.1: the type setLocalDescription() infers, in each state
	GroupImplicitRollback = "implicit-rollback" // RULES.md 3.2: a remote offer in have-local-offer
	GroupRollbackSDP      = "rollback-sdp"      // RULES.md 1, 3: rollback ignores its SDP
	GroupErrorPrecedence  = "error-precedence"  // RULES.md 3, 3.1, 4: which error wins
	GroupAnswerContent    = "answer-content"    // RULES.md 3 step 3.6: an answer's m-sections against the offer's
	GroupAddCandidate     = "add-candidate"     // RULES.md 7: addIceCandidate
)

var groups = [...]string{
	GroupTransitions, GroupSlots, GroupParameterless, GroupImplicitRollback,
	GroupRollbackSDP, GroupErrorPrecedence, GroupAnswerContent, GroupAddCandidate,
}

// Groups returns the rule groups in report order.
func Groups() []string { return slices.Clone(groups[:]) }

// check is one run of the stack and the rules it reports on.
type check struct {
	rules []rule
	run   func(r *run)
}

// rule is one result of a check: its id, its group and the parts of the
// outcome it compares.
type rule struct {
	id, group string
	show      show
}

// garbage is an SDP that no parser accepts.
const garbage = "garbage"

// hostLine is the candidate-attribute of the candidate checks.
const hostLine = "candidate:1 1 udp 2113937151 192.0.2.2 50540 typ host"

// checks returns every check, in a fixed order.
func checks() []check {
	var cs []check
	for st := signaling.Stable; st <= signaling.Closed; st++ {
		for _, side := range [...]signaling.Side{signaling.Local, signaling.Remote} {
			for t := sdptype.Offer; t <= sdptype.Rollback; t++ {
				cell := st.String() + "/" + side.String() + "/" + t.String()
				cs = append(cs, check{
					rules: []rule{{"4/" + cell, GroupTransitions, showResult}, {"5/" + cell, GroupSlots, showSlots}},
					run:   func(r *run) { r.reach(st); r.checkCell(side, t) },
				})
			}
		}
	}
	one := func(id, group string, s show, do func(r *run)) {
		cs = append(cs, check{rules: []rule{{id, group, s}}, run: do})
	}
	full := showResult | showSlots
	one("3.3/close", GroupTransitions, showResult, func(r *run) { r.reach(signaling.HaveLocalOffer); r.checkClose() })
	one("5/rollback/negotiated/local", GroupSlots, full, func(r *run) {
		r.negotiate()
		r.stepLocal(sdptype.Offer)
		r.checkLocal(sdptype.Description{Type: sdptype.Rollback})
	})
	one("5/rollback/negotiated/remote", GroupSlots, full, func(r *run) {
		r.negotiate()
		r.stepRemote(r.remoteOffer())
		r.checkRemote(sdptype.Description{Type: sdptype.Rollback})
	})
	for st := signaling.Stable; st <= signaling.Closed; st++ {
		one("3.1/parameterless/"+st.String(), GroupParameterless, showResult|showType, func(r *run) {
			r.reach(st)
			r.checkLocal(sdptype.Description{})
		})
	}
	one("3.2/implicit-rollback", GroupImplicitRollback, full, func(r *run) {
		r.reach(signaling.HaveLocalOffer)
		r.checkRemote(r.remoteOffer())
	})
	one("3.2/implicit-rollback/negotiated", GroupImplicitRollback, full, func(r *run) {
		r.negotiate()
		r.stepLocal(sdptype.Offer)
		r.checkRemote(r.remoteOffer())
	})
	one("3.2/implicit-rollback/bad-offer", GroupImplicitRollback, full, func(r *run) {
		r.reach(signaling.HaveLocalOffer)
		r.checkRemote(sdptype.Description{Type: sdptype.Offer, SDP: garbage})
	})
	one("3/rollback-sdp/local", GroupRollbackSDP, full, func(r *run) {
		r.reach(signaling.HaveLocalOffer)
		r.checkLocal(sdptype.Description{Type: sdptype.Rollback, SDP: garbage})
	})
	one("3/rollback-sdp/remote", GroupRollbackSDP, full, func(r *run) {
		r.reach(signaling.HaveRemoteOffer)
		r.checkRemote(sdptype.Description{Type: sdptype.Rollback, SDP: garbage})
	})
	cs = append(cs, precedenceChecks()...)
	cs = append(cs, answerContentChecks()...)
	return append(cs, candidateChecks()...)
}

// checkCell applies a description of type t from side: SLD({type: t}),
// SRD of another instance's offer, SRD of an answer or pranswer to our
// offer (else to another offer), or a rollback.
func (r *run) checkCell(side signaling.Side, t sdptype.Type) {
	switch {
	case side == signaling.Local:
		r.checkLocal(sdptype.Description{Type: t})
	case t == sdptype.Offer:
		r.checkRemote(r.remoteOffer())
	case t == sdptype.Rollback:
		r.checkRemote(sdptype.Description{Type: t})
	default:
		r.checkRemote(r.remoteAnswer(t))
	}
}

func precedenceChecks() []check {
	var cs []check
	one := func(id string, st signaling.State, do func(r *run)) {
		cs = append(cs, check{
			rules: []rule{{"4/precedence/" + id, GroupErrorPrecedence, showResult | showSlots}},
			run:   func(r *run) { r.reach(st); do(r) },
		})
	}
	one("modified-sdp", signaling.Stable, func(r *run) { r.checkModified(r.foreign(sdptype.Offer)) })
	one("modified-before-state", signaling.Stable, func(r *run) { r.checkModified(r.foreign(sdptype.Answer)) })
	one("closed-before-modified", signaling.Closed, func(r *run) { r.checkModified(r.foreign(sdptype.Answer)) })
	one("type-error", signaling.Stable, func(r *run) {
		r.checkRemote(sdptype.Description{SDP: r.foreign(sdptype.Offer).SDP})
	})
	one("type-before-closed", signaling.Closed, func(r *run) {
		r.checkRemote(sdptype.Description{SDP: r.foreign(sdptype.Offer).SDP})
	})
	one("state-before-syntax", signaling.Stable, func(r *run) {
		r.checkRemote(sdptype.Description{Type: sdptype.Answer, SDP: garbage})
	})
	one("syntax-error", signaling.Stable, func(r *run) {
		r.checkRemote(sdptype.Description{Type: sdptype.Offer, SDP: garbage})
	})
	one("syntax-before-content", signaling.HaveLocalOffer, func(r *run) {
		a := r.remoteAnswer(sdptype.Answer)
		more, why := moreMLines(a.SDP)
		if why != "" {
			r.skipped = why
			return
		}
		r.checkRemote(sdptype.Description{Type: sdptype.Answer, SDP: broken(more)})
	})
	return cs
}

func answerContentChecks() []check {
	var cs []check
	for _, c := range [...]struct {
		id   string
		t    sdptype.Type
		edit func(string) (string, string)
	}{
		{"more-m-lines", sdptype.Answer, moreMLines},
		{"fewer-m-lines", sdptype.Answer, fewerMLines},
		{"order", sdptype.Answer, swapped},
		{"mid", sdptype.Answer, otherMid},
		{"media-type", sdptype.Answer, otherKind},
		{"pranswer-mid", sdptype.Pranswer, otherMid},
	} {
		cs = append(cs, check{
			rules: []rule{{"3/answer-content/" + c.id, GroupAnswerContent, showResult | showSlots}},
			run: func(r *run) {
				r.reach(signaling.HaveLocalOffer)
				a := r.remoteAnswer(c.t)
				sdp, why := c.edit(a.SDP)
				if why != "" {
					r.skipped = why
					return
				}
				r.checkRemote(sdptype.Description{Type: c.t, SDP: sdp})
			},
		})
	}
	return cs
}
