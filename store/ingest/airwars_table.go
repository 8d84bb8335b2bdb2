package ingest

// Airwars' incident tables for conflicts other than its Syria archive
// (Gaza and Israel, Libya, Somalia, Yemen, ...): one row per incident as
// its case page lays it out, with the page's labels as columns. One row
// becomes one strike with one report, Airwars' own, ID "airwars:CODE"
// (the incident code as written: ispt0019a).
//
// Meaning, from Airwars' methodology:
//   - Civilians reported killed (and injured) is one cell: a figure, a
//     range written "3 – 7" (the lowest and highest that credible sources
//     give), or "Unknown" (not reported). The breakdown beside it, such
//     as "(2 children 3 women 1 man)", gives the children, women and men
//     among them; it is also kept whole as a note ("1 journalist" has no
//     category).
//   - Known and suspected belligerents are separate columns: attackers
//     known, and attackers suspected, as Airwars assesses them.
//   - The grading (Confirmed, Fair, Weak, Contested, Discounted) says how
//     well the harm is supported, the strike status whether the strike
//     was declared, likely or contested; both are the strike's.
//   - Left out: the assessment, Airwars' prose. Every other column
//     (strike type, civilian infrastructure, cause of death, target,
//     impact) is kept as a note under its header.

var airwarsTableCodes = []string{"incidence_id", "incident_id", "incident id", "incident code", "code", "unique reference code"}

// detectAirwarsTable: an incident code and the civilians reported killed.
func detectAirwarsTable(header []string) bool {
	h := looseSet(header)
	if !h["civilians reported killed"] {
		return false
	}
	for _, c := range airwarsTableCodes {
		if h[looseName(c)] {
			return true
		}
	}
	return false
}

func airwarsTableMapping(src *csvSource) *Mapping {
	breakdown := pick(src, "Civilian_type", "civilian breakdown", "victims")
	m := &Mapping{
		Dataset:       "Airwars",
		IDPrefix:      "airwars",
		OtherColumns:  "notes",
		ListSeparator: ",",
		Columns: MapColumns{
			StrikeID:           pick(src, airwarsTableCodes...),
			Date:               pick(src, "incidence_date", "incident date", "incident_date", "date"),
			URLs:               pickAll(src, "incidence_url", "incident url", "url", "link"),
			Status:             pick(src, "strike status"),
			Grading:            pick(src, "airwars civilian harm grading", "civilian harm grading", "grading"),
			Place:              pick(src, "location", "location name", "place"),
			Country:            pick(src, "country"),
			Lat:                pick(src, "lat", "latitude"),
			Lon:                pick(src, "long", "lon", "longitude"),
			KnownAttackers:     pickAll(src, "known belligerent", "known belligerents"),
			SuspectedAttackers: pickAll(src, "suspected belligerent", "suspected belligerents"),
			Killed:             map[string]CountSpec{"civilians": Col(pick(src, "civilians reported killed"))},
			Injured:            map[string]CountSpec{},
		},
		Constants: MapConstants{Source: "Airwars", SourceKind: "monitoring group"},
		Ignore:    pickAll(src, "airwars_assessment", "assessment", "summary"),
	}
	if c := pick(src, "civilians reported injured"); c != "" {
		m.Columns.Injured["civilians"] = Col(c)
	}
	if breakdown != "" {
		m.Columns.Killed["children"] = CountSpec{Column: breakdown, Pattern: `(\d+)\s*child`}
		m.Columns.Killed["women"] = CountSpec{Column: breakdown, Pattern: `(\d+)\s*wom[ae]n`}
		m.Columns.Killed["men"] = CountSpec{Column: breakdown, Pattern: `(\d+)\s*m[ae]n(?:[^a-z]|$)`}
		m.Notes = append(m.Notes, MapNote{Key: "victims", Column: breakdown})
	}
	return m
}
