package store

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/model"
)

// TestImportUpdate re-imports a dataset with changed, unchanged, new and
// missing strikes, through both write paths, and checks the indexes.
func TestImportUpdate(t *testing.T) {
	for _, n := range []int{30, batchSize + 30} {
		s, path := newStore(t)
		importAll(t, s, Dataset{Name: "airwars"}, testStrikes(n, "airwars"))
		gen, _ := s.Generation()

		next := testStrikes(n+5, "airwars")[5:] // 0-4 missing, 5 new
		next[0].Reports[0].Actors[0].Key = "new actor"
		next[1].Place.Key = "new place"
		next[2].Reports = next[2].Reports[:1]
		next[3].Date = model.OnDay(model.DayOf(2001, 9, 11))
		st := importAll(t, s, Dataset{Name: "airwars"}, next)
		if want := (ImportStats{Added: 5, Changed: 4, Unchanged: n - 9, Missing: 5}); st != want {
			t.Errorf("n=%d: stats %+v, want %+v", n, st, want)
		}
		if g, _ := s.Generation(); g != gen+1 {
			t.Errorf("n=%d: generation %d, want %d", n, g, gen+1)
		}
		mustCheck(t, path)
		if _, err := os.Stat(path + ".tmp-import.seen"); err == nil {
			t.Errorf("n=%d: the update left the IDs it saw on disk", n)
		}
		if ids, _ := s.IDsByDataset(context.Background(), "airwars"); len(ids) != n+5 {
			t.Errorf("n=%d: the dataset index holds %d strikes after the update, want %d", n, len(ids), n+5)
		}
		c, _ := s.Counts()
		if c.Strikes != n+5 {
			t.Errorf("n=%d: %d strikes stored, want %d (missing ones are kept)", n, c.Strikes, n+5)
		}

		st = importAll(t, s, Dataset{Name: "airwars", Replace: true}, next)
		if want := (ImportStats{Unchanged: n, Missing: 5}); st != want {
			t.Errorf("n=%d: replace stats %+v, want %+v", n, st, want)
		}
		c, _ = s.Counts()
		if c.Strikes != n || c.Reports != countReports(next) {
			t.Errorf("n=%d: after replace: counts %+v", n, c)
		}
		if _, err := s.Strike(testStrike(0, "airwars").ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("n=%d: a replaced strike is still there: %v", n, err)
		}
		mustCheck(t, path)
		s.Close()
	}
}

func TestReimportIdentical(t *testing.T) {
	for _, n := range []int{20, batchSize + 20} {
		s, path := newStore(t)
		in := testStrikes(n, "a")
		importAll(t, s, Dataset{Name: "a", File: "one.csv"}, in)
		gen, _ := s.Generation()
		before, _ := os.ReadFile(path)
		st := importAll(t, s, Dataset{Name: "a", File: "one.csv"}, testStrikes(n, "a"))
		if st != (ImportStats{Unchanged: n}) {
			t.Errorf("n=%d: stats %+v", n, st)
		}
		if g, _ := s.Generation(); g != gen {
			t.Errorf("n=%d: generation went from %d to %d with nothing changed", n, gen, g)
		}
		after, _ := os.ReadFile(path)
		if string(before) != string(after) {
			t.Errorf("n=%d: the file changed", n)
		}
		if _, err := os.Stat(path + ".tmp-import"); err == nil {
			t.Errorf("n=%d: the temporary copy was left behind", n)
		}
		s.Close()
	}
}

