package model_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// emptyAsNil is s with every empty list nil, as the index remakes it.
func emptyAsNil(s model.Summary) model.Summary {
	for _, l := range []*[]string{&s.Places, &s.Admin1s, &s.Countries, &s.Actors, &s.Sources, &s.Datasets, &s.Types, &s.Codes, &s.Gradings, &s.Statuses} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	return s
}

// TestIndexBuilder builds an index a chunk at a time, of uneven sizes
// (some past the size built in parallel), and checks that every index it
// gives on the way, while it goes on adding, remakes each summary it
// holds exactly and answers queries as Query.Match over those summaries.
func TestIndexBuilder(t *testing.T) {
	sums := append(indexCorpus(9000), summaries()...)
	// Strings in a buffer the caller writes again after Add: the index
	// must keep copies.
	scratch := make([]model.Summary, 0, 2000)
	b := model.NewIndexBuilder()
	rng := rand.New(rand.NewPCG(9, 9))
	type taken struct {
		x *model.Index
		n int
	}
	var snaps []taken
	for lo := 0; lo < len(sums); {
		hi := min(len(sums), lo+1+rng.IntN(1500))
		scratch = append(scratch[:0], sums[lo:hi]...)
		b.Add(scratch)
		for i := range scratch {
			scratch[i] = model.Summary{ID: "overwritten"}
		}
		if b.Len() != hi {
			t.Fatalf("after adding %d summaries the builder holds %d", hi, b.Len())
		}
		if rng.IntN(3) == 0 || hi == len(sums) {
			snaps = append(snaps, taken{b.Index(), hi})
		}
		lo = hi
	}
	for _, s := range snaps {
		if s.x.Len() != s.n {
			t.Fatalf("an index taken at %d summaries holds %d", s.n, s.x.Len())
		}
		for i := range s.n {
			got, want := emptyAsNil(s.x.Summary(int32(i))), emptyAsNil(sums[i])
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("index of %d, summary %d:\n got %+v\nwant %+v", s.n, i, got, want)
			}
			if id := s.x.ID(int32(i)); id != sums[i].ID {
				t.Fatalf("index of %d, strike %d: ID %q, want %q", s.n, i, id, sums[i].ID)
			}
		}
		for _, q := range indexQueries[:min(len(indexQueries), 40)] {
			checkIndex(t, s.x, sums[:s.n], q, allOf(s.n))
		}
	}
	// Whole, the index answers as one built at once.
	whole, last := model.NewIndex(sums), snaps[len(snaps)-1].x
	for _, q := range indexQueries {
		q1, _ := model.ParseQuery(q)
		q2, _ := model.ParseQuery(q)
		if q1 == nil {
			continue
		}
		if a, b := whole.Filter(q1, allOf(len(sums))), last.Filter(q2, allOf(len(sums))); !slices.Equal(a, b) {
			t.Errorf("%q: built at once %d strikes, a chunk at a time %d", q, len(a), len(b))
		}
	}
}

// TestIndexColumnWidens: a column of ids past two bytes widens and keeps
// the ids before, in the indexes taken before and after.
func TestIndexColumnWidens(t *testing.T) {
	b := model.NewIndexBuilder()
	const n = 70_000 // more distinct places than two bytes count
	var sums []model.Summary
	for i := range n {
		sums = append(sums, model.Summary{ID: "s:" + string(rune('a'+i%26)), Place: "place " + strconv.Itoa(i), Reports: 1,
			Actors: []string{"a" + strconv.Itoa(i)}, Date: model.OnDay(model.DayOf(2015, 1, 1) + model.Day(i%400))})
	}
	b.Add(sums[:60_000])
	before := b.Index()
	b.Add(sums[60_000:])
	after := b.Index()
	for _, c := range []struct {
		x *model.Index
		n int
	}{{before, 60_000}, {after, n}} {
		for _, i := range []int{0, 59_999, c.n - 1} {
			if got := c.x.Summary(int32(i)).Place; got != sums[i].Place {
				t.Errorf("index of %d: strike %d's place is %q, want %q", c.n, i, got, sums[i].Place)
			}
		}
		// Filters read the wide column as they did the narrow one.
		for _, text := range []string{"actor:a69999", "actor:a5", "-actor:a5", "actor:a1 date:2015-02", "-actor:a1 -date:2015"} {
			q, _ := model.ParseQuery(text)
			all := allOf(c.n)
			if got, want := c.x.Filter(q, all), brute(q, sums[:c.n], all); !slices.Equal(got, want) {
				t.Errorf("index of %d: %q gives %d strikes, Match %d", c.n, text, len(got), len(want))
			}
		}
	}
}

