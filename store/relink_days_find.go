package store

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// How relinkDays finds the strikes an import can touch (relink_days.go):
// the days of the changed strikes, their partners, citations and the
// strikes the old overlay ties to them, each read once.

// dayFinder grows the set of strikes relinkDays links, reading each
// strike it looks at once.
type dayFinder struct {
	tx                       *bolt.Tx
	strikes, list, idx, byDS *bolt.Bucket
	links, linked, possible  *bolt.Bucket
	decReports, decStrikes   map[string]bool // what people's decisions name
	decided                  bool            // there are decisions
	budget, spent            int             // see maxDaysShare

	// The strikes read whole: their link keys, records and attributions.
	intern map[string]string
	mk     model.LinkKeyMaker
	seen   map[attrKey]uint32
	li     *linkInput       // the attributions, then the set
	keys   []*model.LinkKey // codes read for members only
	recs   [][]byte
	atts   []uint32
	at     map[string]int32          // index in keys, -1 when no strike has the ID
	peeks  map[string]*model.LinkKey // dates and places read (peek)
	member []bool                    // in the set, by index
	queue  []int32                   // members not yet looked around

	hidden     []dated                        // strikes the list may lack, by first day
	hiddenRead bool                           // hidden is read
	codes      map[string]map[string][]string // folded dataset -> code -> IDs
	names      []string                       // the dataset index's names; nil until read
	otherIDs   map[string][]string            // others, by datasets; nil for too many
}

// dated is a strike's days and ID.
type dated struct {
	date model.DateSpan
	id   string
}

func newDayFinder(tx *bolt.Tx, decided map[string]model.Decision, budget int) *dayFinder {
	f := &dayFinder{tx: tx, strikes: tx.Bucket(bucketStrikes),
		list: tx.Bucket(bucketList), idx: tx.Bucket(bucketRelink), byDS: tx.Bucket(bucketByDataset),
		links: tx.Bucket(bucketLinks), linked: tx.Bucket(bucketLinked), possible: tx.Bucket(bucketPossible),
		decReports: map[string]bool{}, decStrikes: map[string]bool{}, budget: budget,
		intern: map[string]string{}, seen: map[attrKey]uint32{}, li: &linkInput{db: tx.DB()},
		at: map[string]int32{}, peeks: map[string]*model.LinkKey{}, otherIDs: map[string][]string{}, codes: map[string]map[string][]string{}, decided: len(decided) > 0}
	for _, d := range decided {
		f.decReports[d.Report] = true
		f.decStrikes[d.Home] = true
		if d.Into != "" {
			f.decStrikes[d.Into] = true
		}
	}
	return f
}

// spend counts n against the budget, and gives up past it.
func (f *dayFinder) spend(n int) error {
	if f.spent += n; f.spent > f.budget {
		return errUnsure
	}
	return nil
}

// has says whether the store holds the strike id (read by the finder).
func (f *dayFinder) has(id string) bool {
	i, ok := f.at[id]
	return ok && i >= 0
}

// load reads the strike id's link key, once; ok is false when the store
// holds no such strike.
func (f *dayFinder) load(id string) (int32, bool, error) {
	if i, ok := f.at[id]; ok {
		return i, i >= 0, nil
	}
	rec := f.strikes.Get([]byte(id))
	if rec == nil {
		f.at[id] = -1
		return -1, false, nil
	}
	if err := f.spend(1); err != nil {
		return -1, false, err
	}
	st, err := decodeForLink(rec, f.intern, f.decided)
	if err != nil {
		return -1, false, damaged(err, "strike %s", id)
	}
	if st.ID != id {
		return -1, false, storeErr(ErrCorrupt, nil, "the record stored under %q holds strike %q; run strikes check", id, st.ID)
	}
	k := f.mk.Of(&st)
	i := int32(len(f.keys))
	f.keys, f.recs = append(f.keys, &k), append(f.recs, rec)
	f.atts = append(f.atts, f.li.attrs.index(model.AttributionOf(&st), f.seen))
	f.member = append(f.member, false)
	f.at[id] = i
	for j := range st.Reports {
		if f.decReports[st.Reports[j].ID] {
			f.decStrikes[id] = true // a strike holding a decided report
		}
	}
	return i, true, nil
}

// add puts the strike id in the set, to be looked around.
func (f *dayFinder) add(id string) error {
	i, ok, err := f.load(id)
	if err != nil || !ok || f.member[i] {
		return err
	}
	if f.decStrikes[id] {
		return errUnsure // a person decided on it: the whole relink applies the decisions
	}
	// A member's codes: citations of them link it (the lean read leaves
	// them out).
	codes, err := decodeCodes(f.recs[i])
	if err != nil {
		return damaged(err, "strike %s", id)
	}
	f.keys[i].SetCodes(codes)
	f.member[i] = true
	f.queue = append(f.queue, i)
	return nil
}

