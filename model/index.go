package model

import (
	"bytes"
	"encoding/binary"
	"strings"
	"sync"
)

// Index is a columnar form of a list of summaries that answers queries
// without folding or hashing a string per strike: every distinct field
// value is kept once, a term is judged against each distinct value once
// per query, and a strike is then a few array lookups. Its answers are
// exactly those of Query.Match (the reference, tested against it). The
// figures, counts and flags are judged once per distinct figures row;
// id: and code: read the strike's own entry; the desk's fields ask only
// the strikes with a desk mark; a field without an index compiler (none
// today) would be asked of the summary, remade from the columns
// (Summary).
//
// The index is also where the dashboard keeps its summaries: it holds no
// model.Summary (560 bytes and a dozen pointers each) but the columns
// below, about 60 bytes a strike, from which Summary remakes one. An
// IndexBuilder builds it a chunk of summaries at a time.
//
// An Index is immutable once built, apart from tables it derives on first
// use under sync.Once, and is safe for concurrent use.
type Index struct {
	n int // strikes

	// One entry per strike.
	place idColumn // into places
	label idColumn // into labels
	act   idColumn // into actSets
	tail  idColumn // into tails
	start []Day
	span  []uint16 // Date.End - Date.Start, or spanFar: the end is in rest
	sig   []uint32 // byteSig of the strike's ID and codes, see idSig
	rest  restArena

	// text holds every distinct value of the place, country, status,
	// grading, dataset and type fields; the rows below hold its ids.
	text strDict
	// places are the distinct combinations of a strike's place fields
	// (a few thousand: one per spelling of a place), labels those of its
	// statuses, gradings, datasets and types (a few dozen), tails those
	// of its figures, counts and date precision.
	places []placeRow
	labels []labelRow
	tails  []tailRow
	// lists are the distinct lists of text ids: the place keys,
	// governorates, countries, statuses, gradings, datasets and types;
	// listVals the same lists as strings, shared by every Summary made.
	lists    idLists
	listVals [][]string
	// actors are the distinct actor keys; actSets the distinct lists of
	// them (a strike's Actors), and actVals those lists as strings.
	actors  []string
	actSets idLists
	actVals [][]string
	// sources are the distinct sources. posts[v] are the strikes,
	// ascending, that name the source v, as uvarint gaps from the
	// previous one (the first from -1). Sources vary from strike to
	// strike, so they are kept per source, not per strike, and a gap
	// takes one or two bytes where a strike number would take four.
	sources strDict
	posts   [][]byte
	// desked are the strikes with a desk mark, a bit each; desk their
	// marks.
	desked []uint64
	desk   map[int32]*DeskMark

	actorOnce     sync.Once
	actorFold     []string // Fold(actors[a])
	actorName     []bool   // ActorName(actors[a]) != ""
	actorNameFold []string // Fold(ActorName(actors[a]))

	placeOnce sync.Once
	placeKeys []string // PlaceKey(text[v]) for the values used as a place or admin1
	placeIn   []string // PlaceIn(text[v]) for the values used as a place key
}

// tailRow is a distinct combination of a strike's figures, counts and
// date precision.
type tailRow struct {
	killed, injured           Figures
	reports, silent, possible int32
	precision                 DatePrecision
	contested, sourced        bool
}

// spanFar marks a date whose end is not within 65,534 days of its start
// (or before it): the index then reads the end from the summary.
const spanFar = 1<<16 - 1

// placeRow and labelRow hold text ids (the grouping record's place) and
// list ids (every report's).
type placeRow struct{ place, placeAR, placeKey, admin1, country, places, admin1s, countries int32 }

type labelRow struct{ statuses, gradings, datasets, types int32 }

// idColumn is one id per strike, in two bytes while every id fits.
type idColumn struct {
	narrow []uint16
	wide   []int32
}

func (c *idColumn) at(i int32) int32 {
	if c.narrow != nil {
		return int32(c.narrow[i])
	}
	return c.wide[i]
}

// add appends the id v, widening the column when v does not fit in two
// bytes.
func (c *idColumn) add(v int32) {
	if c.wide == nil && v < 1<<16 {
		c.narrow = append(c.narrow, uint16(v))
		return
	}
	if c.wide == nil {
		c.wide = make([]int32, len(c.narrow), max(2*len(c.narrow), 1024))
		for i, w := range c.narrow {
			c.wide[i] = int32(w)
		}
		c.narrow = nil
	}
	c.wide = append(c.wide, v)
}

// prefix is the column of the first n strikes, sharing its memory.
func (c *idColumn) prefix(n int) idColumn {
	if c.wide != nil {
		return idColumn{wide: c.wide[:n:n]}
	}
	if c.narrow == nil {
		return idColumn{narrow: []uint16{}}
	}
	return idColumn{narrow: c.narrow[:n:n]}
}

// idLists is a list of lists of ids: list k is ids[off[k]:off[k+1]].
type idLists struct {
	off []int32
	ids []int32
}

func (l *idLists) list(k int32) []int32 { return l.ids[l.off[k]:l.off[k+1]] }

func (l *idLists) len() int { return len(l.off) - 1 }

// strDict is a dictionary of distinct strings, folded on first use.
type strDict struct {
	vals     []string
	foldOnce sync.Once
	folded   []string // Fold(vals[v])
}

func (d *strDict) fold() []string {
	d.foldOnce.Do(func() {
		d.folded = make([]string, len(d.vals))
		for v, s := range d.vals {
			d.folded[v] = Fold(s)
		}
	})
	return d.folded
}

