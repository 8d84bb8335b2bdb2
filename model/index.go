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
	// grading, dataset, type and source fields; the ids below index it.
	text []string
	// places are the distinct combinations of a strike's place fields
	// (a few thousand: one per spelling of a place), labels those of its
	// status, grading, datasets and types (a few dozen).
	places []placeRow
	labels []labelRow
	// lists are the distinct dataset and type lists, of text ids.
	lists idLists
	// actors are the distinct actor keys; actSets the distinct lists of
	// them (a strike's Actors).
	actors  []string
	actSets idLists
	// posting[postOff[v]:postOff[v+1]] are the strikes, ascending, that
	// name the text value v as a source, as uvarint gaps from the
	// previous one (the first from -1). Sources vary from strike to
	// strike, so they are kept per value, not per strike, and a gap takes
	// one or two bytes where a strike number would take four.
	postOff []int32
	posting []byte

	foldOnce sync.Once
	folded   []string // Fold(text[v])

	actorOnce     sync.Once
	actorFold     []string // Fold(actors[a])
	actorName     []bool   // ActorName(actors[a]) != ""
	actorNameFold []string // Fold(ActorName(actors[a]))

	placeOnce sync.Once
	placeKeys []string // PlaceKey(text[v]) for the values used as a place or admin1
}

// spanFar marks a date whose end is not within 65,534 days of its start
// (or before it): the index then reads the end from the summary.
const spanFar = 1<<16 - 1

// placeRow and labelRow hold text ids, and list ids for datasets and
// types.
type placeRow struct{ place, placeAR, placeKey, admin1, country int32 }

type labelRow struct{ status, grading, datasets, types int32 }

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

// indexBuilder holds the maps that intern values while an Index is built;
// they are dropped once it is done.
type indexBuilder struct {
	x       *Index
	text    map[string]int32
	places  map[string]int32
	labels  map[string]int32
	lists   map[string]int32
	actors  map[string]int32
	actSets map[string]int32
	key     []byte
}

// NewIndex builds the index of sums. It keeps sums.
func NewIndex(sums []Summary) *Index {
	n := len(sums)
	x := &Index{
		sums:  sums,
		start: make([]Day, n),
		span:  make([]uint16, n),
		sig:   make([]uint32, n),
		lists: idLists{off: []int32{0}}, actSets: idLists{off: []int32{0}},
	}
	b := &indexBuilder{x: x, text: map[string]int32{}, places: map[string]int32{}, labels: map[string]int32{},
		lists: map[string]int32{}, actors: map[string]int32{}, actSets: map[string]int32{}}
	place, label, act := make([]int32, n), make([]int32, n), make([]int32, n)
	var posts [][]byte // by text value, the gaps of its postings
	var last []int32   // by text value, the last strike that named it as a source
	for i := range sums {
		s := &sums[i]
		place[i], label[i] = b.placeOf(s), b.labelOf(s)
		act[i] = b.listOf(s.Actors, b.actSets, &x.actSets, b.actor)
		x.start[i] = s.Date.Start
		x.span[i] = spanFar
		if d := int64(s.Date.End) - int64(s.Date.Start); d >= 0 && d < spanFar {
			x.span[i] = uint16(d)
		}
		x.sig[i] = idSig(s)
		for _, src := range s.Sources {
			v := b.textID(src)
			for int(v) >= len(posts) {
				posts, last = append(posts, nil), append(last, -1)
			}
			posts[v] = binary.AppendUvarint(posts[v], uint64(int32(i)-last[v]))
			last[v] = int32(i)
		}
	}
	x.place = newIDColumn(place, len(x.places))
	x.label = newIDColumn(label, len(x.labels))
	x.act = newIDColumn(act, x.actSets.len())
	size := 0
	for _, p := range posts {
		size += len(p)
	}
	x.posting = make([]byte, 0, size)
	x.postOff = make([]int32, len(x.text)+1)
	for v := range x.text {
		if v < len(posts) {
			x.posting = append(x.posting, posts[v]...)
		}
		x.postOff[v+1] = int32(len(x.posting))
	}
	return x
}

func (b *indexBuilder) textID(s string) int32 {
	if id, ok := b.text[s]; ok {
		return id
	}
	id := int32(len(b.x.text))
	b.x.text = append(b.x.text, s)
	b.text[s] = id
	return id
}

