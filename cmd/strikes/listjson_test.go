package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
	"github.com/strikes-dev/strikes/store/ingest"
)

// The line of `list --json` as encoding/json writes it: the contract in
// the README, kept here as the oracle appendListLine must match byte for
// byte.

// listJSON is one line of `list --json`: a stable contract (README).
type listJSON struct {
	ID        string   `json:"id"`
	Date      string   `json:"date"`
	DateEnd   string   `json:"date_end,omitempty"`
	Precision string   `json:"date_precision"`
	Place     string   `json:"place"`
	PlaceKey  string   `json:"place_key,omitempty"`
	Admin1    string   `json:"admin1,omitempty"`
	Country   string   `json:"country"`
	Actors    []string `json:"actors"`
	Contested bool     `json:"contested"`
	Reports   int      `json:"reports"`
	Silent    int      `json:"reports_without_claim,omitempty"`
	// Killed and Injured are the first category any report gives
	// (civilians, total, combatants, children, women, men, unknown) and
	// its span; ByCategory every category's.
	Killed          string            `json:"killed"`
	KilledCategory  string            `json:"killed_category,omitempty"`
	KilledBy        map[string]string `json:"killed_by_category,omitempty"`
	Injured         string            `json:"injured"`
	InjuredCategory string            `json:"injured_category,omitempty"`
	InjuredBy       map[string]string `json:"injured_by_category,omitempty"`
	Grading         string            `json:"grading,omitempty"`
	Gradings        []string          `json:"gradings,omitempty"`
	Status          string            `json:"status,omitempty"`
	Statuses        []string          `json:"statuses,omitempty"`
	Countries       []string          `json:"countries,omitempty"`
	Datasets        []string          `json:"datasets"`
	Desk            *deskListJSON     `json:"desk,omitempty"`
}

// figuresJSON is a strike's figures for an outcome as the list's JSON
// gives them: the headline category's span and name, and every category.
func figuresJSON(f *model.Figures) (span, category string, by map[string]string) {
	c, sp, ok := f.Headline()
	if !ok {
		return "—", "", nil
	}
	by = map[string]string{}
	for _, cat := range model.Categories {
		if f[cat].Reported {
			by[cat.String()] = f[cat].String()
		}
	}
	return sp.String(), c.String(), by
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// listLine is a summary as strikes list --json writes it.
func listLine(s *model.Summary) listJSON {
	line := listJSON{
		ID: s.ID, Date: s.Date.Start.String(), Precision: s.Date.Precision.String(),
		Place: s.Place, PlaceKey: s.PlaceKey, Admin1: s.Admin1, Country: s.Country,
		Actors: nonNil(s.Actors), Contested: s.Contested, Reports: s.Reports, Silent: s.Silent,
		Grading: first(s.Gradings), Status: first(s.Statuses), Datasets: nonNil(s.Datasets),
	}
	line.Killed, line.KilledCategory, line.KilledBy = figuresJSON(&s.Killed)
	line.Injured, line.InjuredCategory, line.InjuredBy = figuresJSON(&s.Injured)
	if len(s.Gradings) > 1 {
		line.Gradings = s.Gradings
	}
	if len(s.Statuses) > 1 {
		line.Statuses = s.Statuses
	}
	if len(s.Countries) > 1 {
		line.Countries = s.Countries
	}
	if s.Date.End != s.Date.Start {
		line.DateEnd = s.Date.End.String()
	}
	line.Desk = deskListLine(s.Desk)
	return line
}

// oracleLine is what list --json printed before appendListLine: the
// struct through encoding/json, then made inert.
func oracleLine(t testing.TB, s *model.Summary) []byte {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(listLine(s)); err != nil {
		t.Fatal(err)
	}
	return ingest.InertJSON(buf.Bytes())
}

// TestListLineMatchesJSON: every demo strike's line is the oracle's.
func TestListLineMatchesJSON(t *testing.T) {
	sums := demoSummaries(t)
	for i := range sums {
		got, want := appendListLine(nil, &sums[i]), oracleLine(t, &sums[i])
		if !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %s\nwant %s", sums[i].ID, got, want)
		}
	}
}

// FuzzListLine: text from data, whatever it holds, is written as
// encoding/json and InertJSON write it.
func FuzzListLine(f *testing.F) {
	for _, s := range []string{"Raqqa", "a\"b\\c<d>&e", "\x00\x1b[31m\u0085\u202e\u2028\u200d\ufeff", "\xff\xfe bad", "الرقة", "\U0001F600\U000E0001"} {
		f.Add(s, s, 3)
	}
	f.Fuzz(func(t *testing.T, place, actor string, n int) {
		s := model.Summary{ID: "x:" + place, Place: place, PlaceKey: actor, Admin1: place, Country: actor,
			Actors: []string{actor, place}, Reports: n, Silent: n % 3, Gradings: []string{actor, place},
			Statuses: []string{place}, Countries: []string{place, actor}, Datasets: []string{actor}}
		if n%2 == 0 {
			s.Actors, s.Gradings, s.Statuses = nil, nil, []string{""}
		}
		got, want := appendListLine(nil, &s), oracleLine(t, &s)
		if !bytes.Equal(got, want) {
			t.Fatalf("\n got %q\nwant %q", got, want)
		}
	})
}

// BenchmarkListLine: encoding a strike for list --json.
func BenchmarkListLine(b *testing.B) {
	sums := demoSummaries(b)
	rng := rand.New(rand.NewPCG(1, 2))
	b.Run("append", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendListLine(buf[:0], &sums[rng.IntN(len(sums))])
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			oracleLine(b, &sums[rng.IntN(len(sums))])
		}
	})
}

// demoSummaries builds the demo store in a temporary cache and reads its
// summaries.
func demoSummaries(t testing.TB) []model.Summary {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("XDG_DATA_HOME", dir)
	path, err := demo.Path(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sums, _, err := st.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sums
}
