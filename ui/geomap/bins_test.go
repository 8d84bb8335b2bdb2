package geomap

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model"
)

var (
	aleppo    = orb.Point{37.1612, 36.2021}
	deirEzZor = orb.Point{40.1408, 35.3359}
)

func at(p orb.Point, w int32, prec Precision) Point {
	return Point{Lon: p[0], Lat: p[1], Weight: w, Precision: prec}
}

func TestBin(t *testing.T) {
	f := Fit(syria, 80, 24)
	pts := []Point{
		at(raqqa, 3, Located),
		at(aleppo, 1, Located),
		at(raqqa, 2, Area),
		{Lon: 0, Lat: 0, Weight: 1},           // off the map
		{Lon: math.NaN(), Lat: 35, Weight: 1}, // not a coordinate
		{Lon: 39, Lat: 95, Weight: 1},         // nor this
		at(deirEzZor, -4, Located),            // a negative weight counts nothing
		{Lon: 39, Lat: 86, Weight: 1},         // a coordinate past the Mercator world
		at(raqqa, 1, Located),
	}
	b := Bin(f, pts)
	col, row, _ := f.Cell(raqqa)
	if got := b.Points(col, row); !reflect.DeepEqual(got, []int32{0, 2, 8}) {
		t.Errorf("Raqqa's cell holds %v, want points 0, 2 and 8 in order", got)
	}
	if got := b.Cell(col, row); got != (Cell{Located: 4, Area: 2, N: 3}) {
		t.Errorf("Raqqa's cell %+v", got)
	}
	dc, dr, _ := f.Cell(deirEzZor)
	if got := b.Cell(dc, dr); got != (Cell{N: 1}) {
		t.Errorf("Deir ez-Zor's cell %+v: want the point, weighing nothing", got)
	}
	want := Counts{Located: 4, Area: 1, Outside: 2, Invalid: 2}
	if got := b.Counts(); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	for _, c := range [][2]int{{-1, 0}, {0, -1}, {80, 0}, {0, 24}} {
		if p := b.Points(c[0], c[1]); p != nil {
			t.Errorf("cell %v off the grid holds %v", c, p)
		}
		if got := b.Cell(c[0], c[1]); got != (Cell{}) {
			t.Errorf("cell %v off the grid holds %+v", c, got)
		}
	}
}

// TestBinPlacesEveryPointOnce checks the cells' point lists against Cell, one by one.
func TestBinPlacesEveryPointOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	f := Fit(syria, 61, 17)
	pts := make([]Point, 20000)
	for i := range pts {
		pts[i] = Point{
			Lon:       33 + r.Float64()*12, // some off the map
			Lat:       31 + r.Float64()*8,
			Weight:    int32(r.IntN(3)),
			Precision: Precision(r.IntN(2)),
		}
	}
	b := Bin(f, pts)
	seen := make([]bool, len(pts))
	on := 0
	for row := 0; row < f.Height; row++ {
		for col := 0; col < f.Width; col++ {
			var c Cell
			for _, i := range b.Points(col, row) {
				if seen[i] {
					t.Fatalf("point %d in two cells", i)
				}
				seen[i] = true
				p := pts[i]
				if pc, pr, ok := f.Cell(orb.Point{p.Lon, p.Lat}); !ok || pc != col || pr != row {
					t.Fatalf("point %d listed in cell (%d, %d), lies in (%d, %d, %v)", i, col, row, pc, pr, ok)
				}
				if p.Precision == Area {
					c.Area += int64(p.Weight)
				} else {
					c.Located += int64(p.Weight)
				}
				c.N++
				on++
			}
			if got := b.Cell(col, row); got != c {
				t.Fatalf("cell (%d, %d) says %+v, its points add to %+v", col, row, got, c)
			}
		}
	}
	cs := b.Counts()
	if on != cs.Located+cs.Area || on+cs.Outside != len(pts) {
		t.Fatalf("%d points on the map, counts %+v, of %d", on, cs, len(pts))
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name  string
		top   int32 // the heaviest cell
		bands []Band
	}{
		{"one strike", 1, []Band{{1, 1, 1}}},
		{"light: the lower levels only", 6, []Band{{1, 1, 1}, {2, 2, 3}, {3, 4, 7}}},
		{"forty", 40, []Band{{1, 1, 1}, {2, 2, 5}, {3, 6, 15}, {4, 16, 40}}},
		{"a thousand", 1000, []Band{{1, 1, 4}, {2, 5, 30}, {3, 31, 176}, {4, 177, 1000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Bin(Fit(syria, 20, 10), []Point{at(raqqa, tt.top, Located), at(aleppo, 1, Area)})
			if got := b.Bands(); !reflect.DeepEqual(got, tt.bands) {
				t.Fatalf("bands %v, want %v", got, tt.bands)
			}
			for _, band := range tt.bands {
				for _, w := range []int64{band.Lo, band.Hi} {
					if got := b.Level(w); got != band.Level {
						t.Errorf("Level(%d) = %d, want %d", w, got, band.Level)
					}
				}
			}
			if b.Level(0) != 0 || b.Level(-3) != 0 {
				t.Error("no weight has a level")
			}
		})
	}
	if got := Bin(Fit(syria, 20, 10), nil).Bands(); got != nil {
		t.Errorf("an empty map has bands %v", got)
	}
}

func TestPrecisionOf(t *testing.T) {
	tests := map[model.PlacePrecision]Precision{
		model.PlaceExact: Located, model.PlaceNeighbourhood: Located, model.PlaceTown: Located, model.PlaceCity: Located,
		model.PlaceDistrict: Area, model.PlaceProvince: Area, model.PlaceCountry: Area, model.PlaceUnknown: Area,
		model.PlaceNearTown: Area,
	}
	for in, want := range tests {
		if got := PrecisionOf(in); got != want {
			t.Errorf("PrecisionOf(%v) = %v, want %v", in, got, want)
		}
	}
}
