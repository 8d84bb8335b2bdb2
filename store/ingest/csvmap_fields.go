package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/strikes-dev/strikes/model"
)

// The typed fields of a mapped row: counts, dates, places.

// count reads a count as its spec says; note quotes figures that had to
// be read as a span.
func (r *csvMapReader) count(spec CountSpec) (model.Count, string, error) {
	switch {
	case spec.Column != "":
		return r.cellCount(spec.Column, spec)
	case spec.Min != "" || spec.Max != "":
		return r.rangeCount(spec)
	}
	return r.estimateCount(spec)
}

// cellCount reads one cell as a count. A cell that is not a count is an
// error or, with unreadable = "note", the note quoting it.
func (r *csvMapReader) cellCount(col string, spec CountSpec) (model.Count, string, error) {
	i := r.col[col]
	v := r.vals[i]
	if v == "" || isPlaceholder(v) {
		if v == "" && spec.Empty == "zero" {
			return model.ExactCount(0), "", nil
		}
		return model.NoCount(), "", nil
	}
	if spec.Pattern != "" {
		m := r.m.countPatterns[spec.Pattern].FindStringSubmatch(v)
		if m == nil { // the cell does not give this figure
			return model.NoCount(), "", nil
		}
		v = strings.TrimSpace(m[len(m)-1])
	}
	n, msg := parseCountCell(v)
	if msg != "" {
		note, err := r.unreadable(i, v, msg)
		return model.NoCount(), note, err
	}
	if spec.AtLeast && n.Kind == model.Exact && n.Low > 0 {
		n = model.AtLeastCount(n.Low)
	}
	return n, "", nil
}

// unreadable handles a cell that cannot be read: the row's error, or,
// with unreadable = "note", a note quoting it (counted, so that the
// import can say how many).
func (r *csvMapReader) unreadable(i int, v, msg string) (string, error) {
	err := r.src.errf(i, "%q %s", v, msg)
	if r.m.Unreadable != "note" {
		return "", err
	}
	r.kept++
	if r.firstKept == nil {
		r.firstKept = err
	}
	return fmt.Sprintf("%s gives %q, which %s; kept as this note, the figure not reported", r.src.columnName(i), v, msg), nil
}

// rangeCount reads a min/max pair: both empty is not reported, equal an
// exact figure, a min alone "at least min", a max alone "0 to max"; a
// max written "10+" makes the pair "at least min"; a min above the max is
// kept as the span of the two, with a note quoting them.
func (r *csvMapReader) rangeCount(spec CountSpec) (model.Count, string, error) {
	lo, hi := model.NoCount(), model.NoCount()
	var err error
	var loNote, hiNote string
	if spec.Min != "" {
		if lo, loNote, err = r.cellCount(spec.Min, CountSpec{Empty: spec.Empty}); err != nil {
			return lo, "", err
		}
	}
	if spec.Max != "" {
		if hi, hiNote, err = r.cellCount(spec.Max, CountSpec{Empty: spec.Empty}); err != nil {
			return hi, "", err
		}
	}
	if note := joinNotes(loNote, hiNote); note != "" {
		n, _, _ := r.rangeOf(lo, hi, spec)
		return n, note, nil
	}
	return r.rangeOf(lo, hi, spec)
}

// joinNotes joins the notes that are not empty.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// rangeOf makes one count of a min and a max.
func (r *csvMapReader) rangeOf(lo, hi model.Count, spec CountSpec) (model.Count, string, error) {
	quote := func() string {
		return fmt.Sprintf("%s gives %s and %s gives %s", spec.Min, r.field(spec.Min), spec.Max, r.field(spec.Max))
	}
	switch {
	case !lo.Reported() && !hi.Reported():
		return model.NoCount(), "", nil
	case !hi.Reported():
		return model.AtLeastCount(lo.Low), "", nil
	case !lo.Reported():
		if hi.High == model.Unbounded {
			return model.AtLeastCount(0), "", nil
		}
		return model.RangeCount(0, hi.High), "", nil
	case hi.High == model.Unbounded:
		n := model.AtLeastCount(lo.Low)
		return n, quote() + "; kept as " + n.String(), nil
	}
	l, h := lo.Low, hi.High
	if l <= h {
		return model.RangeCount(l, h), "", nil
	}
	n := model.RangeCount(h, l)
	return n, quote() + ": the minimum is above the maximum; kept as the span " + n.String(), nil
}

