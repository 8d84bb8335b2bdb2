package ingest

import (
	"net/url"
	"strings"
)

// How --draft-map places a column: by its name first, then by what its
// first rows hold. Every rule here is a guess for a person to check; the
// draft says so.

// draftCol is one column as the draft sees it.
type draftCol struct {
	i       int
	name    string   // as the map names it (the header, or "#N")
	words   []string // the name's words, lower case
	vals    []string // values of the first rows, trimmed, without placeholders
	blanks  int      // empty or placeholder cells
	avgLen  int
	unique  bool   // no value repeats
	repeats int    // rows whose value an earlier row has
	grouped bool   // repeated values are on adjacent rows
	counts  bool   // the values read as counts, but for a stray one in ten
	notNum  string // a value of a counts column that does not
	dates   bool   // every value reads as a date
	urls    bool   // most values are web addresses
	pairs   bool   // every value is "lat, lon"
	taken   bool   // placed in a field
}

// nameWords splits a header name into lower-case words.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f)
	})
}

func (c *draftCol) has(words ...string) bool {
	for _, w := range words {
		for _, x := range c.words {
			if x == w {
				return true
			}
		}
	}
	return false
}

// is says whether the name's words are exactly these.
func (c *draftCol) is(name string) bool {
	return strings.Join(c.words, " ") == name
}

// newDraftCol reads what the first rows of column i hold.
func newDraftCol(src *csvSource, i int, rows [][]string, serials bool) *draftCol {
	c := &draftCol{i: i, name: src.columnName(i), words: nameWords(src.header[min(i, len(src.header)-1)])}
	if i >= len(src.header) || src.header[i] == "" {
		c.words = nil
	}
	seen := map[string]int{}
	counts, dates, urls, pairs, total := 0, 0, 0, 0, 0
	c.unique, c.grouped = true, true
	last := ""
	for k, rec := range rows {
		v := ""
		if i < len(rec) {
			v = strings.TrimSpace(rec[i])
		}
		if v == "" || isPlaceholder(v) {
			c.blanks++
			continue
		}
		c.vals = append(c.vals, v)
		total += len(v)
		if at, ok := seen[v]; ok {
			c.unique = false
			c.repeats++
			if at != k-1 || last != v {
				c.grouped = false
			}
		}
		seen[v] = k
		last = v
		if _, msg := parseCountCell(v); msg == "" {
			counts++
		} else if c.notNum == "" {
			c.notNum = v
		}
		if _, msg := parseDate(v, serials && c.has("date", "day"), false); msg == "" {
			dates++
		}
		if u, err := url.Parse(v); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") ||
			strings.HasPrefix(v, "www.") && !strings.ContainsAny(v, " ,") {
			urls++
		}
		if _, _, msg := parseCoordPair(v); msg == "" && strings.ContainsAny(v, ",;") {
			pairs++
		}
	}
	if n := len(c.vals); n > 0 {
		c.avgLen = total / n
		c.counts = counts*2 > n && n-counts <= max(1, n/10) // a stray value in a column of figures
		c.dates = dates == n
		c.urls = urls*10 >= n*8
		c.pairs = pairs == n
	}
	return c
}

// countRole reads a count column's name: its outcome ("killed",
// "injured", or "strikes" for a number of strikes), its category, and
// its bound ("min", "max", "best" or "").
func countRole(c *draftCol) (outcome, cat, bound string, ok bool) {
	for _, w := range c.words {
		switch w {
		case "min", "minimum", "low", "lowest", "lower":
			bound = "min"
		case "max", "maximum", "high", "highest", "upper":
			bound = "max"
		case "best":
			bound = "best"
		case "killed", "kill", "dead", "deaths", "death", "fatalities", "fatality", "died":
			outcome = "killed"
		case "injured", "injuries", "injury", "wounded", "wounds", "hurt":
			outcome = "injured"
		case "civilian", "civilians":
			cat = "civilians"
		case "child", "children", "kids", "minors":
			cat = "children"
		case "woman", "women", "female", "females":
			cat = "women"
		case "man", "men", "male", "males":
			cat = "men"
		case "militant", "militants", "combatant", "combatants", "fighters", "fighter", "soldiers":
			cat = "combatants"
		case "unknown", "unknowns":
			cat = "unknown"
		case "total", "people", "persons":
			cat = "total"
		case "strikes", "raids", "raid", "airstrikes", "sorties":
			if outcome == "" {
				outcome = "strikes"
			}
		case "casualties", "casualty", "victims":
			return "", "", "", false // killed and injured together: no one field holds it
		case "id", "link", "url", "type", "status", "code", "date", "time", "ratio":
			return "", "", "", false
		}
	}
	if outcome == "" && (cat != "" || bound != "") {
		outcome = "killed" // "civilians_low", "low"/"best"/"high": deaths
	}
	if outcome == "" {
		return "", "", "", false
	}
	if cat == "" && outcome != "strikes" {
		cat = "total"
	}
	return outcome, cat, bound, true
}

// isURLName says whether the name is that of web addresses.
func (c *draftCol) isURLName() bool {
	return c.has("url", "urls", "link", "links", "href", "youtube", "website") || strings.HasSuffix(strings.Join(c.words, ""), "url")
}

// idNames are the names of ID columns, best first.
var idNames = []string{"strike id", "incident id", "incidence id", "event id", "event id cnty", "id", "incident code",
	"reference code", "unique reference code", "code", "case id", "reference", "ref", "uid", "incident", "incident number",
	"event", "case"}

// placeNames are the names of the place column, finest first.
var placeNames = []string{"neighbourhood", "neighborhood", "village", "village local area", "town", "location",
	"location name", "locality", "area", "place", "site", "city"}

var admin1Names = []string{"governorate", "province", "state", "admin1", "adm 1", "wilaya", "oblast", "region"}

var admin2Names = []string{"district", "admin2", "adm 2", "county", "agency", "municipality", "subdistrict", "region", "area", "city"}

// proseNames are the names of columns of text: left out of a draft,
// since a summary must be the user's words.
var proseNames = []string{"description", "summary", "notes", "note", "narrative", "details", "observations", "assessment",
	"text", "comment", "comments", "story", "airwars assessment", "target description"}

var sourceNames = []string{"source", "reporter", "outlet", "media outlet", "source name", "publisher", "reported by"}
