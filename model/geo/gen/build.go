package main

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"github.com/strikes-dev/strikes/model/geo/internal/geobin"
)

// region is a feature after features of the same code and name are merged (Natural Earth
// splits a few provinces into two records).
type region struct {
	Name, Code, Country string
	Polygons            [][][]int32
}

// mergeFeatures groups features by code and name, in order of first appearance. Features with
// no name stay apart from each other: they still bound their neighbours.
func mergeFeatures(feats []feature) []region {
	var out []region
	seen := map[string]int{}
	for _, f := range feats {
		key := f.ID + "\x00" + f.Name
		if i, ok := seen[key]; ok && f.Name != "" {
			out[i].Polygons = append(out[i].Polygons, f.Polygons...)
			continue
		}
		seen[key] = len(out)
		out = append(out, region{Name: f.Name, Code: f.ID, Polygons: f.Polygons})
	}
	return out
}

// layerOptions says how a layer is built.
type layerOptions struct {
	Tolerance float64 // Douglas-Peucker threshold in degrees
	Units     uint32  // quantization, units per degree
	// InnerOnly draws only the arcs two regions share, leaving a country's outline to the
	// country layer.
	InnerOnly bool
}

// buildLayer simplifies each arc once (so the two regions on either side of a border keep the
// same line), quantizes it, keeps the arcs some region or drawing needs, and numbers them anew.
// Regions without a name bound their neighbours but are not written.
func buildLayer(name string, arcs []orb.LineString, regions []region, o layerOptions) geobin.Layer {
	users := make([]map[int]bool, len(arcs)) // which regions use each arc
	for ri, r := range regions {
		for _, poly := range r.Polygons {
			for _, ring := range poly {
				for _, ref := range ring {
					i := arcIndex(ref)
					if users[i] == nil {
						users[i] = map[int]bool{}
					}
					users[i][ri] = true
				}
			}
		}
	}
	dp := simplify.DouglasPeucker(o.Tolerance)
	renumber := make([]int32, len(arcs))
	var l geobin.Layer
	l.Name = name
	for i, a := range arcs {
		renumber[i] = -1
		named := false
		for ri := range users[i] {
			if regions[ri].Name != "" {
				named = true
			}
		}
		drawn := len(users[i]) > 0 && (!o.InnerOnly || len(users[i]) >= 2)
		if !drawn && !named {
			continue
		}
		renumber[i] = int32(len(l.Arcs))
		l.Arcs = append(l.Arcs, geobin.Arc{Points: quantize(dp.LineString(a.Clone()), o.Units), Drawn: drawn})
	}
	for _, r := range regions {
		if r.Name == "" {
			continue
		}
		out := geobin.Region{Name: r.Name, Code: r.Code, Country: r.Country}
		for _, poly := range r.Polygons {
			var p [][]int32
			for _, ring := range poly {
				var refs []int32
				for _, ref := range ring {
					n := renumber[arcIndex(ref)]
					if ref < 0 {
						n = ^n
					}
					refs = append(refs, n)
				}
				p = append(p, refs)
			}
			out.Polygons = append(out.Polygons, p)
		}
		l.Regions = append(l.Regions, out)
	}
	return l
}

// quantize rounds a line's points to units per degree, dropping points that fall on the one
// before.
func quantize(ls orb.LineString, units uint32) [][2]int32 {
	out := make([][2]int32, 0, len(ls))
	for _, p := range ls {
		q := [2]int32{int32(math.Round(p[0] * float64(units))), int32(math.Round(p[1] * float64(units)))}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) == 1 && len(ls) > 1 {
		out = append(out, out[0]) // an arc keeps two positions, as TopoJSON asks
	}
	return out
}

// countryOf names the country most of the points of a country's divisions fall in ("" when none does).
func countryOf(divisions orb.MultiPolygon, countries []region, shapes []orb.MultiPolygon) string {
	votes := make([]int, len(countries))
	bounds := make([]orb.Bound, len(shapes))
	for i, s := range shapes {
		bounds[i] = s.Bound()
	}
	for _, poly := range divisions {
		for _, ring := range poly {
			for _, pt := range ring {
				for i, s := range shapes {
					if bounds[i].Contains(pt) && planar.MultiPolygonContains(s, pt) {
						votes[i]++
						break
					}
				}
			}
		}
	}
	best := -1
	for i, v := range votes {
		if v > 0 && (best < 0 || v > votes[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return countries[best].Name
}
