package model

import (
	"slices"
	"strings"
)

// Verdict says how a strike's reports stand on one field.
type Verdict uint8

// The verdicts.
const (
	// Silent: no report gave this field.
	Silent Verdict = iota
	// Single: exactly one report gave it.
	Single
	// Agree: two or more reports gave it, all alike.
	Agree
	// Compatible: figures differ in form but can all be true at once
	// ("civilians died" and "15 civilians"; "3–6" and "5").
	Compatible
	// Differ: two or more reports gave it, and they cannot all be true.
	Differ
	// SidesOnly: the reports name only the sides of a fight, no attacker.
	SidesOnly
)

// String names the verdict as the compare view shows it.
func (v Verdict) String() string {
	switch v {
	case Single:
		return "single source"
	case Agree:
		return "agree"
	case Compatible:
		return "compatible"
	case Differ:
		return "differ"
	case SidesOnly:
		return "sides only"
	}
	return "not reported"
}

// Field identifies a compared row.
type Field struct {
	Name     string // "actor", "date", "place", "strikes", "killed", "injured", "assessment"
	Outcome  Outcome
	Category Category
}

// Label is the row's name as a person reads it: "killed: children".
func (f Field) Label() string {
	if f.Name == "killed" || f.Name == "injured" {
		return f.Name + ": " + f.Category.String()
	}
	return f.Name
}

// Cell is one report's value for one field.
type Cell struct {
	Text     string // what the report said, or "—" when it said nothing
	Reported bool
	Differs  bool // the value contradicts another report's value in the row
	Varies   bool // the value differs in form from another's but both can be true
}

// Row is one field across every report.
type Row struct {
	Field   Field
	Cells   []Cell // one per report, in Comparison.Reports order
	Verdict Verdict
}

// Column heads one report in a comparison.
type Column struct {
	ReportID   string
	Source     string
	SourceKind SourceKind
	Chain      []string // outermost first, ending with the source
	Dataset    string
}

// Backing is how many reports name an actor as the attacker.
type Backing struct {
	Key       string
	Name      string
	Reports   int
	Suspected int // of those, how many name it only as suspected
}

// Comparison is a strike's reports side by side, field by field.
type Comparison struct {
	StrikeID  string
	Columns   []Column
	Rows      []Row
	Contested bool
	// Backers lists every attacker named, most-backed first.
	Backers []Backing
	// Analyst is the analyst's own assessment as a column of its own, one
	// cell per row (WithAssessment, desk_compare.go); nil when there is
	// none. It is never a source: no verdict counts it.
	Analyst []Cell
}

// Compare lays a strike's reports side by side. Casualty rows are kept per
// outcome and category: figures are never added across categories or
// across reports. Casualty rows that no report gave are left out; the
// actor, date, place and strikes rows are always present.
func Compare(s *Strike) Comparison {
	cmp := Comparison{StrikeID: s.ID, Contested: Contested(s)}
	for i := range s.Reports {
		r := &s.Reports[i]
		cmp.Columns = append(cmp.Columns, Column{ReportID: r.ID, Source: r.Source, SourceKind: r.SourceKind, Chain: r.Chain(), Dataset: r.Dataset})
	}
	row := func(f Field, value func(r *Report) (text, key string), counts ...func(r *Report) Count) Row {
		rw := Row{Field: f, Cells: make([]Cell, len(s.Reports))}
		keys := make([]string, len(s.Reports))
		for i := range s.Reports {
			text, key := value(&s.Reports[i])
			if text == "" {
				rw.Cells[i] = Cell{Text: "—"}
				continue
			}
			rw.Cells[i] = Cell{Text: text, Reported: true}
			keys[i] = key
		}
		rw.Verdict = verdictOf(rw.Cells, keys)
		if rw.Verdict == Differ && len(counts) > 0 && overlap(s.Reports, counts[0]) {
			rw.Verdict = Compatible
			for i := range rw.Cells {
				rw.Cells[i].Differs = false
				rw.Cells[i].Varies = rw.Cells[i].Reported
			}
		}
		return rw
	}
	cmp.Rows = append(cmp.Rows,
		actorRow(s, row(Field{Name: "actor"}, actorCell)),
		row(Field{Name: "date"}, func(r *Report) (string, string) {
			if !r.Date.Known() {
				return "", ""
			}
			return r.Date.String(), r.Date.String()
		}),
		placeVerdict(s, row(Field{Name: "place"}, placeCell)),
		row(Field{Name: "strikes"}, countCell(strikesOf), strikesOf),
	)
	for _, o := range Outcomes {
		for _, c := range Categories {
			get := func(r *Report) Count { return r.Claim(o, c) }
			rw := row(Field{Name: o.String(), Outcome: o, Category: c}, countCell(get), get)
			if rw.Verdict != Silent {
				cmp.Rows = append(cmp.Rows, rw)
			}
		}
	}
	if rw := row(Field{Name: "assessment"}, func(r *Report) (string, string) { return r.Assessment, Fold(r.Assessment) }); rw.Verdict != Silent {
		cmp.Rows = append(cmp.Rows, rw)
	}
	cmp.Backers = backers(s)
	return cmp
}

func strikesOf(r *Report) Count { return r.Strikes }

// overlap says whether every reported figure can be true at once: some
// number lies within all of their bounds.
func overlap(reports []Report, get func(r *Report) Count) bool {
	lo, hi := int32(0), int32(Unbounded)
	for i := range reports {
		c := get(&reports[i])
		if !c.Reported() {
			continue
		}
		lo = max(lo, c.Low)
		if c.High != Unbounded && (hi == Unbounded || c.High < hi) {
			hi = c.High
		}
	}
	return hi == Unbounded || lo <= hi
}

