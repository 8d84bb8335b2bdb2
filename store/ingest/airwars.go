package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// Airwars (syria-incidents.csv joined with syria-sources.csv on code): one
// row is one incident and becomes one strike, ID "airwars:" + its first
// code. Its reports are:
//   - Airwars' own ("airwars:CODE"): a monitoring group's account with the
//     belligerents as attackers (certainty from belligerent_details_json),
//     the casualty ranges, the place and date, the sources as citations.
//   - one per belligerent that said or assessed something
//     ("airwars:CODE/KEY", see airwars_belligerents.go).
//
// Ranges: min and max equal are an exact figure; both empty is not
// reported; only a min is "at least min"; only a max is "0 to max"; a min
// above the max (a handful of rows) is kept as the span of the two with
// a note quoting them. A code seen twice in a file (TS631, TS633: two
// case pages) gives "airwars:TS631" then "airwars:TS631-2".

var airwarsRequired = []string{"code", "date", "belligerents", "civilians_killed_min", "civilians_killed_max"}

var airwarsOptional = []string{"airwars_url", "date_type", "local_time", "location_name", "location_name_arabic",
	"region", "governorate", "latitude", "longitude", "geolocation_accuracy", "strike_type", "strike_status",
	"civilian_harm_reported", "grading", "cause_of_death", "infrastructure", "incident_status",
	"civilians_injured_min", "civilians_injured_max", "children_killed_min", "children_killed_max",
	"women_killed_min", "women_killed_max", "men_killed_min", "men_killed_max", "militants_killed_min",
	"militants_killed_max", "published", "belligerent_details_json", "previous_codes_json"}

var airwarsPrecision = map[string]model.PlacePrecision{
	"exact_location": model.PlaceExact, "exact_location_other": model.PlaceExact, "exact_location_coalition": model.PlaceExact,
	"within_1m": model.PlaceExact, "within_100m": model.PlaceExact, "street": model.PlaceExact, "nearby_landmark": model.PlaceExact,
	"neighbourhood_area": model.PlaceNeighbourhood, "village": model.PlaceTown, "town": model.PlaceTown, "city": model.PlaceCity,
	"subdistrict": model.PlaceDistrict, "district": model.PlaceDistrict, "province_governorate": model.PlaceProvince,
}

// airwarsClaims are the casualty columns, in display order.
var airwarsClaims = []struct {
	prefix   string
	outcome  model.Outcome
	category model.Category
	words    string
}{
	{"civilians_killed", model.Killed, model.Civilians, "civilians"},
	{"children_killed", model.Killed, model.Children, "children"},
	{"women_killed", model.Killed, model.Women, "women"},
	{"men_killed", model.Killed, model.Men, "men"},
	{"militants_killed", model.Killed, model.Combatants, "militants"},
	{"civilians_injured", model.Injured, model.Civilians, "civilians"},
}

type airwarsReader struct {
	src     *csvSource
	c       map[string]int
	keys    *keyCache
	dataset string
	sources airwarsSources
	seen    map[string]int // codes seen, for the rare duplicate
}

