package ingest

import (
	"fmt"
	"strconv"

	"github.com/strikes-dev/strikes/model"
)

// fieldError is a problem with one field of a JSON strike.
type fieldError struct{ field, msg string }

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: %s", e.field, e.msg) }

func fieldErr(field, format string, args ...any) error {
	return &fieldError{field: field, msg: fmt.Sprintf(format, args...)}
}

// ToJSON converts a strike to its JSON shape, deriving the derived fields.
// It refuses a report with two figures for one outcome and category, which
// JSON could not carry.
func ToJSON(s *model.Strike) (*StrikeJSON, error) {
	sum := model.Summarize(s)
	js := &StrikeJSON{
		ID: s.ID, DateJSON: dateToJSON(s.Date), PlaceJSON: placeToJSON(s.Place),
		Actors: sum.Actors, Contested: sum.Contested, Status: s.Status, Grading: s.Grading,
		Codes: s.Codes, Datasets: sum.Datasets, Reports: make([]ReportJSON, 0, len(s.Reports)),
	}
	for i := range s.Reports {
		r := &s.Reports[i]
		rj := ReportJSON{
			ID: r.ID, Source: r.Source, Via: r.Via, Originator: r.Originator, URLs: r.URLs,
			DateJSON: dateToJSON(r.Date), PlaceJSON: placeToJSON(r.Place), PlaceDetail: r.PlaceDetail,
			Assessment: r.Assessment, Summary: r.Summary, Dataset: r.Dataset, Link: r.Link,
		}
		if r.SourceKind != model.KindUnknown {
			rj.SourceKind = r.SourceKind.String()
		}
		if r.Published != model.NoDay {
			rj.Published = r.Published.String()
		}
		for _, c := range r.Cites {
			rj.Cites = append(rj.Cites, CitationJSON(c))
		}
		for _, a := range r.Actors {
			rj.Actors = append(rj.Actors, ActorJSON{Name: a.Name, Key: a.Key, Certainty: a.Certainty.String(), Role: a.Role.String()})
		}
		if r.Strikes.Reported() {
			c := countToJSON(r.Strikes)
			rj.Strikes = &c
		}
		for _, cl := range r.Claims {
			if !cl.Count.Reported() {
				continue
			}
			m := &rj.Killed
			if cl.Outcome == model.Injured {
				m = &rj.Injured
			}
			if *m == nil {
				*m = ClaimsJSON{}
			}
			k := cl.Category.String()
			if _, dup := (*m)[k]; dup {
				return nil, fmt.Errorf("strike %s, report %s has two %s %s figures; a report gives one per category", s.ID, r.ID, cl.Outcome, k)
			}
			if cl.Count.Kind > model.Estimate || int(cl.Category) >= len(model.Categories) {
				return nil, fmt.Errorf("strike %s, report %s has a figure the JSON cannot carry", s.ID, r.ID)
			}
			(*m)[k] = countToJSON(cl.Count)
		}
		for _, n := range r.Notes {
			rj.Notes = append(rj.Notes, NoteJSON(n))
		}
		js.Reports = append(js.Reports, rj)
	}
	return js, nil
}

func dateToJSON(d model.DateSpan) DateJSON {
	if !d.Known() {
		return DateJSON{}
	}
	out := DateJSON{Date: d.Start.String(), DatePrecision: d.Precision.String()}
	if d.End != d.Start {
		out.DateEnd = d.End.String()
	}
	return out
}

func placeToJSON(p model.Place) PlaceJSON {
	out := PlaceJSON{Place: p.Name, PlaceAR: p.NameAR, PlaceKey: p.Key, Admin1: p.Admin1, Admin2: p.Admin2, Country: p.Country}
	if p.HasCoords {
		lat, lon := p.Lat, p.Lon
		out.Lat, out.Lon = &lat, &lon
	}
	if p.Precision != model.PlaceUnknown {
		out.PlacePrecision = p.Precision.String()
	}
	return out
}

func i32(n int32) *int32 { return &n }

func countToJSON(c model.Count) CountJSON {
	out := CountJSON{Kind: c.Kind.String()}
	switch c.Kind {
	case model.Exact:
		out.Value = i32(c.Low)
	case model.AtLeast:
		out.Low = i32(c.Low)
	case model.Range:
		out.Low, out.High = i32(c.Low), i32(c.High)
	case model.Estimate:
		out.Low, out.Best, out.High = i32(c.Low), i32(c.Best), i32(c.High)
	}
	return out
}

