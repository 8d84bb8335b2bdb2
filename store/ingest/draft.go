package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// DraftMap writes a commented first draft of a map (see mapping.go) for
// the table in r, from its header and first rows (draftRows): each
// column placed by its name and what it holds, what the draft could not
// place said at the end. path names the file; opts.Sheet picks a
// workbook's sheet, opts.Encoding and opts.DateOrder are honoured.
func DraftMap(w io.Writer, path string, r io.Reader, opts Options) error {
	if path == "" {
		path = "<input>"
	}
	br, err := skipBOM(r)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if looksJSON(br) {
		return fmt.Errorf("%s is JSON Lines, strikes' own format: import it as it is, without a map", path)
	}
	opts.Map, opts.mapping = "", nil
	var src *csvSource
	if isZip(br) {
		src, _, err = openWorkbook(path, br, formatDraft, opts)
	} else {
		src, err = newCSVSource(path, br, opts)
	}
	if err != nil {
		return err
	}
	d := &draft{src: src, rows: src.peek(draftRows), known: detect(src)}
	d.read()
	d.place()
	_, err = io.WriteString(w, d.text())
	return err
}

// draftRows is how many rows the draft reads.
const draftRows = 200

// formatDraft makes openWorkbook take any one sheet with a header.
const formatDraft = "draft"

// draft is a map being drafted.
type draft struct {
	src   *csvSource
	rows  [][]string
	known string // the format strikes knows the file as, if any
	cols  []*draftCol

	top, columns, constants []entry
	killed, injured         []entry
	notes                   []string // comments on columns left as notes
	ignore                  []string
	group                   []string
	sorted                  bool
	dateOrder               entry
	notReported             []string
	unreadable              entry
}

// entry is one line of the draft: key = value # comment.
type entry struct{ key, value, comment string }

func (d *draft) read() {
	n := len(d.src.header)
	for _, rec := range d.rows {
		n = max(n, len(rec))
	}
	for i := 0; i < n; i++ {
		d.cols = append(d.cols, newDraftCol(d.src, i, d.rows, d.src.sheet))
	}
	seen := map[string]bool{}
	for _, c := range d.cols {
		for _, rec := range d.rows {
			if c.i < len(rec) {
				if v := strings.TrimSpace(rec[c.i]); isPlaceholder(v) && !seen[v] {
					seen[v] = true
					d.notReported = append(d.notReported, v)
				}
			}
		}
	}
	sort.Strings(d.notReported)
}

// find returns the first free column whose name is one of names (words
// compared), in the order of names.
func (d *draft) find(names ...string) *draftCol {
	for _, n := range names {
		for _, c := range d.cols {
			if !c.taken && c.is(n) {
				return c
			}
		}
	}
	return nil
}

// take marks c placed and returns its name as TOML.
func take(c *draftCol) string {
	c.taken = true
	return tomlString(c.name)
}

// set places c in the field key, unless the field already has a column.
func (d *draft) set(key string, c *draftCol, comment string) {
	if c != nil && !hasKey(d.columns, key) {
		d.columns = append(d.columns, entry{key, take(c), comment})
	}
}

// addList adds names (TOML strings) to the list field key.
func (d *draft) addList(key, comment string, names ...string) {
	for i := range d.columns {
		if e := &d.columns[i]; e.key == key {
			e.value = strings.TrimSuffix(e.value, "]") + ", " + strings.Join(names, ", ") + "]"
			return
		}
	}
	d.columns = append(d.columns, entry{key, "[" + strings.Join(names, ", ") + "]", comment})
}

// place puts every column it can in a field.
func (d *draft) place() {
	d.placeProse()
	d.placeID()
	d.placeDates()
	d.placePlace()
	d.placeCounts()
	d.placeActors()
	d.placeSources()
	d.placeRest()
}

// placeProse leaves long text out: a summary must be the user's words.
func (d *draft) placeProse() {
	for _, c := range d.cols {
		if c.avgLen > 80 && !c.urls {
			c.taken = true
			d.ignore = append(d.ignore, c.name)
		}
	}
	for c := d.find(proseNames...); c != nil; c = d.find(proseNames...) {
		c.taken = true
		d.ignore = append(d.ignore, c.name)
	}
}

func (d *draft) placeID() {
	c := d.find(idNames...)
	if c == nil {
		for _, x := range d.cols {
			if !x.taken && len(x.words) > 0 && (x.words[len(x.words)-1] == "id" || x.words[len(x.words)-1] == "code") && x.blanks == 0 {
				c = x
				break
			}
		}
	}
	if c == nil || c.blanks > 0 {
		return
	}
	if c.unique || !c.grouped && c.repeats*3 <= len(c.vals) {
		// A value or two given twice, far apart, is the table's mistake:
		// the import keeps both rows, the second as ID-2, and says so.
		d.set("strike_id", c, "its values differ from row to row: one row, one strike")
		return
	}
	d.group = []string{c.name}
	d.sorted = c.grouped
	d.set("strike_id", c, "several rows share a value: each row is a report, the rows of one value a strike (group_by)")
}

