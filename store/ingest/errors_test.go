package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func bufioReader(r io.Reader) *bufio.Reader {
	br, _ := skipBOM(r)
	return br
}

// ucdpText is the UCDP fixture's header and first row with the named
// columns changed, then any extra lines.
func ucdpText(t *testing.T, set map[string]string, extra ...string) string {
	t.Helper()
	b, err := os.ReadFile(fixture("ucdp.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, row := recs[0], recs[1]
	for k, v := range set {
		row[indexOf(header, k)] = v
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	_ = w.Write(row)
	w.Flush()
	for _, e := range extra {
		buf.WriteString(e + "\n")
	}
	return buf.String()
}

// firstError imports text and returns the first error's message.
func firstError(name, format, text string, opts Options) string {
	r, err := Open(format, name, strings.NewReader(text), opts)
	if err != nil {
		return err.Error()
	}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			return err.Error()
		}
	}
}

func TestMalformed(t *testing.T) {
	row := ucdpText(t, nil)
	header := row[:strings.IndexByte(row, '\n')]
	firstRow := strings.TrimSuffix(row[len(header)+1:], "\n")
	logMap := Options{Map: fixture("log.toml")}
	logHeader := "incident,date,town,governorate,reporter,kind,via,attacker,killed,militants killed,civilians killed,children,women,injured,weapon,text\n"
	tests := []struct {
		name, file, format, text string
		opts                     Options
		want                     string
	}{
		{"negative count", "syria.csv", FormatAuto, ucdpText(t, map[string]string{"deaths_a": "-3"}), Options{},
			`syria.csv:2: column "deaths_a": "-3" is a negative count`},
		{"month 13", "syria.csv", FormatAuto, ucdpText(t, map[string]string{"date_start": "2016-13-01"}), Options{},
			`syria.csv:2: column "date_start": "2016-13-01" is not a date: there is no month 13`},
		{"no such day", "syria.csv", FormatUCDP, ucdpText(t, map[string]string{"date_end": "2015-02-29"}), Options{},
			`syria.csv:2: column "date_end": "2015-02-29" is not a date: month 2 has no day 29`},
		{"not a number", "syria.csv", FormatUCDP, ucdpText(t, map[string]string{"best": "four"}), Options{},
			`syria.csv:2: column "best": "four" is not a whole number`},
		{"ends before it starts", "syria.csv", FormatUCDP, ucdpText(t, map[string]string{"date_end": "2015-12-31"}), Options{},
			`syria.csv:2: column "date_end": "2015-12-31" is before date_start "2016-01-01"`},
		{"missing column", "syria.csv", FormatUCDP, strings.Replace(header, "deaths_b", "deaths_x", 1) + "\n" + firstRow + "\n", Options{},
			`syria.csv:1: column "deaths_b": is missing from the header; a UCDP GED file needs it`},
		{"too many fields", "syria.csv", FormatAuto, ucdpText(t, nil, firstRow+",extra"), Options{},
			`syria.csv:3: the row has 42 fields but the header has 41; a field containing a comma must be quoted`},
		{"line of a record after a multi-line field", "syria.csv", FormatAuto,
			ucdpText(t, map[string]string{"source_headline": "two\nlines"}, strings.Replace(firstRow, ",2,2,0,0,4,4,4", ",2,2,0,0,4,x,4", 1)), Options{},
			`syria.csv:4: column "best": "x" is not a whole number`},
		{"not UTF-8 after UTF-8", "syria.csv", FormatAuto, ucdpText(t, map[string]string{"where_coordinates": "Teir Ma’aleh"}, strings.Replace(firstRow, "Teir", "T\xe9ir", 1)), Options{},
			`syria.csv:3: column "where_coordinates": is not UTF-8 text, though the lines before it were; save the file as UTF-8`},
		{"not Windows-1252", "syria.csv", FormatAuto, ucdpText(t, map[string]string{"where_coordinates": "T\xe9ir \x81"}), Options{},
			`syria.csv:2: column "where_coordinates": holds a byte that is not Windows-1252 text (the file is not UTF-8, so it is read as Windows-1252); save the file as UTF-8`},
		{"bare quote", "syria.csv", FormatAuto, ucdpText(t, nil, `1,2,3 "x" 4`), Options{},
			`syria.csv:3: line 3 has a quote inside an unquoted field; quote the whole field and double the quote ("")`},
		{"type of violence", "syria.csv", FormatAuto, ucdpText(t, map[string]string{"type_of_violence": "7"}), Options{},
			`syria.csv:2: column "type_of_violence": "7" is not a type of violence (want 1, 2 or 3)`},
		{"unknown header", "notes.csv", FormatAuto, "when,where,what\n1,2,3\n", Options{},
			"notes.csv:1: the header (when, where, what) matches none of the formats I know (jsonl, ucdp-ged, ucdp-candidate, acled, airwars, airwars-table, tbij, yemen-data-project, new-america); for any other table give a map (--map), and `strikes import --draft-map FILE` writes a first draft of one"},
		{"empty file", "empty.csv", FormatAuto, "", Options{},
			`empty.csv:1: the file is empty; a header line is expected`},
		{"unknown format", "x.csv", "xlsx", "a\n", Options{},
			`"xlsx" is not a format I know; use one of auto, jsonl, ucdp-ged, ucdp-candidate, acled, airwars, airwars-table, tbij, yemen-data-project, new-america, csv`},
		{"low above high", "log.csv", FormatCSV, logHeader + "INC-9,01/01/2016,A,B,C,news agency,,,6-3,,,,,,,\n", logMap,
			`log.csv:2: column "killed": "6-3" is not a range: the low figure 6 is above the high figure 3`},
		{"not a count", "log.csv", FormatCSV, logHeader + "INC-9,01/01/2016,A,B,C,news agency,,,many,,,,,,,\n", logMap,
			`log.csv:2: column "killed": "many" is not a count (want N, N-M, at least N, N+, some or B (L-H))`},
		{"date layout", "log.csv", FormatCSV, logHeader + "INC-9,2016-01-01,A,B,C,news agency,,,1,,,,,,,\n", logMap,
			`log.csv:2: column "date": "2016-01-01" is not a date in the layouts 02/01/2006`},
		{"source kind", "log.csv", FormatCSV, logHeader + "INC-9,01/01/2016,A,B,C,blogger,,,1,,,,,,,\n", logMap,
			`log.csv:2: column "kind": "blogger" is not a kind of source`},
		{"unsorted group", "log.csv", FormatCSV, logHeader + "A,01/01/2016,A,B,C,,,,1,,,,,,,\nB,01/01/2016,A,B,C,,,,1,,,,,,,\nA,01/01/2016,A,B,C,,,,1,,,,,,,\n", logMap,
			`log.csv:4: column "incident": this row belongs to a group that ended earlier; the rows are not sorted by incident, so set sorted = false in the mapping`},
		{"acled precision", "acled.csv", FormatAuto, acledText(t, "time_precision", "4"), Options{},
			`acled.csv:2: column "time_precision": "4" is not a time precision (want 1, 2 or 3)`},
		{"airwars accuracy", "syria-incidents.csv", FormatAuto, "code,date,belligerents,civilians_killed_min,civilians_killed_max,geolocation_accuracy\nX1,2016-01-01,,1,2,planet\n", Options{SourcesPath: "none"},
			`syria-incidents.csv:2: column "geolocation_accuracy": "planet" is not a geolocation accuracy I know`},
		{"airwars json", "syria-incidents.csv", FormatAuto, "code,date,belligerents,civilians_killed_min,civilians_killed_max,belligerent_details_json\nX1,2016-01-01,,1,2,[{\n", Options{SourcesPath: "none"},
			`syria-incidents.csv:2: column "belligerent_details_json": is not a JSON list of belligerents: unexpected end of JSON input`},
		{"airwars sources missing", "/nonexistent/syria-incidents.csv", FormatAirwars, "code,date,belligerents,civilians_killed_min,civilians_killed_max\n", Options{},
			`no Airwars sources file beside /nonexistent/syria-incidents.csv (looked for /nonexistent/syria-sources.csv); name it with the sources option, or say "none" to import the incidents without their sources`},
		{"json kind", "s.jsonl", FormatAuto, `{"id":"x","reports":[{"id":"r","source":"s","killed":{"civilians":{"kind":"lots"}}}]}` + "\n", Options{},
			`s.jsonl:1: column "reports[0].killed.civilians": "lots" is not a kind of count (want one of not_reported, unquantified, exact, at_least, range, estimate)`},
		{"json range", "s.jsonl", FormatAuto, "\n" + `{"id":"x","reports":[{"id":"r","source":"s","injured":{"women":{"kind":"range","low":6,"high":3}}}]}` + "\n", Options{},
			`s.jsonl:2: column "reports[0].injured.women": the low figure 6 is above the high figure 3`},
		{"json field", "s.jsonl", FormatAuto, `{"id":"x","colour":"red","reports":[]}`, Options{},
			`s.jsonl:1: column "colour": is not a field of a strike or report`},
		{"json type", "s.jsonl", FormatAuto, `{"id":"x","codes":"RS0232","reports":[]}`, Options{},
			`s.jsonl:1: column "codes": is a JSON string where a list is expected`},
		{"json syntax", "s.jsonl", FormatAuto, `{"id":"x",}`, Options{},
			`s.jsonl:1: is not valid JSON at byte 11: invalid character '}' looking for beginning of object key string`},
		{"json date", "s.jsonl", FormatJSONL, `{"id":"x","date":"2015-12-32","reports":[]}`, Options{},
			`s.jsonl:1: column "date": "2015-12-32" is not a date: month 12 has no day 32`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstError(tt.file, tt.format, tt.text, tt.opts); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func acledText(t *testing.T, col, value string) string {
	b, err := os.ReadFile(fixture("acled.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs[1][indexOf(recs[0], col)] = value
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(recs[:2])
	return buf.String()
}

// TestEncodings: a BOM, CRLF line ends and quoted commas and newlines
// change nothing.
func TestEncodings(t *testing.T) {
	b, err := os.ReadFile(fixture("ucdp.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"plain": string(b),
		"bom":   "\xef\xbb\xbf" + string(b),
		"crlf":  "\xef\xbb\xbf" + strings.ReplaceAll(string(b), "\n", "\r\n"),
	} {
		r, err := Open(FormatAuto, name, strings.NewReader(text), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n := 0
		for {
			s, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n++
			if n == 2 && s.Reports[0].Actors[0].Name != "Ahrar al-Sham" {
				t.Errorf("%s: quoted comma list split wrongly: %+v", name, s.Reports[0].Actors)
			}
		}
		if n != 3 {
			t.Errorf("%s: %d strikes, want 3", name, n)
		}
	}
}

// TestSkipInvalid: bad rows go to Rejects and the rest import.
func TestSkipInvalid(t *testing.T) {
	row := ucdpText(t, nil)
	firstRow := strings.TrimSuffix(row[strings.IndexByte(row, '\n')+1:], "\n")
	text := ucdpText(t, map[string]string{"deaths_a": "-3"}, firstRow+",extra", firstRow)
	var rejected []string
	r, err := Open(FormatAuto, "syria.csv", strings.NewReader(text), Options{SkipInvalid: true, Rejects: func(e *RowError) { rejected = append(rejected, e.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 || len(rejected) != 2 || !strings.HasPrefix(rejected[1], "syria.csv:3: the row has 42 fields") {
		t.Errorf("%d strikes, rejected %q", n, rejected)
	}
}
