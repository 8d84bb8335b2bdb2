package model

import (
	"encoding/binary"
	"runtime"
	"sync"
)

// A query compiled against an Index (index.go): each term judged once
// against the index's distinct values (index_terms.go), then a strike is a
// few array lookups (IndexQuery.Match). Filtering is in filter.go.

// IndexQuery is a query compiled against an index: every term judged
// against the index's distinct values. It is safe for concurrent use.
type IndexQuery struct {
	x     *Index
	terms []indexTerm
}

// indexTerm is a term as the index evaluates it: it holds for a strike
// when its place, its labels, its actor list or one of its sources does,
// or (a free word) its ID or a code contains the word.
type indexTerm struct {
	negate bool
	place  []bool   // by place id; nil when no place holds
	label  []bool   // by label id; nil when no label holds
	act    []bool   // by actor list id; nil when no list holds
	src    []uint64 // by strike, a bitset; nil when no source holds
	// srcs are the sources that hold, for a free word: the strikes that
	// name them are found only when asked (lazySources).
	srcs *lazySources
	tail []bool // by figures row; nil when no row holds
	word []byte // a free word, searched in the ID and codes
	sig  uint32 // wordSig(word)
	date bool   // a date range: from, to
	from Day
	to   Day
	// each is asked of the strike itself, for a field of its own (id:,
	// code:) no distinct value answers.
	each func(i int32) bool
	slow *Term // asked of the summary
	// also is asked of a summary with a desk mark when the columns say
	// no (a field that matches the analyst's desk too: status:).
	also func(t *Term, s *Summary) bool
	term *Term
}

// Compile judges the terms of q against the index's values. A nil or
// empty query matches every strike.
func (x *Index) Compile(q *Query) *IndexQuery {
	iq := &IndexQuery{x: x}
	if q == nil {
		return iq
	}
	for i := range q.Terms {
		iq.terms = append(iq.terms, x.compileTerm(&q.Terms[i]))
	}
	return iq
}

// compileTerm judges a term as its field says (queryField.index), or
// leaves it to the summary when the field has no column.
func (x *Index) compileTerm(t *Term) indexTerm {
	if t.def.index == nil {
		return indexTerm{negate: t.Negate, slow: t}
	}
	it := t.def.index(x, t)
	it.negate = t.Negate
	return it
}

func (x *Index) anyOf(cont []bool, list int32) bool {
	for _, v := range x.lists.list(list) {
		if cont[v] {
			return true
		}
	}
	return false
}

// judge returns f of every row, or nil when it holds for none.
func judge[R any](rows []R, f func(r *R) bool) []bool {
	out := make([]bool, len(rows))
	some := false
	for k := range rows {
		out[k] = f(&rows[k])
		some = some || out[k]
	}
	if !some {
		return nil
	}
	return out
}

// judgeActors returns, for every actor list, whether f holds for one of
// its actors, or nil when it holds for none.
func (x *Index) judgeActors(f func(a int32) bool) []bool {
	holds := make([]bool, len(x.actors))
	some := false
	for a := range x.actors {
		holds[a] = f(int32(a))
		some = some || holds[a]
	}
	if !some {
		return nil
	}
	out := make([]bool, x.actSets.len())
	for k := range out {
		for _, a := range x.actSets.list(int32(k)) {
			if holds[a] {
				out[k] = true
				break
			}
		}
	}
	return out
}

// named returns the strikes that name a source for which cont holds, as
// a bitset, or nil when none does. A broad word names most sources, whose
// postings are then most of the index: they are read on every CPU, each
// into a set of its own, and the sets joined.
func (x *Index) named(cont []bool) []uint64 {
	var srcs []int
	size := 0
	for v := range cont {
		if cont[v] && len(x.posts[v]) > 0 {
			srcs = append(srcs, v)
			size += len(x.posts[v])
		}
	}
	if len(srcs) == 0 {
		return nil
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), size/(1<<20)))
	sets := make([][]uint64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			bits := make([]uint64, (x.n+63)/64)
			for k := w; k < len(srcs); k += workers {
				p := x.posts[srcs[k]]
				i := int64(-1)
				for len(p) > 0 {
					gap, n := binary.Uvarint(p)
					if n <= 0 {
						break // not written by the builder
					}
					p = p[n:]
					i += int64(gap)
					bits[i>>6] |= 1 << (i & 63)
				}
			}
			sets[w] = bits
		})
	}
	wg.Wait()
	for _, set := range sets[1:] {
		for k, b := range set {
			sets[0][k] |= b
		}
	}
	return sets[0]
}

// lazySources are the sources for which a free word holds. A broad word
// ("c", the first key of a filter) holds for most sources, whose
// postings are then most of the index, while the strike's place, actors
// or labels already hold for nearly every strike: the kernel asks a
// strike's own sources of the few the columns say no to, and reads the
// postings (set) only when many are left.
type lazySources struct {
	cont []bool
	once sync.Once
	bits []uint64
}

// set is the strikes that name a source that holds, as a bitset (nil for
// none), read on first use.
func (l *lazySources) set(x *Index) []uint64 {
	l.once.Do(func() { l.bits = x.named(l.cont) })
	return l.bits
}

// named says whether strike i names a source that holds.
func (l *lazySources) named(x *Index, i int32) bool {
	set := l.set(x)
	return set != nil && set[i>>6]&(1<<(i&63)) != 0
}

// Match says whether the strike i (an index into the summaries) matches
// the query; it is q.Match(&sums[i]).
func (iq *IndexQuery) Match(i int32) bool {
	for k := range iq.terms {
		t := &iq.terms[k]
		if iq.x.holds(t, i) == t.negate {
			return false
		}
	}
	return true
}

func (x *Index) holds(t *indexTerm, i int32) bool {
	switch {
	case t.slow != nil:
		s := x.Summary(i)
		return t.slow.match(t.slow, &s)
	case t.each != nil:
		return t.each(i)
	case t.date: // matchDate
		start := x.start[i]
		if start == NoDay || start > t.to {
			return false
		}
		end := int64(start) + int64(x.span[i])
		if x.span[i] == spanFar {
			end = int64(x.farEnd(i))
		}
		return int64(t.from) <= end
	}
	if t.place != nil && t.place[x.place.at(i)] || t.label != nil && t.label[x.label.at(i)] ||
		t.act != nil && t.act[x.act.at(i)] || t.tail != nil && t.tail[x.tail.at(i)] ||
		t.src != nil && t.src[i>>6]&(1<<(i&63)) != 0 || t.srcs != nil && t.srcs.named(x, i) {
		return true
	}
	if t.also != nil && x.hasDesk(i) {
		if s := x.Summary(i); t.also(t.term, &s) {
			return true
		}
	}
	if t.word == nil || x.sig[i]&t.sig != t.sig {
		return false
	}
	return x.eachIDText(i, func(s string) bool { return foldContains(s, t.word) })
}
