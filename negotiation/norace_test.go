//go:build !race

package negotiation_test

const raceEnabled = false