func (b *indexBuilder) actor(s string) int32 {
	if id, ok := b.actors[s]; ok {
		return id
	}
	id := int32(len(b.x.actors))
	b.x.actors = append(b.x.actors, s)
	b.actors[s] = id
	return id
}

// appendKey appends s to a map key, length first, so that no two
// sequences of strings make the same key.
func appendKey(key []byte, s string) []byte {
	key = binary.AppendUvarint(key, uint64(len(s)))
	return append(key, s...)
}

// listOf returns the id of the list vals in ls, interning its values
// with intern. One map lookup of the joined values finds a list seen
// before.
func (b *indexBuilder) listOf(vals []string, seen map[string]int32, ls *idLists, intern func(string) int32) int32 {
	b.key = b.key[:0]
	for _, v := range vals {
		b.key = appendKey(b.key, v)
	}
	if id, ok := seen[string(b.key)]; ok {
		return id
	}
	id := int32(ls.len())
	for _, v := range vals {
		ls.ids = append(ls.ids, intern(v))
	}
	ls.off = append(ls.off, int32(len(ls.ids)))
	seen[string(b.key)] = id
	return id
}

func (b *indexBuilder) placeOf(s *Summary) int32 {
	key := b.key[:0]
	for _, v := range [...]string{s.Place, s.PlaceAR, s.PlaceKey, s.Admin1, s.Country} {
		key = appendKey(key, v)
	}
	b.key = key
	if id, ok := b.places[string(key)]; ok {
		return id
	}
	id := int32(len(b.x.places))
	b.places[string(key)] = id
	b.x.places = append(b.x.places, placeRow{
		place: b.textID(s.Place), placeAR: b.textID(s.PlaceAR), placeKey: b.textID(s.PlaceKey),
		admin1: b.textID(s.Admin1), country: b.textID(s.Country),
	})
	return id
}

