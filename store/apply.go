package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The applier: writes an import's strikes batch after batch (records,
// summaries, dataset index), finds the dataset's strikes the import no
// longer holds, and in the last transaction relinks and records the
// dataset (import.go drives it).

// errNoChange rolls back an in-place transaction that changed nothing.
var errNoChange = errors.New("nothing changed")

// applier applies strikes to a store, batch after batch, and keeps what
// the final transaction needs.
type applier struct {
	ctx context.Context
	ds  *Dataset // nil for PutStrikes
	// cur is putBatch's cursor of the strikes bucket, which putPrepared
	// looks a strike up with (nil: with Get).
	cur *bolt.Cursor
	// dict is the dictionary the import trained for its dataset, which
	// its first write keeps (compress_store.go).
	dict *storeDict
	// The IDs the import has seen, to tell an ID's second appearance
	// and to find the dataset's strikes the import misses. In place (one
	// batch), seen holds them all. An update of a dataset on a copy keeps
	// them on disk (onDisk). An import of a dataset new to the
	// store, on a copy, misses nothing and keeps only the few IDs it found
	// already stored (other datasets' strikes it replaces), in stored: a
	// strike found in the copy that was not in the store before is one
	// this import put, so its ID appears twice. Either way a large
	// import's memory does not grow with its file.
	seen   idSet
	onDisk *boltfile.Set // an update on a copy: the IDs seen, on disk (PATH.tmp-import.seen)
	// spool keeps the own summaries of an import into an empty store,
	// on a copy, for the list's build (spool.go); spoolSums says the
	// reader makes them.
	spool     *sumSpool
	spoolSums bool
	stored    idSet
	wasIn     func(key []byte) (bool, error) // the store before the import holds key; nil when in place
	began     bool                           // the first batch was put
	had       bool                           // the store held strikes of the dataset before
	empty     bool                           // the store held no strike before
	keyless   int                            // strikes put without a dataset index key
	drop      boltfile.Dropper               // lets go of the store's pages read
	unlimit   func()                         // lifts the memory limit of the streaming import
	settled   bool                           // findMissing ran
	missing   []string                       // the dataset's strikes the import did not hold
	stats     ImportStats
	strikes   int // strikes seen
	reports   int // reports seen
	deleted   int
	dStrikes  int // change in the stored counts
	dReports  int
	// pending holds the dataset index keys of added strikes, to be
	// written sorted by flush: inserting them in key order touches each
	// index page once instead of once per transaction. It is flushed when
	// it holds maxPending keys, so an import's memory stays bounded.
	pending [][]byte
	// touched are the datasets whose strikes the import added, changed
	// or deleted: their records' Held is counted again at the end.
	touched map[string]bool
	// heldBefore is how many strikes of its dataset the store held before
	// the import (counted by findMissing).
	heldBefore int
	// bulkList says the list is built whole at the end (rebuildList)
	// instead of entry by entry.
	bulkList bool
	// flushed says flush has run; denseIndex that the dataset index was
	// empty when it first did, so that its pages are written full.
	flushed, denseIndex bool
	// copy says the import writes a copy of the store (updateCopy), which
	// may take several transactions: the list is built in chunks after
	// the relink (buildList).
	copy bool
	// refresh are the strikes the import changed or deleted that had a
	// part in the links before it: the relink writes their list entries
	// again, with its own (list.go).
	refresh map[string]bool
	// changes are the strikes the import added, changed or deleted, for
	// the relink of their days only (relink_days.go).
	changes changeSet
	// whole makes the relink a whole one (tests compare the two);
	// linked is what the relink did.
	whole  bool
	linked LinkStats
}

// hadLinks notes the strike key for the relink's refresh of the list
// when the overlay gives it a part (shown under another, with strikes
// shown under it, with possible links).
func (a *applier) hadLinks(tx *bolt.Tx, key []byte) {
	for _, name := range [...][]byte{bucketLinks, bucketLinked, bucketPossible} {
		if b := tx.Bucket(name); b != nil && b.Get(key) != nil {
			if a.refresh == nil {
				a.refresh = map[string]bool{}
			}
			a.refresh[string(key)] = true
			return
		}
	}
}

