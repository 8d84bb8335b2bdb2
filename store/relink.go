package store

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The relink: read every strike's link key (relink_scan.go), run the
// linker (model.Link) over them with people's decisions, and rewrite the
// overlay (overlay_write.go) with the merged summaries of the strikes the
// links change (relink_views.go). It runs inside every import's write and
// on demand (link.go); an import that changed a few strikes relinks only
// the strikes those can touch (relink_days.go).

// viewBuilds counts the merged-summary builds in flight: none may outlive
// the relink that started it (TestRelinkWaitsOnDamage).
var viewBuilds atomic.Int32

// relink reads every strike, stores req's decision (if any), runs the
// linker, rewrites the overlay and corrects the list (list.go). It must
// run in a write transaction before anything else in it writes the
// overlay buckets. keyed says the caller knows that every stored strike
// has a dataset index key; refresh names strikes whose list entries must
// be written again whatever the overlay says (an import's changed strikes
// that had a part in the links). changes, when not nil, are an import's:
// the relink is of their days only when it can be (relinkDays). rebuild
// makes the relink index again from the records (strikes link --rebuild);
// every write keeps it otherwise, an import strike by strike.
func relink(ctx context.Context, tx *bolt.Tx, req *decideReq, keyed bool, refresh map[string]bool, changes *changeSet, rebuild bool) (LinkStats, error) {
	start := time.Now()
	if err := upgrade(tx); err != nil {
		return LinkStats{}, err
	}
	decided := map[string]model.Decision{}
	if b := tx.Bucket(bucketDecisions); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			d, err := decodeDecision(k, v)
			if err != nil {
				return damaged(err, "decision on report %s", k)
			}
			decided[d.Report] = d
			return nil
		})
		if err != nil {
			return LinkStats{}, err
		}
	}
	if req == nil && changes != nil {
		st, ok, err := relinkDays(ctx, tx, changes, decided, refresh)
		if err != nil || ok {
			return st, err
		}
	}
	var reqReports []string
	if req.decides() {
		var err error
		if reqReports, err = req.reports(tx.Bucket(bucketStrikes)); err != nil {
			return LinkStats{}, err
		}
		reqReports = append(reqReports, req.movedWith(decided)...)
		for _, r := range reqReports {
			if _, ok := decided[r]; !ok {
				decided[r] = model.Decision{Report: r}
			}
		}
	}
	if len(decided) == 0 && oneDataset(tx, keyed) {
		// No two strikes can link: write the empty overlay without
		// reading a record (a store of one big dataset imports fast).
		changed, err := writeOverlay(tx, &model.LinkPlan{}, nil)
		if err != nil {
			return LinkStats{}, err
		}
		if rebuild {
			// The relink index is made again too, which the other path
			// does from the records it reads. (An import into an empty
			// store, which also relinks the whole store, kept it as it
			// wrote: making it again was 9% of a 1M import's CPU.)
			if err := tx.DeleteBucket(bucketRelink); err != nil && tx.Bucket(bucketRelink) != nil {
				return LinkStats{}, err
			}
			if err := buildRelinkIndex(tx); err != nil {
				return LinkStats{}, err
			}
		}
		if err := updateList(tx, changed, nil, refresh); err != nil {
			return LinkStats{}, err
		}
		if err := tx.Bucket(bucketMeta).Put(metaOverlay, putUint64(OverlayVersion)); err != nil {
			return LinkStats{}, err
		}
		return LinkStats{Took: time.Since(start)}, nil
	}
	strikes := tx.Bucket(bucketStrikes)
	in, err := linkKeys(ctx, strikes, readCounts(tx).Strikes, decided)
	if err != nil {
		return LinkStats{}, err
	}
	keys, home := in.keys, in.home
	if tx.Bucket(bucketRelink) != nil {
		idx := make([]entry, len(in.relinkIdx))
		for i, k := range in.relinkIdx {
			idx[i] = entry{k, []byte{}}
		}
		if _, err := syncBucket(tx, bucketRelink, idx); err != nil {
			return LinkStats{}, err
		}
	}
	if req.decides() {
		if req.into != "" && strikes.Get([]byte(req.into)) == nil {
			return LinkStats{}, storeErr(ErrNotFound, nil, "no strike with ID %s", req.into)
		}
		b, err := tx.CreateBucketIfNotExists(bucketDecisions)
		if err != nil {
			return LinkStats{}, err
		}
		for _, r := range reqReports {
			h, ok := home[r]
			if !ok {
				return LinkStats{}, storeErr(ErrNotFound, nil, "no report with ID %s", r)
			}
			d := model.Decision{Report: r, Home: h, Into: req.into}
			if d.Into == h {
				d.Into = ""
			}
			if err := b.Put([]byte(d.Report), encodeDecision(&d)); err != nil {
				return LinkStats{}, err
			}
			decided[d.Report] = d
		}
	}
	// Apply the decisions to the records as they are now: a report
	// re-imported under another strike is decided on there; a decision
	// on a report or into a strike no longer stored waits, unapplied.
	var decisions []model.Decision
	for _, d := range decided {
		h, ok := home[d.Report]
		if !ok {
			continue
		}
		d.Home = h
		if d.Into != "" && d.Into != h && strikes.Get([]byte(d.Into)) == nil {
			continue
		}
		decisions = append(decisions, d)
	}
	slices.SortFunc(decisions, func(x, y model.Decision) int { return cmp.Compare(x.Report, y.Report) })
	if err := ctx.Err(); err != nil {
		return LinkStats{}, err
	}
	plan := model.Link(keys, decisions)
	if err := ctx.Err(); err != nil {
		return LinkStats{}, err
	}
	if err := rejectPossible(tx, req, &plan); err != nil {
		return LinkStats{}, err
	}
	src := newViewSource(tx, in, plan.Links)
	// The merged summaries are made on every CPU while this goroutine
	// writes the links and the possible links: the two only read the
	// same memory (the plan, and records that no write in this
	// transaction moves: bbolt remaps only when it commits).
	type built struct {
		views []entry
		err   error
	}
	done := make(chan built, 1)
	viewBuilds.Add(1)
	go func() {
		v, err := buildViews(src, plan.Links)
		viewBuilds.Add(-1)
		done <- built{v, err}
	}()
	// Wait for the workers whatever happens, a panic of bbolt's on a
	// damaged page included: the records they read must not outlive the
	// transaction.
	var b built
	wait := sync.OnceFunc(func() { b = <-done })
	defer wait()
	changed, werr := writePlan(tx, &plan)
	wait()
	if werr != nil {
		return LinkStats{}, werr
	}
	if b.err != nil {
		return LinkStats{}, b.err
	}
	st := LinkStats{Possible: len(plan.Possible)}
	for _, l := range plan.Links {
		if l.Manual {
			st.Manual++
		} else {
			st.Links++
		}
	}
	more, err := writeViews(tx, b.views)
	if err != nil {
		return LinkStats{}, err
	}
	into := map[string]string{}
	for i := range plan.Links {
		if l := &plan.Links[i]; l.Report == "" {
			into[l.From] = l.Into
		}
	}
	if err := updateList(tx, append(changed, more...), into, refresh); err != nil {
		return LinkStats{}, err
	}
	if err := tx.Bucket(bucketMeta).Put(metaOverlay, putUint64(OverlayVersion)); err != nil {
		return LinkStats{}, err
	}
	st.Took = time.Since(start)
	return st, nil
}

