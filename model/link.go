package model

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Linking joins strikes from different datasets that tell of the same
// event (a UCDP GED event, an ACLED event and an Airwars incident about
// one strike). Match is the rule for one pair; Link (link_plan.go) applies
// it to a whole store through an index by day and place, and applies the
// decisions people made by hand. docs/LINKING.md explains the rule and
// how well it does on real data.

// LinkKey is what the linker knows of a strike: a compact key, so that a
// million strikes can be linked without holding their reports.
type LinkKey struct {
	ID string
	// Datasets are the folded names of the datasets the strike's reports
	// come from, sorted: two strikes sharing one are never linked.
	Datasets []string
	Date     DateSpan
	// PlaceKey is the canonical key (a town's, or "province:..." for a
	// coarse place); PlaceName is the name to show in reasons.
	PlaceKey  string
	PlaceName string
	// Admin1 is the governorate's canonical key ("raqqa" for "Ar Raqqah"
	// and "Raqqa" alike), "" when unknown.
	Admin1 string
	// Sound is the hash of the place name's skeleton (PlaceSkeleton), 0
	// when it has none: two spellings of one name share it.
	Sound     uint64
	Precision PlacePrecision
	HasCoords bool
	Lat, Lon  float64
	// Actors are the canonical keys of the actors the reports name, sorted,
	// without "unknown". Civilians, Combatants and Total are the spans of
	// the reports' killed figures of each category, compared category by
	// category: civilians with civilians, never with a total.
	Actors                       []string
	Civilians, Combatants, Total Span
	// Refs are the strike's codes and citations, and the places a name
	// of several places names, nil when it has none (most strikes of a
	// big store: a pointer costs less than three lists).
	Refs *LinkRefs
}

// LinkRefs are what a strike says of records, its own and those it
// cites, and of places beyond its one key.
type LinkRefs struct {
	// Places are the keys of the places a name of several names ("Al
	// Safsaf and Hunaida", "Khatouniya & Salhabiya", "Kasrat Faraj/Kasrat
	// Sheikh"), and Sounds their skeletons' hashes (0 for none): the
	// record may be linked by any of them (link_sound.go).
	Places []string
	Sounds []uint64
	// Codes are the strike's own codes in its dataset (Airwars "CS225",
	// and codes it had before); Cites are the records of other datasets
	// its reports name: the cited dataset folded, the code, the citing
	// report's dataset and the cited dataset as named, joined by 0x00
	// ("airwars\x00CS225\x00UCDP GED\x00Airwars"). A citation links
	// before any scoring (link_xref.go).
	Codes, Cites []string
}

// Codes returns the strike's own codes.
func (k *LinkKey) Codes() []string {
	if k.Refs == nil {
		return nil
	}
	return k.Refs.Codes
}

// Cites returns the records the strike cites.
func (k *LinkKey) Cites() []string {
	if k.Refs == nil {
		return nil
	}
	return k.Refs.Cites
}

// SetCodes sets the strike's own codes.
func (k *LinkKey) SetCodes(codes []string) {
	if k.Refs == nil {
		if len(codes) == 0 {
			return
		}
		k.Refs = &LinkRefs{}
	}
	k.Refs.Codes = codes
}

// LinkKeyOf derives the link key of a strike.
func LinkKeyOf(s *Strike) LinkKey {
	var m LinkKeyMaker
	return m.Of(s)
}

// LinkKeyMaker derives link keys, remembering the few distinct
// governorates and datasets it folds: for a million strikes, folding each
// again would cost the linker a fifth of its reading. The zero value is
// ready; it is not safe for concurrent use.
type LinkKeyMaker struct {
	admin1, dataset map[string]string
	sound           map[string]uint64
}

// memo returns f(s), remembered in *m.
func memo(m *map[string]string, s string, f func(string) string) string {
	if v, ok := (*m)[s]; ok {
		return v
	}
	if *m == nil {
		*m = map[string]string{}
	}
	v := f(s)
	if len(*m) < 4096 { // a store of many distinct names gains nothing
		(*m)[s] = v
	}
	return v
}