// ErrOtherDataset means an import would have replaced a strike that
// another dataset holds; nothing was imported.
var ErrOtherDataset = errors.New("the strike belongs to another dataset")

// ErrDeleteRefused means an import with Replace would have deleted
// strikes and the person said no (or was not asked: Dataset.ConfirmDelete
// is nil and the import would delete most of the dataset).
var ErrDeleteRefused = errors.New("the deletions were refused")

// touch notes the datasets of index keys as touched by the import.
func (a *applier) touch(keys [][]byte) {
	for _, k := range keys {
		if name, _, ok := splitDatasetKey(k); ok {
			if a.touched == nil {
				a.touched = map[string]bool{}
			}
			if !a.touched[string(name)] {
				a.touched[string(name)] = true
			}
		}
	}
}

// ownedBy says whether the new record of a strike may replace old: every
// dataset old holds reports of must still hold them in the new one, so
// that one dataset's import never overwrites another's records. It
// returns the first dataset that would lose the strike.
func ownedBy(old *model.Strike, idx [][]byte) (string, bool) {
	for _, k := range datasetKeys(old) {
		if !containsKey(idx, k) {
			name, _, _ := splitDatasetKey(k)
			return string(name), false
		}
	}
	return "", true
}

// maxPending is how many index keys wait before they are written: a few
// MB of keys. Each flush appends them in key order, so flushing more
// often costs little and keeps an import's memory small.
const maxPending = 100_000

// idSet is the set of strike IDs an import has seen, kept as 128-bit
// hashes: a third of the memory of the strings at a million strikes. Two
// IDs of one import colliding is about as likely as n²/2¹²⁹ (3·10⁻²⁷ for
// a million), far below the odds of a disk error.
type idSet struct {
	seeds [2]maphash.Seed
	m     map[[2]uint64]struct{}
}

func newIDSet() idSet {
	return idSet{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, m: map[[2]uint64]struct{}{}}
}

func (s idSet) sum(id []byte) [2]uint64 {
	return [2]uint64{maphash.Bytes(s.seeds[0], id), maphash.Bytes(s.seeds[1], id)}
}