func newAirwars(src *csvSource) (Reader, error) {
	c, err := src.columns("Airwars", airwarsRequired, airwarsOptional)
	if err != nil {
		return nil, err
	}
	a := &airwarsReader{src: src, c: c, keys: newKeyCache(), dataset: "Airwars", seen: map[string]int{}}
	if src.opts.Dataset != "" {
		a.dataset = src.opts.Dataset
	}
	p, err := sourcesPath(src.file, src.opts)
	if err != nil {
		return nil, err
	}
	if p != "" {
		if a.sources, err = loadAirwarsSources(p, src.opts); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Format names the format.
func (a *airwarsReader) Format() string { return FormatAirwars }

// Next returns the next incident as a strike.
func (a *airwarsReader) Next() (*model.Strike, error) { return readLoop(a.src, a.row) }

func (a *airwarsReader) get(col string) string { return a.src.cell(a.c[col]) }

func (a *airwarsReader) row() (*model.Strike, error) {
	s := a.src
	full := a.get("code")
	codes := strings.Fields(full)
	if len(codes) == 0 {
		return nil, s.errf(a.c["code"], "is empty; every Airwars incident needs its code")
	}
	id := codes[0]
	if n := a.seen[id]; n > 0 {
		id = fmt.Sprintf("%s-%d", id, n+1)
	}
	a.seen[codes[0]]++
	st := &model.Strike{ID: "airwars:" + id, Status: a.get("strike_status"), Grading: a.get("grading")}
	st.Codes = append(st.Codes, codes...)
	if err := a.previousCodes(st); err != nil {
		return nil, err
	}
	r := model.Report{ID: "airwars:" + id, Source: "Airwars", SourceKind: model.KindMonitor, Strikes: model.NoCount(), Dataset: a.dataset}
	var err error
	if r.Date, err = a.date(); err != nil {
		return nil, err
	}
	if r.Published, _, err = s.day(a.c["published"]); err != nil {
		return nil, err
	}
	var coordNote string
	if r.Place, coordNote, err = a.place(); err != nil {
		return nil, err
	}
	r.Notes = addNote(r.Notes, "coordinates", coordNote)
	for _, cl := range airwarsClaims {
		n, note, err := a.rangeCells(cl.prefix)
		if err != nil {
			return nil, err
		}
		r.Claims = addClaim(r.Claims, cl.outcome, cl.category, n)
		r.Notes = addNote(r.Notes, cl.prefix, note)
	}
	bellig, err := parseBelligerents(a.get("belligerent_details_json"))
	if err != nil {
		return nil, s.errf(a.c["belligerent_details_json"], "%s", err.Error())
	}
	r.Actors = a.actors(splitList(a.get("belligerents"), ","), bellig)
	r.URLs = appendUnique(r.URLs, a.get("airwars_url"))
	for _, n := range [...][2]string{{"type", "strike_type"}, {"civilian_harm_reported", ""}, {"cause_of_death", ""},
		{"infrastructure", ""}, {"incident_status", ""}, {"date_type", ""}, {"local_time", ""}} {
		col := n[1]
		if col == "" {
			col = n[0]
		}
		r.Notes = addNote(r.Notes, n[0], a.get(col))
	}
	r.Summary = airwarsSummary(&r)
	st.Date, st.Place = r.Date, r.Place
	brs, err := a.belligerentReports(id, bellig)
	if err != nil {
		return nil, s.errf(a.c["belligerent_details_json"], "%s", err.Error())
	}
	a.attachSources(full, codes, &r, brs)
	st.Reports = append(make([]model.Report, 0, 1+len(brs)), r)
	for _, br := range brs {
		if br.report != nil {
			st.Reports = append(st.Reports, *br.report)
		}
	}
	return st, nil
}

// previousCodes adds previous_codes_json's codes to the strike's.
func (a *airwarsReader) previousCodes(st *model.Strike) error {
	v := a.get("previous_codes_json")
	if v == "" {
		return nil
	}
	var prev []struct {
		Code string `json:"previous_unique_reference_code"`
	}
	if err := json.Unmarshal([]byte(v), &prev); err != nil {
		return a.src.errf(a.c["previous_codes_json"], "is not a JSON list of previous codes: %v", err)
	}
	for _, p := range prev {
		for _, c := range strings.Fields(p.Code) {
			st.Codes = appendUnique(st.Codes, c)
		}
	}
	return nil
}

func (a *airwarsReader) date() (model.DateSpan, error) {
	d, ok, err := a.src.day(a.c["date"])
	if err != nil || !ok {
		return model.NoDate(), err
	}
	span := model.OnDay(d)
	switch t := a.get("date_type"); t {
	case "", "date":
	case "date_range":
		span.Precision = model.PrecRange // the file gives the first day only
	default:
		return span, a.src.errf(a.c["date_type"], "%q is not a date type (want date or date_range)", t)
	}
	return span, nil
}

func (a *airwarsReader) place() (p model.Place, note string, err error) {
	s := a.src
	p = model.Place{
		Name:   a.get("location_name"),
		NameAR: stripBidi(a.get("location_name_arabic")),
		Admin1: firstNonEmpty(a.get("governorate"), a.get("region")),
	}
	// A bad coordinate (one row of the Syria file has longitude 4239.00416)
	// drops the coordinates, with a note; the incident stays.
	lat, okLat, errLat := s.coord(a.c["latitude"], 90)
	lon, okLon, errLon := s.coord(a.c["longitude"], 180)
	if err := errors.Join(errLat, errLon); err != nil {
		var re *RowError
		if errors.As(err, &re) {
			note = fmt.Sprintf("%s %s; the coordinates are left out", re.Column, re.Msg)
		}
	} else if okLat && okLon {
		p.HasCoords, p.Lat, p.Lon = true, lat, lon
	}
	if v := a.get("geolocation_accuracy"); v != "" {
		prec, ok := airwarsPrecision[v]
		if !ok {
			return p, "", s.errf(a.c["geolocation_accuracy"], "%q is not a geolocation accuracy I know", v)
		}
		p.Precision = prec
	}
	p.Country = countryOf(&p)
	switch p.Precision {
	case model.PlaceDistrict:
		p.Key = adminKey("district", p.Name)
	case model.PlaceProvince:
		p.Key = adminKey("province", firstNonEmpty(p.Admin1, p.Name))
	default:
		if p.Name != "" {
			p.Key = a.keys.place(p.Name)
		}
	}
	return p, note, nil
}

// rangeCells reads PREFIX_min and PREFIX_max as one count.
func (a *airwarsReader) rangeCells(prefix string) (model.Count, string, error) {
	s := a.src
	lo, err := s.count(a.c[prefix+"_min"])
	if err != nil {
		return model.NoCount(), "", err
	}
	hi, err := s.count(a.c[prefix+"_max"])
	if err != nil {
		return model.NoCount(), "", err
	}
	n, note := minMax(lo, hi)
	return n, note, nil
}

// minMax combines a min and a max figure, either possibly not reported.
func minMax(lo, hi model.Count) (model.Count, string) {
	switch {
	case !lo.Reported() && !hi.Reported():
		return model.NoCount(), ""
	case !hi.Reported():
		return model.AtLeastCount(lo.Low), ""
	case !lo.Reported():
		return model.RangeCount(0, hi.Low), "no minimum given, maximum " + hi.String()
	case lo.Low > hi.Low:
		return model.RangeCount(hi.Low, lo.Low), fmt.Sprintf("the source gives minimum %d above maximum %d; kept as the span of the two", lo.Low, hi.Low)
	}
	return model.RangeCount(lo.Low, hi.Low), ""
}

// actors lists the belligerents as attackers: the belligerents column
// first, with certainty from the details, then any belligerent the
// details name that the column does not ("unknown" names no one).
func (a *airwarsReader) actors(names []string, bs []awBelligerent) []model.ActorRef {
	var out []model.ActorRef
	add := func(name string, cert model.Certainty) {
		key := a.keys.actor(name)
		for i := range out {
			if out[i].Key == key {
				if cert == model.Known || out[i].Certainty == model.CertaintyUnstated {
					out[i].Certainty = cert
				}
				return
			}
		}
		out = append(out, model.ActorRef{Name: name, Key: key, Certainty: cert, Role: model.RoleAttacker})
	}
	for _, n := range names {
		add(n, model.CertaintyUnstated)
	}
	// An entry whose slug Airwars left "unknown" still names its
	// belligerent by its taxonomy term; one whose term is not known here
	// either gives its certainty only where it cannot be anyone else's.
	var unplaced []model.Certainty
	for _, b := range bs {
		slug := b.Slug
		if slug == "unknown" || slug == "" {
			slug = belligerentTerms[b.term()]
		}
		switch {
		case slug != "":
			add(belligerentName(slug), b.certainty())
		case b.certainty() != model.CertaintyUnstated:
			unplaced = append(unplaced, b.certainty())
		}
	}
	// The certainty every unplaced entry agrees on goes to the named
	// belligerents that have none: a lone "U.S.-led Coalition" with one
	// entry "suspected" is suspected.
	if len(unplaced) > 0 && !slices.ContainsFunc(unplaced, func(c model.Certainty) bool { return c != unplaced[0] }) {
		for i := range out {
			if out[i].Certainty == model.CertaintyUnstated {
				out[i].Certainty = unplaced[0]
			}
		}
	}
	return out
}

// attachSources puts the incident's sources on the reports.
func (a *airwarsReader) attachSources(full string, codes []string, r *model.Report, brs []belligerentReport) {
	for _, s := range a.sources.of(full, codes) {
		if s.cite {
			// The same link under another name is another name the
			// source was given: both are kept.
			if !hasCitation(r.Cites, s.citation) {
				r.Cites = append(r.Cites, s.citation)
			}
			continue
		}
		if s.belligeren >= 0 && s.belligeren < len(brs) && brs[s.belligeren].report != nil {
			br := brs[s.belligeren].report
			br.URLs = appendUnique(br.URLs, s.citation.URL)
			continue
		}
		r.URLs = appendUnique(r.URLs, s.citation.URL)
	}
}

// hasCitation says whether cs already cites c's link under c's name (a
// citation without a link is never a duplicate).
func hasCitation(cs []model.Citation, c model.Citation) bool {
	if c.URL == "" {
		return false
	}
	for _, x := range cs {
		if x.URL == c.URL && x.Name == c.Name {
			return true
		}
	}
	return false
}

// stripBidi drops the invisible direction marks Airwars leaves on Arabic names.
func stripBidi(s string) string {
	if !strings.ContainsAny(s, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return s
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
			return -1
		}
		return r
	}, s))
}

