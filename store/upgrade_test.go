package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// schema2Store copies testdata/stores/schema2.db, a store the strikes of
// schema 2 wrote (27 strikes of UCDP GED and Airwars, 5 of them linked,
// 9 possible links, a decision), to a temporary file.
func schema2Store(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "stores", "schema2.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUpgradeSchema2: a schema 2 store opens read-only and lists its
// strikes with today's summaries (derived from its records); its first
// write rewrites every summary in schema 3's records, in the same atomic
// change, and lists the same strikes after; check is sound before and
// after, with advice before.
func TestUpgradeSchema2(t *testing.T) {
	path := schema2Store(t)
	schema := func() uint64 {
		db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var v uint64
		db.View(func(tx *bolt.Tx) error { v = schemaOf(tx); return nil })
		return v
	}
	if v := schema(); v != 2 {
		t.Fatalf("the fixture is schema %d", v)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	before, _, err := ro.Summaries(context.Background())
	if err != nil {
		t.Fatalf("a schema 2 store's summaries: %v", err)
	}
	linked := 0
	for _, s := range before {
		st, err := ro.Strike(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := model.Summarize(&st)
		want.Possible = s.Possible
		if slices.ContainsFunc(st.Reports, func(r model.Report) bool { return r.Link != "" }) {
			// Shown with others: it holds their gradings too (Airwars'
			// under a UCDP event), which the shown strike's own field
			// does not.
			linked++
			want.Gradings = s.Gradings
			if len(s.Gradings) == 0 {
				t.Errorf("%s: the gradings of the strikes shown under it are lost", s.ID)
			}
		}
		if !summariesEqual(s, want) {
			t.Errorf("%s: listed as\n%+v\nshown as\n%+v", s.ID, s, want)
		}
	}
	ro.Close()
	if len(before) != 22 || linked != 5 {
		t.Fatalf("%d strikes listed, %d with others, want 22 and 5 (27 strikes, 5 shown under others)", len(before), linked)
	}
	if !slices.ContainsFunc(before, func(s model.Summary) bool { return s.Possible > 0 }) {
		t.Error("no strike counts a possible link")
	}
	rep, err := Check(path)
	if err != nil || !rep.OK() || len(rep.Advice) == 0 {
		t.Fatalf("check of the schema 2 store: %+v, %v", rep, err)
	}
	if v := schema(); v != 2 {
		t.Fatalf("reading wrote schema %d", v)
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The first write, an import of a strike of another day: it writes
	// its own list entry before the relink builds the rest.
	extra := testStrike(3, "z")
	importAll(t, s, Dataset{Name: "z"}, []*model.Strike{extra})
	after, _, err := s.Summaries(context.Background())
	after = slices.DeleteFunc(after, func(x model.Summary) bool { return x.ID == extra.ID })
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if v := schema(); v != SchemaVersion {
		t.Fatalf("after a write: schema %d, want %d", v, SchemaVersion)
	}
	byID := func(a, b model.Summary) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(before, byID) // the list comes newest first, a store without one in ID order
	slices.SortFunc(after, byID)
	// The first write relinks with today's linker (a newer overlay
	// version), which may keep apart strikes the old one linked: every
	// strike listed before is listed after, unchanged unless its links
	// changed, and every strike listed after reads as it is listed.
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := map[string]model.Summary{}
	for _, a := range after {
		at[a.ID] = a
		st, err := s.Strike(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := model.Summarize(&st)
		want.Possible, want.Gradings = a.Possible, a.Gradings
		if !summariesEqual(a, want) {
			t.Errorf("%s after the upgrade: listed as\n%+v\nshown as\n%+v", a.ID, a, want)
		}
	}
	for _, b := range before {
		a, ok := at[b.ID]
		if !ok {
			t.Errorf("%s is no longer listed after the upgrade", b.ID)
			continue
		}
		if len(b.Datasets) == len(a.Datasets) {
			a.Possible = b.Possible
			if !summariesEqual(a, b) {
				t.Errorf("%s after the upgrade:\n%+v\nbefore:\n%+v", a.ID, a, b)
			}
		}
	}
	if len(after) < len(before) {
		t.Fatalf("after the upgrade %d strikes, before %d", len(after), len(before))
	}
	mustCheck(t, path)
	if rep, _ := Check(path); slices.ContainsFunc(rep.Advice, func(a string) bool { return strings.Contains(a, "older strikes") }) {
		t.Errorf("advice after the upgrade: %q", rep.Advice)
	}
}

// summariesEqual compares two summaries as the list shows them: lists
// that may be nil or empty alike.
func summariesEqual(a, b model.Summary) bool {
	norm := func(s *model.Summary) {
		for _, l := range []*[]string{&s.Places, &s.Admin1s, &s.Countries, &s.Actors, &s.Sources, &s.Datasets, &s.Types, &s.Codes, &s.Gradings, &s.Statuses} {
			if len(*l) == 0 {
				*l = nil
			}
		}
	}
	norm(&a)
	norm(&b)
	return reflect.DeepEqual(a, b)
}
