package ingest

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// UCDP GED (codebook 19.1): one row is one event of one dyad, place and
// day, and becomes one strike with one report, both with ID "ucdp:ID".
//
// Every release's layout is read by name, from 19.1's 41 columns to the
// 49 of 22.1 and later (relid, code_status, the *_dset_id columns,
// where_description, gwnoa and gwnob), and so is UCDP Candidate, the
// monthly release of events not yet checked for GED: the same columns,
// its rows flagged by code_status ("Clear", or "Check ..." for what is
// still to be checked). A file is Candidate when its name says so (UCDP
// names them GEDEvent_vYY_0_M.csv, the yearly releases GEDEvent_vYY_1.csv)
// or a code_status among its first rows is not "Clear"; its IDs read
// "ucdp-candidate:ID", since UCDP may revise an event before GED keeps it.
// Dates may be ISO or what a spreadsheet leaves (1/22/2014 12:00:00 AM,
// 05/02/2014 00:00), the order of day and month decided per column.
//
// Mapping decisions:
//   - side_a and side_b are the dyad's sides, not attackers (foreign air
//     forces are not sides): ActorRefs with RoleSide, split on ",".
//   - deaths_a and deaths_b are the deaths of each side, which the model
//     cannot hold as two "combatants" claims; they become the notes
//     "deaths_a (SIDE)" and "deaths_b (SIDE)". deaths_civilians and
//     deaths_unknown are exact claims, low/best/high the total estimate.
//     UCDP codes every death column, so 0 is a reported zero.
//   - A low/best/high that is not ordered (about 100 rows of GED 19.1) is
//     kept as the span of the three figures, with a note quoting them.
//   - Place.Key is the town key only at where_prec 1-2; coarser events are
//     keyed by their administrative unit ("district:...", "province:...")
//     so that they never link to a village by name.
//   - source_article and source_headline name the sources an event was
//     coded from ("Airwars,2016-06-08,CS225"; several joined by ";"); the
//     codes of the Airwars incidents they name become notes "cites" =
//     "Airwars CS225", which the linker follows before any scoring
//     (model/link_xref.go). The headlines themselves are not kept.
//   - where_description (older and newer layouts), UCDP's words for the
//     place, is the report's place detail; relid, a release's code for
//     the event, is kept among the strike's codes; a code_status other
//     than "Clear" is a note. The *_new_id, *_dset_id, gwnoa/gwnob,
//     priogrid_gid, country_id and region columns are UCDP's identifiers
//     for actors and areas already named, and year repeats the date.

var ucdpRequired = []string{"id", "type_of_violence", "side_a", "side_b", "date_start", "date_end",
	"deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"}

var ucdpOptional = []string{"conflict_name", "dyad_name", "number_of_sources", "source_office",
	"source_original", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude",
	"country", "event_clarity", "date_prec", "where_description", "relid", "code_status",
	"source_article", "source_headline"}