// TestIndexOrder checks the index's orders against CompareSummaries, for
// every key, on summaries out of date order and in it.
func TestIndexOrder(t *testing.T) {
	sums := append(indexCorpus(4000), summaries()...)
	for i := range sums[:300] { // ties of key and date, told apart by ID
		sums[i].Date = model.OnDay(model.DayOf(2016, 3, 1))
	}
	inOrder := slices.Clone(sums)
	model.SortSummaries(inOrder, model.ByDate, false)
	for _, set := range [][]model.Summary{sums, inOrder} {
		x := model.NewIndex(set)
		for _, k := range model.SortKeys {
			got := x.Order(k)
			if len(got) != len(set) {
				t.Fatalf("%v: %d strikes ordered of %d", k, len(got), len(set))
			}
			for p := 1; p < len(got); p++ {
				a, b := &set[got[p-1]], &set[got[p]]
				if model.CompareSummaries(a, b, k) > 0 {
					t.Fatalf("%v: %s before %s, against the model's order", k, a.ID, b.ID)
				}
			}
		}
	}
}

// TestIndexFiguresExact: summaries whose figures differ in one field only
// (reported or not, open or not, a low, a high, a category, killed or
// injured, a count) are each remade as they were.
func TestIndexFiguresExact(t *testing.T) {
	base := model.Summary{ID: "a", Reports: 1}
	var sums []model.Summary
	for _, f := range []func(s *model.Summary){
		func(s *model.Summary) {},
		func(s *model.Summary) { s.Killed[model.Civilians] = model.Span{Low: 3, High: 3} },
		func(s *model.Summary) { s.Killed[model.Civilians] = model.Span{Low: 3, High: 3, Reported: true} },
		func(s *model.Summary) {
			s.Killed[model.Civilians] = model.Span{Low: 3, High: 3, Reported: true, Open: true}
		},
		func(s *model.Summary) { s.Killed[model.Civilians] = model.Span{Low: 2, High: 3, Reported: true} },
		func(s *model.Summary) { s.Killed[model.Civilians] = model.Span{Low: 2, High: 300000, Reported: true} },
		func(s *model.Summary) { s.Killed[model.Children] = model.Span{Low: 2, High: 3, Reported: true} },
		func(s *model.Summary) { s.Injured[model.Civilians] = model.Span{Low: 2, High: 3, Reported: true} },
		func(s *model.Summary) { s.Injured[model.Civilians] = model.Span{Low: -1, High: 3, Reported: true} },
		func(s *model.Summary) { s.Silent = 1 },
		func(s *model.Summary) { s.Possible = 2 },
		func(s *model.Summary) { s.Contested = true },
		func(s *model.Summary) { s.Date.Precision = model.PrecRange },
	} {
		s := base
		f(&s)
		s.ID = "s:" + strconv.Itoa(len(sums))
		sums = append(sums, s)
	}
	x := model.NewIndex(sums)
	for i := range sums {
		if got := x.Summary(int32(i)); !reflect.DeepEqual(emptyAsNil(got), emptyAsNil(sums[i])) {
			t.Errorf("summary %d remade as\n%+v\nwant\n%+v", i, got, sums[i])
		}
	}
}
