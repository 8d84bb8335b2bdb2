package ingest

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

func TestParseMappingCounts(t *testing.T) {
	m, err := ParseMapping("m.toml", `
date_order = "dmy"
encoding = "windows-1252"
sheet = "Yemen"
other_columns = "notes"
unreadable = "note"
[columns]
strikes = { min = "Min Air Raids", max = "Max Air Raids" }
[columns.killed]
civilians = { column = "Fatalities", at_least = true }
total = { low = "low", best = "best", high = "high" }
children = { column = "Victims", pattern = '(\d+) child' }
women = { column = "Women", empty = "zero" }
men = "Men"
[patterns]
"Coordinates" = '\(([^)]*)\)'
[[notes]]
key = "attacker"
value = "implied"
`)
	if err != nil {
		t.Fatal(err)
	}
	k := m.Columns.Killed
	checkAll(t, []check{
		{"strikes", m.Columns.Strikes, CountSpec{Min: "Min Air Raids", Max: "Max Air Raids"}},
		{"at least", k["civilians"], CountSpec{Column: "Fatalities", AtLeast: true}},
		{"estimate", k["total"], CountSpec{Low: "low", Best: "best", High: "high"}},
		{"pattern", k["children"].Pattern, `(\d+) child`},
		{"empty", k["women"].Empty, "zero"},
		{"a plain column", k["men"], Col("Men")},
		{"order", m.DateOrder, "dmy"},
		{"a constant note", m.Notes[0].Value, "implied"},
	})
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[columns.killed]\ncivilians = { column = \"a\", min = \"b\" }", "not several"},
		{"[columns.killed]\ncivilians = { colum = \"a\" }", `"colum" is not part of a count`},
		{"[columns.killed]\ncivilians = { low = \"a\", high = \"b\" }", "an estimate needs low, best and high"},
		{"[columns.killed]\ncivilians = { column = \"a\", empty = \"nothing\" }", `empty = "nothing"`},
		{"[columns.killed]\ncivilians = { column = \"a\", at_least = \"yes\" }", "at_least is true or false"},
		{"[columns.killed]\ncivilians = 3", "a count is a column name or a table"},
		{"[columns.killed]\ncivilians = { column = \"a\", pattern = '(\\d+' }", "is not a regular expression"},
		{"[columns.killed]\nsoldiers = \"a\"", `"soldiers" is not a category`},
		{"date_order = \"ymd\"", `date_order "ymd" is neither dmy`},
		{"encoding = \"ebcdic\"", `encoding "ebcdic" is not one I know`},
		{"other_columns = \"keep\"", `other_columns "keep"`},
		{"unreadable = \"skip\"", `unreadable "skip"`},
		{"[patterns]\n\"a\" = '(a)(b)'", "has 2 groups"},
		{"[[notes]]\nkey = \"k\"\ncolumn = \"c\"\nvalue = \"v\"", "either a column or a value"},
		{"group_by = [\"a\"]\nid_from = [\"b\"]", "id_from is for rows that are not grouped"},
		{"colour = \"red\"", `"colour" is not a mapping setting`},
	}
	for _, tt := range tests {
		_, err := ParseMapping("m.toml", tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.text, err, tt.want)
		}
	}
}

// readMapped reads text through a map given as text.
func readMapped(t *testing.T, mapText, text string, opts Options) ([]*model.Strike, error) {
	t.Helper()
	m, err := ParseMapping("m.toml", mapText)
	if err != nil {
		t.Fatal(err)
	}
	opts.Map, opts.mapping = "m.toml", m
	r, err := Open(FormatCSV, "t.csv", strings.NewReader(text), opts)
	if err != nil {
		return nil, err
	}
	var out []*model.Strike
	for {
		s, err := r.Next()
		if err != nil {
			if err.Error() == "EOF" {
				return out, nil
			}
			return out, err
		}
		out = append(out, s)
	}
}

