package model

import (
	"testing"
	"time"
)

func TestCivilMatchesTime(t *testing.T) {
	for d := DayOf(1899, 12, 25); d < DayOf(2101, 1, 7); d += 13 {
		tm := d.Time()
		y, m, dd := civil(d)
		if y != tm.Year() || m != int(tm.Month()) || dd != tm.Day() {
			t.Fatalf("civil(%d) = %d-%d-%d, want %s", d, y, m, dd, tm.Format("2006-01-02"))
		}
		if got := daysFrom(y, m, dd); got != d {
			t.Fatalf("daysFrom(%d-%d-%d) = %d, want %d", y, m, dd, got, d)
		}
	}
}

func TestPeriods(t *testing.T) {
	d := DayOf(2015, 12, 6) // a Sunday
	tests := []struct {
		p           Period
		floor, last Day
		label, term string
	}{
		{PeriodDay, d, d, "2015-12-06", "date:2015-12-06"},
		{PeriodWeek, DayOf(2015, 11, 30), DayOf(2015, 12, 6), "2015-11-30 week", "date:2015-11-30..2015-12-06"},
		{PeriodMonth, DayOf(2015, 12, 1), DayOf(2015, 12, 31), "2015-12", "date:2015-12"},
		{PeriodYear, DayOf(2015, 1, 1), DayOf(2015, 12, 31), "2015", "date:2015"},
	}
	for _, tt := range tests {
		t.Run(tt.p.String(), func(t *testing.T) {
			if got := tt.p.Floor(d); got != tt.floor {
				t.Errorf("Floor = %s, want %s", got, tt.floor)
			}
			if got := tt.p.Last(d); got != tt.last {
				t.Errorf("Last = %s, want %s", got, tt.last)
			}
			if tt.p.Floor(d).Time().Weekday() != time.Monday && tt.p == PeriodWeek {
				t.Errorf("a week starts on a Monday")
			}
			if got := tt.p.Label(tt.floor); got != tt.label {
				t.Errorf("Label = %q, want %q", got, tt.label)
			}
			if got := tt.p.Term(tt.floor); got != tt.term {
				t.Errorf("Term = %q, want %q", got, tt.term)
			}
			if _, err := ParseQuery(tt.term); err != nil {
				t.Errorf("the term %q does not parse: %v", tt.term, err)
			}
			if p, err := ParsePeriod(tt.p.String()); err != nil || p != tt.p {
				t.Errorf("ParsePeriod(%q) = %v, %v", tt.p, p, err)
			}
		})
	}
	if _, err := ParsePeriod("fortnight"); err == nil {
		t.Error("ParsePeriod took fortnight")
	}
}

func TestAutoPeriod(t *testing.T) {
	a := DayOf(2015, 1, 1)
	tests := []struct {
		days int
		want Period
	}{{0, PeriodDay}, {100, PeriodDay}, {200, PeriodWeek}, {700, PeriodWeek}, {1500, PeriodMonth}, {5000, PeriodYear}}
	for _, tt := range tests {
		if got := AutoPeriod(a, a+Day(tt.days)); got != tt.want {
			t.Errorf("AutoPeriod over %d days = %s, want %s", tt.days, got, tt.want)
		}
	}
}

func TestBand(t *testing.T) {
	var b Band
	if b.String() != "—" {
		t.Errorf("an empty band reads %q, want —", b.String())
	}
	b.Add(Span{})
	b.Add(SpanOf(ExactCount(3)))
	b.Add(SpanOf(RangeCount(2, 6), ExactCount(4)))
	if b.String() != "5–9" || b.NoFigure != 1 || b.Strikes != 2 {
		t.Errorf("band = %s (%d with a figure, %d without), want 5–9 (2, 1)", b, b.Strikes, b.NoFigure)
	}
	b.Add(SpanOf(Some()))
	if b.String() != "6–10+" {
		t.Errorf("with some (no figure) the band reads %s, want 6–10+", b)
	}
}

// timelineSums are strikes of several kinds for the timeline tests.
func timelineSums() []Summary {
	day := func(y int, m time.Month, d int) DateSpan { return OnDay(DayOf(y, m, d)) }
	killed := func(c Category, cs ...Count) Figures {
		var f Figures
		f[c] = SpanOf(cs...)
		return f
	}
	return []Summary{
		{ID: "a", Date: day(2015, 1, 3), Actors: []string{"russia"}, Killed: killed(Civilians, ExactCount(4), RangeCount(2, 9))},
		{ID: "b", Date: day(2015, 1, 20), Actors: []string{"russia"}, Killed: killed(Combatants, ExactCount(30))},
		{ID: "c", Date: day(2015, 3, 1), Actors: []string{"russia", "us-led-coalition"}, Contested: true, Killed: killed(Civilians, AtLeastCount(5))},
		{ID: "d", Date: day(2015, 3, 2), Actors: []string{"unknown"}, Gradings: []string{"Fair"}},
		{ID: "e", Date: DateSpan{Start: DayOf(2015, 3, 30), End: DayOf(2015, 4, 2), Precision: PrecRange}, Actors: []string{"turkey"}},
		{ID: "f", Date: NoDate(), Actors: []string{"us-led-coalition"}, Killed: killed(Civilians, ExactCount(1))},
		{ID: "g", Date: day(2015, 3, 3), Actors: []string{"us-led-coalition"}, Datasets: []string{"airwars", "ucdp-ged"}},
	}
}

