package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// Writing the overlay: make the links, linked and possible buckets hold a
// relink's plan and views, touching only the entries that differ.

// writeOverlay makes the links, linked and possible buckets hold the plan
// and the views. It writes only the entries that differ from what the
// buckets hold: a relink that changes little writes little (and the
// commit syncs little).
func writeOverlay(tx *bolt.Tx, plan *model.LinkPlan, views []entry) ([][]byte, error) {
	changed, err := writePlan(tx, plan)
	if err != nil {
		return nil, err
	}
	more, err := writeViews(tx, views)
	return append(changed, more...), err
}

// writePlan is writeOverlay's links and possible buckets. It returns the
// keys it wrote or deleted.
func writePlan(tx *bolt.Tx, plan *model.LinkPlan) ([][]byte, error) {
	links := make([]entry, len(plan.Links))
	for i := range plan.Links {
		links[i] = entry{linkKey(&plan.Links[i]), encodeLink(&plan.Links[i])}
	}
	possible, err := possibleEntries(plan.Possible)
	if err != nil {
		return nil, err
	}
	changed, err := syncBucket(tx, bucketLinks, links)
	if err != nil {
		return nil, err
	}
	more, err := syncBucket(tx, bucketPossible, possible)
	return append(changed, more...), err
}

// possibleEntries puts each possible link under both of its strikes, best
// first (of equal scores, in the plan's order), the strikes in ID order.
// The strikes are grouped by rank, without comparing their IDs.
func possibleEntries(ps []model.LinkCandidate) ([]entry, error) {
	n := int32(0)
	for i := range ps {
		if ps[i].FromRank < 0 || ps[i].ToRank < 0 {
			return nil, fmt.Errorf("the possible link %s to %s has no rank", ps[i].From, ps[i].To)
		}
		n = max(n, ps[i].FromRank+1, ps[i].ToRank+1)
	}
	start := make([]int32, n+1)
	for i := range ps {
		start[ps[i].FromRank+1]++
		start[ps[i].ToRank+1]++
	}
	for r := range n {
		start[r+1] += start[r]
	}
	at := slices.Clone(start[:n])
	all := make([]int32, 2*len(ps))
	for i := range ps {
		for _, r := range [...]int32{ps[i].FromRank, ps[i].ToRank} {
			all[at[r]] = int32(i)
			at[r]++
		}
	}
	var out []entry
	for r := range n {
		g := all[start[r]:start[r+1]]
		if len(g) == 0 {
			continue
		}
		slices.SortStableFunc(g, func(x, y int32) int { return cmp.Compare(ps[y].Score, ps[x].Score) })
		id := ps[g[0]].From
		if ps[g[0]].FromRank != r {
			id = ps[g[0]].To
		}
		out = append(out, entry{[]byte(id), encodePossibleOf(len(g), func(i int) *model.LinkCandidate { return &ps[g[i]] })})
	}
	return out, nil
}

// writeViews is writeOverlay's linked bucket. It returns the keys it
// wrote or deleted.
func writeViews(tx *bolt.Tx, views []entry) ([][]byte, error) {
	return syncBucket(tx, bucketLinked, views)
}

// entry is a key and its value.
type entry struct{ k, v []byte }

// syncBucket makes the bucket hold exactly entries (in any order; keys
// distinct), creating it if need be, and touching only what differs. It
// returns the keys it wrote or deleted.
func syncBucket(tx *bolt.Tx, name []byte, entries []entry) ([][]byte, error) {
	slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
	b := tx.Bucket(name)
	if b == nil {
		var err error
		if b, err = tx.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	var puts []entry
	var dels [][]byte
	c := b.Cursor()
	k, v := c.First()
	empty := k == nil
	for _, e := range entries {
		for k != nil && bytes.Compare(k, e.k) < 0 {
			dels = append(dels, bytes.Clone(k))
			k, v = c.Next()
		}
		if k != nil && bytes.Equal(k, e.k) {
			if !bytes.Equal(v, e.v) {
				puts = append(puts, e)
			}
			k, v = c.Next()
			continue
		}
		puts = append(puts, e)
	}
	for ; k != nil; k, _ = c.Next() {
		dels = append(dels, bytes.Clone(k))
	}
	changed := dels
	for _, k := range dels {
		if err := b.Delete(k); err != nil {
			return nil, err
		}
	}
	if empty {
		b.FillPercent = 1 // written in key order, nothing goes between
	}
	for _, e := range puts {
		if err := b.Put(e.k, e.v); err != nil {
			return nil, err
		}
		changed = append(changed, e.k)
	}
	return changed, nil
}
