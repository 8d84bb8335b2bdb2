package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// storeWith makes a closed store holding n strikes of dataset "a".
func storeWith(t *testing.T, n int) string {
	t.Helper()
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(n, "a"))
	s.Close()
	return path
}

// tamper changes the store with raw bbolt.
func tamper(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// wantProblem runs Check and wants a problem containing each of subs.
func wantProblem(t *testing.T, path string, subs ...string) {
	t.Helper()
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(p, s)
		}
		if ok {
			return
		}
	}
	t.Errorf("no problem with %q among %q", subs, rep.Problems)
}

func TestCheckClean(t *testing.T) {
	path := storeWith(t, 200)
	rep, err := Check(path)
	if err != nil || !rep.OK() || rep.Strikes != 200 {
		t.Fatalf("%+v, %v", rep, err)
	}
}

func TestCheckFlippedByte(t *testing.T) {
	path := storeWith(t, 20)
	id := testStrike(7, "a").ID
	tamper(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStrikes)
		v := append([]byte(nil), b.Get([]byte(id))...)
		v[len(v)/2] ^= 0x01
		return b.Put([]byte(id), v)
	})
	wantProblem(t, path, "strike "+id+": record checksum mismatch (stored 0x", ", computed 0x")
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Strike(id); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Errorf("reading the damaged strike gave %v", err)
	}
}

func TestCheckIndexes(t *testing.T) {
	path := storeWith(t, 20)
	s3, s4 := testStrike(3, "a"), testStrike(4, "a")
	tamper(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketByDataset)
		if err := b.Delete(datasetKeys(s3)[0]); err != nil {
			return err
		}
		if err := b.Put(datasetKey([]byte("mars"), s4.ID), nil); err != nil {
			return err
		}
		if err := b.Put(datasetKey([]byte("venus"), "a:gone"), nil); err != nil {
			return err
		}
		// s4's own summary, kept in its list entry, made s3's
		sum3 := model.Summarize(s3)
		if err := tx.Bucket(bucketList).Put(listKey(s4.Date, s4.ID), encodeListEntry(0, encodeSummary(&sum3), true)); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaStrikes, putUint64(99))
	})
	wantProblem(t, path, "strike "+s3.ID+": the dataset index has no entry")
	wantProblem(t, path, `the dataset index entry "mars" points at strike `+s4.ID+", which does not name it")
	wantProblem(t, path, `the dataset index entry "venus" points at strike a:gone, which is not in the store`)
	wantProblem(t, path, "strike "+s4.ID+": its summary does not match its record")
	wantProblem(t, path, "the store counts 99 strikes but holds 20")
}

// TestCheckDamagedPages overwrites parts of the file's pages: Check and
// Open may fail, but must not crash.
func TestCheckDamagedPages(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	path := storeWith(t, 300)
	orig, _ := os.ReadFile(path)
	p := filepath.Join(t.TempDir(), "bad.db")
	const pageSize = 4096
	for page := 2; page*pageSize < len(orig); page++ {
		for _, off := range []int{0, 10, 12, 16, 40, 2000} {
			bad := append([]byte(nil), orig...)
			for i := range 8 {
				bad[page*pageSize+off+i] ^= 0xa5
			}
			os.WriteFile(p, bad, 0o644)
			Check(p)
			if s, err := Open(p, Options{ReadOnly: true}); err == nil {
				s.Summaries(context.Background())
				s.ForEach(context.Background(), func(*model.Strike) error { return nil })
				s.Close()
			}
		}
	}
}
