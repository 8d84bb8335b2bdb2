package ingest

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

var update = flag.Bool("update", false, "rewrite testdata/ingest/strikes.jsonl")

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "ingest", name) }

func TestFixtureCounts(t *testing.T) {
	tests := []struct {
		file, format    string
		opts            Options
		strikes, report int
	}{
		{"ucdp.csv", FormatUCDP, Options{}, 3, 3},
		{"acled.csv", FormatACLED, Options{}, 3, 3},
		{"airwars/syria-incidents.csv", FormatAirwars, Options{}, 5, 8},
		{"syrian-archive.csv", FormatCSV, Options{Map: filepath.Join("..", "..", "testdata", "maps", "syrian-archive.toml")}, 3, 5},
		{"log.csv", FormatCSV, Options{Map: fixture("log.toml")}, 2, 4},
		{"strikes.jsonl", FormatJSONL, Options{}, 8, 11},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ss, format := readAll(t, FormatAuto, fixture(tt.file), tt.opts)
			if format != tt.format {
				t.Errorf("auto chose %q, want %q", format, tt.format)
			}
			if len(ss) != tt.strikes || countReports(ss) != tt.report {
				t.Errorf("got %d strikes, %d reports; want %d, %d", len(ss), countReports(ss), tt.strikes, tt.report)
			}
			checkJSONRoundTrip(t, ss)
		})
	}
}

