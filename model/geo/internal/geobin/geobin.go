// Package geobin is the compact binary form of the embedded borders: a topology in the manner of
// TopoJSON (arcs of quantized points, shared by the regions they bound), varint- and
// delta-encoded. It knows the bytes, not what the borders mean; package geo turns a Topology
// into geometry, and the generator (model/geo/gen) writes one.
//
// The layout, all integers as (zig-zag) varints:
//
//	"STRKGEO1"
//	string attribution; uvarint units per degree
//	uvarint layers, each:
//	  string name
//	  uvarint arcs, each: byte flags (1 = drawn), uvarint points, then the points as zig-zag
//	    deltas of (lon, lat) in units, the first from (0, 0)
//	  uvarint regions, each: string name, code, country; uvarint polygons, each: uvarint rings,
//	    each: uvarint arc references, each a zig-zag varint (i: arc i; ^i: arc i reversed)
//
// A string is a uvarint length and that many bytes of UTF-8.
package geobin

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// Magic opens every encoded topology; its last byte is the format's version.
const Magic = "STRKGEO1"

// Topology is the whole file: the layers of borders and whom they are owed to.
type Topology struct {
	Attribution string
	Units       uint32 // quantization: units per degree
	Layers      []Layer
}

// Layer is one set of borders (countries, or first-level divisions) over shared arcs.
type Layer struct {
	Name    string
	Arcs    []Arc
	Regions []Region
}

// Arc is a sequence of quantized points (lon, lat in Units per degree), shared by the rings of
// the regions it bounds. Drawn says whether a map draws it: a layer of divisions leaves out the
// arcs that only run along a country's outline, which the country layer draws.
type Arc struct {
	Points [][2]int32
	Drawn  bool
}

// Region is one named area: its polygons are rings of arc references, as in TopoJSON (i is arc
// i forwards, ^i arc i backwards), the first ring of a polygon its outline and the rest holes.
type Region struct {
	Name, Code, Country string
	Polygons            [][][]int32
}

// ErrFormat is wrapped by every error about bytes that are not a topology.
var ErrFormat = errors.New("not a strikes borders file")

// Encode writes t in the binary form.
func Encode(t *Topology) []byte {
	var b []byte
	b = append(b, Magic...)
	b = appendString(b, t.Attribution)
	b = binary.AppendUvarint(b, uint64(t.Units))
	b = binary.AppendUvarint(b, uint64(len(t.Layers)))
	for _, l := range t.Layers {
		b = appendString(b, l.Name)
		b = binary.AppendUvarint(b, uint64(len(l.Arcs)))
		for _, a := range l.Arcs {
			var flags byte
			if a.Drawn {
				flags = 1
			}
			b = append(b, flags)
			b = binary.AppendUvarint(b, uint64(len(a.Points)))
			var x, y int32
			for _, p := range a.Points {
				b = binary.AppendVarint(b, int64(p[0])-int64(x))
				b = binary.AppendVarint(b, int64(p[1])-int64(y))
				x, y = p[0], p[1]
			}
		}
		b = binary.AppendUvarint(b, uint64(len(l.Regions)))
		for _, r := range l.Regions {
			b = appendString(b, r.Name)
			b = appendString(b, r.Code)
			b = appendString(b, r.Country)
			b = binary.AppendUvarint(b, uint64(len(r.Polygons)))
			for _, poly := range r.Polygons {
				b = binary.AppendUvarint(b, uint64(len(poly)))
				for _, ring := range poly {
					b = binary.AppendUvarint(b, uint64(len(ring)))
					for _, ref := range ring {
						b = binary.AppendVarint(b, int64(ref))
					}
				}
			}
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Decode reads a topology written by Encode. It never trusts a count: each is checked against
// the bytes left, and each arc reference against the layer's arcs, so damaged bytes give an
// error wrapping ErrFormat rather than a panic or a huge allocation.
func Decode(data []byte) (*Topology, error) {
	if !bytes.HasPrefix(data, []byte(Magic)) {
		return nil, fmt.Errorf("%w: it does not start with %q", ErrFormat, Magic)
	}
	d := &decoder{b: data[len(Magic):], off: len(Magic)}
	t := &Topology{Attribution: d.string("attribution")}
	units := d.uvarint("units per degree")
	if d.err == nil && (units == 0 || units > 1e7) {
		d.fail("units per degree", fmt.Sprintf("%d is out of range (1 to 10000000)", units))
	}
	t.Units = uint32(units)
	n := d.count("layers", 1)
	for i := 0; i < n && d.err == nil; i++ {
		t.Layers = append(t.Layers, d.layer())
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail("end", fmt.Sprintf("%d bytes follow the last layer", len(d.b)))
	}
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

type decoder struct {
	b   []byte
	off int // bytes read, for errors
	err error
}

func (d *decoder) fail(what, why string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: byte %d (%s): %s", ErrFormat, d.off, what, why)
	}
}

func (d *decoder) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(what, "a number is cut short or too long")
		return 0
	}
	d.b, d.off = d.b[n:], d.off+n
	return v
}

func (d *decoder) varint(what string) int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(what, "a number is cut short or too long")
		return 0
	}
	d.b, d.off = d.b[n:], d.off+n
	return v
}

