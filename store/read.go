package store

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"unsafe"

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

// Summaries returns the summary of every strike shown, in the list's
// order (newest first; a store an older strikes wrote gives them in ID
// order), with the generation they were read at: a strike linked into another is not
// listed, and a strike with links is summarised with them (link.go). One
// goroutine walks the bucket while the others decode, each into its own
// slots of the result.
func (s *Store) Summaries(ctx context.Context) ([]model.Summary, uint64, error) {
	defer pauseGC()()
	var out []model.Summary
	var gen uint64
	read := func(tx *bolt.Tx) error {
		gen, _ = getUint64(tx.Bucket(bucketMeta).Get(metaGeneration))
		if listed(tx) {
			var err error
			out, err = readListed(ctx, tx)
			return err
		}
		if schemaOf(tx) < 3 {
			var err error
			out, err = legacySummaries(ctx, tx)
			return err
		}
		var err error
		out, err = ownSummaries(ctx, tx)
		if err != nil {
			return err
		}
		out, err = overlaySummaries(tx, out)
		return err
	}
	err := s.view(func(tx *bolt.Tx) error {
		if err := read(tx); err != nil {
			return err
		}
		return markSummaries(tx, out) // the analyst's desk (desk.go), apart from the list
	})
	if err != nil {
		return nil, 0, err
	}
	return out, gen, nil
}

// EachSummary calls fn with the summary of every strike shown, in the
// list's order (newest first; of one day, by ID), with the generation
// they were read at, and stops at the first error fn returns (ErrStop
// stops it without one). It reads as far as fn goes: the first page of a
// million strikes is read in a moment, and no more is held than fn
// keeps. A store an older strikes wrote, without the list, is read whole
// first.
func (s *Store) EachSummary(ctx context.Context, fn func(s *model.Summary) error) (uint64, error) {
	return s.eachSummary(ctx, false, fn)
}

// ScanSummaries is EachSummary for a caller that keeps nothing of the
// summaries it is given (strikes list --json prints each and lets it go):
// their strings are the store's memory, valid only until fn returns, so
// that none is copied.
func (s *Store) ScanSummaries(ctx context.Context, fn func(s *model.Summary) error) (uint64, error) {
	return s.eachSummary(ctx, true, fn)
}

func (s *Store) eachSummary(ctx context.Context, borrow bool, fn func(s *model.Summary) error) (uint64, error) {
	var gen uint64
	inList := false
	err := s.view(func(tx *bolt.Tx) error {
		gen, _ = getUint64(tx.Bucket(bucketMeta).Get(metaGeneration))
		if inList = listed(tx); !inList {
			return nil
		}
		marks, err := deskMarks(tx) // the analyst's desk (desk.go)
		if err != nil {
			return err
		}
		return eachListed(ctx, tx, listRead{borrow: borrow}, func(s *model.Summary) error {
			s.Desk = marks[s.ID]
			if err := fn(s); err != ErrStop {
				return err
			}
			return errStop
		})
	})
	if err != nil || inList {
		return gen, err
	}
	sums, gen, err := s.Summaries(ctx)
	if err != nil {
		return 0, err
	}
	model.SortSummaries(sums, model.ByDate, false)
	for i := range sums {
		if err := fn(&sums[i]); err == ErrStop {
			break
		} else if err != nil {
			return gen, err
		}
	}
	return gen, nil
}

// StreamSummaries reads the summary of every strike shown, as Summaries,
// and calls read with the first firstEvery of them, then with every every
// more, and with the last: each time those read since the call before,
// in a slice that is read's only until it returns (the next are decoded
// into the same memory: the dashboard keeps them in its own columns, so
// the load holds no more than a few chunks of summaries). total is how
// many strikes are stored, about how many there are to show. A store an
// older strikes wrote, without the list, is read whole first.
func (s *Store) StreamSummaries(ctx context.Context, firstEvery, every int, read func(chunk []model.Summary, total int) error) (uint64, error) {
	var gen uint64
	inList := false
	var old []model.Summary
	err := s.view(func(tx *bolt.Tx) error {
		gen, _ = getUint64(tx.Bucket(bucketMeta).Get(metaGeneration))
		if inList = listed(tx); !inList {
			return nil
		}
		marks, err := deskMarks(tx) // the analyst's desk (desk.go)
		if err != nil {
			return err
		}
		total := readCounts(tx).Strikes
		chunk := make([]model.Summary, 0, max(firstEvery, every, 1))
		next, n := max(firstEvery, 1), 0
		err = eachListed(ctx, tx, listRead{recycle: true}, func(sum *model.Summary) error {
			chunk = append(chunk, *sum)
			chunk[len(chunk)-1].Desk = marks[sum.ID]
			if n++; len(chunk) < next {
				return nil
			}
			next = max(every, 1)
			err := read(chunk, max(total, n+1))
			clear(chunk) // let go of what read was given
			chunk = chunk[:0]
			return err
		})
		if err == nil && len(chunk) > 0 {
			err = read(chunk, n)
		}
		return err
	})
	if err != nil || inList {
		return gen, err
	}
	if old, gen, err = s.Summaries(ctx); err != nil {
		return 0, err
	}
	model.SortSummaries(old, model.ByDate, false)
	return gen, read(old, len(old))
}

