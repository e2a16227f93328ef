//go:build race

package negotiation_test

// raceEnabled: the race detector slows the explorer about tenfold, so race
// builds explore a smaller bound; make test also runs the full bound
// without it.
const raceEnabled = true
