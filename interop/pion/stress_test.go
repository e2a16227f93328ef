package pion

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/webrtc/v4"
)

var stressRuns = flag.Int("stress-runs", 10, "runs of each TestStressGlarePion configuration")

// TestStressGlarePion is the web-platform-tests stress-glare scenario
// between two pion peers, neither of which can roll back: the polite one
// defers its offers (the adapter chose NoRollback from the probe), and each
// peer names the mids of its transceivers. Both create a negotiated data
// channel first, so the first offers collide too; then in each of 21
// rounds both add a transceiver at the same moment (A audio, B video), A
// first or B first, with max(0, 20-i) ms between rounds. Messages are delayed 0-5 or 0-25 ms,
// in order. A run passes only if both end stable and quiet with 42
// transceivers, every one of its own negotiated sendonly and every one of
// the other's recvonly with the right kind, a data-channel message arrives
// each way, and no error or Rejected event occurred.
func TestStressGlarePion(t *testing.T) {
	if testing.Short() {
		t.Skip("stress runs take seconds")
	}
	type config struct {
		name   string
		aRole  negotiation.Role
		delay  time.Duration
		bFirst bool
	}
	var configs []config
	for _, role := range []negotiation.Role{negotiation.Polite, negotiation.Impolite} {
		for _, delay := range []time.Duration{5 * time.Millisecond, 25 * time.Millisecond} {
			for _, bFirst := range []bool{false, true} {
				name := fmt.Sprintf("%s-polite/0-%dms/%s-adds-first", map[negotiation.Role]string{negotiation.Polite: "A", negotiation.Impolite: "B"}[role],
					delay.Milliseconds(), map[bool]string{false: "A", true: "B"}[bFirst])
				configs = append(configs, config{name, role, delay, bFirst})
			}
		}
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			var times []time.Duration
			var dropped, msgs []int
			for run := range *stressRuns {
				t.Run(fmt.Sprint(run), func(t *testing.T) {
					d, n, m := stressRun(t, c.aRole, c.delay, c.bFirst, uint64(run))
					times, dropped, msgs = append(times, d), append(dropped, n), append(msgs, m)
				})
			}
			if len(times) == *stressRuns {
				slices.Sort(times)
				slices.Sort(dropped)
				slices.Sort(msgs)
				t.Logf("figure pion vs pion %s: %d/%d runs passed; converged median %v (%v-%v); signaling messages median %d; offers dropped by the polite peer per run %d-%d",
					c.name, len(times), *stressRuns, times[len(times)/2].Round(time.Millisecond), times[0].Round(time.Millisecond),
					times[len(times)-1].Round(time.Millisecond), msgs[len(msgs)/2], dropped[0], dropped[len(dropped)-1])
			}
		})
	}
}

