package boltfile

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// Set is a set of keys kept on disk, so that a long write's memory does
// not grow with what it has seen: a bbolt file of its own, written
// without syncing, one transaction per Commit, and removed by Close. A
// crash leaves it behind; the next OpenSet at the same path overwrites
// it. (A set inside the file being written would cost that file's last
// transaction a walk over all its pages to free them.)
type Set struct {
	path string
	db   *bolt.DB
	tx   *bolt.Tx
}

var setBucket = []byte("seen")

// OpenSet makes an empty set at path, removing whatever was there.
func OpenSet(path string) (*Set, error) {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true})
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	d := &Set{path: path, db: db}
	if err := d.begin(); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Path is where the set is kept.
func (d *Set) Path() string { return d.path }

// DB is the set's bbolt file, for a Dropper.
func (d *Set) DB() *bolt.DB { return d.db }

func (d *Set) begin() (err error) {
	if d.tx, err = d.db.Begin(true); err != nil {
		return err
	}
	_, err = d.tx.CreateBucketIfNotExists(setBucket)
	return err
}

// present is the value of every key of the set. It must not be empty:
// within the transaction that put it, bbolt gives an empty value back
// as nil, which reads as absent.
var present = []byte{1}

// Add adds key, and says whether it was new.
func (d *Set) Add(key []byte) (bool, error) {
	b := d.tx.Bucket(setBucket)
	if b.Get(key) != nil {
		return false, nil
	}
	return true, b.Put(key, present)
}

// Commit writes what was added since the last commit.
func (d *Set) Commit() error {
	err := d.tx.Commit()
	d.tx = nil
	if err != nil {
		return err
	}
	return d.begin()
}

// Cursor reads the set in key order.
func (d *Set) Cursor() *bolt.Cursor {
	return d.tx.Bucket(setBucket).Cursor()
}

// Close removes the set.
func (d *Set) Close() {
	if d.tx != nil {
		d.tx.Rollback()
	}
	d.db.Close()
	os.Remove(d.path)
}