func (d *draft) placeDates() {
	date := d.find("date", "event date", "incident date", "incidence date", "date start", "start date", "recording date", "date of strike", "day")
	if date == nil {
		for _, c := range d.cols {
			if !c.taken && c.dates && c.has("date") {
				date = c
				break
			}
		}
	}
	if date == nil {
		for _, c := range d.cols {
			if !c.taken && c.dates && len(c.vals) > 0 && !c.counts {
				date = c
				break
			}
		}
	}
	if date != nil {
		d.set("date", date, d.dateComment(date))
	}
	d.set("date_end", d.find("date end", "end date", "date to"), "")
	d.set("published", d.find("published", "date published", "publication date", "post date"), "")
}

// dateComment says what the date column's first rows hold, and decides
// date_order when they say it.
func (d *draft) dateComment(c *draftCol) string {
	order, example := orderUnknown, ""
	ambiguous := false
	for _, v := range c.vals {
		dp, _ := splitTime(v)
		kind, _, a, b, ok := numericDate(dp)
		if !ok || kind != dayOrMonthFirst {
			continue
		}
		switch {
		case a > 12 && b <= 12 && order == orderUnknown:
			order, example = orderDMY, v
		case b > 12 && a <= 12 && order == orderUnknown:
			order, example = orderMDY, v
		case a <= 12 && b <= 12 && a != b:
			ambiguous = true
		}
	}
	switch {
	case order == orderDMY:
		d.dateOrder = entry{"date_order", `"dmy"`, fmt.Sprintf("%q has the day first", example)}
	case order == orderMDY:
		d.dateOrder = entry{"date_order", `"mdy"`, fmt.Sprintf("%q has the month first", example)}
	case ambiguous:
		d.dateOrder = entry{"# date_order", `"dmy"`, "the first rows do not say whether the day or the month comes first: say which (dmy or mdy)"}
	}
	if len(c.vals) > 0 {
		return "for example " + fmt.Sprintf("%q", c.vals[0])
	}
	return ""
}

func (d *draft) placePlace() {
	place := d.find(placeNames...)
	if place != nil && place.is("city") {
		d.set("place", place, "")
	} else if place != nil {
		d.set("place", place, "")
		if city := d.find("city"); city != nil {
			if d.find(admin1Names...) == nil {
				d.set("admin1", city, "a city, where the place is finer")
			} else {
				d.set("admin2", city, "a city, where the place is finer")
			}
		}
	}
	if c := d.find("governorate", "province", "state", "admin1", "adm 1", "wilaya", "oblast"); c != nil {
		d.set("admin1", c, "")
		d.set("admin2", d.find(admin2Names...), "")
	} else {
		d.set("admin1", d.find(admin1Names...), "")
		d.set("admin2", d.find(admin2Names...), "")
	}
	d.set("country", d.find("country"), "")
	d.set("place_detail", d.find("target", "place detail", "location description", "where description", "site description"), "the data's words for the spot")
	for _, c := range d.cols {
		if !c.taken && c.has("arabic") && !c.counts {
			d.set("place_ar", c, "")
			break
		}
	}
	coords := d.find("most specific lat long", "coordinates", "coords", "lat long", "latlong", "lat lon", "lat lng", "latitude longitude", "geo")
	if coords == nil {
		for _, c := range d.cols {
			if !c.taken && c.pairs && len(c.vals) > 0 {
				coords = c
				break
			}
		}
	}
	if coords != nil {
		d.set("coords", coords, `one "lat, lon" cell`)
		for _, c := range d.cols {
			if !c.taken && c.pairs && c.has("lat") {
				c.taken = true
				d.notes = append(d.notes, fmt.Sprintf("%s: more coordinates (kept as a note)", tomlString(c.name)))
			}
		}
	} else {
		lat, lon := d.find("latitude", "lat", "geo lat", "y"), d.find("longitude", "lon", "long", "lng", "geo lon", "x")
		if lat != nil && lon != nil {
			d.set("lat", lat, "")
			d.set("lon", lon, "")
		}
	}
	d.constants = append(d.constants, entry{"place_precision", `"auto"`, "the finest of place, admin2, admin1 and country that a row gives"})
}

