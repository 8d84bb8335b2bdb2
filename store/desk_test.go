package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store/ingest"
)

// fixedClock makes the desk's clock tick a second per change from a
// fixed time, for the test.
func fixedClock(t *testing.T) {
	t.Helper()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	old := now
	now = func() time.Time { at = at.Add(time.Second); return at }
	t.Cleanup(func() { now = old })
}

func deskWrite(t *testing.T, s *Store, id string, report bool, what string, fn func(e *model.DeskEntry) error) model.Change {
	t.Helper()
	ref, err := s.ResolveDesk(context.Background(), id, report)
	if err != nil {
		t.Fatal(err)
	}
	c, ok, err := s.UpdateDesk(context.Background(), DeskWrite{Ref: ref, Who: "alice", What: what, Change: fn})
	if err != nil || !ok {
		t.Fatalf("%s on %s: changed %v, %v", what, id, ok, err)
	}
	return c
}

func summaryOf(t *testing.T, s *Store, id string) *model.Summary {
	t.Helper()
	sums, _, err := s.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range sums {
		if sums[i].ID == id {
			return &sums[i]
		}
	}
	return nil
}

func eachSummaryOf(t *testing.T, s *Store, id string) *model.Summary {
	t.Helper()
	var out *model.Summary
	if _, err := s.EachSummary(context.Background(), func(sum *model.Summary) error {
		if sum.ID == id {
			c := *sum
			out = &c
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeskFollowsItsStrike: entries keyed by the ID acted on are shown
// with the strike it is shown under, move with it when a link changes,
// and survive re-imports (with --replace) and relinks untouched.
func TestDeskFollowsItsStrike(t *testing.T) {
	fixedClock(t)
	s, path := seedStore(t)
	ctx := context.Background()
	// A note on the article's strike, which is shown under RS0232.
	deskWrite(t, s, articleID, false, "note", func(e *model.DeskEntry) error { e.Note = "the article's account; school nearby"; return nil })
	deskWrite(t, s, seed.StrikeID, false, "assess", func(e *model.DeskEntry) error {
		a := &model.Assessment{Attackers: []model.Attacker{{Name: "Russia", Key: "russia", Certainty: model.Suspected}},
			Grading: model.GradingFair, Status: model.StatusReviewed}
		a.SetClaim(model.Killed, model.Civilians, model.ExactCount(15))
		a.SetClaim(model.Killed, model.Children, model.AtLeastCount(8))
		e.Assessment = a
		return nil
	})
	deskWrite(t, s, seed.StrikeID, false, "tag", func(e *model.DeskEntry) error { e.AddTags("hospital", "for-report-2026"); return nil })
	deskWrite(t, s, "seed:2015-12-06-raqqa/is-page", true, "flag", func(e *model.DeskEntry) error { e.AddFlags(model.FlagDoubtful); return nil })

	check := func(when string) {
		t.Helper()
		for name, sum := range map[string]*model.Summary{"Summaries": summaryOf(t, s, seed.StrikeID), "EachSummary": eachSummaryOf(t, s, seed.StrikeID)} {
			if sum == nil || sum.Desk == nil {
				t.Fatalf("%s: %s: RS0232 has no desk mark", when, name)
			}
			m := sum.Desk
			if !m.Assessed || m.Status != model.StatusReviewed || !slices.Equal(m.Tags, []string{"hospital", "for-report-2026"}) ||
				!slices.Equal(m.Flags, []string{model.FlagDoubtful}) || !strings.Contains(m.Notes, "school nearby") {
				t.Errorf("%s: %s: RS0232's mark %+v", when, name, m)
			}
		}
		es, err := s.Desk(articleID) // shown as RS0232
		if err != nil {
			t.Fatal(err)
		}
		var targets []string
		for _, e := range es {
			targets = append(targets, e.Target)
		}
		if want := []string{seed.StrikeID, articleID, "seed:2015-12-06-raqqa/is-page"}; !slices.Equal(targets, want) {
			t.Errorf("%s: the desk of RS0232 holds %q, want %q", when, targets, want)
		}
		h, err := s.History(seed.StrikeID)
		if err != nil {
			t.Fatal(err)
		}
		var whats []string
		for _, c := range h {
			whats = append(whats, c.What)
		}
		if want := []string{"note", "assess", "tag", "flag"}; !slices.Equal(whats, want) {
			t.Errorf("%s: history %q, want %q", when, whats, want)
		}
		if h[1].Before.Assessment != nil || h[1].After.Assessment.Claim(model.Killed, model.Civilians) != model.ExactCount(15) {
			t.Errorf("%s: the assessment's change: %+v", when, h[1])
		}
		if h[0].Who != "alice" || h[0].When.IsZero() {
			t.Errorf("%s: who and when: %+v", when, h[0])
		}
		mustCheck(t, path)
	}
	check("after the changes")

	// Re-importing the Airwars file, with --replace, and relinking touch
	// nothing of the desk.
	f, err := os.Open("../testdata/ingest/airwars/syria-incidents.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.Import(ctx, Dataset{Name: "airwars", Replace: true}, func() func() (*model.Strike, error) {
		rd, err := ingest.Open(ingest.FormatAirwars, f.Name(), f, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rd.Next
	}()); err != nil {
		t.Fatal(err)
	}
	check("after a re-import with --replace")
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a relink")

	// Kept apart, the article's strike takes its note with it.
	if _, err := s.Unlink(ctx, "seed:2015-12-06-raqqa/sohr"); err != nil {
		t.Fatal(err)
	}
	art := summaryOf(t, s, articleID)
	if art == nil || art.Desk == nil || !strings.Contains(art.Desk.Notes, "school nearby") || art.Desk.Assessed {
		t.Fatalf("the article's strike, kept apart: %+v", art)
	}
	if rs := summaryOf(t, s, seed.StrikeID); rs.Desk == nil || strings.Contains(rs.Desk.Notes, "school") || !rs.Desk.Assessed {
		t.Errorf("RS0232 after the unlink: %+v", rs.Desk)
	}
	mustCheck(t, path)
}

// TestDeskBadInput: an unknown ID, a change that fails, a count that
// cannot be and a change that changes nothing leave the store as it was.
func TestDeskBadInput(t *testing.T) {
	fixedClock(t)
	s, path := seedStore(t)
	ctx := context.Background()
	deskWrite(t, s, seed.StrikeID, false, "note", func(e *model.DeskEntry) error { e.Note = "first"; return nil })
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResolveDesk(ctx, "nosuch:1", false); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no strike or report has the ID nosuch:1") {
		t.Errorf("an unknown ID: %v", err)
	}
	if _, _, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: "nosuch:1"}, Who: "a", What: "note", Change: func(e *model.DeskEntry) error { e.Note = "x"; return nil }}); !errors.Is(err, ErrNotFound) {
		t.Errorf("a note on an unknown strike: %v", err)
	}
	if _, _, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: "nosuch/1", Report: true}, Who: "a", What: "flag", Change: func(e *model.DeskEntry) error { e.AddFlags("doubtful"); return nil }}); !errors.Is(err, ErrNotFound) {
		t.Errorf("a flag on an unknown report: %v", err)
	}
	boom := errors.New("refused")
	if _, _, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: seed.StrikeID}, Who: "a", What: "note", Change: func(e *model.DeskEntry) error { e.Note = "x"; return boom }}); !errors.Is(err, boom) {
		t.Errorf("a failing change: %v", err)
	}
	if _, _, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: seed.StrikeID}, Who: "a", What: "assess", Change: func(e *model.DeskEntry) error {
		e.Assessment = &model.Assessment{Claims: []model.Claim{{Count: model.RangeCount(9, 3)}}}
		return nil
	}}); err == nil || !strings.Contains(err.Error(), "above") {
		t.Errorf("a range upside down: %v", err)
	}
	if _, _, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: seed.StrikeID}, What: "note", Change: func(e *model.DeskEntry) error { e.Note = "y"; return nil }}); err == nil {
		t.Error("a change with no one to record it under was made")
	}
	if _, ok, err := s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: seed.StrikeID}, Who: "a", What: "note", Change: func(e *model.DeskEntry) error { e.Note = "first"; return nil }}); err != nil || ok {
		t.Errorf("a change to what is there: changed %v, %v", ok, err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("bad input changed the store file")
	}
}

