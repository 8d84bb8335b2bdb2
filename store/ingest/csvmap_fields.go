package ingest

import (
	"strings"
	"time"

	"github.com/strikes-dev/strikes/model"
)

// The typed fields of a mapped row: counts, dates, places.

func (r *csvMapReader) count(col string) (model.Count, error) {
	v := r.field(col)
	if v == "" {
		return model.NoCount(), nil
	}
	n, msg := parseCountCell(v)
	if msg != "" {
		return model.NoCount(), r.src.errf(r.col[col], "%q %s", v, msg)
	}
	return n, nil
}

func (r *csvMapReader) day(col string) (model.Day, error) {
	v := r.field(col)
	if v == "" {
		return model.NoDay, nil
	}
	for _, layout := range r.m.DateLayouts {
		if layout == "2006-01-02" {
			if d, msg := parseISODay(v); msg == "" {
				return d, nil
			} else if len(r.m.DateLayouts) == 1 {
				return model.NoDay, r.src.errf(r.col[col], "%q %s", v, msg)
			}
			continue
		}
		if t, err := time.Parse(layout, v); err == nil {
			return model.DayOf(t.Date()), nil
		}
	}
	return model.NoDay, r.src.errf(r.col[col], "%q is not a date in the layouts %s", v, strings.Join(r.m.DateLayouts, ", "))
}

func (r *csvMapReader) date() (model.DateSpan, error) {
	c := &r.m.Columns
	if c.Date == "" {
		return model.NoDate(), nil
	}
	start, err := r.day(c.Date)
	if err != nil || start == model.NoDay {
		return model.NoDate(), err
	}
	span := model.OnDay(start)
	if c.DateEnd != "" {
		end, err := r.day(c.DateEnd)
		if err != nil {
			return span, err
		}
		if end != model.NoDay {
			if end < start {
				return span, r.src.errf(r.col[c.DateEnd], "%q is before the start date %q", r.field(c.DateEnd), r.field(c.Date))
			}
			span.End = end
			if end != start {
				span.Precision = model.PrecRange
			}
		}
	}
	if p := r.m.Constants.DatePrecision; p != "" {
		span.Precision, _ = model.ParseDatePrecision(p)
	}
	return span, nil
}

func (r *csvMapReader) place() (model.Place, error) {
	c, k := &r.m.Columns, &r.m.Constants
	p := model.Place{Name: r.field(c.Place), NameAR: r.field(c.PlaceAR), Admin1: r.field(c.Admin1),
		Admin2: r.field(c.Admin2), Country: firstNonEmpty(r.field(c.Country), k.Country)}
	if c.Lat != "" && c.Lon != "" && r.field(c.Lat) != "" && r.field(c.Lon) != "" {
		lat, okLat, err := r.src.coord(r.col[c.Lat], 90)
		if err != nil {
			return p, err
		}
		lon, okLon, err := r.src.coord(r.col[c.Lon], 180)
		if err != nil {
			return p, err
		}
		if okLat && okLon {
			p.HasCoords, p.Lat, p.Lon = true, lat, lon
		}
	}
	if v := r.field(c.PlacePrecision); v != "" {
		prec, ok := parsePlacePrecision(v)
		if !ok {
			return p, r.src.errf(r.col[c.PlacePrecision], "%q is not a place precision", v)
		}
		p.Precision = prec
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
	return p, nil
}
