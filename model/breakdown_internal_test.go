package model

import (
	"slices"
	"testing"
)

func TestParseBreakdownField(t *testing.T) {
	for _, name := range append(BreakdownFields(), "actor", "gov", "place") {
		if _, err := ParseBreakdownField(name); err != nil {
			t.Errorf("ParseBreakdownField(%q): %v", name, err)
		}
	}
	if _, err := ParseBreakdownField("colour"); err == nil {
		t.Error("ParseBreakdownField took colour")
	}
}

// TestBreakdownAgreesWithQuery holds every row of every field to the
// filter: a row counts exactly the strikes its term finds.
func TestBreakdownAgreesWithQuery(t *testing.T) {
	sums := timelineSums()
	sums = append(sums,
		Summary{ID: "h", Date: OnDay(DayOf(2016, 5, 1)), Actors: []string{"russia-syria-joint"}, Places: []string{"mashlab"}, Admin1s: []string{"Ar Raqqah"},
			Sources: []string{"SOHR", "Syrian Observatory for Human Rights"}, Killed: Figures{Civilians: SpanOf(ExactCount(7))}},
		Summary{ID: "i", Date: DateSpan{Start: DayOf(2016, 12, 20), End: DayOf(2017, 1, 3), Precision: PrecRange}, Places: []string{"raqqa", "idlib"}, Sources: []string{"Airwars"}, Contested: true},
	)
	for fi := range BreakdownFields() {
		f := BreakdownField(fi)
		for _, ix := range [][]int32{nil, {0, 2, 4, 7, 8}} {
			t.Run(f.String(), func(t *testing.T) {
				b := NewBreakdown(sums, ix, f, BreakdownOptions{Category: Civilians})
				in := func(i int) bool { return ix == nil || slices.Contains(ix, int32(i)) }
				if b.ByValue {
					t.Fatal("counted by value with a handful of values")
				}
				if len(b.Rows) == 0 && ix == nil {
					t.Fatal("no rows")
				}
				for _, r := range b.Rows {
					q, err := ParseQuery(r.Term)
					if err != nil {
						t.Fatalf("row %s: term %q: %v", r.Key, r.Term, err)
					}
					n, c := 0, 0
					var band Band
					for i := range sums {
						if in(i) && q.Match(&sums[i]) {
							n++
							if sums[i].Contested {
								c++
							}
							band.Add(sums[i].Killed[Civilians])
						}
					}
					if r.Strikes != n || r.Contested != c || r.Killed != band {
						t.Errorf("row %s (%s): %d strikes, %d contested, band %s; %q finds %d, %d, %s", r.Key, r.Name, r.Strikes, r.Contested, r.Killed, r.Term, n, c, band)
					}
					s := 0
					for _, v := range r.Spark {
						s += v
					}
					if s > r.Strikes {
						t.Errorf("row %s: sparkline holds %d of %d strikes", r.Key, s, r.Strikes)
					}
				}
			})
		}
	}
}

func TestBreakdownRows(t *testing.T) {
	sums := timelineSums()
	sums = append(sums, Summary{ID: "h", Date: OnDay(DayOf(2016, 5, 1)), Actors: []string{"russia-syria-joint"}, Places: []string{"mashlab"}})
	b := NewBreakdown(sums, nil, ByAttacker, BreakdownOptions{Category: Civilians})
	if b.Rows[0].Key != "russia" || b.Rows[0].Strikes != 4 || b.Rows[0].Term != "actor:russia" {
		t.Errorf("first row %+v: want russia, 4 strikes (its own three and the joint one its term finds)", b.Rows[0])
	}
	if b.Rows[0].Killed.String() != "7–14+" || b.Rows[0].Killed.NoFigure != 2 || b.Rows[0].ContestedShare() != 25 {
		t.Errorf("russia: band %s, %d without a figure, %d%% contested; want 7–14+, 2, 25%%", b.Rows[0].Killed, b.Rows[0].Killed.NoFigure, b.Rows[0].ContestedShare())
	}
	if b.Without != 0 || b.Strikes != 8 {
		t.Errorf("strikes %d without %d", b.Strikes, b.Without)
	}
	city := NewBreakdown(sums, nil, ByCity, BreakdownOptions{})
	if len(city.Rows) != 1 || city.Rows[0].Key != "raqqa" || city.Without != 7 {
		t.Errorf("city rows %+v, without %d: want Mashlab counted in Raqqa, 7 without a place", city.Rows, city.Without)
	}
	years := NewBreakdown(sums, nil, ByYear, BreakdownOptions{})
	if len(years.Rows) != 2 || years.Rows[0].Key != "2016" || years.Rows[1].Strikes != 6 || years.Without != 1 {
		t.Errorf("years %+v without %d", years.Rows, years.Without)
	}
}