// TestGoldenJSONL pins the JSON shape: the UCDP and Airwars fixtures
// encode to testdata/ingest/strikes.jsonl (go test -update rewrites it).
func TestGoldenJSONL(t *testing.T) {
	var buf bytes.Buffer
	for _, f := range []string{"ucdp.csv", "airwars/syria-incidents.csv"} {
		ss, _ := readAll(t, FormatAuto, fixture(f), Options{})
		for _, s := range ss {
			if err := EncodeJSON(&buf, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	golden := fixture("strikes.jsonl")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the JSON shape changed; run go test -update and review the diff of %s", golden)
	}
}

func TestFixtureSeed(t *testing.T) {
	ss, _ := readAll(t, FormatAirwars, fixture("airwars/syria-incidents.csv"), Options{})
	checkSeed(t, ss[0])
	r := ss[0].Reports
	if len(r) != 2 || r[1].ID != "airwars:RS0232/russia" || r[1].SourceKind != model.KindBelligerent || r[1].Assessment != "not yet assessed" || len(r[1].Claims) != 0 {
		t.Errorf("Russia's report: %+v", r[1:])
	}
	if got := r[0].Summary; got != "Airwars: 15 civilians killed (8 children, 5 women), 25 civilians injured; Russian Military suspected" {
		t.Errorf("summary %q", got)
	}
	if len(r[0].Cites) != 3 || len(r[1].URLs) != 1 {
		t.Errorf("cites %v, Russia's URLs %v", r[0].Cites, r[1].URLs)
	}
}

func TestFixtureAirwars(t *testing.T) {
	ss, _ := readAll(t, FormatAirwars, fixture("airwars/syria-incidents.csv"), Options{})
	cs := ss[1]
	aw, co := &cs.Reports[0], &cs.Reports[1]
	if aw.Claim(model.Killed, model.Civilians) != model.RangeCount(3, 6) || co.Claim(model.Killed, model.Civilians) != model.ExactCount(1) {
		t.Errorf("Airwars %v against the coalition's %v", aw.Claim(model.Killed, model.Civilians), co.Claim(model.Killed, model.Civilians))
	}
	if co.ID != "airwars:CS9001/us-led-coalition" || co.Assessment != "credible" || co.Via[0] != "Airwars" || co.Published.String() != "2018-06-28" {
		t.Errorf("coalition report %+v", co)
	}
	if len(co.URLs) != 2 || aw.Cites[0].Name != "Synthetic Outlet A" || aw.Cites[0].Language != "Twitter Arabic" || len(aw.URLs) != 2 {
		t.Errorf("sources: coalition URLs %v, Airwars cites %v, URLs %v", co.URLs, aw.Cites, aw.URLs)
	}
	if len(aw.Actors) != 2 || aw.Actors[0].Certainty != model.Known || aw.Actors[1].Name != "Syrian Regime" {
		t.Errorf("actors %+v", aw.Actors)
	}
	two := ss[2]
	if two.ID != "airwars:CS1329" || len(two.Codes) != 3 || two.Codes[2] != "S999" || two.Date.Precision != model.PrecRange {
		t.Errorf("two-code incident %s %v %v", two.ID, two.Codes, two.Date)
	}
	r := &two.Reports[0]
	if r.Claim(model.Killed, model.Combatants) != model.AtLeastCount(2) || r.Claim(model.Killed, model.Men) != model.RangeCount(2, 4) || r.Claim(model.Killed, model.Civilians).Reported() {
		t.Errorf("claims %+v", r.Claims)
	}
	if len(two.Reports) != 2 || two.Reports[1].Assessment != "non-credible" || two.Reports[1].Notes[0].Value != "no coalition strikes" {
		t.Errorf("non-credible coalition: %+v", two.Reports[1:])
	}
	if ss[3].ID != "airwars:TS9002" || ss[4].ID != "airwars:TS9002-2" || ss[4].Date.Known() {
		t.Errorf("duplicate codes: %s, %s (%v)", ss[3].ID, ss[4].ID, ss[4].Date)
	}
	if ss[3].Reports[0].Claim(model.Killed, model.Civilians) != model.ExactCount(0) || ss[4].Place.Key != "province:al hasakah" {
		t.Errorf("zero kept as zero: %v; province key %q", ss[3].Reports[0].Claims, ss[4].Place.Key)
	}
}

func TestFixtureUCDP(t *testing.T) {
	ss, _ := readAll(t, FormatUCDP, fixture("ucdp.csv"), Options{})
	r := &ss[1].Reports[0]
	if ss[1].Place.Key != "province:ar raqqah" || ss[1].Place.Precision != model.PlaceProvince || ss[1].Date.Precision != model.PrecRange {
		t.Errorf("governorate-level event: %+v %v", ss[1].Place, ss[1].Date)
	}
	if len(r.Actors) != 3 || r.Actors[2].Name != "SDF" || r.Actors[0].Role != model.RoleSide || len(r.Cites) != 2 {
		t.Errorf("actors %+v cites %+v", r.Actors, r.Cites)
	}
	if r.Claim(model.Killed, model.Total) != model.EstimateCount(3, 4, 6) || r.Claim(model.Killed, model.Civilians) != model.ExactCount(0) {
		t.Errorf("claims %+v", r.Claims)
	}
	want := []model.Note{{Key: "type", Value: "non-state conflict"}, {Key: "event_clarity", Value: "lower"}, {Key: "number_of_sources", Value: "2"},
		{Key: "conflict", Value: "Ahrar al-Sham, Jabhat Fateh al-Sham - SDF"}, {Key: "dyad", Value: "Ahrar al-Sham, Jabhat Fateh al-Sham - SDF"},
		{Key: "deaths_a (Ahrar al-Sham, Jabhat Fateh al-Sham)", Value: "1"}, {Key: "deaths_b (SDF)", Value: "3"}}
	if len(r.Notes) != len(want) {
		t.Fatalf("notes %v", r.Notes)
	}
	for i := range want {
		if r.Notes[i] != want[i] {
			t.Errorf("note %d: %v, want %v", i, r.Notes[i], want[i])
		}
	}
}

func TestFixtureACLED(t *testing.T) {
	ss, _ := readAll(t, FormatACLED, fixture("acled.csv"), Options{})
	if c := ss[0].Reports[0].Claim(model.Killed, model.Total); c != model.AtLeastCount(3) {
		t.Errorf("fatalities 3: %v", c)
	}
	if c := ss[1].Reports[0].Claim(model.Killed, model.Total); c != model.ExactCount(0) {
		t.Errorf("fatalities 0: %v", c)
	}
	if c := ss[2].Reports[0].Claim(model.Killed, model.Total); c.Reported() {
		t.Errorf("empty fatalities: %v", c)
	}
	if d := ss[1].Date; d.Precision != model.PrecWeek || d.End-d.Start != 6 {
		t.Errorf("week: %v", d)
	}
	if d := ss[2].Date; d.String() != "2022-06 (month)" || d.End.String() != "2022-06-30" {
		t.Errorf("month: %v", d)
	}
	if ss[0].Reports[0].Notes[0] != (model.Note{Key: "type", Value: "Air/drone strike"}) {
		t.Errorf("type note: %v", ss[0].Reports[0].Notes)
	}
}

func TestFixtureLog(t *testing.T) {
	ss, _ := readAll(t, FormatCSV, fixture("log.csv"), Options{Map: fixture("log.toml")})
	s := ss[0]
	if s.ID != "log:INC-1" || s.Date.String() != "2015-12-06" || !model.Contested(s) {
		t.Errorf("strike %s %v contested=%v", s.ID, s.Date, model.Contested(s))
	}
	r := s.Reports
	if r[0].Claim(model.Killed, model.Combatants) != model.AtLeastCount(32) || r[1].Claim(model.Killed, model.Civilians) != model.Some() ||
		r[2].Claim(model.Killed, model.Total) != model.ExactCount(15) || r[2].Via[0] != "Associated Press" || r[2].SourceKind != model.KindSocialMedia {
		t.Errorf("reports %+v", r)
	}
	if r[0].ID != "log:INC-1/1" || ss[1].Reports[0].Claim(model.Killed, model.Total) != model.RangeCount(3, 6) || ss[1].Place.Name != "Kafr Zita, east" {
		t.Errorf("ids and ranges: %s %+v", r[0].ID, ss[1].Reports[0])
	}
}

func TestWriteCSV(t *testing.T) {
	ss, _ := readAll(t, FormatAirwars, fixture("airwars/syria-incidents.csv"), Options{})
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ss); err != nil {
		t.Fatal(err)
	}
	// The export reads back through a mapping: counts survive.
	m, err := ParseMapping("export.toml", `group_by = ["strike_id"]
sorted = true
[columns]
strike_id = "strike_id"
report_id = "report_id"
source = "source"
killed = { civilians = "killed_civilians", men = "killed_men", combatants = "killed_combatants" }
`)
	if err != nil {
		t.Fatal(err)
	}
	src, err := newCSVSource("export.csv", bufioReader(&buf), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := newCSVMapWith(src, m)
	if err != nil {
		t.Fatal(err)
	}
	var back []*model.Strike
	for {
		s, err := r.Next()
		if err != nil {
			break
		}
		back = append(back, s)
	}
	if len(back) != len(ss) || countReports(back) != countReports(ss) {
		t.Fatalf("read back %d strikes, %d reports", len(back), countReports(back))
	}
	for i := range ss {
		for j := range ss[i].Reports {
			for _, cat := range []model.Category{model.Civilians, model.Men, model.Combatants} {
				if a, b := ss[i].Reports[j].Claim(model.Killed, cat), back[i].Reports[j].Claim(model.Killed, cat); a != b {
					t.Errorf("%s %s: exported %v, read back %v", ss[i].Reports[j].ID, cat, a, b)
				}
			}
		}
	}
}

// TestWriteCSVCiteURLs: the CSV export keeps each citation's link beside
// its name, in the same order, an empty entry where one has none.
func TestWriteCSVCiteURLs(t *testing.T) {
	s := &model.Strike{ID: "x:1", Reports: []model.Report{{ID: "x:1", Source: "Airwars", Cites: []model.Citation{
		{Name: "RBSS", URL: "https://rbss.example/1"}, {Name: "SOHR"}, {Name: "Shaam News Network", URL: "http://www.shaam.org/"},
	}}}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []*model.Strike{s}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) string { return rows[1][slices.Index(rows[0], name)] }
	if col("cites") != "RBSS; SOHR; Shaam News Network" || col("cite_urls") != "https://rbss.example/1; ; http://www.shaam.org/" {
		t.Errorf("cites %q, cite_urls %q", col("cites"), col("cite_urls"))
	}
}
