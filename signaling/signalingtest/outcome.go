package signalingtest

import (
	"strings"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// outcome is what one operation did: its error, the state, events and
// slot types after it, and for setLocalDescription the type it applied.
type outcome struct {
	notReached string // the step the stack failed on the way, "" if reached
	err        ErrorName
	state      signaling.State
	events     []signaling.State
	slots      [4]sdptype.Type // PL, CL, PR, CR; 0 for null
	typ        sdptype.Type
}

// show selects the parts of an outcome a rule compares.
type show uint8

const (
	showErr    show = 1 << iota // the error name, "ok" for none
	showResult                  // the error name, the state and the events
	showSlots                   // the type of each slot
	showType                    // the type applied, on success
)

// text renders the parts of o that s selects; two outcomes agree on a
// rule when their texts are equal.
func (o outcome) text(s show) string {
	if o.notReached != "" {
		return "not reached: " + o.notReached
	}
	res := string(o.err)
	if o.err == "" {
		res = "ok"
		if s&showType != 0 {
			res += " (" + o.typ.String() + ")"
		}
	}
	var parts []string
	if s&(showErr|showResult) != 0 {
		parts = append(parts, res)
	}
	if s&showResult != 0 {
		events := "none"
		if len(o.events) > 0 {
			names := make([]string, len(o.events))
			for i, e := range o.events {
				names[i] = e.String()
			}
			events = strings.Join(names, ", ")
		}
		parts[len(parts)-1] += " in " + o.state.String() + ", events: " + events
	}
	if s&showSlots != 0 {
		var b strings.Builder
		for i, name := range [...]string{"PL", "CL", "PR", "CR"} {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(name + "=")
			if t := o.slots[i]; t != 0 {
				b.WriteString(t.String())
			} else {
				b.WriteByte('-')
			}
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "; ")
}

func slotTypes(s Slots) [4]sdptype.Type {
	return [4]sdptype.Type{s.PendingLocal.Type, s.CurrentLocal.Type, s.PendingRemote.Type, s.CurrentRemote.Type}
}

// observe returns the stack's outcome of an operation that returned err.
func (r *run) observe(err error) outcome {
	if !r.alive() {
		return outcome{notReached: r.dead}
	}
	return outcome{err: r.classify(err), state: r.us.State(), events: r.us.Events(), slots: slotTypes(r.us.Slots())}
}

// expect returns the rules' outcome: ref after an operation that returned
// events and err.
func (r *run) expect(events []signaling.Event, err error) outcome {
	o := outcome{err: DefaultClassify(err), state: r.ref.State(), slots: slotTypes(slotsOf(r.ref))}
	for _, e := range events {
		o.events = append(o.events, e.To)
	}
	return o
}

// checkLocal is the checked SLD(d); the type applied is part of the
// outcome.
func (r *run) checkLocal(d sdptype.Description) {
	t := d.Type
	if t == 0 {
		t = signaling.ImplicitType(r.ref.State())
	}
	o := r.setLocal(d)
	r.got = r.observe(o.serr)
	if o.serr == nil {
		r.got.typ = o.applied.Type
	}
	r.exp = r.expect(o.events, o.rerr)
	if o.rerr == nil {
		r.exp.typ = t
	}
}

// checkRemote is the checked SRD(d).
func (r *run) checkRemote(d sdptype.Description) {
	o := r.setRemote(d)
	r.got = r.observe(o.serr)
	r.exp = r.expect(o.events, o.rerr)
}

// checkModified is the checked SLD(d) where d's SDP is not the last one
// us created: InvalidModificationError before the state check, and nothing
// changes (RULES.md 3.1 step 2; the Session does not model it). Closed is
// checked first (RULES.md 2: chaining on a closed connection).
func (r *run) checkModified(d sdptype.Description) {
	if r.ref.State() == signaling.Closed {
		r.checkLocal(d)
		return
	}
	var serr error
	if r.alive() {
		_, serr = r.us.SetLocal(d)
	}
	r.got = r.observe(serr)
	r.exp = r.expect(nil, ErrInvalidModification)
}

// checkCandidate is the checked addIceCandidate(c).
func (r *run) checkCandidate(c sdptype.Candidate) {
	var serr error
	if r.alive() {
		serr = r.us.AddCandidate(c)
	}
	_, rerr := r.ref.CheckCandidate(c)
	r.got = r.observe(serr)
	r.exp = r.expect(nil, rerr)
}

// checkClose is the checked close().
func (r *run) checkClose() {
	var serr error
	if r.alive() {
		r.us.closed = true
		serr = r.us.Close()
	}
	r.ref = r.ref.Close()
	r.got = r.observe(serr)
	r.exp = r.expect(nil, nil)
}
