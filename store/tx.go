package store

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The write transactions. Every write to a store goes through one of two
// paths, and both keep it atomic:
//
// A write that fits in one batch (an import of up to batchSize strikes, a
// link decision, a relink) is one bbolt transaction on the store itself
// (updateInPlace): bbolt's commit is atomic, and it is fast. Readers wait
// for it.
//
// A larger import would make one huge transaction slow and hungry (bbolt
// keeps every dirty page in memory until commit), so it works on a copy
// (updateCopy): the store is copied to PATH.tmp-import from a read
// transaction, the copy is written in transactions of batchSize strikes
// without fsync, and at the end it is synced, trimmed to the pages in use,
// renamed over PATH (an atomic replace) and the directory is synced
// (boltfile.Replace). A crash at any point leaves PATH as it was, plus
// perhaps a stale PATH.tmp-import that the next import overwrites.
// Readers keep the file they opened and see the new one on their next
// open.
//
// Writers exclude each other with an flock on PATH.lock (store.go), a file
// that is never renamed or removed: a lock on PATH itself would be on the
// inode the rename retires, and a writer waiting on it would wake up
// holding a lock on a file no longer at PATH.

// writable says why the store cannot be written, or nil.
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
	if err := boltfile.Replace(tmp, s.path); err != nil {
		os.Remove(tmp)
		return ioErr("replace", s.path, err)
	}
	return s.reopen()
}

// scratchFiles are the files a write keeps beside the store while it
// runs; a killed process leaves them behind.
func scratchFiles(path string) []string {
	return []string{path + ".tmp-import", path + ".tmp-import.seen", path + ".tmp-import.sums", path + ".tmp-create"}
}

// removeScratch removes what an earlier write that was killed left beside
// the store. Only the holder of the store's lock may call it: no other
// write can be under way.
func removeScratch(path string) {
	for _, f := range scratchFiles(path) {
		os.Remove(f)
	}
}

// scratchAdvice names the scratch files a killed write left beside the
// store, and their size.
func scratchAdvice(path string) []string {
	var out []string
	for _, f := range scratchFiles(path) {
		if fi, err := os.Stat(f); err == nil {
			out = append(out, fmt.Sprintf("%s (%s MB) was left by an import that was stopped; the next import removes it, or remove it yourself", f, strconv.FormatFloat(float64(fi.Size())/1e6, 'f', 1, 64)))
		}
	}
	return out
}
