package model

import (
	"fmt"
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

// maxPeriods is the most periods a timeline takes before it lengthens
// its period: twenty years of days.
const maxPeriods = 7500

// TimelineOptions say how to tally a timeline.
type TimelineOptions struct {
	By       Period // the period; Auto picks it from the span instead
	Auto     bool
	Split    Split
	Category Category // of the killed band
	Top      int      // how many values get a series of their own (0: 5)
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
func all(n int, ix []int32) []int32 {
	if ix != nil {
		return ix
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// NewTimeline tallies the strikes sums[i] for i in ix (every one when ix
// is nil). It builds an Index of sums; Index.Timeline tallies over one
// already built.
func NewTimeline(sums []Summary, ix []int32, o TimelineOptions) Timeline {
	return NewIndex(sums).Timeline(ix, o)
}
