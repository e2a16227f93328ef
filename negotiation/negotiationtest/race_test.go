//go:build race

package negotiationtest_test

// raceEnabled: the race detector slows the explorer about tenfold, so race
// builds explore a smaller bound.
const raceEnabled = true