// airwarsSummary writes a factual one-line summary from the figures, in
// the project's words: "Airwars: 15 civilians killed (8 children, 5
// women), 25 civilians injured; Russian Military suspected".
func airwarsSummary(r *model.Report) string {
	var parts []string
	civ := r.Claim(model.Killed, model.Civilians)
	if civ.Reported() {
		p := people(civ, "civilian", "civilians") + " killed"
		var sub []string
		for _, c := range []struct {
			cat   model.Category
			words string
			one   string
		}{{model.Children, "children", "child"}, {model.Women, "women", "woman"}, {model.Men, "men", "man"}} {
			if n := r.Claim(model.Killed, c.cat); n.Reported() {
				sub = append(sub, people(n, c.one, c.words))
			}
		}
		if len(sub) > 0 {
			p += " (" + strings.Join(sub, ", ") + ")"
		}
		parts = append(parts, p)
	}
	if n := r.Claim(model.Killed, model.Combatants); n.Reported() {
		parts = append(parts, people(n, "militant", "militants")+" killed")
	}
	if n := r.Claim(model.Injured, model.Civilians); n.Reported() {
		parts = append(parts, people(n, "civilian", "civilians")+" injured")
	}
	out := "Airwars: " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		out = "Airwars: no casualty figures"
	}
	var actors []string
	for _, ac := range r.Actors {
		if c := ac.Certainty.String(); c != "" {
			actors = append(actors, ac.Name+" "+c)
		} else {
			actors = append(actors, ac.Name)
		}
	}
	if len(actors) > 0 {
		out += "; " + strings.Join(actors, ", ")
	}
	return out
}

// people writes a figure with its noun: "1 civilian", "3–6 civilians".
func people(n model.Count, one, many string) string {
	if n.Kind == model.Exact && n.Low == 1 {
		return "1 " + one
	}
	return n.String() + " " + many
}
