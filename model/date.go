package model

import (
	"fmt"
	"strconv"
	"time"
)

// Day is a calendar day, counted from 1970-01-01 (day 0). It is compact so
// that a million strikes can be indexed and sorted by date cheaply.
type Day int32

// NoDay marks a date that was not reported.
const NoDay Day = -1 << 31

// DayOf returns the Day of a civil date.
func DayOf(y int, m time.Month, d int) Day {
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDay reads an ISO date, YYYY-MM-DD.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return NoDay, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return Day(t.Unix() / 86400), nil
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String renders the day as YYYY-MM-DD, or "" when not reported.
func (d Day) String() string {
	if d == NoDay {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// DatePrecision says how precisely a date is known.
type DatePrecision uint8

// The precisions of a date, finest first.
const (
	PrecDay DatePrecision = iota
	PrecRange
	PrecWeek
	PrecMonth
	PrecYear
)

var datePrecNames = [...]string{"day", "range", "week", "month", "year"}

// String names the precision as in JSON.
func (p DatePrecision) String() string {
	if int(p) < len(datePrecNames) {
		return datePrecNames[p]
	}
	return "precision(" + strconv.Itoa(int(p)) + ")"
}

// ParseDatePrecision is the inverse of DatePrecision.String.
func ParseDatePrecision(s string) (DatePrecision, error) {
	for i, n := range datePrecNames {
		if n == s {
			return DatePrecision(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a date precision (want day, range, week, month or year)", s)
}

// DateSpan is when a strike happened as a source dated it: a first and last
// day (equal for a day-precise date) and a precision.
type DateSpan struct {
	Start, End Day
	Precision  DatePrecision
}

// OnDay is a day-precise date.
func OnDay(d Day) DateSpan { return DateSpan{Start: d, End: d, Precision: PrecDay} }

// NoDate is a date that was not reported.
func NoDate() DateSpan { return DateSpan{Start: NoDay, End: NoDay} }

// Known says whether a date was reported.
func (s DateSpan) Known() bool { return s.Start != NoDay }

// Overlaps says whether two spans share a day.
func (s DateSpan) Overlaps(o DateSpan) bool {
	return s.Known() && o.Known() && s.Start <= o.End && o.Start <= s.End
}

// Validate reports a span that ends before it starts.
func (s DateSpan) Validate() error {
	if s.Known() && s.End < s.Start {
		return fmt.Errorf("the date range ends (%s) before it starts (%s)", s.End, s.Start)
	}
	if s.Known() != (s.End != NoDay) {
		return fmt.Errorf("a date range needs both a start and an end")
	}
	return nil
}

// String renders the span as a person reads it: "2015-12-06",
// "2015-12 (month)", "2016-03-01..2016-03-04".
func (s DateSpan) String() string {
	if !s.Known() {
		return "not reported"
	}
	switch s.Precision {
	case PrecMonth:
		return s.Start.Time().Format("2006-01") + " (month)"
	case PrecYear:
		return s.Start.Time().Format("2006") + " (year)"
	}
	if s.Start == s.End {
		return s.Start.String()
	}
	out := s.Start.String() + ".." + s.End.String()
	if s.Precision == PrecWeek {
		out += " (week)"
	}
	return out
}
