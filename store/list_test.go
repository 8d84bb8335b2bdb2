package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// TestImportBuildsListInChunks: an import into an empty store builds the
// list after the relink, a few entries a transaction; the list it leaves
// is complete, in the list's order, and what check verifies.
func TestImportBuildsListInChunks(t *testing.T) {
	defer func(n int) { listChunk = n }(listChunk)
	listChunk = 7
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "test"}, testStrikes(60, "test"))
	listedInOrder := listedSummaries(t, s)
	err := s.db.View(func(tx *bolt.Tx) error {
		if !listed(tx) {
			t.Error("the import left the list incomplete")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]model.Summary(nil), listedInOrder...)
	model.SortSummaries(want, model.ByDate, false)
	if len(listedInOrder) != 60 {
		t.Fatalf("the list holds %d strikes, want 60", len(listedInOrder))
	}
	for i := range want {
		if want[i].ID != listedInOrder[i].ID {
			t.Fatalf("the list's strike %d is %s, want %s (newest first)", i, listedInOrder[i].ID, want[i].ID)
		}
	}
	s.Close()
	mustCheck(t, path)
}

// TestStreamSummariesChunks: the dashboard's load hands over the
// summaries a chunk at a time, the first of firstEvery, then of every,
// in one slice decoded into again (read copies what it keeps); in all
// every strike, as EachSummary gives them, with the desk's marks.
func TestStreamSummariesChunks(t *testing.T) {
	defer func(n int) { listReadChunk = n }(listReadChunk)
	listReadChunk = 7
	s, _ := newStore(t)
	importAll(t, s, Dataset{Name: "test"}, testStrikes(60, "test"))
	want := listedSummaries(t, s)
	marked := want[33].ID
	deskWrite(t, s, marked, false, "tag", func(e *model.DeskEntry) error {
		e.Tags = []string{"hospital"}
		return nil
	})
	var sizes []int
	var last []model.Summary
	var first *model.Summary
	_, err := s.StreamSummaries(context.Background(), 5, 11, func(chunk []model.Summary, total int) error {
		if total < len(last)+len(chunk) {
			t.Errorf("total %d is less than the %d read", total, len(last)+len(chunk))
		}
		if first == nil {
			first = &chunk[:1][0]
		} else if &chunk[:1][0] != first {
			t.Errorf("chunk %d is not in the one slice", len(sizes))
		}
		sizes = append(sizes, len(chunk))
		last = append(last, chunk...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if wantSizes := []int{5, 11, 11, 11, 11, 11}; !slices.Equal(sizes, wantSizes) {
		t.Errorf("chunks of %v summaries, want %v", sizes, wantSizes)
	}
	if len(last) != len(want) {
		t.Fatalf("the chunks hold %d summaries, want %d", len(last), len(want))
	}
	for i := range want {
		w := want[i]
		if w.ID == marked {
			if last[i].Desk == nil || !slices.Equal(last[i].Desk.Tags, []string{"hospital"}) {
				t.Errorf("strike %s lost its tag: %+v", marked, last[i].Desk)
			}
			continue
		}
		if !reflect.DeepEqual(last[i], w) {
			t.Fatalf("summary %d is\n%+v\nwant\n%+v", i, last[i], w)
		}
	}
}

// TestScanSummaries: the borrowing walk (strikes list --json) gives what
// EachSummary gives, in the same order, while the slices of chunks
// already handed over are decoded into again.
func TestScanSummaries(t *testing.T) {
	defer func(n int) { listReadChunk = n }(listReadChunk)
	listReadChunk = 3
	s, _ := newStore(t)
	importAll(t, s, Dataset{Name: "test"}, testStrikes(50, "test"))
	want := listedSummaries(t, s)
	i := 0
	seen := map[*model.Summary]bool{}
	if _, err := s.ScanSummaries(context.Background(), func(sum *model.Summary) error {
		if i >= len(want) {
			t.Fatalf("ScanSummaries gives more than the %d strikes", len(want))
		}
		if !reflect.DeepEqual(*sum, want[i]) {
			t.Errorf("summary %d is\n%+v\nwant\n%+v", i, *sum, want[i])
		}
		seen[sum] = true
		i++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if i != len(want) {
		t.Errorf("ScanSummaries gave %d strikes, want %d", i, len(want))
	}
	if len(seen) == len(want) {
		t.Errorf("every summary had a place of its own: the chunks' slices were not used again")
	}
}

// listedSummaries is every summary EachSummary gives, in its order.
func listedSummaries(t *testing.T, s *Store) []model.Summary {
	t.Helper()
	var out []model.Summary
	if _, err := s.EachSummary(context.Background(), func(sum *model.Summary) error {
		out = append(out, *sum)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
