package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The relink of an import's days: an import that adds, changes or deletes
// a few strikes relinks the strikes those can touch, not the whole store,
// and the overlay and the list come out as the whole relink's would
// (TestRelinkDays compares them after every step of many imports).
//
// model.Link decides a strike's links and possible links from the pairs
// the rule matches (model.Matches: strikes of days at most one apart),
// the citations between strikes (resolved among every strike holding a
// cited code) and people's decisions, and from nothing else. So a set of
// strikes none of which matches, cites or is cited by a strike outside
// it links alone as it links in the whole store. relinkDays grows such a
// set from the changes: the changed strikes as they are now and as they
// were, then every strike that matches one of the set (read from the
// days its span covers, a day either side: the list keeps strikes by
// their first day, the relink index (index.go) those of several days,
// and the links bucket names the strikes shown under another; or, for a
// strike of a big dataset, from the few strikes of other datasets), that
// one of the set cites or that cites one (the relink index again), and
// the strikes the old overlay ties to one of the set, until nothing is
// added. Only that set is linked, and only its
// strikes' entries of the overlay are rewritten. A strike outside it
// matched none of the changed strikes before nor after, so its links
// stand.
//
// It gives up, and the whole relink runs, where it cannot be sure: a
// change that touches a person's decision, an overlay of another
// OverlayVersion or without its list, a store without the relink index,
// or a set that grows past a share of the store (maxDaysShare).

// maxChanges is how many changed strikes an import notes for relinkDays;
// one that changes more relinks the whole store.
const maxChanges = 20_000

// maxDaysShare bounds the records relinkDays reads (for their dates and
// places, their link keys or their codes; a record read twice counts
// twice), as a share of the store's strikes: it reads them one
// by one, all over the file, several times slower a record than the
// whole relink, which walks them in order; past an eighth of the store
// the whole relink is about as cheap.
const maxDaysShare = 8

// minDaysBudget is the least number of records relinkDays may read,
// whatever the store's size.
const minDaysBudget = 4096

// changeSet is what an import changed, for relinkDays.
type changeSet struct {
	ids []string // added, changed or deleted
	// old are the link keys of the changed and deleted strikes as they
	// were; reports the IDs of their reports.
	old      []model.LinkKey
	reports  map[string]bool
	overflow bool // more than maxChanges
	// budget, when positive, replaces the bound of maxDaysShare (the
	// tests relink the days of a small store's large imports).
	budget int
}

// note notes that the strike id was added (old is nil), changed or
// deleted.
func (c *changeSet) note(id string, old *model.Strike) {
	if c.overflow {
		return
	}
	if len(c.ids) == maxChanges {
		*c = changeSet{overflow: true, budget: c.budget}
		return
	}
	c.ids = append(c.ids, id)
	if old == nil {
		return
	}
	c.old = append(c.old, model.LinkKeyOf(old))
	if c.reports == nil {
		c.reports = map[string]bool{}
	}
	for i := range old.Reports {
		c.reports[old.Reports[i].ID] = true
	}
}

// errUnsure stops relinkDays for the whole relink.
var errUnsure = errors.New("the relink of the days is unsure")

