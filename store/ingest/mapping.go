package ingest

// A mapping file (a map) tells the csv format how the columns of any table
// become strikes and reports. It is TOML (no YAML library is in go.mod).
// Every row is one report; rows with equal values in the group_by
// columns are one strike. Unknown keys are refused, so a typo is caught.
// `strikes import --draft-map FILE` writes a commented first draft, and
// docs/IMPORTING.md explains each setting with examples.
//
//	dataset       = "Incident log"      # the dataset name on every report
//	id_prefix     = "mylog"             # IDs read "mylog:..." (default: "csv")
//	not_reported  = ["NA", "n/a"]       # cells meaning "not reported", beside the empty cell
//	date_layouts  = ["02/01/2006"]      # Go layouts tried in order; without them every
//	                                    # form strikes knows is read (ISO, 22/01/2014,
//	                                    # 1/22/2014 12:00:00 AM, 14 August 2020, ...)
//	date_order    = "dmy"               # "dmy" or "mdy": the order of 05/02/2014 when the
//	                                    # column's values do not say (default: they must)
//	encoding      = "windows-1252"      # default: UTF-8, or Windows-1252 when not UTF-8
//	sheet         = "Yemen"             # the sheet of a workbook (.xlsx)
//	list_separator = ";"                # splits list cells (attackers, sides, cites, urls, codes)
//	group_by      = ["date", "town"]    # rows with equal values are one strike; none: one per row
//	sorted        = false               # true: rows of a group are adjacent, so the file
//	                                    # streams; false buffers every row (fine for
//	                                    # spreadsheets; the rows must fit in memory)
//	id_from       = ["Date", "Village"] # ungrouped rows without an ID column: the strike ID
//	                                    # is made of these values ("mylog:2010-09-08/datta-khel")
//	other_columns = "notes"             # "notes": every column the map does not name becomes
//	                                    # a note; "ignore" (the default) leaves them out
//	ignore        = ["Description"]     # columns left out even so (prose, derived columns)
//	unreadable    = "note"              # a count or coordinate that cannot be read: "error"
//	                                    # (the default) refuses the row; "note" keeps the cell
//	                                    # as a note and the figure as not reported, and the
//	                                    # import says how many it kept so
//
//	[columns]                 # field = "column name" (lists take several columns)
//	strike_id    = "..."      # default: id_prefix:folded group values ("mylog:2017-04-30/hama/kafrzita"),
//	                          # or the report ID when rows are not grouped
//	report_id    = "..."      # default: strike ID + "/N" (Nth row of the group); ungrouped
//	                          # rows without IDs get "id_prefix:row-N", stable only while
//	                          # the file keeps its order
//	source, source_kind, originator, published, assessment, summary, status, grading,
//	date, date_end, place, place_ar, place_detail, admin1, admin2, country, lat, lon,
//	coords (one "lat, lon" cell), place_precision
//	via, cites, urls, codes, attackers, known_attackers, suspected_attackers, sides = ["col", ...]
//	strikes = COUNT
//	killed  = { civilians = COUNT, children = COUNT, total = COUNT, ... }
//	injured = { civilians = COUNT }
//
//	COUNT is a column name, or a table saying more:
//	  { column = "Killed" }                           the same as "Killed"
//	  { min = "Minimum killed", max = "Maximum killed" }   two columns as one range
//	  { low = "low", best = "best", high = "high" }   an estimate
//	  { column = "Killed", empty = "zero" }           an empty cell is a reported 0 (only
//	                                                  # where the publisher says so)
//	  { column = "Killed", at_least = true }          a positive figure is the publisher's
//	                                                  # lowest: N reads as at least N
//	  { column = "Victims", pattern = '(\d+) child' } the figure is the pattern's group;
//	                                                  # a cell it does not match gives none
//
//	[constants]               # field = fixed value, used where no column is mapped
//	source, source_kind, country, place_precision ("auto": the finest of place,
//	admin2, admin1, country that the row gives), date_precision, certainty (of attackers)
//	via = ["..."], attackers = ["..."]
//
//	[patterns]                # column = a regular expression; the cell's value is its
//	"Coordinates" = '\(([^)]*)\)'  # first group (or the whole match); a cell it does not
//	                          # match is an error
//
//	[[notes]]                 # dataset-specific facts, in order
//	key = "type"
//	column = "Violation_Type" # or value = "..." for the same note on every report
//
// Counts in cells read "15", "3-6", "3 – 7" (any dash), "at least 32",
// "32+", "some" (a figure not given: at least one), or "4 (2-9)" (best
// and range); an empty or not_reported cell, and "Unknown", "NA", "N/A",
// "-", "#VALUE!" and the like, are not reported, never zero. In a min/max
// pair, a min alone is "at least min", a max alone "0 to max", and a min
// above the max is kept as the span of the two with a note quoting them.
// Columns are named as the header names them (spaces and line breaks
// inside a name count as one space); a name on several columns means all
// of them in a list field ("Source" on seven columns is seven sources) and
// "Source#2" the second; "#20" is the 20th column, named or not.
// source_kind is one of model's kinds ("monitoring group", "news agency",
// "dataset", ...), place_precision one of "exact", "neighbourhood",
// "village/town" (or "town", "village"), "city", "district", "province",
// "country", "near a town (≤25 km)" (or "near town": a town's point, the
// event within 25 km of it). Summary must be the user's own words: never map a column of
// copied prose to it.

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/strikes-dev/strikes/model"
)

