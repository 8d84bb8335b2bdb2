package store

import (
	"context"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The store's reads: counts, one strike (as shown or as imported), the
// summaries of every strike shown, every record in turn, the datasets.

// Generation returns a number that grows with every change to the data.
func (s *Store) Generation() (uint64, error) {
	var g uint64
	err := s.view(func(tx *bolt.Tx) error {
		g, _ = getUint64(tx.Bucket(bucketMeta).Get(metaGeneration))
		return nil
	})
	return g, err
}

// Counts is how much a store holds.
type Counts struct {
	Strikes int
	Reports int
}

// Counts returns the numbers of strikes and reports in the store.
func (s *Store) Counts() (Counts, error) {
	var c Counts
	err := s.view(func(tx *bolt.Tx) error {
		c = readCounts(tx)
		return nil
	})
	return c, err
}

func readCounts(tx *bolt.Tx) Counts {
	meta := tx.Bucket(bucketMeta)
	st, _ := getUint64(meta.Get(metaStrikes))
	rp, _ := getUint64(meta.Get(metaReports))
	return Counts{Strikes: int(st), Reports: int(rp)}
}

// Strike returns one strike with all its reports, as the links show it
// (link.go): the reports of the strikes linked into it follow its own,
// each with its Link reason, and Possible holds its possible links. A
// strike linked into another is returned as that other. A missing
// strike gives an error wrapping ErrNotFound.
func (s *Store) Strike(id string) (model.Strike, error) {
	var st model.Strike
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		st, err = shownStrike(tx, id)
		return err
	})
	return st, err
}

// Record returns strike id as it was imported: its own reports and
// codes, without the links shown over it.
func (s *Store) Record(id string) (model.Strike, error) {
	var st model.Strike
	err := s.view(func(tx *bolt.Tx) error {
		var ok bool
		var err error
		if st, ok, err = getStrike(tx.Bucket(bucketStrikes), id); err == nil && !ok {
			err = storeErr(ErrNotFound, nil, "no strike with ID %s", id)
		}
		return err
	})
	return st, err
}

// Members returns the IDs of the strikes shown whole under strike id (by
// the linker, or a person), in the order they are shown.
func (s *Store) Members(id string) ([]string, error) {
	var ids []string
	err := s.view(func(tx *bolt.Tx) error {
		linked := tx.Bucket(bucketLinked)
		if linked == nil {
			return nil
		}
		rec := linked.Get([]byte(id))
		if rec == nil {
			return nil
		}
		v, err := decodeView(rec)
		if err != nil {
			return damaged(err, "links of strike %s", id)
		}
		for _, k := range v.incoming {
			if !strings.Contains(k, "\x00") {
				ids = append(ids, k)
			}
		}
		return nil
	})
	return ids, err
}

// Summaries returns the summary of every strike shown, in ID order, with
// the generation they were read at: a strike linked into another is not
// listed, and a strike with links is summarised with them (link.go). One
// goroutine walks the bucket while the others decode, each into its own
// slots of the result.
func (s *Store) Summaries(ctx context.Context) ([]model.Summary, uint64, error) {
	defer pauseGC()()
	var out []model.Summary
	var gen uint64
	err := s.view(func(tx *bolt.Tx) error {
		gen, _ = getUint64(tx.Bucket(bucketMeta).Get(metaGeneration))
		var err error
		out, err = decodeSummaries(ctx, tx.Bucket(bucketSummaries), readCounts(tx).Strikes)
		if err != nil {
			return err
		}
		out, err = overlaySummaries(tx, out)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, gen, nil
}

// pauseGC stops the garbage collector until the returned func is called,
// for a load that allocates almost only what it returns: collecting while
// the result grows would scan it again and again (a million summaries
// load in half the time without). Pauses nest; the last resume restores
// the collector's setting.
func pauseGC() (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.n == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.n++
	return func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPause.percent)
		}
	}
}

var gcPause struct {
	sync.Mutex
	n       int
	percent int
}

func decodeSummariesSerially(ctx context.Context, b *bolt.Bucket) ([]model.Summary, error) {
	var out []model.Summary
	d := newSummaryDecoder()
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(out)%8192 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		sum, err := d.decode(k, v)
		if err != nil {
			return nil, damaged(err, "strike %s", k)
		}
		out = append(out, sum)
	}
	return out, nil
}

// summaryChunk is a run of summary records to decode, from position at.
type summaryChunk struct {
	at   int
	keys [][]byte
	vals [][]byte
}

// decodeSummaries decodes every record of the summaries bucket b (about n
// of them), in key order. The records are read in place: the caller's
// transaction must stay open until it returns.
func decodeSummaries(ctx context.Context, b *bolt.Bucket, n int) ([]model.Summary, error) {
	const chunkLen = 4096
	out := make([]model.Summary, max(n, 0))
	workers := max(1, runtime.GOMAXPROCS(0))
	chunks := make(chan summaryChunk, 2*workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newSummaryDecoder()
			for ch := range chunks {
				if errs[w] != nil {
					continue
				}
				for i, k := range ch.keys {
					sum, err := d.decode(k, ch.vals[i])
					if err != nil {
						errs[w] = damaged(err, "strike %s", k)
						break
					}
					out[ch.at+i] = sum
				}
			}
		}()
	}
	total := 0
	short := false
	var err error
	func() {
		defer close(chunks)
		c := b.Cursor()
		ch := summaryChunk{}
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ch.keys, ch.vals = append(ch.keys, k), append(ch.vals, v)
			total++
			if total > len(out) {
				short = true // the stored count is wrong (check says so): decode in one goroutine
				return
			}
			if len(ch.keys) == chunkLen {
				if err = ctx.Err(); err != nil {
					return
				}
				chunks <- ch
				ch = summaryChunk{at: total}
			}
		}
		if len(ch.keys) > 0 {
			chunks <- ch
		}
	}()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if short {
		return decodeSummariesSerially(ctx, b)
	}
	return out[:total], nil
}

// ForEach calls fn with every strike in ID order, as imported (without
// its links), decoding one at a time, and stops at the first error fn
// returns. fn may keep the strike.
func (s *Store) ForEach(ctx context.Context, fn func(*model.Strike) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketStrikes).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			st, err := decodeStrike(v)
			if err != nil {
				return damaged(err, "strike %s", k)
			}
			if err := fn(&st); err != nil {
				return err
			}
		}
		return nil
	})
}

// Datasets returns the record of every imported dataset, by name.
func (s *Store) Datasets() ([]Dataset, error) {
	var out []Dataset
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDatasets).ForEach(func(k, v []byte) error {
			d, err := decodeDataset(v)
			if err != nil {
				return damaged(err, "dataset %s", k)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}