// add adds id, and says whether it was new.
func (s idSet) add(id []byte) bool {
	h := s.sum(id)
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

func (s idSet) has(id []byte) bool {
	_, ok := s.m[s.sum(id)]
	return ok
}

// firstTime says whether the import meets the strike ID key, found in
// the store as prev (nil when absent), for the first time.
func (a *applier) firstTime(key, prev []byte) (bool, error) {
	if a.onDisk != nil {
		return a.onDisk.Add(key)
	}
	if a.seen.m != nil {
		return a.seen.add(key), nil
	}
	if prev == nil {
		return true, nil // nothing of this import is stored under key yet
	}
	if a.stored.has(key) {
		return false, nil
	}
	before, err := a.wasIn(key)
	if err != nil || !before {
		return false, err // put by this import: a second appearance
	}
	a.stored.add(key)
	return true, nil
}

// prepared is a strike's records and index keys, encoded before the
// write transaction (by the reading goroutine during an import). It does
// not keep the strike itself: batches waiting to be written hold only
// their bytes.
type prepared struct {
	key     []byte // the strike's ID
	reports int
	rec     []byte
	sum     []byte
	list    []byte   // its list key (list.go)
	idx     [][]byte // dataset index keys
	relink  [][]byte // relink index keys
	fail    error    // a strike the store refuses (put reports it)
}

// prepare stamps a strike with the dataset's name and encodes it.
//
// withSum says whether to make the strike's own summary record (sum):
// an import that keeps the list as it goes puts it there, and one into
// an empty store spools it for the list's build (spool.go); one whose
// list is built from the records (buildList) needs none.
//
// pr holds the memory prepare reuses from one strike to the next (nil:
// none); the slices of a prepared strike come from its arenas.
func prepare(ds *Dataset, st *model.Strike, withSum bool, dict *storeDict, pr *preparer) prepared {
	switch {
	case st.ID == "":
		return prepared{fail: errors.New("a strike has no ID")}
	case len(st.ID) > maxIDLen:
		return prepared{fail: fmt.Errorf("the strike ID %.40q... is longer than %d bytes", st.ID, maxIDLen)}
	case bytes.IndexByte([]byte(st.ID), 0) >= 0:
		return prepared{fail: fmt.Errorf("the strike ID %q contains a NUL byte", st.ID)}
	}
	if ds != nil {
		for i := range st.Reports {
			if st.Reports[i].Dataset == "" {
				st.Reports[i].Dataset = ds.Name
			}
		}
	}
	var vals, idx *byteArena
	sum := new(model.Summary)
	if pr != nil {
		vals, idx, sum = &pr.vals, &pr.idx, &pr.sum
	}
	p := prepared{key: append(vals.take(len(st.ID)), st.ID...), reports: len(st.Reports),
		rec: encodeStrikeIn(st, dict, vals), list: listKeyIn(st.Date, st.ID, vals),
		idx: datasetKeysIn(st, idx), relink: relinkKeys(st)}
	if withSum {
		model.SummarizeInto(sum, st)
		p.sum = encodeSummaryIn(sum, vals)
	}
	return p
}

// preparer is the memory one goroutine's prepare calls reuse: the
// Summary each strike is summarised into, and two arenas. vals holds what the
// import is done with once its transaction commits (records, summaries,
// keys bbolt copies); idx holds the dataset index keys, which wait for
// flush, apart, so that they do not keep the records' blocks alive.
type preparer struct {
	sum       model.Summary
	vals, idx byteArena
}

func newApplier(ctx context.Context, ds *Dataset) *applier {
	return &applier{ctx: ctx, ds: ds, seen: newIDSet()}
}

func (a *applier) changed() bool {
	return a.stats.Added > 0 || a.stats.Changed > 0 || a.deleted > 0
}

// put stores one strike, its summary and its index entries.
func (a *applier) put(tx *bolt.Tx, st *model.Strike) error {
	return a.putPrepared(tx, prepare(a.ds, st, true, nil, nil))
}

// putPrepared stores a prepared strike and its summary; the index keys of
// a new strike wait in a.pending for flush.
func (a *applier) putPrepared(tx *bolt.Tx, p prepared) error {
	if p.fail != nil {
		return p.fail
	}
	strikes := tx.Bucket(bucketStrikes)
	var prev []byte
	if a.cur != nil {
		// The batch's one cursor: each Get of bbolt makes a cursor and
		// grows its stack, a few allocations a strike.
		if k, v := a.cur.Seek(p.key); bytes.Equal(k, p.key) {
			prev = v
		}
	} else {
		prev = strikes.Get(p.key)
	}
	if first, err := a.firstTime(p.key, prev); err != nil {
		return err
	} else if !first {
		return fmt.Errorf("the strike ID %s appears twice in the import", p.key)
	}
	a.strikes++
	a.reports += p.reports
	if len(p.idx) == 0 {
		a.keyless++
	}

	var old *model.Strike
	if prev != nil {
		if sameRecord(prev, p.rec) {
			a.stats.Unchanged++
			return nil
		}
		o, err := decodeStrike(prev)
		if err != nil {
			return damagedRecord(err, p.key)
		}
		if other, ok := ownedBy(&o, p.idx); !ok && a.ds != nil {
			return fmt.Errorf("%w: the strike ID %s is already held by the dataset %q, and an import may only replace its own dataset's strikes (this one is %q); to import the file beside it, give its strikes IDs of their own with --id-prefix", ErrOtherDataset, p.key, other, a.ds.Name)
		}
		old = &o
		a.changes.note(p.key, old)
		a.touch(datasetKeys(old))
		a.stats.Changed++
		a.dReports += p.reports - len(o.Reports)
	} else {
		a.stats.Added++
		a.dStrikes++
		a.dReports += p.reports
		a.changes.note(p.key, nil)
	}
	if err := strikes.Put(p.key, p.rec); err != nil {
		return err
	}
	var oldRelink [][]byte
	if old != nil {
		oldRelink = relinkKeys(old)
	}
	if err := updateRelinkIndex(tx, oldRelink, p.relink); err != nil {
		return err
	}
	if !a.empty { // into an empty store, no summary is kept of anything yet
		if err := dropOldSummary(tx, p.key); err != nil {
			return err
		}
	}
	var oldList []byte
	if old != nil {
		oldList = listKey(old.Date, old.ID)
		a.hadLinks(tx, p.key)
	}
	if a.spool != nil {
		if p.sum == nil { // cannot be: the list is made from the records instead
			a.spool.close()
			a.spool = nil
		} else if err := a.spool.add(p.list, p.sum); err != nil {
			return err
		}
	}
	if !a.bulkList {
		sum := p.sum
		if sum == nil { // prepared for a bulk list, which this import turned out not to build
			var err error
			if sum, err = summaryOfRecord(p.rec); err != nil {
				return err
			}
		}
		if err := putOwnEntry(tx, p.list, sum, oldList); err != nil {
			return err
		}
	}
	a.touch(p.idx)
	if old != nil {
		return updateDatasetIndex(tx, old, p.idx)
	}
	a.pending = append(a.pending, p.idx...)
	return nil
}

// putBatch stores a batch of prepared strikes in key order, which keeps
// the transaction's page accesses local.
func (a *applier) putBatch(tx *bolt.Tx, batch []prepared) error {
	if !a.began {
		k, _ := tx.Bucket(bucketStrikes).Cursor().First()
		a.empty = k == nil
		// Into an empty store (or one without the list yet) the list is
		// built whole at the end, in its own order (rebuildList).
		a.bulkList = a.empty || !listed(tx)
		if a.bulkList {
			state := uint64(listIncomplete)
			if a.copy {
				state = listDeferred
			}
			if err := tx.Bucket(bucketMeta).Put(metaListed, putUint64(state)); err != nil {
				return err
			}
		}
		if a.dict != nil && a.ds != nil {
			if err := putDatasetDict(tx, a.ds.Name, a.dict); err != nil {
				return err
			}
		}
		if a.ds != nil {
			prefix := datasetPrefix(a.ds.Name)
			k, _ := tx.Bucket(bucketByDataset).Cursor().Seek(prefix)
			a.had = bytes.HasPrefix(k, prefix)
		}
		if a.bulkList && a.empty && a.copy && a.spoolSums && !a.ds.DryRun {
			var err error
			if a.spool, err = createSpool(tx.DB().Path() + ".sums"); err != nil {
				return err
			}
		}
		switch {
		case a.wasIn == nil: // in place: one batch, a small set
		case !a.had:
			a.seen, a.stored = idSet{}, newIDSet()
		default:
			var err error
			path := tx.DB().Path() + ".seen"
			if a.onDisk, err = boltfile.OpenSet(path); err != nil {
				return ioErr("create", path, err)
			}
			a.seen = idSet{}
		}
		a.began = true
	}
	slices.SortStableFunc(batch, func(x, y prepared) int { return bytes.Compare(x.key, y.key) })
	fill := recordFill
	if a.empty {
		fill = 1 // nothing is there to be updated in place
	}
	tx.Bucket(bucketStrikes).FillPercent = fill
	a.cur = tx.Bucket(bucketStrikes).Cursor()
	defer func() { a.cur = nil }()
	for i, p := range batch {
		if err := a.putPrepared(tx, p); err != nil {
			return err
		}
		if i%dropEvery == dropEvery-1 {
			a.dropMapped(tx)
		}
	}
	if a.onDisk != nil {
		if err := a.onDisk.Commit(); err != nil {
			return ioErr("write", a.onDisk.Path(), err)
		}
	}
	if len(a.pending) >= maxPending {
		return a.flush(tx)
	}
	return nil
}

// dropMapped lets go of the pages the import has read through the maps
// of the store and of its set of IDs, once they hold more than maxMapped:
// an import that reads all over a big store (an update, keys that sort
// apart) drops often, one that appends rarely.
func (a *applier) dropMapped(tx *bolt.Tx) {
	if a.onDisk != nil {
		a.drop.Check(tx.DB(), a.onDisk.DB())
	} else {
		a.drop.Check(tx.DB())
	}
}

// scanDropEvery is how many keys a scan of an index reads between
// letting go of the pages it read (see dropMapped).
const scanDropEvery = 16384

// dropEvery is how many strikes a batch puts between looking at how much
// of the store's file is resident (see applier.dropMapped): 256 reads
// all over a 3 GB store map about 50 MB.
const dropEvery = 256

// recordFill is how full bbolt fills the record buckets' pages when it
// splits them. Batches arrive in key order, so pages are mostly appended
// to; bbolt's default (half full) would leave the file twice its size.
const recordFill = 0.9

// flush writes the pending dataset index keys in key order. An index that
// was empty is filled densely, as nothing will be inserted between its
// keys in this import.
func (a *applier) flush(tx *bolt.Tx) error {
	if len(a.pending) == 0 {
		return nil
	}
	slices.SortFunc(a.pending, bytes.Compare)
	b := tx.Bucket(bucketByDataset)
	if !a.flushed {
		k, _ := b.Cursor().First()
		a.denseIndex, a.flushed = k == nil, true
	}
	if a.denseIndex {
		// Each flush's keys fall between the last's: bbolt splits the
		// pages they land in when it writes them, as full as FillPercent.
		b.FillPercent = 1.0
	}
	for _, k := range a.pending {
		if err := b.Put(k, nil); err != nil {
			return err
		}
	}
	a.pending = nil
	return nil
}

// remove deletes a strike, its summary and its index entries.
func (a *applier) remove(tx *bolt.Tx, id string) error {
	key := []byte(id)
	prev := tx.Bucket(bucketStrikes).Get(key)
	if prev == nil {
		return nil
	}
	o, err := decodeStrike(prev)
	if err != nil {
		return damagedRecord(err, []byte(id))
	}
	if err := updateDatasetIndex(tx, &o, nil); err != nil {
		return err
	}
	if err := updateRelinkIndex(tx, relinkKeys(&o), nil); err != nil {
		return err
	}
	a.changes.note(key, &o)
	a.touch(datasetKeys(&o))
	a.hadLinks(tx, key)
	if !a.bulkList {
		if err := deleteEntry(tx, listKey(o.Date, o.ID)); err != nil {
			return err
		}
	}
	if err := dropOldSummary(tx, key); err != nil {
		return err
	}
	a.deleted++
	a.dStrikes--
	a.dReports -= len(o.Reports)
	return tx.Bucket(bucketStrikes).Delete(key)
}

// findMissing lists the dataset's strikes that the import did not hold
// (none for a dataset new to the store) in a.missing.
func (a *applier) findMissing(tx *bolt.Tx) error {
	a.settled = true
	if a.ds == nil || !a.had {
		return nil
	}
	prefix := datasetPrefix(a.ds.Name)
	c := tx.Bucket(bucketByDataset).Cursor()
	var sc *bolt.Cursor // the IDs seen, in the same order as c's
	var sk []byte
	if a.onDisk != nil {
		sc = a.onDisk.Cursor()
		sk, _ = sc.First()
	}
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if n++; n%scanDropEvery == 0 {
			a.dropMapped(tx)
		}
		a.heldBefore++
		id := k[len(prefix):]
		seen := false
		if sc != nil {
			for sk != nil && bytes.Compare(sk, id) < 0 {
				sk, _ = sc.Next()
			}
			seen = bytes.Equal(sk, id)
		} else {
			seen = a.seen.has(id)
		}
		if !seen {
			a.missing = append(a.missing, string(id))
		}
	}
	a.dropMapped(tx)
	a.stats.Missing = len(a.missing)
	return a.confirmDeletes()
}

