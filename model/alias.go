package model

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// The alias tables ship with the project (model/aliases/*.tsv). Each line
// is: key TAB display name TAB aliases separated by "|"; places add a
// fourth column, the Arabic name, a fifth, the governorate, and a sixth,
// "in": for a neighbourhood or landmark, the key of the town it lies in.
// Lines starting with # are comments. A name in no table keeps its own
// key, its folded form: nothing is dropped.

//go:embed aliases/actors.tsv
var actorsTSV string

//go:embed aliases/places.tsv
var placesTSV string

//go:embed aliases/sources.tsv
var sourcesTSV string

// aliasTable maps folded names to canonical keys and keys to display names.
type aliasTable struct {
	byName  map[string]string   // folded alias -> key
	display map[string]string   // key -> display name
	arabic  map[string]string   // key -> Arabic name (places)
	admin1  map[string]string   // key -> governorate (places)
	in      map[string]string   // key -> key of the town it lies in (places)
	inside  map[string][]string // town key -> sorted keys of the places in it
	// scoped maps a town's key and a folded name to the key of the place of
	// that name in that town: "Fardous" in Aleppo is not Fardous in Raqqa.
	scoped map[string]map[string]string
}

var (
	tablesOnce  sync.Once
	actorTable  *aliasTable
	placeTable  *aliasTable
	sourceTable *aliasTable
	// placeStopWords say what kind of place a name is. A governorate, a
	// province, a countryside or a sub-district is not its town: "Damascus
	// countryside" is Rif Dimashq, so those words stay in the name.
	placeStopWords = []string{"village", "town", "city", "district", "area", "neighbourhood", "neighborhood", "outskirts of", "outskirts"}
)

func loadTables() {
	actorTable = parseAliases(actorsTSV, nil)
	placeTable = parseAliases(placesTSV, placeFold)
	sourceTable = parseAliases(sourcesTSV, sourceLookupFold)
}

func parseAliases(tsv string, fold func(string) string) *aliasTable {
	if fold == nil {
		fold = Fold
	}
	t := &aliasTable{byName: map[string]string{}, display: map[string]string{}, arabic: map[string]string{},
		admin1: map[string]string{}, in: map[string]string{}, inside: map[string][]string{},
		scoped: map[string]map[string]string{}}
	for _, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		key := cols[0]
		in := ""
		if len(cols) > 5 {
			in = cols[5]
		}
		// A neighbourhood takes a name another row holds only inside its
		// town; every other name is the table's alone.
		add := func(name string) {
			f := fold(name)
			if in != "" {
				if t.scoped[in] == nil {
					t.scoped[in] = map[string]string{}
				}
				t.scoped[in][f] = key
				if _, taken := t.byName[f]; taken {
					return
				}
			}
			t.byName[f] = key
		}
		if len(cols) > 1 && cols[1] != "" {
			t.display[key] = cols[1]
			add(cols[1])
		}
		add(key)
		if len(cols) > 2 {
			for _, a := range strings.Split(cols[2], "|") {
				if a = strings.TrimSpace(a); a != "" {
					add(a)
				}
			}
		}
		if len(cols) > 3 && cols[3] != "" {
			t.arabic[key] = cols[3]
			add(cols[3])
		}
		if len(cols) > 4 && cols[4] != "" {
			t.admin1[key] = cols[4]
		}
		if in != "" {
			t.in[key] = in
			t.inside[in] = append(t.inside[in], key)
		}
	}
	for _, keys := range t.inside {
		slices.Sort(keys)
	}
	return t
}

// ActorKey returns the canonical key of an actor name: "Russian jets" and
// "Military Forces of Russia" give "russia". A name in no table keeps its
// folded form as its key.
func ActorKey(name string) string {
	tablesOnce.Do(loadTables)
	f := Fold(name)
	if k, ok := actorTable.byName[f]; ok {
		return k
	}
	return f
}

// ActorName returns the display name of a canonical actor key, or the key.
func ActorName(key string) string {
	tablesOnce.Do(loadTables)
	if d, ok := actorTable.display[key]; ok {
		return d
	}
	return key
}

