package model_test

import (
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// nearTown is spelled's record placed only near the town it names
// (UCDP GED's where_prec 2), at the town's point.
func nearTown(id, dataset, name string, civ int32, lat, lon float64) model.LinkKey {
	k := at(spelled(id, dataset, name, civ), lat, lon)
	k.Precision = model.PlaceNearTown
	return k
}

// TestMatchNearTown: a record placed within 25 km of a town's point
// matches a record whose point lies in that radius, in one governorate,
// linked only when the figures agree; a record of the town itself is the
// better candidate.
func TestMatchNearTown(t *testing.T) {
	u := nearTown("u", "ucdp ged", "Tabqa", 1, 35.8367, 38.5481)
	a := at(spelled("a", "airwars", "Abu Jeddi", 1), 35.7274, 38.7667)
	c, ok := model.Match(&u, &a)
	want := "same day; Abu Jeddi is within 25 km of Tabqa, near which the other record places it; 23 km apart; civilians killed agree (1 / 1)"
	if !ok || c.Weak || c.Reason != want {
		t.Fatalf("Match = %+v, %v; want a link, %q", c, ok, want)
	}
	if r, _ := model.Match(&a, &u); r.Score != c.Score || r.Weak || !strings.HasPrefix(r.Reason, "same day; Abu Jeddi is within 25 km of Tabqa") {
		t.Errorf("the other way round: %+v", r)
	}
	if km := model.HaversineKM(u.Lat, u.Lon, a.Lat, a.Lon); km < 20 || km > 25 {
		t.Fatalf("the test's places are %.1f km apart", km)
	}
	for _, tt := range []struct {
		name     string
		a        model.LinkKey
		ok, weak bool
	}{
		{"figures that differ: possible", at(spelled("a", "airwars", "Abu Jeddi", 4), 35.7274, 38.7667), true, true},
		{"no figures to compare: possible", at(spelled("a", "airwars", "Abu Jeddi", -1), 35.7274, 38.7667), true, true},
		{"beyond 25 km", at(spelled("a", "airwars", "Abu Jeddi", 1), 35.60, 38.7667), false, false},
		{"no coordinates", spelled("a", "airwars", "Abu Jeddi", 1), false, false},
		{"another governorate", func() model.LinkKey {
			k := at(spelled("a", "airwars", "Abu Jeddi", 1), 35.7274, 38.7667)
			k.Admin1 = "aleppo"
			return k
		}(), false, false},
		{"both only near a town", nearTown("a", "airwars", "Abu Jeddi", 1, 35.7274, 38.7667), false, false},
	} {
		if c, ok := model.Match(&u, &tt.a); ok != tt.ok || c.Weak != tt.weak {
			t.Errorf("%s: %+v, %v; want ok %v, weak %v", tt.name, c, ok, tt.ok, tt.weak)
		}
	}
	// A town's record is read as the town: 23 km is too far.
	town := u
	town.Precision = model.PlaceTown
	if c, ok := model.Match(&town, &a); ok {
		t.Errorf("a town's point: %+v", c)
	}
	// The index finds them although their keys differ, and their grid
	// cells (0.2°) are not neighbours' within 5 km.
	if plan := model.Link([]model.LinkKey{a, u}, nil); len(plan.Links) != 1 {
		t.Errorf("Link: %+v", plan)
	}
	n := nearTown("n", "ucdp ged", "Hazima", 1, 36.15, 38.70)
	s := at(spelled("s", "airwars", "Ratlah", 1), 35.95, 38.70)
	if plan := model.Link([]model.LinkKey{n, s}, nil); len(plan.Links) != 1 {
		t.Errorf("Link, 22 km apart, two cells: %+v", plan)
	}
	// The town itself, with figures as good, is the clear answer.
	tabqa := at(spelled("b", "airwars", "Tabqa", 1), 35.8370, 38.5485)
	plan := model.Link([]model.LinkKey{a, tabqa, u}, nil)
	if len(plan.Links) != 1 || plan.Links[0].From != "u" && plan.Links[0].Into != "u" || plan.Links[0].From != "b" && plan.Links[0].Into != "b" {
		t.Errorf("with the town's own record: %+v", plan.Links)
	}
}
