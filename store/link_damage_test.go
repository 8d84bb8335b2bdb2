package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestRelinkWalkerDamage: a damaged page in the middle of the strikes
// bucket makes the first pass's cursor (the walker, on the calling
// goroutine) panic after it has handed chunks to the decoders. The store
// turns the panic into ErrCorrupt and closes the file; the decoders must
// have stopped reading it by then, and must not be left blocked.
func TestRelinkWalkerDamage(t *testing.T) {
	s, path := newStore(t)
	const n = 30000
	importAll(t, s, Dataset{Name: "a"}, testStrikes(n, "a"))
	importAll(t, s, Dataset{Name: "b"}, testStrikes(n, "b"))
	s.Close()
	root, ps := bucketRoot(t, path, bucketStrikes)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Descend from the root through the middle child to a leaf.
	id := root
	for {
		hdr := make([]byte, ps)
		if _, err := f.ReadAt(hdr, int64(id)*ps); err != nil {
			t.Fatal(err)
		}
		flags := binary.LittleEndian.Uint16(hdr[8:])
		count := binary.LittleEndian.Uint16(hdr[10:])
		if flags&0x02 != 0 { // leaf
			break
		}
		if flags&0x01 == 0 {
			t.Fatalf("page %d: flags %x", id, flags)
		}
		el := 16 + 16*int(count*3/4) // a child three quarters along
		id = binary.LittleEndian.Uint64(hdr[el+8:])
	}
	var bad [8]byte
	binary.LittleEndian.PutUint64(bad[:], id+1) // the page names another: FastCheck panics
	if _, err := f.WriteAt(bad[:], int64(id)*ps); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s = reopen(t, path)
	before := runtime.NumGoroutine()
	_, err = s.Relink(context.Background())
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("relink on a damaged strikes page: %v, want ErrCorrupt", err)
	}
	time.Sleep(200 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("relink returned with %d goroutines still running", after-before)
	}
}

// TestRelinkRecordIDNotKey: a record whose strike ID is not its key
// (damage strikes check reports) would put the keys out of ID order, and
// the plan's ranks would name other strikes' records and summaries: the
// relink refuses it, naming both, and leaves the store as it was.
func TestRelinkRecordIDNotKey(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(3000))
	var first []byte
	s = damage(t, s, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStrikes)
		k, v := b.Cursor().First()
		first = bytes.Clone(k)
		st, err := decodeStrike(v)
		if err != nil {
			return err
		}
		st.ID = "zzzz:moved"
		return b.Put(first, encodeStrike(&st))
	})
	gen, _ := s.Generation()
	_, err := s.Relink(context.Background())
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `the record stored under "`+string(first)+`" holds strike "zzzz:moved"`) {
		t.Errorf("relink with a record under another strike's key: %v", err)
	}
	if g, _ := s.Generation(); g != gen {
		t.Error("the failed relink changed the store")
	}
}

// TestRelinkDamagedSummary: a summary record that cannot be read (damage
// strikes check reports) does not stop a relink: the merged summary of
// the strike it belongs to is made from the records instead.
func TestRelinkDamagedSummary(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(3000))
	var target []byte
	var want []byte
	s.view(func(tx *bolt.Tx) error {
		k, v := tx.Bucket(bucketLinked).Cursor().First()
		target, want = bytes.Clone(k), bytes.Clone(v)
		return nil
	})
	if target == nil {
		t.Fatal("nothing linked")
	}
	s = damage(t, s, path, func(tx *bolt.Tx) error {
		// its list entry, where an own summary would be
		b := tx.Bucket(bucketList)
		var lk []byte
		b.ForEach(func(k, _ []byte) error {
			if id, _ := listID(k); bytes.Equal(id, target) {
				lk = bytes.Clone(k)
			}
			return nil
		})
		if lk == nil {
			return fmt.Errorf("strike %s is not listed", target)
		}
		v := bytes.Clone(b.Get(lk))
		v[len(v)/2] ^= 0xff // the checksum no longer holds
		if err := b.Put(lk, v); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketLinked) // so that the relink writes it again
	})
	if _, err := s.Relink(context.Background()); err != nil {
		t.Fatalf("relink with a damaged summary: %v", err)
	}
	s.view(func(tx *bolt.Tx) error {
		if got := tx.Bucket(bucketLinked).Get(target); !bytes.Equal(got, want) {
			t.Errorf("the view of %s differs from the one made before the damage", target)
		}
		return nil
	})
}

// damage closes the store, changes its file with bbolt alone (as damage
// or another program would, no check of strikes' in the way), and opens
// it again; the test closes the store returned.
func damage(t *testing.T, s *Store, path string, change func(tx *bolt.Tx) error) *Store {
	t.Helper()
	s.Close()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(change); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return reopen(t, path)
}

// reopen opens the store at path again after a test changed its file;
// the test's cleanup closes it.
func reopen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bucketRoot returns the page of a bucket's root in the closed store at
// path, and the store's page size, for a test to damage the file there.
func bucketRoot(t *testing.T, path string, bucket []byte) (root uint64, pageSize int64) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bucket).Root()); return nil })
	return root, int64(db.Info().PageSize)
}
