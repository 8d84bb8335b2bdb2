package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// Fixtures of the project's own making for every format strikes knows by
// its header, each with the mess its publisher's files carry.

// readFixture imports a fixture with auto detection, collecting the
// notices, and indexes the strikes by ID.
func readFixture(t *testing.T, name string, opts Options) (map[string]*model.Strike, []*model.Strike, string, []string) {
	t.Helper()
	var notices []string
	opts.Notify = func(s string) { notices = append(notices, s) }
	ss, format := readAll(t, FormatAuto, fixture(name), opts)
	byID := map[string]*model.Strike{}
	for _, s := range ss {
		byID[s.ID] = s
	}
	checkJSONRoundTrip(t, ss)
	return byID, ss, format, notices
}

// check compares got and want, naming what.
type check struct {
	what      string
	got, want any
}

func checkAll(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
}

func note(r *model.Report, key string) string {
	for _, n := range r.Notes {
		if n.Key == key {
			return n.Value
		}
	}
	return ""
}

func strike(t *testing.T, byID map[string]*model.Strike, id string) *model.Strike {
	t.Helper()
	s := byID[id]
	if s == nil {
		t.Fatalf("no strike %s", id)
	}
	return s
}

func TestFixtureYemenDataProject(t *testing.T) {
	byID, ss, format, notices := readFixture(t, "ydp.csv", Options{})
	if format != FormatYDP || len(ss) != 7 {
		t.Fatalf("read %d strikes as %s, want 7 as %s", len(ss), format, FormatYDP)
	}
	three := &strike(t, byID, "ydp:3").Reports[0]
	sana := &strike(t, byID, "ydp:1018").Reports[0]
	bajil := &strike(t, byID, "ydp:1187").Reports[0]
	nihm := &strike(t, byID, "ydp:7127").Reports[0]
	syn := &strike(t, byID, "ydp:90001").Reports[0]
	camp := &strike(t, byID, "ydp:22482").Reports[0]
	checkAll(t, []check{
		{"date, day first", three.Date.Start.String(), "2015-03-26"},
		{"second date", sana.Date.Start.String(), "2015-05-09"},
		{"source", three.Source + " / " + three.SourceKind.String(), "Yemen Data Project / dataset"},
		{"attacker", three.Actors[0].Key + " " + three.Actors[0].Role.String(), "saudi-led-coalition attacker"},
		{"attacker implied", strings.Contains(note(three, "attacker"), "implied by the dataset's scope"), true},
		{"civilians killed, its lowest figure", three.Claim(model.Killed, model.Civilians), model.AtLeastCount(21)},
		{"women killed", three.Claim(model.Killed, model.Women), model.AtLeastCount(3)},
		{"children killed", three.Claim(model.Killed, model.Children), model.AtLeastCount(14)},
		{"civilians injured", three.Claim(model.Injured, model.Civilians), model.AtLeastCount(8)},
		{"women injured: a reported zero", three.Claim(model.Injured, model.Women), model.ExactCount(0)},
		{"children injured", three.Claim(model.Injured, model.Children), model.AtLeastCount(7)},
		{"no total: never added up", three.Claim(model.Killed, model.Total).Reported(), false},
		{"casualties kept as a note", note(three, "civilian casualties (killed and injured, lowest reported)"), "29"},
		{"air raids", three.Strikes, model.RangeCount(1, 2)},
		{"place", three.Place.Name + " / " + three.Place.Admin2 + " / " + three.Place.Admin1, "Al-Sonblah Neighbourhood / Bani Al-Harith / Capital"},
		{"target", three.PlaceDetail, "Residential Area"},
		{"Windows-1252 text", sana.Place.Name, "Al-Mejahashah, Rukaf, Bani Sa\u2019ad mountains"},
		{"target Unknown: none", sana.PlaceDetail, ""},
		{"10+ air raids", bajil.Strikes, model.AtLeastCount(1)},
		{"10+ quoted", strings.Contains(note(bajil, "strikes"), "Max Air Raids gives 10+"), true},
		{"area -: the district", bajil.Place.Precision.String() + " " + bajil.Place.Key, "district district:bajil"},
		{"unreadable 2,2 kept as a note", strings.Contains(note(nihm, "strikes"), `"2,2"`), true},
		{"unreadable: the min alone", nihm.Strikes, model.AtLeastCount(1)},
		{"max -: not reported", syn.Strikes, model.AtLeastCount(1)},
		{"empty injured cell: not reported", syn.Claim(model.Injured, model.Women).Reported(), false},
		{"blank-named column with data", note(syn, "#21"), "5"},
		{"blank-named columns", note(camp, "#23"), "Raymat Humayd Military Camp"},
		{"unknown time: no note", note(syn, "confirmed time"), ""},
		{"time of day", note(camp, "time of day"), "Early-Morning"},
	})
	if len(notices) != 2 || !strings.Contains(notices[0], "line 4 is the first") || !strings.Contains(notices[1], `ydp.csv:6: column "Max Air Raids": "2,2"`) {
		t.Errorf("notices: %q", notices)
	}
}

