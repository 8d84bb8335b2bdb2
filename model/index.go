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
// exactly those of Query.Match (the reference, tested against it);
// terms it has no column for (id:, code:, the numbers, contested) are
// asked of the summary itself.
//
// An Index is immutable once built, apart from tables it derives on first
// use under sync.Once, and is safe for concurrent use. It keeps the
// summaries it was built from, which must not change.
type Index struct {
	sums []Summary

	// One entry per strike.
	place idColumn // into places
	label idColumn // into labels
	act   idColumn // into actSets
	start []Day
	span  []uint16 // Date.End - Date.Start, or spanFar: ask the summary
	sig   []uint32 // byteSig of the strike's ID and codes, see idSig

	// text holds every distinct value of the place, country, status,
	// grading, dataset and type fields; the rows below hold its ids.
	text strDict
	// places are the distinct combinations of a strike's place fields
	// (a few thousand: one per spelling of a place), labels those of its
	// statuses, gradings, datasets and types (a few dozen).
	places []placeRow
	labels []labelRow
	// lists are the distinct lists of text ids: the place keys,
	// governorates, countries, statuses, gradings, datasets and types.
	lists idLists
	// actors are the distinct actor keys; actSets the distinct lists of
	// them (a strike's Actors).
	actors  []string
	actSets idLists
	// sources are the distinct sources. posting[postOff[v]:postOff[v+1]]
	// are the strikes, ascending, that name the source v, as uvarint gaps
	// from the previous one (the first from -1). Sources vary from strike
	// to strike, so they are kept per source, not per strike, and a gap
	// takes one or two bytes where a strike number would take four.
	sources strDict
	postOff []int32
	posting []byte

	actorOnce     sync.Once
	actorFold     []string // Fold(actors[a])
	actorName     []bool   // ActorName(actors[a]) != ""
	actorNameFold []string // Fold(ActorName(actors[a]))

	placeOnce sync.Once
	placeKeys []string // PlaceKey(text[v]) for the values used as a place or admin1
	placeIn   []string // PlaceIn(text[v]) for the values used as a place key
}

// spanFar marks a date whose end is not within 65,534 days of its start
// (or before it): the index then reads the end from the summary.
const spanFar = 1<<16 - 1

// placeRow and labelRow hold text ids (the grouping record's place) and
// list ids (every report's).
type placeRow struct{ place, placeAR, placeKey, admin1, country, places, admin1s, countries int32 }

type labelRow struct{ statuses, gradings, datasets, types int32 }

// idColumn is one id per strike, in two bytes when every id fits.
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