// TestDeskUpgrade: a store of schema 2 (and one of schema 3, without the
// desk's buckets) is read as it is, and its first desk write upgrades it
// in the same change.
func TestDeskUpgrade(t *testing.T) {
	fixedClock(t)
	t.Run("schema 2", func(t *testing.T) {
		path := schema2Store(t)
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sums, _, err := s.Summaries(context.Background())
		if err != nil || len(sums) != 22 {
			t.Fatalf("%d summaries, %v", len(sums), err)
		}
		deskWrite(t, s, sums[0].ID, false, "tag", func(e *model.DeskEntry) error { e.AddTags("old-store"); return nil })
		var v uint64
		s.view(func(tx *bolt.Tx) error { v = schemaOf(tx); return nil })
		if v != SchemaVersion {
			t.Errorf("after a desk write: schema %d, want %d", v, SchemaVersion)
		}
		// The write relinks with this strikes' linker, as a relink of the
		// old store alone does: the strikes shown are those it shows.
		relinked := schema2Store(t)
		r, err := Open(relinked, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Relink(context.Background()); err != nil {
			t.Fatal(err)
		}
		want, _, err := r.Summaries(context.Background())
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		after, _, err := s.Summaries(context.Background())
		if err != nil || len(after) != len(want) {
			t.Fatalf("after: %d summaries, want %d as a relink gives, %v", len(after), len(want), err)
		}
		if sum := summaryOf(t, s, sums[0].ID); sum.Desk == nil || !slices.Equal(sum.Desk.Tags, []string{"old-store"}) {
			t.Errorf("the tag: %+v", sum)
		}
		mustCheck(t, path)
	})
	t.Run("schema 3", func(t *testing.T) {
		s, path := seedStore(t)
		err := s.updateInPlace(func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketDesk, bucketDeskHistory} {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
			return tx.Bucket(bucketMeta).Put(metaSchema, putUint64(3))
		})
		if err != nil {
			t.Fatal(err)
		}
		if sum := summaryOf(t, s, seed.StrikeID); sum == nil || sum.Desk != nil {
			t.Fatalf("a schema 3 store's summary: %+v", sum)
		}
		if h, err := s.History(""); err != nil || len(h) != 0 {
			t.Fatalf("a schema 3 store's history: %v, %v", h, err)
		}
		mustCheck(t, path)
		deskWrite(t, s, seed.StrikeID, false, "bookmark", func(e *model.DeskEntry) error { e.Bookmark = true; return nil })
		if sum := summaryOf(t, s, seed.StrikeID); sum.Desk == nil || !sum.Desk.Bookmark {
			t.Errorf("the bookmark: %+v", sum.Desk)
		}
		mustCheck(t, path)
	})
}

