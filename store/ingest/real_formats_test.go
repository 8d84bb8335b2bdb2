package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// The drone and air-raid databases of ../shared/data, imported with no
// map and no option but the sheet; counts and values checked against the
// published rows.

func realStrikes(t *testing.T, rel string, opts Options) (map[string]*model.Strike, []*model.Strike, string, []string) {
	t.Helper()
	p := realData(t, rel)
	var notices []string
	opts.Notify = func(s string) { notices = append(notices, s) }
	ss, format := readAll(t, FormatAuto, p, opts)
	byID := map[string]*model.Strike{}
	for _, s := range ss {
		byID[s.ID] = s
	}
	checkJSONRoundTrip(t, ss)
	return byID, ss, format, notices
}

func TestRealTBIJ(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	const file = "tbij/DroneWarsData.xlsx"
	p := realData(t, file)
	if _, err := Open(FormatAuto, p, mustOpen(t, p), Options{}); err == nil ||
		!strings.Contains(err.Error(), `has 15 sheets that hold a strike table: "Afghanistan", "Somalia", "Yemen", "Pakistan", "All",`) {
		t.Errorf("the workbook without --sheet: %v", err)
	}
	tests := []struct {
		sheet   string
		strikes int
		checks  func(t *testing.T, byID map[string]*model.Strike) []check
	}{
		{"Yemen", 318, func(t *testing.T, byID map[string]*model.Strike) []check {
			y2 := &strike(t, byID, "tbij:YEM002").Reports[0]
			dup := strike(t, byID, "tbij:YEM248-2")
			y8 := &strike(t, byID, "tbij:YEM008").Reports[0]
			return []check{
				{"YEM002 date", y2.Date.String(), "2009-12-17"},
				{"YEM002 place", y2.Place.Name + ", " + y2.Place.Admin1, "Al Majala, Abyan"},
				{"YEM002 killed", y2.Claim(model.Killed, model.Total), model.RangeCount(55, 58)},
				{"YEM002 civilians", y2.Claim(model.Killed, model.Civilians), model.ExactCount(44)},
				{"YEM002 children", y2.Claim(model.Killed, model.Children), model.RangeCount(21, 22)},
				{"YEM002 injured", y2.Claim(model.Injured, model.Total), model.ExactCount(9)},
				{"YEM002 attacker", y2.Actors[0].Key, "united-states"},
				{"YEM248 twice: the second kept", dup.Date.String() + " " + dup.Place.Admin1, "2016-10-06 Shabwah"},
				{"YEM008's shifted cells kept as notes", strings.Contains(note(y8, "coordinates"), "Most Specific Lat/Long"), true},
			}
		}},
		{"Afghanistan", 502, func(t *testing.T, byID map[string]*model.Strike) []check {
			a1 := strike(t, byID, "tbij:AFG001")
			a301 := &strike(t, byID, "tbij:AFG301").Reports[0]
			return []check{
				{"AFG001 date", a1.Date.String(), "2015-01-01"},
				{"AFG001 unknown village: the district", a1.Place.Precision.String() + " " + a1.Place.Name + ", " + a1.Place.Admin1, "district Spera, Khost"},
				{"AFG001 most specific coordinates", fmt.Sprint(a1.Place.Lat, a1.Place.Lon), "33.19392 69.515022"},
				{"AFG001 killed", a1.Reports[0].Claim(model.Killed, model.Total), model.ExactCount(0)},
				{"AFG301 strikes, min above max", a301.Strikes, model.RangeCount(448, 453)},
				{"AFG301 quoted", strings.Contains(note(a301, "strikes"), "Minimum strikes gives 453 and Maximum strikes gives 448"), true},
				{"AFG301 nothing known of the place", a301.Place.Precision.String(), "country"},
			}
		}},
		{"Pakistan", 430, func(t *testing.T, byID map[string]*model.Strike) []check {
			b1 := &strike(t, byID, "tbij:B1").Reports[0]
			ob193 := &strike(t, byID, "tbij:Ob193").Reports[0]
			return []check{
				{"B1 date (MM-DD-YYY)", b1.Date.String(), "2004-06-17"},
				{"B1 place", b1.Place.Name + ", " + b1.Place.Admin2, "Wana, South Waziristan"},
				{"B1 killed", b1.Claim(model.Killed, model.Total), model.RangeCount(6, 8)},
				{"B1 children", b1.Claim(model.Killed, model.Children), model.ExactCount(2)},
				{"Ob193 injured, min above max", ob193.Claim(model.Injured, model.Total), model.RangeCount(2, 3)},
			}
		}},
		{"Somalia", 111, func(t *testing.T, byID map[string]*model.Strike) []check {
			s1 := &strike(t, byID, "tbij:SOM001").Reports[0]
			return []check{
				{"SOM001 date", s1.Date.String(), "2007-01-07"},
				{"SOM001 killed", s1.Claim(model.Killed, model.Total), model.RangeCount(8, 10)},
				{"SOM001 civilians", s1.Claim(model.Killed, model.Civilians), model.ExactCount(2)},
				{"SOM001 children", s1.Claim(model.Killed, model.Children), model.RangeCount(0, 1)},
				{"SOM001 injured", s1.Claim(model.Injured, model.Total), model.RangeCount(1, 3)},
				{"SOM001 strike type", note(s1, "Strike type"), "Air assault - AC-130 Gunship"},
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			byID, ss, format, _ := realStrikes(t, file, Options{Sheet: tt.sheet})
			if format != FormatTBIJ || len(ss) != tt.strikes {
				t.Fatalf("read %d strikes as %s, want %d as %s", len(ss), format, tt.strikes, FormatTBIJ)
			}
			for _, s := range ss {
				if s.Reports[0].Dataset != "TBIJ "+tt.sheet || !s.Date.Known() {
					t.Fatalf("%s: dataset %q, date %v", s.ID, s.Reports[0].Dataset, s.Date)
				}
			}
			checkAll(t, tt.checks(t, byID))
		})
	}
}

func TestRealYemenDataProject(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	byID, ss, format, notices := realStrikes(t, "yemen-data-project/raw_yemen_data.csv", Options{})
	if format != FormatYDP || len(ss) != 22485 {
		t.Fatalf("read %d strikes as %s, want 22,485 as %s", len(ss), format, FormatYDP)
	}
	killed, noArea, open := 0, 0, 0
	for _, s := range ss {
		r := &s.Reports[0]
		if c := r.Claim(model.Killed, model.Civilians); c.Kind == model.AtLeast {
			killed++
		}
		if r.Place.Precision == model.PlaceDistrict {
			noArea++
		}
		if strings.Contains(note(r, "strikes"), "; kept as at least") {
			open++
		}
	}
	one := &strike(t, byID, "ydp:1").Reports[0]
	three := &strike(t, byID, "ydp:3").Reports[0]
	last := strike(t, byID, "ydp:22486")
	checkAll(t, []check{
		{"raids with civilians killed", killed, 1458},
		{"raids without an area (empty, - or Unknown)", noArea, 7543},
		{"raids of N+ air raids", open, 221},
		{"ydp:1 date", one.Date.String(), "2015-03-26"},
		{"ydp:1 target", one.PlaceDetail, "Al-Daylami Airbase"},
		{"ydp:1 air raids", one.Strikes, model.RangeCount(1, 2)},
		{"ydp:3 civilians killed", three.Claim(model.Killed, model.Civilians), model.AtLeastCount(21)},
		{"ydp:3 children killed", three.Claim(model.Killed, model.Children), model.AtLeastCount(14)},
		{"ydp:3 women killed", three.Claim(model.Killed, model.Women), model.AtLeastCount(3)},
		{"ydp:3 civilians injured", three.Claim(model.Injured, model.Civilians), model.AtLeastCount(8)},
		{"ydp:3 children injured", three.Claim(model.Injured, model.Children), model.AtLeastCount(7)},
		{"ydp:1018 Windows-1252", strike(t, byID, "ydp:1018").Place.Name, "Al-Mejahashah, Rukaf, Bani Sa\u2019ad mountains"},
		{"ydp:7127 2,2 kept", strings.Contains(note(&strike(t, byID, "ydp:7127").Reports[0], "strikes"), `"2,2"`), true},
		{"the last raid", last.Date.String() + " " + last.Place.Admin1 + " " + last.Reports[0].Strikes.String(), "2020-12-31 Marib 1–4"},
		{"the attacker", one.Actors[0].Key, "saudi-led-coalition"},
	})
	if len(notices) != 2 || !strings.Contains(notices[0], "line 1019 is the first that is not") || !strings.Contains(notices[1], ":7128: ") {
		t.Errorf("notices: %q", notices)
	}
}

// spreadsheetCopy writes a copy of a CSV as a spreadsheet saves it:
// each column of ISO dates (every value YYYY-MM-DD) rewritten by
// rewrite, and, when cp1252, its text as Windows-1252.
func spreadsheetCopy(t *testing.T, rel string, rewrite func(y, m, d string) string, cp1252 bool) string {
	t.Helper()
	f, err := os.Open(realData(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for i, v := range rec {
			if len(v) == 10 && v[4] == '-' && v[7] == '-' {
				if _, msg := parseISODay(v); msg == "" && !strings.HasPrefix(recs[0][i], "source") {
					rec[i] = rewrite(v[:4], v[5:7], v[8:])
				}
			}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	out := b.String()
	if cp1252 {
		out = toCP1252(out)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(rel))
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// toCP1252 encodes the Latin-1 and Windows-1252 letters of s as single
// bytes and what it cannot encode as "?".
func toCP1252(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		case r == '\u2019':
			b.WriteByte(0x92)
		case r == '\u2013':
			b.WriteByte(0x96)
		default: // not in Windows-1252, as a spreadsheet would save it
			b.WriteByte('?')
		}
	}
	return b.String()
}

// TestRealAfterSpreadsheet: the real UCDP and ACLED files after a
// spreadsheet has saved them (dates month first with a time and AM/PM,
// or day first with a time) read as the originals do.
func TestRealAfterSpreadsheet(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	trim := func(s string) string { return strings.TrimLeft(s, "0") }
	tests := []struct {
		rel     string
		rewrite func(y, m, d string) string
		cp1252  bool
	}{
		{"ucdp-ged/syria-2016-2019.csv", func(y, m, d string) string { return trim(m) + "/" + trim(d) + "/" + y + " 12:00:00 AM" }, true},
		{"ucdp-ged/syria-2016-2019.csv", func(y, m, d string) string { return d + "/" + m + "/" + y + " 00:00" }, false},
		{"acled/argentina-2022-06.csv", func(y, m, d string) string { return d + "/" + m + "/" + y + " 00:00:00" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			want, wantFormat := readAll(t, FormatAuto, realData(t, tt.rel), Options{})
			got, format := readAll(t, FormatAuto, spreadsheetCopy(t, tt.rel, tt.rewrite, tt.cp1252), Options{})
			if format != wantFormat || len(got) != len(want) {
				t.Fatalf("read %d strikes as %s, want %d as %s", len(got), format, len(want), wantFormat)
			}
			for i := range want {
				if got[i].ID != want[i].ID || got[i].Date != want[i].Date || !tt.cp1252 && got[i].Place.Name != want[i].Place.Name {
					t.Fatalf("%s: %v %q, want %s %v %q", got[i].ID, got[i].Date, got[i].Place.Name, want[i].ID, want[i].Date, want[i].Place.Name)
				}
			}
		})
	}
}
