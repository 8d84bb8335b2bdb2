package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
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
func (c *changeSet) note(id []byte, old *model.Strike) {
	if c.overflow {
		return // a big import: not a string made of each of its IDs
	}
	if len(c.ids) == maxChanges {
		*c = changeSet{overflow: true, budget: c.budget}
		return
	}
	c.ids = append(c.ids, string(id))
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
