package ui

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/strikes-dev/strikes/model"
)

// order is a sort column and whether its natural order (model.SortKey's
// Descending) is reversed.
type order struct {
	key     model.SortKey
	reverse bool
}

// defaultOrder is newest first.
var defaultOrder = order{key: model.ByDate}

// next is the next column in the cycle, in its natural order.
func (o order) next() order {
	for i, k := range model.SortKeys {
		if k == o.key {
			return order{key: model.SortKeys[(i+1)%len(model.SortKeys)]}
		}
	}
	return defaultOrder
}

// arrow is "↓" when the larger or newer comes first (or Z before A).
func (o order) arrow() string {
	if o.key.Descending() != o.reverse {
		return "↓"
	}
	return "↑"
}

func (o order) String() string { return "by " + o.key.String() + " " + o.arrow() }

// corpus is one load of summaries with what sorting and filtering them
// need, computed once off the UI loop. It is never modified after it is
// built, except for its cache of sorted orders, which is guarded, and its
// index, built once on first use.
type corpus struct {
	sums []model.Summary
	gen  uint64
	// total is how many summaries the load holds in all: more than sums
	// holds while a Streamer is still reading (the corpus is then a
	// partial one, the first of them in the list's order).
	total int

	mu     sync.Mutex
	orders map[order][]int32

	idxOnce sync.Once
	idx     *model.Index
}

func newCorpus(sums []model.Summary, gen uint64) *corpus {
	return &corpus{sums: sums, gen: gen, total: len(sums), orders: map[order][]int32{}}
}

// partial says whether the corpus holds only the first part of a load.
func (c *corpus) partial() bool { return len(c.sums) < c.total }

// loadedShare is how much of the load the corpus holds, in percent: never
// 100 while it is a partial one. The list says more exactly how much has
// been read (listScreen.loadedShare): a partial corpus is replaced only
// when what is read has doubled.
func (c *corpus) loadedShare() int {
	if c.total <= 0 {
		return 100
	}
	return min(99, 100*len(c.sums)/c.total)
}

// index returns the query index of the summaries, building it the first
// time.
func (c *corpus) index() *model.Index {
	c.idxOnce.Do(func() { c.idx = model.NewIndex(c.sums) })
	return c.idx
}

// prepare does the work of a new load: the default order now, for the
// first frame, and the query index in the background, so that building it
// (about 50 ms at a million reports) never delays that frame. The first
// filter waits for it if it comes sooner.
func (c *corpus) prepare() {
	c.sorted(defaultOrder)
	go c.index()
}

// sorted returns every strike's index in the order o (model.CompareSummaries,
// the order the CLI uses too). The slice is cached and shared and must not
// be modified.
func (c *corpus) sorted(o order) []int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ix, ok := c.orders[o]; ok {
		return ix
	}
	if rev, ok := c.orders[order{o.key, !o.reverse}]; ok {
		ix := slices.Clone(rev)
		slices.Reverse(ix)
		c.orders[o] = ix
		return ix
	}
	ix := sortSummaries(c.sums, o.key)
	if o.reverse {
		slices.Reverse(ix) // the model's order is total, so this is exact
	}
	c.orders[o] = ix
	return ix
}

// find returns the position in ix of the strike with the given ID, or -1.
func (c *corpus) find(ix []int32, id string) int {
	if id == "" {
		return -1
	}
	for p, i := range ix {
		if c.sums[i].ID == id {
			return p
		}
	}
	return -1
}

// filterJob asks for the strikes that match q, in order o. When base is
// not nil it is a previous result in the same order whose query q
// narrows, and only it is scanned.
type filterJob struct {
	seq    int
	c      *corpus
	q      *model.Query
	o      order
	base   []int32
	keepID string
	resort bool // base is the current result: order it by o, match nothing
	reload bool // the data was reloaded
}

// filterMsg carries the result of a filterJob.
type filterMsg struct {
	seq    int
	c      *corpus
	q      *model.Query
	o      order
	ix     []int32
	keep   int // position of keepID in ix, or -1
	reload bool
}