// placeCounts pairs the count columns: min and max, low/best/high, or one.
func (d *draft) placeCounts() {
	type group struct{ cols map[string]*draftCol }
	groups := map[string]*group{}
	var order []string
	for _, c := range d.cols {
		if c.taken || !c.counts || len(c.vals) == 0 || c.urls {
			continue
		}
		outcome, cat, bound, ok := countRole(c)
		if !ok {
			continue
		}
		key := outcome + "." + cat
		g := groups[key]
		if g == nil {
			g = &group{cols: map[string]*draftCol{}}
			groups[key] = g
			order = append(order, key)
		}
		if g.cols[bound] == nil {
			g.cols[bound] = c
		}
	}
	for _, key := range order {
		g := groups[key]
		outcome, cat, _ := strings.Cut(key, ".")
		var spec CountSpec
		var used []*draftCol
		switch {
		case g.cols["min"] != nil || g.cols["max"] != nil:
			if c := g.cols["min"]; c != nil {
				spec.Min, used = c.name, append(used, c)
			}
			if c := g.cols["max"]; c != nil {
				spec.Max, used = c.name, append(used, c)
			}
			if g.cols["best"] != nil && spec.Min != "" && spec.Max != "" {
				spec = CountSpec{Low: spec.Min, Best: g.cols["best"].name, High: spec.Max}
				used = append(used, g.cols["best"])
			}
		case g.cols[""] != nil:
			spec.Column, used = g.cols[""].name, append(used, g.cols[""])
		default:
			continue
		}
		if outcome == "strikes" && hasKey(d.columns, "strikes") {
			continue
		}
		for _, c := range used {
			c.taken = true
			if c.notNum != "" && d.unreadable.key == "" {
				d.unreadable = entry{"unreadable", `"note"`, fmt.Sprintf("%s holds %q, no count: such cells are kept as notes (\"error\" refuses their rows)", tomlString(c.name), c.notNum)}
			}
		}
		e := entry{cat, spec.toml(), ""}
		switch outcome {
		case "strikes":
			d.columns = append(d.columns, entry{"strikes", spec.toml(), "how many strikes"})
		case "killed":
			d.killed = append(d.killed, e)
		case "injured":
			d.injured = append(d.injured, e)
		}
	}
}

func (d *draft) placeActors() {
	for _, c := range d.cols {
		switch {
		case c.taken:
		case c.has("known") && c.has("belligerent", "belligerents", "attacker", "attackers"):
			d.addList("known_attackers", "", take(c))
		case c.has("suspected") && c.has("belligerent", "belligerents", "attacker", "attackers"):
			d.addList("suspected_attackers", "", take(c))
		case c.is("attacker") || c.is("attackers") || c.is("perpetrator") || c.is("perpetrators") || c.is("belligerent") ||
			c.is("belligerents") || c.is("responsible") || c.is("armed actor"):
			d.addList("attackers", "", take(c))
		case c.is("side a") || c.is("side b") || c.is("actor1") || c.is("actor2") || c.is("actor 1") || c.is("actor 2"):
			d.addList("sides", "a party, not necessarily the attacker", take(c))
		}
	}
	d.set("status", d.find("strike status", "status"), "")
	d.set("grading", d.find("airwars civilian harm grading", "grading", "grade"), "")
}

func (d *draft) placeSources() {
	d.set("source_kind", d.find("kind", "source kind", "source type"), `one of strikes' kinds ("news agency", "monitoring group", ...)`)
	if c := d.find("via"); c != nil {
		d.addList("via", "who passed the account on", take(c))
	}
	var named []*draftCol
	for _, n := range sourceNames {
		for _, c := range d.cols {
			if !c.taken && c.is(n) {
				named = append(named, c)
			}
		}
	}
	switch {
	case len(named) == 1 && !named[0].urls:
		d.set("source", named[0], "whose account each row is")
	case len(named) > 0:
		var names []string
		for _, c := range named {
			c.taken = true
			names = appendUnique(names, tomlString(c.name))
		}
		d.addList("cites", "the sources each row cites (a web address is cited by its host)", names...)
	}
	if c := d.find("sources", "cites", "citations"); c != nil {
		d.addList("cites", "", take(c))
	}
	var urls []string
	for _, c := range d.cols {
		if !c.taken && (c.urls || c.isURLName() && len(c.vals) == 0) {
			urls = append(urls, take(c))
		}
	}
	if len(urls) > 0 {
		d.addList("urls", "", urls...)
	}
	if !hasKey(d.columns, "source") {
		name := datasetName(d.src.file)
		d.constants = append(d.constants,
			entry{"source", tomlString(name), "no column names the source: the dataset is the source"},
			entry{"source_kind", `"dataset"`, ""})
	}
}

func (d *draft) placeRest() {
	for _, c := range d.cols {
		if c.taken {
			continue
		}
		why := "kept as a note"
		switch {
		case len(c.vals) == 0:
			why = "empty in the rows read; kept as a note when it holds something"
		case c.has("casualties", "casualty", "victims"):
			why = "killed and injured together? no field holds both; kept as a note"
		}
		d.notes = append(d.notes, fmt.Sprintf("%s: %s", tomlString(c.name), why))
	}
}

func hasKey(es []entry, key string) bool {
	for _, e := range es {
		if e.key == key {
			return true
		}
	}
	return false
}
