package model_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

// indexPlaces are places as the data spells them: Arabic, accents,
// alias spellings, a village suffix, no key, nothing at all.
var indexPlaces = []struct{ name, ar, key, admin1, country string }{
	{"Ar Raqqah", "الرقة", "raqqa", "Ar Raqqah", "Syria"},
	{"Raqqa", "", "raqqa", "", "Syria"},
	{"الرقة", "الرقة", "raqqa", "الرقة", "Syria"},
	{"Teir Maaleh village", "", "", "Homs", "Syria"},
	{"Ma'arrat al-Nu'man", "مَعَرَّة النعمان", "maarrat-al-numan", "Idlib", "Syria"},
	{"Al-Bāb", "الباب", "al-bab", "Aleppo", "Syria"},
	{"Manbij town", "", "manbij", "Aleppo", "Syria"},
	{"Mosul", "الموصل", "mosul", "Nineveh", "Iraq"},
	{"Dayr az-Zawr", "دير الزور", "deir-ez-zor", "Deir ez-Zor", "Syria"},
	{"Sarmada", "سرمدا", "sarmada", "Idlib", "Syria"},
	{"Homs", "حمص", "homs", "Homs", "Syria"},
	{"---", "", "", "", ""},
	{"", "", "", "", ""},
	{"Gaziantep", "", "gaziantep", "", "Türkiye"},
	{"Ar Raqqah", "", "", "", "Syria"}, // no key: city:الرقة finds it through PlaceKey("Ar Raqqah")
	{"Raqqah city", "", "", "Raqqa", "Syria"},
	{"Al Mashlab", "حي المشلب", "mashlab", "Ar Raqqah", "Syria"}, // a quarter of Raqqa: city:raqqa finds it
}

var (
	indexActors   = []string{"russia", "us-led-coalition", "syrian-regime", "turkey", "unknown", "isis", "some local group", "hts"}
	indexSources  = []string{"Syrian Observatory for Human Rights", "SOHR", "BBC Arabic", "شبكة شام الإخبارية", "Smart News", "Airwars", "UCDP GED", "Médecins Sans Frontières", "Synthetic Monitor 3", "Raqqa Is Being Slaughtered Silently"}
	indexDatasets = []string{"airwars", "ucdp-ged", "synthetic", "acled"}
	indexTypes    = []string{"airstrike", "one-sided violence", "state-based", "Shelling"}
	indexLabels   = []string{"Fair", "Weak", "Contested", "", "Likely strike", "Confirmed", "Discounted"}
	indexCodes    = []string{"RS0232", "R198", "SYR12", "كود-٧", "CS-12'a", ""}
)

func pick[T any](rng *rand.Rand, from []T, n int) []T {
	var out []T
	for range n {
		out = append(out, from[rng.IntN(len(from))])
	}
	return out
}