// Mapping is a parsed mapping file.
type Mapping struct {
	Dataset       string            `toml:"dataset"`
	IDPrefix      string            `toml:"id_prefix"`
	NotReported   []string          `toml:"not_reported"`
	DateLayouts   []string          `toml:"date_layouts"`
	DateOrder     string            `toml:"date_order"`
	Encoding      string            `toml:"encoding"`
	Sheet         string            `toml:"sheet"`
	ListSeparator string            `toml:"list_separator"`
	GroupBy       []string          `toml:"group_by"`
	Sorted        bool              `toml:"sorted"`
	IDFrom        []string          `toml:"id_from"`
	OtherColumns  string            `toml:"other_columns"`
	Ignore        []string          `toml:"ignore"`
	Unreadable    string            `toml:"unreadable"`
	Columns       MapColumns        `toml:"columns"`
	Constants     MapConstants      `toml:"constants"`
	Patterns      map[string]string `toml:"patterns"`
	Notes         []MapNote         `toml:"notes"`

	patterns      map[string]*regexp.Regexp // Patterns, compiled
	countPatterns map[string]*regexp.Regexp // the counts' patterns, compiled
}

// MapColumns names the column of each field.
type MapColumns struct {
	StrikeID           string               `toml:"strike_id"`
	ReportID           string               `toml:"report_id"`
	Source             string               `toml:"source"`
	SourceKind         string               `toml:"source_kind"`
	Originator         string               `toml:"originator"`
	Published          string               `toml:"published"`
	Assessment         string               `toml:"assessment"`
	Summary            string               `toml:"summary"`
	Status             string               `toml:"status"`
	Grading            string               `toml:"grading"`
	Date               string               `toml:"date"`
	DateEnd            string               `toml:"date_end"`
	Place              string               `toml:"place"`
	PlaceAR            string               `toml:"place_ar"`
	PlaceDetail        string               `toml:"place_detail"`
	Admin1             string               `toml:"admin1"`
	Admin2             string               `toml:"admin2"`
	Country            string               `toml:"country"`
	Lat                string               `toml:"lat"`
	Lon                string               `toml:"lon"`
	Coords             string               `toml:"coords"`
	PlacePrecision     string               `toml:"place_precision"`
	Strikes            CountSpec            `toml:"strikes"`
	Via                []string             `toml:"via"`
	Cites              []string             `toml:"cites"`
	URLs               []string             `toml:"urls"`
	Codes              []string             `toml:"codes"`
	Attackers          []string             `toml:"attackers"`
	KnownAttackers     []string             `toml:"known_attackers"`
	SuspectedAttackers []string             `toml:"suspected_attackers"`
	Sides              []string             `toml:"sides"`
	Killed             map[string]CountSpec `toml:"killed"`
	Injured            map[string]CountSpec `toml:"injured"`
}

// MapConstants are fixed values for fields no column gives.
type MapConstants struct {
	Source         string   `toml:"source"`
	SourceKind     string   `toml:"source_kind"`
	Country        string   `toml:"country"`
	PlacePrecision string   `toml:"place_precision"`
	DatePrecision  string   `toml:"date_precision"`
	Certainty      string   `toml:"certainty"`
	Via            []string `toml:"via"`
	Attackers      []string `toml:"attackers"`
}

