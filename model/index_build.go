package model

import (
	"encoding/binary"
	"slices"
	"sync"
	"unsafe"
)

// Building an Index a chunk of summaries at a time (IndexBuilder), and
// remaking a strike's summary from it (Index.Summary).

// restArena holds what of a strike no column holds: its ID, codes,
// sources (as source ids) and, when span is spanFar, its last day,
// uvarint-prefixed, one entry per strike. The entries are written into
// blocks that are never moved or rewritten, so a string made from one
// (an ID) may point into it.
type restArena struct {
	blocks [][]byte
	at     []uint32 // by strike: block<<restShift | offset in the block
}

const (
	restShift = 20 // a block is 1 MiB
	restBlock = 1 << restShift
)

func (r *restArena) add(entry []byte) {
	if len(r.blocks) == 0 || len(r.blocks[len(r.blocks)-1])+len(entry) > cap(r.blocks[len(r.blocks)-1]) {
		r.blocks = append(r.blocks, make([]byte, 0, max(restBlock, len(entry))))
	}
	b := len(r.blocks) - 1
	r.at = append(r.at, uint32(b)<<restShift|uint32(len(r.blocks[b])))
	r.blocks[b] = append(r.blocks[b], entry...)
}

func (r *restArena) prefix(n int) restArena {
	out := restArena{at: r.at[:n:n], blocks: make([][]byte, len(r.blocks))}
	for k, b := range r.blocks {
		out.blocks[k] = b[:len(b):len(b)]
	}
	return out
}

// entry is strike i's entry (and what follows it in its block).
func (r *restArena) entry(i int32) []byte {
	a := r.at[i]
	return r.blocks[a>>restShift][a&(restBlock-1):]
}

// restReader reads an entry's fields in the order they were written.
type restReader struct{ b []byte }

