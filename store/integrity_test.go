package store

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// asDataset is strikes with the IDs of dataset a but every report of
// dataset b: what a generated file whose IDs collide with a real one's
// holds.
func asDataset(strikes []*model.Strike, b string) []*model.Strike {
	for _, st := range strikes {
		for i := range st.Reports {
			st.Reports[i].Dataset = b
		}
	}
	return strikes
}

// TestImportNeverReplacesAnotherDataset: a file whose strike IDs are
// another dataset's is refused, on both write paths, and the store is as
// it was; its own dataset's strikes it replaces.
func TestImportNeverReplacesAnotherDataset(t *testing.T) {
	for _, n := range []int{20, batchSize + 20} {
		s, path := newStore(t)
		importAll(t, s, Dataset{Name: "a"}, testStrikes(n, "a"))
		before := dump(t, s)
		gen, _ := s.Generation()
		_, err := s.Import(context.Background(), Dataset{Name: "synth"}, feed(asDataset(testStrikes(n, "a"), "synth")))
		if !errors.Is(err, ErrOtherDataset) || !strings.Contains(err.Error(), `held by the dataset "a"`) || !strings.Contains(err.Error(), "--id-prefix") {
			t.Fatalf("%d strikes: got %v, want ErrOtherDataset naming the dataset and --id-prefix", n, err)
		}
		if g, _ := s.Generation(); g != gen || !reflect.DeepEqual(dump(t, s), before) {
			t.Errorf("%d strikes: the refused import changed the store", n)
		}
		mustCheck(t, path)
		// The dataset's own newer version replaces its strikes.
		newer := testStrikes(n, "a")
		newer[3].Grading = "Discounted"
		if st := importAll(t, s, Dataset{Name: "a"}, newer); st.Changed != 1 {
			t.Errorf("%d strikes: the dataset's own update changed %d strikes, want 1", n, st.Changed)
		}
		mustCheck(t, path)
	}
}

// TestReplaceAsksBeforeDeletingMost: an import with Replace that would
// delete more than half of its dataset needs ConfirmDelete's yes; smaller
// deletions go ahead without asking.
func TestReplaceAsksBeforeDeletingMost(t *testing.T) {
	s, path := newStore(t)
	all := testStrikes(40, "a")
	importAll(t, s, Dataset{Name: "a"}, all)
	before := dump(t, s)
	excerpt := testStrikes(2, "a")
	asked := 0
	for _, confirm := range []func(int, int) bool{nil, func(m, h int) bool {
		asked++
		if m != 38 || h != 40 {
			t.Errorf("asked about %d of %d, want 38 of 40", m, h)
		}
		return false
	}} {
		_, err := s.Import(context.Background(), Dataset{Name: "a", Replace: true, ConfirmDelete: confirm}, feed(excerpt))
		if !errors.Is(err, ErrDeleteRefused) || !strings.Contains(err.Error(), "38 of the 40") {
			t.Fatalf("got %v, want ErrDeleteRefused saying 38 of the 40", err)
		}
		if !reflect.DeepEqual(dump(t, s), before) {
			t.Fatal("a refused replace changed the store")
		}
	}
	if asked != 1 {
		t.Errorf("ConfirmDelete was asked %d times", asked)
	}
	st, err := s.Import(context.Background(), Dataset{Name: "a", Replace: true, ConfirmDelete: func(int, int) bool { return true }}, feed(excerpt))
	if err != nil || st.Missing != 38 || len(dump(t, s)) != 2 {
		t.Fatalf("confirmed: %+v, %v, %d left", st, err, len(dump(t, s)))
	}
	mustCheck(t, path)
	// Deleting a few of many does not ask.
	importAll(t, s, Dataset{Name: "a"}, all)
	if _, err := s.Import(context.Background(), Dataset{Name: "a", Replace: true}, feed(all[:30])); err != nil {
		t.Errorf("deleting 10 of 40 asked: %v", err)
	}
}

// TestDryRun: a dry run counts what an import would add, change and
// delete, on both write paths, and writes nothing.
func TestDryRun(t *testing.T) {
	for _, n := range []int{30, batchSize + 30} {
		s, path := newStore(t)
		importAll(t, s, Dataset{Name: "a"}, testStrikes(n, "a"))
		before := dump(t, s)
		gen, _ := s.Generation()
		next := testStrikes(n+5, "a")[10:] // 10 missing, 5 new
		next[0].Grading = "Discounted"     // 1 changed
		st, err := s.Import(context.Background(), Dataset{Name: "a", Replace: true, DryRun: true}, feed(next))
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != 5 || st.Changed != 1 || st.Missing != 10 || st.Unchanged != n-11 {
			t.Errorf("%d strikes: a dry run counted %+v", n, st)
		}
		if g, _ := s.Generation(); g != gen || !reflect.DeepEqual(dump(t, s), before) {
			t.Errorf("%d strikes: a dry run changed the store", n)
		}
		if _, err := os.Stat(path + ".tmp-import"); !os.IsNotExist(err) {
			t.Errorf("%d strikes: a dry run left its copy: %v", n, err)
		}
		mustCheck(t, path)
	}
}

// TestDatasetHeld: each dataset's record counts the strikes the store
// holds of it, kept true when another import takes some over, and check
// reports a record that disagrees with the records.
func TestDatasetHeld(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(12, "a"))
	importAll(t, s, Dataset{Name: "b"}, testStrikes(5, "b"))
	held := func() map[string]int {
		ds, err := s.Datasets()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, d := range ds {
			m[d.Name] = d.Held
		}
		return m
	}
	if h := held(); h["a"] != 12 || h["b"] != 5 {
		t.Fatalf("held %v", h)
	}
	// A strike of a gains a report of b (as a JSON Lines file can say):
	// both records stay true.
	st := testStrike(2, "a")
	extra := testStrike(100, "b").Reports[0]
	st.Reports = append(st.Reports, extra)
	importAll(t, s, Dataset{Name: "b"}, append(testStrikes(5, "b"), st))
	if h := held(); h["a"] != 12 || h["b"] != 6 {
		t.Fatalf("after a shared strike: held %v", h)
	}
	mustCheck(t, path)
	// A strike deleted behind the records' back shows in check.
	s.Close()
	tamper(t, path, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketStrikes).Delete([]byte(testStrike(7, "a").ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketByDataset).Delete(datasetKey([]byte("a"), testStrike(7, "a").ID))
	})
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Problems, "\n"), "dataset a: its record counts 12 strikes of it, but the store's records hold 11") {
		t.Errorf("check did not catch the dataset count: %q", rep.Problems)
	}
}

// TestScratchLeftBehind: check names the copy a killed import left, and
// the next writer removes it.
func TestScratchLeftBehind(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(3, "a"))
	s.Close()
	if err := os.WriteFile(path+".tmp-import", make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Check(path)
	if err != nil || !rep.OK() {
		t.Fatalf("%+v, %v", rep, err)
	}
	if adv := strings.Join(rep.Advice, "\n"); !strings.Contains(adv, path+".tmp-import (3.1 MB) was left by an import that was stopped") {
		t.Errorf("check's advice: %q", adv)
	}
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(path + ".tmp-import"); !os.IsNotExist(err) {
		t.Errorf("the next writer left the copy: %v", err)
	}
}
