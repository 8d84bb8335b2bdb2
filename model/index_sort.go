package model

import (
	"cmp"
	"slices"
	"strings"
)

// Order returns every strike of the index in the order of
// CompareSummaries by k, without remaking a summary: the key a strike is
// sorted by is its row's (places, labels, actor lists and figures are
// ranked once per distinct row), packed with its date into one integer;
// only strikes equal in both are told apart by their IDs.
func (x *Index) Order(k SortKey) []int32 {
	ix := make([]int32, x.n)
	for i := range ix {
		ix[i] = int32(i)
	}
	if k == ByDate && x.inDateOrder() { // as the list gives them: newest first
		return ix
	}
	col, rank := x.sortRanks(k)
	type entry struct {
		key uint64
		i   int32
	}
	ents := make([]entry, x.n)
	for i := range ents {
		var prim uint32
		if col != nil {
			prim = rank[col.at(int32(i))]
		}
		ents[i] = entry{uint64(prim)<<32 | uint64(desc(int32(x.start[i]))), int32(i)}
	}
	slices.SortFunc(ents, func(a, b entry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(x.ID(a.i), x.ID(b.i))
	})
	for i := range ents {
		ix[i] = ents[i].i
	}
	return ix
}

// desc maps v to an unsigned number that orders the larger first.
func desc(v int32) uint32 { return ^(uint32(v) ^ 0x80000000) }

// inDateOrder says whether the strikes are in the order of ByDate.
func (x *Index) inDateOrder() bool {
	for i := int32(1); i < int32(x.n); i++ {
		a, b := x.start[i-1], x.start[i]
		if a < b || a == b && x.ID(i-1) > x.ID(i) {
			return false
		}
	}
	return true
}

// sortRanks returns the column that a strike's key by k depends on, and
// the rank of each of its rows (equal keys, equal ranks); a nil column
// for ByDate, which the date alone orders.
func (x *Index) sortRanks(k SortKey) (*idColumn, []uint32) {
	switch k {
	case ByKilled, ByInjured, ByReports:
		rank := make([]uint32, len(x.tails))
		for r := range x.tails {
			t := &x.tails[r]
			switch k {
			case ByReports:
				rank[r] = desc(t.reports)
			default:
				f := &t.killed
				if k == ByInjured {
					f = &t.injured
				}
				rank[r] = ^uint32(0) // no figure: last
				if _, sp, ok := f.Headline(); ok && sp.Reported {
					rank[r] = min(desc(sp.High), ^uint32(0)-1)
				}
			}
		}
		return &x.tail, rank
	case ByPlace:
		return &x.place, rankRows(len(x.places), func(r int) string {
			p := &x.places[r]
			return placeSortKey(&Summary{Place: x.text.vals[p.place], PlaceKey: x.text.vals[p.placeKey]})
		}, strings.Compare)
	case ByAdmin1:
		return &x.place, rankRows(len(x.places), func(r int) string { return Fold(x.text.vals[x.places[r].admin1]) }, compareNames)
	case ByActors:
		return &x.act, rankRows(x.actSets.len(), func(r int) string { return strings.Join(x.actVals[r], ",") }, compareNames)
	case ByGradings:
		return &x.label, rankRows(len(x.labels), func(r int) string { return first(x.listVals[x.labels[r].gradings]) }, compareNames)
	case ByDatasets:
		return &x.label, rankRows(len(x.labels), func(r int) string { return strings.Join(x.listVals[x.labels[r].datasets], ",") }, compareNames)
	}
	return nil, nil
}

// rankRows ranks n rows by the key of each in the order of compare.
func rankRows(n int, key func(r int) string, compare func(a, b string) int) []uint32 {
	keys := make([]string, n)
	rows := make([]int32, n)
	for r := range n {
		keys[r], rows[r] = key(r), int32(r)
	}
	slices.SortFunc(rows, func(a, b int32) int { return compare(keys[a], keys[b]) })
	rank := make([]uint32, n)
	for p := 1; p < n; p++ {
		rank[rows[p]] = rank[rows[p-1]]
		if compare(keys[rows[p-1]], keys[rows[p]]) != 0 {
			rank[rows[p]]++
		}
	}
	return rank
}
