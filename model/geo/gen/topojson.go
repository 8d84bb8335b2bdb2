package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// topology is the part of a TopoJSON file (https://github.com/topojson/topojson-specification)
// the generator reads: arcs, their transform, and objects of polygons.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][]float64           `json:"arcs"`
	Objects map[string]topoGeometry `json:"objects"`
}

// topoGeometry is a TopoJSON geometry object; a GeometryCollection holds others.
type topoGeometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Arcs       json.RawMessage `json:"arcs"`
	Geometries []topoGeometry  `json:"geometries"`
}

// feature is one polygonal geometry of a topology: its id, name and polygons as arc references.
type feature struct {
	ID, Name string
	Polygons [][][]int32
}

// parseTopology reads a TopoJSON file's arcs (absolute longitude and latitude) and the polygons
// of the named object, in file order. Geometries of other types (null ones included) are skipped.
func parseTopology(data []byte, object string) ([]orb.LineString, []feature, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, nil, fmt.Errorf("not TopoJSON: %w", err)
	}
	if t.Type != "Topology" {
		return nil, nil, fmt.Errorf("not TopoJSON: its type is %q, not \"Topology\"", t.Type)
	}
	obj, ok := t.Objects[object]
	if !ok {
		names := make([]string, 0, len(t.Objects))
		for n := range t.Objects {
			names = append(names, n)
		}
		return nil, nil, fmt.Errorf("it has no object %q (it has %s)", object, strings.Join(names, ", "))
	}
	arcs := make([]orb.LineString, len(t.Arcs))
	for i, a := range t.Arcs {
		ls := make(orb.LineString, 0, len(a))
		var x, y float64
		for j, p := range a {
			if len(p) < 2 {
				return nil, nil, fmt.Errorf("arc %d, position %d: it has %d coordinates, not 2", i, j, len(p))
			}
			if t.Transform == nil {
				ls = append(ls, orb.Point{p[0], p[1]})
				continue
			}
			x, y = x+p[0], y+p[1] // quantized arcs are delta-encoded
			ls = append(ls, orb.Point{
				x*t.Transform.Scale[0] + t.Transform.Translate[0],
				y*t.Transform.Scale[1] + t.Transform.Translate[1],
			})
		}
		arcs[i] = ls
	}
	var feats []feature
	var walk func(g topoGeometry) error
	walk = func(g topoGeometry) error {
		var polys [][][]int32
		switch g.Type {
		case "GeometryCollection":
			for _, c := range g.Geometries {
				if err := walk(c); err != nil {
					return err
				}
			}
			return nil
		case "Polygon":
			var rings [][]int32
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return fmt.Errorf("polygon %s: %w", g.ID, err)
			}
			polys = [][][]int32{rings}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return fmt.Errorf("multipolygon %s: %w", g.ID, err)
			}
		default:
			return nil
		}
		for _, poly := range polys {
			for _, ring := range poly {
				for _, ref := range ring {
					if i := arcIndex(ref); i >= len(arcs) {
						return fmt.Errorf("geometry %s refers to arc %d; the file has %d", g.ID, i, len(arcs))
					}
				}
			}
		}
		name, _ := g.Properties["name"].(string)
		feats = append(feats, feature{ID: rawID(g.ID), Name: name, Polygons: polys})
		return nil
	}
	if err := walk(obj); err != nil {
		return nil, nil, err
	}
	return arcs, feats, nil
}

// arcIndex is the arc a reference names, whichever way it runs.
func arcIndex(ref int32) int {
	if ref < 0 {
		return int(^ref)
	}
	return int(ref)
}

// rawID is a TopoJSON id, a string or a number, as text ("" when absent).
func rawID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}