var ucdpViolence = map[string]string{"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}

var ucdpClarity = map[string]string{"1": "high", "2": "lower"}

var ucdpDatePrec = map[string]model.DatePrecision{"1": model.PrecDay, "2": model.PrecRange, "3": model.PrecWeek, "4": model.PrecMonth, "5": model.PrecYear}

// ucdpWherePrec reads where_prec: 2 is "within ca. 25 km of a named
// place", the place's point given (model.PlaceNearTown).
var ucdpWherePrec = map[string]model.PlacePrecision{"1": model.PlaceExact, "2": model.PlaceNearTown, "3": model.PlaceDistrict,
	"4": model.PlaceProvince, "5": model.PlaceDistrict, "6": model.PlaceCountry, "7": model.PlaceUnknown}

type ucdpReader struct {
	src                 *csvSource
	c                   map[string]int
	keys                *keyCache
	dataset             string
	format              string // FormatUCDP or FormatUCDPCandidate
	prefix              string // of IDs: "ucdp:" or "ucdp-candidate:"
	source              string // the report's source: "UCDP GED" or "UCDP Candidate"
	desc, relid, status int
	article, headline   int
	// column indices, resolved once
	id, tov, conflict, dyad, sideA, sideB, nsrc, office, original int
	wherePrec, where, adm1, adm2, lat, lon, country, clarity      int
	datePrec, start, end, da, db, dciv, dunk, low, best, high     int
	sideKeys                                                      [2]map[string]string // sideKey's
}

func newUCDP(src *csvSource, format string) (Reader, error) {
	c, err := src.columns("UCDP GED", ucdpRequired, ucdpOptional)
	if err != nil {
		return nil, err
	}
	u := &ucdpReader{src: src, c: c, keys: newKeyCache(), dataset: "UCDP GED", format: FormatUCDP, prefix: "ucdp:", source: "UCDP GED"}
	if format == FormatUCDPCandidate {
		u.dataset, u.format, u.prefix, u.source = "UCDP Candidate", FormatUCDPCandidate, "ucdp-candidate:", "UCDP Candidate"
	}
	if src.opts.Dataset != "" {
		u.dataset = src.opts.Dataset
	}
	u.id, u.tov, u.conflict, u.dyad = c["id"], c["type_of_violence"], c["conflict_name"], c["dyad_name"]
	u.sideA, u.sideB, u.nsrc, u.office, u.original = c["side_a"], c["side_b"], c["number_of_sources"], c["source_office"], c["source_original"]
	u.wherePrec, u.where, u.adm1, u.adm2 = c["where_prec"], c["where_coordinates"], c["adm_1"], c["adm_2"]
	u.lat, u.lon, u.country, u.clarity = c["latitude"], c["longitude"], c["country"], c["event_clarity"]
	u.datePrec, u.start, u.end = c["date_prec"], c["date_start"], c["date_end"]
	u.da, u.db, u.dciv, u.dunk = c["deaths_a"], c["deaths_b"], c["deaths_civilians"], c["deaths_unknown"]
	u.low, u.best, u.high = c["low"], c["best"], c["high"]
	u.desc, u.relid, u.status = c["where_description"], c["relid"], c["code_status"]
	u.article, u.headline = c["source_article"], c["source_headline"]
	return u, nil
}

// ucdpCandidateName matches the names UCDP gives Candidate files
// (GEDEvent_v25_0_3.csv, GEDEvent_v26_01_26_06.csv).
var ucdpCandidateName = regexp.MustCompile(`(?i)candidate|gedevent_v\d+_0`)

// ucdpCandidate says whether a UCDP file is Candidate: by its name, or a
// code_status other than "Clear" in its first rows.
func ucdpCandidate(src *csvSource) bool {
	if ucdpCandidateName.MatchString(filepath.Base(src.file)) {
		return true
	}
	i := src.index("code_status")
	if i < 0 {
		return false
	}
	for _, rec := range src.peek(20) {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" && !strings.EqualFold(v, "clear") {
				return true
			}
		}
	}
	return false
}

// Format names the format.
func (u *ucdpReader) Format() string { return u.format }

// Next returns the next event as a strike.
func (u *ucdpReader) Next() (*model.Strike, error) { return readLoop(u.src, u.row) }

// readLoop reads records until one makes a strike, applying SkipInvalid.
func readLoop(src *csvSource, row func() (*model.Strike, error)) (*model.Strike, error) {
	for {
		err := src.next()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err == nil {
			var s *model.Strike
			if s, err = row(); err == nil {
				return s, nil
			}
		}
		if err = src.rj.reject(err); err != nil {
			return nil, err
		}
	}
}

