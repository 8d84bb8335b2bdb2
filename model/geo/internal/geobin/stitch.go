package geobin

import "github.com/paulmach/orb"

// Stitch joins arcs into the rings of a region's polygons: a ring is its arcs end to end (each
// forwards or, for a reference ^i, backwards), the point where one arc meets the next kept once.
// Rings of fewer than four points (an island simplified away) are left out, and a polygon whose
// outline is left out goes with it. The references must be valid, as Decode makes sure they are.
func Stitch(arcs []orb.LineString, polys [][][]int32) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, 0, len(polys))
	for _, poly := range polys {
		p := make(orb.Polygon, 0, len(poly))
		for k, refs := range poly {
			var r orb.Ring
			for _, ref := range refs {
				i, back := ref, false
				if ref < 0 {
					i, back = ^ref, true
				}
				a := arcs[i]
				for j := range a {
					if j == 0 && len(r) > 0 {
						continue
					}
					if back {
						r = append(r, a[len(a)-1-j])
					} else {
						r = append(r, a[j])
					}
				}
			}
			if len(r) < 4 {
				if k == 0 {
					break // no outline: the holes mean nothing
				}
				continue
			}
			p = append(p, r)
		}
		if len(p) > 0 {
			mp = append(mp, p)
		}
	}
	return mp
}
