package geomap

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/NimbleMarkets/ntcharts/v2/canvas/graph"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model/geo"
)

var goldenWidths = []int{60, 80, 120, 200}

func basemap(t testing.TB) *Basemap {
	t.Helper()
	w, err := geo.World()
	if err != nil {
		t.Fatal(err)
	}
	return NewBasemap(w)
}

// place is a town of the shared data's strikes (its coordinates are facts) with a synthetic
// weight.
type place struct {
	name     string
	lon, lat float64
	weight   int32
	prec     Precision
}

// syrianStrikes: towns located to the town, and governorates known only as such (placed at
// their centre, as datasets place them).
var syrianStrikes = []place{
	{"Raqqa", 39.0114, 35.9528, 240, Located},
	{"Tabqa", 38.5667, 35.8333, 31, Located},
	{"Aleppo", 37.1612, 36.2021, 96, Located},
	{"Al-Bab", 37.5167, 36.3667, 18, Located},
	{"Manbij", 37.9500, 36.5333, 12, Located},
	{"Idlib", 36.6339, 35.9306, 64, Located},
	{"Maarat al-Numan", 36.6756, 35.6433, 22, Located},
	{"Khan Shaykhun", 36.6333, 35.4417, 9, Located},
	{"Homs", 36.7167, 34.7333, 14, Located},
	{"Palmyra", 38.2667, 34.5500, 7, Located},
	{"Douma", 36.4025, 33.5711, 27, Located},
	{"Damascus", 36.2913, 33.5102, 3, Located},
	{"Deir ez-Zor", 40.1408, 35.3359, 52, Located},
	{"Al-Mayadin", 40.4500, 35.0167, 16, Located},
	{"Abu Kamal", 40.9167, 34.4500, 11, Located},
	{"Hasakah", 40.7500, 36.5000, 5, Located},
	{"Mosul", 43.1189, 36.3350, 1, Located},
	{"Dayr Az Zawr governorate", 40.20, 35.10, 40, Area},
	{"Idlib governorate", 36.55, 35.75, 25, Area},
	{"Ar Raqqah governorate", 38.85, 35.80, 6, Area},
	{"Hasaka governorate", 41.10, 36.60, 1, Area},
	{"Beirut", 35.5018, 33.8938, 1, Located},
}

var yemeniStrikes = []place{
	{"Sanaa", 44.2067, 15.3482, 70, Located},
	{"Saada", 43.7600, 16.9400, 110, Located},
	{"Hodeidah", 42.9545, 14.7978, 38, Located},
	{"Taiz", 44.0209, 13.5795, 44, Located},
	{"Marib", 45.3226, 15.4629, 20, Located},
	{"Aden", 45.0367, 12.7855, 8, Located},
	{"Hajjah", 43.6027, 15.6943, 26, Located},
	{"Al Jawf governorate", 45.50, 16.40, 30, Area},
	{"Sa`dah governorate", 43.95, 16.95, 60, Area},
	{"Hadramawt governorate", 48.50, 16.00, 4, Area},
}

func points(ps []place) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = Point{Lon: p.lon, Lat: p.lat, Weight: p.weight, Precision: p.prec}
	}
	return out
}

// screen is a map as a golden holds it: what is shown, the map, and its legend.
func screen(base *Basemap, f Frame, pts []Point) string {
	b := Bin(f, pts)
	c := b.Counts()
	var sb strings.Builder
	fmt.Fprintf(&sb, "view %.2f,%.2f to %.2f,%.2f · %d located · %d area only · %d off the map\n",
		f.View.Min[0], f.View.Min[1], f.View.Max[0], f.View.Max[1], c.Located, c.Area, c.Outside)
	sb.WriteString(strings.Join(Render(base, b, Options{}), "\n"))
	sb.WriteString("\n" + Legend(b, DefaultSymbols()) + "\n")
	return sb.String()
}

func TestGoldenSyria(t *testing.T) {
	base := basemap(t)
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			golden.RequireEqual(t, screen(base, Fit(syria, w, w/4), points(syrianStrikes)))
		})
	}
}

func TestGoldenYemen(t *testing.T) {
	base := basemap(t)
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			golden.RequireEqual(t, screen(base, Fit(bound(42.5, 12.5, 53.1, 19.0), w, w/4), points(yemeniStrikes)))
		})
	}
}

func TestGoldenWorld(t *testing.T) {
	base := basemap(t)
	pts := append(points(syrianStrikes), points(yemeniStrikes)...)
	pts = append(pts, Point{Lon: 69.1723, Lat: 34.5281, Weight: 9}, Point{Lon: 42.7833, Lat: 0.4833, Weight: 3}) // Kabul, Jilib
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			golden.RequireEqual(t, screen(base, Fit(bound(-180, -60, 180, 80), w, w/4), pts))
		})
	}
}

// TestGoldenZoomed is Raqqa's surroundings after zooming in twice about the city and panning a
// little east: the lines between governorates (Aleppo, Ar Raqqah, Dayr Az Zawr, Hamah, Homs)
// dotted, the strikes elsewhere off the map.
func TestGoldenZoomed(t *testing.T) {
	base := basemap(t)
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			f := Fit(syria, w, w/4).Zoom(2, raqqa).Zoom(2, raqqa).Pan(0.1, 0)
			golden.RequireEqual(t, screen(base, f, points(syrianStrikes)))
		})
	}
}