// TestImportAtomic fails imports part way, on both write paths, and checks
// that the store is exactly as before.
func TestImportAtomic(t *testing.T) {
	for _, failAt := range []int{5, batchSize + 100, 2*batchSize + 3} {
		s, path := newStore(t)
		importAll(t, s, Dataset{Name: "a"}, testStrikes(100, "a"))
		gen, _ := s.Generation()
		wantStrikes := dump(t, s)
		wantSums, _, _ := s.Summaries(context.Background())

		in := testStrikes(failAt+10, "a")
		for _, st := range in {
			st.Status = "changed"
		}
		i := 0
		boom := errors.New("the file is cut short")
		_, err := s.Import(context.Background(), Dataset{Name: "a", Replace: true}, func() (*model.Strike, error) {
			if i == failAt {
				return nil, boom
			}
			i++
			return in[i-1], nil
		})
		if !errors.Is(err, boom) {
			t.Fatalf("failAt=%d: got %v", failAt, err)
		}
		for _, tmp := range []string{path + ".tmp-import", path + ".tmp-import.seen"} {
			if _, err := os.Stat(tmp); err == nil {
				t.Errorf("failAt=%d: the failed import left %s behind", failAt, tmp)
			}
		}
		if g, _ := s.Generation(); g != gen {
			t.Errorf("failAt=%d: generation moved from %d to %d", failAt, gen, g)
		}
		if got := dump(t, s); !reflect.DeepEqual(got, wantStrikes) {
			t.Errorf("failAt=%d: the strikes changed", failAt)
		}
		if got, _, _ := s.Summaries(context.Background()); !reflect.DeepEqual(got, wantSums) {
			t.Errorf("failAt=%d: the summaries changed", failAt)
		}
		mustCheck(t, path)
		s.Close()
	}
}

