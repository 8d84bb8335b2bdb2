package model

import (
	"slices"
	"strings"
)

// How the Index judges the terms of each query field (queryField.index in
// queryfields.go). Each mirrors a matcher of query_match.go: the function
// given to judge is what the matcher computes, given one distinct value
// instead of one strike.

// freeTerm mirrors matchFree (and freeActor).
func (x *Index) freeTerm(t *Term) (it indexTerm) {
	f := t.folded
	x.foldActors()
	cont := x.text.contains(f)
	it.place = judge(x.places, func(r *placeRow) bool {
		return cont[r.place] || cont[r.placeAR] || x.anyOf(cont, r.admin1s) || x.anyOf(cont, r.countries) ||
			x.anyKeyContains(r.places, f)
	})
	it.label = judge(x.labels, func(r *labelRow) bool {
		return x.anyOf(cont, r.statuses) || x.anyOf(cont, r.gradings) || x.anyOf(cont, r.datasets) || x.anyOf(cont, r.types)
	})
	it.act = x.judgeActors(func(a int32) bool {
		return strings.Contains(x.actors[a], f) || x.actorName[a] && strings.Contains(x.actorNameFold[a], f)
	})
	if cont := x.sources.contains(f); slices.Contains(cont, true) {
		it.srcs = &lazySources{cont: cont}
	}
	it.word, it.sig = []byte(f), wordSig(f)
	return it
}

// actorTerm mirrors matchActor (and actorMatches).
func (x *Index) actorTerm(t *Term) (it indexTerm) {
	f := t.folded
	x.foldActors()
	it.act = x.judgeActors(func(a int32) bool {
		return x.actors[a] == t.key || strings.Contains(x.actorFold[a], f) ||
			x.actorName[a] && strings.Contains(x.actorNameFold[a], f)
	})
	return it
}

// placeTerm mirrors matchPlace.
func (x *Index) placeTerm(t *Term) (it indexTerm) {
	_, in := x.placeKeysOf()
	it.place = judge(x.places, func(r *placeRow) bool {
		for _, v := range x.lists.list(r.places) {
			if x.text.vals[v] == t.key || in[v] == t.key {
				return true
			}
		}
		return false
	})
	return it
}

// admin1Term mirrors matchAdmin1.
func (x *Index) admin1Term(t *Term) (it indexTerm) {
	cont := x.text.contains(t.folded)
	keys, _ := x.placeKeysOf()
	it.place = judge(x.places, func(r *placeRow) bool {
		for _, v := range x.lists.list(r.admin1s) {
			if cont[v] || keys[v] == t.key {
				return true
			}
		}
		return false
	})
	return it
}

// placeList judges Term.anyContains of the list of place values col
// picks (countries).
func placeList(col func(r *placeRow) int32) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) (it indexTerm) {
		cont := x.text.contains(t.folded)
		it.place = judge(x.places, func(r *placeRow) bool { return x.anyOf(cont, col(r)) })
		return it
	}
}

// anyKeyContains says whether a place key of the list holds the folded
// word (keys are folded already).
func (x *Index) anyKeyContains(list int32, f string) bool {
	for _, v := range x.lists.list(list) {
		if strings.Contains(x.text.vals[v], f) {
			return true
		}
	}
	return false
}

// sourceTerm mirrors matchSource.
func (x *Index) sourceTerm(t *Term) (it indexTerm) {
	cont := x.sources.contains(t.folded)
	for v, s := range x.sources.vals {
		cont[v] = cont[v] || s != "" && SourceKey(s) == t.key
	}
	it.src = x.named(cont)
	return it
}

// dateTerm mirrors matchDate.
func (x *Index) dateTerm(t *Term) indexTerm {
	return indexTerm{date: true, from: t.from, to: t.to}
}

// labelList judges Term.anyContains of the list of labels col picks
// (datasets, types).
func labelList(col func(r *labelRow) int32) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) (it indexTerm) {
		cont := x.text.contains(t.folded)
		it.label = judge(x.labels, func(r *labelRow) bool { return x.anyOf(cont, col(r)) })
		return it
	}
}

// withDesk judges a term by the index's columns and, for a strike with a
// desk mark they say no to, by also (the desk is not in the columns).
func withDesk(col func(x *Index, t *Term) indexTerm, also func(t *Term, s *Summary) bool) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) indexTerm {
		it := col(x, t)
		it.also, it.term = also, t
		return it
	}
}

// tailTerm judges a field whose matcher reads only a strike's figures,
// counts and flags (killed, injured, reports, link:possible, contested):
// once per distinct figures row, on a summary holding only that row.
func tailTerm(x *Index, t *Term) (it indexTerm) {
	var s Summary // one for every row: fill sets all that the matcher reads
	it.tail = judge(x.tails, func(r *tailRow) bool {
		r.fill(&s)
		return t.match(t, &s)
	})
	return it
}

// deskTerm judges a field of the analyst's desk alone (tag:, note:,
// assessed, ...), whose matcher holds for no strike without a desk mark:
// only the few strikes with one are asked.
func deskTerm(_ *Index, t *Term) indexTerm {
	return indexTerm{also: t.match, term: t}
}

// idTerm mirrors the matcher of id: (codes false) or code: (true): an
// exact match, ignoring case, of the strike's ID or one of its codes,
// read from the arena without remaking the summary.
func idTerm(codes bool) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) indexTerm {
		v := t.Value
		return indexTerm{each: func(i int32) bool {
			r := restReader{x.rest.entry(i)}
			id := r.text()
			if !codes {
				return strings.EqualFold(id, v)
			}
			for k := r.uint(); k > 0; k-- {
				if strings.EqualFold(r.text(), v) {
					return true
				}
			}
			return false
		}}
	}
}
