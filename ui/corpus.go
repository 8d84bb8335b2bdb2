package ui

import (
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

// corpus is one load of summaries, kept in the columns of a query index
// (model.Index: about 60 bytes a strike, not a 560-byte model.Summary),
// with the sorted orders it has been asked for. It is never modified
// after it is built, except for its cache of sorted orders, which is
// guarded.
type corpus struct {
	x   *model.Index
	gen uint64
	// total is how many summaries the load holds in all: more than x
	// holds while a Streamer is still reading (the corpus is then a
	// partial one, the first of them in the list's order).
	total int
	// load is the load the corpus is a part of, when it is one of a
	// stream's: a strike has the same number in every corpus of a load
	// (0: the corpus is a load of its own).
	load uint64

	mu     sync.Mutex
	orders map[order][]int32
}

func newCorpus(x *model.Index, gen uint64) *corpus {
	return &corpus{x: x, gen: gen, total: x.Len(), orders: map[order][]int32{}}
}

// corpusOf is the corpus of sums (a Source that is not a Streamer).
func corpusOf(sums []model.Summary, gen uint64) *corpus {
	return newCorpus(model.NewIndex(sums), gen)
}

// len is how many strikes the corpus holds.
func (c *corpus) len() int { return c.x.Len() }

// summary remakes the summary of strike i.
func (c *corpus) summary(i int32) *model.Summary {
	s := c.x.Summary(i)
	return &s
}

// partial says whether the corpus holds only the first part of a load.
func (c *corpus) partial() bool { return c.len() < c.total }

// loadedShare is how much of the load the corpus holds, in percent: never
// 100 while it is a partial one. The list says more exactly how much has
// been read (listScreen.loadedShare): a partial corpus is replaced only
// when what is read has doubled.
func (c *corpus) loadedShare() int {
	if c.total <= 0 {
		return 100
	}
	return min(99, 100*c.len()/c.total)
}

// index returns the query index of the summaries.
func (c *corpus) index() *model.Index { return c.x }

// prepare does the work of a new load: the default order now, for the
// first frame.
func (c *corpus) prepare() { c.sorted(defaultOrder) }

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
	ix := c.x.Order(o.key)
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
		if c.x.ID(i) == id {
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
	// keepAt, when keepNum, is the strike to stay on by its number: the
	// corpus is of the same load as the one shown (no ID to look for).
	keepAt  int32
	keepNum bool
	resort  bool // base is the current result: order it by o, match nothing
	reload  bool // the data was reloaded
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
	keep := -1
	if j.keepNum {
		keep = slices.Index(ix, j.keepAt)
	} else {
		keep = j.c.find(ix, j.keepID)
	}
	return &filterMsg{seq: j.seq, c: j.c, q: j.q, o: j.o, ix: ix, keep: keep, reload: j.reload}
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
	in := make([]bool, c.len())
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
