package ingest

// A mapping file tells the csv format how the columns of any CSV become
// strikes and reports. It is TOML (no YAML library is in go.mod). Every
// row is one report; rows with equal values in the group_by columns are
// one strike. Unknown keys are refused, so a typo is caught.
//
//	dataset       = "Incident log"      # the dataset name on every report
//	id_prefix     = "mylog"             # IDs read "mylog:..." (default: "csv")
//	not_reported  = ["NA", "n/a"]       # cells meaning "not reported", beside the empty cell
//	date_layouts  = ["02/01/2006"]      # Go layouts tried in order (default: 2006-01-02)
//	list_separator = ";"                # splits list cells (attackers, sides, cites, urls, codes)
//	group_by      = ["date", "town"]    # rows with equal values are one strike; none: one per row
//	sorted        = false               # true: rows of a group are adjacent, so the file
//	                                    # streams; false buffers every row (fine for
//	                                    # spreadsheets; the rows must fit in memory)
//
//	[columns]                 # field = "column name" (lists take several columns)
//	strike_id    = "..."      # default: id_prefix:folded group values ("mylog:2017-04-30/hama/kafrzita"),
//	                          # or the report ID when rows are not grouped
//	report_id    = "..."      # default: strike ID + "/N" (Nth row of the group); ungrouped
//	                          # rows without IDs get "id_prefix:row-N", stable only while
//	                          # the file keeps its order
//	source, source_kind, originator, published, assessment, summary, status, grading,
//	date, date_end, place, place_ar, place_detail, admin1, admin2, country, lat, lon,
//	place_precision, strikes
//	via, cites, urls, codes, attackers, sides = ["col", ...]
//	killed  = { civilians = "col", children = "col", total = "col", ... }
//	injured = { civilians = "col" }
//
//	[constants]               # field = fixed value, used where no column is mapped
//	source, source_kind, country, place_precision, date_precision, certainty (of attackers)
//	via = ["..."], attackers = ["..."]
//
//	[[notes]]                 # dataset-specific facts, in order
//	key = "type"
//	column = "Violation_Type"
//
// Counts in cells read "15", "3-6", "at least 32", "32+", "some" (a figure
// not given: at least one), or "4 (2-9)" (best and range); an empty or
// not_reported cell is not reported, never zero. source_kind is one of
// model's kinds ("monitoring group", "news agency", ...), place_precision
// one of "exact", "neighbourhood", "village/town" (or "town", "village"),
// "city", "district", "province", "country". Summary must be the user's
// own words: never map a column of copied prose to it.

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/strikes-dev/strikes/model"
)

// Mapping is a parsed mapping file.
type Mapping struct {
	Dataset       string       `toml:"dataset"`
	IDPrefix      string       `toml:"id_prefix"`
	NotReported   []string     `toml:"not_reported"`
	DateLayouts   []string     `toml:"date_layouts"`
	ListSeparator string       `toml:"list_separator"`
	GroupBy       []string     `toml:"group_by"`
	Sorted        bool         `toml:"sorted"`
	Columns       MapColumns   `toml:"columns"`
	Constants     MapConstants `toml:"constants"`
	Notes         []MapNote    `toml:"notes"`
}