// TestMergeDesk: another analyst's desk comes in; the newer of two
// entries is kept, an older import is said and kept in the history, and
// importing the same twice adds nothing.
func TestMergeDesk(t *testing.T) {
	fixedClock(t)
	ctx := context.Background()
	a, _ := seedStore(t)
	deskWrite(t, a, seed.StrikeID, false, "note", func(e *model.DeskEntry) error { e.Note = "alice's first"; return nil })
	deskWrite(t, a, articleID, false, "tag", func(e *model.DeskEntry) error { e.AddTags("x"); return nil })
	entries, err := a.DeskEntries()
	if err != nil {
		t.Fatal(err)
	}
	hist, err := a.History("")
	if err != nil {
		t.Fatal(err)
	}
	b, pathB := seedStore(t)
	m, err := b.MergeDesk(ctx, entries, hist, "bob", "a.jsonl")
	if err != nil || m.Added != 2 || m.Changes != 2 {
		t.Fatalf("into an empty desk: %+v, %v", m, err)
	}
	m, err = b.MergeDesk(ctx, entries, hist, "bob", "a.jsonl")
	if err != nil || m.Same != 2 || m.Changes != 0 || m.Added != 0 {
		t.Fatalf("the same again: %+v, %v", m, err)
	}
	// Bob writes later: alice's older entry does not overwrite his.
	deskWrite(t, b, seed.StrikeID, false, "note", func(e *model.DeskEntry) error { e.Note = "bob's, later"; return nil })
	m, err = b.MergeDesk(ctx, entries, hist, "bob", "a.jsonl")
	if err != nil || m.Kept != 1 || len(m.Said) != 1 || !strings.Contains(m.Said[0], "newer than the import's") {
		t.Fatalf("an older import: %+v, %v", m, err)
	}
	es, _ := b.Desk(seed.StrikeID)
	if es[0].Note != "bob's, later" {
		t.Errorf("the older import overwrote the newer note: %q", es[0].Note)
	}
	h, _ := b.History(seed.StrikeID)
	var notes []string
	for _, c := range h {
		notes = append(notes, c.After.Note)
	}
	if !slices.Contains(notes, "alice's first") || !slices.Contains(notes, "bob's, later") {
		t.Errorf("the history lacks one of the notes: %q", notes)
	}
	// Alice writes later still: hers is taken.
	deskWrite(t, a, seed.StrikeID, false, "note", func(e *model.DeskEntry) error { e.Note = "alice's second"; return nil })
	entries, _ = a.DeskEntries()
	hist, _ = a.History("")
	m, err = b.MergeDesk(ctx, entries, hist, "bob", "a.jsonl")
	if err != nil || m.Taken != 1 {
		t.Fatalf("a newer import: %+v, %v", m, err)
	}
	es, _ = b.Desk(seed.StrikeID)
	if es[0].Note != "alice's second" {
		t.Errorf("the newer import was not taken: %q", es[0].Note)
	}
	mustCheck(t, pathB)
}

func TestCheckDesk(t *testing.T) {
	fixedClock(t)
	s, path := seedStore(t)
	deskWrite(t, s, seed.StrikeID, false, "note", func(e *model.DeskEntry) error { e.Note = "x"; return nil })
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDesk)
		k := deskKey(seed.StrikeID, false)
		v := slices.Clone(b.Get(k))
		v[3] ^= 0x20
		return b.Put(k, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rep.Problems, func(p string) bool { return strings.Contains(p, "desk entry") }) {
		t.Errorf("check missed a damaged desk entry: %q", rep.Problems)
	}
	if _, _, err := s.Summaries(context.Background()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("the list over a damaged desk entry: %v", err)
	}
}
