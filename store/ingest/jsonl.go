package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// The native format is JSON Lines: one strike per line, in the shape
// `strikes show --json` prints. It is lossless: decoding then encoding a
// line gives the same bytes. Fields marked derived are written for
// readers and ignored on input.
//
//	{"id":"airwars:RS0232","date":"2015-12-06","date_precision":"day",
//	 "place":"Ar Raqqah","place_ar":"الرقة","place_key":"raqqa","admin1":"Ar Raqqah",
//	 "lat":35.949949,"lon":39.007363,"place_precision":"city",
//	 "actors":["russia"],"status":"Likely strike","grading":"Fair","codes":["RS0232","R198"],
//	 "datasets":["Airwars"],
//	 "reports":[{"id":"airwars:RS0232","source":"Airwars","source_kind":"monitoring group",
//	   "cites":[{"name":"Shaam News Network","url":"http://..."}],"published":"2015-12-06",
//	   "urls":["https://airwars.org/..."],"date":"2015-12-06","date_precision":"day","place":"Ar Raqqah",...,
//	   "actors":[{"name":"Russian Military","key":"russia","certainty":"suspected","role":"attacker"}],
//	   "killed":{"civilians":{"kind":"exact","value":15},"children":{"kind":"exact","value":8}},
//	   "injured":{"civilians":{"kind":"exact","value":25}},"summary":"...","dataset":"Airwars",
//	   "notes":[{"key":"type","value":"Airstrike"}]}]}
//
// Empty fields are omitted; a count not reported is absent from killed
// and injured; date_end is omitted when it equals date.

// StrikeJSON is a strike as JSON.
type StrikeJSON struct {
	ID string `json:"id"`
	DateJSON
	PlaceJSON
	Actors    []string     `json:"actors,omitempty"`    // derived: canonical keys of every actor named
	Contested bool         `json:"contested,omitempty"` // derived: the reports name different attackers
	Status    string       `json:"status,omitempty"`
	Grading   string       `json:"grading,omitempty"`
	Codes     []string     `json:"codes,omitempty"`
	Datasets  []string     `json:"datasets,omitempty"` // derived
	Reports   []ReportJSON `json:"reports"`
}

// DateJSON is a date span: ISO days and a precision (day, range, week,
// month, year); absent when not reported.
type DateJSON struct {
	Date          string `json:"date,omitempty"`
	DateEnd       string `json:"date_end,omitempty"`
	DatePrecision string `json:"date_precision,omitempty"`
}

// PlaceJSON is a place; lat and lon are absent when there are no coordinates.
type PlaceJSON struct {
	Place          string   `json:"place,omitempty"`
	PlaceAR        string   `json:"place_ar,omitempty"`
	PlaceKey       string   `json:"place_key,omitempty"`
	Admin1         string   `json:"admin1,omitempty"`
	Admin2         string   `json:"admin2,omitempty"`
	Country        string   `json:"country,omitempty"`
	Lat            *float64 `json:"lat,omitempty"`
	Lon            *float64 `json:"lon,omitempty"`
	PlacePrecision string   `json:"place_precision,omitempty"`
}

// ReportJSON is a report as JSON.
type ReportJSON struct {
	ID         string         `json:"id"`
	Source     string         `json:"source"`
	SourceKind string         `json:"source_kind,omitempty"`
	Via        []string       `json:"via,omitempty"`
	Cites      []CitationJSON `json:"cites,omitempty"`
	Originator string         `json:"originator,omitempty"`
	Published  string         `json:"published,omitempty"`
	URLs       []string       `json:"urls,omitempty"`
	DateJSON
	PlaceJSON
	PlaceDetail string      `json:"place_detail,omitempty"`
	Actors      []ActorJSON `json:"actors,omitempty"`
	Strikes     *CountJSON  `json:"strikes,omitempty"`
	Killed      ClaimsJSON  `json:"killed,omitempty"`
	Injured     ClaimsJSON  `json:"injured,omitempty"`
	Assessment  string      `json:"assessment,omitempty"`
	Summary     string      `json:"summary,omitempty"`
	Dataset     string      `json:"dataset,omitempty"`
	Notes       []NoteJSON  `json:"notes,omitempty"`
	// Link is why a report is shown under a strike it was not imported
	// with (model.Report.Link). Output only: an import ignores it.
	Link string `json:"link,omitempty"`
}

