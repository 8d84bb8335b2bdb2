package ui

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

// fakeSource is an in-memory Source built from real model values.
type fakeSource struct {
	mu      sync.Mutex
	strikes map[string]model.Strike
	sums    []model.Summary
	gen     uint64
	err     error
}

var _ Source = (*fakeSource)(nil)

func newFake(strikes ...model.Strike) *fakeSource {
	f := &fakeSource{strikes: map[string]model.Strike{}, gen: 1}
	for i := range strikes {
		f.strikes[strikes[i].ID] = strikes[i]
		f.sums = append(f.sums, model.Summarize(&strikes[i]))
	}
	return f
}

// fakeOfSummaries is a source of summaries only (benchmarks); Strike
// returns the seed strike for any ID.
func fakeOfSummaries(sums []model.Summary) *fakeSource {
	return &fakeSource{strikes: map[string]model.Strike{}, sums: sums, gen: 1}
}

func (f *fakeSource) Summaries(context.Context) ([]model.Summary, uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, 0, f.err
	}
	return f.sums, f.gen, nil
}

func (f *fakeSource) Strike(_ context.Context, id string) (model.Strike, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.strikes[id]; ok {
		return s, nil
	}
	if len(f.strikes) == 0 {
		s := seed.Strike()
		s.ID = id
		return s, nil
	}
	return model.Strike{}, errors.New("no strike " + id)
}

func (f *fakeSource) Generation(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gen, f.err
}

func (f *fakeSource) Label() string { return "test data" }

// add adds strikes and bumps the generation, as an import would.
func (f *fakeSource) add(strikes ...model.Strike) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range strikes {
		f.strikes[strikes[i].ID] = strikes[i]
		f.sums = append(f.sums, model.Summarize(&strikes[i]))
	}
	f.gen++
}

type town struct{ name, ar, key, gov string }

var towns = []town{
	{"Ar Raqqah", "الرقة", "raqqa", "Ar Raqqah"},
	{"Al Bab", "الباب", "al-bab", "Aleppo"},
	{"Deir ez-Zor", "دير الزور", "deir-ez-zor", "Deir ez-Zor"},
	{"Idlib", "إدلب", "idlib", "Idlib"},
	{"Ma'arrat al-Nu'man", "معرة النعمان", "maarrat-al-numan", "Idlib"},
	{"Teir Maaleh village", "", "", "Homs"},
	{"Mosul", "الموصل", "mosul", "Nineveh"},
	{"", "", "", ""},
}

var actorPool = []model.ActorRef{
	{Name: "Russian jets", Key: "russia", Role: model.RoleAttacker},
	{Name: "US-led coalition", Key: "us-led-coalition", Role: model.RoleAttacker},
	{Name: "Syrian regime", Key: "syrian-regime", Role: model.RoleAttacker, Certainty: model.Suspected},
	{Name: "Turkish military", Key: "turkey", Role: model.RoleAttacker},
	{Name: "Unknown aircraft", Key: "unknown", Role: model.RoleAttacker},
}

var sourcePool = []struct {
	name string
	kind model.SourceKind
	via  []string
}{
	{"Syrian Observatory for Human Rights", model.KindMonitor, nil},
	{"Raqqa is Being Slaughtered Silently", model.KindActivist, []string{"BBC"}},
	{"Airwars", model.KindMonitor, nil},
	{"Syrian Network for Human Rights", model.KindMonitor, nil},
	{"Smart News Agency", model.KindNewsAgency, []string{"Reuters"}},
	{"Russian Ministry of Defence", model.KindBelligerent, nil},
}

