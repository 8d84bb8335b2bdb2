package store

import (
	"bytes"
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// TestOwnSummaryKeptOnce: a store keeps no summaries bucket; every strike
// the list shows as itself has its own summary in its entry, marked as
// its own, and every other strike's is in the own bucket, never both.
func TestOwnSummaryKeptOnce(t *testing.T) {
	s, path := newStore(t)
	g := &daysGen{r: rand.New(rand.NewPCG(6, 7))}
	var ucdp, aw []*model.Strike
	for range 80 {
		ucdp = append(ucdp, g.strike("UCDP GED"))
		aw = append(aw, g.strike("Airwars"))
	}
	importAll(t, s, Dataset{Name: "UCDP GED"}, ucdp)
	importAll(t, s, Dataset{Name: "Airwars"}, aw)
	own, merged := 0, 0
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSummaries) != nil {
			t.Error("the store keeps a summaries bucket")
		}
		linked := tx.Bucket(bucketLinked)
		c := tx.Bucket(bucketStrikes).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			want, err := summaryOfRecord(v)
			if err != nil {
				return err
			}
			got, _, ok, err := ownSummary(tx, k)
			if err != nil || !ok {
				t.Fatalf("own summary of %s: %v, %v", k, ok, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the own summary of %s differs from its record's", k)
			}
			date, _, _ := decodeDatePlace(v)
			e := tx.Bucket(bucketList).Get(listKey(date, string(k)))
			if e == nil { // shown under another strike
				if !bytes.Equal(tx.Bucket(bucketOwn).Get(k), want) {
					t.Errorf("strike %s, shown under another: the own bucket lacks its summary", k)
				}
				continue
			}
			_, isOwn, err := listedSummary(e)
			if err != nil {
				return err
			}
			if isOwn == (linked != nil && linked.Get(k) != nil) {
				t.Errorf("strike %s: list entry marked own %v, merged view %v", k, isOwn, !isOwn)
			}
			if isOwn {
				own++
			} else {
				merged++
			}
			kept := tx.Bucket(bucketOwn).Get(k)
			if isOwn != (kept == nil) {
				t.Errorf("strike %s: list entry its own %v, own bucket holds it %v", k, isOwn, kept != nil)
			}
			if kept != nil && !bytes.Equal(kept, want) {
				t.Errorf("the own bucket's summary of %s differs from its record's", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if own == 0 || merged == 0 {
		t.Fatalf("the test needs both kinds of entries: %d own, %d merged", own, merged)
	}
	mustCheck(t, path)
}

// TestUpgradeSchema5: a store of schema 5 (own summaries in the summaries
// bucket, list entries of version 1) still reads as it did, and its first
// write builds the list again, drops the bucket, and leaves the store as
// one written by this schema.
func TestUpgradeSchema5(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	fresh, _ := newStore(t)
	g := &daysGen{r: rand.New(rand.NewPCG(8, 9))}
	var ucdp, aw, more []*model.Strike
	for range 60 {
		ucdp = append(ucdp, g.strike("UCDP GED"))
		aw = append(aw, g.strike("Airwars"))
		more = append(more, g.strike("UCDP GED"))
	}
	for _, st := range []*Store{s, fresh} {
		importAll(t, st, Dataset{Name: "UCDP GED"}, ucdp)
		importAll(t, st, Dataset{Name: "Airwars"}, aw)
	}
	before, _, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = s.updateInPlace(func(tx *bolt.Tx) error { return downgradeTo5(tx) })
	if err != nil {
		t.Fatal(err)
	}
	read, _, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(read, before) {
		t.Fatal("a schema 5 store reads otherwise")
	}
	for _, st := range []*Store{s, fresh} {
		importAll(t, st, Dataset{Name: "UCDP GED"}, append(ucdp[:30:30], more...))
	}
	err = s.view(func(tx *bolt.Tx) error {
		if v := schemaOf(tx); v != SchemaVersion {
			t.Errorf("after the import: schema %d, want %d", v, SchemaVersion)
		}
		if tx.Bucket(bucketSummaries) != nil {
			t.Error("the upgraded store keeps its summaries bucket")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sameOverlay(t, "the first import after schema 5", overlayOf(t, s), overlayOf(t, fresh))
	mustCheck(t, path)
}

// downgradeTo5 makes a store look as schema 5 wrote it: every own summary
// in a summaries bucket, list entries of version 1.
func downgradeTo5(tx *bolt.Tx) error {
	sums, err := tx.CreateBucket(bucketSummaries)
	if err != nil {
		return err
	}
	c := tx.Bucket(bucketStrikes).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		rec, err := summaryOfRecord(v)
		if err != nil {
			return err
		}
		if err := sums.Put(k, rec); err != nil {
			return err
		}
	}
	list := tx.Bucket(bucketList)
	old := map[string][]byte{}
	if err := list.ForEach(func(k, v []byte) error {
		_, possible, sum, err := readListEntry(v)
		b := append([]byte{1}, putUint(nil, uint64(possible))...)
		old[string(k)] = seal(append(b, sum...))
		return err
	}); err != nil {
		return err
	}
	for k, v := range old {
		if err := list.Put([]byte(k), v); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(metaSchema, putUint64(5))
}

// TestCheckList: check compares each strike's list entry with the one a
// relink would write, and finds entries no strike shown accounts for.
func TestCheckList(t *testing.T) {
	// linkedStore is a closed store with strikes shown as themselves,
	// strikes summarised with their links and strikes shown under
	// another; own, merged and hidden name one of each, own's list key
	// is ownKey.
	linkedStore := func(t *testing.T) (path, own, merged, hidden string, ownKey []byte) {
		s, path := newStore(t)
		g := &daysGen{r: rand.New(rand.NewPCG(10, 11))}
		var ucdp, aw []*model.Strike
		for range 80 {
			ucdp = append(ucdp, g.strike("UCDP GED"))
			aw = append(aw, g.strike("Airwars"))
		}
		importAll(t, s, Dataset{Name: "UCDP GED"}, ucdp)
		importAll(t, s, Dataset{Name: "Airwars"}, aw)
		s.view(func(tx *bolt.Tx) error {
			links, linked := tx.Bucket(bucketLinks), tx.Bucket(bucketLinked)
			c := tx.Bucket(bucketStrikes).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				switch {
				case links.Get(k) != nil:
					hidden = string(k)
				case linked.Get(k) != nil:
					merged = string(k)
				default:
					date, _, _ := decodeDatePlace(v)
					own, ownKey = string(k), listKey(date, string(k))
				}
			}
			return nil
		})
		s.Close()
		if own == "" || merged == "" || hidden == "" {
			t.Fatalf("the store lacks a kind of strike: own %q, merged %q, hidden %q", own, merged, hidden)
		}
		mustCheck(t, path)
		return path, own, merged, hidden, ownKey
	}
	entryOf := func(tx *bolt.Tx, id string) listEntry {
		e, _, err := newShower(tx).entry([]byte(id))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	t.Run("missing", func(t *testing.T) {
		path, own, _, _, ownKey := linkedStore(t)
		tamper(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketList).Delete(ownKey) })
		wantProblem(t, path, "the list lacks strike "+own)
	})
	t.Run("possible links miscounted", func(t *testing.T) {
		path, own, _, _, ownKey := linkedStore(t)
		tamper(t, path, func(tx *bolt.Tx) error {
			_, _, sum, err := readListEntry(tx.Bucket(bucketList).Get(ownKey))
			if err != nil {
				return err
			}
			return tx.Bucket(bucketList).Put(ownKey, encodeListEntry(3, bytes.Clone(sum), true))
		})
		wantProblem(t, path, "the list's summary of strike "+own+" is not the strike as shown")
	})
	t.Run("merged shown as own", func(t *testing.T) {
		path, _, merged, _, _ := linkedStore(t)
		tamper(t, path, func(tx *bolt.Tx) error {
			raw := tx.Bucket(bucketStrikes).Get([]byte(merged))
			sum, err := summaryOfRecord(raw)
			if err != nil {
				return err
			}
			return tx.Bucket(bucketList).Put(entryOf(tx, merged).key, encodeListEntry(0, sum, true))
		})
		wantProblem(t, path, "the list's summary of strike "+merged+" is not the strike as shown")
	})
	t.Run("hidden listed", func(t *testing.T) {
		path, _, _, hidden, _ := linkedStore(t)
		tamper(t, path, func(tx *bolt.Tx) error {
			date, _, err := decodeDatePlace(tx.Bucket(bucketStrikes).Get([]byte(hidden)))
			if err != nil {
				return err
			}
			sum, err := summaryOfRecord(tx.Bucket(bucketStrikes).Get([]byte(hidden)))
			if err != nil {
				return err
			}
			return tx.Bucket(bucketList).Put(listKey(date, hidden), encodeListEntry(0, sum, true))
		})
		wantProblem(t, path, "the list shows strike "+hidden+", which is not shown")
	})
	t.Run("under another date", func(t *testing.T) {
		path, own, _, _, ownKey := linkedStore(t)
		tamper(t, path, func(tx *bolt.Tx) error {
			val := entryOf(tx, own).val
			moved := bytes.Clone(ownKey)
			moved[3]++
			if err := tx.Bucket(bucketList).Delete(ownKey); err != nil {
				return err
			}
			return tx.Bucket(bucketList).Put(moved, val)
		})
		wantProblem(t, path, "the list shows strike "+own+" under another date")
		wantProblem(t, path, "the list lacks strike "+own)
	})
}
