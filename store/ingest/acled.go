package ingest

import (
	"github.com/strikes-dev/strikes/model"
)

// ACLED (the 31-column export): one row is one event and becomes one
// strike with one report, both with ID "acled:EVENT_ID_CNTY".
//
// Mapping decisions:
//   - actor1, assoc_actor_1, actor2 and assoc_actor_2 are sides (ACLED says
//     they imply no direction), not attackers; associated actors split on ";".
//   - fatalities is ACLED's lowest credible figure: a positive figure is
//     "at least N" (model.AtLeast), a zero is a reported zero (Exact 0), an
//     empty cell is not reported. ACLED gives no injuries.
//   - event_date is ISO in today's exports; older ones and spreadsheets
//     write 14 August 2020, 14-August-2020 or 14/08/2020 00:00:00 (the
//     order of day and month decided per column, as everywhere).
//   - Layouts before 2019 name the associated actors ally_actor_1 and
//     ally_actor_2; iso, timestamp and tags may be absent (none is read).
//   - time_precision 1 is the day; 2 is the week around event_date
//     (three days either side); 3 is the calendar month of event_date.
//   - geo_precision 1 is the town (keyed by location), 2 an area near a
//     town or part of a region (keyed by admin2), 3 a larger part of a
//     region (keyed by admin1).

var acledRequired = []string{"event_id_cnty", "event_date", "actor1", "fatalities"}

var acledOptional = []string{"time_precision", "disorder_type", "event_type", "sub_event_type", "assoc_actor_1",
	"actor2", "assoc_actor_2", "ally_actor_1", "ally_actor_2", "civilian_targeting", "country", "admin1", "admin2", "admin3", "location",
	"latitude", "longitude", "geo_precision", "source", "source_scale", "interaction"}

type acledReader struct {
	src     *csvSource
	c       map[string]int
	keys    *keyCache
	dataset string
}

func newACLED(src *csvSource) (Reader, error) {
	c, err := src.columns("ACLED", acledRequired, acledOptional)
	if err != nil {
		return nil, err
	}
	a := &acledReader{src: src, c: c, keys: newKeyCache(), dataset: "ACLED"}
	if src.opts.Dataset != "" {
		a.dataset = src.opts.Dataset
	}
	return a, nil
}

// Format names the format.
func (a *acledReader) Format() string { return FormatACLED }

// Next returns the next event as a strike.
func (a *acledReader) Next() (*model.Strike, error) { return readLoop(a.src, a.row) }

func (a *acledReader) get(col string) string { return a.src.cell(a.c[col]) }

func (a *acledReader) row() (*model.Strike, error) {
	s := a.src
	id := a.get("event_id_cnty")
	if id == "" {
		return nil, s.errf(a.c["event_id_cnty"], "is empty; every ACLED event needs its id")
	}
	date, clock, err := a.date()
	if err != nil {
		return nil, err
	}
	place, err := a.place()
	if err != nil {
		return nil, err
	}
	r := model.Report{
		ID: "acled:" + id, Source: "ACLED", SourceKind: model.KindDataset, Published: model.NoDay,
		Date: date, Place: place, Strikes: model.NoCount(), Dataset: a.dataset,
	}
	for _, src := range splitList(a.get("source"), ";") {
		r.Cites = append(r.Cites, model.Citation{Name: src})
	}
	for _, col := range []string{"actor1", "assoc_actor_1", "ally_actor_1", "actor2", "assoc_actor_2", "ally_actor_2"} {
		for _, name := range splitList(a.get(col), ";") {
			r.Actors = append(r.Actors, model.ActorRef{Name: name, Key: a.keys.actor(name), Role: model.RoleSide})
		}
	}
	r.Notes = addNote(r.Notes, "time", clock)
	r.Notes = addNote(r.Notes, "type", a.get("sub_event_type"))
	r.Notes = addNote(r.Notes, "event_type", a.get("event_type"))
	r.Notes = addNote(r.Notes, "disorder_type", a.get("disorder_type"))
	r.Notes = addNote(r.Notes, "civilian_targeting", a.get("civilian_targeting"))
	r.Notes = addNote(r.Notes, "interaction", a.get("interaction"))
	r.Notes = addNote(r.Notes, "admin3", a.get("admin3"))
	r.Notes = addNote(r.Notes, "source_scale", a.get("source_scale"))
	f, err := s.count(a.c["fatalities"])
	if err != nil {
		return nil, err
	}
	if f.Reported() && f.Low > 0 {
		f = model.AtLeastCount(f.Low)
	}
	if f.Reported() {
		r.Notes = addNote(r.Notes, "fatalities", "ACLED's lowest credible figure")
	}
	r.Claims = addClaim(r.Claims, model.Killed, model.Total, f)
	return &model.Strike{ID: r.ID, Date: date, Place: place, Reports: []model.Report{r}}, nil
}

// date reads event_date with time_precision, and a time of day other
// than midnight that a spreadsheet may have added (for a note).
func (a *acledReader) date() (model.DateSpan, string, error) {
	s := a.src
	dc, ok, err := s.date(a.c["event_date"])
	if err != nil || !ok {
		return model.NoDate(), "", err
	}
	d := dc.Start
	switch p := a.get("time_precision"); p {
	case "", "1":
		return model.OnDay(d), dc.Time, nil
	case "2":
		return model.DateSpan{Start: d - 3, End: d + 3, Precision: model.PrecWeek}, dc.Time, nil
	case "3":
		t := d.Time()
		first := model.DayOf(t.Year(), t.Month(), 1)
		next := model.DayOf(t.Year(), t.Month()+1, 1)
		return model.DateSpan{Start: first, End: next - 1, Precision: model.PrecMonth}, dc.Time, nil
	default:
		return model.DateSpan{}, "", s.errf(a.c["time_precision"], "%q is not a time precision (want 1, 2 or 3)", p)
	}
}

func (a *acledReader) place() (model.Place, error) {
	s := a.src
	p := model.Place{Name: a.get("location"), Admin1: a.get("admin1"), Admin2: a.get("admin2"), Country: a.get("country")}
	lat, okLat, err := s.coord(a.c["latitude"], 90)
	if err != nil {
		return p, err
	}
	lon, okLon, err := s.coord(a.c["longitude"], 180)
	if err != nil {
		return p, err
	}
	if okLat && okLon {
		p.HasCoords, p.Lat, p.Lon = true, lat, lon
	}
	switch v := a.get("geo_precision"); v {
	case "1":
		p.Precision = model.PlaceTown
	case "2":
		p.Precision = model.PlaceDistrict
	case "3":
		p.Precision = model.PlaceProvince
	case "":
	default:
		return p, s.errf(a.c["geo_precision"], "%q is not a geo precision (want 1, 2 or 3)", v)
	}
	switch p.Precision {
	case model.PlaceTown, model.PlaceUnknown:
		if p.Name != "" {
			p.Key = a.keys.place(p.Name)
		}
	case model.PlaceDistrict:
		p.Key = adminKey("district", firstNonEmpty(p.Admin2, p.Name))
	case model.PlaceProvince:
		p.Key = adminKey("province", firstNonEmpty(p.Admin1, p.Name))
	}
	return p, nil
}
