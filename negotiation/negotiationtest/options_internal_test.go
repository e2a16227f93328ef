package negotiationtest

import "testing"

// Bit 5 of a schedule's first byte runs chained candidates only when the
// Check allows them; random schedules with them pass on the fake stack.
func TestCheckChainedCandidates(t *testing.T) {
	for _, c := range []struct {
		check Check
		b     byte
		want  bool
	}{{Check{ChainedCandidates: true}, 32, true}, {Check{ChainedCandidates: true}, 0, false}, {Check{}, 32, false}} {
		if got := c.check.options(c.b).ChainedCandidates; got != c.want {
			t.Errorf("%+v options(%d).ChainedCandidates = %v, want %v", c.check, c.b, got, c.want)
		}
	}
	if err := (Check{ChainedCandidates: true}).Random(3, 200); err != nil {
		t.Fatal(err)
	}
}
