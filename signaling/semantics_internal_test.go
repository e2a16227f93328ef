package signaling

import (
	"slices"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"pgregory.net/rapid"
)

// TestSelfConsistentWithRef: the checks that compare only what differs
// from a description with unique mids give what comparing all gives.
func TestSelfConsistentWithRef(t *testing.T) {
	pool := []string{"", "0", "1", "2", "3", "a", "b"}
	rapid.Check(t, func(t *rapid.T) {
		// ref: unique mids (or none); f: ref with a few changes.
		var ref sdptype.Facts
		for _, mid := range rapid.Permutation(pool).Draw(t, "ref")[:rapid.IntRange(0, len(pool)).Draw(t, "refLen")] {
			ref.Media = append(ref.Media, sdptype.Media{Mid: mid, ICE: sdptype.ICE{Ufrag: "u", Pwd: "p"}})
		}
		f := sdptype.Facts{Media: slices.Clone(ref.Media)}
		for range rapid.IntRange(0, 3).Draw(t, "changes") {
			mid := rapid.SampledFrom(pool).Draw(t, "mid")
			if i := rapid.IntRange(0, len(f.Media)).Draw(t, "at"); i < len(f.Media) {
				f.Media[i].Mid = mid
			} else {
				f.Media = append(f.Media, sdptype.Media{Mid: mid})
			}
		}
		for range rapid.IntRange(0, 2).Draw(t, "groups") {
			f.BundleGroups = append(f.BundleGroups, rapid.SliceOfN(rapid.SampledFrom(pool[1:]), 0, 4).Draw(t, "group"))
		}
		if got, want := selfConsistent(&f, &ref), selfConsistent(&f, nil); got != want {
			t.Fatalf("with ref %q, without %q", got, want)
		}
		if got, want := firstDuplicate(&f, &ref), naiveFirstDuplicate(f.Media); got != want {
			t.Fatalf("firstDuplicate %d, want %d", got, want)
		}
		if got, want := firstDuplicate(&f, nil), naiveFirstDuplicate(f.Media); got != want {
			t.Fatalf("firstDuplicate without ref %d, want %d", got, want)
		}
		mid, at := rapid.SampledFrom(pool[1:]).Draw(t, "lookup"), rapid.IntRange(0, len(f.Media)+1).Draw(t, "from")
		i := indexOfMid(f.Media, mid, at)
		if has := slices.ContainsFunc(f.Media, func(m sdptype.Media) bool { return m.Mid == mid }); has != (i >= 0) || i >= 0 && f.Media[i].Mid != mid {
			t.Fatalf("indexOfMid(%q, %d) = %d", mid, at, i)
		}
	})
}

// naiveFirstDuplicate is the first index whose mid an earlier section has.
func naiveFirstDuplicate(media []sdptype.Media) int {
	for i, m := range media {
		for _, n := range media[:i] {
			if m.Mid != "" && n.Mid == m.Mid {
				return i
			}
		}
	}
	return -1
}
