package model

import (
	"slices"
	"testing"
)

// TestPlaceKeyTownOnly holds the rule of "what is in a city" (issue 14):
// every spelling of a city gives one key, a quarter or landmark keeps its
// own key and lies in the city, and a governorate, a countryside, a
// sub-district or a village whose name holds the city's is not the city.
func TestPlaceKeyTownOnly(t *testing.T) {
	tests := []struct{ name, key, in string }{
		// One key for every spelling of the city.
		{"raqqa", "raqqa", ""},
		{"الرقة", "raqqa", ""},
		{"ar raqqah", "raqqa", ""},
		{"Raqqah", "raqqa", ""},
		{"Ar Raqqah city", "raqqa", ""},
		// Its quarters and landmarks, however they are written.
		{"Al Mashlab", "mashlab", "raqqa"},
		{"حي المشلب", "mashlab", "raqqa"},
		{"Rumaila", "rumaila", "raqqa"},
		{"Ar Raqqah: Rumaila neighbourhood", "rumaila", "raqqa"},
		{"Tawwassoui'ya", "tawwassouiya", "raqqa"},
		{"Nazlat Shahada", "nazlat-shahada", "raqqa"},
		{"Al Badou neighbourhood, Ar Raqqah", "badou", "raqqa"},
		{"Raqqah, Al Hani", "hani", "raqqa"},
		{"الجسر القديم", "الجسر-القديم", "raqqa"},
		{"Jobar neighbourhood, Damascus", "jobar", "damascus"},
		{"Hamidiya (Deir ez-Zor)", "hamidiya", "deir-ez-zor"},
		// Homonyms resolve by their town.
		{"Ar Raqqah: Fardous neighbourhood", "fardous", "raqqa"},
		{"Al Fardous (Aleppo)", "fardous-aleppo", "aleppo"},
		{"Al Fardous neighbourhood, Aleppo", "fardous-aleppo", "aleppo"},
		{"Dar'iya neighbourhood", "diriya", "raqqa"},
		{"Darayya", "darayya", ""},
		{"Tareeq al-Bab (Aleppo)", "tareeq-al-bab", "aleppo"},
		{"Al-Bab", "al-bab", ""},
		// Not the city: the governorate, its countryside, nearby places.
		{"Ar Raqqah Governorate", "raqqah governorate", ""},
		{"محافظة الرقة", "محافظه-الرقه", ""},
		{"Raqqa countryside", "raqqa countryside", ""},
		{"Northern Ar Raqqah Governorate", "northern ar raqqah governorate", ""},
		{"بادية الرصافة في الرقة", "باديه-الرصافه-في-الرقه", ""},
		{"Raqqat Samra village", "raqqa-al-samra", ""},
		{"Kasrat Afnan", "kasrat-afnan", ""},
		{"Euphrates river", "euphrates-river", ""},
		{"Saraqib nahiyah", "saraqib nahiyah", ""},
		{"Damascus countryside", "rif-dimashq", ""},
		{"Douma", "douma", ""}, // a town of its own, beside Damascus
		// A village named with its governorate's town is the village; an
		// unknown spot stays unknown rather than becoming the town.
		{"Al Houra village, Raqqa", "houra", ""},
		{"Near the Blue Door bakery, Raqqa", "near the blue door bakery raqqa", ""},
		{"Abu Kamal, Al Sayyal", "abu kamal al sayyal", ""},
	}
	for _, tt := range tests {
		k := PlaceKey(tt.name)
		if k != tt.key {
			t.Errorf("PlaceKey(%q) = %q, want %q", tt.name, k, tt.key)
			continue
		}
		if got := PlaceIn(k); got != tt.in {
			t.Errorf("PlaceIn(%q) = %q, want %q", k, got, tt.in)
		}
	}
}

func TestPlacesIn(t *testing.T) {
	raqqa := PlacesIn("raqqa")
	if !slices.IsSorted(raqqa) {
		t.Errorf("PlacesIn(raqqa) is not sorted: %v", raqqa)
	}
	for _, k := range []string{"mashlab", "rumaila", "tawwassouiya", "nazlat-shahada", "diriya", "fardous"} {
		if !slices.Contains(raqqa, k) {
			t.Errorf("PlacesIn(raqqa) lacks %q", k)
		}
	}
	for _, k := range []string{"raqqa", "raqqa-al-samra", "kasrat-afnan", "euphrates-river", "fardous-aleppo", "tabqa"} {
		if slices.Contains(raqqa, k) {
			t.Errorf("PlacesIn(raqqa) holds %q", k)
		}
	}
	for _, k := range []string{"mashlab", "douma", "no such place", ""} {
		if got := PlacesIn(k); got != nil {
			t.Errorf("PlacesIn(%q) = %v, want none", k, got)
		}
	}
	raqqa[0] = "changed by the caller"
	if PlacesIn("raqqa")[0] == "changed by the caller" {
		t.Error("PlacesIn returns the table's own slice")
	}
}

// TestPlaceInColumn checks the "in" column: it names a town of the table,
// in the same governorate, that is itself in no town; and the functions
// answer from it.
func TestPlaceInColumn(t *testing.T) {
	rows := map[string]AliasRow{}
	for _, r := range PlaceRows() {
		rows[r.Key] = r
	}
	inside := map[string][]string{}
	for _, r := range PlaceRows() {
		if r.In == "" {
			continue
		}
		town, ok := rows[r.In]
		switch {
		case !ok:
			t.Errorf("places.tsv: %q lies in %q, which is no key", r.Key, r.In)
		case r.In == r.Key:
			t.Errorf("places.tsv: %q lies in itself", r.Key)
		case town.In != "":
			t.Errorf("places.tsv: %q lies in %q, which lies in %q: name the town", r.Key, r.In, town.In)
		case r.Admin1 != "" && town.Admin1 != "" && r.Admin1 != town.Admin1:
			t.Errorf("places.tsv: %q (%s) lies in %q (%s), another governorate", r.Key, r.Admin1, r.In, town.Admin1)
		}
		inside[r.In] = append(inside[r.In], r.Key)
		if got := PlaceIn(r.Key); got != r.In {
			t.Errorf("PlaceIn(%q) = %q, want %q", r.Key, got, r.In)
		}
	}
	for town, keys := range inside {
		slices.Sort(keys)
		if got := PlacesIn(town); !slices.Equal(got, keys) {
			t.Errorf("PlacesIn(%q) = %v, want %v", town, got, keys)
		}
	}
}

// FuzzPlaceKey checks that PlaceKey never fails on a name, qualified or
// not, and that a key it gives lies, if anywhere, in a town of the table.
func FuzzPlaceKey(f *testing.F) {
	for _, s := range []string{"Ar Raqqah: Badou neighbourhood", "Al Fardous (Aleppo)", "Raqqah, Al Hani",
		"Al Houra village, Raqqa", ": ", ", ", "()", "(Raqqa)", "x (", "near Raqqah, Syria", "محافظة الرقة"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := PlaceKey(s)
		if in := PlaceIn(k); in != "" && PlaceIn(in) != "" {
			t.Fatalf("PlaceKey(%q) = %q, in %q, which is itself in %q", s, k, in, PlaceIn(in))
		}
	})
}
