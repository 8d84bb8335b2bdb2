package model

import (
	"context"
	"runtime"
	"slices"
	"sync"
)

// The one parallel filter: a query's matches among many strikes, in
// order, spread over the CPUs and stopped when its context is done. The
// dashboard asks it of an Index (many queries over one load); the CLI of
// the summaries or strikes it has read once (one query, for which building
// an index costs more than it saves).

// Filter returns the entries of from (indexes into the summaries) whose
// strike matches q, in order, on every CPU: what q.Match gives.
func (x *Index) Filter(q *Query, from []int32) []int32 {
	out, _ := x.Compile(q).Filter(context.Background(), from, 0)
	return out
}

// Filter returns the entries of from (indexes into the summaries) whose
// strike matches the query, in order. It spreads the work over workers
// goroutines (GOMAXPROCS when workers < 1), and stops early when ctx is
// done, returning ctx's error.
func (iq *IndexQuery) Filter(ctx context.Context, from []int32, workers int) ([]int32, error) {
	if cts, ok := iq.columnTerms(); ok {
		if k := narrowKernel(cts); k != nil {
			return filterCounted(ctx, from, workers, k)
		}
		return filterParallel(ctx, len(from), workers, minIndexChunk, func(out []int32, lo, hi int) []int32 {
		next:
			for _, i := range from[lo:hi] {
				for k := range cts {
					if ct := &cts[k]; ct.holds(i) == ct.negate {
						continue next
					}
				}
				out = append(out, i)
			}
			return out
		})
	}
	return filterParallel(ctx, len(from), workers, minIndexChunk, func(out []int32, lo, hi int) []int32 {
		for _, i := range from[lo:hi] {
			if iq.Match(i) {
				out = append(out, i)
			}
		}
		return out
	})
}

// Filter returns the positions in sums of the summaries that match q, in
// order, asking q.Match of each on workers goroutines (GOMAXPROCS when
// workers < 1). It stops early when ctx is done, returning ctx's error.
func (q *Query) Filter(ctx context.Context, sums []Summary, workers int) ([]int32, error) {
	return filterParallel(ctx, len(sums), workers, minIndexChunk, func(out []int32, lo, hi int) []int32 {
		for k := lo; k < hi; k++ {
			if q.Match(&sums[k]) {
				out = append(out, int32(k))
			}
		}
		return out
	})
}

// FilterStrikes returns the positions in strikes of the strikes whose
// summary (Summarize) matches q, in order, summarising and matching on
// workers goroutines (GOMAXPROCS when workers < 1). It stops early when
// ctx is done, returning ctx's error.
func (q *Query) FilterStrikes(ctx context.Context, strikes []Strike, workers int) ([]int32, error) {
	return filterParallel(ctx, len(strikes), workers, minStrikeChunk, func(out []int32, lo, hi int) []int32 {
		for k := lo; k < hi; k++ {
			if s := Summarize(&strikes[k]); q.Match(&s) {
				out = append(out, int32(k))
			}
		}
		return out
	})
}

const (
	// minIndexChunk is the fewest strikes worth a goroutine of their own
	// when matching a summary or an index entry takes a fraction of a
	// microsecond.
	minIndexChunk = 10_000
	// minStrikeChunk is the same when each strike is summarised first.
	minStrikeChunk = 256
	// checkEvery is how many entries a worker matches between looks at
	// its context.
	checkEvery = 4096
)

// filterParallel splits 0, ..., n-1 into runs, one for each of up to
// workers goroutines (GOMAXPROCS when workers < 1) and of at least
// minChunk, and returns in order what keep appends for each: keep(out,
// lo, hi) appends the kept values of lo, ..., hi-1 to out, a step of at
// most checkEvery at a time. The result is never nil. It stops early
// when ctx is done, returning ctx's error.
func filterParallel(ctx context.Context, n, workers, minChunk int, keep func(out []int32, lo, hi int) []int32) ([]int32, error) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/minChunk))
	parts := make([][]int32, workers)
	chunk := (n + workers - 1) / workers
	// Each worker appends into its own run of one buffer, which holds
	// what it can keep: a slice grown by append from nothing was most of
	// a filter's time at 5M (copying as it grew).
	buf := make([]int32, n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			continue
		}
		wg.Go(func() {
			out := buf[lo:lo:hi]
			for step := lo; step < hi; step += checkEvery {
				if ctx.Err() != nil {
					return
				}
				out = keep(out, step, min(step+checkEvery, hi))
			}
			parts[w] = out
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	k := 0
	for _, p := range parts {
		k += copy(buf[k:], p) // each run moves down, never past the next
	}
	if k < n/4 { // let the rest of the buffer go
		return slices.Clone(buf[:k:k]), nil
	}
	return buf[:k:k], nil
}

// A kernel keeps the entries of run that match: it writes them to out
// and returns how many, or only counts them when out is nil.
type kernel func(run, out []int32) int

// narrowKernel is the kernel of one term of a two-byte column (actor:, a
// label, a place of a corpus with few of them), so cheap that running it
// twice (filterCounted) costs less than a buffer as long as the corpus;
// nil for any other query.
func narrowKernel(cts []columnTerm) kernel {
	if len(cts) != 1 || cts[0].tbl == nil || cts[0].col.narrow == nil {
		return nil
	}
	tbl, col, neg := cts[0].tbl, cts[0].col.narrow, cts[0].negate
	return func(run, out []int32) int {
		n := 0
		for _, i := range run {
			if tbl[col[i]] != neg {
				if out != nil {
					out[n] = i
				}
				n++
			}
		}
		return n
	}
}

// filterCounted filters from with a kernel cheap enough to run twice: it
// counts the matches of each worker's run, then writes them into a
// result of exactly their number. A filter of millions then allocates
// only what it keeps (a buffer as long as from, at 5M, was 20 MB a key
// for the collector to follow).
func filterCounted(ctx context.Context, from []int32, workers int, k kernel) ([]int32, error) {
	n := len(from)
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/minIndexChunk))
	chunk := (n + workers - 1) / workers
	counts := make([]int, workers)
	each := func(fn func(w, lo, hi int)) error {
		var wg sync.WaitGroup
		for w := range workers {
			lo, hi := w*chunk, min((w+1)*chunk, n)
			if lo < hi {
				wg.Go(func() { fn(w, lo, hi) })
			}
		}
		wg.Wait()
		return ctx.Err()
	}
	err := each(func(w, lo, hi int) {
		for step := lo; step < hi && ctx.Err() == nil; step += checkEvery {
			counts[w] += k(from[step:min(step+checkEvery, hi)], nil)
		}
	})
	if err != nil {
		return nil, err
	}
	offs, total := make([]int, workers), 0
	for w, c := range counts {
		offs[w], total = total, total+c
	}
	out := make([]int32, total)
	err = each(func(w, lo, hi int) {
		p := offs[w]
		for step := lo; step < hi && ctx.Err() == nil; step += checkEvery {
			p += k(from[step:min(step+checkEvery, hi)], out[p:offs[w]+counts[w]])
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