func TestImportRejectsBadInput(t *testing.T) {
	s, _ := newStore(t)
	dup := testStrikes(3, "a")
	dup[2] = testStrike(0, "a")
	bad := map[string][]*model.Strike{
		"duplicate ID": dup,
		"empty ID":     {{ID: ""}},
		"NUL in ID":    {{ID: "a\x00b"}},
	}
	for name, in := range bad {
		if _, err := s.Import(context.Background(), Dataset{Name: "a"}, feed(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if g, _ := s.Generation(); g != 0 {
		t.Errorf("generation %d after refused imports", g)
	}
}

func TestImportCancelled(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Import(ctx, Dataset{Name: "a"}, feed(testStrikes(3, "a"))); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}

func TestPutStrikes(t *testing.T) {
	s, path := newStore(t)
	in := testStrikes(5, "manual")
	st, err := s.PutStrikes(in...)
	if err != nil || st.Added != 5 {
		t.Fatalf("%+v, %v", st, err)
	}
	in[0].Grading = "Weak"
	if st, err = s.PutStrikes(in[0]); err != nil || st.Changed != 1 {
		t.Fatalf("%+v, %v", st, err)
	}
	if g, _ := s.Generation(); g != 2 {
		t.Errorf("generation %d, want 2", g)
	}
	mustCheck(t, path)
}

// TestWaitingImporters runs two writers: the second waits (Wait) for the
// first, which replaces the file by rename, and must then see its data.
func TestWaitingImporters(t *testing.T) {
	s, path := newStore(t)
	opened := make(chan error)
	var second *Store
	go func() {
		var err error
		second, err = Open(path, Options{Wait: true})
		opened <- err
	}()
	select {
	case err := <-opened:
		t.Fatalf("the second writer got in while the first held the store: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	importAll(t, s, Dataset{Name: "a"}, testStrikes(batchSize+10, "a")) // copy and rename
	s.Close()
	if err := <-opened; err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	st := importAll(t, second, Dataset{Name: "b"}, testStrikes(10, "b"))
	if st.Added != 10 {
		t.Errorf("stats %+v", st)
	}
	c, _ := second.Counts()
	if c.Strikes != batchSize+20 {
		t.Errorf("the second writer sees %d strikes, want %d", c.Strikes, batchSize+20)
	}
	mustCheck(t, path)
}

// TestReaderDuringImport reads a store while a large import is under way:
// the reader sees the old data, never a half-written state.
func TestReaderDuringImport(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(10, "a"))
	n := 0
	in := testStrikes(2*batchSize, "b")
	_, err := s.Import(context.Background(), Dataset{Name: "b"}, func() (*model.Strike, error) {
		if n == batchSize+5 {
			r, err := Open(path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
			if err != nil {
				return nil, err
			}
			c, _ := r.Counts()
			r.Close()
			if c.Strikes != 10 {
				t.Errorf("a reader during the import saw %d strikes", c.Strikes)
			}
		}
		if n == len(in) {
			return nil, io.EOF
		}
		n++
		return in[n-1], nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportDuplicateIDs: an ID twice in one import is refused on every
// write path, in one batch or across batches, whether the dataset is new
// to the store or not, and an ID the store already holds under another
// dataset is replaced once, not taken for a second appearance.
func TestImportDuplicateIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	twice := func(n, i, j int) []*model.Strike {
		in := testStrikes(n, "a")
		in[j] = testStrike(i, "a")
		return in
	}
	cases := []struct {
		name  string
		store []*model.Strike // imported first, as dataset "b"
		in    []*model.Strike // then imported as dataset "a"
		err   bool
		other bool // refused for a strike of "b" (TestImportNeverReplacesAnotherDataset)
		stats ImportStats
	}{
		{name: "in place", in: twice(30, 3, 20), err: true},
		{name: "copy, one batch", in: twice(batchSize+30, 3, 20), err: true},
		{name: "copy, two batches", in: twice(batchSize+30, 3, batchSize+20), err: true},
		{name: "copy, last strike", in: twice(batchSize+30, batchSize+2, batchSize+29), err: true},
		{name: "copy, over another dataset", store: testStrikes(4, "b"),
			in:  append(testStrikes(batchSize+30, "a"), testStrike(2, "b")),
			err: true, other: true},
		{name: "copy, a new dataset", store: testStrikes(4, "b"),
			in:    testStrikes(batchSize+30, "a"),
			stats: ImportStats{Added: batchSize + 30}},
		{name: "copy, dataset in the store", store: testStrikes(4, "a"), in: twice(batchSize+30, 3, batchSize+20), err: true},
		{name: "copy, dataset in the store, one batch", store: testStrikes(4, "a"), in: twice(batchSize+30, 3, 20), err: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, path := newStore(t)
			defer s.Close()
			if c.store != nil {
				importAll(t, s, Dataset{Name: "b"}, c.store)
			}
			gen, _ := s.Generation()
			before, _ := os.ReadFile(path)
			for _, st := range c.in { // a strike of "b" imported as "a" becomes "a"'s
				for i := range st.Reports {
					st.Reports[i].Dataset = ""
				}
			}
			st, err := s.Import(context.Background(), Dataset{Name: "a"}, feed(c.in))
			if c.err {
				if c.other && !errors.Is(err, ErrOtherDataset) {
					t.Fatalf("got %v, want ErrOtherDataset", err)
				}
				if !c.other && (err == nil || !strings.Contains(err.Error(), "appears twice in the import")) {
					t.Fatalf("got %v, want the ID's second appearance refused", err)
				}
				if g, _ := s.Generation(); g != gen {
					t.Errorf("generation moved from %d to %d", gen, g)
				}
				if after, _ := os.ReadFile(path); string(after) != string(before) {
					t.Error("the refused import changed the file")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Added != c.stats.Added || st.Changed != c.stats.Changed {
				t.Errorf("stats %+v, want %+v", st, c.stats)
			}
			mustCheck(t, path)
		})
	}
}

// TestImportMemoryLimit: a large import streams under a soft memory limit,
// lifts it for the relink and after, and leaves a limit of the user's
// alone.
func TestImportMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOMEMLIMIT", "") // restored after the test
	for _, user := range []int64{math.MaxInt64, 1 << 30, -1} {
		os.Unsetenv("GOMEMLIMIT")
		if user == -1 { // GOMEMLIMIT=off: the user wants no limit
			t.Setenv("GOMEMLIMIT", "off")
			user = math.MaxInt64
		}
		debug.SetMemoryLimit(user)
		s, _ := newStore(t)
		in := testStrikes(4*batchSize, "a")
		lo, hi := int64(streamMemoryLimit), liveHeap()+2*streamMemoryLimit
		if user != math.MaxInt64 || os.Getenv("GOMEMLIMIT") == "off" {
			lo, hi = user, user
		}
		i, during, gcDuring := 0, int64(0), 0
		gcBefore := debug.SetGCPercent(-1)
		debug.SetGCPercent(gcBefore)
		_, err := s.Import(context.Background(), Dataset{Name: "a"}, func() (*model.Strike, error) {
			if i == len(in) {
				return nil, io.EOF
			}
			if i == 3*batchSize+5 { // the writer has begun
				during = debug.SetMemoryLimit(-1)
				gcDuring = debug.SetGCPercent(-1)
				debug.SetGCPercent(gcDuring)
			}
			i++
			return in[i-1], nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if during < lo || during > hi {
			t.Errorf("user limit %d: the import streamed under a limit of %d, want %d-%d", user, during, lo, hi)
		}
		if after := debug.SetMemoryLimit(-1); after != user {
			t.Errorf("user limit %d: the limit is %d after the import", user, after)
		}
		// Under a limit of its own, the import leaves collections to it.
		if wantOff := lo != user; wantOff != (gcDuring < 0) {
			t.Errorf("user limit %d: GOGC was %d while the import streamed", user, gcDuring)
		}
		if after := debug.SetGCPercent(gcBefore); after != gcBefore {
			t.Errorf("user limit %d: GOGC is %d after the import, was %d", user, after, gcBefore)
		}
		s.Close()
	}
}

// TestImportStopsReading: when an import fails while its file is still
// being read, Import returns only once next has returned for the last
// time, so the caller may close the file.
func TestImportStopsReading(t *testing.T) {
	s, _ := newStore(t)
	in := testStrikes(5*batchSize, "a")
	in[batchSize+3] = testStrike(7, "a") // the second batch holds an ID twice
	var returned, late atomic.Bool
	i := 0
	_, err := s.Import(context.Background(), Dataset{Name: "a"}, func() (*model.Strike, error) {
		defer func() { // a call still running when Import returned
			if returned.Load() {
				late.Store(true)
			}
		}()
		if i == len(in) {
			return nil, io.EOF
		}
		if i > 2*batchSize { // slow reading, around the failure
			time.Sleep(2 * time.Millisecond)
		}
		i++
		return in[i-1], nil
	})
	returned.Store(true)
	if err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Fatalf("got %v, want the duplicate refused", err)
	}
	time.Sleep(50 * time.Millisecond)
	if late.Load() {
		t.Error("next was called after Import returned")
	}
}

// TestReplaceMany: an update with --replace that deletes more strikes
// than one transaction holds (they go batchSize at a time) deletes each
// of them, and the store checks sound.
func TestReplaceMany(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	s, path := newStore(t)
	all := testStrikes(3*batchSize+7, "a")
	importAll(t, s, Dataset{Name: "a"}, all)
	keep := testStrikes(batchSize+10, "a") // on a copy; 2*batchSize-3 missing
	st := importAll(t, s, Dataset{Name: "a", Replace: true, ConfirmDelete: func(int, int) bool { return true }}, keep)
	if want := (ImportStats{Unchanged: batchSize + 10, Missing: 2*batchSize - 3}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	c, _ := s.Counts()
	if c.Strikes != batchSize+10 || c.Reports != countReports(keep) {
		t.Errorf("counts %+v after the replace", c)
	}
	if ids, _ := s.IDsByDataset(context.Background(), "a"); len(ids) != batchSize+10 {
		t.Errorf("the dataset index holds %d strikes, want %d", len(ids), batchSize+10)
	}
	if _, err := s.Strike(all[len(all)-1].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the last missing strike is still there: %v", err)
	}
	mustCheck(t, path)
}

// TestImportKeepsRelinkIndex checks that an import into an empty store
// keeps the relink index as it writes, and the relink after it does not
// read every record again to make it (9% of a 1M import's CPU), while
// strikes link --rebuild (Relink) still does; check holds the index to
// the records either way.
func TestImportKeepsRelinkIndex(t *testing.T) {
	s, path := newStore(t)
	before := relinkIndexBuilds.Load()
	importAll(t, s, Dataset{Name: "a"}, testStrikes(3*batchSize, "a"))
	if n := relinkIndexBuilds.Load() - before; n != 0 {
		t.Errorf("an import into an empty store built the relink index %d times", n)
	}
	importAll(t, s, Dataset{Name: "a", Replace: true}, testStrikes(2*batchSize, "a"))
	if _, err := s.Relink(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := relinkIndexBuilds.Load() - before; n != 1 {
		t.Errorf("the relink index was built %d times after an import, a replacing import and a rebuild; want 1 (the rebuild)", n)
	}
	s.Close()
	mustCheck(t, path)
}
