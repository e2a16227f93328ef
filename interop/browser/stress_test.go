package browser

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// stressResult is what runStress (web/stress.js) returns.
type stressResult struct {
	Driver            string             `json:"driver"`
	Rollback          string             `json:"rollback"`
	Seed              int                `json:"seed"`
	Rounds            int                `json:"rounds"`
	OK                bool               `json:"ok"`
	ConvergedMs       float64            `json:"convergedMs"`
	TailMs            float64            `json:"tailMs"`
	ScheduleMs        float64            `json:"scheduleMs"`
	TotalMs           float64            `json:"totalMs"`
	Messages          []string           `json:"messages"`
	BrowserFault      string             `json:"browserFault"`
	Failures          []string           `json:"failures"`
	SignalingMessages int                `json:"signalingMessages"`
	Transceivers      []int              `json:"transceivers"`
	Directions        []map[string]int   `json:"directions"`
	States            []string           `json:"states"`
	Polite            map[string]float64 `json:"polite"`
	Impolite          map[string]float64 `json:"impolite"`
	Log               []string           `json:"log"`
}

type stressConfig struct {
	name     string
	driver   string
	rollback string // the machine's mode: explicit, implicit or deferred
}

var stressConfigs = []stressConfig{
	{"glare/explicit-rollback", "glare", "explicit"},
	{"glare/implicit-rollback", "glare", "implicit"},
	{"glare/deferred-offers", "glare", "deferred"},
	{"w3c-reference", "reference", "explicit"},
}

// TestStressGlare runs the web-platform-tests stress-glare scenario (21
// rounds of simultaneous addTransceiver on a polite and an impolite peer)
// in each browser, with our machine driving both RTCPeerConnections
// (explicit and implicit rollback, deferred offers) and with the W3C
// reference JavaScript, runs interleaved so that both see the same browser
// and machine load, after one unreported warm-up run of each. Every run of
// our machine must converge with no browser exception; the reference is
// measured, and its failures are reported, not judged.
func TestStressGlare(t *testing.T) {
	browsers(t, stressGlare)
}

func stressGlare(t *testing.T, browser string) {
	p := pageFor(t, browser)
	results := map[string][]stressResult{}
	if *runs < 1 {
		t.Fatal("-stress.runs must be at least 1")
	}
	for run := 0; run <= *runs; run++ { // run 0 warms the browser and the WebAssembly up, unreported
		for i := range stressConfigs {
			c := stressConfigs[(i+run)%len(stressConfigs)] // a different driver goes first each run
			var r stressResult
			expr := fmt.Sprintf("runStress({driver: %q, rollback: %q, seed: %d})", c.driver, c.rollback, run)
			within(t, 2*time.Minute, c.name, func() error { return p.Eval(expr, &r) })
			if c.driver == "glare" {
				checkStress(t, c.name, r)
			}
			if run > 0 {
				results[c.name] = append(results[c.name], r)
			}
		}
	}
	for _, c := range stressConfigs {
		rs := results[c.name]
		passed := 0
		var conv, tail, sched, total, msgs, coll, step, in, out []float64
		for _, r := range rs {
			if r.OK {
				passed++
			}
			conv = append(conv, r.ConvergedMs)
			tail = append(tail, r.TailMs)
			sched = append(sched, r.ScheduleMs)
			total = append(total, r.TotalMs)
			msgs = append(msgs, float64(r.SignalingMessages))
			coll = append(coll, r.Impolite["collisions"]+r.Polite["collisions"])
			step = append(step, r.Impolite["stepMs"]+r.Polite["stepMs"])
			in = append(in, r.Impolite["bytesIn"]+r.Polite["bytesIn"])
			out = append(out, r.Impolite["bytesOut"]+r.Polite["bytesOut"])
		}
		inStep := "-"
		if c.driver == "glare" {
			inStep = fmt.Sprintf("%.0f ms (%.1f MB into WebAssembly, %.1f MB out)", median(step), median(in)/1e6, median(out)/1e6)
		}
		t.Logf("figure %-8s %-24s runs %d/%d passed, %d rounds each; converged median %.0f ms (%.0f-%.0f): schedule %.0f ms, then %.0f ms; with data %.0f ms; signaling messages median %.0f; collisions median %.0f; time in Step median %s",
			browser, c.name, passed, len(rs), rs[0].Rounds, median(conv), slices.Min(conv), slices.Max(conv), median(sched), median(tail), median(total), median(msgs), median(coll), inStep)
		if c.rollback == "deferred" {
			var dropped []float64
			for _, r := range rs {
				dropped = append(dropped, r.Polite["dropped"])
			}
			t.Logf("figure %-8s %-24s offers the polite peer created and dropped unapplied, per run: median %.0f (%.0f-%.0f)",
				browser, c.name, median(dropped), slices.Min(dropped), slices.Max(dropped))
		}
		for _, r := range rs {
			if len(r.Failures) > 0 {
				t.Logf("figure %-8s %-24s seed %d failures: %s", browser, c.name, r.Seed, strings.Join(r.Failures, "; "))
			}
		}
	}
	ref := results["w3c-reference"]
	for _, c := range stressConfigs[:3] {
		rs := results[c.name]
		t.Logf("figure %-8s ratio %s / w3c-reference, same run: %.2f from the start of the schedule, %.2f after its last round (medians)",
			browser, c.name, median(field(rs, "conv"))/median(field(ref, "conv")), median(field(rs, "tail"))/median(field(ref, "tail")))
		ok := func(r stressResult) bool { return r.OK }
		wm, wl, wh := paired(field(rs, "conv"), field(ref, "conv"), both(rs, ref, ok))
		tm, tl, th := paired(field(rs, "tail"), field(ref, "tail"), both(rs, ref, ok))
		t.Logf("figure %-8s paired %s / w3c-reference, run by run: %.2f (95%% %.2f-%.2f) from the start of the schedule, %.2f (%.2f-%.2f) after its last round (geometric means)",
			browser, c.name, wm, wl, wh, tm, tl, th)
	}
}