func countCell(get func(r *Report) Count) func(r *Report) (string, string) {
	return func(r *Report) (string, string) {
		c := get(r)
		if !c.Reported() {
			return "", ""
		}
		return c.String(), c.String()
	}
}

func actorCell(r *Report) (string, string) {
	var texts, keys []string
	for _, a := range r.Actors {
		t := a.Name
		if a.Key != "" && ActorName(a.Key) != a.Name {
			t += " [" + ActorName(a.Key) + "]"
		}
		if a.Certainty != CertaintyUnstated {
			t += " (" + a.Certainty.String() + ")"
		}
		if a.Role == RoleSide {
			t += " (side)"
		}
		texts = append(texts, t)
		if a.Role == RoleAttacker {
			keys = append(keys, a.Key)
		}
	}
	slices.Sort(keys)
	return strings.Join(texts, ", "), strings.Join(slices.Compact(keys), ",")
}

// actorRow judges the actor row on the attackers alone: a report that
// names only the sides of a dyad (UCDP, ACLED) says who fought, not who
// struck, so it neither agrees nor disagrees with an attribution.
func actorRow(s *Strike, rw Row) Row {
	var cells []Cell
	var keys []string
	var at []int
	for i := range rw.Cells {
		rw.Cells[i].Differs = false
		if !rw.Cells[i].Reported || !namesAttacker(&s.Reports[i]) {
			continue
		}
		_, key := actorCell(&s.Reports[i])
		cells = append(cells, rw.Cells[i])
		keys = append(keys, key)
		at = append(at, i)
	}
	rw.Verdict = verdictOf(cells, keys)
	for j, i := range at {
		rw.Cells[i].Differs = cells[j].Differs
	}
	if rw.Verdict == Silent && slices.ContainsFunc(rw.Cells, func(c Cell) bool { return c.Reported }) {
		rw.Verdict = SidesOnly // shown, not judged
	}
	return rw
}

func namesAttacker(r *Report) bool {
	for _, a := range r.Actors {
		if a.Role == RoleAttacker {
			return true
		}
	}
	return false
}

// placeVerdict softens the place row's "differ" to "compatible" when every
// two reported places can be one spot: the same place, points within
// the few kilometres the linker allows for their precision (a roundabout
// and the town it is in), or a district or governorate that holds the
// other place. Names alone that are not the same place still differ.
func placeVerdict(s *Strike, rw Row) Row {
	if rw.Verdict != Differ {
		return rw
	}
	var places []*Place
	for i := range rw.Cells {
		if rw.Cells[i].Reported {
			places = append(places, &s.Reports[i].Place)
		}
	}
	for i := range places {
		for j := i + 1; j < len(places); j++ {
			if !samePlaceCan(places[i], places[j]) {
				return rw
			}
		}
	}
	rw.Verdict = Compatible
	for i := range rw.Cells {
		rw.Cells[i].Differs = false
		rw.Cells[i].Varies = rw.Cells[i].Reported
	}
	return rw
}

// samePlaceCan says whether two reported places can be where one strike
// fell.
func samePlaceCan(a, b *Place) bool {
	switch {
	case a.Key != "" && a.Key == b.Key:
		return true
	case a.HasCoords && b.HasCoords && !a.Precision.Area() && !b.Precision.Area():
		km := HaversineKM(a.Lat, a.Lon, b.Lat, b.Lon)
		return km <= nearLimit(a.Precision, b.Precision) ||
			withinNearTown(a.Precision, b.Precision, Admin1Key(a.Admin1), Admin1Key(b.Admin1), km)
	}
	holds := func(big, small *Place) bool {
		return coarse(big.Precision) && big.Admin1 != "" && Admin1Key(big.Admin1) == Admin1Key(small.Admin1)
	}
	return holds(a, b) || holds(b, a)
}

func placeCell(r *Report) (string, string) {
	p := r.Place
	if !p.Known() && r.PlaceDetail == "" {
		return "", ""
	}
	text := p.Name
	if text == "" {
		text = PlaceName(p.Key)
	}
	if r.PlaceDetail != "" {
		if text != "" {
			text += ": "
		}
		text += r.PlaceDetail
	}
	// The same place with other words for the spot ("IS headquarters in
	// Raqqa city", "outskirts of Raqqa") is not agreement: the keys differ
	// and placeVerdict finds them compatible, with the details in view.
	key := p.Key
	if key == "" {
		key = Fold(p.Name)
	}
	if r.PlaceDetail != "" {
		key += "\x00" + Fold(r.PlaceDetail)
	}
	return text, key
}

// verdictOf compares the reported cells by key and marks those that
// differ from the most common value.
func verdictOf(cells []Cell, keys []string) Verdict {
	n := 0
	count := map[string]int{}
	for i, c := range cells {
		if c.Reported {
			n++
			count[keys[i]]++
		}
	}
	switch {
	case n == 0:
		return Silent
	case n == 1:
		return Single
	case len(count) == 1:
		return Agree
	}
	for i := range cells {
		if cells[i].Reported {
			cells[i].Differs = true
		}
	}
	return Differ
}

func backers(s *Strike) []Backing {
	n := map[string]*Backing{}
	for i := range s.Reports {
		seen := map[string]bool{}
		for _, a := range s.Reports[i].Actors {
			if a.Role != RoleAttacker || a.Key == "" || seen[a.Key] {
				continue
			}
			seen[a.Key] = true
			b := n[a.Key]
			if b == nil {
				b = &Backing{Key: a.Key, Name: ActorName(a.Key)}
				n[a.Key] = b
			}
			b.Reports++
			if a.Certainty == Suspected {
				b.Suspected++
			}
		}
	}
	out := make([]Backing, 0, len(n))
	for _, b := range n {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b Backing) int {
		if a.Reports != b.Reports {
			return b.Reports - a.Reports
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