func TestMappedCounts(t *testing.T) {
	const m = `
[columns]
report_id = "id"
strikes = { min = "smin", max = "smax" }
[columns.killed]
total = { min = "kmin", max = "kmax" }
civilians = { column = "civ", at_least = true }
unknown = { low = "lo", best = "be", high = "hi" }
children = { column = "victims", pattern = '(\d+)\s*child' }
`
	tests := []struct {
		name, row string
		want      map[model.Category]model.Count
		strikes   model.Count
		note      string
	}{
		{"a range", "1,1,2,3,7,,,,,", map[model.Category]model.Count{model.Total: model.RangeCount(3, 7)}, model.RangeCount(1, 2), ""},
		{"min alone: at least", "2,1,,3,,,,,,", map[model.Category]model.Count{model.Total: model.AtLeastCount(3)}, model.AtLeastCount(1), ""},
		{"max alone: 0 to max", "3,,4,,7,,,,,", map[model.Category]model.Count{model.Total: model.RangeCount(0, 7)}, model.RangeCount(0, 4), ""},
		{"equal: exact", "4,2,2,5,5,,,,,", map[model.Category]model.Count{model.Total: model.ExactCount(5)}, model.ExactCount(2), ""},
		{"min above max: the span, quoted", "5,,,9,4,,,,,", map[model.Category]model.Count{model.Total: model.RangeCount(4, 9)}, model.NoCount(), "kmin gives 9 and kmax gives 4: the minimum is above the maximum; kept as the span 4–9"},
		{"10+ as max: at least min", "6,1,10+,,,,,,,", nil, model.AtLeastCount(1), ""},
		{"placeholders: not reported", "7,Unknown,N/A,-,#VALUE!,NA,,,,", nil, model.NoCount(), ""},
		{"lowest figure: at least", "8,,,,,4,,,,", map[model.Category]model.Count{model.Civilians: model.AtLeastCount(4)}, model.NoCount(), ""},
		{"lowest figure 0: a reported zero", "9,,,,,0,,,,", map[model.Category]model.Count{model.Civilians: model.ExactCount(0)}, model.NoCount(), ""},
		{"an estimate", "12,,,,,,1,2,5,", map[model.Category]model.Count{model.UnknownStatus: model.EstimateCount(1, 2, 5)}, model.NoCount(), ""},
		{"a pattern", "13,,,,,,,,,(2 children 3 women)", map[model.Category]model.Count{model.Children: model.ExactCount(2)}, model.NoCount(), ""},
		{"a pattern that does not match: none", "14,,,,,,,,,(1 man)", nil, model.NoCount(), ""},
		{"3 – 7 in one cell", "15,,,,,3 – 7,,,,", map[model.Category]model.Count{model.Civilians: model.RangeCount(3, 7)}, model.NoCount(), ""},
		{"12—24, another dash", "16,,,,,12—24,,,,", map[model.Category]model.Count{model.Civilians: model.RangeCount(12, 24)}, model.NoCount(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := readMapped(t, m, "id,smin,smax,kmin,kmax,civ,lo,be,hi,victims\n"+tt.row+"\n", Options{})
			if err != nil || len(ss) != 1 {
				t.Fatalf("%v (%d strikes)", err, len(ss))
			}
			r := &ss[0].Reports[0]
			for _, c := range model.Categories {
				if got := r.Claim(model.Killed, c); got != tt.want[c] {
					t.Errorf("killed %s: got %v, want %v", c, got, tt.want[c])
				}
			}
			if r.Strikes != tt.strikes {
				t.Errorf("strikes: got %v, want %v", r.Strikes, tt.strikes)
			}
			if got := note(r, "killed total"); got != tt.note {
				t.Errorf("note: got %q, want %q", got, tt.note)
			}
		})
	}
}

func TestMappedEmptyZero(t *testing.T) {
	const m = "[columns.killed]\nwomen = { column = \"women\", empty = \"zero\" }\n"
	ss, err := readMapped(t, m, "women,x\n,a\n-,b\n2,c\n", Options{})
	if err != nil || len(ss) != 3 {
		t.Fatalf("%v (%d strikes)", err, len(ss))
	}
	for i, want := range []model.Count{model.ExactCount(0), model.NoCount(), model.ExactCount(2)} {
		if got := ss[i].Reports[0].Claim(model.Killed, model.Women); got != want {
			t.Errorf("row %d: got %v, want %v", i+1, got, want)
		}
	}
}

