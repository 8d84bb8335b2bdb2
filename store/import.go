package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// How an import writes: tx.go says how every write stays atomic. An
// import of up to batchSize strikes is one transaction in place; a larger
// one streams its batches into a copy of the store. One goroutine reads
// and encodes (readBatches) while another writes (applier, apply.go).

// batchSize is the number of strikes per write transaction.
const batchSize = 10000

// streamMemoryLimit is how much more memory than the heap live before
// the Go runtime may hold while a large import streams its batches (see
// Import).
const streamMemoryLimit = 112 << 20

// liveHeap is the Go heap that is live now: it collects garbage first,
// once per large import, so that a limit set from it is not stale.
func liveHeap() int64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// limitMemory has the garbage collector collect when the heap is
// streamMemoryLimit above what is live now, and not before (GOGC off),
// for a phase of a large import whose working set does not grow with the
// store; the returned func puts both back. It does nothing under a limit
// of the user's (GOMEMLIMIT, "off" included). Collecting at twice the
// live heap as well cost 8% of a 1M import's CPU, for 2% less peak
// memory.
func limitMemory() (undo func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	ours := liveHeap() + streamMemoryLimit
	debug.SetMemoryLimit(ours)
	gc := debug.SetGCPercent(-1)
	var once sync.Once
	return func() {
		once.Do(func() {
			debug.SetGCPercent(gc)
			if debug.SetMemoryLimit(-1) == ours { // unless someone else has set one since
				debug.SetMemoryLimit(math.MaxInt64)
			}
		})
	}
}

// maxIDLen bounds strike IDs, which are bbolt keys.
const maxIDLen = 1024

// ImportStats says what an import did. Changed counts strikes whose
// stored record differs; Missing counts strikes of the dataset in the
// store but not in the import (deleted when Dataset.Replace is set).
type ImportStats struct {
	Added, Changed, Unchanged, Missing int
	// Links is how many strikes and reports the store shows under another
	// strike after the import (the linker runs inside every import that
	// changes something; see link.go).
	Links int
}