// estimateCount reads low/best/high; an unordered triple is kept as its
// span with a note quoting it.
func (r *csvMapReader) estimateCount(spec CountSpec) (model.Count, string, error) {
	var v [3]int32
	given := 0
	for i, col := range [3]string{spec.Low, spec.Best, spec.High} {
		c, note, err := r.cellCount(col, CountSpec{Empty: spec.Empty})
		if err != nil || note != "" {
			return model.NoCount(), note, err
		}
		if c.Reported() {
			if c.Kind != model.Exact {
				return model.NoCount(), "", r.src.errf(r.col[col], "%q is not a single figure, which an estimate's low, best and high must be", r.field(col))
			}
			v[i] = c.Low
			given++
		}
	}
	switch given {
	case 0:
		return model.NoCount(), "", nil
	case 3:
	default:
		return model.NoCount(), "", r.src.errf(r.col[spec.Best], "low, best and high must be given together (or all left empty)")
	}
	lo, best, hi := v[0], v[1], v[2]
	if lo <= best && best <= hi {
		return model.EstimateCount(lo, best, hi), "", nil
	}
	note := fmt.Sprintf("the file gives low %d, best %d, high %d, which are not in order; kept as the span of the three", lo, best, hi)
	return model.EstimateCount(min(lo, best, hi), best, max(lo, best, hi)), note, nil
}

// day reads a date column as one day.
func (r *csvMapReader) day(col string) (model.Day, error) {
	d, _, err := r.dateCell(col)
	return d.Start, err
}

// dateCell reads a date column: through the map's date_layouts when it
// gives them, else in every form strikes knows.
func (r *csvMapReader) dateCell(col string) (dateCell, bool, error) {
	i := r.col[col]
	v := r.vals[i]
	if v == "" {
		return dateCell{Start: model.NoDay, End: model.NoDay}, false, nil
	}
	if len(r.m.DateLayouts) == 0 {
		d, ok, err := r.src.dateOf(i, v)
		if !ok {
			d.Start, d.End = model.NoDay, model.NoDay
		}
		return d, ok, err
	}
	for _, layout := range r.m.DateLayouts {
		if layout == "2006-01-02" {
			if d, msg := parseISODay(v); msg == "" {
				return dateCell{Start: d, End: d}, true, nil
			} else if len(r.m.DateLayouts) == 1 {
				return dateCell{}, false, r.src.errf(i, "%q %s", v, msg)
			}
			continue
		}
		if t, err := time.Parse(layout, v); err == nil {
			d := model.DayOf(t.Date())
			return dateCell{Start: d, End: d}, true, nil
		}
	}
	return dateCell{}, false, r.src.errf(i, "%q is not a date in the layouts %s", v, strings.Join(r.m.DateLayouts, ", "))
}

// date reads the report's date, and a time of day other than midnight.
func (r *csvMapReader) date() (model.DateSpan, string, error) {
	c := &r.m.Columns
	if c.Date == "" {
		return model.NoDate(), "", nil
	}
	start, ok, err := r.dateCell(c.Date)
	if err != nil || !ok {
		return model.NoDate(), "", err
	}
	span := dateSpanOf(start)
	if c.DateEnd != "" {
		end, ok, err := r.dateCell(c.DateEnd)
		if err != nil {
			return span, "", err
		}
		if ok {
			if end.End < span.Start {
				return span, "", r.src.errf(r.col[c.DateEnd], "%q is before the start date %q", r.field(c.DateEnd), r.field(c.Date))
			}
			span.End = end.End
			if span.End != span.Start {
				span.Precision = model.PrecRange
			}
		}
	}
	if p := r.m.Constants.DatePrecision; p != "" {
		span.Precision, _ = model.ParseDatePrecision(p)
	}
	return span, start.Time, nil
}

