package model

import (
	"fmt"
	"slices"
	"strconv"
)

// BreakdownField is what a breakdown counts strikes by.
type BreakdownField uint8

// The fields a breakdown counts by.
const (
	ByAttacker BreakdownField = iota
	ByCity
	ByGovernorate
	BySource
	ByDataset
	ByGrading
	ByYear
)

var breakdownFields = [...]struct {
	name, term string
	aliases    []string
}{
	{"attacker", "actor", []string{"actor"}},
	{"city", "city", []string{"place", "town"}},
	{"governorate", "gov", []string{"gov", "admin1"}},
	{"source", "source", nil},
	{"dataset", "dataset", nil},
	{"grading", "grading", nil},
	{"year", "date", nil},
}

// BreakdownFields lists the names ParseBreakdownField takes, in order.
func BreakdownFields() []string {
	out := make([]string, len(breakdownFields))
	for i, f := range breakdownFields {
		out[i] = f.name
	}
	return out
}

// String names the field as the CLI writes it.
func (f BreakdownField) String() string {
	if int(f) < len(breakdownFields) {
		return breakdownFields[f].name
	}
	return "field(" + strconv.Itoa(int(f)) + ")"
}

// ParseBreakdownField reads a field's name or one of its aliases (actor,
// place, gov).
func ParseBreakdownField(s string) (BreakdownField, error) {
	for i, f := range breakdownFields {
		if s == f.name || slices.Contains(f.aliases, s) {
			return BreakdownField(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a field to break down by (want attacker, city, governorate, source, dataset, grading or year)", s)
}

// Next is the field after f, round.
func (f BreakdownField) Next() BreakdownField {
	return (f + 1) % BreakdownField(len(breakdownFields))
}

// with is a summary that holds only v as its value of the field.
func (f BreakdownField) with(v string) *Summary {
	var s Summary
	l := []string{v}
	switch f {
	case ByAttacker:
		s.Actors = l
	case ByCity:
		s.Places = l
	case ByGovernorate:
		s.Admin1s = l
	case BySource:
		s.Sources = l
	case ByDataset:
		s.Datasets = l
	case ByGrading:
		s.Gradings = l
	}
	return &s
}

// row is the row a value gives: its key and its name. A city row is the
// town a quarter or landmark lies in; a source row gathers a source's
// spellings.
func (f BreakdownField) row(v string) (key, name string) {
	switch f {
	case ByAttacker:
		return v, ActorName(v)
	case ByCity:
		if in := PlaceIn(v); in != "" {
			v = in
		}
		return v, PlaceName(v)
	case BySource:
		k := SourceKey(v)
		return k, SourceName(k)
	}
	return v, v
}

// BreakdownRow is one row of a breakdown: the strikes its term finds
// among those broken down.
type BreakdownRow struct {
	Key       string // the value the row stands for
	Name      string // as a person reads it
	Term      string // the query term that finds the row's strikes (actor:russia)
	Strikes   int
	Contested int   // of them, those whose reports name different attackers
	Killed    Band  // their killed band in the breakdown's category
	Spark     []int // their strikes over time, in the breakdown's Spark cells
}

// ContestedShare is the contested strikes' share of the row, in percent.
func (r *BreakdownRow) ContestedShare() int {
	if r.Strikes == 0 {
		return 0
	}
	return (100*r.Contested + r.Strikes/2) / r.Strikes
}

// Breakdown is a frequency table of strikes by one field. A strike with
// several values (two attackers named, two sources) counts in each of
// their rows, so the rows may add up to more than Strikes; one with none
// is counted in Without.
type Breakdown struct {
	Field    BreakdownField
	Category Category
	Rows     []BreakdownRow // most strikes first
	Strikes  int
	Without  int // strikes with no value of the field
	// ByValue is set when there were too many values to match each row's
	// term against each as the filter does: a row then counts the
	// strikes with its own value, and its term may find more.
	ByValue bool
	// SparkFirst and SparkLast are the days the sparkline cells cover,
	// in equal parts, by the strikes' first days.
	SparkFirst, SparkLast Day
}

// BreakdownOptions say how to break strikes down.
type BreakdownOptions struct {
	Category Category // of the killed band
	Spark    int      // sparkline cells (0: 16)
}

// maxPairs bounds the values × rows a breakdown matches one by one.
const maxPairs = 4_000_000

// NewBreakdown counts the strikes sums[i] for i in ix (every one when ix
// is nil) by the field. A row counts the strikes its term finds, as the
// filter would: the term is matched against each value of the field, so
// that `breakdown attacker` agrees with `list actor:X` even where one
// actor's name holds another's. It builds an Index of sums;
// Index.Breakdown counts over one already built.
func NewBreakdown(sums []Summary, ix []int32, f BreakdownField, o BreakdownOptions) Breakdown {
	return NewIndex(sums).Breakdown(ix, f, o)
}
