package store

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// diskSet is the set of strike IDs an update of a dataset has seen, kept
// on disk so that the update's memory does not grow with its file: a
// bbolt file of its own beside the store's copy (PATH.tmp-import.seen),
// written without syncing, one transaction per batch, and removed when
// the import ends. A crash leaves it behind, like the copy, and the next
// update overwrites it. It is not part of any store: a set in the copy
// itself would cost the last transaction a walk over all its pages to
// free them.
type diskSet struct {
	path string
	db   *bolt.DB
	tx   *bolt.Tx
}

var setBucket = []byte("seen")

func openDiskSet(path string) (*diskSet, error) {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true})
	if err != nil {
		os.Remove(path)
		return nil, ioErr("create", path, err)
	}
	d := &diskSet{path: path, db: db}
	if err := d.begin(); err != nil {
		d.close()
		return nil, err
	}
	return d, nil
}

func (d *diskSet) begin() (err error) {
	if d.tx, err = d.db.Begin(true); err != nil {
		return ioErr("write", d.path, err)
	}
	if _, err = d.tx.CreateBucketIfNotExists(setBucket); err != nil {
		return ioErr("write", d.path, err)
	}
	return nil
}

// present is the value of every key of the set. It must not be empty:
// within the transaction that put it, bbolt gives an empty value back
// as nil, which reads as absent.
var present = []byte{1}

// add adds id, and says whether it was new.
func (d *diskSet) add(id []byte) (bool, error) {
	b := d.tx.Bucket(setBucket)
	if b.Get(id) != nil {
		return false, nil
	}
	return true, b.Put(id, present)
}

// commit writes what was added since the last commit. (The import's
// dropper lets go of the pages the set has read, with the store's.)
func (d *diskSet) commit() error {
	err := d.tx.Commit()
	d.tx = nil
	if err != nil {
		return ioErr("write", d.path, err)
	}
	return d.begin()
}

// cursor reads the set in key order.
func (d *diskSet) cursor() *bolt.Cursor {
	return d.tx.Bucket(setBucket).Cursor()
}

// close removes the set.
func (d *diskSet) close() {
	if d.tx != nil {
		d.tx.Rollback()
	}
	d.db.Close()
	os.Remove(d.path)
}