// Import writes a dataset's strikes, read one at a time from next until it
// returns io.EOF, as one atomic change: if it fails, or the process dies,
// the store is as it was. A strike already stored under the same ID is
// replaced. An import that changes nothing leaves the store, its dataset
// record and its generation untouched.
func (s *Store) Import(ctx context.Context, ds Dataset, next func() (*model.Strike, error)) (ImportStats, error) {
	if err := s.writable(); err != nil {
		return ImportStats{}, err
	}
	if ds.Name == "" || bytes.IndexByte([]byte(ds.Name), 0) >= 0 {
		return ImportStats{}, fmt.Errorf("an import needs a dataset name without NUL bytes (got %q)", ds.Name)
	}
	a := newApplier(ctx, &ds)
	a.whole, a.changes.budget = s.wholeRelink, s.daysBudget
	defer func() { s.lastRelink = a.linked }()
	// One goroutine reads and encodes batches while this one writes them.
	rctx, cancel := context.WithCancel(ctx)
	batches := make(chan readBatch, 2)
	how, err := s.readOpts(ds.Name)
	if err != nil {
		cancel()
		return ImportStats{}, err
	}
	how.spool = how.spool && !ds.DryRun // a dry run builds no list
	go readBatches(rctx, &ds, next, how, batches)
	defer func() {
		cancel()
		for range batches { // let the reader finish before returning
		}
	}()
	first, ok := <-batches
	if !ok || first.err != nil {
		return ImportStats{}, first.errOr(ctx)
	}
	a.dict, a.spoolSums = first.dict, how.spool
	if first.done {
		return s.applyInPlace(a, func(tx *bolt.Tx) error { return a.putBatch(tx, first.strikes) })
	}
	// While batches stream in, what is live is a few batches and one
	// transaction's pages (50-80 MB); left alone, the garbage collector
	// lets the heap grow to twice that. A limit of the import's own
	// collects sooner (limitMemory). It is lifted for the relink, whose
	// working set grows with the store.
	a.unlimit = limitMemory()
	defer a.unlimit()
	defer func() {
		if a.onDisk != nil {
			a.onDisk.Close()
		}
		a.spool.close()
	}()
	// The copy starts as the store: ask the store what it held before.
	a.wasIn = func(key []byte) (in bool, err error) {
		err = s.view(func(tx *bolt.Tx) error {
			in = tx.Bucket(bucketStrikes).Get(key) != nil
			return nil
		})
		return in, err
	}
	a.copy = true
	err = s.updateCopy(func(db *bolt.DB) error {
		for batch := first; ; {
			if err := db.Update(func(tx *bolt.Tx) error { return a.putBatch(tx, batch.strikes) }); err != nil {
				return err
			}
			if batch.done {
				break
			}
			var ok bool
			if batch, ok = <-batches; !ok || batch.err != nil {
				return batch.errOr(ctx)
			}
		}
		// The strikes the file no longer holds are found, and with
		// Replace deleted batchSize at a time: one transaction for all of
		// them would hold every page it changes until it commits.
		err := db.Update(func(tx *bolt.Tx) error {
			if err := a.flush(tx); err != nil {
				return err
			}
			return a.findMissing(tx)
		})
		if err != nil {
			return err
		}
		for lo := 0; ds.Replace && lo < len(a.missing); lo += batchSize {
			ids := a.missing[lo:min(lo+batchSize, len(a.missing))]
			if err := db.Update(func(tx *bolt.Tx) error { return a.removeMissing(tx, ids) }); err != nil {
				return err
			}
		}
		if err := db.Update(a.finish); err != nil {
			return err
		}
		if a.bulkList && a.changed() && !ds.DryRun {
			return buildList(db, a.spool)
		}
		return nil
	}, func() bool { return a.changed() && !ds.DryRun })
	if err != nil {
		return ImportStats{}, err
	}
	return a.stats, nil
}

// readOpts says how readBatches encodes the strikes it reads.
type readOpts struct {
	withSums bool       // make their summary records (prepare)
	spool    bool       // and keep them for the list's build (spool.go): the store is empty
	dict     *storeDict // the dataset's dictionary, nil for the shipped one
	train    bool       // train one on the first trainStrikes strikes read
}

// trainStrikes is how many strikes an import reads before it trains its
// dataset's dictionary (trainDict).
const trainStrikes = 2048

// readOpts says how an import of the dataset name encodes its strikes:
// with the dataset's dictionary, or training one for a dataset new to the
// store; and without their summaries when the import will build the list
// whole at its end (applier.bulkList: the store is empty, or has no list
// yet).
func (s *Store) readOpts(name string) (how readOpts, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketStrikes).Cursor().First()
		how.withSums = k != nil && listed(tx)
		how.spool = k == nil
		var known bool
		how.dict, known, err = datasetDict(tx, name)
		how.train = how.dict == nil && !known
		return err
	})
	return how, err
}

// readBatch is a batch of prepared strikes, the last one (done) or an
// error; the first of an import that trained a dictionary carries it
// (dict), for the writer to keep.
type readBatch struct {
	dict    *storeDict
	strikes []prepared
	done    bool
	err     error
}

