package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
)

// daysGen makes strikes of three datasets that link, nearly link and cite
// one another: a few towns over six weeks, some coarse places, some
// spans of days, Airwars codes (split ones too) and UCDP citations.
type daysGen struct {
	r    *rand.Rand
	next int
}

var daysTowns = []struct {
	key, name string
	lat, lon  float64
}{
	{"raqqa", "Raqqa", 35.95, 39.01},
	{"tabqa", "Tabqa", 35.836, 38.548},
	{"mansoura", "Mansoura", 35.83, 38.75},
	{"hajin", "Hajin", 34.70, 40.83},
}

func (g *daysGen) strike(ds string) *model.Strike {
	g.next++
	s := &model.Strike{ID: fmt.Sprintf("%s:%d", ds, g.next)}
	g.reshape(s, ds)
	return s
}

// reshape gives s a new date, place, figures and references.
func (g *daysGen) reshape(s *model.Strike, ds string) {
	r := g.r
	day := model.DayOf(2017, 6, 1) + model.Day(r.IntN(42))
	s.Date = model.OnDay(day)
	if r.IntN(8) == 0 {
		s.Date = model.DateSpan{Start: day, End: day + model.Day(1+r.IntN(6)), Precision: model.PrecRange}
	}
	if r.IntN(40) == 0 {
		s.Date = model.NoDate()
	}
	t := daysTowns[r.IntN(len(daysTowns))]
	s.Place = model.Place{Name: t.name, Key: t.key, Admin1: "Ar Raqqah", Country: "Syria", Precision: model.PlaceTown}
	if t.key == "hajin" {
		s.Place.Admin1 = "Deir ez-Zor"
	}
	if r.IntN(2) == 0 {
		s.Place.HasCoords, s.Place.Lat, s.Place.Lon = true, t.lat+float64(r.IntN(20))/1000, t.lon
	}
	if r.IntN(7) == 0 {
		s.Place = model.Place{Name: "Ar Raqqah", Key: "province:raqqa", Admin1: "Ar Raqqah", Country: "Syria", Precision: model.PlaceProvince}
	}
	rep := model.Report{ID: s.ID + "/r", Source: "S " + ds, Published: model.NoDay, Date: s.Date, Place: s.Place, Dataset: ds,
		Strikes: model.Some()}
	if r.IntN(3) > 0 {
		n := int32(r.IntN(5))
		rep.Claims = append(rep.Claims, model.Claim{Outcome: model.Killed, Category: model.Civilians, Count: model.ExactCount(n)})
	}
	if r.IntN(3) == 0 {
		rep.Actors = []model.ActorRef{{Name: "Coalition", Key: "coalition", Certainty: model.Known, Role: model.RoleAttacker}}
	}
	s.Codes = nil
	switch ds {
	case "Airwars":
		code := fmt.Sprintf("CS%d", r.IntN(60))
		if r.IntN(5) == 0 {
			code += string(rune('a' + r.IntN(2)))
		}
		s.Codes = []string{code}
	case "UCDP GED":
		if r.IntN(3) == 0 {
			code := fmt.Sprintf("CS%d", r.IntN(60))
			if r.IntN(6) == 0 {
				code += "a"
			}
			rep.Notes = []model.Note{{Key: model.CitesNote, Value: "Airwars " + code}}
		}
	}
	s.Reports = []model.Report{rep}
}

