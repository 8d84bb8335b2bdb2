package ingest

import (
	"strings"
)

// Built-in maps. The drone and air-raid databases strikes knows by their
// header (TBIJ, the Yemen Data Project, New America, Airwars' incident
// tables) are read as maps that strikes writes itself from the file's
// header, so that each format is one file of decisions (tbij.go, ydp.go,
// newamerica.go, airwars_table.go) and a user's own map can say anything
// they say. Each builder resolves the names its publisher has used
// across releases and sheets, and records the publisher's methodology in
// its comment.

// impliedAttacker is the note on a report whose attacker is implied by
// the dataset's scope rather than claimed by a source.
func impliedAttacker(who, scope string) MapNote {
	return MapNote{Key: "attacker", Value: who + ": implied by the dataset's scope (" + scope + "), not a source's claim"}
}

// newBuiltin reads src in a built-in format.
func newBuiltin(src *csvSource, format string) (Reader, error) {
	var m *Mapping
	switch format {
	case FormatTBIJ:
		m = tbijMapping(src)
	case FormatYDP:
		m = ydpMapping(src)
	case FormatNewAmerica:
		m = newAmericaMapping(src)
	default:
		m = airwarsTableMapping(src)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	r, err := newMapReader(src, m, format)
	if err != nil {
		return nil, err
	}
	r.blankPH = true // "Unknown" is no place, no target, no status
	return r, nil
}

// looseName folds a header name for matching across a publisher's
// releases: lower case, "_" as a space.
func looseName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(normHeader(s), "_", " ")), " "))
}

// pick returns the header name of the first of names that src has
// (compared loosely), or "".
func pick(src *csvSource, names ...string) string {
	for _, n := range names {
		want := looseName(n)
		for _, h := range src.header {
			if h != "" && looseName(h) == want {
				return h
			}
		}
	}
	return ""
}

// pickAll returns the header names of every one of names that src has.
func pickAll(src *csvSource, names ...string) []string {
	var out []string
	for _, n := range names {
		if h := pick(src, n); h != "" {
			out = appendUnique(out, h)
		}
	}
	return out
}

// pickRange is a min/max count of the first pair src has.
func pickRange(src *csvSource, pairs ...[2]string) (CountSpec, bool) {
	for _, p := range pairs {
		lo, hi := pick(src, p[0]), pick(src, p[1])
		if lo != "" || hi != "" {
			return CountSpec{Min: lo, Max: hi}, true
		}
	}
	return CountSpec{}, false
}

// looseSet is a header's names folded by looseName, for detection.
func looseSet(header []string) headerSet {
	h := headerSet{}
	for _, c := range header {
		h[looseName(c)] = true
	}
	return h
}