func (r *restReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// text returns the next text, pointing into the arena.
func (r *restReader) text() string {
	n := int(r.uint())
	if n > len(r.b) {
		n = len(r.b)
	}
	s := unsafe.String(unsafe.SliceData(r.b), n)
	r.b = r.b[n:]
	return s
}

// skipTexts skips a count of texts and the texts.
func (r *restReader) skipTexts() {
	for k := r.uint(); k > 0 && len(r.b) > 0; k-- {
		n := min(int(r.uint()), len(r.b))
		r.b = r.b[n:]
	}
}

// ID is strike i's ID.
func (x *Index) ID(i int32) string {
	r := restReader{x.rest.entry(i)}
	return r.text()
}

// eachIDText calls fn with strike i's ID, then each of its codes, until fn
// returns true; it says whether one did.
func (x *Index) eachIDText(i int32, fn func(s string) bool) bool {
	r := restReader{x.rest.entry(i)}
	if fn(r.text()) {
		return true
	}
	for k := r.uint(); k > 0; k-- {
		if fn(r.text()) {
			return true
		}
	}
	return false
}

// namesAny says whether strike i names a source v for which cont[v]
// holds, read from its arena entry.
func (x *Index) namesAny(i int32, cont []bool) bool {
	r := restReader{x.rest.entry(i)}
	r.text()
	r.skipTexts()
	for k := r.uint(); k > 0; k-- {
		if v := r.uint(); v < uint64(len(cont)) && cont[v] {
			return true
		}
	}
	return false
}

// farEnd is the last day of strike i when it is not within spanFar days
// of its first.
func (x *Index) farEnd(i int32) Day {
	r := restReader{x.rest.entry(i)}
	r.text()
	r.skipTexts()
	for k := r.uint(); k > 0; k-- {
		r.uint()
	}
	return Day(int32(uint32(r.uint())))
}

// Contested says whether the reports of strike i name different
// attackers.
func (x *Index) Contested(i int32) bool { return x.tails[x.tail.at(i)].contested }

// figures are strike i's killed and injured figures.
func (x *Index) figures(i int32) (killed, injured *Figures) {
	t := &x.tails[x.tail.at(i)]
	return &t.killed, &t.injured
}

// hasDesk says whether strike i has a desk mark.
func (x *Index) hasDesk(i int32) bool {
	return int(i>>6) < len(x.desked) && x.desked[i>>6]&(1<<(i&63)) != 0
}

// fill sets the fields of s that the row holds.
func (r *tailRow) fill(s *Summary) {
	s.Date.Precision = r.precision
	s.Killed, s.Injured = r.killed, r.injured
	s.Reports, s.Silent, s.Possible = int(r.reports), int(r.silent), int(r.possible)
	s.Contested = r.contested
}

// Summary remakes the summary of strike i. Its lists are shared with
// every other summary made by the index and must not be modified; its
// strings point into the index's memory.
func (x *Index) Summary(i int32) Summary {
	p, l, t := &x.places[x.place.at(i)], &x.labels[x.label.at(i)], &x.tails[x.tail.at(i)]
	txt := x.text.vals
	s := Summary{
		Date:      DateSpan{Start: x.start[i], End: x.start[i] + Day(x.span[i])},
		Place:     txt[p.place],
		PlaceAR:   txt[p.placeAR],
		PlaceKey:  txt[p.placeKey],
		Admin1:    txt[p.admin1],
		Country:   txt[p.country],
		Places:    x.listVals[p.places],
		Admin1s:   x.listVals[p.admin1s],
		Countries: x.listVals[p.countries],
		Actors:    x.actVals[x.act.at(i)],
		Datasets:  x.listVals[l.datasets],
		Types:     x.listVals[l.types],
		Gradings:  x.listVals[l.gradings],
		Statuses:  x.listVals[l.statuses],
	}
	t.fill(&s)
	r := restReader{x.rest.entry(i)}
	s.ID = r.text()
	if k := r.uint(); k > 0 {
		s.Codes = make([]string, k)
		for j := range s.Codes {
			s.Codes[j] = r.text()
		}
	}
	if k := r.uint(); k > 0 {
		s.Sources = make([]string, k)
		for j := range s.Sources {
			s.Sources[j] = x.sources.vals[r.uint()]
		}
	}
	if x.span[i] == spanFar {
		s.Date.End = Day(int32(uint32(r.uint())))
	}
	if x.hasDesk(i) {
		s.Desk = x.desk[i]
	}
	return s
}

// IndexBuilder builds an Index from summaries given a chunk at a time;
// Index gives one of those added so far, at any time, without copying
// them. It is not safe for concurrent use, but the Indexes it gives are,
// while it goes on adding.
type IndexBuilder struct {
	x Index

	key, srcKey, actKey                     keyBuilder
	text, actors, srcs                      interner
	placeSeen, labelSeen, listSeen, setSeen map[string]int32
	tailSeen                                map[string]int32 // by tailRow.appendKey
	tailKey                                 []byte
	last                                    []int32 // by source, the last strike that named it
	entry                                   []byte
	srcIDs                                  []int32
}

// NewIndexBuilder returns a builder of an empty index.
func NewIndexBuilder() *IndexBuilder {
	b := &IndexBuilder{
		placeSeen: map[string]int32{}, labelSeen: map[string]int32{}, listSeen: map[string]int32{},
		setSeen: map[string]int32{}, tailSeen: map[string]int32{},
	}
	b.x.lists.off = []int32{0}
	b.x.actSets.off = []int32{0}
	b.x.desk = map[int32]*DeskMark{}
	b.text = newInterner(&b.x.text.vals)
	b.actors = newInterner(&b.x.actors)
	b.srcs = newInterner(&b.x.sources.vals)
	return b
}

// NewIndex builds the index of sums.
func NewIndex(sums []Summary) *Index {
	b := NewIndexBuilder()
	b.Add(sums)
	return b.Index()
}

// Len is how many summaries have been added.
func (b *IndexBuilder) Len() int { return b.x.n }

// parallelAdd is the chunk from which Add builds the index's three parts
// (places and labels, actors, the rest) at once.
const parallelAdd = 512

// Add adds sums, after those added before. It keeps none of them: their
// strings are copied where the index keeps them.
func (b *IndexBuilder) Add(sums []Summary) {
	if len(sums) == 0 {
		return
	}
	base := int32(b.x.n)
	if len(sums) < parallelAdd {
		b.addRows(sums)
		b.addActors(sums)
		b.addRest(sums, base)
	} else {
		var wg sync.WaitGroup
		wg.Go(func() { b.addRows(sums) })
		wg.Go(func() { b.addActors(sums) })
		b.addRest(sums, base)
		wg.Wait()
	}
	b.x.n += len(sums)
}

// addRows adds the strikes' place and label rows, which share the text
// dictionary and the lists.
func (b *IndexBuilder) addRows(sums []Summary) {
	x, k := &b.x, &b.key
	for i := range sums {
		s := &sums[i]
		k.key = k.key[:0]
		for _, v := range [...]string{s.Place, s.PlaceAR, s.PlaceKey, s.Admin1, s.Country} {
			k.add(v)
		}
		k.addList(s.Places)
		k.addList(s.Admin1s)
		k.addList(s.Countries)
		id, ok := b.placeSeen[string(k.key)]
		if !ok {
			id = int32(len(x.places))
			b.placeSeen[string(k.key)] = id
			r := placeRow{
				place: b.text.id(s.Place), placeAR: b.text.id(s.PlaceAR), placeKey: b.text.id(s.PlaceKey),
				admin1: b.text.id(s.Admin1), country: b.text.id(s.Country),
			}
			r.places = k.listOf(s.Places, b.listSeen, &x.lists, b.text, &x.listVals)
			r.admin1s = k.listOf(s.Admin1s, b.listSeen, &x.lists, b.text, &x.listVals)
			r.countries = k.listOf(s.Countries, b.listSeen, &x.lists, b.text, &x.listVals)
			x.places = append(x.places, r)
		}
		x.place.add(id)

		k.key = k.key[:0]
		for _, l := range [...][]string{s.Statuses, s.Gradings, s.Datasets, s.Types} {
			k.addList(l)
		}
		id, ok = b.labelSeen[string(k.key)]
		if !ok {
			id = int32(len(x.labels))
			b.labelSeen[string(k.key)] = id
			r := labelRow{}
			r.statuses = k.listOf(s.Statuses, b.listSeen, &x.lists, b.text, &x.listVals)
			r.gradings = k.listOf(s.Gradings, b.listSeen, &x.lists, b.text, &x.listVals)
			r.datasets = k.listOf(s.Datasets, b.listSeen, &x.lists, b.text, &x.listVals)
			r.types = k.listOf(s.Types, b.listSeen, &x.lists, b.text, &x.listVals)
			x.labels = append(x.labels, r)
		}
		x.label.add(id)
	}
}

func (b *IndexBuilder) addActors(sums []Summary) {
	x := &b.x
	for i := range sums {
		x.act.add(b.actKey.listOf(sums[i].Actors, b.setSeen, &x.actSets, b.actors, &x.actVals))
	}
}

// addRest adds the strikes' dates, signatures, figures and counts, the
// postings of their sources, their desk marks and their arena entries.
func (b *IndexBuilder) addRest(sums []Summary, base int32) {
	x := &b.x
	for j := range sums {
		s, i := &sums[j], base+int32(j)
		x.start = append(x.start, s.Date.Start)
		span := uint16(spanFar)
		if d := int64(s.Date.End) - int64(s.Date.Start); d >= 0 && d < spanFar {
			span = uint16(d)
		}
		x.span = append(x.span, span)
		x.sig = append(x.sig, idSig(s))

		t := tailRow{
			killed: s.Killed, injured: s.Injured, reports: int32(s.Reports), silent: int32(s.Silent),
			possible: int32(s.Possible), precision: s.Date.Precision, contested: s.Contested,
			sourced: len(s.Sources) > 0,
		}
		b.tailKey = t.appendKey(b.tailKey[:0])
		id, ok := b.tailSeen[string(b.tailKey)]
		if !ok {
			id = int32(len(x.tails))
			b.tailSeen[string(b.tailKey)] = id
			x.tails = append(x.tails, t)
		}
		x.tail.add(id)

		b.srcIDs = b.srcIDs[:0]
		for _, src := range s.Sources {
			v := b.srcs.id(src)
			if int(v) == len(x.posts) {
				x.posts, b.last = append(x.posts, nil), append(b.last, -1)
			}
			x.posts[v] = binary.AppendUvarint(x.posts[v], uint64(i-b.last[v]))
			b.last[v] = i
			b.srcIDs = append(b.srcIDs, v)
		}

		e := b.entry[:0]
		e = appendText(e, s.ID)
		e = binary.AppendUvarint(e, uint64(len(s.Codes)))
		for _, c := range s.Codes {
			e = appendText(e, c)
		}
		e = binary.AppendUvarint(e, uint64(len(b.srcIDs)))
		for _, v := range b.srcIDs {
			e = binary.AppendUvarint(e, uint64(v))
		}
		if span == spanFar {
			e = binary.AppendUvarint(e, uint64(uint32(int32(s.Date.End))))
		}
		b.entry = e
		x.rest.add(e)

		if s.Desk != nil {
			for int(i>>6) >= len(x.desked) {
				x.desked = append(x.desked, 0)
			}
			x.desked[i>>6] |= 1 << (i & 63)
			x.desk[i] = s.Desk
		}
	}
}

// appendKey appends the row's key for the builder's map: its flags, its
// counts and its figures (only the categories not zero), as varints. (Hashing the row
// itself, field by field, was a third of a load's index building.)
func (t *tailRow) appendKey(b []byte) []byte {
	var flags uint64
	if t.contested {
		flags |= 1
	}
	if t.sourced {
		flags |= 2
	}
	b = binary.AppendUvarint(b, flags|uint64(t.precision)<<2)
	b = binary.AppendVarint(b, int64(t.reports))
	b = binary.AppendVarint(b, int64(t.silent))
	b = binary.AppendVarint(b, int64(t.possible))
	for _, f := range [...]*Figures{&t.killed, &t.injured} {
		var mask uint64 // the categories not zero
		for c := range f {
			if f[c] != (Span{}) {
				mask |= 1 << c
			}
		}
		b = binary.AppendUvarint(b, mask)
		for c := range f {
			if sp := &f[c]; mask&(1<<c) != 0 {
				bits := int64(0)
				if sp.Reported {
					bits |= 1
				}
				if sp.Open {
					bits |= 2
				}
				b = binary.AppendVarint(b, int64(sp.Low)<<2|bits)
				b = binary.AppendVarint(b, int64(sp.High))
			}
		}
	}
	return b
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Index returns the index of every summary added so far. It shares the
// builder's memory, which later adds never rewrite.
func (b *IndexBuilder) Index() *Index {
	x, n := &b.x, b.x.n
	out := &Index{
		n:     n,
		place: x.place.prefix(n), label: x.label.prefix(n), act: x.act.prefix(n), tail: x.tail.prefix(n),
		start: x.start[:n:n], span: x.span[:n:n], sig: x.sig[:n:n],
		rest:     x.rest.prefix(n),
		text:     strDict{vals: x.text.vals[:len(x.text.vals):len(x.text.vals)]},
		places:   x.places[:len(x.places):len(x.places)],
		labels:   x.labels[:len(x.labels):len(x.labels)],
		tails:    x.tails[:len(x.tails):len(x.tails)],
		lists:    idLists{off: x.lists.off[:len(x.lists.off):len(x.lists.off)], ids: x.lists.ids[:len(x.lists.ids):len(x.lists.ids)]},
		listVals: x.listVals[:len(x.listVals):len(x.listVals)],
		actors:   x.actors[:len(x.actors):len(x.actors)],
		actSets:  idLists{off: x.actSets.off[:len(x.actSets.off):len(x.actSets.off)], ids: x.actSets.ids[:len(x.actSets.ids):len(x.actSets.ids)]},
		actVals:  x.actVals[:len(x.actVals):len(x.actVals)],
		sources:  strDict{vals: x.sources.vals[:len(x.sources.vals):len(x.sources.vals)]},
		posts:    make([][]byte, len(x.posts)),
		desked:   slices.Clone(x.desked), // the builder sets bits in its last word
		desk:     x.desk,
	}
	for v, p := range x.posts {
		out.posts[v] = p[:len(p):len(p)]
	}
	if len(x.desk) > 0 {
		// The builder adds to its map: the index gets its own.
		out.desk = make(map[int32]*DeskMark, len(x.desk))
		for i, m := range x.desk {
			out.desk[i] = m
		}
	}
	return out
}

// Place is strike i's place as reported, its place key and its
// governorate, without remaking its summary.
func (x *Index) Place(i int32) (place, key, admin1 string) {
	p := &x.places[x.place.at(i)]
	return x.text.vals[p.place], x.text.vals[p.placeKey], x.text.vals[p.admin1]
}
