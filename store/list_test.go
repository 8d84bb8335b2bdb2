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

// TestStreamSummariesInPlace: the dashboard's load hands over ever longer
// prefixes of one slice, decoded in place (no summary copied from a
// chunk of its own), never writing an element once handed over; the last
// call holds every strike, as EachSummary gives them, with the desk's
// marks.
func TestStreamSummariesInPlace(t *testing.T) {
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
	type handed struct {
		sums []model.Summary
		copy []model.Summary
	}
	var calls []handed
	_, err := s.StreamSummaries(context.Background(), 5, 11, func(sums []model.Summary, total int) error {
		if total < len(sums) {
			t.Errorf("total %d is less than the %d read", total, len(sums))
		}
		calls = append(calls, handed{sums, slices.Clone(sums)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 4 {
		t.Fatalf("%d calls for 60 summaries handed every 11", len(calls))
	}
	last := calls[len(calls)-1].sums
	if len(last) != len(want) {
		t.Fatalf("the last call holds %d summaries, want %d", len(last), len(want))
	}
	for i, c := range calls {
		if i == 0 && len(c.sums) < 5 {
			t.Errorf("the first call holds %d summaries, want at least 5", len(c.sums))
		}
		if i > 0 && len(c.sums) <= len(calls[i-1].sums) {
			t.Errorf("call %d holds %d summaries after %d", i, len(c.sums), len(calls[i-1].sums))
		}
		if &c.sums[0] != &last[0] {
			t.Errorf("call %d is not a prefix of the one slice", i)
		}
		if !reflect.DeepEqual(c.copy, last[:len(c.copy)]) {
			t.Errorf("call %d's summaries were written after they were handed over", i)
		}
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
