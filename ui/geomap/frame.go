// Package geomap draws strikes on a map in the terminal: borders in braille dots (two by four
// to a cell), the strikes as density marks by cell, the marks of strikes located to a town
// distinct from those of strikes known only to their district or province. It is pure: given
// borders, a viewport, a size in cells and points, it returns lines of text, and it answers which
// points a cell holds and how a view zooms and pans. It does not import package ui (ui imports
// it) and does not count strikes without coordinates: the caller does.
//
// The projection is web Mercator, so shapes keep their form at every latitude the map can show
// (up to geo.MaxLat); a terminal cell is taken to be twice as tall as wide, which makes a braille
// dot square.
package geomap

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"github.com/strikes-dev/strikes/model/geo"
)

// CellAspect is how much taller than wide a terminal cell is taken to be.
const CellAspect = 2.0

// MinSpan is the narrowest view, in degrees of longitude: about a kilometre at the equator.
const MinSpan = 0.01

// minMerc is MinSpan in Mercator metres.
var minMerc = MinSpan / 180 * math.Pi * orb.EarthRadius

// Frame is a viewport laid on a grid of cells: the one projection that borders and points go
// through, so that a point and the border beside it land in the same cell. Its zero value has
// no cells.
type Frame struct {
	// View is the part of the world shown, in degrees: Min is the south-west corner.
	View          orb.Bound
	Width, Height int // in cells

	merc   orb.Bound // View in Mercator metres
	sx, sy float64   // dots per metre: (dots-1) / span, as ntcharts' BrailleGrid scales
}

// NewFrame lays view on width × height cells as it is, stretched if its shape is not the
// grid's: use Fit for a view of the right shape. A view outside the world is clamped to it.
func NewFrame(view orb.Bound, width, height int) Frame {
	f := Frame{Width: max(width, 0), Height: max(height, 0)}
	view = clampView(view)
	f.View = view
	f.merc = orb.Bound{Min: mercator(view.Min), Max: mercator(view.Max)}
	if dx := f.merc.Max[0] - f.merc.Min[0]; dx > 0 && f.Width > 0 {
		f.sx = float64(2*f.Width-1) / dx
	}
	if dy := f.merc.Max[1] - f.merc.Min[1]; dy > 0 && f.Height > 0 {
		f.sy = float64(4*f.Height-1) / dy
	}
	return f
}

