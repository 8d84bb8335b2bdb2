package model

import (
	"context"
	"runtime"
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
	return filterParallel(ctx, len(from), workers, minIndexChunk, func(k int) (int32, bool) {
		return from[k], iq.Match(from[k])
	})
}

// Filter returns the positions in sums of the summaries that match q, in
// order, asking q.Match of each on workers goroutines (GOMAXPROCS when
// workers < 1). It stops early when ctx is done, returning ctx's error.
func (q *Query) Filter(ctx context.Context, sums []Summary, workers int) ([]int32, error) {
	return filterParallel(ctx, len(sums), workers, minIndexChunk, func(k int) (int32, bool) {
		return int32(k), q.Match(&sums[k])
	})
}

// FilterStrikes returns the positions in strikes of the strikes whose
// summary (Summarize) matches q, in order, summarising and matching on
// workers goroutines (GOMAXPROCS when workers < 1). It stops early when
// ctx is done, returning ctx's error.
func (q *Query) FilterStrikes(ctx context.Context, strikes []Strike, workers int) ([]int32, error) {
	return filterParallel(ctx, len(strikes), workers, minStrikeChunk, func(k int) (int32, bool) {
		s := Summarize(&strikes[k])
		return int32(k), q.Match(&s)
	})
}

const (
	// minIndexChunk is the fewest strikes worth a goroutine of their own
	// when matching a summary or an index entry takes a fraction of a
	// microsecond.
	minIndexChunk = 10_000
	// minStrikeChunk is the same when each strike is summarised first.
	minStrikeChunk = 256
	// checkEvery (a power of two) is how many entries a worker matches
	// between looks at its context.
	checkEvery = 4096
)

// filterParallel asks keep of 0, ..., n-1, on up to workers goroutines
// (GOMAXPROCS when workers < 1) each given a run of at least minChunk,
// and returns the kept values in order (never nil). It stops early when
// ctx is done, returning ctx's error.
func filterParallel(ctx context.Context, n, workers, minChunk int, keep func(k int) (int32, bool)) ([]int32, error) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/minChunk))
	parts := make([][]int32, workers)
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			continue
		}
		wg.Go(func() {
			var out []int32
			for k := lo; k < hi; k++ {
				if (k-lo)&(checkEvery-1) == 0 && ctx.Err() != nil {
					return
				}
				if v, ok := keep(k); ok {
					out = append(out, v)
				}
			}
			parts[w] = out
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	out := make([]int32, 0, total)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}
