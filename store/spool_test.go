package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// TestSpoolReadsBack writes entries of many sizes, some longer than the
// read window, and reads them back in list order and in chunks of any
// order.
func TestSpoolReadsBack(t *testing.T) {
	sp, err := createSpool(filepath.Join(t.TempDir(), "x.sums"))
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	rng := rand.New(rand.NewPCG(1, 2))
	type entry struct{ key, sum []byte }
	var want []entry
	dates := []uint32{0, 1, 0xffff, 0x10000, 0x10001, 0xffffffff}
	for range 40 {
		dates = append(dates, rng.Uint32())
	}
	for i := range 3000 {
		n := rng.IntN(200)
		if i%500 == 7 {
			n = spoolWindow + rng.IntN(3*spoolWindow) // longer than a window
		}
		sum := make([]byte, n)
		for j := range sum {
			sum[j] = byte(rng.Uint32())
		}
		// Dates repeat (either half of their four bytes differing), IDs
		// do not, and are of several lengths.
		key := binary.BigEndian.AppendUint32(nil, dates[rng.IntN(len(dates))])
		key = fmt.Appendf(key, "%0*d", 1+rng.IntN(12), i)
		want = append(want, entry{key, sum})
		if err := sp.add(key, sum); err != nil {
			t.Fatal(err)
		}
	}
	at, err := sp.index()
	if err != nil {
		t.Fatal(err)
	}
	keys := sp.chunkKeys(at)
	if len(keys) != len(want) || !slices.IsSortedFunc(keys, bytes.Compare) {
		t.Fatalf("index: %d keys (want %d), sorted %v", len(keys), len(want), slices.IsSortedFunc(keys, bytes.Compare))
	}
	for i, k := range keys {
		if !bytes.Equal(k, want[at[i]].key) {
			t.Fatalf("key %d is %q, entry %d's is %q", i, k, at[i], want[at[i]].key)
		}
	}
	for _, chunk := range [][]int32{at, at[:1], at[len(at)-1:], at[100:1100], {at[5], at[5], at[2]}} {
		got, err := sp.summaries(chunk)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range chunk {
			if !bytes.Equal(got[i], want[e].sum) {
				t.Fatalf("the summary of entry %d reads back as %d bytes, want %d", e, len(got[i]), len(want[e].sum))
			}
		}
	}
	sp.close()
	if _, err := os.Stat(sp.path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("close left the spool: %v", err)
	}
}

// TestSpoolCutShort reads a spool cut short, as a full disk or another
// process could leave it: an error, not a wrong list.
func TestSpoolCutShort(t *testing.T) {
	sp, err := createSpool(filepath.Join(t.TempDir(), "x.sums"))
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	for i := range 100 {
		if err := sp.add(fmt.Appendf(nil, "0000%04d", i), bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := sp.f.Truncate(sp.size - 100); err != nil {
		t.Fatal(err)
	}
	if _, err := sp.index(); !errors.Is(err, errSpool) {
		t.Errorf("a spool cut short gave %v, want errSpool", err)
	}
}

// listDump is every key and value of the list and own buckets.
func listDump(t *testing.T, tx *bolt.Tx) (out []string) {
	t.Helper()
	for _, name := range [][]byte{bucketList, bucketOwn} {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		if err := b.ForEach(func(k, v []byte) error {
			out = append(out, fmt.Sprintf("%s %x=%x", name, k, v))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestImportSpoolsOwnSummaries imports into an empty store on the copy
// path, which builds the list from the summaries the import made as it
// read (spool.go), and holds that list, byte for byte, to the one made
// from the records.
func TestImportSpoolsOwnSummaries(t *testing.T) {
	s, path := newStore(t)
	in := ownDays(testStrikes(2*batchSize+17, "a"))
	// Twins of another strike, a day and a place apart: the relink links
	// some, so that the list shows strikes under others as well.
	for i := range 40 {
		tw := testStrike(i, "a")
		tw.ID = fmt.Sprintf("twin-%d", i)
		tw.Date, tw.Place = in[i].Date, in[i].Place
		for j := range tw.Reports {
			tw.Reports[j].Date = in[i].Date
			tw.Reports[j].Dataset = "b"
		}
		in = append(in, tw)
	}
	before := ownsFromRecords.Load()
	st := importAll(t, s, Dataset{Name: "a"}, in)
	if st.Links == 0 {
		t.Error("the import linked no strike; the test wants some shown under others")
	}
	if n := ownsFromRecords.Load() - before; n != 0 {
		t.Errorf("the list's build made %d own summaries again from the records, want 0", n)
	}
	for _, f := range scratchFiles(path) {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the import left %s: %v", f, err)
		}
	}
	s.Close()
	mustCheck(t, path)

	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rollback := errors.New("rolled back")
	err = db.Update(func(tx *bolt.Tx) error {
		spooled := listDump(t, tx)
		if len(spooled) < len(in)-40 {
			t.Fatalf("the list holds %d entries for %d strikes", len(spooled), len(in))
		}
		before := ownsFromRecords.Load()
		if b := tx.Bucket(bucketOwn); b != nil { // made from the records, not kept
			if err := tx.DeleteBucket(bucketOwn); err != nil {
				return err
			}
		}
		if err := rebuildList(tx); err != nil {
			return err
		}
		if ownsFromRecords.Load() == before {
			t.Error("the rebuild made no summary from the records; the comparison proves nothing")
		}
		if made := listDump(t, tx); !slices.Equal(spooled, made) {
			t.Errorf("the list built from the import's summaries differs from the one made from the records (%d and %d entries)", len(spooled), len(made))
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
}

// TestBuildListSpoolShort gives the list's build a spool that misses a
// strike: it makes the list from the records instead.
func TestBuildListSpoolShort(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(50, "a"))
	s.Close()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var want []string
	if err := db.View(func(tx *bolt.Tx) error { want = listDump(t, tx); return nil }); err != nil {
		t.Fatal(err)
	}
	sp, err := createSpool(path + ".sums")
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	if err := sp.add([]byte("0000x"), []byte("not a summary")); err != nil {
		t.Fatal(err)
	}
	if err := buildList(db, sp); err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(tx *bolt.Tx) error {
		if got := listDump(t, tx); !slices.Equal(got, want) {
			t.Errorf("the list built beside a short spool differs from the import's (%d and %d entries)", len(got), len(want))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestImportSpoolFails stops an import into an empty store part way, after
// its spool has entries: nothing is left beside the store.
func TestImportSpoolFails(t *testing.T) {
	s, path := newStore(t)
	in := testStrikes(2*batchSize+10, "a")
	i := 0
	boom := errors.New("the file is cut short")
	_, err := s.Import(context.Background(), Dataset{Name: "a"}, func() (*model.Strike, error) {
		if i == 2*batchSize+3 {
			return nil, boom
		}
		i++
		return in[i-1], nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	for _, f := range scratchFiles(path) {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the failed import left %s: %v", f, err)
		}
	}
	if c, _ := s.Counts(); c.Strikes != 0 {
		t.Errorf("the failed import left %d strikes", c.Strikes)
	}
}
