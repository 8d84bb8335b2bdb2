package ui

import (
	"slices"
	"strings"
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
	// In any order, and in ID order as the store gives them (where the
	// sort settles ties by position).
	byID := slices.Clone(sums)
	slices.SortFunc(byID, func(a, b model.Summary) int { return strings.Compare(a.ID, b.ID) })
	for _, sums := range [][]model.Summary{sums, byID} {
		c := corpusOf(sums, 1)
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
}

// TestFilterMatchesQuery checks that the list's filter (the index, over
// every strike or over the previous results when the query narrows them)
// keeps what model.Query.Match keeps, in the list's order.
func TestFilterMatchesQuery(t *testing.T) {
	var sums []model.Summary
	for _, s := range testStrikes(200) {
		sums = append(sums, model.Summarize(&s))
	}
	sums = append(sums, syntheticSummaries(30_000)...)
	c := corpusOf(sums, 1)
	c.prepare()
	o := order{key: model.ByKilled}
	var prev *filterMsg
	for _, text := range []string{"a", "ac", "act", "actor", "actor:r", "actor:russia", "actor:russia r", "actor:russia raq",
		"city:raqqa", "-city:raqqa contested", "date:2016", "killed>=10 homs", "الرقة", `"syn:00001"`, "0000123", "id:syn:0000042"} {
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		j := filterJob{c: c, q: q, o: o}
		if prev != nil && q.Narrows(prev.q) {
			j.base = prev.ix
		}
		m := j.run(t.Context())
		var want []int32
		for _, i := range c.sorted(o) {
			if q.Match(&sums[i]) {
				want = append(want, i)
			}
		}
		if !slices.Equal(m.ix, want) {
			t.Errorf("%q: the filter kept %d strikes, Match %d", text, len(m.ix), len(want))
		}
		prev = m
	}
}
