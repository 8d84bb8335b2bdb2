package geomap

import (
	"slices"

	"github.com/NimbleMarkets/ntcharts/v2/canvas"
	"github.com/NimbleMarkets/ntcharts/v2/canvas/graph"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"github.com/strikes-dev/strikes/model/geo"
)

// Basemap is the borders made ready to draw: projected once, so that a frame only scales them.
// It is read-only and safe to share between goroutines.
type Basemap struct {
	attribution          string
	countries, divisions []mline
}

// mline is a border line in Mercator metres, with its bound.
type mline struct {
	pts   orb.LineString
	bound orb.Bound
}

// NewBasemap projects the borders. A nil b gives a map without borders.
func NewBasemap(b *geo.Borders) *Basemap {
	m := &Basemap{}
	if b == nil {
		return m
	}
	m.attribution = b.Attribution
	m.countries = projectLines(b.Countries.Lines)
	m.divisions = projectLines(b.Divisions.Lines)
	return m
}

func projectLines(lines []geo.Line) []mline {
	out := make([]mline, 0, len(lines))
	for _, l := range lines {
		pts := make(orb.LineString, len(l.Points))
		for i, p := range l.Points {
			pts[i] = mercator(clampPoint(p))
		}
		out = append(out, mline{pts: pts, bound: pts.Bound()})
	}
	return out
}

// Attribution names the borders' sources, Natural Earth first; a map shows it.
func (m *Basemap) Attribution() string { return m.attribution }

// borders are the braille patterns of a frame's borders, one rune per cell (U+2800, the empty
// pattern, where a cell has no dot), and which cells hold a country border.
type borders struct {
	runes   [][]rune
	country []bool // row by row: the cell has a dot of a country border
}

// draw lays the borders of the frame on ntcharts braille grids, one for countries (solid) and
// one for divisions (every other dot, so that they read apart without colour), and merges them.
// Lines out of view are skipped by their bound and the rest clipped to the view, so the work is
// the borders in view, never the points.
func (m *Basemap) draw(f Frame) borders {
	w, h := f.Width, f.Height
	out := borders{runes: make([][]rune, h), country: make([]bool, w*h)}
	if w == 0 || h == 0 || f.sx == 0 || f.sy == 0 {
		return out
	}
	// A dot's reach beyond the view: lines are clipped there, so their ends still round onto
	// the edge dots.
	px, py := 1/f.sx, 1/f.sy
	box := orb.Bound{Min: orb.Point{f.merc.Min[0] - px, f.merc.Min[1] - py}, Max: orb.Point{f.merc.Max[0] + px, f.merc.Max[1] + py}}
	grid := func(lines []mline, dotted bool) [][]rune {
		g := graph.NewBrailleGrid(w, h, f.merc.Min[0], f.merc.Max[0], f.merc.Min[1], f.merc.Max[1])
		for _, l := range lines {
			if !l.bound.Intersects(box) {
				continue
			}
			for _, part := range clip.LineString(box, l.pts) {
				trace(g, part, dotted)
			}
		}
		return g.BraillePatterns()
	}
	countries := grid(m.countries, false)
	divisions := grid(m.divisions, true)
	for y := 0; y < h; y++ {
		row := make([]rune, w)
		for x := 0; x < w; x++ {
			c, d := countries[y][x], divisions[y][x]
			out.country[y*w+x] = c != emptyBraille
			row[x] = c | d // braille patterns combine by their dot bits
		}
		out.runes[y] = row
	}
	return out
}

// emptyBraille is the braille pattern without dots.
const emptyBraille = '\u2800'

// trace sets the dots along a line: every dot, or every other one for a dotted line, counted
// along the whole line so that the pattern does not restart at each vertex.
func trace(g *graph.BrailleGrid, ls orb.LineString, dotted bool) {
	n := 0
	prev := g.GridPoint(canvas.Float64Point{X: ls[0][0], Y: ls[0][1]})
	if len(ls) == 1 {
		g.Set(prev)
		return
	}
	for _, p := range ls[1:] {
		next := g.GridPoint(canvas.Float64Point{X: p[0], Y: p[1]})
		dots := graph.GetLinePoints(prev, next)
		if len(dots) > 0 && dots[0] != prev {
			slices.Reverse(dots) // ntcharts walks a line in whichever direction its axis runs
		}
		for i, d := range dots {
			if i == 0 && n > 0 {
				continue // the vertex, set as the last dot of the segment before
			}
			if !dotted || n%2 == 0 {
				g.Set(d)
			}
			n++
		}
		prev = next
	}
}