// MapColumns names the column of each field.
type MapColumns struct {
	StrikeID       string            `toml:"strike_id"`
	ReportID       string            `toml:"report_id"`
	Source         string            `toml:"source"`
	SourceKind     string            `toml:"source_kind"`
	Originator     string            `toml:"originator"`
	Published      string            `toml:"published"`
	Assessment     string            `toml:"assessment"`
	Summary        string            `toml:"summary"`
	Status         string            `toml:"status"`
	Grading        string            `toml:"grading"`
	Date           string            `toml:"date"`
	DateEnd        string            `toml:"date_end"`
	Place          string            `toml:"place"`
	PlaceAR        string            `toml:"place_ar"`
	PlaceDetail    string            `toml:"place_detail"`
	Admin1         string            `toml:"admin1"`
	Admin2         string            `toml:"admin2"`
	Country        string            `toml:"country"`
	Lat            string            `toml:"lat"`
	Lon            string            `toml:"lon"`
	PlacePrecision string            `toml:"place_precision"`
	Strikes        string            `toml:"strikes"`
	Via            []string          `toml:"via"`
	Cites          []string          `toml:"cites"`
	URLs           []string          `toml:"urls"`
	Codes          []string          `toml:"codes"`
	Attackers      []string          `toml:"attackers"`
	Sides          []string          `toml:"sides"`
	Killed         map[string]string `toml:"killed"`
	Injured        map[string]string `toml:"injured"`
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

// MapNote copies a column into a report note.
type MapNote struct {
	Key    string `toml:"key"`
	Column string `toml:"column"`
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
	if m.IDPrefix == "" {
		m.IDPrefix = "csv"
	}
	if len(m.DateLayouts) == 0 {
		m.DateLayouts = []string{"2006-01-02"}
	}
	if m.ListSeparator == "" {
		m.ListSeparator = ";"
	}
	for _, table := range []map[string]string{m.Columns.Killed, m.Columns.Injured} {
		for cat := range table {
			if _, ok := model.ParseCategory(cat); !ok {
				return nil, fmt.Errorf("%s: %q is not a category (want total, civilians, children, women, men, combatants or unknown)", path, cat)
			}
		}
	}
	if k := m.Constants.SourceKind; k != "" {
		if _, ok := model.ParseSourceKind(k); !ok {
			return nil, fmt.Errorf("%s: constants.source_kind %q is not a kind of source", path, k)
		}
	}
	if p := m.Constants.PlacePrecision; p != "" {
		if _, ok := parsePlacePrecision(p); !ok {
			return nil, fmt.Errorf("%s: constants.place_precision %q is not a place precision", path, p)
		}
	}
	if p := m.Constants.DatePrecision; p != "" {
		if _, err := model.ParseDatePrecision(p); err != nil {
			return nil, fmt.Errorf("%s: constants.date_precision: %w", path, err)
		}
	}
	switch m.Constants.Certainty {
	case "", "known", "suspected":
	default:
		return nil, fmt.Errorf("%s: constants.certainty %q is not known or suspected", path, m.Constants.Certainty)
	}
	for _, n := range m.Notes {
		if n.Key == "" || n.Column == "" {
			return nil, fmt.Errorf("%s: every [[notes]] entry needs a key and a column", path)
		}
	}
	return &m, nil
}

// columnNames lists every column the mapping reads, for the header check.
func (m *Mapping) columnNames() []string {
	c := m.Columns
	out := append([]string(nil), m.GroupBy...)
	for _, s := range []string{c.StrikeID, c.ReportID, c.Source, c.SourceKind, c.Originator, c.Published, c.Assessment,
		c.Summary, c.Status, c.Grading, c.Date, c.DateEnd, c.Place, c.PlaceAR, c.PlaceDetail, c.Admin1, c.Admin2,
		c.Country, c.Lat, c.Lon, c.PlacePrecision, c.Strikes} {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, l := range [][]string{c.Via, c.Cites, c.URLs, c.Codes, c.Attackers, c.Sides} {
		out = append(out, l...)
	}
	for _, cat := range model.Categories {
		for _, t := range []map[string]string{c.Killed, c.Injured} {
			if col := t[cat.String()]; col != "" {
				out = append(out, col)
			}
		}
	}
	for _, n := range m.Notes {
		out = append(out, n.Column)
	}
	return out
}

// parsePlacePrecision accepts model's names and "town"/"village".
func parsePlacePrecision(s string) (model.PlacePrecision, bool) {
	switch strings.ToLower(s) {
	case "town", "village":
		return model.PlaceTown, true
	case "neighborhood":
		return model.PlaceNeighbourhood, true
	}
	return model.ParsePlacePrecision(strings.ToLower(s))
}

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
	sep := strings.IndexAny(l[min(1, len(l)):], "-–")
	if sep >= 0 {
		sep++
		lo, msg := parseCountNumber(strings.TrimSpace(l[:sep]))
		if msg != "" {
			return model.NoCount(), msg
		}
		rest := strings.TrimLeft(l[sep:], "-–")
		hi, msg := parseCountNumber(strings.TrimSpace(strings.TrimPrefix(rest, "\u2013")))
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
