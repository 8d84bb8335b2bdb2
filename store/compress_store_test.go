package store

import (
	"context"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// recordDicts counts the strike records of a store by the dictionary
// they were compressed with: "store" for a dataset's own, "shipped", or
// "none".
func recordDicts(t *testing.T, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStrikes).ForEach(func(_, v []byte) error {
			switch {
			case v[0]&compressedBit == 0:
				out["none"]++
			case v[1] == dictStore:
				out["store"]++
			default:
				out["shipped"]++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDatasetDictionary: the first import of a dataset trains a
// dictionary of its own and keeps it; the next import of the dataset
// encodes with it (its records unchanged); a store opened anew reads them;
// a small import, or a dataset the store held before it had dictionaries,
// keeps to the shipped one.
func TestDatasetDictionary(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	big := testStrikes(4000, "a")
	importAll(t, s, Dataset{Name: "a"}, big)
	if got := recordDicts(t, s); got["store"] != len(big) {
		t.Fatalf("records of the first import by dictionary: %v, want all %d with the dataset's", got, len(big))
	}
	var id []byte
	s.view(func(tx *bolt.Tx) error {
		id = append(id, tx.Bucket(bucketDicts).Get(datasetDictKey("a"))...)
		return nil
	})
	if len(id) != 4 {
		t.Fatalf("the dataset's dictionary ID is %x", id)
	}
	// Imported again, nothing changes.
	if st := importAll(t, s, Dataset{Name: "a"}, big); st.Unchanged != len(big) || st.Changed != 0 {
		t.Errorf("the same file again: %+v", st)
	}
	// A process that opens the store knows nothing of the dictionary
	// until it reads the store's.
	s.Close()
	storeDicts.Clear()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	sums, _, err := s2.Summaries(ctx)
	if err != nil || len(sums) != len(big) {
		t.Fatalf("after reopening: %d summaries, %v", len(sums), err)
	}
	st, err := s2.Strike(big[17].ID)
	if err != nil || st.ID != big[17].ID {
		t.Fatalf("reading a strike: %v", err)
	}
	mustCheck(t, path)
	// A small import keeps to the shipped dictionary, and so do the
	// later imports of its dataset.
	importAll(t, s2, Dataset{Name: "b"}, testStrikes(20, "b"))
	importAll(t, s2, Dataset{Name: "b"}, testStrikes(4000, "b"))
	if got := recordDicts(t, s2); got["store"] != len(big) {
		t.Errorf("after the dataset b: %v, want only a's %d with a dictionary of their own", got, len(big))
	}
	mustCheck(t, path)
}

// TestDatasetDictionaryMissing: a store whose dictionary is gone says so,
// as damage, and does not crash.
func TestDatasetDictionaryMissing(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(4000, "a"))
	s.Close()
	tamper(t, path, func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketDicts) })
	storeDicts.Clear()
	wantProblem(t, path, "which the store does not hold")
}