func TestFixtureTBIJCSV(t *testing.T) {
	byID, ss, format, notices := readFixture(t, "tbij-pakistan.csv", Options{})
	if format != FormatTBIJ || len(ss) != 4 {
		t.Fatalf("read %d strikes as %s, want 4 as %s (blank rows skipped)", len(ss), format, FormatTBIJ)
	}
	b1 := &strike(t, byID, "tbij:B1").Reports[0]
	ob193 := &strike(t, byID, "tbij:Ob193").Reports[0]
	syn := strike(t, byID, "tbij:SYN9")
	checkAll(t, []check{
		{"dataset by country", b1.Dataset, "TBIJ Pakistan"},
		{"date, month first", b1.Date.Start.String(), "2004-06-17"},
		{"killed, a range across sources", b1.Claim(model.Killed, model.Total), model.RangeCount(6, 8)},
		{"civilians", b1.Claim(model.Killed, model.Civilians), model.ExactCount(2)},
		{"injured", b1.Claim(model.Injured, model.Total), model.ExactCount(1)},
		{"attacker", b1.Actors[0].Key, "united-states"},
		{"coordinates", b1.Place.Lat, 32.298231},
		{"place", b1.Place.Name + " / " + b1.Place.Admin2 + " / " + b1.Place.Country, "Wana / South Waziristan / Pakistan"},
		{"urls, the unnamed column too", len(b1.URLs), 2},
		{"min above max kept as the span", ob193.Claim(model.Injured, model.Total), model.RangeCount(2, 3)},
		{"min above max quoted", strings.Contains(note(ob193, "injured total"), "Minimum reported injured gives 3 and Maximum reported injured gives 2"), true},
		{"derived columns left out", note(b1, "Most Specific Location") + note(b1, "#13") + note(b1, "Index"), ""},
		{"president a note", note(b1, "President"), "Bush"},
		{"Unknown, -: not reported", syn.Reports[0].Claim(model.Killed, model.Total).Reported() || syn.Reports[0].Claim(model.Killed, model.Civilians).Reported(), false},
		{"zero stays zero", syn.Reports[0].Claim(model.Killed, model.Children), model.ExactCount(0)},
		{"#VALUE! and Unknown coordinates", syn.Place.HasCoords, false},
		{"unknown village: the district", syn.Place.Precision.String() + " " + syn.Place.Key, "district district:north waziristan"},
	})
	if len(notices) != 0 {
		t.Errorf("notices: %q", notices)
	}
}

func TestFixtureNewAmerica(t *testing.T) {
	_, ss, format, _ := readFixture(t, "newamerica.csv", Options{})
	if format != FormatNewAmerica || len(ss) != 3 {
		t.Fatalf("read %d strikes as %s, want 3 as %s", len(ss), format, FormatNewAmerica)
	}
	a, b, c := &ss[0].Reports[0], &ss[1].Reports[0], &ss[2].Reports[0]
	checkAll(t, []check{
		{"id from date and place", ss[0].ID, "newamerica:2010-09-08/synthetic-khel/north-waziristan"},
		{"the same day and place again", ss[1].ID, "newamerica:2010-09-08/synthetic-khel/north-waziristan-2"},
		{"no village", ss[2].ID, "newamerica:2010-09-15/-/south-waziristan"},
		{"militants", a.Claim(model.Killed, model.Combatants), model.RangeCount(4, 6)},
		{"civilians", a.Claim(model.Killed, model.Civilians), model.RangeCount(0, 1)},
		{"total", a.Claim(model.Killed, model.Total), model.RangeCount(4, 7)},
		{"unknown", b.Claim(model.Killed, model.UnknownStatus), model.RangeCount(1, 3)},
		{"unknown not given", a.Claim(model.Killed, model.UnknownStatus).Reported(), false},
		{"Unknown militants", c.Claim(model.Killed, model.Combatants).Reported(), false},
		{"seven Source columns: three sources", len(a.Cites), 3},
		{"a source address cited by its host", a.Cites[1].Name + " " + a.Cites[1].URL, "agency.example https://www.agency.example/a2"},
		{"a source by name", a.Cites[2].Name, "Synthetic Daily"},
		{"coordinates", a.Place.Lon, 70.15},
		{"prose and derived columns left out", note(a, "target_description") + note(a, "civilians_avg") + note(a, "total_lowhigh"), ""},
		{"target kept as a note", note(a, "target_organization_name"), "Synthetic Group"},
		{"attacker", a.Actors[0].Key, "united-states"},
		{"M/D/Y in an ISO column", c.Date.Start.String(), "2010-09-15"},
	})
}

