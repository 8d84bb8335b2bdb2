package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
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

// jsonlReader reads the native format. Decoding JSON is most of the
// work, so Next reads lines ahead in batches and decodes each batch on
// every CPU; the strikes and errors still come out in line order, and no
// goroutine outlives the Next call that started it.
type jsonlReader struct {
	file string
	br   *bufio.Reader
	line int
	rj   rejecter
	opts Options

	batch   []decoded // decoded lines not yet returned
	readErr error     // what ended the reading, returned after the batch
}

// decoded is one line's strike, or what is wrong with it.
type decoded struct {
	s    *model.Strike
	desk *DeskItem // a line of the desk section (desk.go)
	err  error
}

// jsonlBatch is how many lines Next decodes at once.
const jsonlBatch = 256

func newJSONL(path string, br *bufio.Reader, opts Options) Reader {
	return &jsonlReader{file: path, br: br, rj: rejecter{opts}, opts: opts}
}

// Format names the format.
func (j *jsonlReader) Format() string { return FormatJSONL }

// Next returns the strike of the next non-blank line.
func (j *jsonlReader) Next() (*model.Strike, error) {
	for {
		if len(j.batch) == 0 {
			if j.readErr != nil {
				return nil, j.readErr
			}
			j.fill()
			continue
		}
		d := j.batch[0]
		j.batch = j.batch[1:]
		if d.err == nil && d.desk != nil {
			if j.opts.Desk != nil {
				j.opts.Desk(*d.desk)
			}
			continue
		}
		if d.err == nil {
			if j.opts.Dataset != "" {
				for i := range d.s.Reports {
					d.s.Reports[i].Dataset = j.opts.Dataset
				}
			}
			return d.s, nil
		}
		if e := j.rj.reject(d.err); e != nil {
			j.batch, j.readErr = nil, e
			return nil, e
		}
	}
}

// fill reads up to jsonlBatch non-blank lines and decodes them in
// parallel into j.batch; at the end of the input it sets j.readErr.
func (j *jsonlReader) fill() {
	var lines [][]byte
	var nums []int
	for len(lines) < jsonlBatch {
		b, err := j.br.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				j.readErr = io.EOF
			} else {
				j.readErr = fmt.Errorf("reading %s: %w", j.file, err)
			}
			break
		}
		j.line++
		if b = bytes.TrimSpace(b); len(b) > 0 {
			lines, nums = append(lines, b), append(nums, j.line)
		}
	}
	out := make([]decoded, len(lines))
	workers := min(runtime.GOMAXPROCS(0), (len(lines)+31)/32)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(lines); i += workers {
				if IsDeskLine(lines[i]) {
					out[i].desk, out[i].err = j.decodeDesk(lines[i], nums[i])
					continue
				}
				out[i].s, out[i].err = j.decode(lines[i], nums[i])
			}
		}()
	}
	wg.Wait()
	j.batch = out
}

func (j *jsonlReader) decode(b []byte, line int) (*model.Strike, error) {
	if !utf8.Valid(b) {
		return nil, &RowError{File: j.file, Line: line, Msg: "is not UTF-8; convert the file to UTF-8 first"}
	}
	var js StrikeJSON
	if !fastStrike(b, &js) { // jsonfast.go; encoding/json reads what it does not
		js = StrikeJSON{}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&js); err != nil {
			return nil, j.jsonError(err, line)
		}
		if dec.More() {
			return nil, &RowError{File: j.file, Line: line, Msg: "has more than one JSON value; put one strike per line"}
		}
	}
	s, err := FromJSON(&js)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &RowError{File: j.file, Line: line, Column: fe.field, Msg: fe.msg, Err: err}
		}
		return nil, &RowError{File: j.file, Line: line, Msg: err.Error(), Err: err}
	}
	return s, nil
}

// decodeDesk reads a line of the desk section.
func (j *jsonlReader) decodeDesk(b []byte, line int) (*DeskItem, error) {
	it, err := ParseDeskLine(b)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &RowError{File: j.file, Line: line, Column: fe.field, Msg: fe.msg, Err: err}
		}
		return nil, &RowError{File: j.file, Line: line, Msg: err.Error(), Err: err}
	}
	return &it, nil
}

func (j *jsonlReader) jsonError(err error, line int) error {
	re := &RowError{File: j.file, Line: line, Err: err}
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