// newIDColumn makes the column of ids, all below n.
func newIDColumn(ids []int32, n int) idColumn {
	if n > 1<<16 {
		return idColumn{wide: ids}
	}
	narrow := make([]uint16, len(ids))
	for i, v := range ids {
		narrow[i] = uint16(v)
	}
	return idColumn{narrow: narrow}
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
// with in.
func (k *keyBuilder) listOf(vals []string, seen map[string]int32, ls *idLists, in interner) int32 {
	k.key = k.key[:0]
	for _, v := range vals {
		k.add(v)
	}
	if id, ok := seen[string(k.key)]; ok {
		return id
	}
	id := int32(ls.len())
	for _, v := range vals {
		ls.ids = append(ls.ids, in.id(v))
	}
	ls.off = append(ls.off, int32(len(ls.ids)))
	seen[string(k.key)] = id
	return id
}

// NewIndex builds the index of sums. It keeps sums. Its three parts
// (places and labels, actors, sources and the rest) share nothing and
// are built at once.
func NewIndex(sums []Summary) *Index {
	x := &Index{sums: sums}
	var wg sync.WaitGroup
	wg.Go(x.buildRows)
	wg.Go(x.buildActors)
	x.buildSources()
	wg.Wait()
	return x
}

func (x *Index) buildRows() {
	var k keyBuilder
	text := newInterner(&x.text.vals)
	places, labels, lists := map[string]int32{}, map[string]int32{}, map[string]int32{}
	x.lists.off = []int32{0}
	place, label := make([]int32, len(x.sums)), make([]int32, len(x.sums))
	for i := range x.sums {
		s := &x.sums[i]
		k.key = k.key[:0]
		for _, v := range [...]string{s.Place, s.PlaceAR, s.PlaceKey, s.Admin1, s.Country} {
			k.add(v)
		}
		k.addList(s.Places)
		k.addList(s.Admin1s)
		k.addList(s.Countries)
		id, ok := places[string(k.key)]
		if !ok {
			id = int32(len(x.places))
			places[string(k.key)] = id
			r := placeRow{
				place: text.id(s.Place), placeAR: text.id(s.PlaceAR), placeKey: text.id(s.PlaceKey),
				admin1: text.id(s.Admin1), country: text.id(s.Country),
			}
			r.places = k.listOf(s.Places, lists, &x.lists, text)
			r.admin1s = k.listOf(s.Admin1s, lists, &x.lists, text)
			r.countries = k.listOf(s.Countries, lists, &x.lists, text)
			x.places = append(x.places, r)
		}
		place[i] = id

		k.key = k.key[:0]
		for _, l := range [...][]string{s.Statuses, s.Gradings, s.Datasets, s.Types} {
			k.addList(l)
		}
		id, ok = labels[string(k.key)]
		if !ok {
			id = int32(len(x.labels))
			labels[string(k.key)] = id
			r := labelRow{}
			r.statuses = k.listOf(s.Statuses, lists, &x.lists, text)
			r.gradings = k.listOf(s.Gradings, lists, &x.lists, text)
			r.datasets = k.listOf(s.Datasets, lists, &x.lists, text)
			r.types = k.listOf(s.Types, lists, &x.lists, text)
			x.labels = append(x.labels, r)
		}
		label[i] = id
	}
	x.place = newIDColumn(place, len(x.places))
	x.label = newIDColumn(label, len(x.labels))
}

func (x *Index) buildActors() {
	var k keyBuilder
	actors := newInterner(&x.actors)
	sets := map[string]int32{}
	x.actSets.off = []int32{0}
	act := make([]int32, len(x.sums))
	for i := range x.sums {
		act[i] = k.listOf(x.sums[i].Actors, sets, &x.actSets, actors)
	}
	x.act = newIDColumn(act, x.actSets.len())
}

// buildSources builds the postings of the sources, and the dates and ID
// signatures.
func (x *Index) buildSources() {
	n := len(x.sums)
	x.start, x.span, x.sig = make([]Day, n), make([]uint16, n), make([]uint32, n)
	sources := newInterner(&x.sources.vals)
	var posts [][]byte // by source, the gaps of its postings
	var last []int32   // by source, the last strike that named it
	for i := range x.sums {
		s := &x.sums[i]
		x.start[i] = s.Date.Start
		x.span[i] = spanFar
		if d := int64(s.Date.End) - int64(s.Date.Start); d >= 0 && d < spanFar {
			x.span[i] = uint16(d)
		}
		x.sig[i] = idSig(s)
		for _, src := range s.Sources {
			v := sources.id(src)
			if int(v) == len(posts) {
				posts, last = append(posts, nil), append(last, -1)
			}
			posts[v] = binary.AppendUvarint(posts[v], uint64(int32(i)-last[v]))
			last[v] = int32(i)
		}
	}
	size := 0
	for _, p := range posts {
		size += len(p)
	}
	x.posting = make([]byte, 0, size)
	x.postOff = make([]int32, len(posts)+1)
	for v, p := range posts {
		x.posting = append(x.posting, p...)
		x.postOff[v+1] = int32(len(x.posting))
	}
}

// Len is the number of strikes indexed.
func (x *Index) Len() int { return len(x.sums) }

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
