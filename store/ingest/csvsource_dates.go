package ingest

import (
	"fmt"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// Which of the first two numbers of a date like 05/02/2014 is the day is
// decided per column: by the options (--date-order, a map's date_order,
// a header that says MM-DD-YYYY), else by the column's values, where a
// first number above 12 says day first and a second above 12 says month
// first. A value that could be read either way, in a column not yet
// decided, makes the source read ahead (keeping the records for next)
// until a value decides it; a column that stays undecided is refused,
// naming the option that decides it. Reading ahead keeps the rows in
// order and holds at most aheadMax records.

// The orders of day and month.
const (
	orderUnknown = iota
	orderDMY
	orderMDY
)

// aheadMax bounds the records held while a date column is undecided.
const aheadMax = 100_000

// colDates is what a column's dates have shown of their order.
type colDates struct {
	order     int
	why       string // how it was decided: "--date-order mdy", "the header says MM-DD-YYYY", or a value
	undecided bool   // read to the end (or aheadMax) without deciding
}

// DateOrder values accepted by Options.DateOrder and a map's date_order.
func parseDateOrder(s string) (int, bool) {
	switch s {
	case "":
		return orderUnknown, true
	case "dmy", "day-first", "DMY":
		return orderDMY, true
	case "mdy", "month-first", "MDY":
		return orderMDY, true
	}
	return orderUnknown, false
}

func orderWords(o int) string {
	if o == orderDMY {
		return "the day first"
	}
	return "the month first"
}

func (s *csvSource) colDates(i int) *colDates {
	if i >= len(s.dates) {
		s.dates = append(s.dates, make([]colDates, i+1-len(s.dates))...)
	}
	c := &s.dates[i]
	if c.order == orderUnknown && s.opts.DateOrder != "" {
		if o, ok := parseDateOrder(s.opts.DateOrder); ok && o != orderUnknown {
			c.order, c.why = o, "--date-order "+s.opts.DateOrder
		}
	}
	return c
}

// setDateOrder fixes column i's order, saying why ("the header says
// MM-DD-YYYY"); an order given in the options wins.
func (s *csvSource) setDateOrder(i, order int, why string) {
	if i < 0 {
		return
	}
	if c := s.colDates(i); c.why == "" || c.order == orderUnknown {
		c.order, c.why = order, why
	}
}

// dateCell is a date read from a cell.
type dateCell struct {
	Start, End model.Day
	Time       string // a time of day other than midnight, as written
}

// date reads column i as a date in any form parseDate knows; ok is false
// when the cell is empty or a placeholder.
func (s *csvSource) date(i int) (dateCell, bool, error) { return s.dateOf(i, s.cell(i)) }

// dateOf reads v, the value of column i, as a date.
func (s *csvSource) dateOf(i int, v string) (dateCell, bool, error) {
	if v == "" {
		return dateCell{}, false, nil
	}
	if d, msg := parseISODay(v); msg == "" {
		return dateCell{Start: d, End: d}, true, nil
	}
	if isPlaceholder(v) {
		return dateCell{}, false, nil
	}
	p, msg := parseDate(v, s.sheet, s.d1904)
	if msg != "" {
		return dateCell{}, false, s.errf(i, "%q %s", v, msg)
	}
	if p.numeric {
		if p, msg = s.resolveDate(i, v, p); msg != "" {
			return dateCell{}, false, s.errf(i, "%q %s", v, msg)
		}
	}
	return dateCell{Start: p.start, End: p.end, Time: p.time}, true, nil
}

// resolveDate applies column i's order to a numeric date, deciding the
// order from this value or the ones ahead when it is not known.
func (s *csvSource) resolveDate(i int, v string, p dateParse) (dateParse, string) {
	c := s.colDates(i)
	says := orderUnknown
	switch {
	case p.a > 12 && p.b <= 12:
		says = orderDMY
	case p.b > 12 && p.a <= 12:
		says = orderMDY
	case p.a > 12 && p.b > 12:
		return p, fmt.Sprintf("is not a date: neither %d nor %d is a month", p.a, p.b)
	}
	if c.order != orderUnknown && says != orderUnknown && says != c.order {
		return p, fmt.Sprintf("has %s, but this column's dates have %s (%s)", orderWords(says), orderWords(c.order), c.why)
	}
	if c.order == orderUnknown {
		switch {
		case says != orderUnknown:
			c.order, c.why = says, fmt.Sprintf("as %q on line %d shows", v, s.line)
		case p.a == p.b:
			return p.resolve(true)
		default:
			s.decideOrder(i)
		}
	}
	if c.order == orderUnknown {
		d, _ := p.resolve(true)
		m, _ := p.resolve(false)
		return p, fmt.Sprintf("could be %s or %s, and no date in this column says whether the day or the month comes first; say which with --date-order dmy or mdy (date_order in a map)",
			fmtDay(d.start), fmtDay(m.start))
	}
	return p.resolve(c.order == orderDMY)
}

func fmtDay(d model.Day) string {
	if d == model.NoDay {
		return "?"
	}
	return d.Time().Format("2 January 2006")
}

// decideOrder reads ahead until a value of column i says which of day
// and month comes first, keeping what it reads for next.
func (s *csvSource) decideOrder(i int) {
	c := s.colDates(i)
	if c.undecided {
		return
	}
	// The record about to be read over belongs to the caller: keep a copy.
	s.rec = append([]string(nil), s.rec...)
	line := s.line
	defer func() { s.line = line }()
	for k := 0; ; k++ {
		if k == len(s.ahead) {
			if k >= aheadMax || !s.readAhead() {
				c.undecided = true
				return
			}
		}
		q := s.ahead[k]
		if q.err != nil || i >= len(q.rec) {
			continue
		}
		v := strings.TrimSpace(q.rec[i])
		if v == "" || isPlaceholder(v) {
			continue
		}
		d, _ := splitTime(v)
		if kind, _, m, day, ok := numericDate(d); ok && kind == dayOrMonthFirst {
			switch {
			case m > 12 && day <= 12:
				c.order, c.why = orderDMY, fmt.Sprintf("as %q on line %d shows", v, q.line)
				return
			case day > 12 && m <= 12:
				c.order, c.why = orderMDY, fmt.Sprintf("as %q on line %d shows", v, q.line)
				return
			}
		}
	}
}

// dateSpanOf makes a day-precise span (or a range) of a dateCell.
func dateSpanOf(d dateCell) model.DateSpan {
	span := model.OnDay(d.Start)
	if d.End != d.Start {
		span.End, span.Precision = d.End, model.PrecRange
	}
	return span
}
