package geomap

import (
	"math"

	"github.com/strikes-dev/strikes/model"
)

// Precision says how a point's place is known, which decides how the map marks it.
type Precision uint8

const (
	// Located is a place known to a town, a village, a neighbourhood or closer: a dot where it is.
	Located Precision = iota
	// Area is a place known only to its district, province or country, given as a point (often
	// the area's centre): a ring, so that it is not mistaken for a strike at that spot.
	Area
)

// PrecisionOf is the map's precision for a place's: a city or finer is Located; a district,
// province or country is Area, and so is a point whose precision nobody gave (it claims no
// more than it knows), and a town's point the strike was only within 25 km of (UCDP's
// where_prec 2: the point is not where it fell).
func PrecisionOf(p model.PlacePrecision) Precision {
	switch p {
	case model.PlaceExact, model.PlaceNeighbourhood, model.PlaceTown, model.PlaceCity:
		return Located
	}
	return Area
}

// Point is one thing to put on the map, usually a strike: where, how precisely, and how much it
// weighs in the density (1 for a strike; weights below 0 count as 0).
type Point struct {
	Lon, Lat  float64
	Weight    int32
	Precision Precision
}

// Levels is how many density levels the marks show.
const Levels = 4

// Bins are points sorted into the cells of a frame: the weight of each cell, split by
// precision, and which points each cell holds. Binning is one pass to find cells and one to
// place the points; cells are looked up by index, so a cursor moves without re-binning.
type Bins struct {
	frame           Frame
	located, area   []int64 // weight per cell, row by row
	start           []int32 // the points of cell i are idx[start[i]:start[i+1]]
	idx             []int32
	outside         int // points with coordinates that fall off the map
	invalid         int // points whose coordinates are not coordinates (NaN, out of range)
	max             int64
	thresholds      [Levels]int64 // the highest weight of each level
	locatedN, areaN int           // how many points of each precision are on the map
}

// Bin sorts points into the cells of f. The points are not kept; Points gives back their
// indices in pts.
func Bin(f Frame, pts []Point) *Bins {
	n := f.Width * f.Height
	b := &Bins{frame: f, located: make([]int64, n), area: make([]int64, n), start: make([]int32, n+1)}
	cells := make([]int32, len(pts))
	loc := newLocator(f)
	for i, p := range pts {
		c := int32(-1)
		if ci, ok := loc.cell(p.Lon, p.Lat); ok {
			c = int32(ci)
			w := int64(max(p.Weight, 0))
			if p.Precision == Area {
				b.area[c] += w
				b.areaN++
			} else {
				b.located[c] += w
				b.locatedN++
			}
			b.start[c+1]++
		} else if validPoint(p) {
			b.outside++
		} else {
			b.invalid++
		}
		cells[i] = c
	}
	for i := 1; i <= n; i++ {
		b.start[i] += b.start[i-1]
	}
	b.idx = make([]int32, b.start[n])
	next := make([]int32, n)
	copy(next, b.start[:n])
	for i, c := range cells {
		if c >= 0 {
			b.idx[next[c]] = int32(i)
			next[c]++
		}
	}
	for i := range n {
		b.max = max(b.max, b.located[i], b.area[i])
	}
	b.thresholds = thresholds(b.max)
	return b
}

func validPoint(p Point) bool {
	return !math.IsNaN(p.Lon) && !math.IsNaN(p.Lat) && p.Lon >= -180 && p.Lon <= 180 && p.Lat >= -90 && p.Lat <= 90
}

// Frame is the frame the points were binned in.
func (b *Bins) Frame() Frame { return b.frame }

// Cell is what a cell holds.
type Cell struct {
	Located, Area int64 // the weights of its points of each precision
	N             int   // how many points
}

// Cell returns what the cell at (col, row) holds; nothing for a cell off the grid.
func (b *Bins) Cell(col, row int) Cell {
	i, ok := b.index(col, row)
	if !ok {
		return Cell{}
	}
	return Cell{Located: b.located[i], Area: b.area[i], N: int(b.start[i+1] - b.start[i])}
}

// Points returns the indices (into the slice given to Bin, in its order) of the points in the
// cell at (col, row). The slice is the Bins' own: do not change it.
func (b *Bins) Points(col, row int) []int32 {
	i, ok := b.index(col, row)
	if !ok {
		return nil
	}
	return b.idx[b.start[i]:b.start[i+1]:b.start[i+1]]
}

func (b *Bins) index(col, row int) (int, bool) {
	if col < 0 || row < 0 || col >= b.frame.Width || row >= b.frame.Height {
		return 0, false
	}
	return row*b.frame.Width + col, true
}

// Counts are the points given to Bin, by where they went.
type Counts struct {
	Located, Area int // on the map, by precision
	Outside       int // with coordinates, off the map (out of the view)
	Invalid       int // with coordinates that are not (NaN, or out of range)
}

// Counts says where the points went: the map can say how many are out of view.
func (b *Bins) Counts() Counts {
	return Counts{Located: b.locatedN, Area: b.areaN, Outside: b.outside, Invalid: b.invalid}
}

// Level is the density level (1 to Levels) of a cell weight, 0 for none. Levels are a log scale
// up to the heaviest cell of either precision, so one glyph means the same weight for dots and
// rings; a map whose heaviest cell is light (below 2^Levels) uses the lower levels only.
func (b *Bins) Level(w int64) int {
	if w <= 0 {
		return 0
	}
	for k, t := range b.thresholds {
		if w <= t {
			return k + 1
		}
	}
	return Levels
}

// Band is the weights one level stands for.
type Band struct {
	Level  int
	Lo, Hi int64
}

// Bands are the levels in use (up to the heaviest cell's) and the weights each stands for,
// lightest first: the legend. None when no cell holds any weight.
func (b *Bins) Bands() []Band {
	var out []Band
	lo := int64(1)
	for k, t := range b.thresholds {
		if lo > b.max {
			break
		}
		if t >= lo {
			out = append(out, Band{Level: k + 1, Lo: lo, Hi: t})
			lo = t + 1
		}
	}
	return out
}

// thresholds are the highest weight of each level for a heaviest cell of weight top: level k
// holds the weights w with ceil(Levels * ln(1+w) / ln(1+m)) = k, m being top but at least
// 2^Levels - 1.
func thresholds(top int64) [Levels]int64 {
	var t [Levels]int64
	m := float64(top)
	if lim := float64(int64(1)<<Levels - 1); m < lim {
		m = lim
	}
	for k := 1; k <= Levels; k++ {
		// The largest w with ln(1+w) <= k/Levels * ln(1+m).
		w := int64(math.Floor(math.Exp(float64(k)/Levels*math.Log1p(m)) - 1 + 1e-9))
		t[k-1] = w
	}
	t[Levels-1] = max(t[Levels-1], top)
	return t
}
