package store

import (
	"errors"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// replace trims the bbolt file tmp to the pages it uses, syncs it, renames
// it to path and syncs the directory.
func replace(tmp, path string) error {
	hw, err := highWater(tmp)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > hw {
		err = f.Truncate(hw)
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// createStore makes an empty store at path, atomically.
func createStore(path string) error {
	tmp := path + ".tmp-create"
	os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return ioErr("create", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaMagic, []byte(storeMagic)); err != nil {
			return err
		}
		for _, k := range [][]byte{metaGeneration, metaStrikes, metaReports} {
			if err := meta.Put(k, putUint64(0)); err != nil {
				return err
			}
		}
		return meta.Put(metaSchema, putUint64(SchemaVersion))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return ioErr("create", path, err)
	}
	return nil
}
