package boltfile

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rssFileKB is the process's resident memory mapped from files.
func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if f := bytes.Fields(l); len(f) >= 2 && string(f[0]) == "RssFile:" {
			n, _ := strconv.Atoi(string(f[1]))
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestDropMapped: pages read through bbolt's map leave the resident set
// when dropped, and the data reads the same afterwards.
func TestDropMapped(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "m.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	val := bytes.Repeat([]byte("x"), 2000)
	const n = 16000 // 32 MB of values
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := range n {
			if err := b.Put([]byte(strconv.Itoa(i)), val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() {
		t.Helper()
		db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("b")).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if !bytes.Equal(v, val) {
					t.Fatalf("%s reads %d bytes unlike what was put", k, len(v))
				}
			}
			return nil
		})
	}
	before := rssFileKB(t)
	read()
	if grew := rssFileKB(t) - before; grew < 20_000 {
		t.Skipf("reading 32 MB through the map grew the resident set by only %d kB", grew)
	}
	var m Mapping
	DropMapped(db, &m)
	// A Dropper leaves a few pages alone and drops many.
	var d Dropper
	d.Check(db)
	small := rssFileKB(t)
	db.View(func(tx *bolt.Tx) error { tx.Bucket([]byte("b")).Get([]byte("7")); return nil })
	d.Check(db)
	if rssFileKB(t) < small {
		t.Error("the dropper dropped a page or two")
	}
	read()
	d.Check(db)
	if left := rssFileKB(t) - before; left > 4_000 {
		t.Errorf("%d kB of the map stayed resident after the dropper's check", left)
	}
	if left := rssFileKB(t) - before; left > 4_000 {
		t.Errorf("%d kB of the map stayed resident after DropMapped", left)
	}
	var used int64 // the pages in use, which the map covers (bbolt grows the file ahead of it)
	db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	if m.end-m.start < uint64(used) {
		t.Errorf("the map found is %d bytes, shorter than the %d bytes in use", m.end-m.start, used)
	}
	read() // the pages come back from the file
}

func TestMappingEndUnknown(t *testing.T) {
	if _, ok := mappingEnd(1 << 40); ok {
		t.Error("an address nothing is mapped at was taken for a map")
	}
}
