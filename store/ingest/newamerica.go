package ingest

import "strings"

// New America's drone-strike tables (its International Security
// program's databases of US strikes in Pakistan, Yemen and Somalia), as
// it publishes them: one row is one strike, and becomes one strike with
// one report. The ID is the table's own (an id or strike_id column) or,
// where it has none, made of the date, village and region
// ("newamerica:2010-09-08/datta-khel/north-waziristan"), a repeat
// getting "-2".
//
// Meaning, from New America's methodology:
//   - Several drone strikes in short succession (two hours or less) in
//     one area are counted as one strike; strikes on one day in different
//     places or at different times are separate.
//   - A strike is added when at least two credible media sources report
//     it; the seven Source columns are those sources, kept as the
//     report's citations (an address cited by its host).
//   - Deaths are ranges from the lowest and highest figures reported:
//     militants_low/_high (combatants), civilians_low/_high,
//     unknown_low/_high (people whose status is unknown) and
//     total_low/_high, each pair one range; the sub-counts are never
//     added up here.
//   - The attacker is implied (the United States): the report's source
//     is the dataset, its attacker the United States, with a note.
//   - The place is the village, the region (a tribal agency in Pakistan)
//     and the province, keyed at the finest level given; coordinates are
//     one "lat, lon" cell (coordinates) or geo_lat and geo_lon.
//   - Left out: target_description (New America's prose), and the
//     columns derived from others (*_avg, *_lowhigh, year). Every other
//     column (president, target organisation, leaders killed, strike
//     type) is kept as a note under its header.

// detectNewAmerica: two of the low figures and a date.
func detectNewAmerica(header []string) bool {
	h := looseSet(header)
	n := 0
	for _, c := range []string{"militants low", "civilians low", "unknown low", "total low"} {
		if h[c] {
			n++
		}
	}
	return n >= 2 && h["date"]
}

func newAmericaMapping(src *csvSource) *Mapping {
	m := &Mapping{
		Dataset:      "New America",
		IDPrefix:     "newamerica",
		OtherColumns: "notes",
		Columns: MapColumns{
			StrikeID: pick(src, "id", "strike id", "strike_id"),
			Date:     pick(src, "date"),
			Place:    pick(src, "village", "location"),
			Admin2:   pick(src, "region", "agency"),
			Admin1:   pick(src, "province"),
			Country:  pick(src, "country"),
			Coords:   pick(src, "coordinates", "coords"),
			Lat:      pick(src, "geo_lat", "latitude", "lat"),
			Lon:      pick(src, "geo_lon", "longitude", "lon"),
			Cites:    pickAll(src, "Source", "Sources", "sources_combined"),
			Killed:   map[string]CountSpec{},
		},
		Constants: MapConstants{Source: "New America", SourceKind: "dataset",
			Attackers: []string{"United States"}, PlacePrecision: "auto"},
		Notes:  []MapNote{impliedAttacker("the United States", "New America records US strikes")},
		Ignore: pickAll(src, "target_description", "year"),
	}
	if m.Columns.Coords != "" {
		m.Columns.Lat, m.Columns.Lon = "", ""
	}
	if m.Columns.StrikeID == "" {
		m.IDFrom = []string{m.Columns.Date}
		for _, p := range []string{m.Columns.Place, m.Columns.Admin2} {
			if p != "" {
				m.IDFrom = append(m.IDFrom, p)
			}
		}
	}
	for _, c := range []struct{ cat, name string }{
		{"combatants", "militants"}, {"civilians", "civilians"}, {"unknown", "unknown"}, {"total", "total"},
	} {
		if spec, ok := pickRange(src, [2]string{c.name + "_low", c.name + "_high"}); ok {
			m.Columns.Killed[c.cat] = spec
		}
	}
	for _, h := range src.header {
		l := looseName(h)
		if strings.HasSuffix(l, " avg") || strings.HasSuffix(l, " lowhigh") {
			m.Ignore = append(m.Ignore, h)
		}
	}
	return m
}
