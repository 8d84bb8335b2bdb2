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
	ByInjured
	ByAdmin1
	ByActors
	ByGradings
	ByDatasets
)

// SortKeys lists every key in cycling order: the usual ones first, then
// the rest of the list's columns.
var SortKeys = [...]SortKey{ByDate, ByKilled, ByReports, ByPlace, ByInjured, ByAdmin1, ByActors, ByGradings, ByDatasets}

var sortKeyNames = [...]string{"date", "killed", "reports", "place", "injured", "governorate", "actors", "grading", "dataset"}

// SortKeyNames lists the names --sort takes, in cycling order.
func SortKeyNames() []string {
	out := make([]string, len(SortKeys))
	for i, k := range SortKeys {
		out[i] = k.String()
	}
	return out
}

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
	return 0, fmt.Errorf("cannot sort by %q; sort by %s", s, strings.Join(SortKeyNames(), ", "))
}

// Numeric says whether the key orders by a number: the date, a figure,
// the reports.
func (k SortKey) Numeric() bool {
	return k == ByDate || k == ByKilled || k == ByReports || k == ByInjured
}

// Descending says whether the key's natural order is largest first:
// newest date, most killed, injured or reports; names go A to Z.
func (k SortKey) Descending() bool { return k.Numeric() }

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
	case ByInjured:
		_, ai, _ := a.Injured.Headline()
		_, bi, _ := b.Injured.Headline()
		c = compareSpans(ai, bi)
	case ByPlace:
		c = strings.Compare(placeSortKey(a), placeSortKey(b))
	case ByAdmin1:
		c = compareNames(Fold(a.Admin1), Fold(b.Admin1))
	case ByActors:
		c = compareNames(strings.Join(a.Actors, ","), strings.Join(b.Actors, ","))
	case ByGradings:
		c = compareNames(first(a.Gradings), first(b.Gradings))
	case ByDatasets:
		c = compareNames(strings.Join(a.Datasets, ","), strings.Join(b.Datasets, ","))
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

// compareNames orders names A to Z, a strike without one after the rest.
func compareNames(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
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
