package ingest

import (
	"strings"
)

// The Bureau of Investigative Journalism's drone-strike databases
// (Pakistan, Afghanistan, Somalia, Yemen), as TBIJ publishes them: one
// sheet per country of a workbook, or one file per country. One row is
// one US strike, and becomes one strike with one report, ID
// "tbij:STRIKE-ID" (B1, Ob53, AFG001, SOM001, YEM001). A Strike ID a sheet
// gives twice (YEM248) keeps both rows, the second as "tbij:YEM248-2"
// with a note.
//
// Meaning, from TBIJ's methodology ("Drones: untangling the data", 2011,
// and its per-country methodology notes):
//   - The minimum and maximum figures (strikes; people, civilians and
//     children killed; people injured) are the lowest and highest that
//     TBIJ found across its sources: each pair is one range (a min above
//     the max, a handful of rows, is kept as the span with a note). TBIJ
//     codes every figure, so 0 is a reported zero; "-", "Unknown" and a
//     spreadsheet's #VALUE! are not reported.
//   - The attacker is implied: every row is a US strike (or a possible
//     one, as "Confirmed/possible US strike" says), and no column names
//     it. The report's source is the dataset itself, its attacker the
//     United States, with a note saying the attacker is implied by the
//     dataset's scope, not claimed by a source.
//   - Dates are month first (the header says MM-DD-YYYY, or MM-DD-YYY in
//     the Pakistan sheet); a workbook's date cells may be serial numbers.
//   - The place is the village or local area (or Location), the district
//     (Pakistan: the Area, a tribal agency), the province and the
//     country, keyed at the finest level given; coordinates are
//     Most Specific Lat/Long, one "lat,lon" cell that is the modified
//     location's where TBIJ corrected it, the location's otherwise.
//   - A coordinate or figure that cannot be read (a few rows of the
//     published sheets have their cells shifted one way or the other) is
//     kept as a note, the figure not reported, and the import says how
//     many such cells it kept.
//   - Left out as repeating other columns: the joined location columns
//     ("Location, Province, Country", "Most Specific Location"), the
//     coordinates of the unmodified location, the Latitude and Longitude
//     that formulas split from Most Specific Lat/Long (with the unnamed
//     columns beside it), and Index. Every other column (president, type
//     of attack, confirmed/possible, drone or not, target, time, the
//     modified location) is kept as a note under its header.

// detectTBIJ: a Strike ID, a date column whose header gives its layout
// (MM-DD-YYYY), and minimum figures.
func detectTBIJ(header []string) bool {
	id, date, mins := false, false, false
	for _, c := range header {
		l := strings.ToLower(c)
		switch {
		case l == "strike id":
			id = true
		case strings.HasPrefix(l, "date (mm-dd-yy"):
			date = true
		case strings.HasPrefix(l, "minimum") && strings.Contains(l, "killed"):
			mins = true
		}
	}
	return id && date && mins
}

func tbijMapping(src *csvSource) *Mapping {
	date := ""
	for _, h := range src.header {
		if strings.HasPrefix(strings.ToLower(h), "date (") {
			date = h
			break
		}
	}
	if i := src.index(date); i >= 0 && strings.Contains(strings.ToUpper(date), "MM-DD") {
		src.setDateOrder(i, orderMDY, "the header says "+date)
	}
	m := &Mapping{
		Dataset:      tbijDataset(src),
		IDPrefix:     "tbij",
		OtherColumns: "notes",
		Unreadable:   "note",
		Columns: MapColumns{
			StrikeID: pick(src, "Strike ID"),
			Date:     date,
			Country:  pick(src, "Country"),
			Place:    pick(src, "Village/local area", "Location"),
			Admin2:   pick(src, "District", "Area"),
			Admin1:   pick(src, "Province"),
			Coords:   pick(src, "Most Specific Lat/Long"),
			URLs:     pickAll(src, "Strike link", "Timeline URL"),
			Killed:   map[string]CountSpec{},
			Injured:  map[string]CountSpec{},
		},
		Constants: MapConstants{Source: "The Bureau of Investigative Journalism", SourceKind: "dataset",
			Attackers: []string{"United States"}, PlacePrecision: "auto"},
		Notes: []MapNote{impliedAttacker("the United States", "TBIJ records US strikes")},
		Ignore: pickAll(src, "Village/Local Area, District, Province, Country", "Location, Area, Country",
			"Location, Province, Country", "Location, Country", "Lat/Long of Location", "Lat/Long of Location, Area",
			"Lat/Long", "Most Specific Location", "Latitude", "Longitude", "Index"),
	}
	// The unnamed column after Strike link holds the timeline's address;
	// the two unnamed ones after Most Specific Lat/Long split it.
	if i := src.index("Strike link"); i >= 0 && i+1 < len(src.header) && src.header[i+1] == "" {
		m.Columns.URLs = append(m.Columns.URLs, src.columnName(i+1))
	}
	if i := src.index("Most Specific Lat/Long"); i >= 0 {
		for j := i + 1; j < i+3 && j < len(src.header) && src.header[j] == ""; j++ {
			m.Ignore = append(m.Ignore, src.columnName(j))
		}
	}
	if c, ok := pickRange(src, [2]string{"Minimum strikes", "Maximum strikes"}, [2]string{"Minimum number of strikes", "Maximum number of strikes"}); ok {
		m.Columns.Strikes = c
	}
	for _, k := range []struct {
		table  map[string]CountSpec
		cat    string
		ranges [][2]string
	}{
		{m.Columns.Killed, "total", [][2]string{{"Minimum total people killed", "Maximum total people killed"}, {"Minimum people killed", "Maximum people killed"}}},
		{m.Columns.Killed, "civilians", [][2]string{{"Minimum civilians reported killed", "Maximum civilians reported killed"}, {"Minimum civilians killed", "Maximum civilians killed"}}},
		{m.Columns.Killed, "children", [][2]string{{"Minimum children reported killed", "Maximum children reported killed"}, {"Minimum children killed", "Maximum children killed"}}},
		{m.Columns.Injured, "total", [][2]string{{"Minimum reported injured", "Maximum reported injured"}, {"Minimum people injured", "Maximum people injured"}}},
	} {
		if c, ok := pickRange(src, k.ranges...); ok {
			k.table[k.cat] = c
		}
	}
	return m
}

// tbijDataset names the dataset by country ("TBIJ Yemen"): the sheet's
// name, else the first row's Country; each country is its own dataset,
// so that importing one sheet does not count the others' strikes as
// gone from the file.
func tbijDataset(src *csvSource) string {
	country := ""
	if i := strings.LastIndexByte(src.file, '['); i >= 0 && src.sheet {
		country = strings.TrimSuffix(src.file[i+1:], "]")
	} else if c := src.index("Country"); c >= 0 {
		if rows := src.peek(1); len(rows) > 0 && c < len(rows[0]) {
			country = strings.TrimSpace(rows[0][c])
		}
	}
	if country == "" {
		return "TBIJ"
	}
	return "TBIJ " + country
}
