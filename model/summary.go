package model

import "slices"

// DerivedVersion numbers the rules that derive summaries from strikes
// (Summarize, Contested, the alias tables' keys). Bump it when they
// change: stores that keep derived data can then tell it is stale.
const DerivedVersion = 5

// Summary is what a list of strikes shows and filters on: everything the
// query language can match, without the reports themselves. A strike
// shown with others under it (linked strikes) is summarised with all
// their reports: every field holds what any of them says, so that a
// filter matches the strike when any of its reports matches.
type Summary struct {
	ID       string
	Date     DateSpan
	Place    string // as reported by the grouping record
	PlaceAR  string // Arabic name where known
	PlaceKey string // canonical place key
	Admin1   string
	Country  string
	// Places, Admin1s and Countries are the canonical place keys, the
	// governorates and the countries of the strike and of every report
	// (the grouping record's first), deduplicated.
	Places    []string
	Admin1s   []string
	Countries []string
	Actors    []string // canonical keys of the named actors, sorted, deduplicated
	Contested bool     // the reports name different attackers
	// Reports counts the reports that make a claim (Report.MakesClaim);
	// Silent those shown that make none (a belligerent's link to its
	// strike reports, not yet assessed).
	Reports  int
	Silent   int
	Sources  []string // every source named: the reports' sources, their chains, originators and citations, deduplicated
	Datasets []string // sorted, deduplicated
	Types    []string // kinds of event as the data names them (strike type, type of violence)
	Codes    []string
	// Killed and Injured are the reports' figures category by category:
	// each category's span across the reports that give it. Categories
	// are never added together.
	Killed  Figures
	Injured Figures
	// Gradings and Statuses are the datasets' gradings of the evidence
	// and words for how likely the strike is, of the strike and of every
	// strike shown under it, in that order, deduplicated.
	Gradings []string
	Statuses []string
	// Possible counts the possible links the linker left to a person on
	// this strike and the strikes shown under it. It is not derived from
	// the reports: the store sets it when it reads the summaries.
	Possible int
	// Desk is what the analyst recorded on the strike and its reports
	// (desk.go), nil when nothing: never derived from the reports, the
	// store sets it when it reads the summaries.
	Desk *DeskMark
}

// Figures are a strike's figures for one outcome, category by category:
// the span of what its reports say of each. Two categories are claims
// about different people and are never added or mixed into one figure.
type Figures [len(Categories)]Span

// headlineOrder is the order in which a list looks for the category to
// show: civilians first, as casualty monitors count them, then the total,
// then combatants, then the parts of the civilians.
var headlineOrder = [...]Category{Civilians, Total, Combatants, Children, Women, Men, UnknownStatus}

// Headline is the category a list shows and its span: the first of
// civilians, total, combatants, children, women, men, unknown that any
// report gives; ok is false when no report gives a figure.
func (f *Figures) Headline() (c Category, s Span, ok bool) {
	for _, c := range headlineOrder {
		if f[c].Reported {
			return c, f[c], true
		}
	}
	return Total, Span{}, false
}

// Reported says whether any report gave any figure.
func (f *Figures) Reported() bool {
	_, _, ok := f.Headline()
	return ok
}

// With is the figures of the reports of f and o together, category by
// category.
func (f Figures) With(o Figures) Figures {
	for c := range f {
		f[c] = f[c].With(o[c])
	}
	return f
}

// figuresOf spans the reports' claims for an outcome, category by category.
func figuresOf(reports []Report, o Outcome) Figures {
	var f Figures
	for i := range reports {
		for _, cl := range reports[i].Claims {
			if cl.Outcome == o && int(cl.Category) < len(f) {
				f[cl.Category] = f[cl.Category].With(SpanOf(cl.Count))
			}
		}
	}
	return f
}

