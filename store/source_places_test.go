package store

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestFileSourcePlaces: the map's reader gives every stored strike's
// coordinates and their precision, as its record holds them, and nothing
// else of its place.
func TestFileSourcePlaces(t *testing.T) {
	s, path := newStore(t)
	strikes := testStrikes(6, "a")
	strikes[1].Place.HasCoords, strikes[1].Place.Lat, strikes[1].Place.Lon = true, 35.95, 39.01
	strikes[1].Place.Precision = model.PlaceTown
	strikes[2].Place.HasCoords, strikes[2].Place.Lat, strikes[2].Place.Lon = true, 35.9, 38.9
	strikes[2].Place.Precision = model.PlaceProvince
	strikes[3].Place.HasCoords = false
	importAll(t, s, Dataset{Name: "a"}, strikes)
	places, err := NewFileSource(path).Places(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != len(strikes) {
		t.Fatalf("%d places for %d strikes", len(places), len(strikes))
	}
	for _, st := range strikes[1:4] {
		p, want := places[st.ID], st.Place
		if p.HasCoords != want.HasCoords || p.HasCoords && (p.Lat != want.Lat || p.Lon != want.Lon || p.Precision != want.Precision) {
			t.Errorf("%s: %+v, want the record's %+v", st.ID, p, want)
		}
		if p.Name != "" || p.Key != "" {
			t.Errorf("%s: the map's place carries names: %+v", st.ID, p)
		}
	}
}