// Fit returns the frame of width × height cells that shows all of b, grown about its centre
// (in the projection) to the grid's shape, so that nothing is stretched. An empty b (one
// point) is first grown to MinSpan.
func Fit(b orb.Bound, width, height int) Frame {
	b = clampView(b)
	lo, hi := mercator(b.Min), mercator(b.Max)
	cx, cy := (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
	dx, dy := math.Max(hi[0]-lo[0], minMerc), math.Max(hi[1]-lo[1], minMerc)
	if width > 0 && height > 0 {
		// Square dots: dx / (2w-1) = dy / (4h-1), as the dots are laid out.
		want := float64(2*width-1) / float64(4*height-1) * 2 / CellAspect
		if dx/dy < want {
			dx = dy * want
		} else {
			dy = dx / want
		}
	}
	return fromMercator(cx, cy, dx, dy, width, height)
}

// fromMercator is the frame of a view given by its centre and spans in Mercator metres, kept
// inside the world: a view wider than the world is centred on it, with empty margins east and
// west; one taller than the world (a whole-world view on a grid taller than wide) is cut to it.
func fromMercator(cx, cy, dx, dy float64, width, height int) Frame {
	wlo, whi := mercator(orb.Point{-180, -geo.MaxLat}), mercator(orb.Point{180, geo.MaxLat})
	cx = keepInside(cx, dx, wlo[0], whi[0])
	cy = keepInside(cy, dy, wlo[1], whi[1])
	view := orb.Bound{
		Min: wgs84(orb.Point{cx - dx/2, cy - dy/2}),
		Max: wgs84(orb.Point{cx + dx/2, cy + dy/2}),
	}
	return NewFrame(view, width, height)
}

// keepInside moves a centre so that a span about it stays within [lo, hi] where it fits, and
// centres it on [lo, hi] where it does not.
func keepInside(c, span, lo, hi float64) float64 {
	if span >= hi-lo {
		return (lo + hi) / 2
	}
	return math.Min(math.Max(c, lo+span/2), hi-span/2)
}

// Zoom returns the frame magnified by factor (above 1 zooms in, below 1 out) about the point p,
// which stays where it is on the grid. The view never narrows below MinSpan nor grows past the
// world.
func (f Frame) Zoom(factor float64, p orb.Point) Frame {
	if factor <= 0 || math.IsNaN(factor) || f.Width == 0 || f.Height == 0 {
		return f
	}
	lo, hi := f.merc.Min, f.merc.Max
	dx, dy := hi[0]-lo[0], hi[1]-lo[1]
	if dx/factor < minMerc {
		factor = dx / minMerc
	}
	// Zoomed out, one axis at least stays within the world (the other may show margins).
	wlo, whi := mercator(orb.Point{-180, -geo.MaxLat}), mercator(orb.Point{180, geo.MaxLat})
	factor = math.Max(factor, math.Min(dx/(whi[0]-wlo[0]), dy/(whi[1]-wlo[1])))
	q := mercator(clampPoint(p))
	// q keeps its fraction of the view: new lo = q - (q - lo) / factor.
	nlo := orb.Point{q[0] - (q[0]-lo[0])/factor, q[1] - (q[1]-lo[1])/factor}
	ndx, ndy := dx/factor, dy/factor
	return fromMercator(nlo[0]+ndx/2, nlo[1]+ndy/2, ndx, ndy, f.Width, f.Height)
}

// Pan returns the frame moved by fractions of its own width and height: east and north for
// positive fractions. It stops at the world's edge.
func (f Frame) Pan(east, north float64) Frame {
	lo, hi := f.merc.Min, f.merc.Max
	dx, dy := hi[0]-lo[0], hi[1]-lo[1]
	return fromMercator((lo[0]+hi[0])/2+east*dx, (lo[1]+hi[1])/2+north*dy, dx, dy, f.Width, f.Height)
}

// Resize returns the frame on a grid of another size, about the same centre and at the same
// scale as far as the new shape allows (a terminal resized keeps the map where it was).
func (f Frame) Resize(width, height int) Frame {
	if f.Width == 0 || f.Height == 0 || f.sx == 0 || f.sy == 0 {
		return Fit(f.View, width, height)
	}
	cx, cy := (f.merc.Min[0]+f.merc.Max[0])/2, (f.merc.Min[1]+f.merc.Max[1])/2
	dx := float64(2*width-1) / f.sx
	dy := float64(4*height-1) / f.sy
	return fromMercator(cx, cy, dx, dy, width, height)
}

// dot is the braille dot a point falls on, counted from the top left, as ntcharts' BrailleGrid
// rounds it; ok is false outside the grid.
func (f Frame) dot(p orb.Point) (x, y int, ok bool) {
	if f.sx == 0 || f.sy == 0 || !geo.Valid(p) || math.Abs(p[1]) > geo.MaxLat {
		return 0, 0, false
	}
	m := mercator(p)
	return f.dotMerc(m)
}

func (f Frame) dotMerc(m orb.Point) (x, y int, ok bool) {
	fx := math.Round((m[0] - f.merc.Min[0]) * f.sx)
	fy := math.Round((m[1] - f.merc.Min[1]) * f.sy)
	w, h := float64(2*f.Width), float64(4*f.Height)
	if !(fx >= 0 && fx < w && fy >= 0 && fy < h) { // also false for NaN
		return 0, 0, false
	}
	return int(fx), 4*f.Height - 1 - int(fy), true
}

// Cell returns the cell (column, row from the top left) a point falls in; ok is false when it
// is not on the map.
func (f Frame) Cell(p orb.Point) (col, row int, ok bool) {
	x, y, ok := f.dot(p)
	return x / 2, y / 4, ok
}

// CellBound returns the longitudes and latitudes a cell covers: the points Cell puts in it.
func (f Frame) CellBound(col, row int) orb.Bound {
	if f.sx == 0 || f.sy == 0 {
		return orb.Bound{}
	}
	// Dot x covers [x-0.5, x+0.5) after rounding; a cell is dots 2col, 2col+1 across and
	// 4row .. 4row+3 down (dot rows counted from the top).
	x0 := (float64(2*col) - 0.5) / f.sx
	x1 := (float64(2*col) + 1.5) / f.sx
	ytop := float64(4*f.Height-1-4*row) + 0.5 // upward dot index of the cell's top edge
	y0 := (ytop - 4) / f.sy
	y1 := ytop / f.sy
	return orb.Bound{
		Min: wgs84(orb.Point{f.merc.Min[0] + x0, f.merc.Min[1] + y0}),
		Max: wgs84(orb.Point{f.merc.Min[0] + x1, f.merc.Min[1] + y1}),
	}
}

// CellCenter returns the middle of a cell, in degrees: the point to zoom about from a cursor.
func (f Frame) CellCenter(col, row int) orb.Point {
	b := f.CellBound(col, row)
	m0, m1 := mercator(b.Min), mercator(b.Max)
	return wgs84(orb.Point{(m0[0] + m1[0]) / 2, (m0[1] + m1[1]) / 2})
}

func mercator(p orb.Point) orb.Point { return project.WGS84.ToMercator(p) }
func wgs84(p orb.Point) orb.Point    { return project.Mercator.ToWGS84(p) }

// clampPoint keeps a point inside the world the map can show.
func clampPoint(p orb.Point) orb.Point {
	return orb.Point{math.Min(math.Max(p[0], -180), 180), math.Min(math.Max(p[1], -geo.MaxLat), geo.MaxLat)}
}

// clampView keeps a view's latitudes inside the world and its longitudes within a turn and a
// half (a whole-world view on a wide grid has margins past ±180), its corners in order.
func clampView(b orb.Bound) orb.Bound {
	clamp := func(p orb.Point) orb.Point {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			return orb.Point{}
		}
		return orb.Point{math.Min(math.Max(p[0], -540), 540), math.Min(math.Max(p[1], -geo.MaxLat), geo.MaxLat)}
	}
	lo, hi := clamp(b.Min), clamp(b.Max)
	if lo[0] > hi[0] {
		lo[0], hi[0] = hi[0], lo[0]
	}
	if lo[1] > hi[1] {
		lo[1], hi[1] = hi[1], lo[1]
	}
	return orb.Bound{Min: lo, Max: hi}
}