// grow finds the set: the changed strikes, and around them until nothing
// is added.
func (f *dayFinder) grow(ctx context.Context, ch *changeSet) error {
	for _, id := range ch.ids {
		if err := f.add(id); err != nil {
			return err
		}
	}
	// The changed strikes as they were: what they matched and cited then.
	old := make([]*model.LinkKey, len(ch.old))
	for i := range ch.old {
		old[i] = &ch.old[i]
	}
	if err := f.around(old); err != nil {
		return err
	}
	for len(f.queue) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		q := f.queue
		f.queue = nil
		xs := make([]*model.LinkKey, len(q))
		for j, i := range q {
			xs[j] = f.keys[i]
		}
		if err := f.around(xs); err != nil {
			return err
		}
	}
	return nil
}

// around adds every strike that matches, cites or is cited by one of xs,
// or that the overlay ties to one of them.
func (f *dayFinder) around(xs []*model.LinkKey) error {
	for _, x := range xs {
		if err := f.partners(x.ID); err != nil {
			return err
		}
		if err := f.xrefs(x); err != nil {
			return err
		}
	}
	return f.matches(xs)
}

// partners adds the strikes the overlay ties to the strike id: the one it
// is shown under, those shown under it, its possible links.
func (f *dayFinder) partners(id string) error {
	var ids []string
	p := []byte(id)
	c := f.links.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p) && (len(k) == len(p) || k[len(p)] == 0); k, v = c.Next() {
		l, err := decodeLink(v)
		if err != nil {
			return errUnsure // the whole relink writes it again
		}
		ids = append(ids, l.into)
	}
	if v := f.linked.Get(p); v != nil {
		vw, err := decodeView(v)
		if err != nil {
			return errUnsure
		}
		for _, m := range vw.incoming {
			from, _, _ := strings.Cut(m, "\x00")
			ids = append(ids, from)
		}
	}
	if v := f.possible.Get(p); v != nil {
		cs, err := decodePossible(v)
		if err != nil {
			return errUnsure
		}
		for _, c := range cs {
			ids = append(ids, c.From, c.To)
		}
	}
	for _, id := range ids {
		if err := f.add(id); err != nil {
			return err
		}
	}
	return nil
}

// xrefs adds the strikes x cites, and those that cite x.
func (f *dayFinder) xrefs(x *model.LinkKey) error {
	for _, cite := range x.Cites() {
		// "dataset\x00code\x00citing dataset\x00cited dataset as named"
		parts := strings.SplitN(cite, "\x00", 3)
		if len(parts) < 2 || parts[1] == "" {
			continue
		}
		ids, err := f.coded(parts[0], parts[1])
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := f.add(id); err != nil {
				return err
			}
		}
	}
	for _, ds := range x.Datasets {
		for _, code := range x.Codes() {
			if err := f.citing(ds, code); err != nil {
				return err
			}
		}
	}
	return nil
}

// coded returns the strikes a citation of code in the dataset ds (folded)
// may name, as model.Link resolves it: those holding the code, a code
// split from it (code+"a"), or the code it was split from.
func (f *dayFinder) coded(ds, code string) ([]string, error) {
	m, ok := f.codes[ds]
	if !ok {
		var err error
		if m, err = f.readCodes(ds); err != nil {
			return nil, err
		}
		f.codes[ds] = m
	}
	out := slices.Clone(m[code])
	for l := byte('a'); l <= 'h'; l++ {
		out = append(out, m[code+string(l)]...)
	}
	if last := code[len(code)-1]; last >= 'a' && last <= 'z' {
		out = append(out, m[code[:len(code)-1]]...)
	}
	return out, nil
}

// readCodes reads the codes of every strike of the datasets whose folded
// name is ds, through the dataset index.
func (f *dayFinder) readCodes(ds string) (map[string][]string, error) {
	if err := f.readNames(); err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, name := range f.names {
		if model.Fold(name) != ds {
			continue
		}
		prefix := datasetPrefix(name)
		c := f.byDS.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if err := f.spend(1); err != nil {
				return nil, err
			}
			id := k[len(prefix):]
			rec := f.strikes.Get(id)
			if rec == nil {
				continue
			}
			codes, err := decodeCodes(rec)
			if err != nil {
				return nil, damaged(err, "strike %s", id)
			}
			for _, code := range codes {
				m[code] = append(m[code], string(id))
			}
		}
	}
	return m, nil
}

// readNames reads the names of the dataset index's datasets, once.
func (f *dayFinder) readNames() error {
	if f.names != nil {
		return nil
	}
	f.names = []string{}
	c := f.byDS.Cursor()
	for k, _ := c.First(); k != nil; {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return errUnsure // damaged; the whole relink reads the records
		}
		f.names = append(f.names, string(k[:i]))
		k, _ = c.Seek(append([]byte(string(k[:i])), 1))
	}
	return nil
}