// Of derives the link key of a strike, as LinkKeyOf does.
func (m *LinkKeyMaker) Of(s *Strike) LinkKey {
	k := LinkKey{
		ID: s.ID, Date: s.Date, PlaceKey: s.Place.Key, Precision: s.Place.Precision,
		HasCoords: s.Place.HasCoords, Lat: s.Place.Lat, Lon: s.Place.Lon,
		Admin1: memo(&m.admin1, s.Place.Admin1, Admin1Key),
	}
	if v, ok := m.sound[k.PlaceKey]; ok {
		k.Sound = v
	} else {
		k.Sound = soundHash(PlaceSkeleton(k.PlaceKey))
		if m.sound == nil {
			m.sound = map[string]uint64{}
		}
		if len(m.sound) < 1<<16 {
			m.sound[k.PlaceKey] = k.Sound
		}
	}
	k.PlaceName = s.Place.Name
	if d, ok := placeDisplay(k.PlaceKey); ok {
		k.PlaceName = d
	}
	var cites []string
	for i := range s.Reports {
		r := &s.Reports[i]
		if r.Dataset != "" {
			k.Datasets = append(k.Datasets, memo(&m.dataset, r.Dataset, Fold))
		}
		for _, a := range r.Actors {
			if a.Key != "" && a.Key != "unknown" {
				k.Actors = append(k.Actors, a.Key)
			}
		}
		for _, c := range r.Claims {
			if c.Outcome != Killed || !c.Count.Reported() {
				continue
			}
			switch c.Category {
			case Civilians:
				k.Civilians = k.Civilians.With(SpanOf(c.Count))
			case Combatants:
				k.Combatants = k.Combatants.With(SpanOf(c.Count))
			case Total:
				k.Total = k.Total.With(SpanOf(c.Count))
			}
		}
		for _, n := range r.Notes {
			if n.Key == CitesNote {
				if ds, code, ok := ParseCitation(n.Value); ok {
					cites = append(cites, memo(&m.dataset, ds, Fold)+"\x00"+code+"\x00"+r.Dataset+"\x00"+ds)
				}
			}
		}
	}
	slices.Sort(k.Datasets)
	k.Datasets = slices.Compact(k.Datasets)
	slices.Sort(k.Actors)
	k.Actors = slices.Compact(k.Actors)
	if len(cites) > 0 {
		slices.Sort(cites)
		k.Refs = &LinkRefs{Cites: slices.Compact(cites)}
	}
	k.SetCodes(s.Codes)
	if !coarse(k.Precision) {
		if parts := placeParts(s.Place.Name); len(parts) > 1 {
			if k.Refs == nil {
				k.Refs = &LinkRefs{}
			}
			for _, p := range parts {
				pk := PlaceKey(p)
				if pk == "" || pk == k.PlaceKey || slices.Contains(k.Refs.Places, pk) {
					continue
				}
				k.Refs.Places = append(k.Refs.Places, pk)
				k.Refs.Sounds = append(k.Refs.Sounds, soundHash(PlaceSkeleton(pk)))
			}
		}
	}
	return k
}

// places returns the keys of the places a strike's name names beyond its
// own key, and their skeletons' hashes.
func (k *LinkKey) places() ([]string, []uint64) {
	if k.Refs == nil {
		return nil, nil
	}
	return k.Refs.Places, k.Refs.Sounds
}

// CitesNote is the key of a report's note naming another dataset's record
// it was coded from ("Airwars CS225"): UCDP GED's source_article and
// source_headline name the Airwars incidents.
const CitesNote = "cites"

// ParseCitation splits a cites note's value, "Airwars CS225", into the
// dataset and the code (the last word).
func ParseCitation(v string) (dataset, code string, ok bool) {
	i := strings.LastIndexByte(v, ' ')
	if i <= 0 || i == len(v)-1 {
		return "", "", false
	}
	return strings.TrimSpace(v[:i]), v[i+1:], true
}

// Admin1Key folds a governorate's name into the key the linker compares:
// "Ar Raqqah Governorate", "Ar Raqqah" and "Raqqa" all give "raqqa".
func Admin1Key(name string) string {
	if name == "" {
		return ""
	}
	f := Fold(name)
	f = strings.TrimSuffix(f, " governorate")
	f = strings.TrimSuffix(f, " province")
	return PlaceKey(f)
}

