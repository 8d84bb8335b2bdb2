package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

func TestOpenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	for _, ro := range []bool{true, false} {
		_, err := Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrNoStore) {
			t.Fatalf("ReadOnly=%v: got %v, want ErrNoStore", ro, err)
		}
		want := "no store at " + path + "; import data first: strikes import FILE"
		if err.Error() != want {
			t.Errorf("got %q, want %q", err, want)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("opening a missing store without Create created it")
	}
}

func TestCreateEmpty(t *testing.T) {
	s, path := newStore(t)
	sums, gen, err := s.Summaries(context.Background())
	if err != nil || len(sums) != 0 || gen != 0 {
		t.Fatalf("a new store: %d summaries, generation %d, %v", len(sums), gen, err)
	}
	s.Close()
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if c, err := r.Counts(); err != nil || c != (Counts{}) {
		t.Errorf("counts %+v, %v", c, err)
	}
	mustCheck(t, path)
}

func TestRoundTripThroughStore(t *testing.T) {
	s, path := newStore(t)
	in := testStrikes(50, "airwars")
	st := importAll(t, s, Dataset{Name: "airwars", File: "a.csv"}, in)
	if st != (ImportStats{Added: 50}) {
		t.Errorf("stats %+v", st)
	}
	got := dump(t, s)
	if len(got) != len(in) {
		t.Fatalf("%d strikes back, want %d", len(got), len(in))
	}
	for i := range in {
		if !reflect.DeepEqual(&got[i], in[i]) {
			t.Fatalf("strike %s changed in the store", in[i].ID)
		}
	}
	one, err := s.Strike(in[7].ID)
	if err != nil || !reflect.DeepEqual(&one, in[7]) {
		t.Fatalf("Strike(%s): %v", in[7].ID, err)
	}
	sums, gen, err := s.Summaries(context.Background())
	if err != nil || gen != 1 {
		t.Fatalf("summaries: generation %d, %v", gen, err)
	}
	slices.SortFunc(sums, func(a, b model.Summary) int { return strings.Compare(a.ID, b.ID) }) // they come newest first
	for i := range in {
		if want := model.Summarize(in[i]); !reflect.DeepEqual(sums[i], want) {
			t.Fatalf("summary %d:\n got %+v\nwant %+v", i, sums[i], want)
		}
	}
	c, _ := s.Counts()
	if c.Strikes != 50 || c.Reports != countReports(in) {
		t.Errorf("counts %+v", c)
	}
	ds, err := s.Datasets()
	if err != nil || len(ds) != 1 || ds[0].Name != "airwars" || ds[0].Added != 50 || ds[0].Imported.IsZero() {
		t.Errorf("datasets %+v, %v", ds, err)
	}
	mustCheck(t, path)
}

func countReports(ss []*model.Strike) int {
	n := 0
	for _, s := range ss {
		n += len(s.Reports)
	}
	return n
}

func TestStrikeNotFound(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.Strike("nope:1")
	if !errors.Is(err, ErrNotFound) || err.Error() != "no strike with ID nope:1" {
		t.Errorf("got %v", err)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	_, path := newStore(t)
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.PutStrikes(testStrike(1, "x")); err == nil {
		t.Error("a read-only store accepted a write")
	}
}

func TestNotAStore(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	rand.Read(random)
	plainBolt := filepath.Join(dir, "plain.db")
	db, err := bolt.Open(plainBolt, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)

	for name, path := range map[string]string{
		"random bytes": write("random.db", random),
		"empty file":   write("empty.db", nil),
		"short file":   write("short.db", []byte("hello")),
		"text file":    write("text.db", []byte(strings.Repeat("strikes\n", 2000))),
		"plain bbolt":  plainBolt,
		"directory":    sub,
	} {
		for _, ro := range []bool{true, false} {
			_, err := Open(path, Options{ReadOnly: ro, Create: true})
			if !errors.Is(err, ErrNotAStore) {
				t.Errorf("%s (ReadOnly=%v): got %v, want ErrNotAStore", name, ro, err)
				continue
			}
			if !strings.HasPrefix(err.Error(), path+" ") || !strings.Contains(err.Error(), "not a strikes store") {
				t.Errorf("%s: unclear message %q", name, err)
			}
		}
		if _, err := Check(path); !errors.Is(err, ErrNotAStore) {
			t.Errorf("%s: Check gave %v, want ErrNotAStore", name, err)
		}
	}
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not apply to root")
	}
	_, path := newStore(t)
	os.Chmod(path, 0)
	_, err := Open(path, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("got %v", err)
	}
}

