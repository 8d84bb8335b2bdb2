package ingest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// draftFor drafts a map for the file at path.
func draftFor(t *testing.T, path string, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := DraftMap(&b, path, mustOpen(t, path), opts); err != nil {
		t.Fatalf("DraftMap: %v", err)
	}
	return b.String()
}

// readWithDraft imports path through the draft as written.
func readWithDraft(t *testing.T, path, draft string, opts Options) []*model.Strike {
	t.Helper()
	m, err := ParseMapping("draft.toml", draft)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, draft)
	}
	opts.Map, opts.mapping = "draft.toml", m
	ss, _ := readAll(t, FormatCSV, path, opts)
	checkJSONRoundTrip(t, ss)
	return ss
}

// reportsBy indexes reports by a key.
func reportsBy(ss []*model.Strike, key func(*model.Strike, *model.Report) string) map[string]*model.Report {
	out := map[string]*model.Report{}
	for _, s := range ss {
		for i := range s.Reports {
			out[key(s, &s.Reports[i])] = &s.Reports[i]
		}
	}
	return out
}

// sameReports compares the fields of two sets of reports that the draft
// is expected to get right.
func sameReports(t *testing.T, got, want map[string]*model.Report, fields map[string]func(*model.Report) string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d reports through the draft, %d through the right map", len(got), len(want))
	}
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	bad := 0
	for id, w := range want {
		g := got[id]
		if g == nil {
			t.Errorf("%s: not read through the draft", id)
			bad++
			continue
		}
		for _, n := range names {
			if a, b := fields[n](g), fields[n](w); a != b {
				t.Errorf("%s %s: draft gives %q, the right map %q", id, n, a, b)
				bad++
			}
		}
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
}

var (
	fDate  = func(r *model.Report) string { return r.Date.String() }
	fPlace = func(r *model.Report) string { return r.Place.Name + " | " + r.Place.Admin1 + " | " + r.Place.Admin2 }
	// fTown is the place's name at town level and its province: a map
	// that names places at their level ("auto") names a row without a
	// town by its province, one that does not leaves it unnamed.
	fTown = func(r *model.Report) string {
		name := r.Place.Name
		if r.Place.Precision > model.PlaceTown {
			name = ""
		}
		return name + " | " + r.Place.Admin1
	}
	fCoords = func(r *model.Report) string { return fmt.Sprint(r.Place.HasCoords, r.Place.Lat, r.Place.Lon) }
	fSource = func(r *model.Report) string { return r.Source }
	fURLs   = func(r *model.Report) string {
		u := append([]string(nil), r.URLs...)
		sort.Strings(u)
		return strings.Join(u, " ")
	}
	fCounts = func(r *model.Report) string {
		var b strings.Builder
		for _, o := range model.Outcomes {
			for _, c := range model.Categories {
				if n := r.Claim(o, c); n.Reported() {
					fmt.Fprintf(&b, "%s %s %s; ", o, c, n)
				}
			}
		}
		return b.String() + " strikes " + r.Strikes.String()
	}
	fActors = func(r *model.Report) string {
		var s []string
		for _, a := range r.Actors {
			s = append(s, a.Key+"/"+a.Role.String())
		}
		return strings.Join(s, " ")
	}
)

// TestDraftSyrianArchive: the Syrian Archive fixture, whose right map is
// testdata/maps/syrian-archive.toml. The draft cannot know that rows of
// one date and place are one strike (the map's group_by); every report
// it reads must agree with the right map's.
func TestDraftSyrianArchive(t *testing.T) {
	for _, path := range []string{fixture("syrian-archive.csv"), "real"} {
		if path == "real" {
			path = realData(t, "syrian-archive/violations.csv")
		}
		draft := draftFor(t, path, Options{})
		for _, want := range []string{`strike_id = "Reference_Code"`, `date = "Recording_Date"`, `place = "Neighborhood"`,
			`admin1 = "City"`, `source = "Source"`, `not_reported = ["NA"]`, `ignore = ["Description"]`} {
			if !strings.Contains(draft, want) {
				t.Errorf("%s: the draft lacks %s:\n%s", path, want, draft)
			}
		}
		got := readWithDraft(t, path, draft, Options{})
		right, _ := readAll(t, FormatCSV, path, Options{Map: filepath.Join("..", "..", "testdata", "maps", "syrian-archive.toml")})
		byCode := func(_ *model.Strike, r *model.Report) string { return r.ID[strings.IndexByte(r.ID, ':')+1:] }
		sameReports(t, reportsBy(got, byCode), reportsBy(right, byCode), map[string]func(*model.Report) string{
			"date": fDate, "place": fTown, "coordinates": fCoords, "source": fSource, "urls": fURLs,
		})
	}
}

