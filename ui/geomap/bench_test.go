package geomap

import (
	"math/rand/v2"
	"testing"
)

// millionPoints are a million strikes about the Syrian towns of the goldens, a fifth known only
// to their governorate, deterministic for the seed.
func millionPoints() []Point {
	r := rand.New(rand.NewPCG(7, 8))
	pts := make([]Point, 1_000_000)
	for i := range pts {
		c := syrianStrikes[r.IntN(len(syrianStrikes))]
		p := Point{Lon: c.lon + r.NormFloat64()*0.3, Lat: c.lat + r.NormFloat64()*0.3, Weight: 1}
		if r.IntN(5) == 0 {
			p.Precision = Area
		}
		pts[i] = p
	}
	return pts
}

// BenchmarkBin1M bins a million points into a 200×50 map.
func BenchmarkBin1M(b *testing.B) {
	pts := millionPoints()
	f := Fit(syria, 200, 50)
	for b.Loop() {
		Bin(f, pts)
	}
}

// BenchmarkRender200x50 draws a 200×50 map of a million binned points: the borders in view and
// a mark per cell, never per point.
func BenchmarkRender200x50(b *testing.B) {
	base := basemap(b)
	bins := Bin(Fit(syria, 200, 50), millionPoints())
	for b.Loop() {
		Render(base, bins, Options{})
	}
}

// BenchmarkMap1M is what a filter change costs the map: bin a million points and draw them.
func BenchmarkMap1M(b *testing.B) {
	base := basemap(b)
	pts := millionPoints()
	f := Fit(syria, 200, 50)
	for b.Loop() {
		Render(base, Bin(f, pts), Options{})
	}
}

// BenchmarkRenderWorld200x50 draws the whole world's borders, the most a frame can hold.
func BenchmarkRenderWorld200x50(b *testing.B) {
	base := basemap(b)
	bins := Bin(Fit(bound(-180, -60, 180, 80), 200, 50), nil)
	for b.Loop() {
		Render(base, bins, Options{})
	}
}

// BenchmarkNewBasemap projects the borders, once per program.
func BenchmarkNewBasemap(b *testing.B) {
	w := basemap(b)
	_ = w
	for b.Loop() {
		basemap(b)
	}
}
