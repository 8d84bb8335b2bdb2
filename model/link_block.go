package model

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// The linker's candidate blocking: which pairs of strikes Link compares.
// Every strike is posted under the days and places (blocks) it could
// share with another, so that only strikes that share one are matched,
// never all pairs; the matching pairs come back as cands, ordered best
// first for the planner (link_plan.go).

// cand is a matching pair, i before j by ID. order sorts candidates
// best first: strong before weak, then by score, then by the IDs (the
// ranks of i and j in the low bits, when they fit).
type cand struct {
	i, j  int32
	order uint64
	weak  bool
	xref  bool // i and j are a citation (link_xref.go)
	agree bool // their figures of some category agree
	// tight: their closest agreeing category agrees closely (the figures
	// both allow are at least half those either allows: 7 and 7, 6 and
	// 5–7; not 7 and 0–7).
	tight bool
}

// score is the pair's score as its order holds it.
func (c *cand) score() float64 {
	return max(float64(2047-int64(c.order>>(2*rankBits)&2047))/1000, 0.001)
}

const rankBits = 26

func candOrder(weak bool, score float64, ri, rj int32) uint64 {
	q := uint64(2047 - min(max(int64(math.Round(score*1000)), 0), 2047))
	var w uint64
	if weak {
		w = 1
	}
	const mask = 1<<rankBits - 1
	return w<<63 | q<<(2*rankBits) | (uint64(ri)&mask)<<rankBits | uint64(rj)&mask
}

// The index: every strike is posted under each day it covers (spans of
// at most MaxLinkSpanDays) and, within the day, under blocks: its place
// key, its grid cell (and the neighbouring cells it lies within
// MaxNearKM of), its governorate. Pairs are compared when they share a
// block and one of them is at home in it; a pair sharing several days
// is compared on its first.
const cellDeg = 0.2

type posting struct {
	block uint64
	idx   int32
	ds    int32 // the strike's only dataset, or -1 (none or several)
	home  bool
}

const (
	tagKey uint64 = iota + 1
	tagCell
	tagAdmin
)

func hashBlock(tag uint64, s string) uint64 {
	h := uint64(14695981039346656037) ^ tag
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h | tag<<62
}

func cellBlock(row, col int64) uint64 {
	return tagCell<<62 | uint64(row&0x3fffffff)<<31 | uint64(col&0x7fffffff)
}

// blocks lists the postings of one strike.
func blocks(k *LinkKey, idx int32, out []posting) []posting {
	if coarse(k.Precision) {
		if k.PlaceKey != "" {
			out = append(out, posting{block: hashBlock(tagKey, k.PlaceKey), idx: idx, home: true})
		}
		if k.Admin1 != "" {
			out = append(out, posting{block: hashBlock(tagAdmin, k.Admin1), idx: idx, home: true})
		}
		return out
	}
	if k.PlaceKey != "" {
		out = append(out, posting{block: hashBlock(tagKey, k.PlaceKey), idx: idx, home: true})
	}
	parts, sounds := k.places()
	for _, p := range parts {
		out = append(out, posting{block: hashBlock(tagKey, p), idx: idx, home: true})
	}
	if k.Admin1 != "" {
		for _, s := range sounds {
			if s != 0 {
				out = append(out, posting{block: hashBlock(tagAdmin, k.Admin1) ^ s&^(3<<62), idx: idx, home: true})
			}
		}
		out = append(out, posting{block: hashBlock(tagAdmin, k.Admin1), idx: idx, home: false})
		if k.Sound != 0 {
			// Spellings of one name: their skeleton within the governorate
			// (a block of the governorate's tag, mixed with the skeleton's
			// hash).
			out = append(out, posting{block: hashBlock(tagAdmin, k.Admin1) ^ k.Sound&^(3<<62), idx: idx, home: true})
		}
	}
	if coordsUsable(k) {
		row, col := math.Floor(k.Lat/cellDeg), math.Floor(k.Lon/cellDeg)
		out = append(out, posting{block: cellBlock(int64(row), int64(col)), idx: idx, home: true})
		// The neighbouring cells it lies within MaxNearKM of (NearTownKM,
		// for a point near which it was): generous margins in degrees (a
		// degree of latitude is 111 km; of longitude, less by the cosine
		// of the latitude).
		reach := MaxNearKM
		if k.Precision == PlaceNearTown {
			reach = NearTownKM
		}
		mLat := reach / 105
		mLon := reach / (105 * max(math.Cos((math.Abs(k.Lat)+mLat+cellDeg)*math.Pi/180), 0.05))
		r0, r1 := int64(math.Floor((k.Lat-mLat)/cellDeg)), int64(math.Floor((k.Lat+mLat)/cellDeg))
		c0, c1 := int64(math.Floor((k.Lon-mLon)/cellDeg)), int64(math.Floor((k.Lon+mLon)/cellDeg))
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				if r != int64(row) || c != int64(col) {
					out = append(out, posting{block: cellBlock(r, c), idx: idx, home: false})
				}
			}
		}
	}
	return out
}

