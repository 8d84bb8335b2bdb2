package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// Dates as people and spreadsheets write them. parseDate reads one cell
// without knowing its column; a numeric date whose first two parts could
// each be the day or the month ("05/02/2014") comes back unresolved, and
// the column decides (csvsource_dates.go).
//
// Forms read:
//   - ISO: 2014-01-22, 2014/01/22, with or without a time
//     (2014-01-22 00:00:00, 2014-01-22T10:30:00Z).
//   - Numeric day and month in either order, with "/", "-" or "." and a
//     four-digit year: 22/01/2014, 1/22/2014, 01-22-2014, 22.01.2014,
//     with or without a spreadsheet's time (1/22/2014 12:00:00 AM,
//     14/08/2020 00:00:00, 05/02/2014 00:00).
//   - Month names, English, in full or cut to three letters: 14 August
//     2020, 14-Aug-2020, August 14, 2020, october-7-2023, Sunday 14 Aug
//     2020; with a month name a two-digit year is read as a spreadsheet
//     does (00-29 are 2000-2029, 30-99 are 1930-1999): 9-Aug-22. Two days
//     with a dash between them are a range: March 15–17, 2020.
//   - Spreadsheet serial numbers (days since 1899-12-30, or 1904-01-01 in
//     a workbook that says so), only in cells read from a workbook.
//
// A time of day other than midnight is kept as written, for a note: a
// spreadsheet's "00:00:00" or "12:00:00 AM" says nothing.

// dateParse is a cell read as a date.
type dateParse struct {
	start, end model.Day // the day or days; unset while numeric
	numeric    bool      // a, b and year hold a date whose day/month order is the column's to say
	a, b, year int
	time       string // a time of day other than midnight, as written
}

// monthNames maps month names and their three-letter (and "sept")
// abbreviations to months.
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{"sept": time.September}
	for i := time.January; i <= time.December; i++ {
		n := strings.ToLower(i.String())
		m[n] = i
		m[n[:3]] = i
	}
	return m
}()

var weekdayNames = func() map[string]bool {
	m := map[string]bool{}
	for i := time.Sunday; i <= time.Saturday; i++ {
		n := strings.ToLower(i.String())
		m[n], m[n[:3]] = true, true
	}
	return m
}()

// parseDate reads v (trimmed, not a placeholder) as a date. serials
// accepts spreadsheet serial numbers (date1904 for the 1904 system). msg
// says what is wrong when it is not a date.
func parseDate(v string, serials, date1904 bool) (dateParse, string) {
	var p dateParse
	if serials {
		if d, t, ok := serialDay(v, date1904); ok {
			p.start, p.end, p.time = d, d, t
			return p, ""
		}
	}
	datePart, timePart := splitTime(v)
	if timePart != "" {
		t, ok := timeOfDay(timePart)
		if !ok {
			return p, "has a time I cannot read (want HH:MM, HH:MM:SS, with AM or PM or not)"
		}
		p.time = t
	}
	if datePart == "" {
		return p, "is not a date"
	}
	if n, y, m, d, ok := numericDate(datePart); ok {
		switch n {
		case yearFirst:
			return checkDay(p, y, m, d)
		case dayOrMonthFirst:
			if y < 100 {
				return p, "has a two-digit year; write the year in full (2014, not 14)"
			}
			p.numeric, p.a, p.b, p.year = true, m, d, y
			return p, ""
		}
	}
	return wordDate(p, datePart)
}

// resolve turns a numeric date into a day given the order (dmy: the
// first part is the day).
func (p dateParse) resolve(dmy bool) (dateParse, string) {
	day, month := p.b, p.a
	if dmy {
		day, month = p.a, p.b
	}
	p.numeric = false
	return checkDay(p, p.year, month, day)
}

// checkDay validates a civil date and sets it as the day.
func checkDay(p dateParse, y, m, d int) (dateParse, string) {
	if y < 1000 || y > 9999 {
		return p, fmt.Sprintf("is not a date: %d is not a year", y)
	}
	if m < 1 || m > 12 {
		return p, fmt.Sprintf("is not a date: there is no month %d", m)
	}
	if d < 1 || d > daysIn(y, m) {
		return p, fmt.Sprintf("is not a date: month %d has no day %d", m, d)
	}
	p.start = model.DayOf(y, time.Month(m), d)
	p.end = p.start
	return p, ""
}

