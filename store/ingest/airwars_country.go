package ingest

import (
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/geo"
)

// The Airwars archive gives no country column: the incidents are Syria's,
// but a few lie in Iraq (Al Anbar, Erbil) or Israel (Haifa). An incident's
// country is Syria when the governorate or region it names is one of
// Syria's (what the source says comes first: near a border, simplified
// borders could put a Syrian town in Turkey), else where its coordinates
// lie on Natural Earth's borders, else not reported.

// syrianGovernorates are Syria's fourteen governorates as the archive and
// UCDP spell them, keyed by model.Admin1Key.
var syrianGovernorates = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"Aleppo", "Idlib", "Ar Raqqah", "Raqqa", "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr",
		"Damascus", "Rif Dimashq", "Rural Damascus", "Hama", "Hamah", "Homs", "Daraa", "Dara'a", "Al Hasakah", "Hasakah",
		"Hassakah", "Al Hassakah", "Latakia", "Lattakia", "Tartus", "Quneitra", "As Suwayda", "Sweida", "Suwayda"} {
		m[model.Admin1Key(n)] = true
	}
	return m
})

// countryOf is the country of an Airwars incident's place.
func countryOf(p *model.Place) string {
	if p.Admin1 != "" && syrianGovernorates()[model.Admin1Key(strings.TrimSuffix(model.Fold(p.Admin1), " countryside"))] {
		return "Syria"
	}
	if p.HasCoords {
		if w, err := geo.World(); err == nil {
			if r, ok := w.Countries.At(orb.Point{p.Lon, p.Lat}); ok {
				return r.Name
			}
		}
	}
	return ""
}
