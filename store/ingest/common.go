// Package ingest reads outside formats (UCDP GED, ACLED, Airwars, any CSV
// with a mapping file, and the project's own JSON Lines) and turns their
// rows into model.Strike values, one at a time, in bounded memory. It does
// no storing: the store package writes what a Reader yields.
//
// Every problem with the data is a *RowError naming the file, the physical
// line where the record starts and the column. A cell left empty is "not
// reported", never zero; nothing is coerced silently.
package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// Reader yields strikes one at a time; Next returns io.EOF after the last.
type Reader interface {
	// Next returns the next strike, io.EOF at the end, or the first
	// problem (a *RowError for bad data).
	Next() (*model.Strike, error)
	// Format names the format being read ("ucdp-ged", "airwars", ...),
	// which is how "auto" reports what it chose.
	Format() string
}

// The formats Open knows.
const (
	FormatAuto          = "auto"
	FormatJSONL         = "jsonl"
	FormatUCDP          = "ucdp-ged"
	FormatUCDPCandidate = "ucdp-candidate"
	FormatACLED         = "acled"
	FormatAirwars       = "airwars"
	FormatAirwarsTable  = "airwars-table"
	FormatTBIJ          = "tbij"
	FormatYDP           = "yemen-data-project"
	FormatNewAmerica    = "new-america"
	FormatCSV           = "csv"
)

// Formats lists the formats Open accepts, "auto" first.
var Formats = []string{FormatAuto, FormatJSONL, FormatUCDP, FormatUCDPCandidate, FormatACLED, FormatAirwars,
	FormatAirwarsTable, FormatTBIJ, FormatYDP, FormatNewAmerica, FormatCSV}

// Options tune an import.
type Options struct {
	// Dataset overrides the dataset name written on every report.
	Dataset string
	// Map is the mapping file for the csv format (see mapping.go).
	Map string
	// SourcesPath is the Airwars sources file; empty means
	// syria-sources.csv beside the incidents file, "none" imports the
	// incidents without their sources.
	SourcesPath string
	// SkipInvalid skips bad rows instead of stopping at the first;
	// each skipped row is passed to Rejects.
	SkipInvalid bool
	// Rejects receives every row skipped under SkipInvalid.
	Rejects func(*RowError)
	// Sheet names the sheet of a workbook (.xlsx) to read; empty reads
	// the one sheet that holds a strike table.
	Sheet string
	// DateOrder says which comes first in dates like 05/02/2014 when a
	// column's values do not: "dmy" (day first) or "mdy" (month first).
	DateOrder string
	// Encoding is the text's encoding: empty decides between UTF-8 and
	// Windows-1252 from the text; "utf-8" or "windows-1252" say which.
	Encoding string
	// Notify receives the one-line notices of an import (a file read as
	// Windows-1252); nil drops them.
	Notify func(string)
	// Desk receives each line of a JSON Lines file's desk section (the
	// analyst's entries and their history, desk.go), in order; nil skips
	// them.
	Desk func(DeskItem)

	mapping *Mapping // Map, loaded by Open
}

// RowError is a problem with one row (or the header, line 1) of a file.
type RowError struct {
	File   string // the file as named to Open
	Line   int    // physical line where the record starts, from 1
	Column string // the column (or JSON field), empty for the whole row
	Msg    string // what is wrong, as a sentence fragment
	Err    error  // the underlying error, if any

	fatal bool // the file cannot be read past this error
}

// Error reads `FILE:LINE: column "name": what is wrong`.
func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: column %q: %s", e.File, e.Line, e.Column, e.Msg)
}

// Unwrap returns the underlying error.
func (e *RowError) Unwrap() error { return e.Err }