// FromJSON converts the JSON shape back to a strike, checking every value;
// derived fields are ignored.
func FromJSON(js *StrikeJSON) (*model.Strike, error) {
	if js.ID == "" {
		return nil, fieldErr("id", "is missing; every strike needs an id")
	}
	s := &model.Strike{ID: js.ID, Status: js.Status, Grading: js.Grading, Codes: js.Codes}
	var err error
	if s.Date, err = dateFromJSON(js.DateJSON, ""); err != nil {
		return nil, err
	}
	if s.Place, err = placeFromJSON(js.PlaceJSON, ""); err != nil {
		return nil, err
	}
	s.Reports = make([]model.Report, 0, len(js.Reports))
	for i := range js.Reports {
		r, err := reportFromJSON(&js.Reports[i], fmt.Sprintf("reports[%d].", i))
		if err != nil {
			return nil, err
		}
		s.Reports = append(s.Reports, r)
	}
	return s, nil
}

func reportFromJSON(rj *ReportJSON, at string) (model.Report, error) {
	r := model.Report{ID: rj.ID, Source: rj.Source, Via: rj.Via, Originator: rj.Originator, URLs: rj.URLs,
		PlaceDetail: rj.PlaceDetail, Assessment: rj.Assessment, Summary: rj.Summary, Dataset: rj.Dataset,
		Published: model.NoDay, Strikes: model.NoCount()}
	if rj.ID == "" {
		return r, fieldErr(at+"id", "is missing; every report needs an id")
	}
	if rj.SourceKind != "" {
		k, ok := model.ParseSourceKind(rj.SourceKind)
		if !ok {
			return r, fieldErr(at+"source_kind", "%q is not a kind of source", rj.SourceKind)
		}
		r.SourceKind = k
	}
	if rj.Published != "" {
		d, msg := parseISODay(rj.Published)
		if msg != "" {
			return r, fieldErr(at+"published", "%q %s", rj.Published, msg)
		}
		r.Published = d
	}
	var err error
	if r.Date, err = dateFromJSON(rj.DateJSON, at); err != nil {
		return r, err
	}
	if r.Place, err = placeFromJSON(rj.PlaceJSON, at); err != nil {
		return r, err
	}
	for _, c := range rj.Cites {
		r.Cites = append(r.Cites, model.Citation(c))
	}
	for i, a := range rj.Actors {
		ref := model.ActorRef{Name: a.Name, Key: a.Key}
		switch a.Certainty {
		case "":
		case "known":
			ref.Certainty = model.Known
		case "suspected":
			ref.Certainty = model.Suspected
		default:
			return r, fieldErr(fmt.Sprintf("%sactors[%d].certainty", at, i), "%q is not a certainty (want known or suspected)", a.Certainty)
		}
		switch a.Role {
		case "attacker":
			ref.Role = model.RoleAttacker
		case "side":
			ref.Role = model.RoleSide
		case "target":
			ref.Role = model.RoleTarget
		default:
			return r, fieldErr(fmt.Sprintf("%sactors[%d].role", at, i), "%q is not a role (want attacker, side or target)", a.Role)
		}
		r.Actors = append(r.Actors, ref)
	}
	if rj.Strikes != nil {
		if r.Strikes, err = countFromJSON(*rj.Strikes, at+"strikes"); err != nil {
			return r, err
		}
	}
	for _, o := range model.Outcomes {
		m := rj.Killed
		if o == model.Injured {
			m = rj.Injured
		}
		for k := range m {
			if _, ok := model.ParseCategory(k); !ok {
				return r, fieldErr(at+o.String()+"."+k, "is not a category (want total, civilians, children, women, men, combatants or unknown)")
			}
		}
		for _, cat := range model.Categories {
			cj, ok := m[cat.String()]
			if !ok {
				continue
			}
			n, err := countFromJSON(cj, at+o.String()+"."+cat.String())
			if err != nil {
				return r, err
			}
			r.Claims = addClaim(r.Claims, o, cat, n)
		}
	}
	for _, n := range rj.Notes {
		r.Notes = append(r.Notes, model.Note(n))
	}
	return r, nil
}