func TestFixtureAirwarsTable(t *testing.T) {
	byID, ss, format, _ := readFixture(t, "airwars-gaza.csv", Options{})
	if format != FormatAirwarsTable || len(ss) != 4 {
		t.Fatalf("read %d strikes as %s, want 4 as %s", len(ss), format, FormatAirwarsTable)
	}
	a := strike(t, byID, "airwars:ispt0019a")
	b := &strike(t, byID, "airwars:ispt0002").Reports[0]
	c := &strike(t, byID, "airwars:ispt0019").Reports[0]
	d := &strike(t, byID, "airwars:syn0001").Reports[0]
	checkAll(t, []check{
		{"date october-7-2023", a.Date.Start.String(), "2023-10-07"},
		{"grading", a.Grading, "Fair"},
		{"status", a.Status, "Likely strike"},
		{"source", a.Reports[0].Source + " / " + a.Reports[0].SourceKind.String(), "Airwars / monitoring group"},
		{"suspected belligerent", a.Reports[0].Actors[0].Key + " " + a.Reports[0].Actors[0].Certainty.String(), "israel suspected"},
		{"one man", a.Reports[0].Claim(model.Killed, model.Men), model.ExactCount(1)},
		{"no children named", a.Reports[0].Claim(model.Killed, model.Children).Reported(), false},
		{"the breakdown kept", note(&a.Reports[0], "victims"), "(1 man1 journalist)"},
		{"3 – 7", b.Claim(model.Killed, model.Civilians), model.RangeCount(3, 7)},
		{"children", b.Claim(model.Killed, model.Children), model.ExactCount(2)},
		{"women", b.Claim(model.Killed, model.Women), model.ExactCount(3)},
		{"men, not the men in women", b.Claim(model.Killed, model.Men), model.ExactCount(1)},
		{"injured", b.Claim(model.Injured, model.Civilians), model.ExactCount(4)},
		{"two suspected belligerents", len(c.Actors), 2},
		{"prose left out", note(c, "Airwars_assessment"), ""},
		{"strike type a note", note(c, "Strike type"), "Airstrike and/or Artillery"},
		{"Unknown civilians: not reported", d.Claim(model.Killed, model.Civilians).Reported(), false},
		{"known belligerent", d.Actors[0].Key + " " + d.Actors[0].Certainty.String(), "united-states known"},
		{"a range of days", d.Date.Start.String() + ".." + d.Date.End.String() + " " + d.Date.Precision.String(), "2020-03-15..2020-03-17 range"},
	})
}

func TestFixtureUCDPSpreadsheet(t *testing.T) {
	byID, ss, format, notices := readFixture(t, "ucdp-22-excel.csv", Options{})
	if format != FormatUCDP || len(ss) != 3 {
		t.Fatalf("read %d strikes as %s, want 3 as %s", len(ss), format, FormatUCDP)
	}
	a := strike(t, byID, "ucdp:900101")
	b := strike(t, byID, "ucdp:900102")
	c := strike(t, byID, "ucdp:900103")
	checkAll(t, []check{
		{"in file order", ss[0].ID, "ucdp:900101"},
		{"1/5/2016: month first, as 1/22/2016 further on shows", a.Date.Start.String(), "2016-01-05"},
		{"a range", b.Date.Start.String() + ".." + b.Date.End.String(), "2016-01-22..2016-01-23"},
		{"relid among the codes", strings.Join(a.Codes, " "), "SYR-2016-1-299-101"},
		{"where_description", a.Reports[0].PlaceDetail, "Ma\u2019arrat al-Nu\u2019man town, Idlib"},
		{"Windows-1252 text", a.Place.Name, "Ma\u2019arrat al-Nu\u2019man town"},
		{"estimate", a.Reports[0].Claim(model.Killed, model.Total), model.EstimateCount(3, 3, 5)},
		{"unordered estimate kept as the span", c.Reports[0].Claim(model.Killed, model.Total), model.EstimateCount(2, 4, 4)},
		{"Clear is no note", note(&a.Reports[0], "code_status"), ""},
	})
	if len(notices) != 1 || !strings.Contains(notices[0], "Windows-1252") {
		t.Errorf("notices: %q", notices)
	}
}