// Open returns a Reader of r in the given format. path names the file in
// errors and locates the Airwars sources file; r is read from, not closed.
// A workbook (.xlsx) is read whole; every other input streams.
func Open(format, path string, r io.Reader, opts Options) (Reader, error) {
	if path == "" {
		path = "<input>"
	}
	if !validFormat(format) {
		return nil, fmt.Errorf("%q is not a format I know; use one of %s", format, strings.Join(Formats, ", "))
	}
	br, err := skipBOM(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if format == FormatJSONL || format == FormatAuto && looksJSON(br) {
		return newJSONL(path, br, opts), nil
	}
	if opts, err = withMapping(opts); err != nil {
		return nil, err
	}
	if b, _ := br.Peek(8); bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return nil, fmt.Errorf("%s is an old Excel workbook (.xls), which strikes does not read; save it as .xlsx or CSV", path)
	}
	var src *csvSource
	if isZip(br) {
		if src, format, err = openWorkbook(path, br, format, opts); err != nil {
			return nil, err
		}
	} else if opts.Sheet != "" && (opts.mapping == nil || opts.mapping.Sheet != opts.Sheet) {
		return nil, fmt.Errorf("%s is not a workbook (.xlsx), so it has no sheet %q to read", path, opts.Sheet)
	} else if src, err = newCSVSource(path, br, opts); err != nil {
		return nil, err
	}
	if format == FormatAuto {
		if format = detect(src); format == "" {
			return nil, &RowError{File: src.file, Line: src.hline, Msg: fmt.Sprintf(
				"the header (%s) matches none of the formats I know (%s); for any other table give a map (--map), and `strikes import --draft-map FILE` writes a first draft of one",
				abbreviate(src.header, 8), strings.Join(Formats[1:len(Formats)-1], ", "))}
		}
	}
	return openFormat(format, src)
}

// withMapping loads the map named in opts; its encoding, date order and
// sheet apply where the options say none.
func withMapping(opts Options) (Options, error) {
	if opts.Map == "" || opts.mapping != nil {
		return opts, nil
	}
	m, err := LoadMapping(opts.Map)
	if err != nil {
		return opts, err
	}
	opts.mapping = m
	opts.Encoding = firstNonEmpty(opts.Encoding, m.Encoding)
	opts.DateOrder = firstNonEmpty(opts.DateOrder, m.DateOrder)
	opts.Sheet = firstNonEmpty(opts.Sheet, m.Sheet)
	return opts, nil
}

// openFormat returns the reader of a format over src.
func openFormat(format string, src *csvSource) (Reader, error) {
	switch format {
	case FormatUCDP, FormatUCDPCandidate:
		return newUCDP(src, format)
	case FormatACLED:
		return newACLED(src)
	case FormatAirwars:
		return newAirwars(src)
	case FormatAirwarsTable, FormatTBIJ, FormatYDP, FormatNewAmerica:
		return newBuiltin(src, format)
	}
	return newCSVMap(src)
}

func validFormat(f string) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// detect names the format whose telltale columns the header has, or "".
// It reads the header and, for UCDP, a few rows.
func detect(src *csvSource) string {
	h := newHeaderSet(src.header)
	switch {
	case h.has("id", "type_of_violence", "side_a", "side_b", "best"):
		if ucdpCandidate(src) {
			return FormatUCDPCandidate
		}
		return FormatUCDP
	case h.has("event_id_cnty", "event_date", "fatalities"):
		return FormatACLED
	case h.has("code", "belligerents", "civilians_killed_min"):
		return FormatAirwars
	case src.opts.mapping != nil:
		return FormatCSV
	case detectTBIJ(src.header):
		return FormatTBIJ
	case detectYDP(src.header):
		return FormatYDP
	case detectNewAmerica(src.header):
		return FormatNewAmerica
	case detectAirwarsTable(src.header):
		return FormatAirwarsTable
	}
	return ""
}

// headerSet is a header's names, lower-cased, for detection.
type headerSet map[string]bool

func newHeaderSet(header []string) headerSet {
	h := headerSet{}
	for _, c := range header {
		h[strings.ToLower(c)] = true
	}
	return h
}

