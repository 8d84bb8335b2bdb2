package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store/ingest"
)

const articleID = "seed:2015-12-06-raqqa"

// importFile imports a file through its ingest reader, as strikes import
// does.
func importFile(t testing.TB, s *Store, format, name string, r io.Reader, opts ingest.Options) ImportStats {
	t.Helper()
	rd, err := ingest.Open(format, name, r, opts)
	if err != nil {
		t.Fatal(err)
	}
	var first *model.Strike
	ds := ""
	if first, err = rd.Next(); err != nil {
		t.Fatal(err)
	}
	ds = first.Reports[0].Dataset
	if ds == "" {
		ds = rd.Format()
	}
	next := func() (*model.Strike, error) {
		if first != nil {
			f := first
			first = nil
			return f, nil
		}
		return rd.Next()
	}
	st, err := s.Import(context.Background(), Dataset{Name: ds, File: filepath.Base(name), Format: rd.Format()}, next)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// seedStore is a store holding the article's four reports, imported from
// JSON Lines, then the Airwars fixture (which holds RS0232).
func seedStore(t testing.TB) (*Store, string) {
	t.Helper()
	s, path := newStore(t)
	article := model.Strike{ID: articleID, Date: model.OnDay(model.DayOf(2015, 12, 6)), Reports: seed.ArticleReports()}
	article.Place = article.Reports[0].Place
	var b bytes.Buffer
	if err := ingest.EncodeJSON(&b, &article); err != nil {
		t.Fatal(err)
	}
	if st := importFile(t, s, ingest.FormatJSONL, "article.jsonl", &b, ingest.Options{}); st.Links != 0 {
		t.Errorf("the article alone made %d links", st.Links)
	}
	f, err := os.Open("../testdata/ingest/airwars/syria-incidents.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := importFile(t, s, ingest.FormatAirwars, f.Name(), f, ingest.Options{})
	if st.Links != 1 {
		t.Errorf("the Airwars import made %d links, want 1", st.Links)
	}
	return s, path
}

func TestSeedLinkedAfterImport(t *testing.T) {
	s, path := seedStore(t)
	rs, err := s.Strike(seed.StrikeID)
	if err != nil {
		t.Fatal(err)
	}
	own := 0
	for _, r := range rs.Reports {
		if r.Link == "" {
			own++
			continue
		}
		if !strings.HasPrefix(r.Link, "linked: same day; same city (Raqqa)") {
			t.Errorf("report %s: reason %q", r.ID, r.Link)
		}
	}
	if got := len(rs.Reports) - own; got != 4 {
		t.Errorf("RS0232 shows %d linked reports, want the article's 4: %+v", got, rs.Reports)
	}
	t.Log(rs.Reports[len(rs.Reports)-1].Link)
	// The article's strike is shown as RS0232.
	if a, err := s.Strike(articleID); err != nil || a.ID != seed.StrikeID {
		t.Errorf("Strike(%s) = %s, %v; want RS0232", articleID, a.ID, err)
	}
	sums, _, err := s.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		if sum.ID == articleID {
			t.Error("the summaries list the linked article")
		}
		// Six reports shown; the belligerent's, with nothing assessed,
		// makes no claim and is not counted among them.
		if sum.ID == seed.StrikeID && (sum.Reports != len(rs.Reports)-1 || sum.Silent != 1 || !sum.Contested) {
			t.Errorf("RS0232's summary: %d reports (%d without a claim), contested %v; want %d and 1, contested", sum.Reports, sum.Silent, sum.Contested, len(rs.Reports)-1)
		}
	}
	// Records stay as imported.
	for _, st := range dump(t, s) {
		if st.ID == seed.StrikeID && len(st.Reports) != own {
			t.Errorf("the record of RS0232 holds %d reports", len(st.Reports))
		}
		for _, r := range st.Reports {
			if r.Link != "" {
				t.Errorf("a stored report carries a link: %s", r.ID)
			}
		}
	}
	mustCheck(t, path)
}

// shownUnder returns the strike a report is shown under.
func shownUnder(t *testing.T, s *Store, report string) string {
	t.Helper()
	sums, _, err := s.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		st, err := s.Strike(sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range st.Reports {
			if r.ID == report {
				return st.ID
			}
		}
	}
	return ""
}

func TestDecisionsSurvive(t *testing.T) {
	s, _ := seedStore(t)
	ctx := context.Background()
	sohr := articleID + "/sohr"
	if got := shownUnder(t, s, sohr); got != seed.StrikeID {
		t.Fatalf("SOHR's report is under %q", got)
	}
	// Unlink: the article's strike is kept apart.
	if _, err := s.Unlink(ctx, sohr); err != nil {
		t.Fatal(err)
	}
	if got := shownUnder(t, s, sohr); got != articleID {
		t.Fatalf("after unlink SOHR's report is under %q", got)
	}
	// A re-import and a rebuild keep the decision.
	f, err := os.Open("../testdata/ingest/airwars/syria-incidents.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sts, err := ingest.Open(ingest.FormatAirwars, f.Name(), f, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []*model.Strike
	for {
		st, err := sts.Next()
		if err != nil {
			break
		}
		st.Status += " (changed)" // so that the import writes
		all = append(all, st)
	}
	importAll(t, s, Dataset{Name: "airwars"}, all)
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	if got := shownUnder(t, s, sohr); got != articleID {
		t.Fatalf("after a re-import and a rebuild SOHR's report is under %q", got)
	}
	// Link one report by hand into another incident: only it moves.
	other := "airwars:CS9001"
	if _, err := s.Strike(other); err != nil {
		t.Skipf("the fixture has no %s: %v", other, err)
	}
	if _, err := s.Link(ctx, sohr, other); err != nil {
		t.Fatal(err)
	}
	if got := shownUnder(t, s, sohr); got != other {
		t.Fatalf("after link SOHR's report is under %q", got)
	}
	st, _ := s.Strike(other)
	if r := st.Reports[len(st.Reports)-1]; r.ID != sohr || r.Link != ManualReason {
		t.Errorf("the moved report: %s %q", r.ID, r.Link)
	}
	art, _ := s.Strike(articleID)
	if len(art.Reports) != 3 {
		t.Errorf("the article's strike shows %d reports, want 3", len(art.Reports))
	}
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	if got := shownUnder(t, s, sohr); got != other {
		t.Fatalf("after a rebuild SOHR's report is under %q", got)
	}
	ds, err := s.Decisions()
	if err != nil || len(ds) != 1 || ds[0].Into != other || ds[0].Home != articleID {
		t.Errorf("decisions %+v, %v", ds, err)
	}
	// Errors.
	if _, err := s.Link(ctx, "no such report", other); !errors.Is(err, ErrNotFound) {
		t.Errorf("linking a missing report: %v", err)
	}
	if _, err := s.Link(ctx, sohr, "no such strike"); !errors.Is(err, ErrNotFound) {
		t.Errorf("linking into a missing strike: %v", err)
	}
}

func TestOldStoreWithoutOverlay(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "airwars"}, testStrikes(20, "airwars"))
	// A store written before the overlay: drop its buckets.
	if err := s.updateInPlace(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketLinks, bucketLinked, bucketPossible, bucketDecisions} {
			if tx.Bucket(b) != nil {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sums, _, err := s.Summaries(context.Background())
	if err != nil || len(sums) != 20 {
		t.Fatalf("%d summaries, %v", len(sums), err)
	}
	if _, err := s.Strike(sums[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Relink(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, path)
}

func TestCheckOverlay(t *testing.T) {
	s, path := seedStore(t)
	mustCheck(t, path)
	// A link whose target is gone is reported.
	if err := s.updateInPlace(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLinks).Put([]byte(articleID), encodeLink(&model.StrikeLink{Into: "airwars:gone"}))
	}); err != nil {
		t.Fatal(err)
	}
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(rep.Problems[0], "airwars:gone") {
		t.Errorf("check: %v", rep.Problems)
	}
	// The strike still reads (as itself), and a rebuild repairs the overlay.
	if st, err := s.Strike(articleID); err != nil || st.ID != articleID {
		t.Errorf("Strike: %s, %v", st.ID, err)
	}
	if _, err := s.Relink(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, path)
}

// TestRelinkOneDataset: a store of one dataset has nothing to link, and
// skips reading its records for it; a strike of no dataset added to it
// makes the linker run again, and link.
func TestRelinkOneDataset(t *testing.T) {
	s, path := newStore(t)
	if st := importAll(t, s, Dataset{Name: "a"}, testStrikes(5, "a")); st.Links != 0 {
		t.Fatalf("strikes of one dataset were linked: %+v", st)
	}
	if !oneDatasetOf(t, s) {
		t.Fatal("a store of one dataset is not seen as such")
	}
	// Within the write that adds them, as the import's relink sees it.
	s.Close()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		for _, st := range testStrikes(8, "a")[5:] {
			if err := tx.Bucket(bucketByDataset).Put(datasetKey([]byte("a"), st.ID), nil); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(metaStrikes, putUint64(8)); err != nil {
			return err
		}
		if !oneDataset(tx, false) {
			t.Error("a store of one dataset is not seen as such within the write that adds to it")
		}
		// A count that disagrees with the index (a strike without a
		// dataset key) is one dataset only to a caller that knows
		// every strike has a key, and counting is what it saves.
		if err := tx.Bucket(bucketMeta).Put(metaStrikes, putUint64(9)); err != nil {
			return err
		}
		if oneDataset(tx, false) {
			t.Error("a strike without a dataset key went unnoticed")
		}
		if !oneDataset(tx, true) {
			t.Error("keyed: the index alone should decide")
		}
		return errors.New("roll back")
	})
	db.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lone := testStrike(1, "x")
	for i := range lone.Reports {
		lone.Reports[i].Dataset = ""
	}
	st, err := s.PutStrikes(lone)
	if err != nil {
		t.Fatal(err)
	}
	if oneDatasetOf(t, s) {
		t.Error("a strike of no dataset is taken for one of the dataset")
	}
	if st.Links != 1 {
		t.Errorf("the strike of no dataset was not linked to its twin: %+v", st)
	}
	if got := shownUnder(t, s, lone.Reports[0].ID); got != "a:RS000001" {
		t.Errorf("the lone strike's report is shown under %q, want a:RS000001", got)
	}
	mustCheck(t, path)
}

func oneDatasetOf(t *testing.T, s *Store) (one bool) {
	t.Helper()
	s.view(func(tx *bolt.Tx) error { one = oneDataset(tx, false); return nil })
	return one
}

// TestSyncBucket: the overlay's buckets end up holding exactly the new
// entries, whatever they held.
func TestSyncBucket(t *testing.T) {
	s, path := newStore(t)
	s.Close()
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := []byte("sync-test")
	for _, step := range []map[string]string{
		{"a": "1", "b": "2", "c": "3", "e": "5"},
		{"b": "2", "c": "9", "d": "4"},
		{},
		{"z": "26", "a": "1"},
	} {
		var entries []entry
		for k, v := range step {
			entries = append(entries, entry{[]byte(k), []byte(v)})
		}
		err := db.Update(func(tx *bolt.Tx) error { _, err := syncBucket(tx, name, entries); return err })
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(name).ForEach(func(k, v []byte) error { got[string(k)] = string(v); return nil })
		})
		if !reflect.DeepEqual(got, step) {
			t.Errorf("the bucket holds %v, want %v", got, step)
		}
	}
}

