// Package geo holds the world's borders for strikes' map: country borders and the first-level
// divisions (governorates, provinces) of the countries the strikes of the shared data fall in,
// from Natural Earth (public domain), embedded and decoded on first use. It also finds the
// country or division a point lies in and the extent of a set of points. Like the rest of model
// it does no I/O: the borders are compiled in (borders.bin, made by ./gen, described in
// BORDERS.md).
//
// Coordinates are orb.Points of longitude and latitude in degrees (WGS 84). The borders are
// simplified to about a kilometre; they are for drawing and for telling one region from another,
// not for surveying. Regions across the antimeridian are not split.
package geo

import (
	_ "embed"
	"fmt"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/strikes-dev/strikes/model/geo/internal/geobin"
)

//go:embed borders.bin
var bordersBin []byte

// Borders is the decoded world: the country layer and the division layer.
type Borders struct {
	// Attribution names the sources, starting with Natural Earth's own line; a map shows it.
	Attribution string
	Countries   Layer
	Divisions   Layer
}

// Layer is one level of borders.
type Layer struct {
	// Lines are what a map draws, each shared border once. The division layer has only the
	// lines between divisions; a country's outline is the country layer's.
	Lines []Line
	// Regions are the named areas, in the order of their source.
	Regions []Region
}

// Line is a border to draw, with its bound for skipping it when it is out of view.
type Line struct {
	Points orb.LineString
	Bound  orb.Bound
}

// Region is a named area: a country, or a first-level division of one.
type Region struct {
	Name string // as Natural Earth names it: "Syria", "Ar Raqqah", "Hasaka (Al Haksa)"
	// Code is the ISO 3166-1 numeric code of a country ("760"; empty for a few, such as
	// Somaliland and Kosovo) or the HASC code of a division ("SY.RA"; a few are empty).
	Code string
	// Country is, for a division, the name of the country it lies in; empty for a country.
	Country string
	Shape   orb.MultiPolygon
	Bound   orb.Bound

	polyBounds []orb.Bound // of each polygon of Shape: a country of many islands is tested in few
}

// Contains says whether p lies in the region.
func (r *Region) Contains(p orb.Point) bool {
	if !r.Bound.Contains(p) {
		return false
	}
	for i, poly := range r.Shape {
		if r.polyBounds[i].Contains(p) && planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}

var world = sync.OnceValues(func() (*Borders, error) { return decode(bordersBin) })

// World returns the embedded borders, decoded once on the first call (about 70,000 points). An
// error means the embedded file is damaged, which the package's tests rule out.
func World() (*Borders, error) { return world() }

// decode turns the binary form into geometry.
func decode(data []byte) (*Borders, error) {
	t, err := geobin.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("reading the embedded borders: %w", err)
	}
	b := &Borders{Attribution: t.Attribution}
	for _, l := range t.Layers {
		var dst *Layer
		switch l.Name {
		case "countries":
			dst = &b.Countries
		case "divisions":
			dst = &b.Divisions
		default:
			return nil, fmt.Errorf("reading the embedded borders: unknown layer %q", l.Name)
		}
		*dst = layer(l, float64(t.Units))
	}
	return b, nil
}

func layer(l geobin.Layer, units float64) Layer {
	arcs := make([]orb.LineString, len(l.Arcs))
	var out Layer
	for i, a := range l.Arcs {
		ls := make(orb.LineString, len(a.Points))
		for j, p := range a.Points {
			ls[j] = orb.Point{float64(p[0]) / units, float64(p[1]) / units}
		}
		arcs[i] = ls
		if a.Drawn {
			for _, part := range drawable(ls) {
				out.Lines = append(out.Lines, Line{Points: part, Bound: part.Bound()})
			}
		}
	}
	for _, r := range l.Regions {
		shape := geobin.Stitch(arcs, r.Polygons)
		bounds := make([]orb.Bound, len(shape))
		for i, poly := range shape {
			bounds[i] = poly.Bound()
		}
		out.Regions = append(out.Regions, Region{Name: r.Name, Code: r.Code, Country: r.Country, Shape: shape, Bound: shape.Bound(), polyBounds: bounds})
	}
	return out
}

// drawable splits a line where it is not a border on the ground: where it runs along the
// antimeridian or a pole (the cuts that make a sphere's polygons flat, as Natural Earth cuts
// Russia, Fiji and Antarctica) or jumps across the antimeridian. It returns the runs of two
// points or more between such segments.
func drawable(ls orb.LineString) []orb.LineString {
	var out []orb.LineString
	start := 0
	for i := 1; i <= len(ls); i++ {
		if i < len(ls) && !artificial(ls[i-1], ls[i]) {
			continue
		}
		if i-start >= 2 {
			out = append(out, ls[start:i:i])
		}
		start = i
	}
	return out
}

// artificial says whether the segment a-b is a cut of the map rather than a border.
func artificial(a, b orb.Point) bool {
	const edge = 179.999
	switch {
	case math.Abs(b[0]-a[0]) > 180: // across the antimeridian
		return true
	case math.Abs(a[0]) >= edge && math.Abs(b[0]) >= edge: // along it
		return true
	case math.Abs(a[1]) >= 89.999 && math.Abs(b[1]) >= 89.999: // along a pole
		return true
	}
	return false
}

// At returns the region of the layer that holds p, if any. Where simplified borders overlap,
// the first region in the layer's order wins.
func (l *Layer) At(p orb.Point) (*Region, bool) {
	for i := range l.Regions {
		r := &l.Regions[i]
		if r.Contains(p) {
			return r, true
		}
	}
	return nil, false
}

// Find returns the region of the layer with this name (as Natural Earth spells it) and, for a
// division, this country ("" matches any).
func (l *Layer) Find(name, country string) (*Region, bool) {
	for i := range l.Regions {
		r := &l.Regions[i]
		if r.Name == name && (country == "" || r.Country == country) {
			return r, true
		}
	}
	return nil, false
}
