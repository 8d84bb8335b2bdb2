package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// How an import stays atomic.
//
// An import that fits in one batch (batchSize strikes) is written in place,
// in one bbolt transaction: bbolt's commit is atomic, and it is fast.
//
// A larger import would make one huge transaction slow and hungry (bbolt
// keeps every dirty page in memory until commit), so it works on a copy:
// the store is copied to PATH.tmp-import from a read transaction, the copy
// is written in transactions of batchSize strikes without fsync, and at the
// end it is synced, trimmed to the pages in use, renamed over PATH (an
// atomic replace) and the directory is synced. A crash at any point leaves
// PATH as it was, plus perhaps a stale PATH.tmp-import that the next
// import overwrites. Readers keep the file they opened and see the new one
// on their next open.
//
// Writers exclude each other with an flock on PATH.lock, a file that is
// never renamed or removed: a lock on PATH itself would be on the inode
// the rename retires, and a writer waiting on it would wake up holding a
// lock on a file no longer at PATH.

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

// maxIDLen bounds strike IDs, which are bbolt keys.
const maxIDLen = 1024

// Dataset is the record of one imported dataset.
type Dataset struct {
	// Name names the dataset ("airwars"); reports with no Dataset of their
	// own are stamped with it.
	Name string
	// File, Format and SHA256 describe the imported file.
	File, Format, SHA256 string
	// Digest, when set, gives SHA256 once next has returned io.EOF: a
	// file can be hashed as it is read instead of read twice. Its error
	// fails the import.
	Digest func() (string, error)
	// Rows is the number of rows the importer read, as it says.
	Rows int
	// Strikes and Reports are how many the import held (set by Import).
	Strikes, Reports int
	// Added, Changed, Unchanged and Missing are the import's ImportStats.
	Added, Changed, Unchanged, Missing int
	// Imported is when the import was made; Import sets it when zero.
	Imported time.Time
	// Replace deletes the dataset's strikes that are missing from the
	// import instead of keeping them. It is not stored.
	Replace bool
}

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

// errNoChange rolls back an in-place transaction that changed nothing.
var errNoChange = errors.New("nothing changed")

// applier applies strikes to a store, batch after batch, and keeps what
// the final transaction needs.
type applier struct {
	ctx context.Context
	ds  *Dataset // nil for PutStrikes
	// The IDs the import has seen, to tell an ID's second appearance
	// and to find the dataset's strikes the import misses. In place (one
	// batch), seen holds them all. An update of a dataset on a copy keeps
	// them on disk (onDisk). An import of a dataset new to the
	// store, on a copy, misses nothing and keeps only the few IDs it found
	// already stored (other datasets' strikes it replaces), in stored: a
	// strike found in the copy that was not in the store before is one
	// this import put, so its ID appears twice. Either way a large
	// import's memory does not grow with its file.
	seen     idSet
	onDisk   *diskSet // an update on a copy: the IDs seen, on disk
	stored   idSet
	wasIn    func(key []byte) (bool, error) // the store before the import holds key; nil when in place
	began    bool                           // the first batch was put
	had      bool                           // the store held strikes of the dataset before
	empty    bool                           // the store held no strike before
	keyless  int                            // strikes put without a dataset index key
	drop     dropper                        // lets go of the store's pages read
	unlimit  func()                         // lifts the memory limit of the streaming import
	settled  bool                           // findMissing ran
	missing  []string                       // the dataset's strikes the import did not hold
	stats    ImportStats
	strikes  int // strikes seen
	reports  int // reports seen
	deleted  int
	dStrikes int // change in the stored counts
	dReports int
	// pending holds the index keys of added strikes, per index, to be
	// written sorted by flush: inserting them in key order touches each
	// index page once instead of once per transaction. It is flushed when
	// it holds maxPending keys, so an import's memory stays bounded.
	pending  [][][]byte
	nPending int
}

// maxPending is how many index keys wait before they are written: a few
// MB of keys. Each flush appends them in key order, so flushing more
// often costs little and keeps an import's memory small.
const maxPending = 100_000

// idSet is the set of strike IDs an import has seen, kept as 128-bit
// hashes: a third of the memory of the strings at a million strikes. Two
// IDs of one import colliding is about as likely as n²/2¹²⁹ (3·10⁻²⁷ for
// a million), far below the odds of a disk error.
type idSet struct {
	seeds [2]maphash.Seed
	m     map[[2]uint64]struct{}
}

