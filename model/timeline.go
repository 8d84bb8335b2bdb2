package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Band is the casualties of several strikes in one category as a band:
// the sum of each strike's lowest figure and the sum of each strike's
// highest, over the strikes whose sources give a figure in that category.
// Strikes with no figure are counted beside it (NoFigure), never as zero.
// Categories are never added into one band.
type Band struct {
	Strikes  int   // strikes with a figure in the category
	NoFigure int   // strikes with none
	Low      int64 // the sum of their lowest figures
	High     int64 // the sum of their highest stated figures
	Open     bool  // some strike's highest figure was open-ended ("at least 32")
}

// Add counts one strike's span in the category.
func (b *Band) Add(s Span) {
	if !s.Reported {
		b.NoFigure++
		return
	}
	b.Strikes++
	b.Low += int64(s.Low)
	b.High += int64(s.High)
	b.Open = b.Open || s.Open
}

// Merge adds another band's strikes to b.
func (b *Band) Merge(o Band) {
	b.Strikes += o.Strikes
	b.NoFigure += o.NoFigure
	b.Low += o.Low
	b.High += o.High
	b.Open = b.Open || o.Open
}

// String renders the band: "—" when no strike gives a figure, "12",
// "12–40", "12–40+" (a strike's highest figure was open-ended).
func (b Band) String() string {
	if b.Strikes == 0 {
		return "—"
	}
	lo, hi := strconv.FormatInt(b.Low, 10), strconv.FormatInt(b.High, 10)
	switch {
	case b.Low == b.High && b.Open:
		return "≥" + lo
	case b.Low == b.High:
		return lo
	case b.Open:
		return lo + "–" + hi + "+"
	}
	return lo + "–" + hi
}

// Split is what a timeline splits each period's strikes by.
type Split uint8

// The splits.
const (
	SplitAttacker Split = iota
	SplitGrading
	SplitDataset
)

var splitNames = [...]string{"attacker", "grading", "dataset"}

// String names the split as the CLI writes it.
func (s Split) String() string {
	if int(s) < len(splitNames) {
		return splitNames[s]
	}
	return "split(" + strconv.Itoa(int(s)) + ")"
}