func placeDisplay(key string) (string, bool) {
	if key == "" || strings.Contains(key, ":") {
		return "", false
	}
	tablesOnce.Do(loadTables)
	d, ok := placeTable.display[key]
	return d, ok
}

// LinkCandidate is a pair of strikes the rule finds compatible: From
// would be shown under To. Reason says why, in words
// ("same day; same city (Raqqa); 1.2 km apart").
type LinkCandidate struct {
	From, To string
	// FromRank and ToRank are where From and To stand among the keys
	// given to Link, sorted by ID (see StrikeLink); Match leaves them 0.
	FromRank, ToRank int32
	Score            float64
	// KM is how far apart their coordinates are, -1 when either has none.
	KM     float64
	Reason string
	// Weak marks a pair whose places agree only by containment (a
	// governorate-level record and a village in that governorate): it is
	// offered as possible, never linked automatically.
	Weak bool
}

// The limits of the rule; docs/LINKING.md gives the reasons.
const (
	// MaxLinkSpanDays is the widest date span the linker compares: a
	// record dated only to a year is never linked automatically.
	MaxLinkSpanDays = 31
	// MaxNearKM is the farthest two records with different place keys
	// may be and still be linked by distance.
	MaxNearKM = 5.0
	// HomonymKM is how far apart two records with the same place key may
	// be before the key is taken for two places of one name.
	HomonymKM = 30.0
)

// FiguresBonus is the most agreeing killed figures add to a pair's score
// (the same figures of one category; a figure within a wide range adds
// about half): in a city struck several times a day, the figures tell
// the incidents apart better than the place does. Shared actors add 0.05.
const FiguresBonus = 0.3

// Match applies the linking rule to two strikes: their datasets differ,
// their dates are compatible given their precision (the same day when
// both are day-precise, else overlapping spans of at most a month), and
// their places are compatible given their precision (the same canonical
// place, or within a few kilometres when both have coordinates precise
// enough). Shared actors and agreeing figures only add to the score.
func Match(a, b *LinkKey) (LinkCandidate, bool) {
	c, ok := match(a, b, true)
	return c, ok
}

// Matches says whether Match finds two strikes compatible (possibly
// only weakly), without the reason's words.
func Matches(a, b *LinkKey) bool {
	_, ok := match(a, b, false)
	return ok
}

// match is Match; without reason it leaves Reason empty and allocates
// nothing, for the index's many comparisons.
func match(a, b *LinkKey, reason bool) (LinkCandidate, bool) {
	c, _, ok := matchFigs(a, b, reason)
	return c, ok
}

// matchFigs is match, saying also how the figures compare.
func matchFigs(a, b *LinkKey, reason bool) (LinkCandidate, figureMatch, bool) {
	if sharesDataset(a.Datasets, b.Datasets) {
		return LinkCandidate{}, figureMatch{}, false
	}
	ds, slip, ok := dateMatch(a.Date, b.Date)
	if !ok || (slip && (a.PlaceKey == "" || a.PlaceKey != b.PlaceKey)) {
		// A slip of a day is only offered for one named place.
		return LinkCandidate{}, figureMatch{}, false
	}
	pm, ok := placeMatch(a, b)
	if !ok {
		return LinkCandidate{}, figureMatch{}, false
	}
	c := LinkCandidate{From: a.ID, To: b.ID, KM: pm.km, Weak: pm.weak || slip, Score: ds * pm.score}
	shared := firstShared(a.Actors, b.Actors)
	if shared != "" {
		c.Score += 0.05
	}
	figs := compareFigures(a, b)
	if (pm.kind == spelledAlike || pm.kind == namesBoth || pm.kind == nearTown) && (figs.agree == 0 || figs.differ != 0) {
		// A name spelled alike, one of several names, or a place within
		// the radius of a town's point is linked only when the figures
		// agree too.
		c.Weak = true
	}
	c.Score += figs.score()
	c.Score = math.Round(c.Score*1000) / 1000
	if !reason {
		return c, figs, true
	}
	var sb strings.Builder
	switch {
	case slip:
		sb.WriteString("a day apart (" + a.Date.String() + " / " + b.Date.String() + ")")
	case a.Date.Precision == PrecDay && b.Date.Precision == PrecDay:
		sb.WriteString("same day")
	default:
		sb.WriteString("dates overlap (" + a.Date.String() + " / " + b.Date.String() + ")")
	}
	sb.WriteString("; ")
	sb.WriteString(pm.words(a, b))
	if pm.km >= 0 {
		sb.WriteString("; ")
		sb.WriteString(formatKM(pm.km))
		sb.WriteString(" apart")
	}
	if shared != "" {
		sb.WriteString("; both name ")
		sb.WriteString(ActorName(shared))
	}
	figs.words(&sb, a, b)
	c.Reason = sb.String()
	return c, figs, true
}