func newIDSet() idSet {
	return idSet{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, m: map[[2]uint64]struct{}{}}
}

func (s idSet) sum(id []byte) [2]uint64 {
	return [2]uint64{maphash.Bytes(s.seeds[0], id), maphash.Bytes(s.seeds[1], id)}
}

// add adds id, and says whether it was new.
func (s idSet) add(id []byte) bool {
	h := s.sum(id)
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

func (s idSet) has(id []byte) bool {
	_, ok := s.m[s.sum(id)]
	return ok
}

// firstTime says whether the import meets the strike ID key, found in
// the store as prev (nil when absent), for the first time.
func (a *applier) firstTime(key, prev []byte) (bool, error) {
	if a.onDisk != nil {
		return a.onDisk.add(key)
	}
	if a.seen.m != nil {
		return a.seen.add(key), nil
	}
	if prev == nil {
		return true, nil // nothing of this import is stored under key yet
	}
	if a.stored.has(key) {
		return false, nil
	}
	before, err := a.wasIn(key)
	if err != nil || !before {
		return false, err // put by this import: a second appearance
	}
	a.stored.add(key)
	return true, nil
}

// prepared is a strike's records and index keys, encoded before the
// write transaction (by the reading goroutine during an import). It does
// not keep the strike itself: batches waiting to be written hold only
// their bytes.
type prepared struct {
	key     []byte // the strike's ID
	reports int
	rec     []byte
	sum     []byte
	idx     [][][]byte // per index
	fail    error      // a strike the store refuses (put reports it)
}

// prepare stamps a strike with the dataset's name and encodes it.
func prepare(ds *Dataset, st *model.Strike) prepared {
	switch {
	case st.ID == "":
		return prepared{fail: errors.New("a strike has no ID")}
	case len(st.ID) > maxIDLen:
		return prepared{fail: fmt.Errorf("the strike ID %.40q... is longer than %d bytes", st.ID, maxIDLen)}
	case bytes.IndexByte([]byte(st.ID), 0) >= 0:
		return prepared{fail: fmt.Errorf("the strike ID %q contains a NUL byte", st.ID)}
	}
	if ds != nil {
		for i := range st.Reports {
			if st.Reports[i].Dataset == "" {
				st.Reports[i].Dataset = ds.Name
			}
		}
	}
	sum := model.Summarize(st)
	p := prepared{key: []byte(st.ID), reports: len(st.Reports), rec: encodeStrike(st), sum: encodeSummary(&sum), idx: make([][][]byte, len(indexes))}
	for i := range indexes {
		p.idx[i] = indexKeys(&indexes[i], st)
	}
	return p
}

func newApplier(ctx context.Context, ds *Dataset) *applier {
	return &applier{ctx: ctx, ds: ds, seen: newIDSet()}
}

func (a *applier) changed() bool {
	return a.stats.Added > 0 || a.stats.Changed > 0 || a.deleted > 0
}

// put stores one strike, its summary and its index entries.
func (a *applier) put(tx *bolt.Tx, st *model.Strike) error {
	return a.putPrepared(tx, prepare(a.ds, st))
}

// putPrepared stores a prepared strike and its summary; the index keys of
// a new strike wait in a.pending for flush.
func (a *applier) putPrepared(tx *bolt.Tx, p prepared) error {
	if p.fail != nil {
		return p.fail
	}
	strikes := tx.Bucket(bucketStrikes)
	prev := strikes.Get(p.key)
	if first, err := a.firstTime(p.key, prev); err != nil {
		return err
	} else if !first {
		return fmt.Errorf("the strike ID %s appears twice in the import", p.key)
	}
	a.strikes++
	a.reports += p.reports
	if len(p.idx[0]) == 0 {
		a.keyless++
	}

	var old *model.Strike
	if prev != nil {
		if bytes.Equal(prev, p.rec) {
			a.stats.Unchanged++
			return nil
		}
		o, err := decodeStrike(prev)
		if err != nil {
			return storeErr(ErrCorrupt, err, "the stored record of strike %s is damaged (%v); run strikes check", p.key, err)
		}
		old = &o
		a.stats.Changed++
		a.dReports += p.reports - len(o.Reports)
	} else {
		a.stats.Added++
		a.dStrikes++
		a.dReports += p.reports
	}
	if err := strikes.Put(p.key, p.rec); err != nil {
		return err
	}
	if err := tx.Bucket(bucketSummaries).Put(p.key, p.sum); err != nil {
		return err
	}
	if old != nil {
		return updateIndexes(tx, old, p.idx)
	}
	if a.pending == nil {
		a.pending = make([][][]byte, len(indexes))
	}
	for i, keys := range p.idx {
		a.pending[i] = append(a.pending[i], keys...)
		a.nPending += len(keys)
	}
	return nil
}

// putBatch stores a batch of prepared strikes in key order, which keeps
// the transaction's page accesses local.
func (a *applier) putBatch(tx *bolt.Tx, batch []prepared) error {
	if !a.began {
		k, _ := tx.Bucket(bucketStrikes).Cursor().First()
		a.empty = k == nil
		if a.ds != nil {
			prefix := termPrefix(a.ds.Name)
			k, _ := tx.Bucket(bucketByDataset).Cursor().Seek(prefix)
			a.had = bytes.HasPrefix(k, prefix)
		}
		switch {
		case a.wasIn == nil: // in place: one batch, a small set
		case !a.had:
			a.seen, a.stored = idSet{}, newIDSet()
		default:
			var err error
			if a.onDisk, err = openDiskSet(tx.DB().Path() + ".seen"); err != nil {
				return err
			}
			a.seen = idSet{}
		}
		a.began = true
	}
	slices.SortStableFunc(batch, func(x, y prepared) int { return bytes.Compare(x.key, y.key) })
	tx.Bucket(bucketStrikes).FillPercent = recordFill
	tx.Bucket(bucketSummaries).FillPercent = recordFill
	for i, p := range batch {
		if err := a.putPrepared(tx, p); err != nil {
			return err
		}
		if i%dropEvery == dropEvery-1 {
			a.dropMapped(tx)
		}
	}
	if a.onDisk != nil {
		if err := a.onDisk.commit(); err != nil {
			return err
		}
	}
	if a.nPending >= maxPending {
		return a.flush(tx)
	}
	return nil
}

// dropMapped lets go of the pages the import has read through the maps
// of the store and of its set of IDs, once they hold more than maxMapped:
// an import that reads all over a big store (an update, keys that sort
// apart) drops often, one that appends rarely.
func (a *applier) dropMapped(tx *bolt.Tx) {
	if a.onDisk != nil {
		a.drop.check(tx.DB(), a.onDisk.db)
	} else {
		a.drop.check(tx.DB())
	}
}

// scanDropEvery is how many keys a scan of an index reads between
// letting go of the pages it read (see dropMapped).
const scanDropEvery = 16384

// dropEvery is how many strikes a batch puts between looking at how much
// of the store's file is resident (see applier.dropMapped): 256 reads
// all over a 3 GB store map about 50 MB.
const dropEvery = 256

// recordFill is how full bbolt fills the record buckets' pages when it
// splits them. Batches arrive in key order, so pages are mostly appended
// to; bbolt's default (half full) would leave the file twice its size.
const recordFill = 0.9

// flush writes the pending index keys, each index in key order. An index
// that was empty is filled densely, as nothing will be inserted between
// its keys in this import.
func (a *applier) flush(tx *bolt.Tx) error {
	for i, keys := range a.pending {
		if len(keys) == 0 {
			continue
		}
		slices.SortFunc(keys, bytes.Compare)
		b := tx.Bucket(indexes[i].bucket)
		if k, _ := b.Cursor().First(); k == nil {
			b.FillPercent = 1.0
		}
		for _, k := range keys {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		a.pending[i] = nil
	}
	a.nPending = 0
	return nil
}

// remove deletes a strike, its summary and its index entries.
func (a *applier) remove(tx *bolt.Tx, id string) error {
	key := []byte(id)
	prev := tx.Bucket(bucketStrikes).Get(key)
	if prev == nil {
		return nil
	}
	o, err := decodeStrike(prev)
	if err != nil {
		return storeErr(ErrCorrupt, err, "the stored record of strike %s is damaged (%v); run strikes check", id, err)
	}
	if err := updateIndexes(tx, &o, nil); err != nil {
		return err
	}
	if err := tx.Bucket(bucketSummaries).Delete(key); err != nil {
		return err
	}
	a.deleted++
	a.dStrikes--
	a.dReports -= len(o.Reports)
	return tx.Bucket(bucketStrikes).Delete(key)
}

// findMissing lists the dataset's strikes that the import did not hold
// (none for a dataset new to the store) in a.missing.
func (a *applier) findMissing(tx *bolt.Tx) error {
	a.settled = true
	if a.ds == nil || !a.had {
		return nil
	}
	prefix := termPrefix(a.ds.Name)
	c := tx.Bucket(bucketByDataset).Cursor()
	var sc *bolt.Cursor // the IDs seen, in the same order as c's
	var sk []byte
	if a.onDisk != nil {
		sc = a.onDisk.cursor()
		sk, _ = sc.First()
	}
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if n++; n%scanDropEvery == 0 {
			a.dropMapped(tx)
		}
		id := k[len(prefix):]
		seen := false
		if sc != nil {
			for sk != nil && bytes.Compare(sk, id) < 0 {
				sk, _ = sc.Next()
			}
			seen = bytes.Equal(sk, id)
		} else {
			seen = a.seen.has(id)
		}
		if !seen {
			a.missing = append(a.missing, string(id))
		}
	}
	a.dropMapped(tx)
	a.stats.Missing = len(a.missing)
	return nil
}

// removeMissing deletes the strikes ids (some of a.missing) when the
// import replaces its dataset.
func (a *applier) removeMissing(tx *bolt.Tx, ids []string) error {
	if a.ds == nil || !a.ds.Replace {
		return nil
	}
	for i, id := range ids {
		if err := a.remove(tx, id); err != nil {
			return err
		}
		if i%dropEvery == dropEvery-1 {
			a.dropMapped(tx)
		}
	}
	return nil
}

// finish counts (and with Replace deletes) the dataset's missing strikes
// unless that was done already, then, if anything changed, relinks the store (link.go), writes the
// dataset record, the counts and a new generation: the links change in
// the same atomic write as the records.
func (a *applier) finish(tx *bolt.Tx) error {
	if err := a.flush(tx); err != nil {
		return err
	}
	if !a.settled {
		if err := a.findMissing(tx); err != nil {
			return err
		}
		if err := a.removeMissing(tx, a.missing); err != nil {
			return err
		}
	}
	if !a.changed() {
		return nil
	}
	// The counts first: relink reads them.
	meta := tx.Bucket(bucketMeta)
	gen, _ := getUint64(meta.Get(metaGeneration))
	c := readCounts(tx)
	for k, v := range map[string]uint64{
		string(metaGeneration): gen + 1,
		string(metaStrikes):    uint64(max(0, c.Strikes+a.dStrikes)),
		string(metaReports):    uint64(max(0, c.Reports+a.dReports)),
	} {
		if err := meta.Put([]byte(k), putUint64(v)); err != nil {
			return err
		}
	}
	if a.unlimit != nil {
		a.unlimit()
	}
	// A store that was empty holds only this import's strikes: when each
	// has a dataset index key, the linker need not count them.
	ls, err := relink(a.ctx, tx, nil, a.empty && a.keyless == 0 && a.deleted == 0)
	if err != nil {
		return err
	}
	a.stats.Links = ls.Links + ls.Manual
	if a.ds != nil {
		d := *a.ds
		if d.Digest != nil {
			var err error
			if d.SHA256, err = d.Digest(); err != nil {
				return err
			}
		}
		d.Strikes, d.Reports = a.strikes, a.reports
		d.Added, d.Changed, d.Unchanged, d.Missing = a.stats.Added, a.stats.Changed, a.stats.Unchanged, a.stats.Missing
		if d.Imported.IsZero() {
			d.Imported = time.Now().UTC()
		}
		if err := tx.Bucket(bucketDatasets).Put([]byte(d.Name), encodeDataset(&d)); err != nil {
			return err
		}
	}
	return nil
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
	// One goroutine reads and encodes batches while this one writes them.
	rctx, cancel := context.WithCancel(ctx)
	batches := make(chan readBatch, 2)
	go readBatches(rctx, &ds, next, batches)
	defer func() {
		cancel()
		for range batches { // let the reader finish before returning
		}
	}()
	first, ok := <-batches
	if !ok || first.err != nil {
		return ImportStats{}, first.errOr(ctx)
	}
	if first.done {
		return s.applyInPlace(a, func(tx *bolt.Tx) error { return a.putBatch(tx, first.strikes) })
	}
	// While batches stream in, what is live is a few batches and one
	// transaction's pages (50-80 MB); left alone, the garbage collector
	// lets the heap grow to twice that. A soft limit, streamMemoryLimit
	// above the heap live when the import began, makes it
	// collect sooner, for a few percent more CPU. It is lifted for the
	// relink, whose working set grows with the store, and never set over
	// a limit of the user's (GOMEMLIMIT, "off" included).
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && debug.SetMemoryLimit(-1) == math.MaxInt64 {
		ours := liveHeap() + streamMemoryLimit
		debug.SetMemoryLimit(ours)
		a.unlimit = func() { // unless someone else has set one since
			if debug.SetMemoryLimit(-1) == ours {
				debug.SetMemoryLimit(math.MaxInt64)
			}
		}
		defer a.unlimit()
	}
	defer func() {
		if a.onDisk != nil {
			a.onDisk.close()
		}
	}()
	// The copy starts as the store: ask the store what it held before.
	a.wasIn = func(key []byte) (in bool, err error) {
		err = s.view(func(tx *bolt.Tx) error {
			in = tx.Bucket(bucketStrikes).Get(key) != nil
			return nil
		})
		return in, err
	}
	err := s.updateCopy(func(db *bolt.DB) error {
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
		return db.Update(a.finish)
	}, a.changed)
	if err != nil {
		return ImportStats{}, err
	}
	return a.stats, nil
}

// readBatch is a batch of prepared strikes, the last one (done) or an
// error.
type readBatch struct {
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
func readBatches(ctx context.Context, ds *Dataset, next func() (*model.Strike, error), out chan<- readBatch) {
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
			b = readBatch{}
			limit = batchSize
			return true
		case <-ctx.Done():
			return false
		}
	}
	for c := range chunks {
		for _, st := range c.strikes {
			b.strikes = append(b.strikes, prepare(ds, st))
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
		if !a.changed() {
			return errNoChange
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return ImportStats{}, err
	}
	return a.stats, nil
}

func (s *Store) writable() error {
	if s.db == nil {
		return fmt.Errorf("the store %s is closed", s.path)
	}
	if s.lock == nil {
		return fmt.Errorf("the store %s was opened read-only", s.path)
	}
	return nil
}

// updateInPlace runs fn in one write transaction on PATH itself. bbolt
// takes an exclusive lock on the file for it, so readers wait meanwhile.
func (s *Store) updateInPlace(fn func(tx *bolt.Tx) error) (err error) {
	s.db.Close()
	s.db = nil
	defer func() {
		if rerr := s.reopen(); err == nil {
			err = rerr
		}
	}()
	db, err := openBolt(s.path, &bolt.Options{Timeout: s.opts.timeout()})
	if err != nil {
		return err
	}
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(s.path, &err)
	return db.Update(fn)
}

// updateCopy runs fn on a copy of the store and, if fn succeeds and
// changed() says so, puts the copy in the store's place (see the top of
// this file).
func (s *Store) updateCopy(fn func(db *bolt.DB) error, changed func() bool) (err error) {
	tmp := s.path + ".tmp-import"
	os.Remove(tmp)
	if err := s.view(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o644) }); err != nil {
		os.Remove(tmp)
		return ioErr("copy", s.path, err)
	}
	db, err := openBolt(tmp, &bolt.Options{NoSync: true, Timeout: s.opts.timeout()})
	if err != nil {
		os.Remove(tmp)
		return err
	}
	err = func() (err error) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer guard(tmp, &err)
		return fn(db)
	}()
	if err == nil && changed() {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil || !changed() {
		os.Remove(tmp)
		return err
	}
	if err := replace(tmp, s.path); err != nil {
		os.Remove(tmp)
		return ioErr("replace", s.path, err)
	}
	return s.reopen()
}