// confirmDeletes lets an import with Replace delete most of its dataset
// (more than half of the strikes the store held of it) only when
// Dataset.ConfirmDelete says yes; a dry run deletes nothing and asks
// nothing.
func (a *applier) confirmDeletes() error {
	ds := a.ds
	if !ds.Replace || ds.DryRun || 2*len(a.missing) <= a.heldBefore {
		return nil
	}
	if ds.ConfirmDelete != nil && ds.ConfirmDelete(len(a.missing), a.heldBefore) {
		return nil
	}
	return fmt.Errorf("%w: the file would delete %d of the %d strikes the store holds of %s", ErrDeleteRefused, len(a.missing), a.heldBefore, ds.Name)
}

// removeMissing deletes the strikes ids (some of a.missing) when the
// import replaces its dataset.
func (a *applier) removeMissing(tx *bolt.Tx, ids []string) error {
	if a.ds == nil || !a.ds.Replace || a.ds.DryRun {
		return nil
	}
	for i, id := range ids {
		if err := a.remove(tx, id); err != nil {
			return err
		}
		if i%dropEvery == dropEvery-1 {
			a.dropMapped(tx)
		}
	}
	return nil
}

// finish counts (and with Replace deletes) the dataset's missing strikes
// unless that was done already, then, if anything changed, relinks the store (link.go), writes the
// dataset record, the counts and a new generation: the links change in
// the same atomic write as the records.
func (a *applier) finish(tx *bolt.Tx) error {
	if err := a.flush(tx); err != nil {
		return err
	}
	if !a.settled {
		if err := a.findMissing(tx); err != nil {
			return err
		}
		if err := a.removeMissing(tx, a.missing); err != nil {
			return err
		}
	}
	if !a.changed() || (a.ds != nil && a.ds.DryRun) {
		return nil
	}
	// The counts first: relink reads them.
	meta := tx.Bucket(bucketMeta)
	gen, _ := getUint64(meta.Get(metaGeneration))
	c := readCounts(tx)
	for k, v := range map[string]uint64{
		string(metaGeneration): gen + 1,
		string(metaStrikes):    uint64(max(0, c.Strikes+a.dStrikes)),
		string(metaReports):    uint64(max(0, c.Reports+a.dReports)),
	} {
		if err := meta.Put([]byte(k), putUint64(v)); err != nil {
			return err
		}
	}
	if a.unlimit != nil {
		a.unlimit()
	}
	// A store that was empty holds only this import's strikes: when each
	// has a dataset index key, the linker need not count them.
	ch := &a.changes
	if a.whole || a.empty {
		ch = nil // a store that was empty has no days to keep
	}
	ls, err := relink(a.ctx, tx, nil, a.empty && a.keyless == 0 && a.deleted == 0, a.refresh, ch, false)
	if err != nil {
		return err
	}
	a.stats.Links = ls.Links + ls.Manual
	a.linked = ls
	if a.ds != nil {
		d := *a.ds
		if d.Digest != nil {
			var err error
			if d.SHA256, err = d.Digest(); err != nil {
				return err
			}
		}
		d.Strikes, d.Reports = a.strikes, a.reports
		d.Added, d.Changed, d.Unchanged, d.Missing = a.stats.Added, a.stats.Changed, a.stats.Unchanged, a.stats.Missing
		if d.Imported.IsZero() {
			d.Imported = time.Now().UTC()
		}
		d.Held = countDataset(tx, d.Name)
		if err := tx.Bucket(bucketDatasets).Put([]byte(d.Name), encodeDataset(&d)); err != nil {
			return err
		}
	}
	return a.recountTouched(tx)
}

