package negotiation

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/sdptype/sdptest"
	"github.com/glare-rtc/glare/signaling"
	"github.com/google/go-cmp/cmp"
)

// TestRecentParses: the machine keeps the last offer and answer it parsed
// from each side, and parses our next offer against our last one although
// the Session holds only the answers and the remote offer by then: the
// same Parsed as Session.Parse alone, for a fraction of the allocations
// (pion allocates for every line it parses).
func TestRecentParses(t *testing.T) {
	m, ours, answer, theirs, ourAnswer, next := recentSetup(t)
	if m.State() != signaling.Stable || m.recent == nil {
		t.Fatalf("state %v, recent %v", m.State(), m.recent)
	}
	want := map[int]sdptype.Description{
		recentIndex(signaling.Local, sdptype.Offer):   ours,
		recentIndex(signaling.Local, sdptype.Answer):  ourAnswer,
		recentIndex(signaling.Remote, sdptype.Offer):  theirs,
		recentIndex(signaling.Remote, sdptype.Answer): answer,
	}
	for i, p := range m.recent {
		if p.Description() != want[i] {
			t.Errorf("recent[%d] holds %v, want %v", i, p.Description(), want[i])
		}
	}

	alone, err := m.session.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	before := m
	got, err := m.parse(signaling.Local, next)
	if err != nil {
		t.Fatal(err)
	}
	all := cmp.Exporter(func(reflect.Type) bool { return true })
	if !cmp.Equal(alone, got, all) {
		t.Fatalf("parse with recent differs from Session.Parse:\n%s", cmp.Diff(alone, got, all))
	}
	if m.recent[recentIndex(signaling.Local, sdptype.Offer)].Description() != next || before.recent[0].Description() != ours {
		t.Errorf("recent not replaced (a new array, the old one untouched)")
	}

	withRecent := testing.AllocsPerRun(20, func() { before.session.Parse(next, before.recent[:]...) })
	without := testing.AllocsPerRun(20, func() { before.session.Parse(next) })
	if 3*withRecent > without {
		t.Errorf("parsing our next offer allocates %.0f times with the recent parses, %.0f without: not reused", withRecent, without)
	}
	t.Logf("allocations: %.0f with the recent parses, %.0f without", withRecent, without)
}

// BenchmarkNextOffer: the Step that completes our next offer (SetLocalDone,
// 9 sections, one new) after an offer, its answer, the peer's offer and our
// answer, with the parses the machine keeps and without them (recent
// cleared: the Session's four descriptions only, which hold no offer of
// ours by then).
func BenchmarkNextOffer(b *testing.B) {
	m, _, _, _, _, next := recentSetup(b)
	m, _, err := Step(m, &NegotiationNeeded{})
	if err != nil {
		b.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		b.Run(map[bool]string{true: "recent", false: "session-only"}[keep], func(b *testing.B) {
			start := m
			if !keep {
				start.recent = nil
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Step(start, &SetLocalDone{Description: next}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// recentSetup returns a polite machine, stable after our offer of 8
// sections and its answer, then the peer's offer and our answer, with the
// four descriptions and our next offer (one section added).
func recentSetup(tb testing.TB) (m Machine, ours, answer, theirs, ourAnswer, next sdptype.Description) {
	desc := func(typ sdptype.Type, n int, ufrag string, dir sdptype.Direction, version uint64) sdptype.Description {
		secs := make([]sdptest.Section, n)
		for i := range secs {
			secs[i] = sdptest.Section{Mid: strconv.Itoa(i), Kind: "audio", Direction: dir}
		}
		return sdptype.Description{Type: typ, SDP: sdptest.Build(sdptest.Spec{Sections: secs, Ufrag: ufrag, Version: version})}
	}
	ours = desc(sdptype.Offer, 8, "mine", sdptype.Sendrecv, 1)
	answer = desc(sdptype.Answer, 8, "peer", sdptype.Recvonly, 1)
	theirs = desc(sdptype.Offer, 8, "peer", sdptype.Sendrecv, 2)
	ourAnswer = desc(sdptype.Answer, 8, "mine", sdptype.Recvonly, 2)
	next = desc(sdptype.Offer, 9, "mine", sdptype.Sendrecv, 3) // ours, one section added

	m, err := New(Polite, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, in := range []Input{
		&NegotiationNeeded{}, &SetLocalDone{Description: ours},
		&ReceivedDescription{Description: answer}, &SetRemoteDone{},
		&ReceivedDescription{Description: theirs}, &SetRemoteDone{}, &SetLocalDone{Description: ourAnswer},
	} {
		if m, _, err = Step(m, in); err != nil {
			tb.Fatalf("%v: %v", in, err)
		}
	}
	return m, ours, answer, theirs, ourAnswer, next
}
