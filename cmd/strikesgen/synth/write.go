package synth

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
)

// WriteJSONL writes every strike of the generator in the native JSON
// Lines format and returns the number of strikes and reports written.
func WriteJSONL(w io.Writer, g *Generator) (strikes, reports int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	for s := g.Next(); s != nil; s = g.Next() {
		if err := ingest.EncodeJSON(bw, s); err != nil {
			return strikes, reports, err
		}
		strikes++
		reports += len(s.Reports)
	}
	return strikes, reports, bw.Flush()
}

// ucdpHeader is the column list of UCDP GED 19.1.
var ucdpHeader = []string{"id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name",
	"dyad_new_id", "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "gwnob", "side_b",
	"number_of_sources", "source_article", "source_office", "source_date", "source_headline", "source_original",
	"where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
	"country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
	"deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"}

// WriteUCDP writes every report of the generator as one row of a
// UCDP-GED-shaped CSV (UCDP has one row per event, so each report becomes
// its own strike on import). side_a is the attacker as the report spells
// it; source_office and source_original name synthetic sources. It
// returns the number of rows written.
func WriteUCDP(w io.Writer, g *Generator) (rows int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	if err := cw.Write(ucdpHeader); err != nil {
		return 0, err
	}
	rec := make([]string, len(ucdpHeader))
	for s := g.Next(); s != nil; s = g.Next() {
		for i := range s.Reports {
			r := &s.Reports[i]
			rows++
			side := "Syrian insurgents"
			if len(r.Actors) > 0 {
				side = r.Actors[0].Name
			}
			t := r.Date.Start.Time()
			date := r.Date.Start.String()
			civ := int64(rows % 7)
			low := civ + int64(rows%5)
			best := low + int64(rows%3)
			high := best + int64(rows%4)
			id := "synth-" + strconv.Itoa(rows) // its strike is ucdp:synth-N: never a real event's ID
			rec = append(rec[:0], id, strconv.Itoa(t.Year()), "1", strconv.Itoa(1+rows%3), "299", "Syria: Government",
				"11973", side+" - Syrian insurgents", "118", side, "4456", "", "Syrian insurgents",
				"1", `"`+r.Source+`,`+date+`,synthetic headline"`, r.Source, date, "synthetic headline "+id, r.Source,
				"2", s.Place.Name+" town", s.Place.Admin1+" Governorate", "", "35.95", "39.01", "POINT (39.01 35.95)", "179714",
				"Syria", "652", "Middle East", "1", "1", date, date,
				"0", "0", strconv.FormatInt(civ, 10), strconv.FormatInt(low-civ, 10),
				strconv.FormatInt(low, 10), strconv.FormatInt(best, 10), strconv.FormatInt(high, 10))
			if err := cw.Write(rec); err != nil {
				return rows, err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}

// Summaries returns the summaries of the generated strikes.
func Summaries(o Options) []model.Summary {
	g := New(o)
	var out []model.Summary
	for s := g.Next(); s != nil; s = g.Next() {
		out = append(out, model.Summarize(s))
	}
	return out
}
