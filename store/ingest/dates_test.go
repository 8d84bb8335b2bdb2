package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/model"
)

func day(y int, m time.Month, d int) model.Day { return model.DayOf(y, m, d) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in         string
		serials    bool
		start, end model.Day
		numeric    bool // day and month not yet ordered
		clock      string
		msg        string
	}{
		{in: "2014-01-22", start: day(2014, 1, 22)},
		{in: "2014/01/22", start: day(2014, 1, 22)},
		{in: "2014-1-2", start: day(2014, 1, 2)},
		{in: "2016-01-01 00:00:00", start: day(2016, 1, 1)},
		{in: "2016-01-01T00:00:00Z", start: day(2016, 1, 1)},
		{in: "2016-01-01T10:30:00+03:00", start: day(2016, 1, 1), clock: "10:30:00+03:00"},
		{in: "1/22/2014 12:00:00 AM", numeric: true},
		{in: "14/08/2020 00:00:00", numeric: true},
		{in: "05/02/2014 00:00", numeric: true},
		{in: "22.01.2014", numeric: true},
		{in: "1/22/2014 3:15 PM", numeric: true, clock: "3:15 PM"},
		{in: "14 August 2020", start: day(2020, 8, 14)},
		{in: "14 Aug 2020", start: day(2020, 8, 14)},
		{in: "14-Aug-2020", start: day(2020, 8, 14)},
		{in: "9-Aug-22", start: day(2022, 8, 9)},
		{in: "9-Aug-98", start: day(1998, 8, 9)},
		{in: "August 14, 2020", start: day(2020, 8, 14)},
		{in: "october-7-2023", start: day(2023, 10, 7)},
		{in: "Sunday, 14 August 2022", start: day(2022, 8, 14)},
		{in: "14th August 2020", start: day(2020, 8, 14)},
		{in: "Sept 3 2019", start: day(2019, 9, 3)},
		{in: "March 15–17, 2020", start: day(2020, 3, 15), end: day(2020, 3, 17)},
		{in: "15-17 March 2020", start: day(2020, 3, 15), end: day(2020, 3, 17)},
		{in: "42005", serials: true, start: day(2015, 1, 1)},
		{in: "42005.5", serials: true, start: day(2015, 1, 1), clock: "12:00"},
		{in: "59", serials: true, start: day(1900, 2, 28)},
		{in: "61", serials: true, start: day(1900, 3, 1)},
		{in: "42005", msg: "is not a date I can read"},
		{in: "1/22/14", msg: "has a two-digit year"},
		{in: "2014-13-01", msg: "there is no month 13"},
		{in: "2015-02-29", msg: "month 2 has no day 29"},
		{in: "14 August", msg: "has no year"},
		{in: "Smarch 14 2020", msg: "is not a date I can read"},
		{in: "17–15 March 2020", msg: "ends before it starts"},
		{in: "2014-01-22 25:00", msg: "has a time I cannot read"},
		{in: "31 February 2020", msg: "month 2 has no day 31"},
	}
	for _, tt := range tests {
		p, msg := parseDate(tt.in, tt.serials, false)
		if tt.msg != "" {
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("%q: got %q, want an error with %q", tt.in, msg, tt.msg)
			}
			continue
		}
		if tt.end == 0 {
			tt.end = tt.start
		}
		if msg != "" || p.numeric != tt.numeric || p.time != tt.clock || !tt.numeric && (p.start != tt.start || p.end != tt.end) {
			t.Errorf("%q: got %+v %q, want %v..%v numeric=%v time %q", tt.in, p, msg, tt.start, tt.end, tt.numeric, tt.clock)
		}
	}
}

func TestSerialDay1904(t *testing.T) {
	d, _, ok := serialDay("40543", true)
	if !ok || d != day(2015, 1, 1) {
		t.Errorf("40543 in the 1904 system: %v %v", d, ok)
	}
}

// TestDateOrderColumns: the order of day and month is decided per
// column from its values, reading ahead when it must, and refused when
// nothing decides it.
func TestDateOrderColumns(t *testing.T) {
	const m = "[columns]\ndate = \"date\"\npublished = \"published\"\n"
	rows := func(dates ...string) string {
		var b strings.Builder
		b.WriteString("date,published\n")
		for _, d := range dates {
			b.WriteString(d + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name  string
		text  string
		opts  Options
		want  []string // the strikes' dates in order
		err   string
		pubd0 string
	}{
		{"a later day above 12 decides, and the rows keep their order", rows("05/02/2014,", "06/03/2014,", "22/01/2014,"), Options{},
			[]string{"2014-02-05", "2014-03-06", "2014-01-22"}, "", ""},
		{"a later month-first value", rows("1/5/2016 12:00:00 AM,", "1/22/2016 12:00:00 AM,"), Options{},
			[]string{"2016-01-05", "2016-01-22"}, "", ""},
		{"each column decides for itself", rows("05/02/2014,05/02/2014", "22/01/2014,01/22/2014"), Options{},
			[]string{"2014-02-05", "2014-01-22"}, "", "2014-05-02"},
		{"the same day and month need no order", rows("05/05/2014,"), Options{}, []string{"2014-05-05"}, "", ""},
		{"nothing decides", rows("05/02/2014,", "06/03/2014,"), Options{}, nil,
			`t.csv:2: column "date": "05/02/2014" could be 5 February 2014 or 2 May 2014, and no date in this column says whether the day or the month comes first; say which with --date-order dmy or mdy (date_order in a map)`, ""},
		{"the option decides", rows("05/02/2014,", "06/03/2014,"), Options{DateOrder: "mdy"}, []string{"2014-05-02", "2014-06-03"}, "", ""},
		{"orders mixed in a column", rows("22/01/2014,", "01/22/2014,"), Options{}, nil,
			`t.csv:3: column "date": "01/22/2014" has the month first, but this column's dates have the day first (as "22/01/2014" on line 2 shows)`, ""},
		{"a value against the option", rows("22/01/2014,"), Options{DateOrder: "mdy"}, nil,
			`t.csv:2: column "date": "22/01/2014" has the day first, but this column's dates have the month first (--date-order mdy)`, ""},
		{"neither is a month", rows("22/13/2014,"), Options{}, nil, `"22/13/2014" is not a date: neither 22 nor 13 is a month`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := readMapped(t, m, tt.text, tt.opts)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range ss {
				got = append(got, s.Date.Start.String())
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("dates %v, want %v", got, tt.want)
			}
			if tt.pubd0 != "" && ss[0].Reports[0].Published.String() != tt.pubd0 {
				t.Errorf("published %v, want %s", ss[0].Reports[0].Published, tt.pubd0)
			}
		})
	}
}

// TestDateOrderSkipInvalid: with --skip-invalid every row of an undecided
// column is rejected, each naming its line.
func TestDateOrderSkipInvalid(t *testing.T) {
	var rejected []string
	ss, err := readMapped(t, "[columns]\ndate = \"date\"\n", "date\n05/02/2014\n2014-01-03\n06/03/2014\n",
		Options{SkipInvalid: true, Rejects: func(e *RowError) { rejected = append(rejected, e.Error()) }})
	if err != nil || len(ss) != 1 || len(rejected) != 2 || !strings.HasPrefix(rejected[1], "t.csv:4:") {
		t.Errorf("%d strikes, %v, rejected %q", len(ss), err, rejected)
	}
}
