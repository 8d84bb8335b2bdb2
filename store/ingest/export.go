package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// CSVColumns are the columns WriteCSV writes, one row per report, the
// strike's fields repeated on each of its reports' rows:
//
//	strike_id, strike_date, strike_date_end, strike_date_precision,
//	place, place_ar, place_key, admin1, admin2, country, lat, lon,
//	place_precision, status, grading, codes       the strike
//	report_id, source, source_kind, via, cites, cite_urls, originator, published,
//	report_date, report_date_end, report_date_precision, report_place,
//	place_detail, attackers, sides, strikes       the report
//	killed_total ... killed_unknown, injured_total ... injured_unknown
//	                                              one column per category
//	assessment, summary, dataset, urls, notes
//
// Lists are joined with "; "; cite_urls holds the link of each of cites,
// in the same order (empty where a citation has none); attackers read "Russian Military
// (suspected)"; notes read "key=value; key=value". Counts read "15",
// "3-6", "at least 32", "some", "4 (2-9)" (best, then low-high), the
// forms a mapping file reads back; a count not reported is empty.
var CSVColumns = func() []string {
	cols := []string{"strike_id", "strike_date", "strike_date_end", "strike_date_precision",
		"place", "place_ar", "place_key", "admin1", "admin2", "country", "lat", "lon", "place_precision",
		"status", "grading", "codes", "report_id", "source", "source_kind", "via", "cites", "cite_urls", "originator",
		"published", "report_date", "report_date_end", "report_date_precision", "report_place", "place_detail",
		"attackers", "sides", "strikes"}
	for _, o := range model.Outcomes {
		for _, c := range model.Categories {
			cols = append(cols, o.String()+"_"+c.String())
		}
	}
	return append(cols, "assessment", "summary", "dataset", "urls", "notes")
}()

// CSVWriter writes strikes as the flat CSV export.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	row    []string
}

// NewCSVWriter returns a writer to w; the header is written with the first strike.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), row: make([]string, 0, len(CSVColumns))}
}

// WriteCSV writes strikes to w as the flat export, header first.
func WriteCSV(w io.Writer, strikes []*model.Strike) error {
	cw := NewCSVWriter(w)
	for _, s := range strikes {
		if err := cw.Write(s); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Write writes one row per report of the strike.
func (cw *CSVWriter) Write(s *model.Strike) error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(CSVColumns); err != nil {
			return fmt.Errorf("writing the CSV header: %w", err)
		}
	}
	for i := range s.Reports {
		r := &s.Reports[i]
		p := s.Place
		lat, lon := "", ""
		if p.HasCoords {
			lat, lon = strconv.FormatFloat(p.Lat, 'f', -1, 64), strconv.FormatFloat(p.Lon, 'f', -1, 64)
		}
		prec := ""
		if p.Precision != model.PlaceUnknown {
			prec = p.Precision.String()
		}
		row := append(cw.row[:0], s.ID)
		row = appendDate(row, s.Date)
		row = append(row, p.Name, p.NameAR, p.Key, p.Admin1, p.Admin2, p.Country, lat, lon, prec,
			s.Status, s.Grading, strings.Join(s.Codes, "; "), r.ID, r.Source)
		kind := ""
		if r.SourceKind != model.KindUnknown {
			kind = r.SourceKind.String()
		}
		var cites, citeURLs, attackers, sides, notes []string
		for _, c := range r.Cites {
			cites = append(cites, firstNonEmpty(c.Name, c.URL))
			citeURLs = append(citeURLs, c.URL)
		}
		for _, a := range r.Actors {
			name := a.Name
			if c := a.Certainty.String(); c != "" {
				name += " (" + c + ")"
			}
			if a.Role == model.RoleAttacker {
				attackers = append(attackers, name)
			} else {
				sides = append(sides, name)
			}
		}
		for _, n := range r.Notes {
			notes = append(notes, n.Key+"="+n.Value)
		}
		row = append(row, kind, strings.Join(r.Via, "; "), strings.Join(cites, "; "), joinAligned(citeURLs), r.Originator, r.Published.String())
		row = appendDate(row, r.Date)
		row = append(row, r.Place.Name, r.PlaceDetail, strings.Join(attackers, "; "), strings.Join(sides, "; "), countCell(r.Strikes))
		for _, o := range model.Outcomes {
			for _, c := range model.Categories {
				row = append(row, countCell(r.Claim(o, c)))
			}
		}
		row = append(row, r.Assessment, r.Summary, r.Dataset, strings.Join(r.URLs, "; "), strings.Join(notes, "; "))
		if err := cw.w.Write(row); err != nil {
			return fmt.Errorf("writing strike %s: %w", s.ID, err)
		}
		cw.row = row
	}
	return nil
}

// Flush writes any buffered rows and reports a write error.
func (cw *CSVWriter) Flush() error {
	if !cw.header {
		cw.header = true
		_ = cw.w.Write(CSVColumns)
	}
	cw.w.Flush()
	return cw.w.Error()
}

func appendDate(row []string, d model.DateSpan) []string {
	if !d.Known() {
		return append(row, "", "", "")
	}
	end := ""
	if d.End != d.Start {
		end = d.End.String()
	}
	return append(row, d.Start.String(), end, d.Precision.String())
}

// countCell writes a count in a form parseCountCell reads back.
func countCell(c model.Count) string {
	i := func(n int32) string { return strconv.FormatInt(int64(n), 10) }
	switch c.Kind {
	case model.Unquantified:
		return "some"
	case model.Exact:
		return i(c.Low)
	case model.AtLeast:
		return "at least " + i(c.Low)
	case model.Range:
		return i(c.Low) + "-" + i(c.High)
	case model.Estimate:
		return i(c.Best) + " (" + i(c.Low) + "-" + i(c.High) + ")"
	}
	return ""
}

// joinAligned joins a list whose entries pair with another's by position:
// "; " between them, empty entries kept, and nothing at all when every
// entry is empty.
func joinAligned(xs []string) string {
	for _, x := range xs {
		if x != "" {
			return strings.Join(xs, "; ")
		}
	}
	return ""
}