// relinkDays relinks the strikes an import's changes can touch, and says
// false (having written nothing) when the whole relink must run instead.
// decided are the stored decisions; refresh as for relink.
func relinkDays(ctx context.Context, tx *bolt.Tx, ch *changeSet, decided map[string]model.Decision, refresh map[string]bool) (LinkStats, bool, error) {
	start := time.Now()
	if ch == nil || ch.overflow || len(ch.ids) == 0 {
		return LinkStats{}, false, nil
	}
	if v, _ := getUint64(tx.Bucket(bucketMeta).Get(metaOverlay)); v != OverlayVersion || !listed(tx) {
		return LinkStats{}, false, nil
	}
	for _, name := range [][]byte{bucketRelink, bucketLinks, bucketLinked, bucketPossible} {
		if tx.Bucket(name) == nil {
			return LinkStats{}, false, nil
		}
	}
	budget := max(minDaysBudget, readCounts(tx).Strikes/maxDaysShare)
	if ch.budget > 0 {
		budget = ch.budget
	}
	f := newDayFinder(tx, decided, budget)
	for r := range ch.reports {
		if f.decReports[r] {
			return LinkStats{}, false, nil // a decided report moved
		}
	}
	for _, id := range ch.ids {
		if f.decStrikes[id] {
			return LinkStats{}, false, nil // a strike a decision names: the whole relink applies them
		}
	}
	err := f.grow(ctx, ch)
	if errors.Is(err, errUnsure) {
		return LinkStats{}, false, nil
	}
	if err != nil {
		return LinkStats{}, false, err
	}
	in := f.input()
	plan := model.Link(in.keys, nil)
	if err := ctx.Err(); err != nil {
		return LinkStats{}, false, err
	}
	if err := rejectPossible(tx, nil, &plan); err != nil {
		return LinkStats{}, false, err
	}
	views, err := buildViews(newViewSource(tx, in, plan.Links), plan.Links)
	if err != nil {
		return LinkStats{}, false, err
	}

	// The strikes whose entries are rewritten: the set, and the strikes
	// the import deleted.
	owned := make([]string, 0, len(in.keys)+len(ch.ids))
	for i := range in.keys {
		owned = append(owned, in.keys[i].ID)
	}
	for _, id := range ch.ids {
		if !f.has(id) {
			owned = append(owned, id)
		}
	}
	slices.Sort(owned)
	owned = slices.Compact(owned)
	links := make([]entry, len(plan.Links))
	for i := range plan.Links {
		links[i] = entry{linkKey(&plan.Links[i]), encodeLink(&plan.Links[i])}
	}
	possible, err := possibleEntries(plan.Possible)
	if err != nil {
		return LinkStats{}, false, err
	}
	var changed [][]byte
	for _, w := range []struct {
		name    []byte
		entries []entry
	}{{bucketLinks, links}, {bucketPossible, possible}, {bucketLinked, views}} {
		c, err := syncOwned(tx, w.name, w.entries, owned)
		if err != nil {
			return LinkStats{}, false, err
		}
		changed = append(changed, c...)
	}
	into := map[string]string{}
	for i := range plan.Links {
		if l := &plan.Links[i]; l.Report == "" {
			into[l.From] = l.Into
		}
	}
	if err := updateList(tx, changed, into, refresh); err != nil {
		return LinkStats{}, false, err
	}
	st := LinkStats{Possible: len(plan.Possible), Partial: true, Strikes: len(in.keys)}
	c := tx.Bucket(bucketLinks).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if bytes.IndexByte(k, 0) >= 0 {
			st.Manual++
		} else {
			st.Links++
		}
	}
	st.Took = time.Since(start)
	return st, true, nil
}

// syncOwned makes the bucket's entries of the strikes owned (sorted; an
// entry is a strike's when its key is the strike's ID, or that ID, 0x00
// and more) exactly entries, touching only what differs. It returns the
// keys it wrote or deleted.
func syncOwned(tx *bolt.Tx, name []byte, entries []entry, owned []string) ([][]byte, error) {
	b := tx.Bucket(name)
	want := make(map[string][]byte, len(entries))
	for _, e := range entries {
		id := e.k
		if i := bytes.IndexByte(id, 0); i >= 0 {
			id = id[:i]
		}
		if _, ok := slices.BinarySearch(owned, string(id)); !ok {
			return nil, storeErr(ErrCorrupt, nil, "the relink of the import's days linked strike %s, which it did not read; run strikes link --rebuild", id)
		}
		want[string(e.k)] = e.v
	}
	have := map[string][]byte{}
	c := b.Cursor()
	for _, id := range owned {
		p := []byte(id)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p) && (len(k) == len(p) || k[len(p)] == 0); k, v = c.Next() {
			have[string(k)] = bytes.Clone(v)
		}
	}
	var changed [][]byte
	for k := range have {
		if _, ok := want[k]; !ok {
			if err := b.Delete([]byte(k)); err != nil {
				return nil, err
			}
			changed = append(changed, []byte(k))
		}
	}
	slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
	for _, e := range entries {
		if v, ok := have[string(e.k)]; ok && bytes.Equal(v, e.v) {
			continue
		}
		if err := b.Put(e.k, e.v); err != nil {
			return nil, err
		}
		changed = append(changed, e.k)
	}
	return changed, nil
}