// ParseSplit is the inverse of Split.String.
func ParseSplit(s string) (Split, error) {
	for i, n := range splitNames {
		if n == s {
			return Split(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a split (want attacker, grading or dataset)", s)
}

// Next is the split after s, in the order above, round.
func (s Split) Next() Split { return (s + 1) % Split(len(splitNames)) }

// The keys of the series that are not a value of the strikes.
const (
	SeriesContested     = "contested"      // the reports name different attackers
	SeriesNotAttributed = "not attributed" // no report names an attacker (or only "unknown")
	SeriesNone          = "none"           // no grading or dataset
	SeriesOther         = "other"          // a value not among the top ones
)

// Series is one part of a timeline's split: a value (an attribution, a
// grading, a dataset, or several joined with "+"), contested, not
// attributed, none or other.
type Series struct {
	Key     string // the value, or one of the Series* keys
	Name    string // as a person reads it (an actor's display name)
	Strikes int
}

// PeriodTally is one period of a timeline.
type PeriodTally struct {
	Start, End Day   // its first and last day
	Strikes    int   // strikes dated within it
	BySeries   []int // Strikes by series, in the order of Timeline.Series
	Killed     Band  // the killed band in the timeline's category
}

// Label names the period ("2015-12").
func (p *PeriodTally) Label(by Period) string { return by.Label(p.Start) }

// Timeline is strikes tallied per period, split by attribution, grading
// or dataset, with a killed band per period in one category. Every
// strike is counted once: in the one period its dates lie within, or
// beside the periods as undated or as dated more loosely than a period.
type Timeline struct {
	By       Period
	Split    Split
	Category Category
	Series   []Series
	Periods  []PeriodTally // every period from the first strike's to the last's, empty ones too
	Strikes  int           // every strike tallied
	Undated  int           // strikes with no date
	Loose    int           // strikes whose dates span more than one period (a month-dated strike in a daily timeline)
	Killed   Band          // over the periods' strikes
}

// TimelineOptions say how to tally a timeline.
type TimelineOptions struct {
	By       Period // the period; Auto picks it from the span instead
	Auto     bool
	Split    Split
	Category Category // of the killed band
	Top      int      // how many values get a series of their own (0: 5)
}

// seriesKey is the series value of a strike under a split: an attribution
// (the actors named, joined with "+"), contested or not attributed; the
// gradings or datasets joined with "+", or none.
func seriesKey(s *Summary, sp Split) string {
	switch sp {
	case SplitGrading:
		return joinKeys(s.Gradings)
	case SplitDataset:
		return joinKeys(s.Datasets)
	}
	if s.Contested {
		return SeriesContested
	}
	n := 0
	for _, a := range s.Actors {
		if a != "unknown" {
			n++
		}
	}
	switch {
	case n == 0:
		return SeriesNotAttributed
	case n == len(s.Actors):
		return joinKeys(s.Actors)
	}
	known := make([]string, 0, n)
	for _, a := range s.Actors {
		if a != "unknown" {
			known = append(known, a)
		}
	}
	return strings.Join(known, "+")
}

func joinKeys(vs []string) string {
	switch len(vs) {
	case 0:
		return SeriesNone
	case 1:
		return vs[0]
	}
	return strings.Join(vs, "+")
}

// seriesName is how a series key reads: actors by their display names.
func seriesName(key string, sp Split) string {
	if sp != SplitAttacker || key == SeriesContested || key == SeriesNotAttributed || key == SeriesOther {
		return key
	}
	parts := strings.Split(key, "+")
	for i, p := range parts {
		parts[i] = ActorName(p)
	}
	return strings.Join(parts, " + ")
}

// all returns ix, or every index of sums when ix is nil.
func all(sums []Summary, ix []int32) []int32 {
	if ix != nil {
		return ix
	}
	out := make([]int32, len(sums))
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// NewTimeline tallies the strikes sums[i] for i in ix (every one when ix
// is nil).
func NewTimeline(sums []Summary, ix []int32, o TimelineOptions) Timeline {
	ix = all(sums, ix)
	t := Timeline{By: o.By, Split: o.Split, Category: o.Category, Strikes: len(ix)}
	top := o.Top
	if top <= 0 {
		top = 5
	}
	// The series of each strike, and the span of the dates.
	keyOf := map[string]int32{}
	var keys []string
	var counts []int
	ser := make([]int32, len(ix))
	first, last := Day(0), Day(0)
	dated := false
	for n, i := range ix {
		s := &sums[i]
		k := seriesKey(s, o.Split)
		id, ok := keyOf[k]
		if !ok {
			id = int32(len(keys))
			keyOf[k] = id
			keys = append(keys, k)
			counts = append(counts, 0)
		}
		ser[n] = id
		counts[id]++
		if s.Date.Known() {
			if !dated || s.Date.Start < first {
				first = s.Date.Start
			}
			if !dated || s.Date.End > last {
				last = s.Date.End
			}
			dated = true
		}
	}
	// The series: the top values by strikes, then the fixed ones, then
	// the rest as other.
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	fixed := func(k string) bool {
		return k == SeriesContested || k == SeriesNotAttributed || k == SeriesNone
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(keys[a], keys[b])
	})
	to := make([]int32, len(keys))
	var other []int32
	for _, id := range order {
		if !fixed(keys[id]) && len(t.Series) < top {
			to[id] = int32(len(t.Series))
			t.Series = append(t.Series, Series{Key: keys[id], Name: seriesName(keys[id], o.Split), Strikes: counts[id]})
		} else if !fixed(keys[id]) {
			other = append(other, id)
		}
	}
	for _, k := range []string{SeriesContested, SeriesNotAttributed, SeriesNone} {
		if id, ok := keyOf[k]; ok {
			to[id] = int32(len(t.Series))
			t.Series = append(t.Series, Series{Key: k, Name: k, Strikes: counts[id]})
		}
	}
	if len(other) > 0 {
		n := 0
		for _, id := range other {
			to[id] = int32(len(t.Series))
			n += counts[id]
		}
		t.Series = append(t.Series, Series{Key: SeriesOther, Name: SeriesOther, Strikes: n})
	}
	if !dated {
		t.Undated = len(ix)
		return t
	}
	if o.Auto {
		t.By = AutoPeriod(first, last)
	}
	by := t.By
	base := by.index(first)
	np := int(by.index(last)-base) + 1
	t.Periods = make([]PeriodTally, np)
	bySeries := make([]int, np*len(t.Series))
	for p := range t.Periods {
		st := by.start(base + int64(p))
		t.Periods[p] = PeriodTally{Start: st, End: by.start(base+int64(p)+1) - 1, BySeries: bySeries[p*len(t.Series) : (p+1)*len(t.Series) : (p+1)*len(t.Series)]}
	}
	for n, i := range ix {
		s := &sums[i]
		if !s.Date.Known() {
			t.Undated++
			continue
		}
		p := by.index(s.Date.Start)
		if by.index(s.Date.End) != p {
			t.Loose++
			continue
		}
		pt := &t.Periods[p-base]
		pt.Strikes++
		pt.BySeries[to[ser[n]]]++
		pt.Killed.Add(s.Killed[o.Category])
	}
	for p := range t.Periods {
		t.Killed.Merge(t.Periods[p].Killed)
	}
	return t
}
