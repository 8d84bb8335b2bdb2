package model

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// The timeline and the breakdown over an Index: a strike's attackers,
// places, gradings and datasets are read as the id of its distinct
// combination (a few thousand at most), so that what a combination gives
// (a series, the rows it counts in) is worked out once per combination,
// and a strike costs a few array lookups and its figures.

// end is the last day of strike i.
func (x *Index) end(i int32) Day {
	if x.span[i] == spanFar {
		return x.farEnd(i)
	}
	return x.start[i] + Day(x.span[i])
}

// groups are the distinct combinations of one field's values: the
// strike's combination (col) and each combination's values (vals).
type groups struct {
	col  func(i int32) int32
	n    int
	vals func(g int32) []string
}

// textList turns a list of text ids into its values.
func (x *Index) textList(l int32) []string {
	ids := x.lists.list(l)
	out := make([]string, len(ids))
	for k, v := range ids {
		out[k] = x.text.vals[v]
	}
	return out
}

// groupsOf returns the combinations of a breakdown field's values; false
// for the fields kept otherwise (source, year).
func (x *Index) groupsOf(f BreakdownField) (groups, bool) {
	switch f {
	case ByAttacker:
		return groups{col: x.act.at, n: x.actSets.len(), vals: func(g int32) []string {
			ids := x.actSets.list(g)
			out := make([]string, len(ids))
			for k, a := range ids {
				out[k] = x.actors[a]
			}
			return out
		}}, true
	case ByCity, ByGovernorate:
		return groups{col: x.place.at, n: len(x.places), vals: func(g int32) []string {
			if f == ByCity {
				return x.textList(x.places[g].places)
			}
			return x.textList(x.places[g].admin1s)
		}}, true
	case ByDataset, ByGrading:
		return groups{col: x.label.at, n: len(x.labels), vals: func(g int32) []string {
			if f == ByDataset {
				return x.textList(x.labels[g].datasets)
			}
			return x.textList(x.labels[g].gradings)
		}}, true
	}
	return groups{}, false
}

// splitGroups returns the combinations a timeline splits by.
func (x *Index) splitGroups(sp Split) groups {
	f := map[Split]BreakdownField{SplitAttacker: ByAttacker, SplitGrading: ByGrading, SplitDataset: ByDataset}[sp]
	g, _ := x.groupsOf(f)
	return g
}

// seriesKeyOf is the series value of a list of values under a split:
// the values joined with "+" (without "unknown" among attackers), or not
// attributed or none when there are none.
func seriesKeyOf(list []string, sp Split) string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		if sp != SplitAttacker || v != "unknown" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		if sp == SplitAttacker {
			return SeriesNotAttributed
		}
		return SeriesNone
	}
	return strings.Join(out, "+")
}