// TestDraftLog: the journalist's log, whose right map is log.toml; its
// dates are all ambiguous, so the draft says so and --date-order decides.
func TestDraftLog(t *testing.T) {
	path := fixture("log.csv")
	draft := draftFor(t, path, Options{})
	for _, want := range []string{`# date_order = "dmy"`, `group_by = ["incident"]`, "sorted = true", `source = "reporter"`, `combatants = "militants killed"`} {
		if !strings.Contains(draft, want) {
			t.Errorf("the draft lacks %s:\n%s", want, draft)
		}
	}
	got := readWithDraft(t, path, draft, Options{DateOrder: "dmy"})
	right, _ := readAll(t, FormatCSV, path, Options{Map: fixture("log.toml")})
	byID := func(_ *model.Strike, r *model.Report) string { return r.ID }
	sameReports(t, reportsBy(got, byID), reportsBy(right, byID), map[string]func(*model.Report) string{
		"date": fDate, "counts": fCounts, "actors": fActors, "source": fSource,
		"kind": func(r *model.Report) string { return r.SourceKind.String() },
		"via":  func(r *model.Report) string { return strings.Join(r.Via, ",") },
		"town": func(r *model.Report) string { return r.Place.Name + " | " + r.Place.Admin1 },
	})
	if len(got) != len(right) {
		t.Errorf("%d strikes through the draft, %d through log.toml", len(got), len(right))
	}
}

// TestDraftKnownFormats drafts maps for files strikes reads with a
// built-in map and compares what the draft can know: dates, places,
// coordinates, ranges and the strikes' count.
func TestDraftKnownFormats(t *testing.T) {
	wb := writeTBIJWorkbook(t)
	tests := []struct {
		name, path string
		opts       Options
		wants      []string
		fields     map[string]func(*model.Report) string
	}{
		{"Yemen Data Project", fixture("ydp.csv"), Options{},
			[]string{`encoding = "windows-1252"`, `date_order = "dmy"`, `strike_id = "Incident ID"`, `place_detail = "Target"`,
				`strikes = { min = "Min Air Raids", max = "Max Air Raids" }`, "strikes knows this file (yemen-data-project)", `"Civilian Casualties": killed and injured together?`},
			map[string]func(*model.Report) string{"date": fDate, "place": fPlace,
				"strikes": func(r *model.Report) string { return r.Strikes.String() }}},
		{"TBIJ sheet", wb, Options{Sheet: "Yemen"},
			[]string{`sheet = "Yemen"`, `coords = "Most Specific Lat/Long"`, `total = { min = "Minimum people killed", max = "Maximum people killed" }`},
			map[string]func(*model.Report) string{"date": fDate, "coordinates": fCoords, "strikes": func(r *model.Report) string { return r.Strikes.String() },
				"killed": func(r *model.Report) string {
					return r.Claim(model.Killed, model.Total).String() + " " + r.Claim(model.Killed, model.Children).String()
				}}},
		{"TBIJ CSV", fixture("tbij-pakistan.csv"), Options{},
			[]string{`date_order = "mdy"`, `place = "Location"`, `admin2 = "Area"`},
			map[string]func(*model.Report) string{"date": fDate, "coordinates": fCoords, "counts": fCounts,
				"place": func(r *model.Report) string { return r.Place.Admin2 + " " + r.Place.Country }}},
		{"New America", fixture("newamerica.csv"), Options{},
			[]string{`cites = ["Source"]`, `combatants = { min = "militants_low", max = "militants_high" }`, `coords = "coordinates"`, `"target_description"`},
			map[string]func(*model.Report) string{"date": fDate, "coordinates": fCoords, "counts": fCounts,
				"cites": func(r *model.Report) string { return fmt.Sprint(r.Cites) }}},
		{"Airwars incident table", fixture("airwars-gaza.csv"), Options{},
			[]string{`strike_id = "Incidence_id"`, `suspected_attackers = ["Suspected belligerents"]`, `status = "Strike status"`},
			map[string]func(*model.Report) string{"date": fDate, "coordinates": fCoords,
				"civilians": func(r *model.Report) string { return r.Claim(model.Killed, model.Civilians).String() }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			draft := draftFor(t, tt.path, tt.opts)
			for _, want := range tt.wants {
				if !strings.Contains(draft, want) {
					t.Errorf("the draft lacks %s:\n%s", want, draft)
				}
			}
			got := readWithDraft(t, tt.path, draft, tt.opts)
			right, _ := readAll(t, FormatAuto, tt.path, tt.opts)
			// The draft numbers no row the way the built-in map does: pair them in order.
			if len(got) != len(right) {
				t.Fatalf("%d strikes through the draft, %d built in", len(got), len(right))
			}
			g, w := map[string]*model.Report{}, map[string]*model.Report{}
			for i := range got {
				key := fmt.Sprint(i)
				g[key], w[key] = &got[i].Reports[0], &right[i].Reports[0]
			}
			sameReports(t, g, w, tt.fields)
		})
	}
}

func TestDraftRefuses(t *testing.T) {
	wb := writeTBIJWorkbook(t)
	var b bytes.Buffer
	if err := DraftMap(&b, wb, mustOpen(t, wb), Options{}); err == nil || !strings.Contains(err.Error(), `has 4 sheets ("Yemen", "Somalia", "All", "Notes"); name the one to draft a map for with --sheet`) {
		t.Errorf("a workbook of several sheets: %v", err)
	}
	if err := DraftMap(&b, "s.jsonl", strings.NewReader(`{"id":"x"}`), Options{}); err == nil || !strings.Contains(err.Error(), "JSON Lines") {
		t.Errorf("JSON Lines: %v", err)
	}
}