// place reads the place; note quotes a coordinate that could not be read
// when the map says unreadable = "note".
func (r *csvMapReader) place() (model.Place, string, error) {
	c, k := &r.m.Columns, &r.m.Constants
	p := model.Place{Name: r.field(c.Place), NameAR: r.field(c.PlaceAR), Admin1: r.field(c.Admin1),
		Admin2: r.field(c.Admin2), Country: firstNonEmpty(r.field(c.Country), k.Country)}
	if isPlaceholder(p.Name) {
		p.Name = ""
	}
	for _, f := range []*string{&p.Admin1, &p.Admin2, &p.Country} {
		if isPlaceholder(*f) {
			*f = ""
		}
	}
	lat, lon, ok, bad, err := r.coords()
	if err != nil {
		return p, "", err
	}
	if ok {
		p.HasCoords, p.Lat, p.Lon = true, lat, lon
	}
	if v := r.field(c.PlacePrecision); v != "" {
		prec, ok := parsePlacePrecision(v)
		if !ok {
			return p, "", r.src.errf(r.col[c.PlacePrecision], "%q is not a place precision", v)
		}
		p.Precision = prec
	} else if k.PlacePrecision == "auto" {
		p.Precision = autoPrecision(p)
		if p.Name == "" { // named at the level it is known: the district, the province
			p.Name = firstNonEmpty(p.Admin2, p.Admin1, p.Country)
		}
	} else if k.PlacePrecision != "" && p.Name != "" {
		p.Precision, _ = parsePlacePrecision(k.PlacePrecision)
	}
	switch p.Precision {
	case model.PlaceDistrict:
		p.Key = adminKey("district", firstNonEmpty(p.Name, p.Admin2))
	case model.PlaceProvince:
		p.Key = adminKey("province", firstNonEmpty(p.Name, p.Admin1))
	case model.PlaceCountry:
		p.Key = adminKey("country", firstNonEmpty(p.Name, p.Country))
	default:
		if p.Name != "" {
			p.Key = r.keys.place(p.Name)
		}
	}
	return p, bad, nil
}

// autoPrecision is the finest level a row gives: its place, its
// district, its province, its country.
func autoPrecision(p model.Place) model.PlacePrecision {
	switch {
	case p.Name != "":
		return model.PlaceTown
	case p.Admin2 != "":
		return model.PlaceDistrict
	case p.Admin1 != "":
		return model.PlaceProvince
	case p.Country != "":
		return model.PlaceCountry
	}
	return model.PlaceUnknown
}

// coords reads lat and lon, or one "lat, lon" cell. A value that cannot
// be read is an error, or with unreadable = "note" the note bad.
func (r *csvMapReader) coords() (lat, lon float64, ok bool, bad string, err error) {
	c := &r.m.Columns
	fail := func(i int, v, msg string) (float64, float64, bool, string, error) {
		note, err := r.unreadable(i, v, msg)
		return 0, 0, false, strings.Replace(note, "the figure not reported", "no coordinates kept", 1), err
	}
	if c.Coords != "" {
		i := r.col[c.Coords]
		v := r.vals[i]
		if v == "" || isPlaceholder(v) {
			return 0, 0, false, "", nil
		}
		la, lo, msg := parseCoordPair(v)
		if msg != "" {
			return fail(i, v, msg)
		}
		return la, lo, true, "", nil
	}
	if c.Lat == "" || c.Lon == "" {
		return 0, 0, false, "", nil
	}
	iLat, iLon := r.col[c.Lat], r.col[c.Lon]
	vLat, vLon := r.vals[iLat], r.vals[iLon]
	if vLat == "" || vLon == "" || isPlaceholder(vLat) || isPlaceholder(vLon) {
		return 0, 0, false, "", nil
	}
	if lat, msg := parseCoord(vLat, 90); msg != "" {
		return fail(iLat, vLat, msg)
	} else if lon, msg := parseCoord(vLon, 180); msg != "" {
		return fail(iLon, vLon, msg)
	} else {
		return lat, lon, true, "", nil
	}
}

// parseCoord reads a latitude (limit 90) or longitude (180).
func parseCoord(v string, limit float64) (float64, string) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, "is not a number"
	}
	if f < -limit || f > limit || math.IsNaN(f) {
		return 0, fmt.Sprintf("is outside -%g..%g", limit, limit)
	}
	return f, ""
}

// parseCoordPair reads "lat, lon" (also "lat,lon", "(lat, lon)", "lat;
// lon" or "lat lon").
func parseCoordPair(v string) (lat, lon float64, msg string) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(v), "("), ")"))
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
	if len(parts) != 2 {
		return 0, 0, "is not a latitude and longitude (want \"lat, lon\")"
	}
	lat, m1 := parseCoord(parts[0], 90)
	lon, m2 := parseCoord(parts[1], 180)
	switch {
	case m1 != "":
		return 0, 0, "has a latitude that " + m1
	case m2 != "":
		return 0, 0, "has a longitude that " + m2
	}
	return lat, lon, ""
}
