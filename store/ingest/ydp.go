package ingest

// The Yemen Data Project's air-raid table (yemendataproject.org), as it
// publishes it: one row is one air raid of the Saudi-led coalition, and
// becomes one strike with one report, ID "ydp:INCIDENT-ID".
//
// Meaning, from the Yemen Data Project's methodology:
//   - An air raid is all the strikes on one place within about an hour;
//     Min Air Raids and Max Air Raids are the range of how many it
//     counted ("10+" is at least ten; "-" not reported), the report's
//     strikes.
//   - Its casualty figures are the lowest it found reported, and all are
//     civilians: a positive figure is "at least N" (a 0 is a reported
//     zero). Fatalities and Injured are the civilians killed and injured,
//     Woman and Child fatalities and injured the women and children
//     among them. Civilian Casualties (killed and injured together) has
//     no place in the model, which never adds two figures, and is kept as
//     a note.
//   - The attacker is implied: the table records the coalition's raids
//     only, and no column names it. The report's source is the dataset,
//     its attacker the Saudi-led coalition, with a note saying so.
//   - Dates are day first (26/03/2015), decided from the values as in any
//     file; the place is the area (when given: "-" is none), the district
//     and the governorate; the target is the report's words for the spot,
//     its main and sub category, the confirmed time and time of day are
//     notes.
//   - A figure that cannot be read (one Max Air Raids of the published
//     file is "2,2") is kept as a note, the figure not reported, and the
//     import says how many such cells it kept.
//   - The file is Windows-1252 text, and its header has stray spaces and
//     blank-named columns at the end; the few values in those columns are
//     kept as notes under "#N".

// detectYDP: the incident ID, the place columns and the air raids.
func detectYDP(header []string) bool {
	h := newHeaderSet(header)
	return h.has("incident id", "date", "governorate", "district") && h.any("min air raids", "max air raids")
}

func ydpMapping(src *csvSource) *Mapping {
	atLeast := func(col string) CountSpec { return CountSpec{Column: pick(src, col), AtLeast: true} }
	m := &Mapping{
		Dataset:      "Yemen Data Project",
		IDPrefix:     "ydp",
		OtherColumns: "notes",
		Unreadable:   "note",
		Columns: MapColumns{
			StrikeID:    pick(src, "Incident ID"),
			Date:        pick(src, "Date"),
			Admin1:      pick(src, "Governorate"),
			Admin2:      pick(src, "District"),
			Place:       pick(src, "Area"),
			PlaceDetail: pick(src, "Target"),
			Strikes:     CountSpec{Min: pick(src, "Min Air Raids"), Max: pick(src, "Max Air Raids")},
			Killed:      map[string]CountSpec{},
			Injured:     map[string]CountSpec{},
		},
		Constants: MapConstants{Source: "Yemen Data Project", SourceKind: "dataset", Country: "Yemen",
			Attackers: []string{"Saudi-led coalition"}, PlacePrecision: "auto"},
		Notes: []MapNote{impliedAttacker("the Saudi-led coalition", "the Yemen Data Project records the coalition's air raids")},
	}
	for _, c := range []struct{ table, cat, col string }{
		{"killed", "civilians", "Fatalities"}, {"killed", "women", "Woman fatalities"}, {"killed", "children", "Child fatalities"},
		{"injured", "civilians", "Injured"}, {"injured", "women", "Woman injured"}, {"injured", "children", "Child injured"},
	} {
		if pick(src, c.col) == "" {
			continue
		}
		if c.table == "killed" {
			m.Columns.Killed[c.cat] = atLeast(c.col)
		} else {
			m.Columns.Injured[c.cat] = atLeast(c.col)
		}
	}
	for _, n := range []struct{ key, col string }{
		{"target category", "Main category"}, {"target sub-category", "Sub-category"},
		{"civilian casualties (killed and injured, lowest reported)", "Civilian Casualties"},
		{"confirmed time", "Confirmed Time"}, {"time of day", "Time of Day"},
	} {
		if col := pick(src, n.col); col != "" {
			m.Notes = append(m.Notes, MapNote{Key: n.key, Column: col})
		}
	}
	return m
}