// TestLinkedCodesFindTheirStrike: a strike shown under another keeps its
// codes there, so that looking it up by its own code (Airwars' CS1282)
// finds the strike it is shown in.
func TestLinkedCodesFindTheirStrike(t *testing.T) {
	s, _ := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(3, "a"))
	b := testStrike(1, "b")
	b.Codes = []string{"XB1"}
	if st := importAll(t, s, Dataset{Name: "b"}, []*model.Strike{b}); st.Links != 1 {
		t.Fatalf("the twin strikes were not linked: %+v", st)
	}
	sums, _, err := s.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := ""
	for _, sum := range sums {
		if slices.Contains(sum.Codes, "XB1") {
			found = sum.ID
		}
	}
	if found == "" {
		t.Fatal("no strike shown lists the code XB1 of the strike linked into it")
	}
	st, err := s.Strike(found)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(st.Codes, "XB1") || !slices.ContainsFunc(st.Reports, func(r model.Report) bool { return r.ID == b.Reports[0].ID }) {
		t.Errorf("strike %s, found by code XB1, lacks the code or the linked report: codes %v", found, st.Codes)
	}
}

// TestDecidedReportInTwoStrikes: when two strikes hold a report of the
// same ID, a decision on it lands on the last of them in ID order, on
// every run, however the workers share the records.
func TestDecidedReportInTwoStrikes(t *testing.T) {
	s, _ := newStore(t)
	in := testStrikes(5000, "a")
	in[2047].Reports[0].ID, in[2048].Reports[0].ID = "dup", "dup" // two chunks of linkKeys
	importAll(t, s, Dataset{Name: "a"}, in)
	for range 20 {
		s.view(func(tx *bolt.Tx) error {
			got, err := linkKeys(context.Background(), tx.Bucket(bucketStrikes), 5000, map[string]model.Decision{"dup": {}})
			if err != nil {
				t.Fatal(err)
			}
			if home := got.home; home["dup"] != in[2048].ID {
				t.Fatalf("the report is held by %q, want %s (the last in ID order)", home["dup"], in[2048].ID)
			}
			return nil
		})
	}
}