// dayFinder grows the set of strikes relinkDays links, reading each
// strike it looks at once.
type dayFinder struct {
	tx                             *bolt.Tx
	strikes, sums, list, idx, byDS *bolt.Bucket
	links, linked, possible        *bolt.Bucket
	decReports, decStrikes         map[string]bool // what people's decisions name
	decided                        bool            // there are decisions
	budget, spent                  int             // see maxDaysShare

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
	f := &dayFinder{tx: tx, strikes: tx.Bucket(bucketStrikes), sums: tx.Bucket(bucketSummaries),
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

// maxOthers is how many strikes of other datasets than a strike's
// matches reads instead of the strike's days.
const maxOthers = 16384

// others lists every strike that may have no dataset in common with x
// (those with a report of another dataset, and those of none), when there
// are at most maxOthers: a strike of a big dataset can only match those,
// and reading them is cheaper than reading its days.
func (f *dayFinder) others(x *model.LinkKey) ([]string, bool, error) {
	if len(x.Datasets) == 0 {
		return nil, false, nil
	}
	sig := strings.Join(x.Datasets, "\x00")
	if ids, ok := f.otherIDs[sig]; ok {
		return ids, ids != nil, nil
	}
	if err := f.readNames(); err != nil {
		return nil, false, err
	}
	ids := []string{}
	c := f.idx.Cursor()
	for k, _ := c.Seek([]byte{relinkKeyless}); k != nil && len(k) > 1 && k[0] == relinkKeyless; k, _ = c.Next() {
		ids = append(ids, string(k[1:]))
	}
	c = f.byDS.Cursor()
	for _, name := range f.names {
		if slices.Contains(x.Datasets, model.Fold(name)) {
			continue
		}
		prefix := datasetPrefix(name)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(ids) <= maxOthers; k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
	}
	if len(ids) > maxOthers {
		ids = nil
	}
	f.otherIDs[sig] = ids
	return ids, ids != nil, nil
}

// peek is the strike id's link key as far as its date and place make it
// (whole when the strike was read whole): model.Matches of a peek is
// true whenever that of the whole key is. ok is false when the store
// holds no such strike.
func (f *dayFinder) peek(id string) (*model.LinkKey, bool, error) {
	if i, ok := f.at[id]; ok {
		if i < 0 {
			return nil, false, nil
		}
		return f.keys[i], true, nil
	}
	if k, ok := f.peeks[id]; ok {
		return k, true, nil
	}
	rec := f.strikes.Get([]byte(id))
	if rec == nil {
		f.at[id] = -1
		return nil, false, nil
	}
	if err := f.spend(1); err != nil {
		return nil, false, err
	}
	d, p, err := decodeDatePlace(rec)
	if err != nil {
		return nil, false, damaged(err, "strike %s", id)
	}
	k := f.mk.Of(&model.Strike{ID: id, Date: d, Place: p})
	f.peeks[id] = &k
	return &k, true, nil
}

// isMember says whether the strike id is in the set.
func (f *dayFinder) isMember(id string) bool {
	i, ok := f.at[id]
	return ok && i >= 0 && f.member[i]
}

// meeting lists the strikes whose spans meet a day of lo to hi (and a
// few more): those the list holds whose first day is one of them (the
// list is keyed by first days, newest first), those of several days that
// begin before (the relink index's), and those shown under another
// strike (the links bucket's).
func (f *dayFinder) meeting(lo, hi model.Day) ([]string, error) {
	var ids []string
	from, to := listDay(hi), listDay(lo)
	c := f.list.Cursor()
	for k, _ := c.Seek(from[:]); k != nil && len(k) > 4 && bytes.Compare(k[:4], to[:]) <= 0; k, _ = c.Next() {
		ids = append(ids, string(k[4:]))
	}
	var first [5]byte
	first[0] = relinkWide
	binary.BigEndian.PutUint32(first[1:], relinkDay(lo-(model.MaxLinkSpanDays-1)))
	c = f.idx.Cursor()
	for k, _ := c.Seek(first[:]); k != nil && len(k) > 9 && k[0] == relinkWide; k, _ = c.Next() {
		if binary.BigEndian.Uint32(k[1:]) > relinkDay(hi) {
			break
		}
		if binary.BigEndian.Uint32(k[5:]) >= relinkDay(lo) {
			ids = append(ids, string(k[9:]))
		}
	}
	if err := f.readHidden(); err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(f.hidden, lo-(model.MaxLinkSpanDays-1), func(d dated, day model.Day) int { return cmp.Compare(d.date.Start, day) })
	for ; i < len(f.hidden) && f.hidden[i].date.Start <= hi; i++ {
		if f.hidden[i].date.End >= lo {
			ids = append(ids, f.hidden[i].id)
		}
	}
	return ids, nil
}

// slipping lists the strikes of one day (by their first) that may have
// one of the place keys places: the list's entries tell the place key of
// a strike shown as itself without its record being read.
func (f *dayFinder) slipping(day model.Day, places map[string]bool) ([]string, error) {
	var ids []string
	at := listDay(day)
	c := f.list.Cursor()
	for k, v := c.Seek(at[:]); k != nil && len(k) > 4 && bytes.Equal(k[:4], at[:]); k, v = c.Next() {
		id := k[4:]
		if _, read := f.at[string(id)]; !read && f.linked.Get(id) == nil {
			if key, err := listPlaceKey(v); err == nil && !places[key] {
				continue
			}
		}
		ids = append(ids, string(id))
	}
	if err := f.readHidden(); err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(f.hidden, day, func(d dated, day model.Day) int { return cmp.Compare(d.date.Start, day) })
	for ; i < len(f.hidden) && f.hidden[i].date.Start == day; i++ {
		ids = append(ids, f.hidden[i].id)
	}
	return ids, nil
}

// listPlaceKey reads the place key of the summary a list record holds.
func listPlaceKey(rec []byte) (string, error) {
	body, err := unseal(rec, listRecordVersion)
	if err != nil {
		return "", err
	}
	r := &reader{b: body}
	r.count32() // possible links
	if r.err != nil {
		return "", r.err
	}
	sum, err := unseal(r.b, summaryRecordVersion)
	if err != nil {
		return "", err
	}
	r = &reader{b: sum}
	r.date()
	r.bytes() // the place's name
	r.bytes() // in Arabic
	key := r.str()
	return key, r.err
}

// listDay is the first four bytes of the list key of a strike whose first
// day is d (listKey).
func listDay(d model.Day) [4]byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(int64(math.MaxInt32)-int64(d)))
	return b
}