func daysIn(y, m int) int {
	if m == 2 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return 28
	}
	return monthDays[m]
}

// splitTime cuts a time of day ("12:00:00 AM", "T10:30:00Z") off the end
// of v; the date part is trimmed.
func splitTime(v string) (date, clock string) {
	c := strings.IndexByte(v, ':')
	if c < 0 {
		return v, ""
	}
	i := c
	for i > 0 && v[i-1] >= '0' && v[i-1] <= '9' {
		i--
	}
	if i == 0 || i == c {
		return v, ""
	}
	switch v[i-1] {
	case ' ', 'T', 't':
		return strings.TrimRight(v[:i-1], " ,"), v[i:]
	}
	return v, ""
}

// timeOfDay reads H:MM[:SS[.fff]] with an optional AM/PM and an optional
// zone (Z, +03:00, UTC); it returns "" for midnight and the time as
// written otherwise.
func timeOfDay(s string) (string, bool) {
	t := strings.TrimSpace(s)
	rest := strings.ToUpper(t)
	for _, z := range []string{"UTC", "GMT", "Z"} {
		rest = strings.TrimSuffix(rest, z)
	}
	if i := strings.LastIndexAny(rest, "+-"); i > 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	ampm := ""
	if strings.HasSuffix(rest, "AM") || strings.HasSuffix(rest, "PM") {
		ampm, rest = rest[len(rest)-2:], strings.TrimSpace(rest[:len(rest)-2])
	}
	parts := strings.Split(rest, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	var n [3]int
	for i, part := range parts {
		if i == 2 {
			part, _, _ = strings.Cut(part, ".")
		}
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 || len(part) > 2 || len(part) == 0 {
			return "", false
		}
		n[i] = v
	}
	h, m, sec := n[0], n[1], n[2]
	switch {
	case m > 59 || sec > 60:
		return "", false
	case ampm != "" && (h < 1 || h > 12):
		return "", false
	case ampm == "" && h > 24:
		return "", false
	}
	if ampm == "AM" && h == 12 {
		h = 0
	}
	if h == 0 && m == 0 && sec == 0 || h == 24 && m == 0 && sec == 0 && ampm == "" {
		return "", true
	}
	return t, true
}

const (
	notNumeric = iota
	yearFirst
	dayOrMonthFirst
)

// numericDate reads three numbers separated by one of "/", "-", ".":
// year first (2014-01-22) or last (22/01/2014, 1/22/2014).
func numericDate(v string) (kind, y, m, d int, ok bool) {
	sep := byte(0)
	var nums [3]int
	var lens [3]int
	k := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			if lens[k] >= 4 {
				return 0, 0, 0, 0, false
			}
			nums[k] = nums[k]*10 + int(c-'0')
			lens[k]++
		case c == '/' || c == '-' || c == '.':
			if sep == 0 {
				sep = c
			}
			if c != sep || k == 2 || lens[k] == 0 {
				return 0, 0, 0, 0, false
			}
			k++
		default:
			return 0, 0, 0, 0, false
		}
	}
	if k != 2 || lens[2] == 0 {
		return 0, 0, 0, 0, false
	}
	switch {
	case lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2:
		return yearFirst, nums[0], nums[1], nums[2], true
	case lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 4 || lens[2] == 2):
		return dayOrMonthFirst, nums[2], nums[0], nums[1], true
	}
	return 0, 0, 0, 0, false
}