// recountTouched counts again the strikes held of every other dataset
// the import changed strikes of, in their records.
func (a *applier) recountTouched(tx *bolt.Tx) error {
	datasets := tx.Bucket(bucketDatasets)
	for name := range a.touched {
		if a.ds != nil && name == a.ds.Name {
			continue
		}
		rec := datasets.Get([]byte(name))
		if rec == nil {
			continue // reports named after a dataset never imported as one
		}
		d, err := decodeDataset(rec)
		if err != nil {
			return damaged(err, "dataset %s", name)
		}
		d.Held = countDataset(tx, name)
		if err := datasets.Put([]byte(name), encodeDataset(&d)); err != nil {
			return err
		}
	}
	return nil
}

// countDataset counts the strikes with a report of the dataset, by the
// dataset index.
func countDataset(tx *bolt.Tx, name string) int {
	prefix := datasetPrefix(name)
	n := 0
	c := tx.Bucket(bucketByDataset).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// dropOldSummary deletes a changed or deleted strike's own summary from
// the own bucket, and from the summaries bucket of a store written
// before schema 6 (which the relink that ends this write deletes:
// upgrade): ownSummary reads them first. The relink keeps the new one
// where it belongs (keepOwn).
func dropOldSummary(tx *bolt.Tx, key []byte) error {
	for _, name := range [...][]byte{bucketSummaries, bucketOwn} {
		if b := tx.Bucket(name); b != nil {
			if err := b.Delete(key); err != nil {
				return err
			}
		}
	}
	return nil
}