// placeFold folds a place name and drops the words that say what kind of
// place it is ("Teir Maaleh village" -> "teir maaleh"), and the Arabic
// article's transliterations ("Ar Raqqah" -> "raqqah").
func placeFold(name string) string {
	f := Fold(name)
	for _, w := range placeStopWords {
		f = strings.TrimSuffix(f, " "+w)
		f = strings.TrimPrefix(f, w+" ")
	}
	for _, art := range []string{"al ", "ar ", "as ", "ad ", "ash ", "at ", "az ", "an ", "el ", "adh ", "ath "} {
		if strings.HasPrefix(f, art) && len(f) > len(art)+2 {
			f = f[len(art):]
			break
		}
	}
	return f
}

// PlaceKey returns the canonical key of a place name: "Raqqa", "Ar
// Raqqah", "Raqqah" and "الرقة" all give "raqqa". A place named with its
// town, "Ar Raqqah: Badou neighbourhood", "Badou, Raqqa" or "Al Fardous
// (Aleppo)", gives the place's key when the table has the place in that
// town. A name in no table keeps its folded form (without "village",
// "town" and the article) as its key: "Ar Raqqah Governorate" and "Raqqa
// countryside" are not the city.
func PlaceKey(name string) string {
	tablesOnce.Do(loadTables)
	if k, ok := placeLookup(name); ok {
		return k
	}
	if k, ok := placeQualified(name); ok {
		return k
	}
	return placeFold(name)
}

func placeLookup(name string) (string, bool) {
	if k, ok := placeTable.byName[placeFold(name)]; ok {
		return k, true
	}
	k, ok := placeTable.byName[Fold(name)]
	return k, ok
}

// placeQualified resolves a place named together with its town: "TOWN:
// PLACE", "PLACE, TOWN", "TOWN, PLACE" and "PLACE (TOWN)", a trailing ",
// Syria" aside.
// The town must be in the table; the place is the one of that name in
// that town, else the place of that name when it lies in the town or is a
// village of the same governorate named with a town that has quarters in
// the table. Nothing else is guessed: "Al Houra village, Raqqa" is Al
// Houra, "Near the bakery, Raqqa" stays unknown.
func placeQualified(name string) (string, bool) {
	name = strings.TrimSpace(name)
	for _, suffix := range []string{", Syria", ", syria"} {
		name = strings.TrimSuffix(name, suffix)
	}
	if town, place, ok := strings.Cut(name, ": "); ok {
		if k, ok := placeInTown(place, town); ok {
			return k, true
		}
	}
	if i := strings.LastIndex(name, ", "); i > 0 {
		if k, ok := placeInTown(name[:i], name[i+2:]); ok {
			return k, true
		}
	}
	if town, place, ok := strings.Cut(name, ", "); ok {
		if k, ok := placeInTown(place, town); ok { // "Raqqah, Al Hani"
			return k, true
		}
	}
	if place, town, ok := cutParenthesis(name); ok {
		if k, ok := placeInTown(place, town); ok {
			return k, true
		}
	}
	return "", false
}

// cutParenthesis splits "Al Fardous (Aleppo)" into "Al Fardous" and
// "Aleppo".
func cutParenthesis(name string) (before, inside string, ok bool) {
	if !strings.HasSuffix(name, ")") {
		return "", "", false
	}
	i := strings.LastIndexByte(name, '(')
	if i <= 0 {
		return "", "", false
	}
	return strings.TrimSpace(name[:i]), strings.TrimSpace(name[i+1 : len(name)-1]), true
}

func placeInTown(place, townName string) (string, bool) {
	town, ok := placeLookup(townName)
	if !ok || placeTable.in[town] != "" {
		return "", false
	}
	names := []string{place}
	if before, inside, ok := cutParenthesis(place); ok {
		names = append(names, before, inside) // "Hadika al Bayda (White Garden)"
	}
	for _, n := range names {
		if k, ok := placeTable.scoped[town][placeFold(n)]; ok {
			return k, true
		}
		if k, ok := placeTable.scoped[town][Fold(n)]; ok {
			return k, true
		}
	}
	for _, n := range names {
		k, ok := placeLookup(n)
		if !ok {
			continue
		}
		if k == town || placeTable.in[k] == town {
			return k, true
		}
		// A village named with the main town of its governorate, the way
		// Airwars names many ("Al Houra village, Raqqa"); not with another
		// village ("Abu Kamal, Al Sayyal" is Al Sayyal, which the table
		// may not know).
		if placeTable.in[k] == "" && len(placeTable.inside[town]) > 0 && sameAdmin1(k, town) {
			return k, true
		}
	}
	return "", false
}