func (b *indexBuilder) labelOf(s *Summary) int32 {
	key := appendKey(appendKey(b.key[:0], s.Status), s.Grading)
	key = binary.AppendUvarint(key, uint64(len(s.Datasets)))
	for _, v := range s.Datasets {
		key = appendKey(key, v)
	}
	for _, v := range s.Types {
		key = appendKey(key, v)
	}
	b.key = key
	if id, ok := b.labels[string(key)]; ok {
		return id
	}
	id := int32(len(b.x.labels))
	b.labels[string(key)] = id
	r := labelRow{status: b.textID(s.Status), grading: b.textID(s.Grading)}
	r.datasets = b.listOf(s.Datasets, b.lists, &b.x.lists, b.textID)
	r.types = b.listOf(s.Types, b.lists, &b.x.lists, b.textID)
	b.x.labels = append(b.x.labels, r)
	return id
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

func (x *Index) foldText() {
	x.foldOnce.Do(func() {
		x.folded = make([]string, len(x.text))
		for v, s := range x.text {
			x.folded[v] = Fold(s)
		}
	})
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

// placeKeysOf returns PlaceKey of every value used as a place or admin1.
func (x *Index) placeKeysOf() []string {
	x.placeOnce.Do(func() {
		keys := make([]string, len(x.text))
		done := make([]bool, len(x.text))
		for _, r := range x.places {
			for _, v := range [...]int32{r.place, r.admin1} {
				if !done[v] {
					keys[v], done[v] = PlaceKey(x.text[v]), true
				}
			}
		}
		x.placeKeys = keys
	})
	return x.placeKeys
}

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
	word   []byte   // a free word, searched in the ID and codes
	sig    uint32   // wordSig(word)
	date   bool     // a date range: from, to
	from   Day
	to     Day
	slow   *Term // asked of the summary
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

// compileTerm mirrors the matchers of query.go field by field: each
// function below is what the matcher computes, given one distinct value.
func (x *Index) compileTerm(t *Term) indexTerm {
	it := indexTerm{negate: t.Negate}
	f := t.folded
	switch t.Field {
	case "": // matchFree
		x.foldText()
		x.foldActors()
		cont := x.contains(f)
		it.place = judge(x.places, func(r *placeRow) bool {
			return cont[r.place] || cont[r.placeAR] || cont[r.admin1] || cont[r.country] ||
				strings.Contains(x.text[r.placeKey], f)
		})
		it.label = judge(x.labels, func(r *labelRow) bool {
			return cont[r.status] || cont[r.grading] || x.anyOf(cont, r.datasets) || x.anyOf(cont, r.types)
		})
		it.act = x.judgeActors(func(a int32) bool { // freeActor
			return strings.Contains(x.actors[a], f) || x.actorName[a] && strings.Contains(x.actorNameFold[a], f)
		})
		it.src = x.sources(cont)
		it.word, it.sig = []byte(f), wordSig(f)
	case "actor": // matchActor, actorMatches
		x.foldActors()
		it.act = x.judgeActors(func(a int32) bool {
			return x.actors[a] == t.key || strings.Contains(x.actorFold[a], f) ||
				x.actorName[a] && strings.Contains(x.actorNameFold[a], f)
		})
	case "city", "place", "town": // matchPlace
		x.foldText()
		cont := x.contains(f)
		keys := x.placeKeysOf()
		it.place = judge(x.places, func(r *placeRow) bool {
			return x.text[r.placeKey] == t.key || x.text[r.placeKey] != "" && keys[r.place] == t.key ||
				cont[r.place] || cont[r.placeAR]
		})
	case "gov", "admin1": // matchAdmin1
		x.foldText()
		cont := x.contains(f)
		keys := x.placeKeysOf()
		want := PlaceKey(t.Value)
		it.place = judge(x.places, func(r *placeRow) bool { return cont[r.admin1] || keys[r.admin1] == want })
	case "country":
		x.foldText()
		cont := x.contains(f)
		it.place = judge(x.places, func(r *placeRow) bool { return cont[r.country] })
	case "grading", "status", "dataset", "type":
		x.foldText()
		cont := x.contains(f)
		it.label = judge(x.labels, func(r *labelRow) bool {
			switch t.Field {
			case "grading":
				return cont[r.grading]
			case "status":
				return cont[r.status]
			case "dataset":
				return x.anyOf(cont, r.datasets)
			}
			return x.anyOf(cont, r.types)
		})
	case "source":
		x.foldText()
		it.src = x.sources(x.contains(f))
	case "date":
		it.date, it.from, it.to = true, t.from, t.to
	default: // id, code, the numbers, contested
		it.slow = t
	}
	return it
}

// contains is t.contains over the text values: whether each holds the
// folded word (an empty value holds nothing).
func (x *Index) contains(f string) []bool {
	cont := make([]bool, len(x.text))
	for v, s := range x.folded {
		cont[v] = x.text[v] != "" && strings.Contains(s, f)
	}
	return cont
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

// sources returns the strikes that name a source value for which cont
// holds, as a bitset, or nil when none does.
func (x *Index) sources(cont []bool) []uint64 {
	var bits []uint64
	for v := range x.text {
		p := x.posting[x.postOff[v]:x.postOff[v+1]]
		if !cont[v] || len(p) == 0 {
			continue
		}
		if bits == nil {
			bits = make([]uint64, (len(x.sums)+63)/64)
		}
		i := int64(-1)
		for len(p) > 0 {
			gap, n := binary.Uvarint(p)
			if n <= 0 {
				break // not written by NewIndex
			}
			p = p[n:]
			i += int64(gap)
			bits[i>>6] |= 1 << (i & 63)
		}
	}
	return bits
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
		return t.slow.match(t.slow, &x.sums[i])
	case t.date: // matchDate
		start := x.start[i]
		if start == NoDay || start > t.to {
			return false
		}
		end := int64(start) + int64(x.span[i])
		if x.span[i] == spanFar {
			end = int64(x.sums[i].Date.End)
		}
		return int64(t.from) <= end
	}
	if t.place != nil && t.place[x.place.at(i)] || t.label != nil && t.label[x.label.at(i)] ||
		t.act != nil && t.act[x.act.at(i)] || t.src != nil && t.src[i>>6]&(1<<(i&63)) != 0 {
		return true
	}
	if t.word == nil || x.sig[i]&t.sig != t.sig {
		return false
	}
	s := &x.sums[i]
	if foldContains(s.ID, t.word) {
		return true
	}
	for _, c := range s.Codes {
		if foldContains(c, t.word) {
			return true
		}
	}
	return false
}

// Filter returns the entries of from (indexes into the summaries) whose
// strike matches q, in order.
func (x *Index) Filter(q *Query, from []int32) []int32 {
	iq := x.Compile(q)
	var out []int32
	for _, i := range from {
		if iq.Match(i) {
			out = append(out, i)
		}
	}
	return out
}