// Timeline tallies the strikes ix of the index (every one when ix is
// nil); see NewTimeline.
func (x *Index) Timeline(ix []int32, o TimelineOptions) Timeline {
	ix = all(x.n, ix)
	t := Timeline{By: o.By, Split: o.Split, Category: o.Category, Strikes: len(ix)}
	top := o.Top
	if top <= 0 {
		top = 5
	}
	gr := x.splitGroups(o.Split)
	keyOf := map[string]int32{}
	var keys []string
	var counts []int
	id := func(k string) int32 {
		v, ok := keyOf[k]
		if !ok {
			v = int32(len(keys))
			keyOf[k] = v
			keys = append(keys, k)
			counts = append(counts, 0)
		}
		return v
	}
	groupKey := make([]int32, gr.n)
	for g := range groupKey {
		groupKey[g] = -1
	}
	contested := int32(-1)
	ser := make([]int32, len(ix))
	first, last := Day(0), Day(0)
	dated := false
	for n, i := range ix {
		var k int32
		if o.Split == SplitAttacker && x.Contested(i) {
			if contested < 0 {
				contested = id(SeriesContested)
			}
			k = contested
		} else {
			g := gr.col(i)
			if groupKey[g] < 0 {
				groupKey[g] = id(seriesKeyOf(gr.vals(g), o.Split))
			}
			k = groupKey[g]
		}
		ser[n] = k
		counts[k]++
		if st := x.start[i]; st != NoDay {
			e := x.end(i)
			if !dated || st < first {
				first = st
			}
			if !dated || e > last {
				last = e
			}
			dated = true
		}
	}
	// The series: the top values by strikes, then the fixed ones, then
	// the rest as other.
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	fixed := func(k string) bool {
		return k == SeriesContested || k == SeriesNotAttributed || k == SeriesNone
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(keys[a], keys[b])
	})
	to := make([]int32, len(keys))
	var other []int32
	for _, k := range order {
		if !fixed(keys[k]) && len(t.Series) < top {
			to[k] = int32(len(t.Series))
			t.Series = append(t.Series, Series{Key: keys[k], Name: seriesName(keys[k], o.Split), Strikes: counts[k]})
		} else if !fixed(keys[k]) {
			other = append(other, k)
		}
	}
	for _, name := range []string{SeriesContested, SeriesNotAttributed, SeriesNone} {
		if k, ok := keyOf[name]; ok {
			to[k] = int32(len(t.Series))
			t.Series = append(t.Series, Series{Key: name, Name: name, Strikes: counts[k]})
		}
	}
	if len(other) > 0 {
		n := 0
		for _, k := range other {
			to[k] = int32(len(t.Series))
			n += counts[k]
		}
		t.Series = append(t.Series, Series{Key: SeriesOther, Name: SeriesOther, Strikes: n})
	}
	if !dated {
		t.Undated = len(ix)
		return t
	}
	if o.Auto {
		t.By = AutoPeriod(first, last)
	}
	// A period so short that the span would take more than maxPeriods
	// (a stray date centuries off) gives way to a longer one.
	for t.By < PeriodYear && t.By.index(last)-t.By.index(first) >= maxPeriods {
		t.By++
	}
	by := t.By
	base := by.index(first)
	np := int(by.index(last)-base) + 1
	t.Periods = make([]PeriodTally, np)
	ns := len(t.Series)
	bySeries := make([]int, np*ns)
	for p := range t.Periods {
		t.Periods[p] = PeriodTally{Start: by.start(base + int64(p)), End: by.start(base+int64(p)+1) - 1,
			BySeries: bySeries[p*ns : (p+1)*ns : (p+1)*ns]}
	}
	// Days map to periods through a table over the span when it is not
	// too long, which saves the calendar sums per strike.
	var dayPeriod []int32
	if span := int64(last-first) + 1; by != PeriodDay && span <= 1<<16 {
		dayPeriod = make([]int32, span)
		for d := range dayPeriod {
			dayPeriod[d] = int32(by.index(first+Day(d)) - base)
		}
	}
	period := func(d Day) int64 {
		if dayPeriod != nil {
			return int64(dayPeriod[d-first])
		}
		return by.index(d) - base
	}
	cat := o.Category
	for n, i := range ix {
		st := x.start[i]
		if st == NoDay {
			t.Undated++
			continue
		}
		p := period(st)
		if period(x.end(i)) != p {
			t.Loose++
			continue
		}
		pt := &t.Periods[p]
		pt.Strikes++
		pt.BySeries[to[ser[n]]]++
		pt.Killed.Add(x.tails[x.tail.at(i)].killed[cat])
	}
	for p := range t.Periods {
		t.Killed.Merge(t.Periods[p].Killed)
	}
	return t
}

// Breakdown counts the strikes ix of the index (every one when ix is
// nil) by a field; see NewBreakdown.
func (x *Index) Breakdown(ix []int32, f BreakdownField, o BreakdownOptions) Breakdown {
	ix = all(x.n, ix)
	b := Breakdown{Field: f, Category: o.Category, Strikes: len(ix)}
	cells := o.Spark
	if cells <= 0 {
		cells = 16
	}
	dated := false
	for _, i := range ix {
		if st := x.start[i]; st != NoDay {
			if !dated || st < b.SparkFirst {
				b.SparkFirst = st
			}
			if !dated || st > b.SparkLast {
				b.SparkLast = st
			}
			dated = true
		}
	}
	spanDays := int64(b.SparkLast-b.SparkFirst) + 1
	rowOf := map[string]int32{}
	addRow := func(key, name, term string) int32 {
		r, ok := rowOf[key]
		if !ok {
			r = int32(len(b.Rows))
			rowOf[key] = r
			b.Rows = append(b.Rows, BreakdownRow{Key: key, Name: name, Term: term, Spark: make([]int, cells)})
		}
		return r
	}
	cat := o.Category
	count := func(r int32, i int32) {
		row := &b.Rows[r]
		t := &x.tails[x.tail.at(i)]
		row.Strikes++
		if t.contested {
			row.Contested++
		}
		row.Killed.Add(t.killed[cat])
		if st := x.start[i]; st != NoDay {
			row.Spark[int64(st-b.SparkFirst)*int64(cells)/spanDays]++
		}
	}
	switch f {
	case ByYear:
		yearRow := map[int]int32{}
		for _, i := range ix {
			st := x.start[i]
			if st == NoDay {
				b.Without++
				continue
			}
			y0, _, _ := civil(st)
			y1, _, _ := civil(x.end(i))
			for y := y0; y <= y1; y++ {
				r, ok := yearRow[y]
				if !ok {
					k := fmt.Sprintf("%04d", y)
					r = addRow(k, k, "date:"+k)
					yearRow[y] = r
				}
				count(r, i)
			}
		}
		slices.SortFunc(b.Rows, func(x, y BreakdownRow) int { return cmp.Compare(y.Key, x.Key) })
		return b
	case BySource:
		x.sourceBreakdown(&b, ix, addRow, count)
	default:
		gr, _ := x.groupsOf(f)
		present := make([]bool, gr.n)
		for _, i := range ix {
			present[gr.col(i)] = true
		}
		var vals []string
		valOf := map[string]int32{}
		groupVals := make([][]int32, gr.n)
		for g := range present {
			if !present[g] {
				continue
			}
			for _, v := range gr.vals(int32(g)) {
				id, ok := valOf[v]
				if !ok {
					id = int32(len(vals))
					valOf[v] = id
					vals = append(vals, v)
				}
				groupVals[g] = append(groupVals[g], id)
			}
		}
		rowsOf := b.matchRows(vals, addRow)
		groupRows := make([][]int32, gr.n)
		for g, vs := range groupVals {
			for _, v := range vs {
				for _, r := range rowsOf[v] {
					if !slices.Contains(groupRows[g], r) {
						groupRows[g] = append(groupRows[g], r)
					}
				}
			}
		}
		for _, i := range ix {
			g := gr.col(i)
			if len(groupVals[g]) == 0 {
				b.Without++
				continue
			}
			for _, r := range groupRows[g] {
				count(r, i)
			}
		}
	}
	b.Rows = slices.DeleteFunc(b.Rows, func(r BreakdownRow) bool { return r.Strikes == 0 })
	slices.SortStableFunc(b.Rows, func(x, y BreakdownRow) int {
		if c := cmp.Compare(y.Strikes, x.Strikes); c != 0 {
			return c
		}
		return cmp.Compare(x.Name, y.Name)
	})
	return b
}