func (u *ucdpReader) row() (*model.Strike, error) {
	s := u.src
	id := s.cell(u.id)
	if id == "" {
		return nil, s.errf(u.id, "is empty; every UCDP event needs its id")
	}
	tov := s.cell(u.tov)
	violence, ok := ucdpViolence[tov]
	if !ok {
		return nil, s.errf(u.tov, "%q is not a type of violence (want 1, 2 or 3)", tov)
	}
	date, clock, err := u.date()
	if err != nil {
		return nil, err
	}
	place, err := u.place()
	if err != nil {
		return nil, err
	}
	// The strike, its report and the report's lists, made at once: they
	// live and die together, and a row made eight allocations of them.
	ev := new(ucdpEvent)
	st, r := &ev.strike, &ev.report[0]
	*r = model.Report{
		ID: u.prefix + id, Source: u.source, SourceKind: model.KindDataset,
		Originator: s.cell(u.original), Published: model.NoDay, Date: date, Place: place,
		PlaceDetail: s.cell(u.desc), Strikes: model.NoCount(), Dataset: u.dataset,
		Cites: ev.cites[:0:len(ev.cites)], Actors: ev.actors[:0:len(ev.actors)],
		Notes: ev.notes[:0:len(ev.notes)], Claims: ev.claims[:0:len(ev.claims)],
	}
	for o := range listItems(s.cell(u.office), ";") {
		r.Cites = append(r.Cites, model.Citation{Name: o})
	}
	if len(r.Cites) == 0 {
		r.Cites = nil
	}
	sideA, sideB := s.cell(u.sideA), s.cell(u.sideB)
	for _, side := range [2]string{sideA, sideB} {
		for name := range listItems(side, ",") {
			r.Actors = append(r.Actors, model.ActorRef{Name: name, Key: u.keys.actor(name), Role: model.RoleSide})
		}
	}
	if len(r.Actors) == 0 {
		r.Actors = nil
	}
	r.Notes = addNote(r.Notes, "type", violence)
	for _, c := range citedCodes(s.cell(u.article), s.cell(u.headline)) {
		r.Notes = addNote(r.Notes, model.CitesNote, c)
	}
	if v := s.cell(u.status); v != "" && !strings.EqualFold(v, "clear") {
		r.Notes = addNote(r.Notes, "code_status", v)
	}
	if v := s.cell(u.clarity); v != "" {
		w, ok := ucdpClarity[v]
		if !ok {
			return nil, s.errf(u.clarity, "%q is not an event clarity (want 1 or 2)", v)
		}
		r.Notes = addNote(r.Notes, "event_clarity", w)
	}
	if v := s.cell(u.nsrc); v != "" {
		if _, err := s.number(u.nsrc, v); err != nil {
			return nil, err
		}
		r.Notes = addNote(r.Notes, "number_of_sources", v)
	}
	r.Notes = addNote(r.Notes, "time", clock)
	r.Notes = addNote(r.Notes, "conflict", s.cell(u.conflict))
	r.Notes = addNote(r.Notes, "dyad", s.cell(u.dyad))
	for i, d := range [2]struct {
		col  int
		side string
	}{{u.da, sideA}, {u.db, sideB}} {
		n, err := s.count(d.col)
		if err != nil {
			return nil, err
		}
		if n.Reported() {
			r.Notes = append(r.Notes, model.Note{Key: u.sideKey(i, d.col, d.side), Value: n.String()})
		}
	}
	civ, err := s.count(u.dciv)
	if err != nil {
		return nil, err
	}
	unk, err := s.count(u.dunk)
	if err != nil {
		return nil, err
	}
	total, note, err := u.estimate()
	if err != nil {
		return nil, err
	}
	if note != "" {
		r.Notes = addNote(r.Notes, "estimate", note)
	}
	r.Claims = addClaim(r.Claims, model.Killed, model.Total, total)
	r.Claims = addClaim(r.Claims, model.Killed, model.Civilians, civ)
	r.Claims = addClaim(r.Claims, model.Killed, model.UnknownStatus, unk)
	*st = model.Strike{ID: r.ID, Date: date, Place: place, Reports: ev.report[:]}
	if v := s.cell(u.relid); v != "" {
		ev.codes[0] = v
		st.Codes = ev.codes[:]
	}
	return st, nil
}

// ucdpEvent is the memory of one row's strike: room for what a UCDP row
// holds (a list that outgrows its room moves out, as any slice does).
type ucdpEvent struct {
	strike model.Strike
	report [1]model.Report
	claims [3]model.Claim
	notes  [12]model.Note
	actors [2]model.ActorRef
	cites  [1]model.Citation
	codes  [1]string
}

// sideKey is the note key of side i's deaths column col (side A's, then
// B's) for the side named side, "deaths_a (Government of Syria)", made
// once for each side.
func (u *ucdpReader) sideKey(i, col int, side string) string {
	m := u.sideKeys[i]
	if m == nil {
		m = map[string]string{}
		u.sideKeys[i] = m
	}
	k, ok := m[side]
	if !ok {
		k = u.src.header[col] + " (" + side + ")"
		if len(m) < maxSideKeys {
			m[side] = k
		}
	}
	return k
}

// maxSideKeys bounds the side names sideKey keeps for each column; UCDP
// names a few hundred sides in all.
const maxSideKeys = 4096

// estimate reads low/best/high; an unordered triple is kept as its span
// with a note quoting the published figures.
func (u *ucdpReader) estimate() (model.Count, string, error) {
	s := u.src
	var v [3]int32
	given := 0
	for i, col := range [3]int{u.low, u.best, u.high} {
		c, err := s.count(col)
		if err != nil {
			return model.NoCount(), "", err
		}
		if c.Reported() {
			v[i] = c.Low
			given++
		}
	}
	switch given {
	case 0:
		return model.NoCount(), "", nil
	case 3:
	default:
		return model.NoCount(), "", s.errf(u.best, "low, best and high must be given together (or all left empty)")
	}
	lo, best, hi := v[0], v[1], v[2]
	if lo <= best && best <= hi {
		return model.EstimateCount(lo, best, hi), "", nil
	}
	note := fmt.Sprintf("UCDP gives low %d, best %d, high %d, which are not in order; kept as the span of the three", lo, best, hi)
	return model.EstimateCount(min(lo, best, hi), best, max(lo, best, hi)), note, nil
}