func TestTimeline(t *testing.T) {
	sums := timelineSums()
	tl := NewTimeline(sums, nil, TimelineOptions{By: PeriodMonth, Category: Civilians, Top: 2})
	if tl.Strikes != 7 || tl.Undated != 1 || tl.Loose != 1 {
		t.Fatalf("strikes %d undated %d loose %d, want 7 1 1", tl.Strikes, tl.Undated, tl.Loose)
	}
	if len(tl.Periods) != 4 { // January to April: February empty, shown
		t.Fatalf("%d periods, want 4 (Jan..Apr)", len(tl.Periods))
	}
	if p := tl.Periods[1]; p.Strikes != 0 || p.Label(tl.By) != "2015-02" {
		t.Errorf("February: %d strikes, label %s; want an empty 2015-02", p.Strikes, p.Label(tl.By))
	}
	jan, mar := tl.Periods[0], tl.Periods[2]
	if jan.Strikes != 2 || jan.Killed.String() != "2–9" || jan.Killed.NoFigure != 1 {
		t.Errorf("January: %d strikes, civilians %s, %d without a figure; want 2, 2–9, 1 (the 30 combatants are another category)", jan.Strikes, jan.Killed, jan.Killed.NoFigure)
	}
	if mar.Strikes != 3 || mar.Killed.String() != "≥5" || mar.Killed.NoFigure != 2 {
		t.Errorf("March: %d strikes, civilians %s, %d without; want 3, ≥5, 2", mar.Strikes, mar.Killed, mar.Killed.NoFigure)
	}
	// The series: the top two attributions, then contested, not attributed.
	var keys []string
	total := 0
	for _, s := range tl.Series {
		keys = append(keys, s.Key)
		total += s.Strikes
	}
	want := []string{"russia", "us-led-coalition", SeriesContested, SeriesNotAttributed, SeriesOther}
	if len(keys) != len(want) {
		t.Fatalf("series %q, want %q", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("series %q, want %q", keys, want)
		}
	}
	if total != tl.Strikes {
		t.Errorf("the series hold %d strikes, want each of %d once", total, tl.Strikes)
	}
	for _, p := range tl.Periods {
		n := 0
		for _, c := range p.BySeries {
			n += c
		}
		if n != p.Strikes {
			t.Errorf("%s: series add to %d, want %d", p.Label(tl.By), n, p.Strikes)
		}
	}
	if mar.BySeries[2] != 1 || mar.BySeries[3] != 1 {
		t.Errorf("March by series %v: want one contested and one not attributed", mar.BySeries)
	}
	// A daily timeline shows the range-dated strike beside, a yearly one in 2015.
	if d := NewTimeline(sums, nil, TimelineOptions{By: PeriodDay}); d.Loose != 1 || len(d.Periods) != int(DayOf(2015, 4, 2)-DayOf(2015, 1, 3))+1 {
		t.Errorf("daily: loose %d, %d periods", d.Loose, len(d.Periods))
	}
	if y := NewTimeline(sums, nil, TimelineOptions{By: PeriodYear}); y.Loose != 0 || len(y.Periods) != 1 || y.Periods[0].Strikes != 6 {
		t.Errorf("yearly: loose %d, %d periods", y.Loose, len(y.Periods))
	}
	// Split by dataset: the linked strike is counted once, under both joined.
	ds := NewTimeline(sums, nil, TimelineOptions{By: PeriodMonth, Split: SplitDataset})
	if ds.Series[0].Key != "airwars+ucdp-ged" || ds.Series[1].Key != SeriesNone || ds.Series[1].Strikes != 6 {
		t.Errorf("dataset series %+v", ds.Series)
	}
	// Only the filtered strikes count.
	if f := NewTimeline(sums, []int32{0, 1}, TimelineOptions{Auto: true}); f.Strikes != 2 || f.By != PeriodDay || len(f.Periods) != 18 {
		t.Errorf("filtered: %d strikes by %s over %d periods, want 2 by day over 18", f.Strikes, f.By, len(f.Periods))
	}
	if e := NewTimeline(nil, nil, TimelineOptions{Auto: true}); e.Strikes != 0 || len(e.Periods) != 0 {
		t.Errorf("empty: %+v", e)
	}
}

// TestTimelineStrayDate: a date centuries off lengthens a daily
// timeline's period instead of making millions of periods.
func TestTimelineStrayDate(t *testing.T) {
	sums := []Summary{{ID: "a", Date: OnDay(DayOf(2015, 1, 1))}, {ID: "b", Date: OnDay(DayOf(1066, 10, 14))}}
	tl := NewTimeline(sums, nil, TimelineOptions{By: PeriodDay})
	if tl.By != PeriodYear || len(tl.Periods) != 2015-1066+1 {
		t.Errorf("by %s over %d periods, want by year over %d", tl.By, len(tl.Periods), 2015-1066+1)
	}
}

// FuzzParseViewWords holds the parsers of the views' words (periods,
// splits, breakdown fields) to their names: what parses prints back as
// itself, and nothing panics.
func FuzzParseViewWords(f *testing.F) {
	for _, s := range []string{"day", "week", "month", "year", "attacker", "grading", "dataset", "actor", "gov", "place", "", "Day", "yeär"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := ParsePeriod(s); err == nil && p.String() != s {
			t.Errorf("ParsePeriod(%q) = %s", s, p)
		}
		if sp, err := ParseSplit(s); err == nil && sp.String() != s {
			t.Errorf("ParseSplit(%q) = %s", s, sp)
		}
		if bf, err := ParseBreakdownField(s); err == nil {
			if back, err := ParseBreakdownField(bf.String()); err != nil || back != bf {
				t.Errorf("ParseBreakdownField(%q) = %s, which does not parse back", s, bf)
			}
		}
	})
}
