package store

import (
	"context"
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
	var listedInOrder []model.Summary
	if _, err := s.EachSummary(context.Background(), func(sum *model.Summary) error {
		listedInOrder = append(listedInOrder, *sum)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
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
