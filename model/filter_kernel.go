package model

import "math/bits"

// The tight loop of a filter whose every term the index's columns answer:
// actor:, a place, a label, a figure, a source, a date, a free word. It is
// what a person typing a filter waits on, over every strike of the
// corpus, so it allocates nothing and, but for a free word's search of
// the IDs, does not branch on a strike's verdict.

// A kernel judges the entries of run (indexes into the summaries, at
// most checkEvery of them): it sets bit j%64 of set[j/64] when run[j]
// matches, clears it when not, and returns how many match.
type kernel func(run []int32, set []uint64) int

// byteTerm is an indexTerm made ready for the kernel: it holds for a
// strike when one of its parts does (cols, bits, word), or when the
// strike's dates overlap from..to (date); neg is 1 for a negated term.
type byteTerm struct {
	cols     []colPart
	bits     []uint64 // by strike
	srcs     *lazySources
	word     []byte // searched in the ID and codes of a strike no other part holds for
	sig      uint32
	date     bool
	from, to int64
	neg      uint8
}

// colPart is a column and, by its id, 1 where the term holds.
type colPart struct {
	col  *idColumn
	keep []uint8
}

// columnKernel is the kernel of the terms of x, or nil when one of them
// needs more than the columns (id:, code:, a desk field, a field without
// a column).
//
// A verdict is a product (and a sum, for a term's parts) of bytes, never
// a branch: a branch taken for about half the strikes, as a broad term's
// is, was mispredicted so often that it cost more than reading the
// column.
func columnKernel(x *Index, its []indexTerm) kernel {
	if len(its) == 0 {
		return nil
	}
	terms := make([]byteTerm, 0, len(its))
	for k := range its {
		it := &its[k]
		if it.slow != nil || it.each != nil || it.also != nil {
			return nil
		}
		bt := byteTerm{neg: b2u(it.negate)}
		if it.date {
			bt.date, bt.from, bt.to = true, int64(it.from), int64(it.to)
			terms = append(terms, bt)
			continue
		}
		for _, p := range [...]struct {
			col *idColumn
			tbl []bool
		}{{&x.place, it.place}, {&x.label, it.label}, {&x.act, it.act}, {&x.tail, it.tail}} {
			if p.tbl != nil {
				keep := make([]uint8, len(p.tbl))
				for v, holds := range p.tbl {
					keep[v] = b2u(holds)
				}
				bt.cols = append(bt.cols, colPart{p.col, keep})
			}
		}
		bt.bits, bt.srcs, bt.word, bt.sig = it.src, it.srcs, it.word, it.sig
		if bt.cols == nil && bt.bits == nil && bt.srcs == nil && bt.word == nil { // holds for no strike
			if it.negate {
				continue // so its negation holds for every one
			}
			return func(run []int32, set []uint64) int {
				clear(set[:wordsOf(len(run))])
				return 0
			}
		}
		terms = append(terms, bt)
	}
	switch {
	case len(terms) == 0: // every term negates one that holds for nothing
		return func(run []int32, set []uint64) int {
			for w := range wordsOf(len(run)) {
				set[w] = ^uint64(0) >> (64 - min(64, len(run)-w*64))
			}
			return len(run)
		}
	case len(terms) == 1 && len(terms[0].cols) == 1 && terms[0].bits == nil && terms[0].srcs == nil && terms[0].word == nil &&
		terms[0].cols[0].col.narrow != nil:
		// The commonest filter, actor: or city:, in one loop.
		col, keep := terms[0].cols[0].col.narrow, terms[0].cols[0].keep
		if terms[0].neg == 1 {
			for v := range keep {
				keep[v] ^= 1
			}
		}
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
	}
	return func(run []int32, set []uint64) int {
		var verdicts, holds [checkEvery]uint8
		v := verdicts[:len(run)]
		for k := range terms {
			t := &terms[k]
			h := holds[:len(run)]
			t.judge(x, run, h)
			if k == 0 {
				for j := range v {
					v[j] = h[j] ^ t.neg
				}
				continue
			}
			for j := range v {
				v[j] &= h[j] ^ t.neg
			}
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

// judge sets h[j] to 1 when the term, not negated, holds for run[j], and
// to 0 when not: a part at a time, each with its own loop.
func (t *byteTerm) judge(x *Index, run []int32, h []uint8) {
	h = h[:len(run)]
	if t.date { // inRange, written out: a call per strike cost more
		start, span, from, to := x.start, x.span, t.from, t.to
		for j, i := range run {
			s, d := int64(start[i]), span[i]
			e := s + int64(d)
			if d == spanFar { // rare
				e = int64(x.farEnd(i))
			}
			h[j] = b2u(s != int64(NoDay)) & b2u(s <= to) & b2u(from <= e)
		}
		return
	}
	clear(h)
	for _, p := range t.cols {
		if p.col.narrow != nil {
			orColumn(h, run, p.col.narrow, p.keep)
		} else {
			orColumn(h, run, p.col.wide, p.keep)
		}
	}
	if t.bits != nil {
		orBits(h, run, t.bits)
	}
	if t.srcs != nil {
		left := 0
		for _, b := range h {
			left += int(b ^ 1)
		}
		if left*16 > len(run) { // many: read the postings, once
			if set := t.srcs.set(x); set != nil {
				orBits(h, run, set)
			}
		} else if left > 0 { // few: ask each of its own sources
			for j, i := range run {
				if h[j] == 0 && x.namesAny(i, t.srcs.cont) {
					h[j] = 1
				}
			}
		}
	}
	if t.word != nil {
		sig := x.sig
		for j, i := range run {
			if h[j] == 0 && sig[i]&t.sig == t.sig && x.eachIDText(i, func(s string) bool { return foldContains(s, t.word) }) {
				h[j] = 1
			}
		}
	}
}

// orColumn ors into h[j] the byte of keep for run[j]'s id in col.
func orColumn[C uint16 | int32](h []uint8, run []int32, col []C, keep []uint8) {
	for j, i := range run {
		h[j] |= keep[col[i]]
	}
}

// orBits ors into h[j] run[j]'s bit in set.
func orBits(h []uint8, run []int32, set []uint64) {
	for j, i := range run {
		h[j] |= uint8(set[i>>6] >> (i & 63) & 1)
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