// date reads date_start and date_end, and a time of day other than
// midnight that a spreadsheet may have added (for a note).
func (u *ucdpReader) date() (model.DateSpan, string, error) {
	s := u.src
	start, okS, err := s.date(u.start)
	if err != nil {
		return model.DateSpan{}, "", err
	}
	end, okE, err := s.date(u.end)
	if err != nil {
		return model.DateSpan{}, "", err
	}
	if !okS && !okE {
		return model.NoDate(), "", nil
	}
	if !okS {
		start = end
	}
	if !okE {
		end = start
	}
	if end.End < start.Start {
		return model.DateSpan{}, "", s.errf(u.end, "%q is before date_start %q", s.cell(u.end), s.cell(u.start))
	}
	span := model.DateSpan{Start: start.Start, End: end.End, Precision: model.PrecDay}
	if v := s.cell(u.datePrec); v != "" {
		p, ok := ucdpDatePrec[v]
		if !ok {
			return model.DateSpan{}, "", s.errf(u.datePrec, "%q is not a date precision (want 1 to 5)", v)
		}
		span.Precision = p
	} else if span.Start != span.End {
		span.Precision = model.PrecRange
	}
	return span, start.Time, nil
}

func (u *ucdpReader) place() (model.Place, error) {
	s := u.src
	p := model.Place{
		Name:    s.cell(u.where),
		Admin1:  trimAdminWord(s.cell(u.adm1), " governorate"),
		Admin2:  s.cell(u.adm2),
		Country: s.cell(u.country),
	}
	lat, okLat, err := s.coord(u.lat, 90)
	if err != nil {
		return p, err
	}
	lon, okLon, err := s.coord(u.lon, 180)
	if err != nil {
		return p, err
	}
	if okLat && okLon {
		p.HasCoords, p.Lat, p.Lon = true, lat, lon
	}
	if v := s.cell(u.wherePrec); v != "" {
		prec, ok := ucdpWherePrec[v]
		if !ok {
			return p, s.errf(u.wherePrec, "%q is not a place precision (want 1 to 7)", v)
		}
		p.Precision = prec
	}
	switch p.Precision {
	case model.PlaceExact, model.PlaceTown, model.PlaceNearTown, model.PlaceUnknown:
		if p.Name != "" {
			p.Key = u.keys.place(p.Name)
		}
	case model.PlaceDistrict:
		if s.cell(u.wherePrec) == "5" {
			p.Key = adminKey("area", p.Name)
		} else {
			p.Key = adminKey("district", firstNonEmpty(p.Admin2, p.Name))
		}
	case model.PlaceProvince:
		p.Key = adminKey("province", firstNonEmpty(p.Admin1, p.Name))
	case model.PlaceCountry:
		p.Key = adminKey("country", firstNonEmpty(p.Country, p.Name))
	}
	return p, nil
}

// trimAdminWord drops a trailing "governorate" (any case) from a name.
func trimAdminWord(name, word string) string {
	if len(name) > len(word) && strings.EqualFold(name[len(name)-len(word):], word) {
		return strings.TrimSpace(name[:len(name)-len(word)])
	}
	return name
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// ucdpCode is an incident code as UCDP cites it: "CS225", "S571a",
// "RS1135", "R3896".
var ucdpCode = regexp.MustCompile(`\b[A-Z]{1,6}[0-9]{1,5}[a-z]?\b`)

// citedCodes returns the codes of the Airwars incidents a UCDP event's
// source_article and source_headline name, as "Airwars CODE", in order:
// only from the entries whose outlet is Airwars ("Airwars,DATE,TEXT" in
// source_article; its headline at the same place in source_headline).
func citedCodes(article, headline string) []string {
	// The article field of every row is searched: without a lower-case
	// copy of it (strings.ToLower was a twelfth of reading a row).
	if article == "" || !containsLowerASCII(article, "airwars") {
		return nil
	}
	var texts []string
	entries := strings.Split(article, `";"`)
	heads := strings.Split(headline, ";")
	for i, e := range entries {
		e = strings.Trim(e, `"`)
		if len(e) < len("airwars,") || !containsLowerASCII(e[:len("airwars,")], "airwars,") {
			continue
		}
		texts = append(texts, e[len("airwars,"):])
		if len(heads) == len(entries) {
			texts = append(texts, heads[i])
		}
	}
	var out []string
	for _, t := range texts {
		for _, c := range ucdpCode.FindAllString(t, -1) {
			if v := "Airwars " + c; !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// containsLowerASCII says whether strings.ToLower(s) contains w, a
// lower-case ASCII word, without making the copy when s is ASCII (a few
// other letters lower to ASCII ones: the Kelvin sign, the dotted İ).
func containsLowerASCII(s, w string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), w)
		}
	}
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && lowerASCII(s[i+j]) == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