// TestCheckStaleOverlay: links made by an older strikes are reported,
// with the command that remakes them.
func TestCheckStaleOverlay(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(5, "a"))
	importAll(t, s, Dataset{Name: "b"}, testStrikes(5, "b"))
	s.Close()
	mustCheck(t, path)
	tamper(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(metaOverlay) })
	rep, err := Check(path)
	if err != nil || !rep.OK() {
		t.Fatalf("stale links are taken for damage: %+v, %v", rep, err)
	}
	if want := fmt.Sprintf("the links were made by an older strikes (overlay 0; this one makes %d): some linked strikes may not be found by their own codes; run strikes link --rebuild", OverlayVersion); !slices.Contains(rep.Advice, want) {
		t.Errorf("check advises %q, want %q", rep.Advice, want)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Relink(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	mustCheck(t, path)
	if rep, _ := Check(path); len(rep.Advice) > 0 {
		t.Errorf("after a relink check still advises %q", rep.Advice)
	}
}

// TestFirstImportKeyless: the first import into an empty store skips
// counting its strikes only when each has a dataset key; a strike with
// no report has none, and the linker still sees it.
func TestFirstImportKeyless(t *testing.T) {
	s, path := newStore(t)
	in := ownDays(testStrikes(batchSize+10, "a")) // on a copy
	bare := testStrike(1, "x")
	bare.ID, bare.Reports, bare.Date = "x:bare", nil, in[1].Date
	st := importAll(t, s, Dataset{Name: "a"}, append(in, bare))
	if st.Links == 0 {
		t.Errorf("the strike with no report was not linked to its twin: %+v", st)
	}
	mustCheck(t, path)
}

// TestRelinkWaitsOnDamage: when writing the links fails on a damaged page
// (bbolt panics; the store turns that into an error), the relink still
// waits for the workers making merged summaries before it returns: they
// read records of the transaction, which is then closed.
func TestRelinkWaitsOnDamage(t *testing.T) {
	s, path := newStore(t)
	const n = 30000
	importAll(t, s, Dataset{Name: "a"}, ownDays(testStrikes(n, "a")))
	if st := importAll(t, s, Dataset{Name: "b"}, ownDays(testStrikes(n, "b"))); st.Links == 0 {
		t.Fatal("nothing linked; the test needs links")
	}
	s.Close()
	root, ps := bucketRoot(t, path, bucketLinks)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	var flags [2]byte
	binary.LittleEndian.PutUint16(flags[:], 0x40) // the links' root: neither branch nor leaf
	if _, err := f.WriteAt(flags[:], int64(root)*ps+8); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s = reopen(t, path)
	_, err = s.Relink(context.Background())
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("relink on a damaged links page: %v, want ErrCorrupt", err)
	}
	if n := viewBuilds.Load(); n != 0 {
		t.Errorf("relink returned with %d merged-summary builds still reading the store", n)
	}
}