// citing adds the strikes that cite code of the dataset ds (folded), or a
// code that resolves to it: one it was split from or into.
func (f *dayFinder) citing(ds, code string) error {
	prefixes := [][]byte{citeKey(ds, code, "")[:2+len(ds)+len(code)]}
	if last := code[len(code)-1]; last >= 'a' && last <= 'z' {
		prefixes = append(prefixes, citeKey(ds, code[:len(code)-1], ""))
	}
	var ids []string
	c := f.idx.Cursor()
	for _, p := range prefixes {
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			if i := bytes.LastIndexByte(k, 0); i >= 0 {
				ids = append(ids, string(k[i+1:]))
			}
		}
	}
	for _, id := range ids {
		if err := f.add(id); err != nil {
			return err
		}
	}
	return nil
}

// matches adds every strike that model.Matches one of xs: the strikes
// whose spans meet a day of x's span or a day either side of it. A
// strike's date and place (peek) are read first: only one they let match
// is read whole.
func (f *dayFinder) matches(all []*model.LinkKey) error {
	var xs []*model.LinkKey // those whose days are read
	var add []string
	for _, x := range all {
		if !model.Linkable(x.Date) {
			continue
		}
		others, ok, err := f.others(x)
		if err != nil {
			return err
		}
		if !ok {
			xs = append(xs, x)
			continue
		}
		// Few strikes are of other datasets than x's: read those.
		for _, id := range others {
			y, ok, err := f.peek(id)
			if err != nil {
				return err
			}
			if !ok || y.ID == x.ID || f.isMember(y.ID) || !model.Matches(x, y) {
				continue
			}
			i, ok, err := f.load(y.ID)
			if err != nil {
				return err
			}
			if ok && model.Matches(x, f.keys[i]) {
				add = append(add, y.ID)
			}
		}
	}
	// The days x spans, and for a day-precise day its slips: the day
	// before and after, where only strikes of x's place key can match.
	type window struct{ lo, hi model.Day }
	var ws []window
	slips := map[model.Day]map[string]bool{}
	for _, x := range xs {
		ws = append(ws, window{x.Date.Start, x.Date.End})
		if d := x.Date; d.Precision == model.PrecDay && d.Start == d.End && x.PlaceKey != "" {
			for _, day := range [...]model.Day{d.Start - 1, d.Start + 1} {
				if slips[day] == nil {
					slips[day] = map[string]bool{}
				}
				slips[day][x.PlaceKey] = true
			}
		}
	}
	if len(ws) == 0 {
		return f.addAll(add)
	}
	slices.SortFunc(ws, func(a, b window) int { return cmp.Compare(a.lo, b.lo) })
	merged := ws[:1]
	for _, w := range ws[1:] {
		if last := &merged[len(merged)-1]; w.lo <= last.hi+1 {
			last.hi = max(last.hi, w.hi)
		} else {
			merged = append(merged, w)
		}
	}
	// The strikes of the windows' days, by day.
	byDay := map[model.Day][]*model.LinkKey{}
	for _, w := range merged {
		ids, err := f.meeting(w.lo, w.hi)
		if err != nil {
			return err
		}
		slices.Sort(ids) // read in the records' order
		for _, id := range ids {
			k, ok, err := f.peek(id)
			if err != nil {
				return err
			}
			if !ok || !model.Linkable(k.Date) {
				continue
			}
			for day := max(k.Date.Start, w.lo); day <= min(k.Date.End, w.hi); day++ {
				byDay[day] = append(byDay[day], k)
			}
		}
	}
	for day, places := range slips {
		if slices.ContainsFunc(merged, func(w window) bool { return w.lo <= day && day <= w.hi }) {
			continue // read whole above
		}
		ids, err := f.slipping(day, places)
		if err != nil {
			return err
		}
		for _, id := range ids {
			k, ok, err := f.peek(id)
			if err != nil {
				return err
			}
			if ok && model.Linkable(k.Date) && k.Date.Start <= day && day <= k.Date.End {
				byDay[day] = append(byDay[day], k)
			}
		}
	}
	for _, x := range xs {
		seen := map[*model.LinkKey]bool{}
		for day := x.Date.Start - 1; day <= x.Date.End+1; day++ {
			for _, y := range byDay[day] {
				if seen[y] || y.ID == x.ID || f.isMember(y.ID) {
					continue
				}
				seen[y] = true
				if !model.Matches(x, y) {
					continue
				}
				i, ok, err := f.load(y.ID) // the whole key, when y was a peek
				if err != nil {
					return err
				}
				if ok && model.Matches(x, f.keys[i]) {
					add = append(add, y.ID)
				}
			}
		}
	}
	return f.addAll(add)
}

// addAll adds the strikes ids to the set.
func (f *dayFinder) addAll(ids []string) error {
	for _, id := range ids {
		if err := f.add(id); err != nil {
			return err
		}
	}
	return nil
}