func dateFromJSON(d DateJSON, at string) (model.DateSpan, error) {
	if d.Date == "" {
		if d.DateEnd != "" || d.DatePrecision != "" {
			return model.DateSpan{}, fieldErr(at+"date", "is missing but date_end or date_precision is given")
		}
		return model.NoDate(), nil
	}
	start, msg := parseISODay(d.Date)
	if msg != "" {
		return model.DateSpan{}, fieldErr(at+"date", "%q %s", d.Date, msg)
	}
	span := model.OnDay(start)
	if d.DateEnd != "" {
		if span.End, msg = parseISODay(d.DateEnd); msg != "" {
			return model.DateSpan{}, fieldErr(at+"date_end", "%q %s", d.DateEnd, msg)
		}
		if span.End < start {
			return model.DateSpan{}, fieldErr(at+"date_end", "%q is before date %q", d.DateEnd, d.Date)
		}
	}
	if d.DatePrecision != "" {
		p, err := model.ParseDatePrecision(d.DatePrecision)
		if err != nil {
			return model.DateSpan{}, fieldErr(at+"date_precision", "%s", err.Error())
		}
		span.Precision = p
	}
	return span, nil
}

func placeFromJSON(p PlaceJSON, at string) (model.Place, error) {
	out := model.Place{Name: p.Place, NameAR: p.PlaceAR, Key: p.PlaceKey, Admin1: p.Admin1, Admin2: p.Admin2, Country: p.Country}
	if (p.Lat == nil) != (p.Lon == nil) {
		return out, fieldErr(at+"lat", "lat and lon must be given together")
	}
	if p.Lat != nil {
		if *p.Lat < -90 || *p.Lat > 90 {
			return out, fieldErr(at+"lat", "%s is outside -90..90", strconv.FormatFloat(*p.Lat, 'g', -1, 64))
		}
		if *p.Lon < -180 || *p.Lon > 180 {
			return out, fieldErr(at+"lon", "%s is outside -180..180", strconv.FormatFloat(*p.Lon, 'g', -1, 64))
		}
		out.HasCoords, out.Lat, out.Lon = true, *p.Lat, *p.Lon
	}
	if p.PlacePrecision != "" {
		prec, ok := model.ParsePlacePrecision(p.PlacePrecision)
		if !ok {
			return out, fieldErr(at+"place_precision", "%q is not a place precision", p.PlacePrecision)
		}
		out.Precision = prec
	}
	return out, nil
}

func countFromJSON(c CountJSON, at string) (model.Count, error) {
	kind, err := model.ParseCountKind(c.Kind)
	if err != nil {
		return model.NoCount(), fieldErr(at, "%s", err.Error())
	}
	need := func(v *int32, name string) (int32, error) {
		if v == nil {
			return 0, fieldErr(at, "a %s count needs %q", c.Kind, name)
		}
		return *v, nil
	}
	extra := func(names ...string) error {
		for i, v := range []*int32{c.Value, c.Low, c.Best, c.High} {
			if v != nil && !contains(names, [...]string{"value", "low", "best", "high"}[i]) {
				return fieldErr(at, "a %s count has no %q", c.Kind, [...]string{"value", "low", "best", "high"}[i])
			}
		}
		return nil
	}
	var n model.Count
	switch kind {
	case model.NotReported:
		return n, fieldErr(at, "a figure that was not reported is left out, not written as not_reported")
	case model.Unquantified:
		err = extra()
		n = model.Some()
	case model.Exact:
		var v int32
		if v, err = need(c.Value, "value"); err == nil {
			err, n = extra("value"), model.ExactCount(v)
		}
	case model.AtLeast:
		var v int32
		if v, err = need(c.Low, "low"); err == nil {
			err, n = extra("low"), model.AtLeastCount(v)
		}
	case model.Range:
		var lo, hi int32
		if lo, err = need(c.Low, "low"); err == nil {
			if hi, err = need(c.High, "high"); err == nil {
				err, n = extra("low", "high"), model.Count{Kind: model.Range, Low: lo, High: hi}
				if lo == hi && err == nil {
					err = fieldErr(at, "a range whose ends are equal is written as an exact count")
				}
			}
		}
	case model.Estimate:
		var lo, best, hi int32
		if lo, err = need(c.Low, "low"); err == nil {
			if best, err = need(c.Best, "best"); err == nil {
				if hi, err = need(c.High, "high"); err == nil {
					err, n = extra("low", "best", "high"), model.EstimateCount(lo, best, hi)
				}
			}
		}
	}
	if err != nil {
		return model.NoCount(), err
	}
	if verr := n.Validate(); verr != nil {
		return model.NoCount(), fieldErr(at, "%s", verr.Error())
	}
	return n, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