// run performs the job. It stops early, returning nil, when ctx is done.
func (j filterJob) run(ctx context.Context) *filterMsg {
	var ix []int32
	switch {
	case j.resort && j.base != nil:
		ix = resort(j.c, j.base, j.o)
	case j.q.Empty():
		ix = j.c.sorted(j.o)
	case j.base != nil:
		ix = matchAll(ctx, j.c, j.q, j.base)
	default:
		ix = matchAll(ctx, j.c, j.q, j.c.sorted(j.o))
	}
	if ctx.Err() != nil {
		return nil
	}
	return &filterMsg{seq: j.seq, c: j.c, q: j.q, o: j.o, ix: ix, keep: j.c.find(ix, j.keepID), reload: j.reload}
}

// matchAll keeps the entries of from whose summary matches q, in order,
// on every CPU (model.IndexQuery.Filter, which gives what q.Match
// would). It returns nil when ctx is done first.
func matchAll(ctx context.Context, c *corpus, q *model.Query, from []int32) []int32 {
	ix, err := c.index().Compile(q).Filter(ctx, from, 0)
	if err != nil {
		return nil
	}
	return ix
}

// resort returns the strikes of ix in order o, without matching again.
func resort(c *corpus, ix []int32, o order) []int32 {
	all := c.sorted(o)
	if len(ix) == len(all) {
		return all
	}
	in := make([]bool, len(c.sums))
	for _, i := range ix {
		in[i] = true
	}
	out := make([]int32, 0, len(ix))
	for _, i := range all {
		if in[i] {
			out = append(out, i)
		}
	}
	return out
}

// inDateOrder says whether sums are in the order of model.ByDate, as the
// list gives them. (slices.IsSortedFunc would copy two 560-byte summaries
// a comparison: 0.8 s at 5M.)
func inDateOrder(sums []model.Summary) bool {
	for i := 1; i < len(sums); i++ {
		if model.CompareSummaries(&sums[i-1], &sums[i], model.ByDate) > 0 {
			return false
		}
	}
	return true
}

// sortSummaries returns the indexes of sums in the order of
// model.CompareSummaries. For the numeric keys it first sorts packed
// (key, date) pairs, which is cache-friendly, then settles ties with the
// model's own comparison, so the order is exactly the model's.
func sortSummaries(sums []model.Summary, k model.SortKey) []int32 {
	ix := make([]int32, len(sums))
	if k == model.ByDate && inDateOrder(sums) {
		for i := range ix { // they come in the list's order: newest first
			ix[i] = int32(i)
		}
		return ix
	}
	if !k.Numeric() {
		for i := range ix {
			ix[i] = int32(i)
		}
		slices.SortFunc(ix, func(a, b int32) int { return model.CompareSummaries(&sums[a], &sums[b], k) })
		return ix
	}
	type entry struct {
		key uint64
		i   int32
	}
	desc := func(v int32) uint64 { return uint64(^(uint32(v) ^ 0x80000000)) } // larger first
	ents := make([]entry, len(sums))
	for i := range sums {
		s := &sums[i]
		var prim int32
		switch k {
		case model.ByKilled:
			prim = -1
			if _, sp, ok := s.Killed.Headline(); ok {
				prim = sp.High
			}
		case model.ByReports:
			prim = int32(s.Reports)
		case model.ByInjured:
			prim = -1
			if _, sp, ok := s.Injured.Headline(); ok {
				prim = sp.High
			}
		default:
			prim = int32(s.Date.Start)
		}
		ents[i] = entry{desc(prim)<<32 | desc(int32(s.Date.Start)), int32(i)}
	}
	// The model settles ties of (key, date) by ID. Summaries come from the
	// store in ID order, so there the position settles them too, and no
	// string is compared.
	byID := true
	for i := 1; i < len(sums) && byID; i++ {
		byID = sums[i-1].ID <= sums[i].ID
	}
	slices.SortFunc(ents, func(a, b entry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 || !byID {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for i := range ents {
		ix[i] = ents[i].i
	}
	for lo := 0; lo < len(ents) && !byID; {
		hi := lo + 1
		for hi < len(ents) && ents[hi].key == ents[lo].key {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(ix[lo:hi], func(a, b int32) int { return model.CompareSummaries(&sums[a], &sums[b], k) })
		}
		lo = hi
	}
	return ix
}