// TestViewsFromSummaries: the merged summaries a relink makes from the
// members' stored summaries and attributions are those made from their
// records, for whole strikes linked by the linker and alongside strikes a
// person moved single reports in and out of (which take the records' way).
func TestViewsFromSummaries(t *testing.T) {
	s, _ := newStore(t)
	in := linkableStrikes(6000)
	importAll(t, s, Dataset{Name: "bench"}, in)
	var decisions []model.Decision
	for i, st := range in {
		if len(st.Reports) >= 2 && len(decisions) < 3 {
			into := in[(i+len(in)/2)%len(in)].ID
			decisions = append(decisions, model.Decision{Report: st.Reports[0].ID, Home: st.ID, Into: into})
		}
	}
	s.view(func(tx *bolt.Tx) error {
		li, err := linkKeys(context.Background(), tx.Bucket(bucketStrikes), len(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		plan := model.Link(li.keys, decisions)
		src := newViewSource(tx, li, plan.Links)
		found := 0
		fast, err := buildViews(src, plan.Links)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := buildViews(&viewSource{in: li}, plan.Links)
		if err != nil {
			t.Fatal(err)
		}
		if len(fast) != len(slow) || len(fast) < 1000 {
			t.Fatalf("%d views from summaries, %d from records (want equal, and many)", len(fast), len(slow))
		}
		if !slices.IsSortedFunc(fast, func(x, y entry) int { return bytes.Compare(x.k, y.k) }) {
			t.Error("the views are not in ID order")
		}
		contested, moved := 0, 0
		for i, want := range slow {
			got := fast[i]
			if !bytes.Equal(got.k, want.k) || !bytes.Equal(got.v, want.v) {
				gv, _ := decodeView(got.v)
				wv, _ := decodeView(want.v)
				t.Fatalf("strike %s: from summaries %+v\nstrike %s: from records %+v", got.k, gv, want.k, wv)
			}
			v, err := decodeView(want.v)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.summary) > 0 {
				sum, err := newSummaryDecoder().decode(want.k, v.summary)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Contested {
					contested++
				}
			}
		}
		for r := range li.keys {
			if src.sums.get(int32(r)) != nil {
				found++
			}
		}
		for i := range plan.Links {
			if plan.Links[i].Report != "" {
				moved++
			}
		}
		if contested == 0 || moved == 0 {
			t.Fatalf("%d contested views, %d reports moved by hand: the case does not cover both", contested, moved)
		}
		if found < len(fast) {
			t.Fatalf("%d stored summaries found for %d views", found, len(fast))
		}
		return nil
	})
}

// TestPossibleEntries: grouping the possible links by rank gives each
// strike every possible link it is part of, best first, as grouping them
// by ID does.
func TestPossibleEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	s, _ := newStore(t)
	in := linkableStrikes(60000)
	importAll(t, s, Dataset{Name: "bench"}, in)
	s.view(func(tx *bolt.Tx) error {
		li, err := linkKeys(context.Background(), tx.Bucket(bucketStrikes), len(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		plan := model.Link(li.keys, nil)
		got, err := possibleEntries(plan.Possible)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string][]model.LinkCandidate{}
		for _, c := range plan.Possible {
			byID[c.From] = append(byID[c.From], c)
			byID[c.To] = append(byID[c.To], c)
		}
		if len(got) != len(byID) || len(got) < 100 {
			t.Fatalf("%d strikes with possible links, want %d (and many)", len(got), len(byID))
		}
		ties := 0
		for i, e := range got {
			if i > 0 && bytes.Compare(got[i-1].k, e.k) >= 0 {
				t.Fatalf("%s after %s: not in ID order", e.k, got[i-1].k)
			}
			cs := byID[string(e.k)]
			slices.SortStableFunc(cs, func(x, y model.LinkCandidate) int { return cmp.Compare(y.Score, x.Score) })
			for j := 1; j < len(cs); j++ {
				if cs[j].Score == cs[j-1].Score {
					ties++
				}
			}
			if want := encodePossible(cs); !bytes.Equal(e.v, want) {
				g, _ := decodePossible(e.v)
				t.Fatalf("strike %s: %+v\nwant %+v", e.k, g, cs)
			}
		}
		if ties == 0 {
			t.Error("no two possible links of a strike score the same: the order of ties is not tested")
		}
		return nil
	})
	if _, err := possibleEntries([]model.LinkCandidate{{From: "a", To: "b", FromRank: -1}}); err == nil {
		t.Error("a possible link without a rank was written")
	}
}

func TestRankTable(t *testing.T) {
	for _, want := range []int{1, 100, 1000} {
		tb := newRankTable[string](1000, want)
		if (tb.dense != nil) != (want*8 >= 1000) {
			t.Errorf("%d of 1000: dense %v", want, tb.dense != nil)
		}
		for r := int32(0); r < 1000; r += 7 {
			tb.set(r, fmt.Sprint(r))
		}
		for r := int32(-1); r < 1001; r++ {
			got, want := tb.get(r), ""
			if r >= 0 && r < 1000 && r%7 == 0 {
				want = fmt.Sprint(r)
			}
			if got != want {
				t.Fatalf("rank %d: %q, want %q", r, got, want)
			}
		}
	}
	var none *rankTable[[]byte]
	if none.get(3) != nil {
		t.Error("a missing table holds a value")
	}
}

// TestLinkKeysWrongCount: a stored count that is wrong (too low, too
// high, none) changes nothing in what the first pass of a relink reads.
func TestLinkKeysWrongCount(t *testing.T) {
	s, _ := newStore(t)
	in := testStrikes(5000, "a")
	importAll(t, s, Dataset{Name: "a"}, in)
	s.view(func(tx *bolt.Tx) error {
		read := func(n int) *linkInput {
			t.Helper()
			li, err := linkKeys(context.Background(), tx.Bucket(bucketStrikes), n, map[string]model.Decision{in[4990].Reports[0].ID: {}})
			if err != nil {
				t.Fatal(err)
			}
			return li
		}
		want := read(len(in))
		if len(want.keys) != len(in) || len(want.home) != 1 {
			t.Fatalf("%d keys, %d homes", len(want.keys), len(want.home))
		}
		for _, n := range []int{0, 1, 2047, 2048, 2049, len(in) - 100, len(in) + 100} {
			got := read(n)
			same := len(got.atts) == len(want.atts)
			for i := 0; same && i < len(got.atts); i++ { // indexes differ from run to run; attributions not
				same = reflect.DeepEqual(got.attrs.at(got.atts[i]), want.attrs.at(want.atts[i]))
			}
			if !same || !reflect.DeepEqual(got.keys, want.keys) ||
				!reflect.DeepEqual(got.home, want.home) || len(got.recs) != len(want.recs) {
				t.Errorf("with a stored count of %d: %d keys, homes %v; want %d, %v", n, len(got.keys), got.home, len(want.keys), want.home)
			}
		}
		return nil
	})
}

// TestLinkStrike: making a possible link moves every report of the strike
// that would move under the other, by hand, in one relink that survives a
// rebuild; missing strikes and a strike into itself are refused.
func TestLinkStrike(t *testing.T) {
	s, _ := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(30000))
	ctx := context.Background()
	var p model.LinkCandidate
	s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPossible).ForEach(func(k, v []byte) error {
			cs, err := decodePossible(v)
			if err != nil {
				t.Fatal(err)
			}
			if p.From == "" && len(cs) > 0 {
				p = cs[0]
			}
			return nil
		})
	})
	if p.From == "" {
		t.Fatal("the store has no possible link")
	}
	var reports, codes []string
	s.view(func(tx *bolt.Tx) error {
		st, ok, err := getStrike(tx.Bucket(bucketStrikes), p.From)
		if err != nil || !ok {
			t.Fatalf("strike %s: %v", p.From, err)
		}
		for _, r := range st.Reports {
			reports = append(reports, r.ID)
		}
		codes = st.Codes
		return nil
	})
	if len(codes) == 0 {
		t.Fatalf("strike %s has no code to follow", p.From)
	}
	gen, _ := s.Generation()
	ls, err := s.LinkStrike(ctx, p.From, p.To)
	if err != nil {
		t.Fatal(err)
	}
	if ls.Manual < len(reports) {
		t.Errorf("%d reports linked by hand, want at least %d", ls.Manual, len(reports))
	}
	if g, _ := s.Generation(); g == gen {
		t.Error("the generation did not change")
	}
	check := func(when string) {
		t.Helper()
		to, err := s.Strike(p.To)
		if err != nil {
			t.Fatal(err)
		}
		// The strike that moved reads as the one it moved into, which
		// carries its codes and no longer offers the pair as possible.
		if from, err := s.Strike(p.From); err != nil || from.ID != p.To {
			t.Errorf("%s: Strike(%s) gives %s (%v), want %s", when, p.From, from.ID, err, p.To)
		}
		for _, c := range codes {
			if !slices.Contains(to.Codes, c) {
				t.Errorf("%s: %s does not carry code %s of %s", when, p.To, c, p.From)
			}
		}
		for _, c := range to.Possible {
			if (c.From == p.From && c.To == p.To) || (c.From == p.To && c.To == p.From) {
				t.Errorf("%s: the link made is still offered as possible", when)
			}
		}
		sums, _, err := s.Summaries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range sums {
			if sum.ID == p.From {
				t.Errorf("%s: the list still shows %s", when, p.From)
			}
			if sum.ID == p.To && !slices.Contains(sum.Codes, codes[0]) {
				t.Errorf("%s: the list's %s lacks code %s", when, p.To, codes[0])
			}
		}
		for _, id := range reports {
			found := false
			for _, r := range to.Reports {
				if r.ID == id {
					found = r.Link == ManualReason
				}
			}
			if !found {
				t.Errorf("%s: report %s is not shown under %s by hand", when, id, p.To)
			}
		}
	}
	check("after the link")
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild")
	// Unlinking one of the reports moved undoes the whole move: none is
	// left under p.To by hand.
	if _, err := s.Unlink(ctx, reports[len(reports)-1]); err != nil {
		t.Fatal(err)
	}
	to, err := s.Strike(p.To)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range to.Reports {
		if slices.Contains(reports, r.ID) {
			t.Errorf("after the unlink, report %s of %s is still under %s (%s)", r.ID, p.From, p.To, r.Link)
		}
	}
	if from, err := s.Strike(p.From); err != nil || from.ID != p.From || len(from.Reports) != len(reports) {
		t.Errorf("after the unlink, %s reads as %s with %d reports (%v), want its own %d", p.From, from.ID, len(from.Reports), err, len(reports))
	}
	if _, err := s.LinkStrike(ctx, p.From, p.To); err != nil { // and it can be made again
		t.Fatal(err)
	}
	check("linked again")
	for _, c := range []struct{ from, into string }{{"nope:1", p.To}, {p.From, "nope:2"}} {
		if _, err := s.LinkStrike(ctx, c.from, c.into); !errors.Is(err, ErrNotFound) {
			t.Errorf("LinkStrike(%s, %s): %v, want not found", c.from, c.into, err)
		}
	}
	if _, err := s.LinkStrike(ctx, p.To, p.To); err == nil || !strings.Contains(err.Error(), "into itself") {
		t.Errorf("a strike linked into itself: %v", err)
	}
}

