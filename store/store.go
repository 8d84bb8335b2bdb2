// Package store keeps strikes in one bbolt file: the schema (schema.go),
// the record codec (codec.go, summary.go), the dataset index
// (index.go), opening and locking (store.go, header.go), atomic imports
// (import.go), the consistency check (check.go) and the dashboard's
// read-only source (source.go).
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/strikes-dev/strikes/model"
)

// The errors a store returns wrap one of these; test with errors.Is.
var (
	// ErrInUse means another strikes process holds the store.
	ErrInUse = errors.New("the store is in use by another strikes process")
	// ErrNoStore means there is no store file at the path.
	ErrNoStore = errors.New("no store")
	// ErrNotAStore means the file is not a strikes store.
	ErrNotAStore = errors.New("not a strikes store")
	// ErrNewerSchema means a newer strikes wrote the store.
	ErrNewerSchema = errors.New("the store was written by a newer strikes")
	// ErrCorrupt means the store is damaged.
	ErrCorrupt = errors.New("the store is damaged")
	// ErrNotFound means a strike or dataset is not in the store.
	ErrNotFound = errors.New("not found")
)

// errLockTimeout is returned by tryLock when it gives up.
var errLockTimeout = errors.New("timed out waiting for the lock")

// lockPoll is how often a lock is retried.
const lockPoll = 50 * time.Millisecond

// DefaultTimeout is how long Open waits for a lock unless told otherwise.
const DefaultTimeout = time.Second

// storeError is an error whose message is a whole sentence and which
// wraps a sentinel (kind) and the underlying cause, if any.
type storeError struct {
	msg   string
	kind  error
	cause error
}

func (e *storeError) Error() string   { return e.msg }
func (e *storeError) Unwrap() []error { return []error{e.kind, e.cause} }

func storeErr(kind, cause error, format string, args ...any) error {
	return &storeError{msg: fmt.Sprintf(format, args...), kind: kind, cause: cause}
}

// ioErr explains a failed file operation on the store at path.
func ioErr(what, path string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return fmt.Errorf("cannot %s the store %s: %w", what, path, err)
	}
	return fmt.Errorf("cannot %s the store %s: %v: %w", what, path, pe.Err, err)
}

// Options says how to open a store.
type Options struct {
	// ReadOnly opens the store for reading only, sharing it with other
	// readers and with an import that writes a new copy.
	ReadOnly bool
	// Timeout is how long to wait for another process to let go of the
	// store; zero means DefaultTimeout.
	Timeout time.Duration
	// Wait waits for the store however long it takes (import --wait).
	Wait bool
	// Create creates an empty store when there is none (ignored with
	// ReadOnly).
	Create bool
}

func (o Options) timeout() time.Duration {
	switch {
	case o.Wait:
		return 0 // bbolt and tryLock: wait forever
	case o.Timeout > 0:
		return o.Timeout
	}
	return DefaultTimeout
}

// Store is an open strikes store. A store opened for writing holds the
// lock file PATH.lock, so only one process writes at a time; readers are
// never blocked by it except during a small in-place import. A Store is
// not safe for concurrent use by several goroutines.
type Store struct {
	path string
	opts Options
	db   *bolt.DB // always opened read-only; writes reopen (import.go)
	lock *os.File // nil when read-only
}

