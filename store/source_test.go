package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

func TestFileSource(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(10, "a"))
	src := NewFileSource(path)
	ctx := context.Background()
	sums, gen, err := src.Summaries(ctx)
	if err != nil || len(sums) != 10 || gen != 1 {
		t.Fatalf("%d summaries, generation %d, %v", len(sums), gen, err)
	}
	if st, err := src.Strike(ctx, sums[3].ID); err != nil || st.ID != sums[3].ID {
		t.Fatalf("strike: %v", err)
	}
	// The source holds nothing open between calls: an import (in place,
	// which needs the file to itself) goes through at once.
	importAll(t, s, Dataset{Name: "b"}, testStrikes(5, "b"))
	if g, err := src.Generation(ctx); err != nil || g != 2 {
		t.Errorf("generation %d, %v; want 2", g, err)
	}
	if src.Label() != path {
		t.Errorf("label %q", src.Label())
	}
	if _, err := NewFileSource(filepath.Join(t.TempDir(), "x.db")).Generation(ctx); !errors.Is(err, ErrNoStore) {
		t.Errorf("a missing store gave %v", err)
	}
}

// TestFileSourceLinks: the dashboard's source makes a possible link and
// unlinks a report, each in a write of its own.
func TestFileSourceLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(30000))
	var p model.LinkCandidate
	s.view(func(tx *bolt.Tx) error {
		_, v := tx.Bucket(bucketPossible).Cursor().First()
		cs, err := decodePossible(v)
		if err != nil || len(cs) == 0 {
			t.Fatalf("no possible link: %v", err)
		}
		p = cs[0]
		return nil
	})
	rec, err := s.Record(p.From)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	src, ctx := NewFileSource(path), context.Background()
	if err := src.LinkStrike(ctx, p.From, p.To); err != nil {
		t.Fatal(err)
	}
	if st, err := src.Strike(ctx, p.From); err != nil || st.ID != p.To {
		t.Fatalf("after the link, %s reads as %s (%v), want %s", p.From, st.ID, err, p.To)
	}
	for _, r := range rec.Reports {
		if err := src.Unlink(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := src.Strike(ctx, p.From); err != nil || st.ID != p.From {
		t.Fatalf("after unlinking its reports, %s reads as %s (%v)", p.From, st.ID, err)
	}
}