// candidates finds every matching pair through the index, in parallel
// over days.
func candidates(keys []LinkKey, rank []int32) []cand {
	// Strikes by day (CSR), each under every day of its span.
	lo, hi := Day(math.MaxInt32), Day(math.MinInt32)
	for i := range keys {
		if d := keys[i].Date; linkable(d) {
			lo, hi = min(lo, d.Start), max(hi, d.End)
		}
	}
	if lo > hi {
		return nil
	}
	nd := int(hi-lo) + 1
	start := make([]int32, nd+1)
	for i := range keys {
		if d := keys[i].Date; linkable(d) {
			for day := d.Start; day <= d.End; day++ {
				start[day-lo+1]++
			}
		}
	}
	for i := 1; i <= nd; i++ {
		start[i] += start[i-1]
	}
	byDay := make([]int32, start[nd])
	fill := slices.Clone(start[:nd])
	for i := range keys {
		if d := keys[i].Date; linkable(d) {
			for day := d.Start; day <= d.End; day++ {
				byDay[fill[day-lo]] = int32(i)
				fill[day-lo]++
			}
		}
	}

	// Two strikes of one dataset never link, so pairs are only formed
	// across datasets: a store of one big dataset and a small one costs
	// the pairs between them, not the pairs within the big one.
	dsIDs := map[string]int32{}
	ds := make([]int32, len(keys))
	for i := range keys {
		ds[i] = -1
		if d := keys[i].Datasets; len(d) == 1 {
			id, ok := dsIDs[d[0]]
			if !ok {
				id = int32(len(dsIDs))
				dsIDs[d[0]] = id
			}
			ds[i] = id
		}
	}

	workers := runtime.GOMAXPROCS(0)
	chunk := (nd + workers - 1) / workers
	parts := make([][]cand, workers)
	var wg sync.WaitGroup
	for w := range workers {
		d0, d1 := w*chunk, min((w+1)*chunk, nd)
		if d0 >= d1 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = candidatesOfDays(keys, rank, ds, lo, byDay, start, d0, d1)
		}()
	}
	wg.Wait()
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	all := make([]cand, 0, total)
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

func candidatesOfDays(keys []LinkKey, rank, ds []int32, lo Day, byDay, start []int32, d0, d1 int) []cand {
	var out []cand
	var posts []posting
	var pairs []uint64
	for d := d0; d < d1; d++ {
		day := lo + Day(d)
		ids := byDay[start[d]:start[d+1]]
		if len(ids) == 0 || (len(ids) == 1 && (d == 0 || start[d-1] == start[d])) {
			continue
		}
		posts = posts[:0]
		for _, i := range ids {
			n := len(posts)
			posts = blocks(&keys[i], i, posts)
			for p := n; p < len(posts); p++ {
				posts[p].ds = ds[i]
			}
		}
		// The strikes of the day before, by their place key only: a
		// slip of a day between datasets is a possible link.
		if d > 0 {
			for _, i := range byDay[start[d-1]:start[d]] {
				if k := &keys[i]; k.Date.Precision == PrecDay && k.Date.Start == k.Date.End && k.PlaceKey != "" {
					posts = append(posts, posting{block: hashBlock(tagKey, k.PlaceKey), idx: i, ds: ds[i]})
				}
			}
		}
		slices.SortFunc(posts, func(x, y posting) int {
			if c := cmp.Compare(x.block, y.block); c != 0 {
				return c
			}
			return cmp.Compare(x.ds, y.ds)
		})
		pairs = pairs[:0]
		for r0 := 0; r0 < len(posts); {
			r1 := r0 + 1
			for r1 < len(posts) && posts[r1].block == posts[r0].block {
				r1++
			}
			run := posts[r0:r1]
			r0 = r1
			if run[0].ds >= 0 && run[0].ds == run[len(run)-1].ds {
				continue // one dataset only
			}
			// run is sorted by dataset: run[g0:g1] is x's, and x is never
			// paired within it (a strike of no single dataset is paired
			// with every other).
			g0, g1 := 0, 0
			for x := range run {
				if x == g1 {
					g0, g1 = x, x+1
					for g1 < len(run) && run[g1].ds == run[x].ds {
						g1++
					}
				}
				if !run[x].home {
					continue
				}
				s0, s1 := g0, g1
				if run[x].ds < 0 {
					s0, s1 = x, x+1
				}
				for y := 0; y < len(run); y++ {
					if y == s0 {
						y = s1 - 1
						continue
					}
					if run[y].home && y < x {
						continue // paired when y was x
					}
					pairs = appendPair(pairs, keys, rank, day, run[x].idx, run[y].idx)
				}
			}
		}
		slices.Sort(pairs)
		pairs = slices.Compact(pairs)
		for _, p := range pairs {
			i, j := int32(p>>32), int32(p&0xffffffff)
			if c, f, ok := matchFigs(&keys[i], &keys[j], false); ok {
				out = append(out, cand{i: i, j: j, order: candOrder(c.Weak, c.Score, rank[i], rank[j]), weak: c.Weak, agree: f.agree != 0, tight: f.agree != 0 && f.tight >= 0.5})
			}
		}
	}
	return out
}

// appendPair adds the pair i, j (lower rank first) to pairs when day is
// the first day both cover, so that a pair is compared on one day only.
func appendPair(pairs []uint64, keys []LinkKey, rank []int32, day Day, i, j int32) []uint64 {
	if i == j || max(keys[i].Date.Start, keys[j].Date.Start) != day {
		return pairs
	}
	if rank[i] > rank[j] {
		i, j = j, i
	}
	return append(pairs, uint64(i)<<32|uint64(j))
}