// TestAttributionsIndex: lists of attackers that a joined name would
// confuse keep apart; equal lists share an index, from any goroutine's
// cache.
func TestAttributionsIndex(t *testing.T) {
	var tb attributions
	lists := []model.Attribution{
		{}, {Contested: true},
		{Attackers: []string{"a\x00b"}}, {Attackers: []string{"a", "b"}},
		{Attackers: []string{"1:a1:b"}}, {Attackers: []string{"a1:", "b"}},
		{Attackers: []string{"russia"}},
	}
	seen1, seen2 := map[attrKey]uint32{}, map[attrKey]uint32{}
	idx := map[uint32]int{}
	for i, a := range lists {
		x, y := tb.index(a, seen1), tb.index(a, seen2)
		if x != y || tb.index(a, seen1) != x {
			t.Errorf("%v: indexes %d and %d", a, x, y)
		}
		if j, ok := idx[x]; ok {
			t.Errorf("%v and %v share index %d", lists[j], a, x)
		}
		idx[x] = i
		if got := tb.at(x); !reflect.DeepEqual(got, a) {
			t.Errorf("index %d holds %v, want %v", x, got, a)
		}
	}
}

// TestSummariesCountPossible: each strike listed counts the possible links
// its detail shows (its own and those of the strikes shown under it), so
// that link:possible finds the strikes left to review.
func TestSummariesCountPossible(t *testing.T) {
	s, _ := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(30000))
	sums, _, err := s.Summaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	with, merged := 0, 0
	for i, sum := range sums {
		if sum.Possible == 0 && i%10 != 0 {
			continue // every strike with some, one in ten of the others
		}
		st, err := s.Strike(sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Possible != len(st.Possible) {
			t.Fatalf("%s: the list counts %d possible links, the strike shows %d", sum.ID, sum.Possible, len(st.Possible))
		}
		if sum.Possible > 0 {
			with++
			if len(sum.Datasets) > 1 {
				merged++
			}
		}
	}
	if with < 50 || merged == 0 {
		t.Fatalf("%d strikes with possible links, %d of them merged: the case shows too little", with, merged)
	}
	q, err := model.ParseQuery("link:possible")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range sums {
		if q.Match(&sums[i]) {
			n++
		}
	}
	if n != with {
		t.Errorf("link:possible finds %d strikes, want %d", n, with)
	}
}