// both reports, run by run, whether keep holds for ours and ref alike.
func both(ours, ref []stressResult, keep func(stressResult) bool) []bool {
	k := make([]bool, min(len(ours), len(ref)))
	for i := range k {
		k[i] = keep(ours[i]) && keep(ref[i])
	}
	return k
}

// paired returns the geometric mean of ours[i]/ref[i] over the runs keep
// marks (both passed: a failed run's time is its time to fail), the runs
// paired as they ran (same seed, one after the other), and its 95%
// interval (a t interval on the logarithms; the paired form cancels much
// of the browser's drift between runs, which the ratio of medians does
// not).
func paired(ours, ref []float64, keep []bool) (mean, lo, hi float64) {
	var logs []float64
	var sum float64
	for i := range min(len(ours), len(ref), len(keep)) {
		if keep[i] {
			logs = append(logs, math.Log(ours[i]/ref[i]))
			sum += logs[len(logs)-1]
		}
	}
	n := len(logs)
	if n < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	m := sum / float64(n)
	var ss float64
	for _, l := range logs {
		ss += (l - m) * (l - m)
	}
	half := tQuantile975(n-1) * math.Sqrt(ss/float64(n-1)/float64(n))
	return math.Exp(m), math.Exp(m - half), math.Exp(m + half)
}

// tQuantile975 is Student's t 0.975 quantile for df degrees of freedom
// (to within 0.02; the normal's 1.96 beyond 120).
func tQuantile975(df int) float64 {
	table := []float64{1: 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.10, 2.09, 2.09}
	switch {
	case df < len(table):
		return table[df]
	case df <= 30:
		return 2.06
	case df <= 40:
		return 2.03
	case df <= 60:
		return 2.01
	case df <= 120:
		return 1.99
	}
	return 1.96
}

func checkStress(t *testing.T, name string, r stressResult) {
	t.Helper()
	want := 2 * r.Rounds
	// A browser that never gathered (TestGatherAfterEarlyRollback) carries
	// no data whatever drives it: the negotiation is still judged whole.
	bad := !r.OK || len(r.Failures) > 0 ||
		!slices.Equal(r.Transceivers, []int{want, want}) ||
		!slices.Equal(r.States, []string{"stable", "stable"}) ||
		r.BrowserFault == "" && !slices.Equal(r.Messages, []string{"impolite got hello from polite", "polite got hello from impolite"})
	for _, d := range r.Directions {
		if d["sendonly"] != r.Rounds || d["recvonly"] != r.Rounds {
			bad = true
		}
	}
	if r.BrowserFault != "" {
		t.Logf("figure %s seed %d: negotiated, but no data crossed, the browser's fault (TestGatherAfterEarlyRollback): %s", name, r.Seed, r.BrowserFault)
	}
	if bad {
		t.Errorf("%s seed %d: ok=%t transceivers=%v directions=%v states=%v messages=%q failures=%q\n%s",
			name, r.Seed, r.OK, r.Transceivers, r.Directions, r.States, r.Messages, r.Failures, strings.Join(r.Log, "\n"))
	}
}

// field returns the converged ("conv") or after-schedule ("tail") times.
func field(rs []stressResult, which string) []float64 {
	var xs []float64
	for _, r := range rs {
		if which == "tail" {
			xs = append(xs, r.TailMs)
		} else {
			xs = append(xs, r.ConvergedMs)
		}
	}
	return xs
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func TestPaired(t *testing.T) {
	// Runs 10% slower each, whatever the drift between runs: exactly 1.1.
	ref := []float64{400, 500, 800, 450}
	ours := []float64{440, 550, 880, 495}
	all := []bool{true, true, true, true}
	if m, lo, hi := paired(ours, ref, all); math.Abs(m-1.1) > 1e-9 || math.Abs(lo-1.1) > 1e-9 || math.Abs(hi-1.1) > 1e-9 {
		t.Fatalf("paired = %v (%v-%v), want exactly 1.1", m, lo, hi)
	}
	// 1.2 and 1/1.2: a geometric mean of 1, an interval around it.
	m, lo, hi := paired([]float64{120, 100}, []float64{100, 120}, all)
	if math.Abs(m-1) > 1e-9 || !(lo < 1 && hi > 1) || math.Abs(lo*hi-1) > 1e-9 {
		t.Fatalf("paired = %v (%v-%v), want 1 inside a symmetric interval", m, lo, hi)
	}
	// A failed run (a timeout) is left out, whichever driver failed.
	if m, _, _ := paired(append(ours, 30000), append(ref, 400), append(all, false)); math.Abs(m-1.1) > 1e-9 {
		t.Fatalf("with a failed run left out: %v, want 1.1", m)
	}
	if m, _, _ := paired([]float64{1, 1}, []float64{1, 1}, []bool{true, false}); !math.IsNaN(m) {
		t.Fatalf("one run kept: %v, want NaN", m)
	}
	r := []stressResult{{OK: true}, {OK: false}, {OK: true}}
	if got := both(r, r[1:], func(r stressResult) bool { return r.OK }); !slices.Equal(got, []bool{false, false}) {
		t.Fatalf("both = %v", got)
	}
}