// has says whether every name is in the header.
func (h headerSet) has(names ...string) bool {
	for _, n := range names {
		if !h[n] {
			return false
		}
	}
	return true
}

// any says whether one of the names is in the header.
func (h headerSet) any(names ...string) bool {
	for _, n := range names {
		if h[n] {
			return true
		}
	}
	return false
}

func abbreviate(fields []string, n int) string {
	if len(fields) <= n {
		return strings.Join(fields, ", ")
	}
	return strings.Join(fields[:n], ", ") + fmt.Sprintf(", … %d more", len(fields)-n)
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// skipBOM drops a UTF-8 byte order mark.
func skipBOM(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	b, err := br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	return br, nil
}

// looksJSON says whether the first non-space byte opens a JSON object.
func looksJSON(br *bufio.Reader) bool {
	for n := 1; n <= 512; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return true
		default:
			_ = err
			return false
		}
	}
	return false
}

// rejecter applies SkipInvalid: it reports a bad row and says whether to
// go on.
type rejecter struct{ opts Options }

// reject returns nil when the row is to be skipped, or the error to stop with.
func (rj rejecter) reject(err error) error {
	var re *RowError
	if rj.opts.SkipInvalid && errors.As(err, &re) && !re.fatal {
		if rj.opts.Rejects != nil {
			rj.opts.Rejects(re)
		}
		return nil
	}
	return err
}

// keyCache memoises model.ActorKey and model.PlaceKey, which fold Unicode
// and are the costliest part of a row; names repeat heavily. The cache
// is bounded: it starts over when full.
type keyCache struct {
	actors, places map[string]string
}

const keyCacheMax = 1 << 14

func newKeyCache() *keyCache {
	return &keyCache{actors: map[string]string{}, places: map[string]string{}}
}

func (k *keyCache) actor(name string) string { return cachedKey(k.actors, name, model.ActorKey) }

func (k *keyCache) place(name string) string { return cachedKey(k.places, name, model.PlaceKey) }

// cachedKey looks a name's canonical key up in m, computing it with key
// on a miss; m is emptied when it reaches keyCacheMax, so it stays small.
func cachedKey(m map[string]string, name string, key func(string) string) string {
	if v, ok := m[name]; ok {
		return v
	}
	if len(m) >= keyCacheMax {
		clear(m)
	}
	v := key(name)
	m[name] = v
	return v
}

// adminKey keys an administrative unit so that it can never collide with
// a town's key: "province:ar raqqah" is not "raqqa".
func adminKey(level, name string) string {
	f := model.Fold(name)
	for _, w := range []string{" governorate", " province", " district", " subdistrict", " nahiya"} {
		f = strings.TrimSuffix(f, w)
	}
	if f == "" {
		return ""
	}
	return level + ":" + f
}

// listItems yields the items of a list, trimmed, the empty ones
// dropped, without making the list (splitList makes it).
func listItems(s, sep string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if strings.TrimSpace(s) == "" {
			return
		}
		for p := range strings.SplitSeq(s, sep) {
			if p = strings.TrimSpace(p); p != "" && !yield(p) {
				return
			}
		}
	}
}

// splitList splits a cell on sep, trimming and dropping empty items.
func splitList(s, sep string) []string {
	return slices.Collect(listItems(s, sep))
}

// addNote appends a note when the value is not empty.
func addNote(notes []model.Note, key, value string) []model.Note {
	if value = strings.TrimSpace(value); value == "" {
		return notes
	}
	return append(notes, model.Note{Key: key, Value: value})
}

// addClaim appends a claim when the count was reported.
func addClaim(claims []model.Claim, o model.Outcome, c model.Category, n model.Count) []model.Claim {
	if !n.Reported() {
		return claims
	}
	return append(claims, model.Claim{Outcome: o, Category: c, Count: n})
}

// appendUnique appends s unless empty or already present.
func appendUnique(xs []string, s string) []string {
	if s == "" {
		return xs
	}
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}