func sharesDataset(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Linkable says whether the linker compares a date at all: a known span
// of less than MaxLinkSpanDays days.
func Linkable(d DateSpan) bool { return linkable(d) }

// linkable says whether the linker compares a date at all.
func linkable(d DateSpan) bool {
	return d.Known() && d.End >= d.Start && int(d.End-d.Start) < MaxLinkSpanDays
}

// dateMatch compares two dates: the score, whether they are day-precise
// days one apart (a slip between datasets: a possible link, never made),
// and whether they match at all.
func dateMatch(a, b DateSpan) (float64, bool, bool) {
	if !linkable(a) || !linkable(b) {
		return 0, false, false
	}
	if a.Precision == PrecDay && b.Precision == PrecDay {
		switch a.Start - b.Start {
		case 0:
			return 1, false, true
		case 1, -1:
			if a.Start == a.End && b.Start == b.End {
				return 0.5, true, true
			}
		}
		return 0, false, false
	}
	if !a.Overlaps(b) {
		return 0, false, false
	}
	switch w := max(a.End-a.Start, b.End-b.Start) + 1; {
	case w == 1:
		return 0.9, false, true
	case w <= 7:
		return 0.6, false, true
	}
	return 0.3, false, true
}

type placeResult struct {
	score float64
	km    float64
	weak  bool
	kind  placeKind
	part  string // the place both name, for namesBoth
}

type placeKind uint8

const (
	sameArea      placeKind = iota // one district or governorate
	liesIn                         // a town in a coarse record's governorate
	sameTown                       // one place key
	sameCity                       // one place key, a city
	nearEachOther                  // different keys, close coordinates
	spelledAlike                   // different keys, one skeleton, one governorate
	namesBoth                      // a name of several places names the other's
	nearTown                       // within NearTownKM of the town one record is near
)

// words says how the places agree, in a reason.
func (p placeResult) words(a, b *LinkKey) string {
	switch p.kind {
	case sameArea:
		return "same " + a.Precision.String() + " (" + a.PlaceName + ")"
	case liesIn:
		// Only the governorates were compared: say so, and no more.
		c, f := a, b
		if coarse(b.Precision) {
			c, f = b, a
		}
		gov, ok := placeDisplay(c.Admin1)
		if !ok {
			gov = c.Admin1
		}
		if c.Precision == PlaceProvince || c.Precision == PlaceCountry {
			return f.PlaceName + " lies in " + c.PlaceName + " (governorate)"
		}
		if gov == "" {
			return f.PlaceName + " and " + c.PlaceName + " (" + c.Precision.String() + ") are in one governorate"
		}
		return f.PlaceName + " and " + c.PlaceName + " (" + c.Precision.String() + ") are both in " + gov + " governorate"
	case sameTown:
		return "same town (" + a.PlaceName + ")"
	case sameCity:
		return "same city (" + a.PlaceName + ")"
	case namesBoth:
		return p.part + " is named by both (" + a.PlaceName + "; " + b.PlaceName + ")"
	case spelledAlike:
		return "one name spelled two ways (" + a.PlaceName + ", " + b.PlaceName + ") in " + admin1Name(a.Admin1) + " governorate"
	case nearTown:
		n, f := a, b
		if b.Precision == PlaceNearTown {
			n, f = b, a
		}
		return f.PlaceName + " is within " + formatKM(NearTownKM) + " of " + n.PlaceName + ", near which the other record places it"
	}
	return "near each other (" + a.PlaceName + ", " + b.PlaceName + ")"
}

// coarse says whether a precision names an area rather than a spot.
func coarse(p PlacePrecision) bool { return p.Area() }

// coordsUsable says whether a record's coordinates say where it was: a
// spot, a neighbourhood, a town or a city centre, a town's point near
// which it was, or a point whose precision the source did not give
// (taken as a town's).
func coordsUsable(k *LinkKey) bool {
	return k.HasCoords && !k.Precision.Area()
}

// nearLimit is how far apart two records may be to be linked by
// distance alone: the sum of how far each may be from its coordinates,
// at most MaxNearKM.
func nearLimit(a, b PlacePrecision) float64 {
	r := func(p PlacePrecision) float64 {
		if p == PlaceExact || p == PlaceNeighbourhood {
			return 2
		}
		return 3 // a town, a city centre, or not given
	}
	return min(r(a)+r(b), MaxNearKM)
}

func placeMatch(a, b *LinkKey) (placeResult, bool) {
	km := -1.0
	if coordsUsable(a) && coordsUsable(b) {
		km = HaversineKM(a.Lat, a.Lon, b.Lat, b.Lon)
	}
	ca, cb := coarse(a.Precision), coarse(b.Precision)
	switch {
	case ca && cb:
		if a.PlaceKey == "" || a.PlaceKey != b.PlaceKey {
			return placeResult{}, false
		}
		// Two records of one district or governorate: the same
		// canonical place, but a wide one.
		weak := a.Precision == PlaceProvince || a.Precision == PlaceCountry
		return placeResult{score: 0.3, km: -1, weak: weak, kind: sameArea}, true
	case ca || cb:
		// A coarse record never links to a town by name: at most it is
		// offered as possible when the town lies in its governorate.
		c, f := a, b
		if cb {
			c, f = b, a
		}
		if c.Admin1 == "" || c.Admin1 != f.Admin1 {
			return placeResult{}, false
		}
		return placeResult{score: 0.2, km: -1, weak: true, kind: liesIn}, true
	}
	if a.PlaceKey != "" && a.PlaceKey == b.PlaceKey {
		if km > HomonymKM {
			return placeResult{}, false
		}
		kind, score := sameTown, 0.8
		if a.Precision == PlaceCity || b.Precision == PlaceCity {
			kind, score = sameCity, 0.6
		}
		if km >= 0 {
			score += 0.2 * (1 - min(km, 10)/10)
		}
		return placeResult{score: score, km: km, kind: kind}, true
	}
	if km >= 0 && km <= nearLimit(a.Precision, b.Precision) {
		score := 0.5 + 0.4*(1-km/MaxNearKM)
		return placeResult{score: score, km: km, kind: nearEachOther}, true
	}
	// One name spelled two ways, in one governorate, and not farther
	// apart than one name may be: a weaker agreement than one key.
	if a.Sound != 0 && a.Sound == b.Sound && a.Admin1 != "" && a.Admin1 == b.Admin1 && km <= HomonymKM {
		score := 0.6
		if km >= 0 {
			score += 0.2 * (1 - min(km, HomonymKM)/HomonymKM)
		}
		return placeResult{score: score, km: km, kind: spelledAlike}, true
	}
	if part, ok := partsMatch(a, b, km); ok {
		score := 0.6
		if km >= 0 {
			score += 0.2 * (1 - min(km, HomonymKM)/HomonymKM)
		}
		return placeResult{score: score, km: km, kind: namesBoth, part: part}, true
	}
	if withinNearTown(a.Precision, b.Precision, a.Admin1, b.Admin1, km) {
		// Weaker than any agreement of names: in a block, a pair of one
		// name wins over a village near the town.
		score := 0.4 + 0.2*(1-km/NearTownKM)
		return placeResult{score: score, km: km, kind: nearTown}, true
	}
	return placeResult{}, false
}

// withinNearTown says whether one record is placed only near a town
// (PlaceNearTown) and the other's point, km away, lies within NearTownKM
// of that town's, in one governorate when both name theirs (the
// governorates' keys, Admin1Key). Two records both near a town are not
// compared so.
func withinNearTown(a, b PlacePrecision, adminA, adminB string, km float64) bool {
	if (a == PlaceNearTown) == (b == PlaceNearTown) || km < 0 || km > NearTownKM {
		return false
	}
	return adminA == "" || adminB == "" || adminA == adminB
}

// admin1Name is a governorate key's display name, or the key.
func admin1Name(key string) string {
	if d, ok := placeDisplay(key); ok {
		return d
	}
	return key
}

// HaversineKM is the great-circle distance between two points in km.
func HaversineKM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(s)))
}

