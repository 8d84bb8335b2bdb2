package geomap

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model/geo"
)

// metresPerDegree is the Mercator x of a degree of longitude, as orb's projection computes it.
const metresPerDegree = orb.EarthRadius * math.Pi / 180.0

// locator finds the cells of many points without projecting each: a column is linear in the
// longitude, and a row is found among the latitudes where rows change, computed once per frame
// by the inverse projection. It puts a point in the cell Frame.Cell does (they differ, if ever,
// for a point within rounding error of a cell's edge).
type locator struct {
	f      Frame
	edges  []float64 // edges[j]: the latitude where upward row j begins; edges[Height] the top
	bucket []int32   // the upward row at the start of each slice of latitude
	lat0   float64   // edges[0]
	scale  float64   // buckets per degree
}

func newLocator(f Frame) locator {
	l := locator{f: f}
	if f.sx == 0 || f.sy == 0 {
		return l
	}
	h := f.Height
	l.edges = make([]float64, h+1)
	minRow := math.Inf(1)
	for j := 0; j <= h; j++ {
		// Upward dot k takes the Mercator y in [k-0.5, k+0.5) dots: row j begins at dot 4j.
		y := f.merc.Min[1] + (float64(4*j)-0.5)/f.sy
		l.edges[j] = wgs84(orb.Point{0, y})[1]
		if j > 0 {
			minRow = math.Min(minRow, l.edges[j]-l.edges[j-1])
		}
	}
	l.lat0 = l.edges[0]
	span := l.edges[h] - l.lat0
	n := int(math.Min(math.Ceil(span/minRow)+1, 1<<16))
	l.scale = float64(n) / span
	l.bucket = make([]int32, n+1)
	j := 0
	for i := range l.bucket {
		lat := l.lat0 + float64(i)/l.scale
		for j < h-1 && lat >= l.edges[j+1] {
			j++
		}
		l.bucket[i] = int32(j)
	}
	return l
}

// cell is the index (row by row from the top left) of the cell holding the point.
func (l *locator) cell(lon, lat float64) (int, bool) {
	if l.edges == nil || !(lat >= l.lat0) || !(lat < l.edges[len(l.edges)-1]) || math.Abs(lat) > geo.MaxLat || !(lon >= -180 && lon <= 180) {
		return 0, false
	}
	fx := math.Round((metresPerDegree*lon - l.f.merc.Min[0]) * l.f.sx)
	if !(fx >= 0 && fx < float64(2*l.f.Width)) {
		return 0, false
	}
	j := int(l.bucket[int((lat-l.lat0)*l.scale)])
	for lat >= l.edges[j+1] {
		j++
	}
	for lat < l.edges[j] {
		j--
	}
	row := l.f.Height - 1 - j
	return row*l.f.Width + int(fx)/2, true
}
