package model

import (
	"fmt"
	"slices"
	"strings"
)

// SortKey is a column strikes can be sorted by.
type SortKey uint8

// The sort keys, in the order the dashboard cycles through them.
const (
	ByDate SortKey = iota
	ByKilled
	ByReports
	ByPlace
)

// SortKeys lists every key in cycling order.
var SortKeys = [...]SortKey{ByDate, ByKilled, ByReports, ByPlace}

var sortKeyNames = [...]string{"date", "killed", "reports", "place"}

// String names the key as the --sort flag takes it.
func (k SortKey) String() string {
	if int(k) < len(sortKeyNames) {
		return sortKeyNames[k]
	}
	return "?"
}

// ParseSortKey is the inverse of SortKey.String.
func ParseSortKey(s string) (SortKey, error) {
	for i, n := range sortKeyNames {
		if n == s {
			return SortKey(i), nil
		}
	}
	return 0, fmt.Errorf("cannot sort by %q; sort by date, killed, reports or place", s)
}

// Descending says whether the key's natural order is largest first:
// newest date, most killed, most reports; places go A to Z.
func (k SortKey) Descending() bool { return k != ByPlace }

// CompareSummaries orders two summaries by a key in its natural order
// (see Descending), ties broken by date (newest first) and then ID, so the
// order is total and stable across runs. A strike whose figure was not
// reported sorts after every reported one.
func CompareSummaries(a, b *Summary, k SortKey) int {
	c := 0
	switch k {
	case ByKilled:
		_, ak, _ := a.Killed.Headline()
		_, bk, _ := b.Killed.Headline()
		c = compareSpans(ak, bk)
	case ByReports:
		c = b.Reports - a.Reports
	case ByPlace:
		c = strings.Compare(placeSortKey(a), placeSortKey(b))
	}
	if c != 0 {
		return c
	}
	if a.Date.Start != b.Date.Start {
		if a.Date.Start > b.Date.Start {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

// compareSpans puts the larger top figure first and unreported last.
func compareSpans(a, b Span) int {
	switch {
	case a.Reported != b.Reported:
		if a.Reported {
			return -1
		}
		return 1
	case a.High != b.High:
		if a.High > b.High {
			return -1
		}
		return 1
	}
	return 0
}

func placeSortKey(s *Summary) string {
	if s.PlaceKey != "" {
		return s.PlaceKey
	}
	return Fold(s.Place)
}

// SortSummaries sorts summaries by a key; reverse turns the natural order
// around.
func SortSummaries(sums []Summary, k SortKey, reverse bool) {
	slices.SortStableFunc(sums, func(a, b Summary) int {
		c := CompareSummaries(&a, &b, k)
		if reverse {
			return -c
		}
		return c
	})
}