// contains is Term.contains over the values: whether each holds the
// folded word (an empty value holds nothing).
func (d *strDict) contains(f string) []bool {
	cont := make([]bool, len(d.vals))
	for v, s := range d.fold() {
		cont[v] = d.vals[v] != "" && strings.Contains(s, f)
	}
	return cont
}

// interner gives each distinct string of a dictionary its id while an
// index is built.
type interner struct {
	ids  map[string]int32
	vals *[]string
}

func newInterner(vals *[]string) interner { return interner{ids: map[string]int32{}, vals: vals} }

func (in interner) id(s string) int32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := int32(len(*in.vals))
	s = strings.Clone(s) // not the caller's buffer, which may be reused
	*in.vals = append(*in.vals, s)
	in.ids[s] = id
	return id
}

// keyBuilder makes map keys of sequences of strings, so that a row or a
// list seen before is found with one lookup.
type keyBuilder struct{ key []byte }

// add appends s to the key, length first, so that no two sequences of
// strings make the same key.
func (k *keyBuilder) add(s string) {
	k.key = binary.AppendUvarint(k.key, uint64(len(s)))
	k.key = append(k.key, s...)
}

// addList appends a list of strings to the key, its length first.
func (k *keyBuilder) addList(vals []string) {
	k.key = binary.AppendUvarint(k.key, uint64(len(vals)))
	for _, v := range vals {
		k.add(v)
	}
}

// listOf returns the id of the list vals in ls, interning its values
// with in; a new list's strings are appended to strs too.
func (k *keyBuilder) listOf(vals []string, seen map[string]int32, ls *idLists, in interner, strs *[][]string) int32 {
	k.key = k.key[:0]
	for _, v := range vals {
		k.add(v)
	}
	if id, ok := seen[string(k.key)]; ok {
		return id
	}
	id := int32(ls.len())
	var list []string
	if len(vals) > 0 {
		list = make([]string, len(vals))
	}
	for j, v := range vals {
		w := in.id(v)
		ls.ids = append(ls.ids, w)
		list[j] = (*in.vals)[w]
	}
	ls.off = append(ls.off, int32(len(ls.ids)))
	*strs = append(*strs, list)
	seen[string(k.key)] = id
	return id
}

// Len is the number of strikes indexed.
func (x *Index) Len() int { return x.n }

// byteSig is a 32-bit summary of which bytes a text holds: a bit per
// letter (either case), digits sharing five bits, and one bit for every
// other byte. Folded text holds a subset of the bytes of the ASCII text
// it was folded from (lowered, and space for the rest), so a word whose
// signature is not within a text's cannot occur in the text's fold.
func byteSig(b byte) uint32 {
	switch {
	case 'a' <= b && b <= 'z':
		return 1 << (b - 'a')
	case 'A' <= b && b <= 'Z':
		return 1 << (b - 'A')
	case '0' <= b && b <= '9':
		return 1 << (26 + (b-'0')%5)
	}
	return 1 << 31
}

// idSig is the signature of a strike's ID and codes, the only text a free
// word searches that is unique to a strike. Text with bytes outside ASCII
// may fold to any letter, so it gets every bit.
func idSig(s *Summary) uint32 {
	var sig uint32
	for k := -1; k < len(s.Codes); k++ {
		v := s.ID
		if k >= 0 {
			v = s.Codes[k]
		}
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				return ^uint32(0)
			}
			sig |= byteSig(v[i])
		}
	}
	return sig
}

func wordSig(folded string) uint32 {
	var sig uint32
	for i := 0; i < len(folded); i++ {
		sig |= byteSig(folded[i])
	}
	return sig
}

// appendFoldASCII appends Fold(s) for ASCII s; it is foldASCII without
// the allocation.
func appendFoldASCII(b []byte, s string) []byte {
	start := len(b)
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '`':
			continue
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		}
		b = append(b, c)
		space = false
	}
	for len(b) > start && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// foldContains is containsFold(s, folded), without allocating for short
// ASCII s (IDs and codes, tested once per strike).
func foldContains(s string, folded []byte) bool {
	if s == "" {
		return false
	}
	if len(s) > 64 || !isASCII(s) {
		return containsFold(s, string(folded))
	}
	var buf [64]byte
	return bytes.Contains(appendFoldASCII(buf[:0], s), folded)
}

func (x *Index) foldActors() {
	x.actorOnce.Do(func() {
		x.actorFold = make([]string, len(x.actors))
		x.actorName = make([]bool, len(x.actors))
		x.actorNameFold = make([]string, len(x.actors))
		for a, s := range x.actors {
			x.actorFold[a] = Fold(s)
			name := ActorName(s)
			x.actorName[a] = name != ""
			x.actorNameFold[a] = Fold(name)
		}
	})
}

// placeKeysOf returns PlaceKey of every value used as a governorate, and
// PlaceIn of every value used as a place key.
func (x *Index) placeKeysOf() (keys, in []string) {
	x.placeOnce.Do(func() {
		keys := make([]string, len(x.text.vals))
		in := make([]string, len(x.text.vals))
		done := make([]bool, len(x.text.vals))
		for _, r := range x.places {
			for _, v := range x.lists.list(r.admin1s) {
				if !done[v] {
					keys[v], done[v] = PlaceKey(x.text.vals[v]), true
				}
			}
			for _, v := range x.lists.list(r.places) {
				in[v] = PlaceIn(x.text.vals[v])
			}
		}
		x.placeKeys, x.placeIn = keys, in
	})
	return x.placeKeys, x.placeIn
}