// stressRun runs the scenario once, its delays drawn from seed, and
// returns the time to converge, how many offers the polite peer dropped and
// how many signaling messages were sent.
func stressRun(t *testing.T, aRole negotiation.Role, delay time.Duration, bFirst bool, seed uint64) (time.Duration, int, int) {
	const rounds = 21
	p := newPair(t, pairConfig{aRole: aRole, delay: delay, timeout: 30 * time.Second, seed: seed})
	polite := p.a
	if aRole == negotiation.Impolite {
		polite = p.b
	}
	var mu sync.Mutex
	got := map[string][]string{}
	yes, id := true, uint16(0)
	dcs := map[string]*webrtc.DataChannel{}
	start := time.Now()
	for _, s := range []*side{p.a, p.b} {
		dc, err := s.pc.CreateDataChannel("chat", &webrtc.DataChannelInit{Negotiated: &yes, ID: &id})
		if err != nil {
			t.Fatal(err)
		}
		dc.OnMessage(func(m webrtc.DataChannelMessage) {
			mu.Lock()
			got[s.name] = append(got[s.name], string(m.Data))
			mu.Unlock()
		})
		dcs[s.name] = dc
	}
	kinds := map[string]webrtc.RTPCodecType{"A": webrtc.RTPCodecTypeAudio, "B": webrtc.RTPCodecTypeVideo}
	order := []*side{p.a, p.b}
	if bFirst {
		order = []*side{p.b, p.a}
	}
	for i := range rounds {
		for _, s := range order {
			if _, err := s.peer.AddTransceiverFromKind(kinds[s.name]); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Duration(max(0, 20-i)) * time.Millisecond)
	}
	p.waitSettled(t, 2*rounds)
	took := time.Since(start)
	for _, s := range []*side{p.a, p.b} {
		if n := s.rejected.Load(); n > 0 {
			t.Errorf("%s: %d refusals or Rejected events", s.name, n)
		}
		if n := s.midHazard.Load(); n > 0 {
			t.Errorf("%s: %d mid collisions with mids of each peer's own", s.name, n)
		}
		checkStressDirections(t, s, kinds, rounds)
	}
	for name, dc := range dcs {
		if err := sendWhenOpen(dc, "hello from "+name); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		ok := slices.Equal(got["A"], []string{"hello from B"}) && slices.Equal(got["B"], []string{"hello from A"})
		mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("data channel: got %v", got)
		}
	}
	return took, int(polite.dropped.Load()), int(p.links[0].sent.Load() + p.links[1].sent.Load())
}

// checkStressDirections: by the current descriptions, s has its own
// rounds m-sections (its mid prefix, its kind) negotiated sendonly, the
// other's rounds recvonly with their kind, and the data channel
// (currentDirection: what the local direction offers and the remote one
// accepts).
func checkStressDirections(t *testing.T, s *side, kinds map[string]webrtc.RTPCodecType, rounds int) {
	t.Helper()
	local, remote := s.pc.CurrentLocalDescription(), s.pc.CurrentRemoteDescription()
	if local == nil || remote == nil {
		t.Fatalf("%s: no current descriptions", s.name)
	}
	lf, err := sdptype.ParseFacts(local.SDP)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := sdptype.ParseFacts(remote.SDP)
	if err != nil {
		t.Fatal(err)
	}
	sends := func(d sdptype.Direction) bool { return d == sdptype.Sendrecv || d == sdptype.Sendonly }
	receives := func(d sdptype.Direction) bool { return d == sdptype.Sendrecv || d == sdptype.Recvonly }
	count := map[string]int{}
	for _, m := range lf.Media {
		r, _, ok := rf.Section(m.Mid)
		switch {
		case !ok:
			count["unanswered "+m.Mid]++
		case m.Kind == "application":
			count["data"]++
		default:
			dir := map[[2]bool]string{{true, true}: "sendrecv", {true, false}: "sendonly", {false, true}: "recvonly", {false, false}: "inactive"}[[2]bool{
				sends(m.Direction) && receives(r.Direction), receives(m.Direction) && sends(r.Direction)}]
			whose := "other's"
			if strings.HasPrefix(m.Mid, s.peer.opts.MidPrefix) {
				whose = "own"
			}
			count[fmt.Sprintf("%s %s %s", whose, m.Kind, dir)]++
		}
	}
	otherName := map[string]string{"A": "B", "B": "A"}[s.name]
	want := map[string]int{
		"data": 1,
		fmt.Sprintf("own %s sendonly", kinds[s.name]):        rounds,
		fmt.Sprintf("other's %s recvonly", kinds[otherName]): rounds,
	}
	if fmt.Sprint(sorted(count)) != fmt.Sprint(sorted(want)) {
		t.Errorf("%s: m-sections %v, want %v", s.name, sorted(count), sorted(want))
	}
}

func sorted(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return out
}

// sendWhenOpen sends text on dc once it is open.
func sendWhenOpen(dc *webrtc.DataChannel, text string) error {
	for deadline := time.Now().Add(10 * time.Second); dc.ReadyState() != webrtc.DataChannelStateOpen; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("data channel %s", dc.ReadyState())
		}
	}
	return dc.SendText(text)
}
