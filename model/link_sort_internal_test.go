package model

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByOrder: the radix sort gives what a comparison sort gives, for
// orders made as Link makes them (weak flag, score, two ranks) and for
// orders sharing all but a few bytes.
func TestSortByOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 4095, 4096, 50_000} {
		for _, shape := range []string{"link", "low bytes", "high bytes"} {
			cs := make([]cand, n)
			for i := range cs {
				var o uint64
				switch shape {
				case "link":
					o = candOrder(r.IntN(5) == 0, r.Float64(), r.Int32N(1<<20), r.Int32N(1<<20))
				case "low bytes":
					o = uint64(r.IntN(300))
				case "high bytes":
					o = uint64(r.IntN(3)) << 60
				}
				cs[i] = cand{i: int32(i), j: int32(n - i), order: o}
			}
			want := slices.Clone(cs)
			slices.SortStableFunc(want, func(x, y cand) int { return cmp.Compare(x.order, y.order) })
			sortByOrder(cs)
			if n >= 1<<12 && !slices.Equal(cs, want) { // stable, as an LSD radix sort is
				t.Fatalf("%d candidates (%s): not in the order a stable sort gives", n, shape)
			}
			if !slices.IsSortedFunc(cs, func(x, y cand) int { return cmp.Compare(x.order, y.order) }) {
				t.Fatalf("%d candidates (%s): not sorted", n, shape)
			}
		}
	}
}
