//go:build !race

package negotiationtest_test

const raceEnabled = false