// TestRejectPossible: a rejected possible link is no longer offered, after
// a rebuild too, and making the link takes the rejection back.
func TestRejectPossible(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "bench"}, linkableStrikes(3000))
	ctx := context.Background()
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
	offered := func() bool {
		st, err := s.Strike(p.From)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(st.Possible, func(c model.LinkCandidate) bool {
			return (c.From == p.From && c.To == p.To) || (c.From == p.To && c.To == p.From)
		})
	}
	if !offered() {
		t.Fatal("the possible link is not offered to begin with")
	}
	if _, err := s.RejectPossible(ctx, p.To, p.From); err != nil {
		t.Fatal(err)
	}
	if offered() {
		t.Error("a rejected possible link is still offered")
	}
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	if offered() {
		t.Error("a rejected possible link is offered again after a rebuild")
	}
	if r, _ := s.Rejected(); len(r) != 1 || r[0] != [2]string{min(p.From, p.To), max(p.From, p.To)} {
		t.Errorf("rejected: %v", r)
	}
	mustCheck(t, path)
	if _, err := s.RejectPossible(ctx, p.From, "nope:1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("rejecting a link to no strike: %v", err)
	}
	if _, err := s.LinkStrike(ctx, p.From, p.To); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Rejected(); len(r) != 0 {
		t.Errorf("making the link left the rejection: %v", r)
	}
	if st, _ := s.Strike(p.From); st.ID != p.To {
		t.Errorf("the link made by hand: %s reads as %s", p.From, st.ID)
	}
}