// CitationJSON is a source a report cites.
type CitationJSON struct {
	Name     string `json:"name,omitempty"`
	Date     string `json:"date,omitempty"`
	Language string `json:"language,omitempty"`
	URL      string `json:"url,omitempty"`
	Archive  string `json:"archive,omitempty"`
}

// ActorJSON is an actor as a report names it; certainty is "known",
// "suspected" or absent, role "attacker", "side" or "target".
type ActorJSON struct {
	Name      string `json:"name"`
	Key       string `json:"key,omitempty"`
	Certainty string `json:"certainty,omitempty"`
	Role      string `json:"role"`
}

// NoteJSON is one dataset-specific fact.
type NoteJSON struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// CountJSON is a figure: {"kind":"exact","value":15},
// {"kind":"range","low":3,"high":6}, {"kind":"at_least","low":32},
// {"kind":"unquantified"}, {"kind":"estimate","low":2,"best":4,"high":9}.
type CountJSON struct {
	Kind  string `json:"kind"`
	Value *int32 `json:"value,omitempty"`
	Low   *int32 `json:"low,omitempty"`
	Best  *int32 `json:"best,omitempty"`
	High  *int32 `json:"high,omitempty"`
}

// ClaimsJSON maps a category (total, civilians, children, women, men,
// combatants, unknown) to its figure; it is written in display order.
type ClaimsJSON map[string]CountJSON

// MarshalJSON writes the categories in model.Categories order.
func (c ClaimsJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for _, cat := range model.Categories {
		n, ok := c[cat.String()]
		if !ok {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		v, err := json.Marshal(n)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%q:", cat.String())
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// EncodeJSON writes the strike as one line of JSON, safe to print to a
// terminal (see InertJSON).
func EncodeJSON(w io.Writer, s *model.Strike) error {
	js, err := ToJSON(s)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(js); err != nil {
		return fmt.Errorf("writing strike %s: %w", s.ID, err)
	}
	_, err = w.Write(InertJSON(b.Bytes()))
	return err
}

// jsonlReader reads the native format.
type jsonlReader struct {
	file string
	br   *bufio.Reader
	line int
	rj   rejecter
	opts Options
}

func newJSONL(path string, br *bufio.Reader, opts Options) Reader {
	return &jsonlReader{file: path, br: br, rj: rejecter{opts}, opts: opts}
}

// Format names the format.
func (j *jsonlReader) Format() string { return FormatJSONL }

// Next decodes the next non-blank line.
func (j *jsonlReader) Next() (*model.Strike, error) {
	for {
		b, err := j.br.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading %s: %w", j.file, err)
		}
		j.line++
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		s, rerr := j.decode(b)
		if rerr == nil {
			if j.opts.Dataset != "" {
				for i := range s.Reports {
					s.Reports[i].Dataset = j.opts.Dataset
				}
			}
			return s, nil
		}
		if e := j.rj.reject(rerr); e != nil {
			return nil, e
		}
	}
}

func (j *jsonlReader) decode(b []byte) (*model.Strike, error) {
	if !utf8.Valid(b) {
		return nil, &RowError{File: j.file, Line: j.line, Msg: "is not UTF-8; convert the file to UTF-8 first"}
	}
	var js StrikeJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&js); err != nil {
		return nil, j.jsonError(err)
	}
	if dec.More() {
		return nil, &RowError{File: j.file, Line: j.line, Msg: "has more than one JSON value; put one strike per line"}
	}
	s, err := FromJSON(&js)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &RowError{File: j.file, Line: j.line, Column: fe.field, Msg: fe.msg, Err: err}
		}
		return nil, &RowError{File: j.file, Line: j.line, Msg: err.Error(), Err: err}
	}
	return s, nil
}

func (j *jsonlReader) jsonError(err error) error {
	re := &RowError{File: j.file, Line: j.line, Err: err}
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		re.Column, re.Msg = te.Field, fmt.Sprintf("is a JSON %s where a %s is expected", te.Value, jsonTypeName(te.Type.Kind().String()))
	case errors.As(err, &se):
		re.Msg = fmt.Sprintf("is not valid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		re.Column = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		re.Msg = "is not a field of a strike or report"
	case errors.Is(err, io.ErrUnexpectedEOF):
		re.Msg = "is not valid JSON: the line ends inside a value"
	default:
		re.Msg = "is not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	return re
}

func jsonTypeName(kind string) string {
	switch kind {
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "int32", "float64":
		return "number"
	}
	return kind
}
