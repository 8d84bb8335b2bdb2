package geomap

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/NimbleMarkets/ntcharts/v2/canvas"
	"github.com/NimbleMarkets/ntcharts/v2/canvas/graph"
	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model/geo"
)

func bound(w, s, e, n float64) orb.Bound {
	return orb.Bound{Min: orb.Point{w, s}, Max: orb.Point{e, n}}
}

var (
	syria = bound(35.7, 32.3, 42.4, 37.3)
	raqqa = orb.Point{39.0114, 35.9528}
)

// spans are a frame's width and height in Mercator metres.
func spans(f Frame) (float64, float64) {
	return f.merc.Max[0] - f.merc.Min[0], f.merc.Max[1] - f.merc.Min[1]
}

func closeTo(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

func TestFit(t *testing.T) {
	tests := []struct {
		name string
		b    orb.Bound
		w, h int
	}{
		{"Syria, wide", syria, 200, 50},
		{"Syria, narrow", syria, 60, 40},
		{"one town", bound(39.0114, 35.9528, 39.0114, 35.9528), 80, 24},
		{"Yemen", bound(42.5, 12.5, 53.1, 19.0), 120, 30},
		{"a strip along a meridian", bound(40, 10, 40.5, 40), 80, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fit(tt.b, tt.w, tt.h)
			if f.Width != tt.w || f.Height != tt.h {
				t.Fatalf("size %dx%d, want %dx%d", f.Width, f.Height, tt.w, tt.h)
			}
			// Everything asked for is shown...
			for _, p := range []orb.Point{tt.b.Min, tt.b.Max, tt.b.Center()} {
				if _, _, ok := f.Cell(p); !ok {
					t.Errorf("%v is off the fitted map %v", p, f.View)
				}
			}
			// ...with square dots: as many metres per dot across as down.
			dx, dy := spans(f)
			if !closeTo(dx/float64(2*tt.w-1), dy/float64(4*tt.h-1), 1e-9) {
				t.Errorf("dots of %.1f m across and %.1f m down", dx/float64(2*tt.w-1), dy/float64(4*tt.h-1))
			}
			// ...centred on the bound, in the projection.
			lo, hi := mercator(tt.b.Min), mercator(tt.b.Max)
			c := orb.Point{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}
			if mc := f.merc.Center(); !closeTo(mc[0], c[0], 1e-9) || !closeTo(mc[1], c[1], 1e-9) {
				t.Errorf("centre %v, want %v", wgs84(mc), wgs84(c))
			}
			if span := f.View.Max[0] - f.View.Min[0]; span < MinSpan*(1-1e-9) {
				t.Errorf("view %v narrower than MinSpan", f.View)
			}
		})
	}
}

func TestFitWorld(t *testing.T) {
	f := Fit(bound(-180, -60, 180, 80), 200, 50)
	if f.View.Min[0] > -180 || f.View.Max[0] < 180 {
		t.Errorf("the world fitted to a wide grid is cut: %v", f.View)
	}
	if f.View.Max[1] > geo.MaxLat+1e-9 || f.View.Min[1] < -geo.MaxLat-1e-9 {
		t.Errorf("view %v goes past the Mercator world", f.View)
	}
}

// TestDotAgreesWithNtcharts holds the binning of points to the same rounding as the braille grid
// the borders are drawn on, so a point and its border share a cell.
func TestDotAgreesWithNtcharts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, f := range []Frame{Fit(syria, 200, 50), Fit(syria, 61, 17), Fit(bound(-180, -60, 180, 80), 120, 30)} {
		g := graph.NewBrailleGrid(f.Width, f.Height, f.merc.Min[0], f.merc.Max[0], f.merc.Min[1], f.merc.Max[1])
		for range 2000 {
			p := orb.Point{
				f.View.Min[0] + r.Float64()*(f.View.Max[0]-f.View.Min[0]),
				f.View.Min[1] + r.Float64()*(f.View.Max[1]-f.View.Min[1]),
			}
			p = clampPoint(p)
			x, y, ok := f.dot(p)
			m := mercator(p)
			want := g.GridPoint(canvas.Float64Point{X: m[0], Y: m[1]})
			if !ok || x != want.X || y != want.Y {
				t.Fatalf("%v: dot (%d, %d, %v), ntcharts (%d, %d)", p, x, y, ok, want.X, want.Y)
			}
		}
	}
}

