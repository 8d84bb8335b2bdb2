package model

import "math/bits"

// The tight loop of a filter whose every term the columns answer
// (columnTerms): actor:, a place, a label, a figure, a date. It is what a
// person typing a field's filter waits on, over every strike of the
// corpus, so it neither branches on a strike's verdict nor allocates.

// A kernel judges the entries of run (indexes into the summaries, at
// most checkEvery of them): it sets bit j%64 of set[j/64] when run[j]
// matches, clears it when not, and returns how many match.
type kernel func(run []int32, set []uint64) int

// byteTerm is a columnTerm made ready for the kernel: a column's table as
// bytes, 1 where the term holds with its negation applied, or a set of
// strikes or a date range (neg is 1 for a negated one).
type byteTerm struct {
	col      *idColumn
	keep     []uint8
	bits     []uint64
	date     bool
	from, to int64
	neg      uint8
}

// columnKernel is the kernel of the column terms cts of x.
//
// A strike's verdict is a product of bytes, never a branch: a branch
// taken for about half the strikes, as a broad term's is, was
// mispredicted so often that it cost more than reading the column.
func columnKernel(x *Index, cts []columnTerm) kernel {
	terms := make([]byteTerm, 0, len(cts))
	for _, ct := range cts {
		switch {
		case ct.date:
			terms = append(terms, byteTerm{date: true, from: int64(ct.from), to: int64(ct.to), neg: b2u(ct.negate)})
		case ct.src != nil:
			terms = append(terms, byteTerm{bits: ct.src, neg: b2u(ct.negate)})
		case ct.tbl == nil: // no value holds
			if ct.negate {
				continue // so every strike does
			}
			return func(run []int32, set []uint64) int {
				clear(set[:wordsOf(len(run))])
				return 0
			}
		default:
			keep := make([]uint8, len(ct.tbl))
			for v, holds := range ct.tbl {
				keep[v] = b2u(holds != ct.negate)
			}
			terms = append(terms, byteTerm{col: ct.col, keep: keep})
		}
	}
	switch {
	case len(terms) == 0: // every term negates one that holds for nothing
		return func(run []int32, set []uint64) int {
			for w := range wordsOf(len(run)) {
				set[w] = ^uint64(0) >> (64 - min(64, len(run)-w*64))
			}
			return len(run)
		}
	case len(terms) == 1 && terms[0].col != nil && terms[0].col.narrow != nil:
		// The commonest filter, actor: or city:, in one loop.
		col, keep := terms[0].col.narrow, terms[0].keep
		return func(run []int32, set []uint64) int {
			n := 0
			for w := range wordsOf(len(run)) {
				var word uint64
				for j, i := range run[w*64 : min(w*64+64, len(run))] {
					word |= uint64(keep[col[i]]) << j
				}
				set[w] = word
				n += bits.OnesCount64(word)
			}
			return n
		}
	case len(terms) == 1 && terms[0].date:
		// A date: alone, in one loop (inRange).
		start, span, from, to, neg := x.start, x.span, terms[0].from, terms[0].to, terms[0].neg
		return func(run []int32, set []uint64) int {
			n := 0
			for w := range wordsOf(len(run)) {
				var word uint64
				for j, i := range run[w*64 : min(w*64+64, len(run))] {
					s, d := int64(start[i]), span[i]
					e := s + int64(d)
					if d == spanFar { // rare
						e = int64(x.farEnd(i))
					}
					b := b2u(s != int64(NoDay))&b2u(s <= to)&b2u(from <= e) ^ neg
					word |= uint64(b) << j
				}
				set[w] = word
				n += bits.OnesCount64(word)
			}
			return n
		}
	}
	return func(run []int32, set []uint64) int {
		var verdicts [checkEvery]uint8 // a term at a time
		v := verdicts[:len(run)]
		for k := range terms {
			terms[k].judge(x, run, v, k == 0)
		}
		n := 0
		for w := range wordsOf(len(run)) {
			var word uint64
			for j, b := range v[w*64 : min(w*64+64, len(run))] {
				word |= uint64(b) << j
			}
			set[w] = word
			n += bits.OnesCount64(word)
		}
		return n
	}
}

// judge sets v[j] to the term's verdict on run[j] (first) or ands it in.
// Each kind of term has its own loop, the only place a strike's column is
// read.
func (t *byteTerm) judge(x *Index, run []int32, v []uint8, first bool) {
	v = v[:len(run)]
	switch {
	case t.date: // inRange, written out: a call per strike cost more
		start, span, from, to, neg := x.start, x.span, t.from, t.to, t.neg
		for j, i := range run {
			s, d := int64(start[i]), span[i]
			e := s + int64(d)
			if d == spanFar { // rare
				e = int64(x.farEnd(i))
			}
			b := b2u(s != int64(NoDay))&b2u(s <= to)&b2u(from <= e) ^ neg
			if first {
				v[j] = b
			} else {
				v[j] &= b
			}
		}
	case t.bits != nil:
		for j, i := range run {
			b := uint8(t.bits[i>>6]>>(i&63)&1) ^ t.neg
			if first {
				v[j] = b
			} else {
				v[j] &= b
			}
		}
	case t.col.narrow != nil:
		col := t.col.narrow
		if first {
			for j, i := range run {
				v[j] = t.keep[col[i]]
			}
			return
		}
		for j, i := range run {
			v[j] &= t.keep[col[i]]
		}
	default:
		col := t.col.wide
		if first {
			for j, i := range run {
				v[j] = t.keep[col[i]]
			}
			return
		}
		for j, i := range run {
			v[j] &= t.keep[col[i]]
		}
	}
}

// wordsOf is the number of 64-bit words that hold n bits.
func wordsOf(n int) int { return (n + 63) / 64 }

// b2u is 1 for true and 0 for false, without a branch.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
