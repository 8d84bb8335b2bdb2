package model

import (
	"context"
	"math/bits"
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
// strike matches the query, in order; when every one does, from itself,
// so neither is to be modified. It spreads the work over workers
// goroutines (GOMAXPROCS when workers < 1), and stops early when ctx is
// done, returning ctx's error.
func (iq *IndexQuery) Filter(ctx context.Context, from []int32, workers int) ([]int32, error) {
	if k := columnKernel(iq.x, iq.terms); k != nil {
		return filterCounted(ctx, from, workers, k)
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

// filterCounted filters from with a kernel: each worker judges its share
// of the entries into one set of verdicts, a bit each, counting the
// matches, then copies the matches into a result of exactly their number.
// A filter of millions then allocates a bit an entry and what it keeps
// (a result as long as from, at 5M, was 20 MB a key for the collector to
// follow), judges each entry once, and reads again only the matches.
func filterCounted(ctx context.Context, from []int32, workers int, k kernel) ([]int32, error) {
	n := len(from)
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/minIndexChunk))
	chunk := (n + workers - 1) / workers
	chunk = (chunk + checkEvery - 1) / checkEvery * checkEvery // a whole number of words
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
	set := make([]uint64, wordsOf(n))
	err := each(func(w, lo, hi int) {
		for step := lo; step < hi && ctx.Err() == nil; step += checkEvery {
			counts[w] += k(from[step:min(step+checkEvery, hi)], set[step/64:])
		}
	})
	if err != nil {
		return nil, err
	}
	offs, total := make([]int, workers), 0
	for w, c := range counts {
		offs[w], total = total, total+c
	}
	switch total {
	case 0:
		return []int32{}, nil
	case n:
		return from, nil // every entry: a copy would be 20 MB at 5M
	}
	out := make([]int32, total)
	err = each(func(w, lo, hi int) {
		p := offs[w]
		for word := lo / 64; word < wordsOf(hi); word++ {
			if b := set[word]; b == ^uint64(0) { // 64 matches: one copy
				p += copy(out[p:], from[word*64:word*64+64])
				continue
			}
			for b := set[word]; b != 0; b &= b - 1 {
				out[p] = from[word*64+bits.TrailingZeros64(b)]
				p++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