func TestCellBound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	f := Fit(syria, 80, 24)
	for range 5000 {
		p := orb.Point{syria.Min[0] + r.Float64()*(syria.Max[0]-syria.Min[0]), syria.Min[1] + r.Float64()*(syria.Max[1]-syria.Min[1])}
		col, row, ok := f.Cell(p)
		if !ok {
			t.Fatalf("%v off the map", p)
		}
		b := f.CellBound(col, row)
		if !b.Contains(p) {
			t.Fatalf("%v is in cell (%d, %d) but outside its bound %v", p, col, row, b)
		}
		if c, r2, _ := f.Cell(f.CellCenter(col, row)); c != col || r2 != row {
			t.Fatalf("the centre of cell (%d, %d) is in cell (%d, %d)", col, row, c, r2)
		}
	}
	// The corner cells: row 0 is the north.
	if _, row, _ := f.Cell(orb.Point{38, syria.Max[1]}); row != 0 {
		t.Errorf("the north edge is in row %d", row)
	}
	if col, _, _ := f.Cell(orb.Point{f.View.Max[0], 34}); col != f.Width-1 {
		t.Errorf("the east edge is in column %d", col)
	}
}

func TestCellOffTheMap(t *testing.T) {
	f := Fit(syria, 80, 24)
	for _, p := range []orb.Point{{0, 0}, {math.NaN(), 35}, {39, math.Inf(1)}, {200, 35}, {39, 89}, {f.View.Max[0] + 1, 35}} {
		if c, r, ok := f.Cell(p); ok {
			t.Errorf("%v is in cell (%d, %d)", p, c, r)
		}
	}
	var zero Frame
	if _, _, ok := zero.Cell(raqqa); ok {
		t.Error("the zero frame has a cell")
	}
}

func TestZoom(t *testing.T) {
	f := Fit(syria, 120, 30)
	tests := []struct {
		name   string
		factor float64
		about  orb.Point
		span   float64 // the expected width of the view over the old one
	}{
		{"in twice about Raqqa", 2, raqqa, 0.5},
		{"out twice about Raqqa", 0.5, raqqa, 2},
		{"in about the centre", 4, f.View.Center(), 0.25},
		{"in past the limit stops at MinSpan", 1e9, raqqa, -1},
		{"no factor changes nothing", 0, raqqa, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := f.Zoom(tt.factor, tt.about)
			dx, _ := spans(f)
			zdx, zdy := spans(z)
			switch {
			case tt.span < 0:
				if got := z.View.Max[0] - z.View.Min[0]; !closeTo(got, MinSpan, 1e-6) {
					t.Fatalf("view %v° wide, want MinSpan", got)
				}
			case !closeTo(zdx/dx, tt.span, 1e-9):
				t.Fatalf("view %.3g of the old width, want %.3g", zdx/dx, tt.span)
			}
			if !closeTo(zdx/float64(2*z.Width-1), zdy/float64(4*z.Height-1), 1e-9) {
				t.Error("zooming stretched the dots")
			}
			// The point zoomed about stays where it was on the grid.
			if tt.factor > 0 {
				x0, y0, _ := f.dot(tt.about)
				x1, y1, _ := z.dot(tt.about)
				if abs(x0-x1) > 1 || abs(y0-y1) > 1 {
					t.Fatalf("%v moved from dot (%d, %d) to (%d, %d)", tt.about, x0, y0, x1, y1)
				}
			}
		})
	}
}

func TestZoomRoundTrip(t *testing.T) {
	f := Fit(syria, 120, 30)
	g := f.Zoom(3, raqqa).Zoom(1.0/3, raqqa)
	for i := 0; i < 2; i++ {
		if !closeTo(g.View.Min[i], f.View.Min[i], 1e-9) || !closeTo(g.View.Max[i], f.View.Max[i], 1e-9) {
			t.Fatalf("in and out again: %v, was %v", g.View, f.View)
		}
	}
}