// count reads a count of things each taking at least min bytes, refusing one the bytes left
// cannot hold.
func (d *decoder) count(what string, min int) int {
	v := d.uvarint(what)
	if d.err == nil && v > uint64(len(d.b)/min) {
		d.fail(what, fmt.Sprintf("%d of them cannot fit in the %d bytes left", v, len(d.b)))
		return 0
	}
	return int(v)
}

func (d *decoder) string(what string) string {
	n := d.count(what, 1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	if !utf8.ValidString(s) {
		d.fail(what, "the text is not UTF-8")
		return ""
	}
	d.b, d.off = d.b[n:], d.off+n
	return s
}

func (d *decoder) layer() Layer {
	l := Layer{Name: d.string("layer name")}
	na := d.count("arcs", 2)
	l.Arcs = make([]Arc, 0, na)
	for i := 0; i < na && d.err == nil; i++ {
		l.Arcs = append(l.Arcs, d.arc())
	}
	nr := d.count("regions", 4)
	for i := 0; i < nr && d.err == nil; i++ {
		l.Regions = append(l.Regions, d.region(len(l.Arcs)))
	}
	return l
}

func (d *decoder) arc() Arc {
	if d.err != nil {
		return Arc{}
	}
	if len(d.b) == 0 {
		d.fail("arc flags", "the bytes end")
		return Arc{}
	}
	flags := d.b[0]
	d.b, d.off = d.b[1:], d.off+1
	if flags > 1 {
		d.fail("arc flags", fmt.Sprintf("unknown flags %#x", flags))
		return Arc{}
	}
	np := d.count("arc points", 2)
	a := Arc{Drawn: flags == 1, Points: make([][2]int32, 0, np)}
	var x, y int64
	for i := 0; i < np && d.err == nil; i++ {
		x += d.varint("arc point")
		y += d.varint("arc point")
		if x < math.MinInt32 || x > math.MaxInt32 || y < math.MinInt32 || y > math.MaxInt32 {
			d.fail("arc point", "a coordinate is out of range")
			return Arc{}
		}
		a.Points = append(a.Points, [2]int32{int32(x), int32(y)})
	}
	return a
}

func (d *decoder) region(arcs int) Region {
	r := Region{Name: d.string("region name"), Code: d.string("region code"), Country: d.string("region country")}
	np := d.count("polygons", 1)
	for i := 0; i < np && d.err == nil; i++ {
		nr := d.count("rings", 1)
		poly := make([][]int32, 0, nr)
		for j := 0; j < nr && d.err == nil; j++ {
			nref := d.count("arc references", 1)
			ring := make([]int32, 0, nref)
			for k := 0; k < nref && d.err == nil; k++ {
				ref := d.varint("arc reference")
				idx := ref
				if idx < 0 {
					idx = ^idx
				}
				if d.err == nil && idx >= int64(arcs) {
					d.fail("arc reference", fmt.Sprintf("arc %d does not exist (the layer has %d)", idx, arcs))
				}
				ring = append(ring, int32(ref))
			}
			poly = append(poly, ring)
		}
		r.Polygons = append(r.Polygons, poly)
	}
	return r
}
