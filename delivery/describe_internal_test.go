package delivery

import (
	"reflect"
	"testing"
	"time"

	"github.com/glare-rtc/glare/sdptype"
)

// Link.String is the whole state for the property tests' purity checks:
// changing any field, of Link or Options, must change it. A new field
// without a case here fails.
func TestStringCoversEveryField(t *testing.T) {
	base, err := New("a1", Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := sdptype.Candidate{Candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", SDPMid: "0"}
	changes := map[reflect.Type]map[string]func(*Link){
		reflect.TypeOf(Link{}): {
			"id":        func(l *Link) { l.id = "a2" },
			"opts":      func(l *Link) { l.opts.Peer = "x" },
			"epoch":     func(l *Link) { l.epoch = 1 },
			"peer":      func(l *Link) { l.peer = "b1" },
			"peerEpoch": func(l *Link) { l.peerEpoch = 1 },
			"met":       func(l *Link) { l.met = true },
			"heard":     func(l *Link) { l.heard = true },
			"retired":   func(l *Link) { l.retired = []string{"b0"} },
			"failed":    func(l *Link) { l.failed = true },
			"sent":      func(l *Link) { l.sent = 1 },
			"acked":     func(l *Link) { l.acked = 1 },
			"unacked":   func(l *Link) { l.unacked = []Message{{Candidate: &c}} },
			"delivered": func(l *Link) { l.delivered = 1 },
			"early":     func(l *Link) { l.early = []Envelope{{Seq: 2, Message: Message{Candidate: &c}}} },
			"armed":     func(l *Link) { l.armed = !l.armed },
			"next":      func(l *Link) { l.next = time.Unix(5, 0) },
			"rto":       func(l *Link) { l.rto = time.Minute },
			"waiting":   func(l *Link) { l.waiting = time.Unix(5, 0) },
		},
		reflect.TypeOf(Options{}): {
			"RTO":    func(l *Link) { l.opts.RTO = time.Minute },
			"MaxRTO": func(l *Link) { l.opts.MaxRTO = time.Hour },
			"GiveUp": func(l *Link) { l.opts.GiveUp = time.Hour },
			"Window": func(l *Link) { l.opts.Window = 3 },
			"Peer":   func(l *Link) { l.opts.Peer = "y" },
		},
	}
	for typ, fields := range changes {
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
			l := base
			l.armed = true // so that next prints
			before := l.String()
			change(&l)
			if l.String() == before {
				t.Errorf("%v.%s changed, String did not: %s", typ, name, before)
			}
		}
	}
}