// errOr is the batch's error, or ctx's when the reader stopped for it.
func (b readBatch) errOr(ctx context.Context) error {
	if b.err != nil {
		return b.err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.New("the import stopped early")
}

// readBatches reads strikes from next, prepares them and sends them in
// batches: the first of up to batchSize+1 strikes (so that the importer
// can tell an import that fits in one batch), then of batchSize. It
// closes out when done, after an error, or when ctx is cancelled, and
// not before next has returned for the last time.
//
// Reading (parsing the file) and preparing (encoding) take turns in two
// goroutines, chunk by chunk, so that an import keeps both CPUs busy
// with the writer: reading alone was the import's slowest stage.
//
// how says how the strikes are encoded.
func readBatches(ctx context.Context, ds *Dataset, next func() (*model.Strike, error), how readOpts, out chan<- readBatch) {
	defer close(out)
	rctx, cancel := context.WithCancel(ctx)
	chunks := make(chan readChunk, 2)
	go readChunks(rctx, ds, next, chunks)
	defer func() {
		cancel()
		for range chunks { // wait for the reader's last call of next
		}
	}()
	limit := batchSize + 1
	var b readBatch
	send := func() bool {
		select {
		case out <- b:
			// A file with more than one batch most likely fills the
			// next: made at its size, not grown a strike at a time
			// (the copies were a sixth of a 1M import's allocation).
			b = readBatch{strikes: make([]prepared, 0, batchSize)}
			limit = batchSize
			return true
		case <-ctx.Done():
			return false
		}
	}
	dict := how.dict
	var pr preparer
	var held []*model.Strike // read before the dictionary is trained
	for c := range chunks {
		if how.train {
			held = append(held, c.strikes...)
			if len(held) < trainStrikes && !c.done && c.err == nil {
				continue
			}
			how.train = false
			if raw := trainDict(held); raw != nil {
				sd, err := registerDict(raw)
				if err != nil {
					b.err = err
					send()
					return
				}
				dict, b.dict = sd, sd
			}
			c.strikes, held = held, nil
		}
		for _, st := range c.strikes {
			b.strikes = append(b.strikes, prepare(ds, st, how.withSums || how.spool, dict, &pr))
			if len(b.strikes) == limit && !send() {
				return
			}
		}
		if c.done || c.err != nil {
			b.done, b.err = c.done, c.err
			send()
			return
		}
	}
	// The reader stopped for ctx.
	b.err = ctx.Err()
	send()
}

// readChunk is a few strikes as read, the last ones (done) or an error.
type readChunk struct {
	strikes []*model.Strike
	done    bool
	err     error
}

// readChunkLen is how many strikes a readChunk holds.
const readChunkLen = 256

// readChunks reads strikes from next into chunks until EOF, an error or
// ctx's end, and closes out.
func readChunks(ctx context.Context, ds *Dataset, next func() (*model.Strike, error), out chan<- readChunk) {
	defer close(out)
	for {
		var c readChunk
		for len(c.strikes) < readChunkLen {
			if err := ctx.Err(); err != nil {
				c.err = err
				break
			}
			st, err := next()
			if errors.Is(err, io.EOF) {
				c.done = true
				break
			}
			if err != nil {
				c.err = fmt.Errorf("the import of %s stopped and the store is unchanged: %w", ds.Name, err)
				break
			}
			c.strikes = append(c.strikes, st)
		}
		select {
		case out <- c:
		case <-ctx.Done():
			return
		}
		if c.done || c.err != nil {
			return
		}
	}
}

// PutStrikes stores strikes that belong to no import, replacing any with
// the same IDs, in one transaction.
func (s *Store) PutStrikes(strikes ...*model.Strike) (ImportStats, error) {
	if err := s.writable(); err != nil {
		return ImportStats{}, err
	}
	a := newApplier(context.Background(), nil)
	a.whole, a.changes.budget = s.wholeRelink, s.daysBudget
	return s.applyInPlace(a, func(tx *bolt.Tx) error {
		for _, st := range strikes {
			if err := a.put(tx, st); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyInPlace runs put and then finishes the import in one in-place
// transaction; a transaction that changed nothing is rolled back, so the
// store, its dataset records and its generation stay as they were.
func (s *Store) applyInPlace(a *applier, put func(tx *bolt.Tx) error) (ImportStats, error) {
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		if err := put(tx); err != nil {
			return err
		}
		if err := a.finish(tx); err != nil {
			return err
		}
		if !a.changed() || (a.ds != nil && a.ds.DryRun) {
			return errNoChange // rolled back
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return ImportStats{}, err
	}
	return a.stats, nil
}