// MapNote copies a column, or a fixed value, into a report note.
type MapNote struct {
	Key    string `toml:"key"`
	Column string `toml:"column"`
	Value  string `toml:"value"`
}

// LoadMapping reads and checks a mapping file.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping file: %w", err)
	}
	return ParseMapping(path, string(b))
}

// ParseMapping parses mapping text; path names it in errors.
func ParseMapping(path, text string) (*Mapping, error) {
	var m Mapping
	md, err := toml.Decode(text, &m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %s", path, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s: %q is not a mapping setting (see the list at the top of store/ingest/mapping.go)", path, und[0].String())
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// check fills the defaults and checks every setting.
func (m *Mapping) check() error {
	if m.IDPrefix == "" {
		m.IDPrefix = "csv"
	}
	if m.ListSeparator == "" {
		m.ListSeparator = ";"
	}
	m.countPatterns = map[string]*regexp.Regexp{}
	specs := []CountSpec{m.Columns.Strikes}
	for _, table := range []map[string]CountSpec{m.Columns.Killed, m.Columns.Injured} {
		for cat, spec := range table {
			if _, ok := model.ParseCategory(cat); !ok {
				return fmt.Errorf("%q is not a category (want total, civilians, children, women, men, combatants or unknown)", cat)
			}
			if spec.empty() {
				return fmt.Errorf("the count %q names no column", cat)
			}
			specs = append(specs, spec)
		}
	}
	for _, spec := range specs {
		if err := spec.check(); err != nil {
			return err
		}
		if spec.Pattern == "" {
			continue
		}
		re, err := regexp.Compile(spec.Pattern)
		if err != nil {
			return fmt.Errorf("the pattern %q is not a regular expression: %w", spec.Pattern, err)
		}
		if re.NumSubexp() > 1 {
			return fmt.Errorf("the pattern %q has %d groups; give it one, around the figure", spec.Pattern, re.NumSubexp())
		}
		m.countPatterns[spec.Pattern] = re
	}
	if _, ok := parseDateOrder(m.DateOrder); !ok {
		return fmt.Errorf("date_order %q is neither dmy (day first) nor mdy (month first)", m.DateOrder)
	}
	if _, ok := parseEncoding(m.Encoding); !ok {
		return fmt.Errorf("encoding %q is not one I know; use utf-8 or windows-1252", m.Encoding)
	}
	switch m.OtherColumns {
	case "", "ignore", "notes":
	default:
		return fmt.Errorf("other_columns %q is neither notes nor ignore", m.OtherColumns)
	}
	switch m.Unreadable {
	case "", "error", "note":
	default:
		return fmt.Errorf("unreadable %q is neither error nor note", m.Unreadable)
	}
	if len(m.IDFrom) > 0 && (len(m.GroupBy) > 0 || m.Columns.StrikeID != "") {
		return errors.New("id_from is for rows that are not grouped and have no strike_id column")
	}
	m.patterns = map[string]*regexp.Regexp{}
	for col, p := range m.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("the pattern for %q is not a regular expression: %w", col, err)
		}
		if re.NumSubexp() > 1 {
			return fmt.Errorf("the pattern for %q has %d groups; give it one, around the value", col, re.NumSubexp())
		}
		m.patterns[col] = re
	}
	if k := m.Constants.SourceKind; k != "" {
		if _, ok := model.ParseSourceKind(k); !ok {
			return fmt.Errorf("constants.source_kind %q is not a kind of source", k)
		}
	}
	if p := m.Constants.PlacePrecision; p != "" && p != "auto" {
		if _, ok := parsePlacePrecision(p); !ok {
			return fmt.Errorf("constants.place_precision %q is not a place precision", p)
		}
	}
	if p := m.Constants.DatePrecision; p != "" {
		if _, err := model.ParseDatePrecision(p); err != nil {
			return fmt.Errorf("constants.date_precision: %w", err)
		}
	}
	switch m.Constants.Certainty {
	case "", "known", "suspected":
	default:
		return fmt.Errorf("constants.certainty %q is not known or suspected", m.Constants.Certainty)
	}
	for _, n := range m.Notes {
		if n.Key == "" || (n.Column == "") == (n.Value == "") {
			return errors.New("every [[notes]] entry needs a key and either a column or a value")
		}
	}
	return nil
}

