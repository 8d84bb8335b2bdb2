package main

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
)

// appendListLine appends s as one line of `list --json` to b: the bytes
// encoding/json writes for listLine(s), then ingest.InertJSON, in one
// pass and without reflection, so that listing a million strikes is
// bound by reading them, not by printing them. TestListLineMatchesJSON
// and FuzzListLine hold the two to the same bytes.
func appendListLine(b []byte, s *model.Summary) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, s.ID)
	b = append(b, `,"date":`...)
	b = appendJSONString(b, s.Date.Start.String())
	if s.Date.End != s.Date.Start {
		b = append(b, `,"date_end":`...)
		b = appendJSONString(b, s.Date.End.String())
	}
	b = append(b, `,"date_precision":`...)
	b = appendJSONString(b, s.Date.Precision.String())
	b = append(b, `,"place":`...)
	b = appendJSONString(b, s.Place)
	if s.PlaceKey != "" {
		b = append(b, `,"place_key":`...)
		b = appendJSONString(b, s.PlaceKey)
	}
	if s.Admin1 != "" {
		b = append(b, `,"admin1":`...)
		b = appendJSONString(b, s.Admin1)
	}
	b = append(b, `,"country":`...)
	b = appendJSONString(b, s.Country)
	b = append(b, `,"actors":`...)
	b = appendJSONStrings(b, s.Actors)
	b = append(b, `,"contested":`...)
	b = strconv.AppendBool(b, s.Contested)
	b = append(b, `,"reports":`...)
	b = strconv.AppendInt(b, int64(s.Reports), 10)
	if s.Silent != 0 {
		b = append(b, `,"reports_without_claim":`...)
		b = strconv.AppendInt(b, int64(s.Silent), 10)
	}
	b = appendFigures(b, "killed", &s.Killed)
	b = appendFigures(b, "injured", &s.Injured)
	if len(s.Gradings) > 0 && s.Gradings[0] != "" {
		b = append(b, `,"grading":`...)
		b = appendJSONString(b, s.Gradings[0])
	}
	if len(s.Gradings) > 1 {
		b = append(b, `,"gradings":`...)
		b = appendJSONStrings(b, s.Gradings)
	}
	if len(s.Statuses) > 0 && s.Statuses[0] != "" {
		b = append(b, `,"status":`...)
		b = appendJSONString(b, s.Statuses[0])
	}
	if len(s.Statuses) > 1 {
		b = append(b, `,"statuses":`...)
		b = appendJSONStrings(b, s.Statuses)
	}
	if len(s.Countries) > 1 {
		b = append(b, `,"countries":`...)
		b = appendJSONStrings(b, s.Countries)
	}
	b = append(b, `,"datasets":`...)
	b = appendJSONStrings(b, s.Datasets)
	if d := deskListLine(s.Desk); d != nil { // the analyst's desk (note.go)
		if j, err := json.Marshal(d); err == nil {
			b = append(b, `,"desk":`...)
			b = append(b, ingest.InertJSON(j)...)
		}
	}
	return append(b, "}\n"...)
}

// jsonCategories are the categories in the order encoding/json writes a
// map keyed by their names: sorted by name, once.
var jsonCategories = func() []model.Category {
	cats := slices.Clone(model.Categories[:])
	slices.SortFunc(cats, func(x, y model.Category) int { return strings.Compare(x.String(), y.String()) })
	return cats
}()

// appendFigures appends the fields figuresJSON gives for one outcome.
func appendFigures(b []byte, name string, f *model.Figures) []byte {
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":`...)
	c, sp, ok := f.Headline()
	if !ok {
		return appendJSONString(b, "—")
	}
	b = appendJSONString(b, sp.String())
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `_category":`...)
	b = appendJSONString(b, c.String())
	// Headline found a category reported: the map is never empty.
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `_by_category":{`...)
	i := 0
	for _, cat := range jsonCategories {
		if !f[cat].Reported {
			continue
		}
		if i > 0 {
			b = append(b, ',')
		}
		i++
		b = appendJSONString(b, cat.String())
		b = append(b, ':')
		b = appendJSONString(b, f[cat].String())
	}
	return append(b, '}')
}

// appendJSONStrings appends xs as a JSON array; nil is [] as nonNil makes it.
func appendJSONStrings(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, x)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes it by default
// (HTML characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD),
// with the characters ingest.InertJSON makes inert escaped too.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		case (r >= 0x80 && r < 0xa0) || (r != 0x200d && unicode.Is(unicode.Cf, r)):
			// What ingest.InertJSON escapes: it would act on a terminal.
			b = append(b, s[start:i]...)
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				b = appendU4(appendU4(b, r1), r2)
			} else {
				b = appendU4(b, r)
			}
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