// oneDataset says whether every stored strike comes from one and the
// same dataset, as the dataset index and the stored count say (or, when
// keyed, the index alone): then, as strikes of one dataset never link,
// the linker has nothing to do.
func oneDataset(tx *bolt.Tx, keyed bool) bool {
	n := readCounts(tx).Strikes
	c := tx.Bucket(bucketByDataset).Cursor()
	k, _ := c.First()
	if k == nil {
		return n == 0
	}
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return false // damaged; let the full relink read the records
	}
	// Every key of another dataset sorts at or after term+0x01.
	if other, _ := c.Seek(append(slices.Clip(k[:i]), 1)); other != nil {
		return false
	}
	if keyed {
		return true // counting would read every page of the index
	}
	// Count by cursor: Stats would miss this transaction's own writes.
	var d boltfile.Dropper
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if n--; n%scanDropEvery == 0 {
			d.Check(tx.DB())
		}
	}
	return n == 0
}

// rejectPossible stores req's rejection (or, for a strike linked by hand,
// takes back the rejection of that pair) and leaves out of the plan's
// possible links every pair people rejected.
func rejectPossible(tx *bolt.Tx, req *decideReq, plan *model.LinkPlan) error {
	if req != nil && (req.reject[0] != "" || req.strike != "") {
		b, err := tx.CreateBucketIfNotExists(bucketRejected)
		if err != nil {
			return err
		}
		if req.reject[0] != "" {
			strikes := tx.Bucket(bucketStrikes)
			for _, id := range req.reject {
				if strikes.Get([]byte(id)) == nil {
					return storeErr(ErrNotFound, nil, "no strike with ID %s", id)
				}
			}
			if err := b.Put(rejectedKey(req.reject[0], req.reject[1]), seal([]byte{rejectedRecordVersion})); err != nil {
				return err
			}
		} else if err := b.Delete(rejectedKey(req.strike, req.into)); err != nil {
			return err
		}
	}
	rejected, err := readRejected(tx)
	if err != nil || len(rejected) == 0 {
		return err
	}
	plan.Possible = slices.DeleteFunc(plan.Possible, func(c model.LinkCandidate) bool {
		a, b := c.From, c.To
		if b < a {
			a, b = b, a
		}
		return rejected[[2]string{a, b}]
	})
	return nil
}

// updateList corrects the list after the overlay was written: the entries
// of the strikes whose part in the links changed (the keys written or
// deleted, and the strikes those are shown under, by into) and of
// refresh; or every entry, when the store had no list yet.
func updateList(tx *bolt.Tx, changed [][]byte, into map[string]string, refresh map[string]bool) error {
	if !listed(tx) {
		if listState(tx) == listDeferred {
			return nil // the import writing this copy builds it next (buildList)
		}
		if err := rebuildList(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaListed, putUint64(1))
	}
	ids := overlayChanged(tx, changed, into)
	for id := range refresh {
		ids[id] = true
	}
	return refreshList(tx, ids)
}