func TestMappedColumns(t *testing.T) {
	const m = `
id_prefix = "x"
not_reported = ["n.k."]
other_columns = "notes"
ignore = ["Story"]
[columns]
date = "Date"
place = "Village"
admin1 = "Province"
coords = "Lat/Long"
cites = ["Source"]
known_attackers = ["Known"]
suspected_attackers = ["Suspected"]
[constants]
place_precision = "auto"
source = "My log"
source_kind = "dataset"
`
	text := "Date,Village,Province,Lat/Long,Source,Source,Known,Suspected,Story,,Extra\n" +
		"14 August 2020,Kafr Nabl,Idlib,\"35.61, 36.56\",Synthetic Daily,https://www.news.example/1,,Russian Military,synthetic prose,0,n.k.\n" +
		"2020-08-15,n.k.,Idlib,,,,US forces,,,,\n"
	ss, err := readMapped(t, m, text, Options{})
	if err != nil || len(ss) != 2 {
		t.Fatalf("%v (%d strikes)", err, len(ss))
	}
	a, b := &ss[0].Reports[0], &ss[1].Reports[0]
	checkAll(t, []check{
		{"a date with a month name", a.Date.Start.String(), "2020-08-14"},
		{"row IDs", ss[0].ID + " " + ss[1].ID, "x:row-1 x:row-2"},
		{"coordinates in one cell", a.Place.Lat, 35.61},
		{"the same name on two columns: both sources", len(a.Cites), 2},
		{"suspected", a.Actors[0].Certainty, model.Suspected},
		{"known", b.Actors[0].Certainty, model.Known},
		{"prose ignored", note(a, "Story"), ""},
		{"a blank-named column with data", note(a, "#10"), "0"},
		{"not_reported everywhere", note(a, "Extra") + b.Place.Name, "Idlib"},
		{"auto precision", b.Place.Precision.String() + " " + b.Place.Key, "province province:idlib"},
		{"source constant", a.Source + " " + a.SourceKind.String(), "My log dataset"},
	})
}

func TestMappedHeaderNames(t *testing.T) {
	// A map names columns as they read after trimming and joining lines.
	const m = `
[columns]
report_id = "Strike ID"
date = "Modified Date when Applicable"
cites = ["Source#2"]
urls = ["#5"]
`
	text := "Strike ID ,\"Modified Date \nwhen Applicable\",Source,Source,\n" +
		"A1,2020-01-02,first,second,https://x.example/a\n"
	ss, err := readMapped(t, m, text, Options{})
	if err != nil || len(ss) != 1 {
		t.Fatalf("%v (%d)", err, len(ss))
	}
	r := &ss[0].Reports[0]
	checkAll(t, []check{
		{"a trailing space", r.ID, "csv:A1"},
		{"a line break", r.Date.Start.String(), "2020-01-02"},
		{"the second Source", len(r.Cites) == 1 && r.Cites[0].Name == "second", true},
		{"a column by number", len(r.URLs), 1},
	})
	_, err = readMapped(t, "[columns]\nsource = \"Source\"\n", text, Options{})
	if err == nil || !strings.Contains(err.Error(), `t.csv:1: column "Source": names 2 columns; name one of them ("Source#2" is the second)`) {
		t.Errorf("a scalar field on a name of two columns: %v", err)
	}
}

func TestNormHeader(t *testing.T) {
	for in, want := range map[string]string{
		" Confirmed Time":                       "Confirmed Time",
		"Fatalities ":                           "Fatalities",
		"Modified Location \nwhen Applicable":   "Modified Location when Applicable",
		"Counter-\nterrorism, force protection": "Counter-terrorism, force protection",
		"Confirmed/\npossible US strike":        "Confirmed/possible US strike",
		"Lat/Long of Location, Area ":           "Lat/Long of Location, Area",
		"a  b\tc":                               "a b c",
		"":                                      "",
	} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTBIJMap reads the TBIJ fixture through a map a person could write
// (testdata/maps/tbij.toml) and through the built-in reader: the map
// language says everything the built-in one does.
func TestTBIJMap(t *testing.T) {
	builtin, _ := readAll(t, FormatAuto, fixture("tbij-pakistan.csv"), Options{})
	mapped, format := readAll(t, FormatCSV, fixture("tbij-pakistan.csv"), Options{Map: filepath.Join("..", "..", "testdata", "maps", "tbij.toml")})
	if format != FormatCSV {
		t.Errorf("read as %s", format)
	}
	var a, b bytes.Buffer
	for _, s := range builtin {
		_ = EncodeJSON(&a, s)
	}
	for _, s := range mapped {
		_ = EncodeJSON(&b, s)
	}
	if a.String() != b.String() {
		t.Errorf("the map and the built-in reader differ:\n%s\n%s", a.String(), b.String())
	}
}