// Headline is a report's single most telling figure for an outcome: its
// total where it gave one, else the largest lower bound among its
// categories. It is never a sum of categories: 3 civilians and 5
// combatants give 5.
func Headline(r *Report, o Outcome) Count {
	best := NoCount()
	for _, c := range r.Claims {
		if c.Outcome != o || !c.Count.Reported() {
			continue
		}
		if c.Category == Total {
			return c.Count
		}
		if !best.Reported() || c.Count.Low > best.Low {
			best = c.Count
		}
	}
	return best
}

// AttackerKeys returns the canonical keys of the actors the reports name
// as attackers, sorted and deduplicated.
func AttackerKeys(s *Strike) []string {
	var keys []string
	for i := range s.Reports {
		for _, a := range s.Reports[i].Actors {
			if a.Role == RoleAttacker && a.Key != "" {
				keys = append(keys, a.Key)
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// Contested says whether the attribution of a strike is in dispute: one
// report names different attackers from another, or a single report
// names two or more attackers and suspects at least one of them (Airwars:
// "Russian Military, U.S.-led Coalition", both suspected). Reports that
// name no attacker, or only "unknown", do not count either way.
func Contested(s *Strike) bool { return AttributionOf(s).Contested }

// Attribution is what Contested makes of a strike's reports, kept so that
// strikes shown together can be judged without their reports (see
// LinkedSummary).
type Attribution struct {
	// Attackers are the attackers every report naming one names (sorted,
	// without "unknown"); nil when no report names one. Unset when
	// Contested.
	Attackers []string
	Contested bool
}

// AttributionOf reads the attribution of a strike's reports.
func AttributionOf(s *Strike) Attribution {
	var a Attribution
	for i := range s.Reports {
		var keys []string
		suspected := false
		for _, r := range s.Reports[i].Actors {
			if r.Role == RoleAttacker && r.Key != "" && r.Key != "unknown" {
				keys = append(keys, r.Key)
				suspected = suspected || r.Certainty == Suspected
			}
		}
		if len(keys) == 0 {
			continue
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		if (len(keys) > 1 && suspected) || (a.Attackers != nil && !slices.Equal(a.Attackers, keys)) {
			return Attribution{Contested: true}
		}
		a.Attackers = keys
	}
	return a
}

// With is the attribution of the reports of a and b together.
func (a Attribution) With(b Attribution) Attribution {
	switch {
	case a.Contested || b.Contested:
		return Attribution{Contested: true}
	case a.Attackers == nil:
		return b
	case b.Attackers == nil || slices.Equal(a.Attackers, b.Attackers):
		return a
	}
	return Attribution{Contested: true}
}

// LinkedSummary is the summary of members[0] shown with every report of
// members[1:] appended, in order, and their codes (as whole strikes are
// linked): what Summarize gives for the strike so merged, made from the
// members' summaries and attributions (atts, one per member) without
// their reports. It shares no list with the members.
func LinkedSummary(members []Summary, atts []Attribution) Summary {
	if len(members) == 0 {
		return Summary{}
	}
	sum := members[0]
	sum.Actors, sum.Sources, sum.Datasets, sum.Types, sum.Codes = nil, nil, nil, nil, nil
	sum.Places, sum.Admin1s, sum.Countries, sum.Gradings, sum.Statuses = nil, nil, nil, nil, nil
	var att Attribution
	for i := range members {
		m := &members[i]
		sum.Actors = append(sum.Actors, m.Actors...)
		sum.Datasets = append(sum.Datasets, m.Datasets...)
		for _, v := range m.Sources {
			sum.Sources = addSource(sum.Sources, v)
		}
		for _, l := range [...]struct {
			to   *[]string
			from []string
		}{
			{&sum.Types, m.Types}, {&sum.Places, m.Places}, {&sum.Admin1s, m.Admin1s},
			{&sum.Countries, m.Countries}, {&sum.Gradings, m.Gradings}, {&sum.Statuses, m.Statuses},
		} {
			for _, v := range l.from {
				*l.to = addUnique(*l.to, v)
			}
		}
		for _, v := range m.Codes {
			if i == 0 || !slices.Contains(sum.Codes, v) {
				sum.Codes = append(sum.Codes, v)
			}
		}
		if i > 0 {
			sum.Reports += m.Reports
			sum.Silent += m.Silent
			sum.Killed, sum.Injured = sum.Killed.With(m.Killed), sum.Injured.With(m.Injured)
		}
		if i < len(atts) {
			att = att.With(atts[i])
		}
	}
	slices.Sort(sum.Actors)
	sum.Actors = slices.Compact(sum.Actors)
	slices.Sort(sum.Datasets)
	sum.Datasets = slices.Compact(sum.Datasets)
	sum.Contested = att.Contested
	return sum
}

// addUnique appends v to list unless it is empty or there already.
func addUnique(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func addSource(list []string, name string) []string {
	if name == "" || slices.Contains(list, name) {
		return list
	}
	return append(list, name)
}

// Summarize derives the summary of a strike.
func Summarize(s *Strike) Summary {
	var sum Summary
	SummarizeInto(&sum, s)
	return sum
}

// SummarizeInto is Summarize into dst, whose lists it reuses: what dst
// held before is overwritten, so a caller that summarises many strikes
// one at a time (an import encoding each summary at once) makes its lists
// once. From a zero Summary it gives exactly what Summarize gives.
func SummarizeInto(dst *Summary, s *Strike) {
	*dst = Summary{
		ID:        s.ID,
		Date:      s.Date,
		Place:     s.Place.Name,
		PlaceAR:   s.Place.NameAR,
		PlaceKey:  s.Place.Key,
		Admin1:    s.Place.Admin1,
		Country:   s.Place.Country,
		Contested: Contested(s),
		Codes:     s.Codes,
		Gradings:  addUnique(clear0(dst.Gradings), s.Grading),
		Statuses:  addUnique(clear0(dst.Statuses), s.Status),
		Killed:    figuresOf(s.Reports, Killed),
		Injured:   figuresOf(s.Reports, Injured),
		Places:    addUnique(clear0(dst.Places), s.Place.Key),
		Admin1s:   addUnique(clear0(dst.Admin1s), s.Place.Admin1),
		Countries: addUnique(clear0(dst.Countries), s.Place.Country),
		Actors:    clear0(dst.Actors),
		Sources:   clear0(dst.Sources),
		Datasets:  clear0(dst.Datasets),
		Types:     clear0(dst.Types),
	}
	sum := dst
	for i := range s.Reports {
		r := &s.Reports[i]
		if r.MakesClaim() {
			sum.Reports++
		} else {
			sum.Silent++
		}
		sum.Places = addUnique(sum.Places, r.Place.Key)
		sum.Admin1s = addUnique(sum.Admin1s, r.Place.Admin1)
		sum.Countries = addUnique(sum.Countries, r.Place.Country)
		for _, a := range r.Actors {
			if a.Key != "" {
				sum.Actors = append(sum.Actors, a.Key)
			}
		}
		sum.Sources = addSource(sum.Sources, r.Source)
		for _, v := range r.Via {
			sum.Sources = addSource(sum.Sources, v)
		}
		sum.Sources = addSource(sum.Sources, r.Originator)
		for _, c := range r.Cites {
			sum.Sources = addSource(sum.Sources, c.Name)
		}
		if r.Dataset != "" {
			sum.Datasets = append(sum.Datasets, r.Dataset)
		}
		for _, n := range r.Notes {
			if n.Key == "type" {
				sum.Types = addUnique(sum.Types, n.Value)
			}
		}
	}
	slices.Sort(sum.Actors)
	sum.Actors = slices.Compact(sum.Actors)
	slices.Sort(sum.Datasets)
	sum.Datasets = slices.Compact(sum.Datasets)
}

// clear0 empties a list for reuse, dropping what it pointed to; a nil
// list stays nil.
func clear0(l []string) []string {
	clear(l[:cap(l)])
	return l[:0]
}