func TestFixtureUCDPCandidate(t *testing.T) {
	byID, ss, format, _ := readFixture(t, "GEDEvent_v25_0_3.csv", Options{})
	if format != FormatUCDPCandidate || len(ss) != 2 {
		t.Fatalf("read %d strikes as %s, want 2 as %s", len(ss), format, FormatUCDPCandidate)
	}
	r := &strike(t, byID, "ucdp-candidate:900202").Reports[0]
	checkAll(t, []check{
		{"dataset", r.Dataset + " / " + r.Source, "UCDP Candidate / UCDP Candidate"},
		{"code_status", note(r, "code_status"), "Check dyad"},
	})
	// Detected by a code_status that is not Clear when the name says nothing.
	b, err := os.ReadFile(fixture("GEDEvent_v25_0_3.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := Open(FormatAuto, "events.csv", strings.NewReader(string(b)), Options{})
	if err != nil || rd.Format() != FormatUCDPCandidate {
		t.Errorf("events.csv read as %v (%v), want %s", rd, err, FormatUCDPCandidate)
	}
	clear := strings.ReplaceAll(string(b), "Check dyad", "Clear")
	if rd, err := Open(FormatAuto, "events.csv", strings.NewReader(clear), Options{}); err != nil || rd.Format() != FormatUCDP {
		t.Errorf("a file of clear events read as %v (%v), want %s", rd, err, FormatUCDP)
	}
}

func TestFixtureACLEDLayouts(t *testing.T) {
	byID, ss, format, _ := readFixture(t, "acled-2018.csv", Options{})
	if format != FormatACLED || len(ss) != 2 {
		t.Fatalf("read %d strikes as %s, want 2 as %s", len(ss), format, FormatACLED)
	}
	a := strike(t, byID, "acled:SYN0101")
	b := strike(t, byID, "acled:SYN0102")
	checkAll(t, []check{
		{"14 August 2018", a.Date.Start.String(), "2018-08-14"},
		{"a week", b.Date.Precision.String(), "week"},
		{"ally_actor_1 is a side", len(b.Reports[0].Actors), 3},
		{"at least", a.Reports[0].Claim(model.Killed, model.Total), model.AtLeastCount(2)},
	})
	byID, ss, _, _ = readFixture(t, "acled-excel.csv", Options{})
	plain, _, _, _ := readFixture(t, "acled.csv", Options{})
	if len(ss) != 3 {
		t.Fatalf("read %d strikes from acled-excel.csv", len(ss))
	}
	for id, s := range plain {
		if got := strike(t, byID, id); got.Date != s.Date {
			t.Errorf("%s: a spreadsheet's 30/06/2022 00:00:00 read as %v, the ISO date as %v", id, got.Date, s.Date)
		}
	}
}

// TestFixtureWorkbook reads a workbook of the project's making in TBIJ's
// layout: sheets per country and a derived one, header names with line
// breaks and trailing spaces, a formula's cached value, #VALUE!, a date
// as a serial number, a Strike ID given twice, blank rows below the data.
func TestFixtureWorkbook(t *testing.T) {
	path := writeTBIJWorkbook(t)
	var notices []string
	opts := Options{Notify: func(s string) { notices = append(notices, s) }}
	if _, err := Open(FormatAuto, path, mustOpen(t, path), opts); err == nil ||
		!strings.Contains(err.Error(), `has 3 sheets that hold a strike table: "Yemen", "Somalia", "All"; name the one to import with --sheet`) {
		t.Errorf("a workbook of several strike sheets: %v", err)
	}
	if _, err := Open(FormatAuto, path, mustOpen(t, path), Options{Sheet: "Iraq"}); err == nil || !strings.Contains(err.Error(), `has no sheet "Iraq"; its sheets are "Yemen", "Somalia", "All", "Notes"`) {
		t.Errorf("a sheet that is not there: %v", err)
	}
	opts.Sheet = "Yemen"
	ss, format := readAll(t, FormatAuto, path, opts)
	if format != FormatTBIJ || len(ss) != 3 {
		t.Fatalf("read %d strikes as %s, want 3 as %s (the blank rows skipped)", len(ss), format, FormatTBIJ)
	}
	checkJSONRoundTrip(t, ss)
	a, b, c := &ss[0].Reports[0], &ss[1].Reports[0], &ss[2].Reports[0]
	checkAll(t, []check{
		{"id", ss[0].ID, "tbij:YEM002"},
		{"dataset by sheet", a.Dataset, "TBIJ Yemen"},
		{"text date, month first", a.Date.Start.String(), "2009-12-17"},
		{"serial date", b.Date.Start.String(), "2011-10-14"},
		{"a repeated Strike ID kept", ss[2].ID, "tbij:YEM002-2"},
		{"repeat said", strings.Contains(note(c, "id"), "gives tbij:YEM002 to an earlier row too"), true},
		{"killed", a.Claim(model.Killed, model.Total), model.RangeCount(55, 58)},
		{"children", a.Claim(model.Killed, model.Children), model.RangeCount(21, 22)},
		{"a formula's cached value", a.Claim(model.Killed, model.Civilians), model.ExactCount(44)},
		{"#VALUE!: not reported", b.Claim(model.Killed, model.Civilians).Reported(), false},
		{"header with a line break", note(a, "Confirmed/possible US attack?"), "Confirmed"},
		{"1.0 stored: 1", note(a, "Drone strike"), "0"},
		{"strikes", a.Strikes, model.ExactCount(1)},
		{"coordinates", a.Place.Lat, 13.974467},
	})
}

func mustOpen(t *testing.T, path string) io.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// firstErr reads every strike of text and returns the first error.
func firstErr(name, text string, opts Options) error {
	r, err := Open(FormatAuto, name, strings.NewReader(text), opts)
	if err != nil {
		return err
	}
	for {
		if _, err := r.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// TestDocsMap: the map in docs/IMPORTING.md parses.
func TestDocsMap(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "IMPORTING.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```toml\n")
	text, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no TOML block in docs/IMPORTING.md")
	}
	if _, err := ParseMapping("IMPORTING.md", text); err != nil {
		t.Errorf("the map in docs/IMPORTING.md does not parse: %v", err)
	}
}

// TestTimeNote: a time other than midnight that a spreadsheet kept is a
// note, in every reader.
func TestTimeNote(t *testing.T) {
	text := ucdpText(t, map[string]string{"date_start": "1/13/2016 3:30 PM", "date_end": "1/13/2016 3:30 PM"})
	ss, err := readAllText(FormatUCDP, text)
	if err != nil || len(ss) != 1 || note(&ss[0].Reports[0], "time") != "3:30 PM" || ss[0].Date.Start.String() != "2016-01-13" {
		t.Errorf("UCDP: %v %v", err, ss)
	}
	ss, err = readAllText(FormatACLED, acledText(t, "event_date", "30/06/2022 10:15:00"))
	if err != nil || len(ss) == 0 || note(&ss[0].Reports[0], "time") != "10:15:00" {
		t.Errorf("ACLED: %v %v", err, ss)
	}
}

func readAllText(format, text string) ([]*model.Strike, error) {
	r, err := Open(format, "t.csv", strings.NewReader(text), Options{})
	if err != nil {
		return nil, err
	}
	var out []*model.Strike
	for {
		s, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

// TestByteOrderMark: a UTF-8 file that starts with a byte order mark
// reads as the same file without.
func TestByteOrderMark(t *testing.T) {
	b, err := os.ReadFile(fixture("tbij-pakistan.csv"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err1 := readAllText(FormatAuto, string(b))
	bom, err2 := readAllText(FormatAuto, "\xef\xbb\xbf"+string(b))
	if err1 != nil || err2 != nil || len(bom) != len(plain) || len(bom) == 0 || bom[0].ID != plain[0].ID || bom[0].Date != plain[0].Date {
		t.Errorf("with a byte order mark: %v %v, %d and %d strikes", err1, err2, len(bom), len(plain))
	}
}