// dedupNonEmpty is the values, empty ones left out, in order, each once.
func dedupNonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func dedup(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// indexCorpus is n varied summaries, made as the store gives them back.
func indexCorpus(n int) []model.Summary {
	rng := rand.New(rand.NewPCG(5, 7))
	base := model.DayOf(2014, 1, 1)
	out := make([]model.Summary, n)
	for i := range out {
		p := indexPlaces[rng.IntN(len(indexPlaces))]
		day := base + model.Day(rng.IntN(1500))
		date := model.OnDay(day)
		switch rng.IntN(8) {
		case 0:
			date = model.NoDate()
		case 1:
			date = model.DateSpan{Start: day, End: day + model.Day(rng.IntN(40)), Precision: model.PrecRange}
		case 2:
			if rng.IntN(10) == 0 { // longer than the index keeps, or ending before it starts
				date = model.DateSpan{Start: day - 70_000, End: day + model.Day(rng.IntN(3)-1)*70_000, Precision: model.PrecRange}
			}
		}
		s := model.Summary{
			ID:   []string{"airwars:RS", "ucdp:", "synth:S", "acled:SYR", "x:Ünï-"}[rng.IntN(5)] + fmt.Sprint(1000+i),
			Date: date, Place: p.name, PlaceAR: p.ar, PlaceKey: p.key, Admin1: p.admin1, Country: p.country,
			Actors:    dedup(pick(rng, indexActors, rng.IntN(3))),
			Contested: rng.IntN(4) == 0,
			Possible:  max(0, rng.IntN(6)-3),
			Reports:   1 + rng.IntN(6),
			Sources:   dedup(pick(rng, indexSources, rng.IntN(5))),
			Datasets:  dedup(pick(rng, indexDatasets, rng.IntN(3))),
			Types:     dedup(pick(rng, indexTypes, rng.IntN(3))),
			Codes:     pick(rng, indexCodes, rng.IntN(3)),
			Statuses:  dedup(pick(rng, indexLabels, rng.IntN(2))),
			Gradings:  dedup(pick(rng, indexLabels, rng.IntN(3))),
		}
		// Linked strikes hold several places, governorates and countries.
		s.Places, s.Admin1s, s.Countries = dedupNonEmpty(p.key), dedupNonEmpty(p.admin1), dedupNonEmpty(p.country)
		for range rng.IntN(4) / 3 {
			q := indexPlaces[rng.IntN(len(indexPlaces))]
			s.Places = dedupNonEmpty(append(s.Places, q.key)...)
			s.Admin1s = dedupNonEmpty(append(s.Admin1s, q.admin1)...)
			s.Countries = dedupNonEmpty(append(s.Countries, q.country)...)
		}
		if k := int32(rng.IntN(30)); k > 3 {
			s.Killed[model.Civilians] = model.Span{Reported: true, Low: k / 2, High: k}
		}
		if k := int32(rng.IntN(30)); k > 15 {
			s.Killed[model.Combatants] = model.Span{Reported: true, Low: k, High: k, Open: true}
		}
		if k := int32(rng.IntN(30)); k > 20 {
			s.Injured[model.Total] = model.Span{Reported: true, Low: k, High: k, Open: true}
		}
		if rng.IntN(3) == 0 { // the analyst's desk, on some strikes
			m := &model.DeskMark{
				Assessed: rng.IntN(2) == 0, Status: model.DeskStatus(1 + rng.IntN(3)), Grading: model.Grading(rng.IntN(6)),
				Tags: pick(rng, []string{"hospital", "double-tap", "for-report-2026", "Market"}, rng.IntN(3)), Bookmark: rng.IntN(2) == 0,
				Flags: pick(rng, model.ReportFlags, rng.IntN(2)), Notes: []string{"", "a school nearby", "Likely the market; seen in video"}[rng.IntN(3)],
			}
			s.Desk = m
		}
		out[i] = s
	}
	return out
}

// indexQueries are the hand-picked queries: every field, negation,
// quotes, Arabic, accents, values that fold to nothing, dates and numbers.
var indexQueries = []string{
	"link:possible", "-link:possible",
	"", "a", "ac", "act", "acto", "actor", "actor:r", "actor:russia", "actor:rus", `actor:"Russian jets"`, "actor:coalition",
	"actor:--", "-actor:russia", "actor:unknown", "actor:some", "actor:hts",
	"c", "city", "city:s", "city:sarmada", "city:raqqa", "city:Raqqah", "city:الرقة", `city:"ar raqqah"`, "place:bab", "town:al-bab",
	"city:teir", `city:"teir maaleh"`, "city:raqqah city", "city:---", "city:maarrat", "city:مَعَرَّة", "-city:raqqa",
	"country:syria", "country:turkiye", "country:iraq", "-country:syria", "gov:aleppo", "gov:ar raqqah", `gov:"ar raqqah"`,
	"admin1:idlib", "gov:الرقة", "gov:--",
	"source:sohr", `source:"syrian observatory"`, "source:medecins", "source:شام", "-source:bbc", "source:x",
	"dataset:airwars", "dataset:ucdp", "-dataset:synthetic", "type:air", "type:one-sided", "type:shell",
	"grading:fair", "status:likely", "-status:likely", "grading:contest",
	"id:airwars:RS1010", "id:UCDP:1003", "code:rs0232", "code:R198", "-code:syr12",
	"date:2014", "date:2015-03", "date:1800", "date:1830..1850", "date:..1830", "date:2014-02-03", "date:2014-01-01..2014-06-30", "date:..2014-03", "date:2015..", "-date:2015",
	"killed>=10", "killed<5", "killed=7", "injured>20", "injured<=25", "reports>=3", "reports=1", "-killed>=10",
	"contested", "-contested", "contested actor:russia",
	"homs", "homs monitor", "raqqa", "RAQQA", "الرقة", "bab", "bāb", "syr", "rs1", "s10", "1010", "ü", "uni", "x un",
	"-manbij", "-a", "airwars", "ucdp", "synth", "ged", "fair", "observatory", "medecins", "شام", "russia", "coalition",
	"led", "regime", "local group", "كود", "٧", "cs 12a", "12a", "a -b c", "e f",
	`"ar raqqah"`, `"synthetic monitor"`, "raqqa -city:raqqa", "actor:russia city:raqqa date:2014 killed>=5",
	"place:الرقة", "TOWN:manbij", `admin1:"deir ez-zor"`, "admin1:raqqah", "gov:nineveh", "LINK:POSSIBLE", "CONTESTED",
	"12:30", "x2:y", "-injured<30", "reports<2",
	"tag:hospital", "tag:market", "-tag:double-tap", "tags:hosp", "note:school", "note:MARKET", "-note:video",
	"status:pending", "status:reviewed", "status:final", "-status:pending", "status:l", "assessed", "-assessed",
	"bookmarked", "-bookmarked", "flag:doubtful", "flag:key-source", `flag:"key source"`, "-flag:duplicate",
	"link:possible status:pending", "assessed status:likely",
}

// TestIndexQueriesCoverFields checks that the index is tested on every
// field: a field added to the table needs its queries here.
func TestIndexQueriesCoverFields(t *testing.T) {
	for _, f := range model.QueryFields() {
		found := false
		for _, q := range indexQueries {
			for _, term := range strings.Fields(strings.ToLower(q)) {
				term = strings.TrimPrefix(term, "-")
				if term == f || strings.HasPrefix(term, f) && strings.ContainsAny(term[len(f):len(f)+1], ":<>=") {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no query of indexQueries uses the field %s", f)
		}
	}
}

// brute is the reference: Query.Match over from.
func brute(q *model.Query, sums []model.Summary, from []int32) []int32 {
	var out []int32
	for _, i := range from {
		if q.Match(&sums[i]) {
			out = append(out, i)
		}
	}
	return out
}

func checkIndex(t *testing.T, x *model.Index, sums []model.Summary, text string, from []int32) {
	t.Helper()
	q, err := model.ParseQuery(text)
	if err != nil {
		return
	}
	want := brute(q, sums, from)
	// A fresh parse, so that no verdict the reference remembered is
	// shared with the index.
	q2, _ := model.ParseQuery(text)
	got := x.Filter(q2, from)
	if !slices.Equal(got, want) {
		t.Errorf("%q: the index gives %d strikes, Match %d", text, len(got), len(want))
		for _, i := range from {
			g, w := slices.Contains(got, i), slices.Contains(want, i)
			if g != w {
				t.Errorf("  first difference: %+v: index %v, Match %v", sums[i], g, w)
				break
			}
		}
	}
}

func allOf(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// TestIndexMatchesQuery checks the index against Query.Match for the
// hand-picked queries and many made of random terms, over every strike
// and over a shuffled subset (the order of from is kept).
func TestIndexMatchesQuery(t *testing.T) {
	sums := indexCorpus(3000)
	sums = append(sums, summaries()...)
	x := model.NewIndex(sums)
	all := allOf(len(sums))
	rng := rand.New(rand.NewPCG(1, 1))
	some := slices.Clone(all)
	rng.Shuffle(len(some), func(i, j int) { some[i], some[j] = some[j], some[i] })
	some = some[:700]
	for _, q := range indexQueries {
		checkIndex(t, x, sums, q, all)
		checkIndex(t, x, sums, q, some)
	}
	for range 2000 {
		var terms []string
		for range 1 + rng.IntN(3) {
			term := indexQueries[rng.IntN(len(indexQueries))]
			if f := strings.Fields(term); len(f) > 0 {
				term = f[rng.IntN(len(f))]
			}
			if rng.IntN(4) == 0 && !strings.HasPrefix(term, "-") {
				term = "-" + term
			}
			terms = append(terms, term)
		}
		checkIndex(t, x, sums, strings.Join(terms, " "), all)
	}
}

// TestFilterParallel checks the parallel filters against Query.Match:
// the index's with any number of workers (the order of from kept across
// their runs), Query.Filter over summaries and FilterStrikes over strikes.
func TestFilterParallel(t *testing.T) {
	sums := append(indexCorpus(45_000), summaries()...)
	x := model.NewIndex(sums)
	all := allOf(len(sums))
	rng := rand.New(rand.NewPCG(3, 3))
	some := slices.Clone(all)
	rng.Shuffle(len(some), func(i, j int) { some[i], some[j] = some[j], some[i] })
	some = some[:31_000]
	for _, text := range []string{"", "raqqa", "actor:russia -city:raqqa", "killed>=10 date:2015", "id:ucdp:1003", "source:nothing at all",
		"date:2015", "-date:2015", "source:sohr date:2015", "-source:bbc -contested", "killed>=10 -date:2015 actor:russia", "reports>=2 type:air",
		"actor:russia", "-actor:russia", "actor:nobody-at-all", "-actor:nobody-at-all", "actor:russia -actor:usa"} { // from "date:2015": the columns alone (columnKernel, filter_kernel.go)
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, from := range [][]int32{all, some} {
			want := brute(q, sums, from)
			for _, workers := range []int{0, 1, 2, 3, 7} {
				got, err := x.Compile(q).Filter(t.Context(), from, workers)
				if err != nil || got == nil || !slices.Equal(got, want) {
					t.Errorf("%q, %d workers, %d strikes: the index gives %d strikes (%v), Match %d", text, workers, len(from), len(got), err, len(want))
				}
			}
		}
		want := brute(q, sums, all)
		for _, workers := range []int{0, 1, 5} {
			got, err := q.Filter(t.Context(), sums, workers)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("%q, %d workers: Query.Filter gives %d strikes (%v), Match %d", text, workers, len(got), err, len(want))
			}
		}
	}
}

// TestFilterStrikes checks FilterStrikes against Query.Match of each
// strike's summary.
func TestFilterStrikes(t *testing.T) {
	var strikes []model.Strike
	for i := range 1500 {
		s := seed.Strike()
		s.ID = fmt.Sprintf("synth:%d", i)
		s.Date = model.OnDay(model.DayOf(2015, 1, 1) + model.Day(i))
		s.Reports = s.Reports[:1+i%len(s.Reports)]
		strikes = append(strikes, s)
	}
	for _, text := range []string{"", "date:2016", "reports>=3", "-source:bbc", "raqqa -date:2015-03"} {
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		var want []int32
		for i := range strikes {
			if s := model.Summarize(&strikes[i]); q.Match(&s) {
				want = append(want, int32(i))
			}
		}
		for _, workers := range []int{0, 1, 4} {
			got, err := q.FilterStrikes(t.Context(), strikes, workers)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("%q, %d workers: FilterStrikes gives %d strikes (%v), Match %d", text, workers, len(got), err, len(want))
			}
		}
	}
}

// TestFilterCancelled checks that a filter whose context is done gives
// the context's error and no strikes.
func TestFilterCancelled(t *testing.T) {
	sums := indexCorpus(30_000)
	x := model.NewIndex(sums)
	q, _ := model.ParseQuery("raqqa")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if got, err := x.Compile(q).Filter(ctx, allOf(len(sums)), 2); err != context.Canceled || got != nil {
		t.Errorf("the index's filter gave %d strikes and %v, want none and %v", len(got), err, context.Canceled)
	}
	if got, err := q.Filter(ctx, sums, 2); err != context.Canceled || got != nil {
		t.Errorf("Query.Filter gave %d strikes and %v, want none and %v", len(got), err, context.Canceled)
	}
}

// TestIndexEmpty checks an index of nothing.
func TestIndexEmpty(t *testing.T) {
	x := model.NewIndex(nil)
	q, _ := model.ParseQuery("raqqa actor:russia source:sohr")
	if got := x.Filter(q, nil); len(got) != 0 {
		t.Errorf("got %v", got)
	}
}

func FuzzIndexQuery(f *testing.F) {
	for _, q := range indexQueries {
		f.Add(q)
	}
	sums := append(indexCorpus(400), summaries()...)
	x := model.NewIndex(sums)
	all := allOf(len(sums))
	f.Fuzz(func(t *testing.T, s string) {
		checkIndex(t, x, sums, s, all)
	})
}
