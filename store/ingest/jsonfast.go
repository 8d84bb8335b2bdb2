package ingest

import (
	"strconv"
)

// A fast path for the native format. encoding/json decodes a strike line
// by reflection, which is most of the cost of importing JSON Lines. This
// decoder reads the common shape of a line, as strikes itself writes it,
// straight into StrikeJSON. It is deliberately narrow: on anything it is
// not sure encoding/json would read the same way (an unknown or
// differently cased key, a key given twice, null, an escape other than the
// simple ones, a number that is not plain, trailing data) it gives up, and
// the line is decoded by encoding/json, which also words every error.
// FuzzFastJSON checks that whenever it succeeds, encoding/json succeeds
// with an equal value.

// fastStrike decodes b into js, or reports false (js is then garbage).
func fastStrike(b []byte, js *StrikeJSON) bool {
	p := &fastParser{b: b}
	ok := p.object(func(key string) bool {
		switch key {
		case "id":
			return p.str(&js.ID)
		case "actors":
			return p.strs(&js.Actors)
		case "contested":
			return p.boolean(&js.Contested)
		case "status":
			return p.str(&js.Status)
		case "grading":
			return p.str(&js.Grading)
		case "codes":
			return p.strs(&js.Codes)
		case "datasets":
			return p.strs(&js.Datasets)
		case "reports":
			js.Reports = []ReportJSON{}
			return p.array(func() bool {
				js.Reports = append(js.Reports, ReportJSON{})
				return p.report(&js.Reports[len(js.Reports)-1])
			})
		}
		return p.date(key, &js.DateJSON) || p.place(key, &js.PlaceJSON)
	})
	p.ws()
	return ok && p.i == len(p.b)
}

type fastParser struct {
	b []byte
	i int
	// known is set by date and place when they took the key: they report
	// false both for "not mine" and for "mine but malformed".
	known bool
}

func (p *fastParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// next skips white space and says whether the next byte is c, taking it.
func (p *fastParser) next(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// object reads {"key": value, ...}, calling field for each key with the
// parser at the value; a key given twice gives up.
func (p *fastParser) object(field func(key string) bool) bool {
	if !p.next('{') {
		return false
	}
	if p.next('}') {
		return true
	}
	var seen []string
	for {
		var key string
		if !p.str(&key) || !p.next(':') {
			return false
		}
		for _, k := range seen {
			if k == key {
				return false
			}
		}
		seen = append(seen, key)
		p.known = false
		if !field(key) {
			return false
		}
		if p.next(',') {
			continue
		}
		return p.next('}')
	}
}

// array reads [value, ...], calling elem with the parser at each value.
func (p *fastParser) array(elem func() bool) bool {
	if !p.next('[') {
		return false
	}
	if p.next(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if p.next(',') {
			continue
		}
		return p.next(']')
	}
}

// str reads a string with no escapes but \" \\ \/ \b \f \n \r \t.
func (p *fastParser) str(out *string) bool {
	if !p.next('"') {
		return false
	}
	start := p.i
	var buf []byte // only when there are escapes
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			if buf == nil {
				*out = string(p.b[start:p.i])
			} else {
				*out = string(append(buf, p.b[start:p.i]...))
			}
			p.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return false
			}
			var r byte
			switch p.b[p.i+1] {
			case '"', '\\', '/':
				r = p.b[p.i+1]
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			default:
				return false // \u and anything else: encoding/json
			}
			buf = append(append(buf, p.b[start:p.i]...), r)
			p.i += 2
			start = p.i
		default:
			p.i++
		}
	}
	return false
}

func (p *fastParser) strs(out *[]string) bool {
	*out = []string{}
	return p.array(func() bool {
		var s string
		if !p.str(&s) {
			return false
		}
		*out = append(*out, s)
		return true
	})
}

func (p *fastParser) boolean(out *bool) bool {
	p.ws()
	switch {
	case len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "true":
		*out, p.i = true, p.i+4
	case len(p.b)-p.i >= 5 && string(p.b[p.i:p.i+5]) == "false":
		*out, p.i = false, p.i+5
	default:
		return false
	}
	return p.delimited()
}

// delimited says whether a literal or number ended where a value may end.
func (p *fastParser) delimited() bool {
	if p.i == len(p.b) {
		return true
	}
	switch p.b[p.i] {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// number reads a JSON number's text; integer asks for digits only.
func (p *fastParser) number(integer bool) (string, bool) {
	p.ws()
	start := p.i
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	first := p.i
	if n := digits(); n == 0 || (n > 1 && p.b[first] == '0') {
		return "", false
	}
	if !integer {
		if p.i < len(p.b) && p.b[p.i] == '.' {
			p.i++
			if digits() == 0 {
				return "", false
			}
		}
		if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
			p.i++
			if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
				p.i++
			}
			if digits() == 0 {
				return "", false
			}
		}
	}
	return string(p.b[start:p.i]), p.delimited()
}

