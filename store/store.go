package store

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// DefaultTimeout is how long Open waits for a lock unless told otherwise.
const DefaultTimeout = time.Second

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
		return 0 // bbolt and TryLock: wait forever
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
	// wholeRelink makes every import relink the whole store, never its
	// days only (relink_days.go): the tests compare the two.
	wholeRelink bool
	// daysBudget, when positive, bounds what the relink of an import's
	// days reads instead of the store's size (relink_days.go).
	daysBudget int
	// lastRelink is what the last import's relink did.
	lastRelink LinkStats
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
		if err := boltfile.TryLock(f, opts.timeout()); err != nil {
			f.Close()
			if errors.Is(err, boltfile.ErrLockTimeout) {
				return nil, inUse(path, true)
			}
			return nil, ioErr("lock", path, err)
		}
		s.lock = f
		removeScratch(path) // left by a write that was killed
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
	var file *os.File // the file bbolt reads, for CheckHeaderPages
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
		if err := boltfile.CheckHeaderPages(file, db.Info().PageSize); err != nil {
			db.Close()
			return nil, fileErr(path, err)
		}
		if err := db.View(loadDicts); err != nil { // the datasets' own (compress_store.go)
			db.Close()
			return nil, damagedStore(path, err, "%v", err)
		}
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, inUse(path, !o.ReadOnly)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, damagedStore(path, err, "%v", err)
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
		*err = damagedStore(path, nil, "reading it failed: %v", r)
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
		return damagedStore(path, nil, "its schema version is unreadable")
	}
	if v > SchemaVersion {
		return storeErr(ErrNewerSchema, nil, "the store %s was written by a newer strikes (schema %d; this one reads up to %d); upgrade strikes", path, v, SchemaVersion)
	}
	for _, b := range allBuckets {
		if tx.Bucket(b) == nil {
			return damagedStore(path, nil, "the %s bucket is missing", b)
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
