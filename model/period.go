package model

import (
	"fmt"
	"strconv"
)

// Period is the length of a timeline's step: a day, an ISO week (Monday
// to Sunday), a calendar month or a calendar year.
type Period uint8

// The periods, shortest first.
const (
	PeriodDay Period = iota
	PeriodWeek
	PeriodMonth
	PeriodYear
)

var periodNames = [...]string{"day", "week", "month", "year"}

// String names the period as the CLI and JSON write it.
func (p Period) String() string {
	if int(p) < len(periodNames) {
		return periodNames[p]
	}
	return "period(" + strconv.Itoa(int(p)) + ")"
}

// ParsePeriod is the inverse of Period.String.
func ParsePeriod(s string) (Period, error) {
	for i, n := range periodNames {
		if n == s {
			return Period(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a period (want day, week, month or year)", s)
}

// Finer is the next shorter period, and false at a day.
func (p Period) Finer() (Period, bool) {
	if p == PeriodDay {
		return p, false
	}
	return p - 1, true
}

// Coarser is the next longer period, and false at a year.
func (p Period) Coarser() (Period, bool) {
	if p >= PeriodYear {
		return PeriodYear, false
	}
	return p + 1, true
}

// maxAutoPeriods is how many periods AutoPeriod allows before it takes a
// longer one: about what a wide terminal shows one column each.
const maxAutoPeriods = 120

// AutoPeriod is the shortest period that cuts the days first to last
// into at most about 120 periods.
func AutoPeriod(first, last Day) Period {
	for p := PeriodDay; p < PeriodYear; p++ {
		if p.index(last)-p.index(first) < maxAutoPeriods {
			return p
		}
	}
	return PeriodYear
}

// civil returns the year, month and day of d (Howard Hinnant's
// civil_from_days), without going through time.Time.
func civil(d Day) (y, m, dd int) {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, dd
}

// daysFrom is the inverse of civil (days_from_civil).
func daysFrom(y, m, d int) Day {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// floorDiv divides rounding toward minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// index numbers the period holding d: consecutive periods have
// consecutive numbers.
func (p Period) index(d Day) int64 {
	switch p {
	case PeriodWeek:
		return floorDiv(int64(d)+3, 7) // 1970-01-05 was a Monday
	case PeriodMonth:
		y, m, _ := civil(d)
		return int64(y)*12 + int64(m-1)
	case PeriodYear:
		y, _, _ := civil(d)
		return int64(y)
	}
	return int64(d)
}

// start is the first day of the period numbered i.
func (p Period) start(i int64) Day {
	switch p {
	case PeriodWeek:
		return Day(i*7 - 3)
	case PeriodMonth:
		return daysFrom(int(floorDiv(i, 12)), int(i-floorDiv(i, 12)*12)+1, 1)
	case PeriodYear:
		return daysFrom(int(i), 1, 1)
	}
	return Day(i)
}

// Floor is the first day of the period that holds d.
func (p Period) Floor(d Day) Day { return p.start(p.index(d)) }

// Last is the last day of the period that holds d.
func (p Period) Last(d Day) Day { return p.start(p.index(d)+1) - 1 }

// Label names the period that starts on start as a person reads it:
// "2015-12-06", "2015-12-07 week", "2015-12", "2015".
func (p Period) Label(start Day) string {
	y, m, d := civil(start)
	switch p {
	case PeriodWeek:
		return fmt.Sprintf("%04d-%02d-%02d week", y, m, d)
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", y, m)
	case PeriodYear:
		return fmt.Sprintf("%04d", y)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// Term is the query term of the period that starts on start: date:
// with the day, the week's first and last day, the month or the year.
func (p Period) Term(start Day) string {
	switch p {
	case PeriodWeek:
		return "date:" + start.String() + ".." + p.Last(start).String()
	case PeriodMonth, PeriodYear:
		return "date:" + p.Label(start)
	}
	return "date:" + start.String()
}
