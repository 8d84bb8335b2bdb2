package store

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

var actors = []string{"russia", "coalition", "syrian regime", "unknown", "turkey"}
var places = []string{"raqqa", "idlib", "aleppo", "deir ez zor", "maarrat al numan"}

// testStrike makes a strike that uses every field of the model, varied
// by i: unknown dates, open-ended counts, coordinates, Arabic names.
func testStrike(i int, dataset string) *model.Strike {
	day := model.DayOf(2015, 9, 30) + model.Day(i%1500)
	date := model.OnDay(day)
	if i%7 == 3 {
		date = model.NoDate()
	}
	place := model.Place{
		Name: fmt.Sprintf("Place %d", i%50), NameAR: "الرقة", Key: places[i%len(places)],
		Admin1: "Ar Raqqah", Admin2: "Raqqa district", Country: "Syria", Precision: model.PlaceTown,
	}
	if i%3 == 0 {
		place.HasCoords, place.Lat, place.Lon = true, 35.95+float64(i%100)/1000, 39.01
	}
	s := &model.Strike{
		ID:      fmt.Sprintf("%s:RS%06d", dataset, i),
		Date:    date,
		Place:   place,
		Status:  "Likely strike",
		Grading: []string{"Confirmed", "Fair", "Weak", "", "Contested"}[i%5],
		Codes:   []string{fmt.Sprintf("CS%d", i), fmt.Sprintf("RS%d", i)},
	}
	if i%4 == 1 {
		s.Codes = nil
	}
	for j := range 1 + i%3 {
		r := model.Report{
			ID:         fmt.Sprintf("%s/r%d", s.ID, j),
			Source:     []string{"SOHR", "Airwars", "Raqqa is Being Slaughtered Silently", "BBC"}[(i+j)%4],
			SourceKind: model.SourceKind((i + j) % 9),
			Published:  model.NoDay,
			Date:       date,
			Place:      place,
			Actors: []model.ActorRef{
				{Name: "Russian jets", Key: actors[(i+j)%len(actors)], Certainty: model.Known, Role: model.RoleAttacker},
			},
			Strikes: model.Some(),
			Claims: []model.Claim{
				{Outcome: model.Killed, Category: model.Civilians, Count: model.RangeCount(int32(i%9), int32(i%9+4))},
				{Outcome: model.Injured, Category: model.Total, Count: model.AtLeastCount(int32(j))},
			},
			Summary: "Residents reported airstrikes on the town centre; several buildings were destroyed.",
			Dataset: dataset,
		}
		if j == 1 {
			r.Via = []string{"BBC"}
			r.Cites = []model.Citation{{Name: "RBSS", Date: "6 Dec 2015", Language: "ar", URL: "https://example.org/a", Archive: "https://archive.org/x"}}
			r.Originator = "Local activists"
			r.Published = day + 1
			r.URLs = []string{"https://example.org/a", "https://example.org/b"}
			r.PlaceDetail = "outskirts"
			r.Actors = append(r.Actors, model.ActorRef{Name: "IS", Key: "islamic state", Role: model.RoleTarget, Certainty: model.Suspected})
			r.Strikes = model.ExactCount(3)
			r.Assessment = "credible"
			r.Notes = []model.Note{{Key: "type", Value: "airstrike"}, {Key: "event_clarity", Value: "1"}}
			r.Claims = append(r.Claims, model.Claim{Outcome: model.Killed, Category: model.Children, Count: model.EstimateCount(1, 2, 5)})
		}
		s.Reports = append(s.Reports, r)
	}
	return s
}

// testStrikes makes n strikes of a dataset.
func testStrikes(n int, dataset string) []*model.Strike {
	out := make([]*model.Strike, n)
	for i := range out {
		out[i] = testStrike(i, dataset)
	}
	return out
}

// feed returns a next function for Import over strikes.
func feed(strikes []*model.Strike) func() (*model.Strike, error) {
	i := 0
	return func() (*model.Strike, error) {
		if i == len(strikes) {
			return nil, io.EOF
		}
		i++
		return strikes[i-1], nil
	}
}

// newStore creates a store in a temporary directory.
func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "strikes.db")
	s, err := Open(path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// importAll imports strikes as dataset ds and fails the test on error.
func importAll(t testing.TB, s *Store, ds Dataset, strikes []*model.Strike) ImportStats {
	t.Helper()
	st, err := s.Import(context.Background(), ds, feed(strikes))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// dump returns every strike of the store, in ID order.
func dump(t testing.TB, s *Store) []model.Strike {
	t.Helper()
	var out []model.Strike
	if err := s.ForEach(context.Background(), func(st *model.Strike) error {
		out = append(out, *st)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// mustCheck fails the test if Check finds any problem.
func mustCheck(t testing.TB, path string) {
	t.Helper()
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
}

// ownDays gives each dated strike a day of its own (the test strikes
// repeat every 1,500 days, and twins of one day and place that nothing
// tells apart are never linked), in place.
func ownDays(ss []*model.Strike) []*model.Strike {
	for i, s := range ss {
		if s.Date.Known() {
			d := model.OnDay(model.DayOf(1990, 1, 1) + model.Day(i))
			s.Date = d
			for j := range s.Reports {
				s.Reports[j].Date = d
			}
		}
	}
	return ss
}