// Open opens the store at path. See Options for the modes. Its errors wrap
// ErrNoStore, ErrNotAStore, ErrNewerSchema, ErrCorrupt or ErrInUse.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{path: path, opts: opts}
	if !opts.ReadOnly {
		f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, ioErr("lock", path, err)
		}
		if err := tryLock(f, opts.timeout()); err != nil {
			f.Close()
			if errors.Is(err, errLockTimeout) {
				return nil, inUse(path, true)
			}
			return nil, ioErr("lock", path, err)
		}
		s.lock = f
	}
	err := checkFile(path)
	if errors.Is(err, ErrNoStore) && opts.Create && !opts.ReadOnly {
		err = createStore(path)
	}
	if err == nil {
		err = s.reopen()
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func inUse(path string, writing bool) error {
	if writing {
		return storeErr(ErrInUse, nil, "the store %s is in use by another strikes process (to wait for it, pass --wait)", path)
	}
	return storeErr(ErrInUse, nil, "the store %s is in use by another strikes process", path)
}

// reopen (re)opens the read-only bbolt handle and verifies the meta.
func (s *Store) reopen() error {
	if s.db != nil {
		s.db.Close()
		s.db = nil
	}
	db, err := openBolt(s.path, &bolt.Options{ReadOnly: true, Timeout: s.opts.timeout()})
	if err != nil {
		return err
	}
	if err := view(s.path, db, func(tx *bolt.Tx) error { return verifyMeta(s.path, tx) }); err != nil {
		db.Close()
		return err
	}
	s.db = db
	return nil
}

// openBolt opens a bbolt file that checkFile accepted, turning bbolt's
// errors and panics into sentences.
func openBolt(path string, o *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(path, &err)
	var file *os.File // the file bbolt reads, for checkHeaderPages
	oo := *o
	if !o.ReadOnly {
		oo.MaxSize = maxSizeForTests
	}
	oo.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, err = bolt.Open(path, 0o644, &oo)
	switch {
	case err == nil:
		if err := checkHeaderPages(path, file, db.Info().PageSize); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, inUse(path, !o.ReadOnly)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, storeErr(ErrCorrupt, err, "the store %s is damaged (%v); run strikes check", path, err)
	}
	return nil, ioErr("open", path, err)
}

// maxSizeForTests, when positive, caps the size bbolt may grow a store
// file to (bbolt's MaxSize), so tests can fill the disk at will. Only
// tests set it (diskfull_test.go).
var maxSizeForTests int

// guard turns a panic, or a memory fault (see debug.SetPanicOnFault),
// while reading the file at path into an ErrCorrupt error. Defer it
// directly, with the named error result, after
// defer debug.SetPanicOnFault(debug.SetPanicOnFault(true)).
func guard(path string, err *error) {
	if r := recover(); r != nil {
		*err = storeErr(ErrCorrupt, nil, "the store %s is damaged (reading it failed: %v); run strikes check", path, r)
	}
}

// verifyMeta refuses files that are not strikes stores or are too new.
func verifyMeta(path string, tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil || string(meta.Get(metaMagic)) != storeMagic {
		return storeErr(ErrNotAStore, nil, "%s is not a strikes store", path)
	}
	v, ok := getUint64(meta.Get(metaSchema))
	if !ok {
		return storeErr(ErrCorrupt, nil, "the store %s is damaged (its schema version is unreadable); run strikes check", path)
	}
	if v > SchemaVersion {
		return storeErr(ErrNewerSchema, nil, "the store %s was written by a newer strikes (schema %d; this one reads up to %d); upgrade strikes", path, v, SchemaVersion)
	}
	for _, b := range allBuckets {
		if tx.Bucket(b) == nil {
			return storeErr(ErrCorrupt, nil, "the store %s is damaged (the %s bucket is missing); run strikes check", path, b)
		}
	}
	return nil
}

// Path returns the path of the store file.
func (s *Store) Path() string { return s.path }

// Close closes the store and lets go of its lock.
func (s *Store) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	if s.lock != nil {
		s.lock.Close() // closing the descriptor releases the flock
		s.lock = nil
	}
	return err
}

// view runs fn in a read transaction, turning a panic or fault on damaged
// pages into ErrCorrupt.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	if s.db == nil {
		return fmt.Errorf("the store %s is closed", s.path)
	}
	return view(s.path, s.db, fn)
}

// view runs fn in a read transaction of db, guarded (see guard).
func view(path string, db *bolt.DB, fn func(tx *bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(path, &err)
	return db.View(fn)
}

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
			return storeErr(ErrCorrupt, err, "links of strike %s: %v; run strikes check", id, err)
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
			return nil, storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", k, err)
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
						errs[w] = storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", k, err)
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
				return storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", k, err)
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
				return storeErr(ErrCorrupt, err, "dataset %s: %v; run strikes check", k, err)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}