// sameAdmin1 reports two places of one governorate, or of governorates
// the table does not know.
func sameAdmin1(a, b string) bool {
	x, y := placeTable.admin1[a], placeTable.admin1[b]
	return x == "" || y == "" || Fold(x) == Fold(y)
}

// PlaceName returns the display name of a place key, or the key.
func PlaceName(key string) string {
	tablesOnce.Do(loadTables)
	if d, ok := placeTable.display[key]; ok {
		return d
	}
	return key
}

// PlaceArabic returns the Arabic name of a place key, "" when unknown.
func PlaceArabic(key string) string {
	tablesOnce.Do(loadTables)
	return placeTable.arabic[key]
}

// PlaceAdmin1 returns the governorate of a place key, "" when unknown.
func PlaceAdmin1(key string) string {
	tablesOnce.Do(loadTables)
	return placeTable.admin1[key]
}

// PlaceIn returns the key of the town a place lies in ("mashlab" gives
// "raqqa"), or "" when the place is no neighbourhood or landmark of a town
// in the table (a town, a village, a governorate, a name in no table).
func PlaceIn(key string) string {
	tablesOnce.Do(loadTables)
	return placeTable.in[key]
}

// PlacesIn returns the keys of the neighbourhoods and landmarks that lie in
// a town, sorted, or nil when the table knows none. The town itself is not
// among them.
func PlacesIn(key string) []string {
	tablesOnce.Do(loadTables)
	return slices.Clone(placeTable.inside[key])
}

// SourceKey returns the canonical key of a source's name: "Shaam News
// Network", "Sham News Network", "@ShaamNetwork" and "Shaam News Network
// (2)" all give "shaam-news-network", "SOHR" and "Syrian Observatory for
// Human Rights" give "sohr" (model/aliases/sources.tsv). A name in no table
// keeps its folded form, without a leading "the" or a trailing "(2)", as
// its key: nothing is dropped.
func SourceKey(name string) string {
	tablesOnce.Do(loadTables)
	f := sourceFold(name)
	if k, ok := sourceTable.byName[strings.ReplaceAll(f, " ", "")]; ok {
		return k
	}
	return f
}

// SourceName returns the display name of a source key, or the key.
func SourceName(key string) string {
	tablesOnce.Do(loadTables)
	if d, ok := sourceTable.display[key]; ok {
		return d
	}
	return key
}

// sourceFold folds a source's name and drops what only tells one citation
// from another: Airwars numbers the second and third citation of an outlet
// in one incident "(2)", "(3)", and a leading "the" ("The Syrian Network
// for Human Rights"). A handle's "@" goes with the other punctuation.
func sourceFold(name string) string {
	f := Fold(trimCounter(name))
	if rest, ok := strings.CutPrefix(f, "the "); ok && rest != "" {
		f = rest
	}
	return f
}

// sourceLookupFold is the form the source table is looked up by: the
// folded name without spaces, so that "ShaamNetwork" and "Shaam Network"
// meet.
func sourceLookupFold(name string) string {
	return strings.ReplaceAll(sourceFold(name), " ", "")
}

// trimCounter drops a trailing citation counter of one or two digits in
// parentheses, "(2)", or its cut-off form "(2"; a name that is nothing
// else is kept.
func trimCounter(name string) string {
	s := strings.TrimRight(name, " ")
	t := strings.TrimSuffix(s, ")")
	i := len(t)
	for i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
		i--
	}
	if n := len(t) - i; n < 1 || n > 2 || i == 0 || t[i-1] != '(' {
		return name
	}
	if rest := strings.TrimRight(t[:i-1], " "); rest != "" {
		return rest
	}
	return name
}