// columnNames lists every column the mapping reads, for the header check.
func (m *Mapping) columnNames() []string {
	c := m.Columns
	out := append([]string(nil), m.GroupBy...)
	out = append(out, m.IDFrom...)
	for _, s := range []string{c.StrikeID, c.ReportID, c.Source, c.SourceKind, c.Originator, c.Published, c.Assessment,
		c.Summary, c.Status, c.Grading, c.Date, c.DateEnd, c.Place, c.PlaceAR, c.PlaceDetail, c.Admin1, c.Admin2,
		c.Country, c.Lat, c.Lon, c.Coords, c.PlacePrecision} {
		if s != "" {
			out = append(out, s)
		}
	}
	out = append(out, m.listColumnNames()...)
	out = append(out, c.Strikes.columns()...)
	for _, cat := range model.Categories {
		for _, t := range []map[string]CountSpec{c.Killed, c.Injured} {
			out = append(out, t[cat.String()].columns()...)
		}
	}
	for _, n := range m.Notes {
		if n.Column != "" {
			out = append(out, n.Column)
		}
	}
	return out
}

// listColumnNames lists the columns of list fields, where a name may
// stand for several columns.
func (m *Mapping) listColumnNames() []string {
	c := m.Columns
	var out []string
	for _, l := range [][]string{c.Via, c.Cites, c.URLs, c.Codes, c.Attackers, c.KnownAttackers, c.SuspectedAttackers, c.Sides} {
		out = append(out, l...)
	}
	return out
}

// parsePlacePrecision accepts model's names, "town"/"village" and "near
// town".
func parsePlacePrecision(s string) (model.PlacePrecision, bool) {
	switch strings.ToLower(s) {
	case "town", "village":
		return model.PlaceTown, true
	case "near town":
		return model.PlaceNearTown, true
	case "neighborhood":
		return model.PlaceNeighbourhood, true
	}
	return model.ParsePlacePrecision(strings.ToLower(s))
}

// rangeDashes are the dashes people put between a range's figures:
// hyphen, en dash, em dash, minus sign, figure dash.
const rangeDashes = "-\u2013\u2014\u2212\u2012"

// parseCountCell reads a count as people write it in spreadsheets; msg
// says what is wrong.
func parseCountCell(v string) (model.Count, string) {
	l := strings.ToLower(strings.TrimSpace(v))
	switch {
	case l == "some":
		return model.Some(), ""
	case strings.HasPrefix(l, "at least "):
		n, msg := parseCountNumber(strings.TrimSpace(l[len("at least "):]))
		return model.AtLeastCount(n), msg
	case strings.HasSuffix(l, "+"):
		n, msg := parseCountNumber(strings.TrimSpace(l[:len(l)-1]))
		return model.AtLeastCount(n), msg
	case strings.HasPrefix(l, "≥"):
		n, msg := parseCountNumber(strings.TrimSpace(l[len("≥"):]))
		return model.AtLeastCount(n), msg
	}
	if i := strings.IndexByte(l, '('); i > 0 && strings.HasSuffix(l, ")") {
		best, msg := parseCountNumber(strings.TrimSpace(l[:i]))
		if msg != "" {
			return model.NoCount(), msg
		}
		r, msg := parseCountCell(l[i+1 : len(l)-1])
		if msg != "" || r.Kind != model.Range && r.Kind != model.Exact {
			return model.NoCount(), "is not a count (want N, N-M, at least N, N+, some or B (L-H))"
		}
		c := model.EstimateCount(r.Low, best, r.High)
		if err := c.Validate(); err != nil {
			return model.NoCount(), "is not a count: " + err.Error()
		}
		return c, ""
	}
	sep := strings.IndexAny(l[min(1, len(l)):], rangeDashes)
	if sep >= 0 {
		sep++
		lo, msg := parseCountNumber(strings.TrimSpace(l[:sep]))
		if msg != "" {
			return model.NoCount(), msg
		}
		rest := strings.TrimLeft(l[sep:], rangeDashes)
		hi, msg := parseCountNumber(strings.TrimSpace(rest))
		if msg != "" {
			return model.NoCount(), msg
		}
		if lo > hi {
			return model.NoCount(), fmt.Sprintf("is not a range: the low figure %d is above the high figure %d", lo, hi)
		}
		return model.RangeCount(lo, hi), ""
	}
	n, msg := parseCountNumber(l)
	if msg == "is not a whole number" || msg == "is not a number" {
		msg = "is not a count (want N, N-M, at least N, N+, some or B (L-H))"
	}
	return model.ExactCount(n), msg
}