// wordDate reads a date with an English month name.
func wordDate(p dateParse, v string) (dateParse, string) {
	const want = "is not a date I can read (want YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or a month name: 14 August 2020)"
	var month time.Month
	var nums []string
	dashAfter := -1 // index in nums of a number followed by a dash (a range of days)
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(v) && v[j] >= '0' && v[j] <= '9' {
				j++
			}
			nums = append(nums, v[i:j])
			// "1st", "2nd", "3rd", "4th"
			if j+2 <= len(v) {
				switch strings.ToLower(v[j : j+2]) {
				case "st", "nd", "rd", "th":
					if j+2 == len(v) || !isLetter(v[j+2]) {
						j += 2
					}
				}
			}
			i = j
		case isLetter(c):
			j := i
			for j < len(v) && isLetter(v[j]) {
				j++
			}
			w := strings.ToLower(v[i:j])
			if m, ok := monthNames[w]; ok && month == 0 {
				month = m
			} else if !weekdayNames[w] && w != "of" {
				return p, want
			}
			i = j
		default:
			r, size := rune(c), 1
			if c >= 0x80 {
				r, size = utf8.DecodeRuneInString(v[i:])
			}
			switch r {
			case '-', '\u2013', '\u2014':
				if len(nums) > 0 && dashAfter < 0 && rangeDash(v[i+size:]) {
					dashAfter = len(nums) - 1
				}
			case ' ', ',', '/', '.', '\u00a0':
			default:
				return p, want
			}
			i += size
		}
	}
	if month == 0 {
		return p, want
	}
	yi := -1
	for i, n := range nums {
		if len(n) == 4 {
			yi = i
		}
	}
	if yi < 0 && len(nums) >= 2 && len(nums[len(nums)-1]) == 2 {
		yi = len(nums) - 1
	}
	if yi < 0 {
		return p, "has no year (want a four-digit year: 14 August 2020)"
	}
	y, _ := strconv.Atoi(nums[yi])
	if len(nums[yi]) == 2 {
		y += 1900
		if y < 1930 {
			y += 100
		}
	}
	var days []int
	for i, n := range nums {
		if i == yi {
			continue
		}
		d, err := strconv.Atoi(n)
		if err != nil || len(n) > 2 {
			return p, want
		}
		days = append(days, d)
	}
	switch {
	case len(days) == 1:
		return checkDay(p, y, int(month), days[0])
	case len(days) == 2 && dashAfter >= 0:
		q, msg := checkDay(p, y, int(month), days[1])
		if msg != "" {
			return p, msg
		}
		end := q.start
		if q, msg = checkDay(p, y, int(month), days[0]); msg != "" {
			return p, msg
		}
		if end < q.start {
			return p, "is not a date range: it ends before it starts"
		}
		q.end = end
		return q, ""
	}
	return p, want
}

// rangeDash says whether the text after a dash starts a second day ("–17,
// 2020") rather than the year or the month ("-Aug-2020", "-2020").
func rangeDash(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return j > 0 && j <= 2
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// serialDay reads a spreadsheet serial date ("42005", "42005.5"); the
// time of a fraction other than zero is returned as HH:MM.
func serialDay(v string, date1904 bool) (model.Day, string, bool) {
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" || len(whole) > 7 {
		return model.NoDay, "", false
	}
	n := 0
	for i := 0; i < len(whole); i++ {
		if whole[i] < '0' || whole[i] > '9' {
			return model.NoDay, "", false
		}
		n = n*10 + int(whole[i]-'0')
	}
	for i := 0; i < len(frac); i++ {
		if frac[i] < '0' || frac[i] > '9' {
			return model.NoDay, "", false
		}
	}
	if n < 1 || n > 2958465 {
		return model.NoDay, "", false
	}
	var d model.Day
	switch {
	case date1904:
		d = model.DayOf(1904, time.January, 1) + model.Day(n)
	case n < 60: // before the day a spreadsheet counts as 29 February 1900
		d = model.DayOf(1899, time.December, 31) + model.Day(n)
	case n == 60:
		return model.NoDay, "", false
	default:
		d = model.DayOf(1899, time.December, 30) + model.Day(n)
	}
	clock := ""
	if f, err := strconv.ParseFloat("0."+frac, 64); err == nil && frac != "" && f > 0 {
		mins := int(f*24*60 + 0.5)
		if mins > 0 && mins < 24*60 {
			clock = fmt.Sprintf("%02d:%02d", mins/60, mins%60)
		}
	}
	return d, clock, true
}
