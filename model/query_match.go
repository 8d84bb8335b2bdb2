package model

import "strings"

// The matchers of the query fields (queryfields.go): what Query.Match
// asks of a strike's summary for each kind of term. The Index mirrors
// each of them (index_terms.go).

func matchFree(t *Term, s *Summary) bool {
	if t.contains(s.Place) || t.contains(s.PlaceAR) || t.anyContains(s.Admin1s) ||
		t.anyContains(s.Countries) || anySubstring(s.Places, t.folded) ||
		t.anyContains(s.Sources) || t.anyContains(s.Datasets) || t.anyContains(s.Types) ||
		anyContains(s.Codes, t.folded) || containsFold(s.ID, t.folded) ||
		t.anyContains(s.Gradings) || t.anyContains(s.Statuses) {
		return true
	}
	for _, a := range s.Actors {
		if t.remember(a, freeActor) {
			return true
		}
	}
	return false
}

func matchActor(t *Term, s *Summary) bool {
	for _, a := range s.Actors {
		if a == t.key || t.remember(a, actorMatches) {
			return true
		}
	}
	return false
}

// matchPlace holds for a strike placed in the city t names: at the city
// itself or at one of the places in it (its quarters and landmarks,
// PlaceIn), by any report. It matches keys, not text: "Raqqat Samra" and
// "Ar Raqqah Governorate" are not Raqqa (README, "What is in a city").
func matchPlace(t *Term, s *Summary) bool {
	for _, k := range s.Places {
		if k == t.key || t.remember(k, placeInIs) {
			return true
		}
	}
	return false
}

func matchAdmin1(t *Term, s *Summary) bool {
	for _, a := range s.Admin1s {
		if t.contains(a) || t.remember(a, admin1KeyIs) {
			return true
		}
	}
	return false
}

// matchSource holds for a strike that names the source, by any of its
// spellings (the source alias table) or a word of its name.
func matchSource(t *Term, s *Summary) bool {
	for _, src := range s.Sources {
		if t.contains(src) || t.remember(src, sourceKeyIs) {
			return true
		}
	}
	return false
}

func freeActor(t *Term, a string) bool {
	return strings.Contains(a, t.folded) || containsFold(ActorName(a), t.folded)
}

func actorMatches(t *Term, a string) bool {
	return strings.Contains(Fold(a), t.folded) || containsFold(ActorName(a), t.folded)
}

func placeInIs(t *Term, k string) bool { return PlaceIn(k) == t.key }

func sourceKeyIs(t *Term, src string) bool { return SourceKey(src) == t.key }

func admin1KeyIs(t *Term, a string) bool { return PlaceKey(a) == t.key }

func matchDate(t *Term, s *Summary) bool {
	return s.Date.Known() && s.Date.Start <= t.to && t.from <= s.Date.End
}

// compare says whether a figure satisfies the term's comparison. A figure
// is a span of the reports' figures; it satisfies >= and > when its top
// does, <= and < when its bottom does, = when it holds the number.
func (t *Term) compare(sp Span) bool {
	if !sp.Reported {
		return false // not reported is not zero: it satisfies no comparison
	}
	switch t.Op {
	case ">=":
		return sp.High >= t.num
	case ">":
		return sp.High > t.num
	case "<=":
		return sp.Low <= t.num
	case "<":
		return sp.Low < t.num
	}
	return sp.Low <= t.num && t.num <= sp.High
}

// compareAny says whether any category's figure satisfies the term's
// comparison: killed>=10 holds for 10 civilians or 10 combatants, never
// for 5 of each.
func (t *Term) compareAny(f *Figures) bool {
	for _, sp := range f {
		if t.compare(sp) {
			return true
		}
	}
	return false
}

func containsFold(s, folded string) bool {
	if s == "" {
		return false
	}
	return strings.Contains(Fold(s), folded)
}

func anySubstring(list []string, folded string) bool {
	for _, s := range list {
		if strings.Contains(s, folded) {
			return true
		}
	}
	return false
}

func anyContains(list []string, folded string) bool {
	for _, s := range list {
		if containsFold(s, folded) {
			return true
		}
	}
	return false
}

func anyEqualFold(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}
