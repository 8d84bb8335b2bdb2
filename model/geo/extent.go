package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// MaxLat is the furthest latitude a map shows: the limit of the web Mercator projection, past
// which it runs to infinity.
const MaxLat = 85.05112878

// Extent is the bound of a set of points, built one point at a time so that a caller walking
// its records need not gather them first. The zero Extent holds nothing.
type Extent struct {
	bound orb.Bound
	n     int
}

// Add takes a point into the extent. Points that are not coordinates (NaN, or out of
// [-180, 180] × [-90, 90]) are left out and not counted.
func (e *Extent) Add(p orb.Point) {
	if !Valid(p) {
		return
	}
	if e.n == 0 {
		e.bound = p.Bound()
	} else {
		e.bound = e.bound.Extend(p)
	}
	e.n++
}

// Len is how many points the extent holds.
func (e *Extent) Len() int { return e.n }

// Bound returns the smallest bound holding every point added, false when none was.
func (e *Extent) Bound() (orb.Bound, bool) { return e.bound, e.n > 0 }

// Fit returns the extent made ready to show: padded on every side by pad (a fraction of its
// span: 0.1 adds a tenth each side), grown about its centre to at least minSpan degrees each
// way (so that one point, or one town's strikes, is shown with its surroundings), and kept
// within longitudes ±180 and latitudes ±MaxLat. False when the extent holds no point.
func (e *Extent) Fit(pad, minSpan float64) (orb.Bound, bool) {
	if e.n == 0 {
		return orb.Bound{}, false
	}
	return Pad(e.bound, pad, minSpan), true
}

// Pad grows b by pad (a fraction of its span) on every side and to at least minSpan degrees
// each way about its centre, keeping it within longitudes ±180 and latitudes ±MaxLat (a bound
// that would cross an edge is moved back inside rather than cut, while it fits).
func Pad(b orb.Bound, pad, minSpan float64) orb.Bound {
	lo0, hi0 := grow(b.Min[0], b.Max[0], pad, minSpan, 180)
	lo1, hi1 := grow(b.Min[1], b.Max[1], pad, minSpan, MaxLat)
	return orb.Bound{Min: orb.Point{lo0, lo1}, Max: orb.Point{hi0, hi1}}
}

// grow pads one axis and keeps it within ±limit.
func grow(lo, hi, pad, minSpan, limit float64) (float64, float64) {
	span := hi - lo
	lo, hi = lo-span*pad, hi+span*pad
	if hi-lo < minSpan {
		mid := (lo + hi) / 2
		lo, hi = mid-minSpan/2, mid+minSpan/2
	}
	if hi-lo >= 2*limit {
		return -limit, limit
	}
	if lo < -limit {
		lo, hi = -limit, hi+(-limit-lo)
	}
	if hi > limit {
		lo, hi = lo-(hi-limit), limit
	}
	return lo, hi
}

// Valid says whether p is a coordinate: a longitude in [-180, 180] and a latitude in [-90, 90].
func Valid(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}