func formatKM(km float64) string {
	if km < 10 {
		return strconv.FormatFloat(km, 'f', 1, 64) + " km"
	}
	return strconv.FormatFloat(km, 'f', 0, 64) + " km"
}

func firstShared(a, b []string) string {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x
		}
	}
	return ""
}

// The figures compared, category by category: civilians with civilians,
// combatants with combatants, totals with totals; never one category with
// another, nor a sum.
var figureCategories = [...]struct {
	name string
	of   func(k *LinkKey) Span
}{
	{"civilians", func(k *LinkKey) Span { return k.Civilians }},
	{"combatants", func(k *LinkKey) Span { return k.Combatants }},
	{"total", func(k *LinkKey) Span { return k.Total }},
}

// FiguresPenalty is what figures of one category that cannot both be true
// take from a pair's score (a UCDP event often counts part of an
// incident's dead, so it weighs less than agreement).
const FiguresPenalty = 0.1

// figureMatch is how two strikes' figures compare: bit c of agree (differ)
// is set when both give category c and the figures can (cannot) both be
// true.
type figureMatch struct {
	agree, differ uint8
	// tight is how closely the closest agreeing category agrees: the
	// figures both allow over the figures either allows (1 for 7 and 7,
	// 1/6 for 7 and 7–12).
	tight float64
}

