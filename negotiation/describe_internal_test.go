package negotiation

import (
	"reflect"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// TestStringCoversEveryField: changing any one field of a Machine, of the
// operations it holds or of its remote history changes String, which the
// simulator's deduplication key is built from. A field added without a
// change here fails the count check. The one exception, notInString, only
// saves work: what the Machine does never depends on it.
func TestStringCoversEveryField(t *testing.T) {
	offer := sdptype.Description{Type: sdptype.Offer, SDP: "v=0\r\n"}
	p, _ := sdptype.Parse(offer)
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0"}
	withOp := func(f func(*op)) func(*Machine) {
		return func(m *Machine) {
			o := op{running: running{kind: opCandidate}}
			f(&o)
			m.ops = &chain{queue: []op{o}}
		}
	}
	withHistory := func(f func(*remoteHistory)) func(*Machine) {
		return func(m *Machine) {
			var h remoteHistory
			f(&h)
			m.remote = &h
		}
	}
	changes := map[reflect.Type]map[string]func(*Machine){
		reflect.TypeOf(Machine{}): {
			"role":                       func(m *Machine) { m.role = Impolite },
			"opts":                       func(m *Machine) { m.opts.Rollback = ImplicitRollback },
			"makingOffer":                func(m *Machine) { m.makingOffer = true },
			"ignoreOffer":                func(m *Machine) { m.ignoreOffer = true },
			"settingRemoteAnswerPending": func(m *Machine) { m.settingRemoteAnswerPending = true },
			"negotiationNeeded":          func(m *Machine) { m.negotiationNeeded = true },
			"offerOutstanding":           func(m *Machine) { m.offerOutstanding = true },
			"session":                    func(m *Machine) { m.session = m.session.Close() },
			"inflight":                   func(m *Machine) { m.inflight = running{kind: opOffer} },
			"ops":                        func(m *Machine) { m.ops = &chain{local: []sdptype.Candidate{c}} },
			"requested":                  func(m *Machine) { m.requested = 1 },
			"failedAt":                   func(m *Machine) { m.failedAt = 1 },
			"negotiated":                 func(m *Machine) { m.negotiated = 1 },
			"offerGen":                   func(m *Machine) { m.offerGen = 1 },
			"offers":                     func(m *Machine) { m.offers = 1 },
			"remote":                     func(m *Machine) { m.remote = &remoteHistory{} },
			"deferred":                   func(m *Machine) { m.deferred = &p },
		},
		reflect.TypeOf(Options{}): {
			"Rollback":          func(m *Machine) { m.opts.Rollback = NoRollback },
			"Signaling":         func(m *Machine) { m.opts.Signaling.SameSideRollback = true },
			"ChainedCandidates": func(m *Machine) { m.opts.ChainedCandidates = true },
		},
		reflect.TypeOf(running{}): {
			"kind": func(m *Machine) { m.inflight.kind = opCandidate },
			"step": func(m *Machine) { m.inflight.step = stepAnswer },
			"desc": func(m *Machine) { m.inflight.desc = p },
			"gen":  func(m *Machine) { m.inflight.gen = 2 },
			"id":   func(m *Machine) { m.inflight.id = 3 },
		},
		reflect.TypeOf(op{}): {
			"running":       withOp(func(o *op) { o.kind = opRemote }),
			"cand":          withOp(func(o *op) { o.cand = c }),
			"whileIgnoring": withOp(func(o *op) { o.whileIgnoring = true }),
			"ofNewUfrag":    withOp(func(o *op) { o.ofNewUfrag = true }),
			"parked":        withOp(func(o *op) { o.parked = true }),
		},
		reflect.TypeOf(chain{}): {
			"queue":   func(m *Machine) { m.ops = &chain{queue: []op{{}}} },
			"waiting": func(m *Machine) { m.ops = &chain{waiting: []op{{}}} },
			"local":   func(m *Machine) { m.ops = &chain{local: []sdptype.Candidate{c}} },
		},
		reflect.TypeOf(remoteHistory{}): {
			"last":     withHistory(func(h *remoteHistory) { h.last = offer }),
			"seen":     withHistory(func(h *remoteHistory) { h.seen = []string{"u"} }),
			"ignored":  withHistory(func(h *remoteHistory) { h.ignored = []string{"u"} }),
			"newUfrag": withHistory(func(h *remoteHistory) { h.newUfrag = true }),
			"dropped":  withHistory(func(h *remoteHistory) { h.dropped = []sdptype.Media{{Mid: "0", Kind: "audio"}} }),
		},
	}
	notInString := map[string]bool{
		"recent": true, // parses to reuse; a parse gives the same Parsed without them (TestRecentParses)
	}
	for typ, fields := range changes {
		if typ == reflect.TypeOf(Machine{}) {
			for name := range notInString {
				fields[name] = nil
			}
		}
		if typ.NumField() != len(fields) {
			t.Errorf("%v has %d fields, %d covered here", typ, typ.NumField(), len(fields))
		}
		for i := range typ.NumField() {
			name := typ.Field(i).Name
			change, ok := fields[name]
			if !ok {
				t.Errorf("%v.%s: no change here", typ, name)
				continue
			}
			if change == nil {
				continue // notInString
			}
			start := Machine{role: Polite, session: signaling.New(signaling.Options{}), inflight: running{kind: opRemote, step: stepRemote}}
			base, changed := start, start
			switch typ {
			case reflect.TypeOf(op{}):
				withOp(func(*op) {})(&base)
			case reflect.TypeOf(remoteHistory{}):
				withHistory(func(*remoteHistory) {})(&base)
			}
			change(&changed)
			if changed.String() == base.String() {
				t.Errorf("%v.%s: String does not change: %s", typ, name, base)
			}
		}
	}
}