func TestZoomOutStopsAtTheWorld(t *testing.T) {
	f := Fit(syria, 200, 50)
	for range 20 {
		f = f.Zoom(0.25, raqqa)
	}
	if f.View.Max[1] > geo.MaxLat+1e-9 || f.View.Min[1] < -geo.MaxLat-1e-9 {
		t.Fatalf("zoomed out past the poles: %v", f.View)
	}
	dx, dy := spans(f)
	wdx := 2 * math.Pi * orb.EarthRadius
	if dx > wdx*(1+1e-9) && dy > wdx*(1+1e-9) {
		t.Fatalf("zoomed out past the world both ways: %v", f.View)
	}
	if _, _, ok := f.Cell(raqqa); !ok {
		t.Fatal("Raqqa is off the whole-world map")
	}
}

func TestPan(t *testing.T) {
	f := Fit(syria, 120, 30)
	dx, dy := spans(f)
	tests := []struct {
		name        string
		east, north float64
		wantX       float64 // the centre's move in view widths
		wantY       float64
	}{
		{"east a quarter", 0.25, 0, 0.25, 0},
		{"west a quarter", -0.25, 0, -0.25, 0},
		{"north a half", 0, 0.5, 0, 0.5},
		{"south-west", -0.1, -0.1, -0.1, -0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Pan(tt.east, tt.north)
			pdx, pdy := spans(p)
			if !closeTo(pdx, dx, 1e-9) || !closeTo(pdy, dy, 1e-9) {
				t.Fatal("panning changed the scale")
			}
			mx := (p.merc.Center()[0] - f.merc.Center()[0]) / dx
			my := (p.merc.Center()[1] - f.merc.Center()[1]) / dy
			if math.Abs(mx-tt.wantX) > 1e-9 || math.Abs(my-tt.wantY) > 1e-9 {
				t.Fatalf("moved (%.3f, %.3f) views, want (%.3f, %.3f)", mx, my, tt.wantX, tt.wantY)
			}
		})
	}
	// Panning stops at the world's edge.
	edge := Fit(bound(170, 60, 179, 80), 80, 24)
	for range 50 {
		edge = edge.Pan(0.5, 0.5)
	}
	if edge.View.Max[0] > 180+1e-9 || edge.View.Max[1] > geo.MaxLat+1e-9 {
		t.Fatalf("panned past the edge: %v", edge.View)
	}
}

func TestResize(t *testing.T) {
	f := Fit(syria, 80, 24)
	g := f.Resize(160, 48)
	if !closeTo(f.sx, g.sx, 1e-9) || !closeTo(f.sy, g.sy, 1e-9) {
		t.Errorf("resizing changed the scale: %g/%g to %g/%g", f.sx, f.sy, g.sx, g.sy)
	}
	if c, d := f.merc.Center(), g.merc.Center(); !closeTo(c[0], d[0], 1e-9) || !closeTo(c[1], d[1], 1e-9) {
		t.Errorf("resizing moved the centre from %v to %v", wgs84(c), wgs84(d))
	}
	if z := (Frame{}).Resize(80, 24); z.Width != 80 || z.Height != 24 {
		t.Errorf("the zero frame resized to %dx%d", z.Width, z.Height)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestLocatorAgreesWithCell holds Bin's fast path (no projection per point) to Frame.Cell, in
// frames where rows differ much in latitude (the whole world) and little (a town).
func TestLocatorAgreesWithCell(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	frames := []Frame{
		Fit(bound(-180, -60, 180, 80), 200, 50),
		Fit(bound(-180, -85, 180, 85), 37, 61),
		Fit(syria, 80, 24),
		Fit(bound(39.0, 35.9, 39.05, 35.99), 120, 30),
	}
	for _, f := range frames {
		l := newLocator(f)
		for range 20000 {
			p := orb.Point{
				f.View.Min[0] - 1 + r.Float64()*(f.View.Max[0]-f.View.Min[0]+2),
				f.View.Min[1] - 1 + r.Float64()*(f.View.Max[1]-f.View.Min[1]+2),
			}
			col, row, ok := f.Cell(p)
			i, lok := l.cell(p[0], p[1])
			if ok != lok || (ok && i != row*f.Width+col) {
				t.Fatalf("%v in %v: Cell (%d, %d, %v), locator cell %d (%d, %d, %v)", p, f.View, col, row, ok, i, i%f.Width, i/f.Width, lok)
			}
		}
	}
}