// readListed reads the list's summaries into one slice, made for the
// count of strikes stored (which the list never exceeds), the decoders
// writing each in its place.
func readListed(ctx context.Context, tx *bolt.Tx) ([]model.Summary, error) {
	size := readCounts(tx).Strikes
	out := make([]model.Summary, 0, size)
	if size > 0 {
		hugePages(unsafe.Pointer(unsafe.SliceData(out)), uintptr(size)*unsafe.Sizeof(out[:1][0]))
	}
	slots, given := out[:0], 0
	err := eachListed(ctx, tx, listRead{slots: func(n int) []model.Summary {
		if given+n > cap(slots) {
			return nil // more than counted: this chunk in its own slice
		}
		given += n
		return slots[given-n : given : given]
	}}, func(s *model.Summary) error {
		if n := len(out); n < cap(out) && &out[:n+1][n] == s {
			out = out[:n+1] // decoded in its place
		} else {
			out = append(out, *s)
		}
		return nil
	})
	return out, err
}

// ErrStop, returned by the function EachSummary calls, stops it without
// an error.
var ErrStop = errors.New("stop")

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

// legacySummaries are the summaries of a store of schema 2 or older, whose
// summary records an older strikes derived: each derived again from its
// record, a strike linked into another left out, a strike with links
// summarised as shown (shownStrike), and the possible links counted as
// overlaySummaries counts them. It is slower than reading summary
// records, and only reads a store no write has upgraded yet.
func legacySummaries(ctx context.Context, tx *bolt.Tx) ([]model.Summary, error) {
	links, linked, possible := tx.Bucket(bucketLinks), tx.Bucket(bucketLinked), tx.Bucket(bucketPossible)
	var out []model.Summary
	under := map[string]int{}
	intern := map[string]string{}
	c := tx.Bucket(bucketStrikes).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(out)%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n := 0
		if possible != nil {
			if rec := possible.Get(k); rec != nil {
				var err error
				if n, err = possibleCount(rec); err != nil {
					return nil, damaged(err, "possible links of strike %s", k)
				}
			}
		}
		if links != nil {
			if lrec := links.Get(k); lrec != nil {
				if n > 0 {
					l, err := decodeLink(lrec)
					if err != nil {
						return nil, damaged(err, "link of strike %s", k)
					}
					under[l.into] += n
				}
				continue // shown under another strike
			}
		}
		var sum model.Summary
		if linked != nil && linked.Get(k) != nil {
			vw, err := decodeView(linked.Get(k))
			if err != nil {
				return nil, damaged(err, "links of strike %s", k)
			}
			if vw.empty {
				continue
			}
			if sum, err = legacyView(tx, string(k), vw, intern); err != nil {
				return nil, err
			}
		} else {
			st, err := decodeForSummary(v, intern)
			if err != nil {
				return nil, damaged(err, "strike %s", k)
			}
			sum = model.Summarize(&st)
		}
		sum.Possible = n
		out = append(out, sum)
	}
	for i := range out {
		out[i].Possible += under[out[i].ID]
	}
	return out, nil
}

// legacyView is the summary of a strike with links of a store of schema
// 2 or older, made as a relink makes it (viewFromSummaries,
// viewFromRecords): from the members' summaries where whole strikes link
// into it, else from the strike as shown.
func legacyView(tx *bolt.Tx, id string, vw linkView, intern map[string]string) (model.Summary, error) {
	strikes := tx.Bucket(bucketStrikes)
	ids := []string{id}
	for _, k := range vw.incoming {
		if strings.Contains(k, "\x00") {
			st, err := shownStrike(tx, id) // a person moved single reports
			if err != nil {
				return model.Summary{}, err
			}
			return model.Summarize(&st), nil
		}
		ids = append(ids, k)
	}
	var members []model.Summary
	var atts []model.Attribution
	for _, m := range ids {
		st, ok, err := decodeRecord(strikes.Get([]byte(m)), m, func(rec []byte) (model.Strike, error) { return decodeForSummary(rec, intern) })
		if err != nil {
			return model.Summary{}, err
		}
		if !ok {
			continue
		}
		members = append(members, model.Summarize(&st))
		atts = append(atts, model.AttributionOf(&st))
	}
	return model.LinkedSummary(members, atts), nil
}
