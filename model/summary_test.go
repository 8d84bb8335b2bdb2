package model_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// randomStrike makes a strike whose reports vary in everything a summary
// reads: attackers (agreeing, disagreeing, suspected, unknown), sides,
// sources and chains, datasets, kinds of event, codes and figures.
func randomStrike(r *rand.Rand, id string) model.Strike {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	counts := []model.Count{model.NoCount(), model.Some(), model.ExactCount(0), model.ExactCount(15),
		model.AtLeastCount(32), model.RangeCount(1, 32), model.RangeCount(15, 20), model.EstimateCount(3, 5, 9)}
	s := model.Strike{ID: id, Date: model.OnDay(day0), Place: model.Place{Name: pick("Raqqa", "Tabqa"), Key: pick("raqqa", "tabqa")},
		Status: pick("", "fair"), Grading: pick("", "weak")}
	for range r.IntN(3) {
		s.Codes = append(s.Codes, pick("CS1", "CS2", "RS3", ""))
	}
	for j := range r.IntN(4) {
		rep := model.Report{ID: id + "/" + string(rune('a'+j)), Source: pick("SOHR", "BBC", "", "Airwars"),
			Originator: pick("", "RBSS", "SOHR"), Dataset: pick("", "airwars", "ucdp"),
			Place: model.Place{Key: pick("", "raqqa", "mashlab"), Admin1: pick("", "Ar Raqqah", "Aleppo"), Country: pick("", "Syria")}}
		for range r.IntN(2) {
			rep.Via = append(rep.Via, pick("BBC", "AP", ""))
		}
		for range r.IntN(2) {
			rep.Cites = append(rep.Cites, model.Citation{Name: pick("Reuters", "SANA", "")})
		}
		for range r.IntN(3) {
			rep.Actors = append(rep.Actors, model.ActorRef{Key: pick("russia", "coalition", "unknown", "", "syria"),
				Role: model.ActorRole(r.IntN(3)), Certainty: model.Certainty(r.IntN(3))})
		}
		for range r.IntN(2) {
			rep.Notes = append(rep.Notes, model.Note{Key: pick("type", "other"), Value: pick("airstrike", "", "shelling")})
		}
		for range r.IntN(3) {
			rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Outcome(r.IntN(2)),
				Category: model.Category(r.IntN(3)), Count: counts[r.IntN(len(counts))]})
		}
		s.Reports = append(s.Reports, rep)
	}
	return s
}

// TestLinkedSummary checks that the summary of linked strikes made from
// their summaries is the summary of the strike with their reports
// appended (as the store's overlay shows them), for thousands of random
// strikes.
func TestLinkedSummary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	contested := 0
	for i := range 5000 {
		members := make([]model.Strike, 1+r.IntN(4))
		sums := make([]model.Summary, len(members))
		atts := make([]model.Attribution, len(members))
		for j := range members {
			members[j] = randomStrike(r, string(rune('a'+j)))
			sums[j] = model.Summarize(&members[j])
			atts[j] = model.AttributionOf(&members[j])
		}
		merged := members[0]
		merged.Reports = append([]model.Report(nil), merged.Reports...)
		merged.Codes = append([]string(nil), merged.Codes...)
		for _, m := range members[1:] {
			merged.Reports = append(merged.Reports, m.Reports...)
			for _, c := range m.Codes {
				if !contains(merged.Codes, c) {
					merged.Codes = append(merged.Codes, c)
				}
			}
		}
		want := model.Summarize(&merged)
		// A strike shown under another brings what only the strike says
		// (its place, grading, status), not only its reports: the lists
		// hold every member's, in order.
		want.Places, want.Admin1s, want.Countries, want.Gradings, want.Statuses = nil, nil, nil, nil, nil
		for _, m := range members {
			add := func(list *[]string, v string) {
				if v != "" && !contains(*list, v) {
					*list = append(*list, v)
				}
			}
			add(&want.Places, m.Place.Key)
			add(&want.Admin1s, m.Place.Admin1)
			add(&want.Countries, m.Place.Country)
			add(&want.Gradings, m.Grading)
			add(&want.Statuses, m.Status)
			for _, r := range m.Reports {
				add(&want.Places, r.Place.Key)
				add(&want.Admin1s, r.Place.Admin1)
				add(&want.Countries, r.Place.Country)
			}
		}
		got := model.LinkedSummary(sums, atts)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: merged from summaries\n%+v\nwant (from the reports)\n%+v", i, got, want)
		}
		if want.Contested {
			contested++
		}
		if !reflect.DeepEqual(sums[0], model.Summarize(&members[0])) {
			t.Fatalf("case %d: LinkedSummary changed its first member", i)
		}
	}
	if contested < 500 || contested > 4500 {
		t.Errorf("%d of 5000 merged strikes contested: the cases do not exercise both outcomes", contested)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestSpanWith(t *testing.T) {
	cs := []model.Count{model.NoCount(), model.Some(), model.ExactCount(0), model.ExactCount(32),
		model.AtLeastCount(32), model.RangeCount(1, 32), model.AtLeastCount(40), model.RangeCount(15, 20)}
	for i := range 1 << len(cs) {
		var a, b []model.Count
		for j, c := range cs {
			if i&(1<<j) != 0 {
				a = append(a, c)
			} else {
				b = append(b, c)
			}
		}
		all := append(append([]model.Count(nil), a...), b...)
		if got, want := model.SpanOf(a...).With(model.SpanOf(b...)), model.SpanOf(all...); got != want {
			t.Errorf("%v with %v = %+v, want %+v", a, b, got, want)
		}
	}
}
