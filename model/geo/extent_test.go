package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestExtentFit(t *testing.T) {
	b := func(x0, y0, x1, y1 float64) orb.Bound {
		return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	}
	tests := []struct {
		name         string
		points       []orb.Point
		pad, minSpan float64
		want         orb.Bound
		ok           bool
	}{
		{"none", nil, 0.1, 1, orb.Bound{}, false},
		{"only bad points", []orb.Point{{math.NaN(), 1}, {200, 0}, {0, -91}}, 0.1, 1, orb.Bound{}, false},
		{"one point grows to the minimum span", []orb.Point{{39, 36}}, 0.1, 2, b(38, 35, 40, 37), true},
		{"padded by a tenth each side", []orb.Point{{36, 32}, {42, 37}}, 0.1, 0, b(35.4, 31.5, 42.6, 37.5), true},
		{"a narrow axis grows, the other is padded", []orb.Point{{38, 30}, {38, 40}}, 0, 4, b(36, 30, 40, 40), true},
		{"bad points are left out", []orb.Point{{36, 32}, {math.NaN(), 0}, {42, 37}}, 0, 0, b(36, 32, 42, 37), true},
		{"kept inside the world, moved rather than cut", []orb.Point{{179, 84}}, 0, 4, b(176, MaxLat-4, 180, MaxLat), true},
		{"the whole world at most", []orb.Point{{-170, -80}, {170, 80}}, 0.5, 0, b(-180, -MaxLat, 180, MaxLat), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Extent
			for _, p := range tt.points {
				e.Add(p)
			}
			got, ok := e.Fit(tt.pad, tt.minSpan)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !near(got, tt.want) {
				t.Fatalf("Fit = %v, want %v", got, tt.want)
			}
		})
	}
}

func near(a, b orb.Bound) bool {
	const eps = 1e-9
	for i := 0; i < 2; i++ {
		if math.Abs(a.Min[i]-b.Min[i]) > eps || math.Abs(a.Max[i]-b.Max[i]) > eps {
			return false
		}
	}
	return true
}

func TestExtentLen(t *testing.T) {
	var e Extent
	e.Add(orb.Point{1, 2})
	e.Add(orb.Point{math.Inf(1), 2})
	e.Add(orb.Point{3, 4})
	if e.Len() != 2 {
		t.Fatalf("Len = %d, want 2 (the infinite point left out)", e.Len())
	}
	if b, ok := e.Bound(); !ok || b != (orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}) {
		t.Fatalf("Bound = %v, %v", b, ok)
	}
}