// overlayOf is every derived bucket of a store and the decisions, as
// key=value lines, for comparison.
func overlayOf(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := s.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketLinks, bucketLinked, bucketPossible, bucketList, bucketRelink, bucketDecisions, bucketRejected, bucketOwn} {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			var lines []string
			if err := b.ForEach(func(k, v []byte) error {
				lines = append(lines, fmt.Sprintf("%q=%x", k, v))
				return nil
			}); err != nil {
				return err
			}
			out[string(name)] = lines
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameOverlay fails the test where two stores' derived buckets differ.
func sameOverlay(t *testing.T, step string, got, want map[string][]string) {
	t.Helper()
	for name, w := range want {
		g := got[name]
		if slices.Equal(g, w) {
			continue
		}
		var missing, extra []string
		for _, l := range w {
			if !slices.Contains(g, l) {
				missing = append(missing, l)
			}
		}
		for _, l := range g {
			if !slices.Contains(w, l) {
				extra = append(extra, l)
			}
		}
		trim := func(ls []string) []string {
			for i := range ls {
				if len(ls[i]) > 120 {
					ls[i] = ls[i][:120] + "..."
				}
			}
			return ls[:min(len(ls), 6)]
		}
		t.Fatalf("%s: bucket %s differs from the whole relink's: %d entries lack (%q), %d more (%q)", step, name, len(missing), trim(missing), len(extra), trim(extra))
	}
}

// TestRelinkDays builds stores by many imports (three datasets on
// overlapping days, re-imports with changes, --replace removals,
// decisions made and rejections in between) and after every step
// compares the store whose imports relink their days with one whose
// imports relink the whole store: links, linked, possible, list, relink index
// and summaries are the same, byte for byte. A whole relink of the first
// then changes nothing.
func TestRelinkDays(t *testing.T) {
	ctx := context.Background()
	seeds := 8
	if testing.Short() {
		seeds = 3
	}
	partial, imports := 0, 0
	for seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			days, _ := newStore(t)
			whole, _ := newStore(t)
			whole.wholeRelink = true
			g := &daysGen{r: rand.New(rand.NewPCG(uint64(seed), 15))}
			files := map[string][]*model.Strike{}
			datasets := []string{"Airwars", "UCDP GED", "ACLED"}
			for _, ds := range datasets {
				for range 25 + g.r.IntN(25) {
					files[ds] = append(files[ds], g.strike(ds))
				}
			}
			both := func(step string, do func(s *Store) error) {
				t.Helper()
				errD, errW := do(days), do(whole)
				if (errD == nil) != (errW == nil) {
					t.Fatalf("%s: %v, but with the whole relink %v", step, errD, errW)
				}
				sameOverlay(t, step, overlayOf(t, days), overlayOf(t, whole))
			}
			for step := range 24 {
				ds := datasets[g.r.IntN(len(datasets))]
				replace := false
				file := files[ds]
				switch op := g.r.IntN(7); {
				case step < 3: // each dataset arrives
					ds, file = datasets[step], files[datasets[step]]
				case op == 6: // a strike of no dataset, put by hand
					st := g.strike("ACLED")
					st.ID = fmt.Sprintf("none:%d", g.next)
					st.Reports[0].Dataset = ""
					both(fmt.Sprintf("step %d, put %s", step, st.ID), func(s *Store) error {
						c := *st
						c.Reports = slices.Clone(st.Reports)
						_, err := s.PutStrikes(&c)
						return err
					})
					continue
				case op == 0: // new strikes
					for range 1 + g.r.IntN(6) {
						file = append(file, g.strike(ds))
					}
				case op == 1: // removals
					replace = true
					for range 1 + g.r.IntN(3) {
						if len(file) > 4 {
							i := g.r.IntN(len(file))
							file = slices.Delete(slices.Clone(file), i, i+1)
						}
					}
				case op == 2: // a person decides
					pairs, err := days.PossibleLinks(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if len(pairs) > 0 {
						p := pairs[g.r.IntN(len(pairs))]
						if g.r.IntN(2) == 0 {
							both(fmt.Sprintf("step %d, reject %s %s", step, p.From, p.To), func(s *Store) error {
								_, err := s.RejectPossible(ctx, p.From, p.To)
								return err
							})
						} else {
							both(fmt.Sprintf("step %d, link %s %s", step, p.From, p.To), func(s *Store) error {
								_, err := s.LinkStrike(ctx, p.From, p.To)
								return err
							})
						}
					}
					continue
				default: // changes: days, places, figures, citations
					file = slices.Clone(file)
					for range 1 + g.r.IntN(4) {
						i := g.r.IntN(len(file))
						c := *file[i]
						switch g.r.IntN(3) {
						case 0:
							g.reshape(&c, ds)
						case 1:
							if !c.Date.Known() {
								g.reshape(&c, ds)
								break
							}
							c.Date.Start++
							c.Date.End++
							c.Reports = slices.Clone(c.Reports)
							c.Reports[0].Date = c.Date
						default:
							c.Reports = slices.Clone(c.Reports)
							c.Reports[0].Claims = []model.Claim{{Outcome: model.Killed, Category: model.Civilians, Count: model.ExactCount(int32(g.r.IntN(5)))}}
						}
						file[i] = &c
					}
				}
				files[ds] = file
				name := fmt.Sprintf("step %d, import %s (%d strikes, replace %v)", step, ds, len(file), replace)
				both(name, func(s *Store) error {
					_, err := s.Import(ctx, Dataset{Name: ds, Replace: replace, ConfirmDelete: func(int, int) bool { return true }}, feed(file))
					return err
				})
				imports++
				if days.lastRelink.Partial {
					partial++
				}
			}
			before := overlayOf(t, days)
			if _, err := days.Relink(ctx); err != nil {
				t.Fatal(err)
			}
			sameOverlay(t, "after link --rebuild", overlayOf(t, days), before)
		})
	}
	// Most imports change a few strikes of a store with links: they must
	// be the days' relinks, or this test compares nothing.
	if partial < imports/3 {
		t.Errorf("%d of %d imports relinked their days only; want most", partial, imports)
	}
	t.Logf("%d of %d imports relinked their days only", partial, imports)
}