// testStrikes returns the seed strike and n more, varied: dates of every
// precision, places with and without Arabic names or keys, one to several
// reports, agreeing and contested attackers, figures of every kind
// including not reported.
func testStrikes(n int) []model.Strike {
	rng := rand.New(rand.NewPCG(7, 11))
	out := []model.Strike{seed.Strike()}
	base := model.DayOf(2014, 9, 23)
	for i := range n {
		tw := towns[i%len(towns)]
		day := base + model.Day(rng.IntN(3000))
		date := model.OnDay(day)
		switch i % 9 {
		case 3:
			date = model.DateSpan{Start: day, End: day + 3, Precision: model.PrecRange}
		case 5:
			date = model.DateSpan{Start: day, End: day + 29, Precision: model.PrecMonth}
		case 7:
			date = model.NoDate()
		}
		place := model.Place{Name: tw.name, NameAR: tw.ar, Key: tw.key, Admin1: tw.gov, Country: "Syria", Precision: model.PlaceTown}
		if tw.gov == "Nineveh" {
			place.Country = "Iraq"
		}
		s := model.Strike{ID: fmt.Sprintf("test:%03d", i), Date: date, Place: place}
		if i%4 == 0 {
			s.Grading, s.Status = []string{"Confirmed", "Fair", "Weak", "Contested"}[i%3], "Likely strike"
		}
		nrep := 1 + rng.IntN(4)
		for r := range nrep {
			src := sourcePool[(i+r)%len(sourcePool)]
			a := actorPool[(i/3+r*(i%2))%len(actorPool)]
			rep := model.Report{
				ID: fmt.Sprintf("%s/%d", s.ID, r), Source: src.name, SourceKind: src.kind, Via: src.via,
				Date: date, Place: place, Actors: []model.ActorRef{a}, Published: model.NoDay,
				Dataset: []string{"airwars", "ucdp-ged", "acled"}[(i+r)%3],
				Summary: "Report " + fmt.Sprint(r+1) + " of strike " + s.ID + ".",
			}
			switch rng.IntN(5) {
			case 0: // not reported
			case 1:
				rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Killed, Category: model.Civilians, Count: model.Some()})
			case 2:
				rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Killed, Category: model.Total, Count: model.ExactCount(int32(rng.IntN(60)))})
			case 3:
				lo := int32(rng.IntN(20))
				rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Killed, Category: model.Civilians, Count: model.RangeCount(lo, lo+int32(rng.IntN(9)))},
					model.Claim{Outcome: model.Injured, Category: model.Total, Count: model.AtLeastCount(int32(rng.IntN(40)))})
			case 4:
				rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Killed, Category: model.Total, Count: model.EstimateCount(2, 4, 9)})
			}
			s.Reports = append(s.Reports, rep)
		}
		out = append(out, s)
	}
	return out
}

// syntheticSummaries makes n summaries for benchmarks, without strikes.
func syntheticSummaries(n int) []model.Summary {
	rng := rand.New(rand.NewPCG(1, 2))
	base := model.DayOf(2012, 1, 1)
	actors := [][]string{{"russia"}, {"us-led-coalition"}, {"russia", "us-led-coalition"}, {"syrian-regime"}, {"turkey"}, nil}
	out := make([]model.Summary, n)
	for i := range out {
		tw := towns[rng.IntN(len(towns)-1)]
		day := base + model.Day(rng.IntN(4000))
		ai := rng.IntN(len(actors))
		k := int32(rng.IntN(50))
		out[i] = model.Summary{
			ID: fmt.Sprintf("syn:%07d", i), Date: model.OnDay(day), Place: tw.name, PlaceAR: tw.ar, PlaceKey: tw.key,
			Admin1: tw.gov, Country: "Syria", Actors: actors[ai], Contested: ai == 2, Reports: 1 + rng.IntN(5),
			Sources: []string{"Airwars"}, Datasets: []string{"airwars"},
			Places: []string{tw.key}, Admin1s: []string{tw.gov}, Countries: []string{"Syria"},
			Gradings: []string{"Fair"}, Statuses: []string{"Likely strike"},
		}
		if k > 5 {
			out[i].Killed[model.Civilians] = model.Span{Reported: true, Low: k / 2, High: k}
		}
		if k > 20 {
			out[i].Injured[model.Civilians] = model.Span{Reported: true, Low: k, High: k}
		}
	}
	return out
}