// matchRows makes the rows of the values and returns, for each value,
// the rows whose term it satisfies (Query.Match of a strike holding only
// that value), or only its own row when there are too many pairs.
func (b *Breakdown) matchRows(vals []string, addRow func(key, name, term string) int32) [][]int32 {
	f := b.Field
	// A value whose key is empty (a source named only by punctuation)
	// makes no row: no term finds it.
	own := make([]int32, len(vals))
	for v, val := range vals {
		own[v] = -1
		if k, name := f.row(val); k != "" {
			own[v] = addRow(k, name, breakdownFields[f].term+":"+QuoteValue(k))
		}
	}
	rowsOf := make([][]int32, len(vals))
	b.ByValue = len(vals)*len(b.Rows) > maxPairs
	if b.ByValue {
		for v := range vals {
			if own[v] >= 0 {
				rowsOf[v] = []int32{own[v]}
			}
		}
		return rowsOf
	}
	for r := range b.Rows {
		q, err := ParseQuery(b.Rows[r].Term)
		for v, val := range vals {
			if err != nil && own[v] == int32(r) || err == nil && q.Match(f.with(val)) {
				rowsOf[v] = append(rowsOf[v], int32(r))
			}
		}
	}
	return rowsOf
}

// sourceBreakdown counts by source, through the index's postings: each
// row walks the postings of the sources its term finds, counting each
// strike of the filter once.
func (x *Index) sourceBreakdown(b *Breakdown, ix []int32, addRow func(key, name, term string) int32, count func(r, i int32)) {
	everyone := len(ix) == x.n // every strike: every source is used
	var in []bool
	if !everyone {
		in = make([]bool, x.n)
		for _, i := range ix {
			in[i] = true
		}
	}
	var vals []string
	var srcOf []int32 // the source of each value
	for v := range x.sources.vals {
		used := everyone
		if !used {
			x.eachPosting(int32(v), func(i int32) { used = used || in[i] })
		}
		if used {
			vals = append(vals, x.sources.vals[v])
			srcOf = append(srcOf, int32(v))
		}
	}
	for _, i := range ix {
		if !x.tails[x.tail.at(i)].sourced {
			b.Without++
		}
	}
	rowsOf := b.matchRows(vals, addRow)
	sourcesOf := make([][]int32, len(b.Rows))
	for v, rs := range rowsOf {
		for _, r := range rs {
			sourcesOf[r] = append(sourcesOf[r], srcOf[v])
		}
	}
	stamp := make([]int32, x.n)
	for r, srcs := range sourcesOf {
		for _, src := range srcs {
			x.eachPosting(src, func(i int32) {
				if (everyone || in[i]) && stamp[i] != int32(r)+1 {
					stamp[i] = int32(r) + 1
					count(int32(r), i)
				}
			})
		}
	}
}

// eachPosting calls fn with each strike that names the source v, in
// order.
func (x *Index) eachPosting(v int32, fn func(i int32)) {
	p := x.posts[v]
	i := int64(-1)
	for len(p) > 0 {
		gap, n := binary.Uvarint(p)
		if n <= 0 {
			return // not written by NewIndex
		}
		p = p[n:]
		i += int64(gap)
		fn(int32(i))
	}
}