// readAll reads every strike of a file through its ingest reader, and
// the dataset they are imported as.
func readAll(t *testing.T, format, path string, opts ingest.Options) ([]*model.Strike, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := ingest.Open(format, filepath.Base(path), f, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []*model.Strike
	for {
		st, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no strike", path)
	}
	ds := out[0].Reports[0].Dataset
	if ds == "" {
		ds = rd.Format()
	}
	return out, ds
}

// TestRelinkDaysRealData imports the real UCDP GED and Airwars files of
// ../shared/data (skipped, saying so, without them) in steps, the Airwars
// incidents a month at a time through the first half of 2017 (Raqqa's
// busiest), then UCDP again with events moved a day and some removed,
// and compares the store whose imports relink their days with one whose
// imports relink the whole store after every step.
func TestRelinkDaysRealData(t *testing.T) {
	if testing.Short() {
		t.Skip("imports two real files in many steps; skipped in -short")
	}
	ucdp, ucdpDS := readAll(t, ingest.FormatUCDP, evalDataPath(t, "ucdp-ged/syria-2016-2019.csv"), ingest.Options{})
	aw, awDS := readAll(t, ingest.FormatAirwars, evalDataPath(t, "airwars/syria-incidents.csv"), ingest.Options{SourcesPath: "none"})
	ctx := context.Background()
	days, _ := newStore(t)
	days.daysBudget = 1 << 20 // a small store's large imports too
	whole, _ := newStore(t)
	whole.wholeRelink = true
	partial := 0
	step := func(what, ds string, file []*model.Strike, replace bool) {
		t.Helper()
		t0 := time.Now()
		for _, s := range []*Store{days, whole} {
			if _, err := s.Import(ctx, Dataset{Name: ds, Replace: replace, ConfirmDelete: func(int, int) bool { return true }}, feed(file)); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		ls := days.lastRelink
		if ls.Partial {
			partial++
		}
		t.Logf("%s: %d strikes; days' relink %v (%d strikes relinked); both imports %v", what, len(file), ls.Partial, ls.Strikes, time.Since(t0).Round(time.Millisecond))
		sameOverlay(t, what, overlayOf(t, days), overlayOf(t, whole))
	}
	step("UCDP GED", ucdpDS, ucdp, false)
	upTo := func(d model.Day) []*model.Strike {
		var out []*model.Strike
		for _, s := range aw {
			if s.Date.Known() && s.Date.Start < d {
				out = append(out, s)
			}
		}
		return out
	}
	step("Airwars before 2017", awDS, upTo(model.DayOf(2017, 1, 1)), false)
	for m := time.February; m <= time.July; m++ {
		step(fmt.Sprintf("Airwars before 2017-%02d", m), awDS, upTo(model.DayOf(2017, m, 1)), false)
	}
	step("Airwars, all", awDS, aw, false)
	// UCDP again: a few Raqqa events a day later, a few gone.
	again := slices.Clone(ucdp)
	moved, gone := 0, 0
	for i, s := range again {
		if s.Place.Admin1 == "" || !strings.Contains(s.Place.Admin1, "Raqq") || !s.Date.Known() || s.Date.Start < model.DayOf(2017, 3, 1) {
			continue
		}
		switch {
		case moved < 40 && i%7 == 0:
			c := *s
			c.Date.Start++
			c.Date.End++
			again[i] = &c
			moved++
		case gone < 15 && i%11 == 0:
			again[i] = nil
			gone++
		}
	}
	again = slices.DeleteFunc(again, func(s *model.Strike) bool { return s == nil })
	step(fmt.Sprintf("UCDP GED, %d events a day later, %d removed", moved, gone), ucdpDS, again, true)
	if partial < 5 {
		t.Errorf("only %d imports relinked their days; want the monthly ones and the last", partial)
	}
}

// TestCheckRelinkIndex: strikes check reports a relink index that lacks
// an entry or holds a stray one, and strikes link --rebuild makes it
// again, on a store of several datasets and on one of a single dataset
// (whose relink reads no record).
func TestCheckRelinkIndex(t *testing.T) {
	for _, several := range []bool{true, false} {
		t.Run(fmt.Sprint("several datasets ", several), func(t *testing.T) {
			s, path := newStore(t)
			g := &daysGen{r: rand.New(rand.NewPCG(1, 2))}
			var ucdp []*model.Strike
			for range 40 {
				ucdp = append(ucdp, g.strike("UCDP GED"))
			}
			importAll(t, s, Dataset{Name: "UCDP GED"}, ucdp)
			if several {
				var aw []*model.Strike
				for range 40 {
					aw = append(aw, g.strike("Airwars"))
				}
				importAll(t, s, Dataset{Name: "Airwars"}, aw)
			}
			want := overlayOf(t, s)["relink"]
			if len(want) == 0 {
				t.Fatal("the generated strikes make no relink index entry")
			}
			err := s.updateInPlace(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucketRelink)
				k, _ := b.Cursor().First()
				if err := b.Delete(bytes.Clone(k)); err != nil {
					return err
				}
				return b.Put([]byte("cstray\x00CS1\x00nobody"), nil)
			})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(path)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(rep.Problems, func(p string) bool { return strings.Contains(p, "the relink index has no entry") }) {
				t.Errorf("check did not find the missing entry: %q", rep.Problems)
			}
			if _, err := s.Relink(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := overlayOf(t, s)["relink"]; !slices.Equal(got, want) {
				t.Errorf("after link --rebuild the relink index holds %q, want %q", got, want)
			}
			mustCheck(t, path)
		})
	}
}

// TestUpgradeSchema4: a store of schema 4 (no relink index) is upgraded
// by its first import, in the same write: the index is built from every
// record, the import's own strikes included, and the store is sound and
// linked as a whole relink links it.
func TestUpgradeSchema4(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	whole, _ := newStore(t)
	whole.wholeRelink = true
	g := &daysGen{r: rand.New(rand.NewPCG(4, 5))}
	var ucdp, aw []*model.Strike
	for range 60 {
		ucdp = append(ucdp, g.strike("UCDP GED"))
		aw = append(aw, g.strike("Airwars"))
	}
	for _, st := range []*Store{s, whole} {
		importAll(t, st, Dataset{Name: "UCDP GED"}, ucdp)
	}
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketRelink); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, putUint64(4))
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*Store{s, whole} {
		if _, err := st.Import(ctx, Dataset{Name: "Airwars"}, feed(aw)); err != nil {
			t.Fatal(err)
		}
	}
	err = s.view(func(tx *bolt.Tx) error {
		if v := schemaOf(tx); v != SchemaVersion {
			t.Errorf("after the import: schema %d, want %d", v, SchemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sameOverlay(t, "the first import after schema 4", overlayOf(t, s), overlayOf(t, whole))
	mustCheck(t, path)
}
