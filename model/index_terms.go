package model

import "strings"

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
		return cont[r.place] || cont[r.placeAR] || cont[r.admin1] || cont[r.country] ||
			strings.Contains(x.text.vals[r.placeKey], f)
	})
	it.label = judge(x.labels, func(r *labelRow) bool {
		return cont[r.status] || cont[r.grading] || x.anyOf(cont, r.datasets) || x.anyOf(cont, r.types)
	})
	it.act = x.judgeActors(func(a int32) bool {
		return strings.Contains(x.actors[a], f) || x.actorName[a] && strings.Contains(x.actorNameFold[a], f)
	})
	it.src = x.named(x.sources.contains(f))
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
	cont := x.text.contains(t.folded)
	keys := x.placeKeysOf()
	it.place = judge(x.places, func(r *placeRow) bool {
		return x.text.vals[r.placeKey] == t.key || x.text.vals[r.placeKey] != "" && keys[r.place] == t.key ||
			cont[r.place] || cont[r.placeAR]
	})
	return it
}

// admin1Term mirrors matchAdmin1.
func (x *Index) admin1Term(t *Term) (it indexTerm) {
	cont := x.text.contains(t.folded)
	keys := x.placeKeysOf()
	it.place = judge(x.places, func(r *placeRow) bool { return cont[r.admin1] || keys[r.admin1] == t.key })
	return it
}

// sourceTerm mirrors Term.anyContains of the sources.
func (x *Index) sourceTerm(t *Term) (it indexTerm) {
	it.src = x.named(x.sources.contains(t.folded))
	return it
}

// dateTerm mirrors matchDate.
func (x *Index) dateTerm(t *Term) indexTerm {
	return indexTerm{date: true, from: t.from, to: t.to}
}

// placeText judges Term.contains of the place field col picks (country).
func placeText(col func(r *placeRow) int32) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) (it indexTerm) {
		cont := x.text.contains(t.folded)
		it.place = judge(x.places, func(r *placeRow) bool { return cont[col(r)] })
		return it
	}
}

// labelText judges Term.contains of the label col picks (grading,
// status).
func labelText(col func(r *labelRow) int32) func(x *Index, t *Term) indexTerm {
	return func(x *Index, t *Term) (it indexTerm) {
		cont := x.text.contains(t.folded)
		it.label = judge(x.labels, func(r *labelRow) bool { return cont[col(r)] })
		return it
	}
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