func TestNewerSchema(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(3, "a"))
	s.Close()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(metaSchema, putUint64(SchemaVersion+1))
	})
	db.Close()
	for _, ro := range []bool{true, false} {
		_, err := Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrNewerSchema) {
			t.Fatalf("got %v, want ErrNewerSchema", err)
		}
		want := fmt.Sprintf("the store %s was written by a newer strikes (schema %d; this one reads up to %d); upgrade strikes", path, SchemaVersion+1, SchemaVersion)
		if err.Error() != want {
			t.Errorf("got %q\nwant %q", err, want)
		}
	}
}

func TestTruncatedStore(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(batchSize+500, "a")) // the copying path trims the file
	s.Close()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, frac := range []float64{0.6, 0.9, 0.999} {
		p := filepath.Join(t.TempDir(), "cut.db")
		os.WriteFile(p, orig[:int(float64(len(orig))*frac)], 0o644)
		_, err := Open(p, Options{ReadOnly: true})
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "damaged (truncated") {
			t.Errorf("cut to %.0f%%: got %v, want ErrCorrupt", frac*100, err)
		}
		rep, err := Check(p)
		if err != nil || rep.OK() {
			t.Errorf("cut to %.0f%%: Check gave %+v, %v", frac*100, rep, err)
		}
	}
}

// TestDatasetIndex: the dataset index finds a dataset's strikes, and only
// them, in ID order.
func TestDatasetIndex(t *testing.T) {
	s, _ := newStore(t)
	aw, ucdp := testStrikes(40, "airwars"), testStrikes(7, "ucdp")
	importAll(t, s, Dataset{Name: "airwars"}, aw)
	importAll(t, s, Dataset{Name: "ucdp"}, ucdp)
	for name, in := range map[string][]*model.Strike{"airwars": aw, "ucdp": ucdp} {
		var want []string
		for _, st := range in {
			want = append(want, st.ID)
		}
		slices.Sort(want)
		got, err := s.IDsByDataset(context.Background(), name)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v (%v), want %v", name, got, err, want)
		}
	}
}

// TestUpgradeSchema1 opens a store as schema 1 wrote it (with its four
// unread indexes): it reads and checks as it is, and its first write
// drops those indexes and records schema 2, keeping every record.
func TestUpgradeSchema1(t *testing.T) {
	path := storeWith(t, 20)
	tamper(t, path, func(tx *bolt.Tx) error {
		for _, name := range droppedBuckets {
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			if err := b.Put([]byte("russia\x00a:1"), nil); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, putUint64(1))
	})
	schema := func() (v uint64, dropped int) {
		t.Helper()
		db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.View(func(tx *bolt.Tx) error {
			v, _ = getUint64(tx.Bucket(bucketMeta).Get(metaSchema))
			for _, name := range droppedBuckets {
				if tx.Bucket(name) != nil {
					dropped++
				}
			}
			return nil
		})
		return v, dropped
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a schema 1 store does not open read-only: %v", err)
	}
	if c, _ := ro.Counts(); c.Strikes != 20 {
		t.Errorf("schema 1 store: %d strikes, want 20", c.Strikes)
	}
	ro.Close()
	mustCheck(t, path)
	if v, n := schema(); v != 1 || n != 4 {
		t.Fatalf("reading changed the store: schema %d, %d old indexes", v, n)
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importAll(t, s, Dataset{Name: "b"}, testStrikes(3, "b"))
	s.Close()
	if v, n := schema(); v != SchemaVersion || n != 0 {
		t.Errorf("after a write: schema %d with %d old indexes, want %d with none", v, n, SchemaVersion)
	}
	mustCheck(t, path)
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, _ := s.Counts(); c.Strikes != 23 {
		t.Errorf("after the upgrade: %d strikes, want 23", c.Strikes)
	}
}

// TestPauseGCNests: overlapping loads pause the collector once, and the
// last to finish restores its setting.
func TestPauseGCNests(t *testing.T) {
	current := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	r1 := pauseGC()
	r2 := pauseGC()
	if current() != -1 {
		t.Fatal("the collector runs during a load")
	}
	r1()
	if current() != -1 {
		t.Fatal("the first load to end restarted the collector under the second")
	}
	r2()
	if got := current(); got != 150 {
		t.Fatalf("after the loads the GC percent is %d, want 150", got)
	}
}