func compareFigures(a, b *LinkKey) figureMatch {
	var f figureMatch
	for i, c := range figureCategories {
		x, y := c.of(a), c.of(b)
		if !x.Reported || !y.Reported {
			continue
		}
		if spansMeet(x, y) {
			f.agree |= 1 << i
			f.tight = max(f.tight, tightness(x, y))
		} else {
			f.differ |= 1 << i
		}
	}
	return f
}

// tightness is the share of the figures two meeting spans allow that
// both allow; an open span reaches twice its figure.
func tightness(x, y Span) float64 {
	hi := func(s Span) int64 {
		if s.Open {
			return 2*int64(s.High) + 1
		}
		return int64(s.High)
	}
	lo := max(int64(x.Low), int64(y.Low))
	both := min(hi(x), hi(y)) - lo + 1
	either := max(hi(x), hi(y)) - min(int64(x.Low), int64(y.Low)) + 1
	if both <= 0 || either <= 0 {
		return 0
	}
	return float64(both) / float64(either)
}

func (f figureMatch) score() float64 {
	s := 0.0
	if f.agree != 0 {
		s += FiguresBonus * (0.5 + 0.5*f.tight)
	}
	if f.differ != 0 {
		s -= FiguresPenalty
	}
	return s
}

// words adds the comparison to a reason: "civilians killed agree (4 /
// 2–4)", "total killed differ (0 / 3)".
func (f figureMatch) words(sb *strings.Builder, a, b *LinkKey) {
	for i, c := range figureCategories {
		verb := ""
		switch {
		case f.agree&(1<<i) != 0:
			verb = " agree ("
		case f.differ&(1<<i) != 0:
			verb = " differ ("
		default:
			continue
		}
		x, y := c.of(a), c.of(b)
		sb.WriteString("; " + c.name + " killed" + verb + x.String() + " / " + y.String() + ")")
	}
}

// spansMeet says whether two reported spans share a figure.
func spansMeet(a, b Span) bool {
	if !a.Reported || !b.Reported {
		return false
	}
	aHi, bHi := a.High, b.High
	if a.Open {
		aHi = math.MaxInt32
	}
	if b.Open {
		bHi = math.MaxInt32
	}
	return a.Low <= bHi && b.Low <= aHi
}
