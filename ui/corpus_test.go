package ui

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestSortMatchesModel checks the list's fast sort against the model's
// order, which the CLI uses, for every key and direction.
func TestSortMatchesModel(t *testing.T) {
	var sums []model.Summary
	for _, s := range testStrikes(200) {
		sums = append(sums, model.Summarize(&s))
	}
	sums = append(sums, syntheticSummaries(3000)...)
	c := newCorpus(sums, 1)
	for _, k := range model.SortKeys {
		for _, rev := range []bool{false, true} {
			want := append([]model.Summary(nil), sums...)
			model.SortSummaries(want, k, rev)
			got := c.sorted(order{key: k, reverse: rev})
			for p := range want {
				if sums[got[p]].ID != want[p].ID {
					t.Fatalf("sort by %v reverse %v differs at %d: %s, want %s", k, rev, p, sums[got[p]].ID, want[p].ID)
				}
			}
		}
	}
}