// readHidden reads the first days of the strikes the list may lack: every
// strike the links bucket moves (a strike shown under another, a home a
// person moved reports out of).
func (f *dayFinder) readHidden() error {
	if f.hiddenRead {
		return nil
	}
	f.hiddenRead = true
	c := f.links.Cursor()
	var prev []byte
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		id := k
		if i := bytes.IndexByte(k, 0); i >= 0 {
			id = k[:i]
		}
		if bytes.Equal(id, prev) {
			continue
		}
		prev = id
		rec := f.sums.Get(id)
		if rec == nil {
			continue // deleted by this import
		}
		d, err := summaryDate(rec)
		if err != nil {
			return errUnsure // the whole relink reads the records
		}
		if model.Linkable(d) {
			f.hidden = append(f.hidden, dated{d, string(id)})
		}
	}
	slices.SortFunc(f.hidden, func(a, b dated) int { return cmp.Compare(a.date.Start, b.date.Start) })
	return nil
}

// input is the set, in ID order, as the first pass of a whole relink
// reads it (linkInput).
func (f *dayFinder) input() *linkInput {
	var order []int32
	for i, m := range f.member {
		if m {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(f.keys[a].ID, f.keys[b].ID) })
	in := f.li
	in.keys = make([]model.LinkKey, len(order))
	in.recs = make([][]byte, len(order))
	in.atts = make([]uint32, len(order))
	for j, i := range order {
		in.keys[j], in.recs[j], in.atts[j] = *f.keys[i], f.recs[i], f.atts[i]
	}
	return in
}