func (p *fastParser) int32p(out **int32) bool {
	s, ok := p.number(true)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return false
	}
	v := int32(n)
	*out = &v
	return true
}

func (p *fastParser) float64p(out **float64) bool {
	s, ok := p.number(false)
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	*out = &f
	return true
}

// date takes the keys of DateJSON; p.known says whether the key was one.
func (p *fastParser) date(key string, d *DateJSON) bool {
	var out *string
	switch key {
	case "date":
		out = &d.Date
	case "date_end":
		out = &d.DateEnd
	case "date_precision":
		out = &d.DatePrecision
	default:
		return false
	}
	p.known = true
	return p.str(out)
}

// place takes the keys of PlaceJSON.
func (p *fastParser) place(key string, pl *PlaceJSON) bool {
	if p.known {
		return false // date took the key and failed
	}
	switch key {
	case "lat":
		return p.float64p(&pl.Lat)
	case "lon":
		return p.float64p(&pl.Lon)
	}
	var out *string
	switch key {
	case "place":
		out = &pl.Place
	case "place_ar":
		out = &pl.PlaceAR
	case "place_key":
		out = &pl.PlaceKey
	case "admin1":
		out = &pl.Admin1
	case "admin2":
		out = &pl.Admin2
	case "country":
		out = &pl.Country
	case "place_precision":
		out = &pl.PlacePrecision
	default:
		return false
	}
	return p.str(out)
}

func (p *fastParser) report(r *ReportJSON) bool {
	return p.object(func(key string) bool {
		switch key {
		case "id":
			return p.str(&r.ID)
		case "source":
			return p.str(&r.Source)
		case "source_kind":
			return p.str(&r.SourceKind)
		case "via":
			return p.strs(&r.Via)
		case "cites":
			r.Cites = []CitationJSON{}
			return p.array(func() bool {
				var c CitationJSON
				ok := p.object(func(key string) bool {
					switch key {
					case "name":
						return p.str(&c.Name)
					case "date":
						return p.str(&c.Date)
					case "language":
						return p.str(&c.Language)
					case "url":
						return p.str(&c.URL)
					case "archive":
						return p.str(&c.Archive)
					}
					return false
				})
				r.Cites = append(r.Cites, c)
				return ok
			})
		case "originator":
			return p.str(&r.Originator)
		case "published":
			return p.str(&r.Published)
		case "urls":
			return p.strs(&r.URLs)
		case "place_detail":
			return p.str(&r.PlaceDetail)
		case "actors":
			r.Actors = []ActorJSON{}
			return p.array(func() bool {
				var a ActorJSON
				ok := p.object(func(key string) bool {
					switch key {
					case "name":
						return p.str(&a.Name)
					case "key":
						return p.str(&a.Key)
					case "certainty":
						return p.str(&a.Certainty)
					case "role":
						return p.str(&a.Role)
					}
					return false
				})
				r.Actors = append(r.Actors, a)
				return ok
			})
		case "strikes":
			r.Strikes = &CountJSON{}
			return p.count(r.Strikes)
		case "killed":
			return p.claims(&r.Killed)
		case "injured":
			return p.claims(&r.Injured)
		case "assessment":
			return p.str(&r.Assessment)
		case "summary":
			return p.str(&r.Summary)
		case "dataset":
			return p.str(&r.Dataset)
		case "notes":
			r.Notes = []NoteJSON{}
			return p.array(func() bool {
				var n NoteJSON
				ok := p.object(func(key string) bool {
					switch key {
					case "key":
						return p.str(&n.Key)
					case "value":
						return p.str(&n.Value)
					}
					return false
				})
				r.Notes = append(r.Notes, n)
				return ok
			})
		case "link":
			return p.str(&r.Link)
		}
		return p.date(key, &r.DateJSON) || p.place(key, &r.PlaceJSON)
	})
}

func (p *fastParser) count(c *CountJSON) bool {
	return p.object(func(key string) bool {
		switch key {
		case "kind":
			return p.str(&c.Kind)
		case "value":
			return p.int32p(&c.Value)
		case "low":
			return p.int32p(&c.Low)
		case "best":
			return p.int32p(&c.Best)
		case "high":
			return p.int32p(&c.High)
		}
		return false
	})
}

func (p *fastParser) claims(out *ClaimsJSON) bool {
	*out = ClaimsJSON{}
	return p.object(func(key string) bool {
		var c CountJSON
		if !p.count(&c) {
			return false
		}
		(*out)[key] = c
		return true
	})
}