// TestRenderMarks checks each cell's mark against what Bins says the cell holds.
func TestRenderMarks(t *testing.T) {
	f := Fit(syria, 80, 24)
	pts := []Point{
		at(raqqa, 40, Located),
		at(deirEzZor, 40, Area),
		at(aleppo, 1, Located), at(aleppo, 30, Area), // a cell of both shows its located strikes
	}
	b := Bin(f, pts)
	lines := Render(nil, b, Options{})
	sym := DefaultSymbols()
	tests := []struct {
		name string
		p    orb.Point
		want rune
	}{
		{"Raqqa, located, the heaviest", raqqa, sym.Located[Levels-1]},
		{"Deir ez-Zor, only its area known", deirEzZor, sym.Area[Levels-1]},
		{"Aleppo, both: the located dot of its level", aleppo, sym.Located[0]},
	}
	for _, tt := range tests {
		col, row, _ := f.Cell(tt.p)
		if got := []rune(lines[row])[col]; got != tt.want {
			t.Errorf("%s: cell (%d, %d) shows %q, want %q", tt.name, col, row, got, tt.want)
		}
	}
	marks := 0
	for _, l := range lines {
		marks += len(strings.Fields(l))
	}
	if marks != 3 {
		t.Errorf("%d marks on a map without borders, want 3:\n%s", marks, strings.Join(lines, "\n"))
	}
}

func TestRenderSize(t *testing.T) {
	base := basemap(t)
	for _, size := range [][2]int{{1, 1}, {7, 3}, {60, 15}, {200, 50}} {
		f := Fit(syria, size[0], size[1])
		lines := Render(base, Bin(f, points(syrianStrikes)), Options{})
		if len(lines) != size[1] {
			t.Fatalf("%v: %d lines", size, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w != size[0] {
				t.Fatalf("%v: line %d is %d wide", size, i, w)
			}
		}
	}
	if lines := Render(base, Bin(Frame{}, nil), Options{}); len(lines) != 0 {
		t.Fatalf("the zero frame drew %d lines", len(lines))
	}
}

// TestRenderStyles holds colour to being an addition: without the escapes a styled map is the
// plain one, and the cursor is marked.
func TestRenderStyles(t *testing.T) {
	base := basemap(t)
	f := Fit(syria, 80, 20)
	b := Bin(f, points(syrianStrikes))
	fg := func(c string) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.Color(c)) }
	st := &Styles{
		Border:   fg("#808080"),
		Division: fg("#B0B0B0"),
		Located:  [Levels]lipgloss.Style{fg("#FFD7AF"), fg("#FFAF5F"), fg("#FF8700"), fg("#D75F00")},
		Area:     [Levels]lipgloss.Style{fg("#AFD7FF"), fg("#87AFFF"), fg("#5F87FF"), fg("#005FFF")},
		Cursor:   lipgloss.NewStyle().Reverse(true),
	}
	col, row, _ := f.Cell(raqqa)
	plain := Render(base, b, Options{})
	styled := Render(base, b, Options{Styles: st, Cursor: [2]int{col, row}, ShowCursor: true})
	for i := range plain {
		if got := ansi.Strip(styled[i]); got != plain[i] {
			t.Fatalf("line %d differs without its escapes:\n%s\n%s", i, got, plain[i])
		}
	}
	if !strings.Contains(styled[row], "\x1b[") || styled[row] == plain[row] {
		t.Fatal("the styled row has no style")
	}
	want := st.Cursor.Inherit(st.Located[Levels-1]).Render(string(DefaultSymbols().Located[Levels-1]))
	if !strings.Contains(styled[row], want) {
		t.Fatalf("the cursor's cell is not marked: %q", styled[row])
	}
}

// TestTraceDotted checks division lines are drawn with every other dot, and country lines with
// every dot, along the whole line.
func TestTraceDotted(t *testing.T) {
	for _, tt := range []struct {
		dotted bool
		want   int
	}{{false, 21}, {true, 11}} {
		g := graph.NewBrailleGrid(20, 2, 0, 39, 0, 7)
		trace(g, orb.LineString{{0, 3}, {10, 3}, {20, 3}}, tt.dotted) // 21 dots, one vertex shared
		n := 0
		for _, row := range g.BraillePatterns() {
			for _, r := range row {
				var dots [8]bool
				canvasDots(r, &dots)
				for _, d := range dots {
					if d {
						n++
					}
				}
			}
		}
		if n != tt.want {
			t.Errorf("dotted %v: %d dots set, want %d", tt.dotted, n, tt.want)
		}
	}
}

// canvasDots sets the dots of a braille rune.
func canvasDots(r rune, dots *[8]bool) {
	for i := range 8 {
		dots[i] = (r-emptyBraille)&(1<<i) != 0
	}
}

func TestLegend(t *testing.T) {
	b := Bin(Fit(syria, 20, 10), []Point{at(raqqa, 40, Located), at(aleppo, 1, Area)})
	if got, want := Legend(b, DefaultSymbols()), "•◌ 1  ●○ 2–5  ■◎ 6–15  █◉ 16–40"; got != want {
		t.Fatalf("Legend = %q, want %q", got, want)
	}
	if got := Legend(Bin(Fit(syria, 20, 10), nil), DefaultSymbols()); got != "" {
		t.Fatalf("the legend of an empty map is %q", got)
	}
}
