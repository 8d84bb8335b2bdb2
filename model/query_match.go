package model

import "strings"

// The matchers of the query fields (queryfields.go): what Query.Match
// asks of a strike's summary for each kind of term. The Index mirrors
// each of them (index_terms.go).

func matchFree(t *Term, s *Summary) bool {
	if t.contains(s.Place) || t.contains(s.PlaceAR) || t.contains(s.Admin1) ||
		t.contains(s.Country) || strings.Contains(s.PlaceKey, t.folded) ||
		t.anyContains(s.Sources) || t.anyContains(s.Datasets) || t.anyContains(s.Types) ||
		anyContains(s.Codes, t.folded) || containsFold(s.ID, t.folded) ||
		t.contains(s.Grading) || t.contains(s.Status) {
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

func matchPlace(t *Term, s *Summary) bool {
	return s.PlaceKey == t.key || (s.PlaceKey != "" && t.remember(s.Place, placeKeyIs)) ||
		t.contains(s.Place) || t.contains(s.PlaceAR)
}

func matchAdmin1(t *Term, s *Summary) bool {
	return t.contains(s.Admin1) || t.remember(s.Admin1, admin1KeyIs)
}

func freeActor(t *Term, a string) bool {
	return strings.Contains(a, t.folded) || containsFold(ActorName(a), t.folded)
}

func actorMatches(t *Term, a string) bool {
	return strings.Contains(Fold(a), t.folded) || containsFold(ActorName(a), t.folded)
}

func placeKeyIs(t *Term, p string) bool { return PlaceKey(p) == t.key }

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

func containsFold(s, folded string) bool {
	if s == "" {
		return false
	}
	return strings.Contains(Fold(s), folded)
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
