package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The list (bucket list, schema 3): the summary of every strike shown, as
// the list shows it (a strike with links summarised with them, its
// possible links counted; a strike shown under another absent), kept in
// the list's own order, newest first. The dashboard's first screen is its
// first entries, and strikes list --limit N reads as far as it prints: no
// read walks the whole store to show a page.
//
// It is derived: an import writes the entries of the strikes it puts and
// deletes (their own summaries), and the relink that follows in the same
// write corrects the entries of every strike whose part in the links
// changed (refreshList). A store without the bucket (an older one) is
// read the old way, and its first write builds it (rebuildList).

// listReadChunk is how many list entries a decoder of eachListed takes at
// a time (a variable for tests); the first chunk is smaller, so that a
// first page comes as soon as a page is decoded.
var listReadChunk = 1024

const listFirstChunk = 256

// listRead says how eachListed decodes.
type listRead struct {
	// slots, when not nil, gives the summaries' places: the next n
	// entries are decoded into the n slots it returns, in order, so that
	// a caller that keeps them all (Summaries) copies none; nil slots,
	// or a call that returns fewer than n, leaves the chunk to a slice of
	// its own.
	slots func(n int) []model.Summary
	// borrow leaves the summaries' strings in the records' memory, valid
	// only within the transaction (summaryDecoder.borrow): for a walk
	// that prints each summary and keeps none.
	borrow bool
	// recycle decodes into the memory of chunks already handed over: for
	// a walk whose caller copies what it keeps (a borrowing walk does
	// too).
	recycle bool
}

// errStop stops eachListed without an error.
var errStop = errors.New("stop")

// listRecordVersion is the version of a list record: a byte of flags
// (listOwn: the summary is the strike's own, not one of its links'
// merged; own_summary.go), the strike's count of possible links, then
// its summary record (summary.go) as it is shown. Version 1 (schemas 3
// to 5) had no flags.
const listRecordVersion = 2

// listOwn marks a list entry whose summary is the strike's own.
const listOwn = 1

// listKey is the list key of a strike: its first day, newest first (a
// strike of unknown date last), then its ID.
func listKey(d model.DateSpan, id string) []byte {
	return listKeyIn(d, id, nil)
}

// listKeyIn is listKey, taken from the arena out (nil: made on its own).
func listKeyIn(d model.DateSpan, id string, out *byteArena) []byte {
	k := out.take(4 + len(id))[:4]
	day := uint32(math.MaxUint32) // unknown: after every day
	if d.Known() {
		day = uint32(int64(math.MaxInt32) - int64(d.Start))
	}
	binary.BigEndian.PutUint32(k, day)
	return append(k, id...)
}

// listID is the strike ID of a list key.
func listID(k []byte) ([]byte, bool) {
	if len(k) <= 4 {
		return nil, false
	}
	return k[4:], true
}

// encodeListEntry is the list record of a strike whose shown summary is
// the summary record sum (own when it is the strike's own), with possible
// links to review.
func encodeListEntry(possible int, sum []byte, own bool) []byte {
	return encodeListEntryIn(possible, sum, own, nil)
}

// encodeListEntryIn is encodeListEntry, taken from the arena out (nil:
// made on its own).
func encodeListEntryIn(possible int, sum []byte, own bool, out *byteArena) []byte {
	b := out.take(2 + binary.MaxVarintLen32 + len(sum) + 4)
	var flags byte
	if own {
		flags |= listOwn
	}
	b = append(b, listRecordVersion, flags)
	b = putUint(b, uint64(possible))
	return seal(append(b, sum...))
}

// readListEntry splits a list record into its flags, its count of
// possible links and its summary record.
func readListEntry(rec []byte) (flags byte, possible int, sum []byte, err error) {
	body, err := unseal(rec, listRecordVersion)
	if err != nil {
		if len(rec) < 5 || rec[0] != 1 { // version 1: no flags
			return 0, 0, nil, err
		}
		if body, err = unseal(rec, 1); err != nil {
			return 0, 0, nil, err
		}
		r := &reader{b: body}
		possible = r.count32()
		if r.err != nil {
			return 0, 0, nil, fmt.Errorf("the list record cannot be read: %w", r.err)
		}
		return 0, possible, r.b, nil
	}
	r := &reader{b: body}
	flags = r.byte()
	possible = r.count32()
	if r.err != nil {
		return 0, 0, nil, fmt.Errorf("the list record cannot be read: %w", r.err)
	}
	return flags, possible, r.b, nil
}

// sameListEntry says whether two list records say the same: the same
// flags and possible links, and the same summary (sameRecord).
func sameListEntry(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	fa, pa, sa, err := readListEntry(a)
	if err != nil {
		return false
	}
	fb, pb, sb, err := readListEntry(b)
	return err == nil && fa == fb && pa == pb && sameRecord(sa, sb)
}

// listedSummary is the summary record of a list record, and whether it is
// the strike's own.
func listedSummary(rec []byte) (sum []byte, own bool, err error) {
	flags, _, sum, err := readListEntry(rec)
	return sum, flags&listOwn != 0, err
}

// decodeListEntry reads a list record of the strike id.
func (d *summaryDecoder) decodeListEntry(id []byte, rec []byte) (model.Summary, error) {
	_, possible, sum, err := readListEntry(rec)
	if err != nil {
		return model.Summary{}, err
	}
	s, err := d.decode(id, sum)
	s.Possible = possible
	return s, err
}

// putOwnEntry writes a strike's list entry as its own summary shows it
// (what an import writes; refreshList corrects it where links change it),
// and deletes the entry it had under another date.
func putOwnEntry(tx *bolt.Tx, key, sum []byte, old []byte) error {
	b, err := tx.CreateBucketIfNotExists(bucketList)
	if err != nil {
		return err
	}
	if old != nil && !bytes.Equal(old, key) {
		if err := b.Delete(old); err != nil {
			return err
		}
	}
	return b.Put(key, encodeListEntry(0, sum, true))
}

// deleteEntry deletes the list entry of a strike.
func deleteEntry(tx *bolt.Tx, key []byte) error {
	if b := tx.Bucket(bucketList); b != nil {
		return b.Delete(key)
	}
	return nil
}

// listed says whether the list holds every strike shown: a store an older
// strikes wrote has none until its first write builds it (an import of
// such a store writes the entries of its own strikes first, then the
// relink builds the rest).
func listed(tx *bolt.Tx) bool {
	return listState(tx) == listComplete && tx.Bucket(bucketList) != nil
}

// The values of meta "listed" (schema.go).
const (
	listIncomplete = 0
	listComplete   = 1
	listDeferred   = 2 // an import's copy whose list it builds after the relink
)

func listState(tx *bolt.Tx) uint64 {
	v, _ := getUint64(tx.Bucket(bucketMeta).Get(metaListed))
	return v
}

// shower makes strikes' list entries from the summaries and the overlay
// a relink has just written.
type shower struct {
	tx                      *bolt.Tx
	links, linked, possible *bolt.Bucket
	d                       *summaryDecoder
	out                     *byteArena // where entries are made (nil: each on its own)
}

// newShower makes a shower of the overlay as tx holds it now: an empty
// bucket of it is left out, so that a store without links asks it
// nothing (each Get of bbolt allocates).
func newShower(tx *bolt.Tx) *shower {
	return &shower{tx: tx, links: nonEmpty(tx.Bucket(bucketLinks)),
		linked: nonEmpty(tx.Bucket(bucketLinked)), possible: nonEmpty(tx.Bucket(bucketPossible)), d: newSummaryDecoder()}
}

// nonEmpty is b when it holds a key, else nil.
func nonEmpty(b *bolt.Bucket) *bolt.Bucket {
	if b == nil {
		return nil
	}
	if k, _ := b.Cursor().First(); k == nil {
		return nil
	}
	return b
}

// count is how many possible links a strike has.
func (sh *shower) count(id []byte) (int, error) {
	if sh.possible == nil {
		return 0, nil
	}
	rec := sh.possible.Get(id)
	if rec == nil {
		return 0, nil
	}
	n, err := possibleCount(rec)
	if err != nil {
		return 0, damaged(err, "possible links of strike %s", id)
	}
	return n, nil
}

// listEntry is what the list shows of a strike (shower.entry).
type listEntry struct {
	key, val []byte // its list key, and its list record when shown
	own      []byte // its own summary record
	// shown is false when it is shown under another strike (or a person
	// moved every report out of it); merged when it is shown with the
	// strikes linked into it, not with its own summary.
	shown, merged bool
}

// entry is a strike's list entry: the merged summary of its links or its
// own, with its possible links and those of the strikes shown under it
// counted; ok is false when the store holds no strike of that ID.
func (sh *shower) entry(key []byte) (e listEntry, ok bool, err error) {
	own, date, ok, err := ownSummary(sh.tx, key)
	if err != nil || !ok {
		return e, ok, err
	}
	e.key, e.own = listKey(date, string(key)), own
	e.val, e.shown, e.merged, err = sh.entryOf(key, own)
	return e, true, err
}

// entryOf is entry's record of a strike whose own summary record (its
// checksum and date read) is own.
func (sh *shower) entryOf(key, own []byte) (val []byte, shown, merged bool, err error) {
	if sh.links != nil && sh.links.Get(key) != nil {
		return nil, false, false, nil
	}
	sum := own
	n, err := sh.count(key)
	if err != nil {
		return nil, false, false, err
	}
	if sh.linked != nil {
		if rec := sh.linked.Get(key); rec != nil {
			vw, err := decodeView(rec)
			if err != nil {
				return nil, false, false, damaged(err, "links of strike %s", key)
			}
			if vw.empty {
				return nil, false, false, nil
			}
			sum, merged = vw.summary, true
			for _, m := range vw.incoming {
				if bytes.IndexByte([]byte(m), 0) < 0 {
					k, err := sh.count([]byte(m))
					if err != nil {
						return nil, false, false, err
					}
					n += k
				}
			}
			// A merged summary the relink made is read through once
			// before it is listed; an own one had its checksum and date
			// read by ownSummary.
			if _, err := sh.d.decode(key, sum); err != nil {
				return nil, false, false, damaged(err, "summary of strike %s", key)
			}
		}
	}
	return encodeListEntryIn(n, sum, !merged, sh.out), true, merged, nil
}

// refreshList writes the list entries of the strikes ids as they are now
// shown (shower.entry), and keeps their own summaries where they belong
// (keepOwn).
func refreshList(tx *bolt.Tx, ids map[string]bool) error {
	list, err := tx.CreateBucketIfNotExists(bucketList)
	if err != nil {
		return err
	}
	sh := newShower(tx)
	for id := range ids {
		e, ok, err := sh.entry([]byte(id))
		switch {
		case err != nil:
		case !ok: // deleted: the import deleted its entry
			continue
		case !e.shown:
			err = list.Delete(e.key)
		default:
			err = list.Put(e.key, e.val)
		}
		if err == nil {
			err = keepOwn(tx, []byte(id), e.own, e.shown && !e.merged)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// summaryDate reads the date of a summary record, the first of its
// fields.
func summaryDate(rec []byte) (model.DateSpan, error) {
	body, err := unseal(rec, summaryRecordVersion)
	if err != nil {
		return model.DateSpan{}, err
	}
	r := &reader{b: body}
	dt := r.date()
	return dt, r.err
}

// rebuildList writes the list entry of every strike, in the list's
// order, into an empty bucket: the first write of a store without the
// list, in that write's transaction. An import into a copy of the store
// builds it in several instead (buildList). Either way the entries are
// put in the list's order: a million entries put in date order across
// batches in ID order would touch every page of the bucket in every
// batch. It holds the list's keys, not its entries.
func rebuildList(tx *bolt.Tx) error {
	keys, err := listKeys(tx)
	if err != nil {
		return err
	}
	if _, err := freshList(tx); err != nil {
		return err
	}
	return putList(tx, keys, nil)
}

// buildList builds the list of a store an import is writing as a copy
// (updateCopy), listChunk entries a transaction, so that the import holds
// no more than those in memory; the copy replaces the store only once the
// last is in. The relink left it to this (listDeferred).
//
// spool, when not nil, holds the own summary of every strike in the
// store, made by the import as it read them (spool.go); else they are
// made from the records.
func buildList(db *bolt.DB, spool *sumSpool) error {
	// chunk is the list keys, in order, of entries lo to hi, and their
	// own summaries when the spool has them.
	var n int
	var chunk func(lo, hi int) (keys, own [][]byte, err error)
	err := db.View(func(tx *bolt.Tx) error {
		if spool != nil && spool.n == readCounts(tx).Strikes {
			at, err := spool.index()
			n = len(at)
			chunk = func(lo, hi int) ([][]byte, [][]byte, error) {
				own, err := spool.summaries(at[lo:hi])
				return spool.chunkKeys(at[lo:hi]), own, err
			}
			return err
		}
		// No spool, or not every strike went through it: the own
		// summaries are made from the records.
		keys, err := listKeys(tx)
		n = len(keys)
		chunk = func(lo, hi int) ([][]byte, [][]byte, error) { return keys[lo:hi], nil, nil }
		return err
	})
	if err != nil {
		return err
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := freshList(tx); return err }); err != nil {
		return err
	}
	for lo := 0; lo < n; lo += listChunk {
		keys, own, err := chunk(lo, min(lo+listChunk, n))
		if err != nil {
			return err
		}
		if err := db.Update(func(tx *bolt.Tx) error { return putList(tx, keys, own) }); err != nil {
			return err
		}
	}
	return db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaListed, putUint64(1)) })
}

// listChunk is how many list entries buildList puts in one transaction.
var listChunk = 100_000

// freshList replaces the list bucket by an empty one.
func freshList(tx *bolt.Tx) (*bolt.Bucket, error) {
	if tx.Bucket(bucketList) != nil {
		if err := tx.DeleteBucket(bucketList); err != nil {
			return nil, err
		}
	}
	return tx.CreateBucket(bucketList)
}

// listKeys is the list key of every strike, sorted.
func listKeys(tx *bolt.Tx) (keys [][]byte, err error) {
	strikes := tx.Bucket(bucketStrikes)
	var drop boltfile.Dropper
	// The count kept in meta, not the bucket's Stats, which reads every
	// page of the bucket (and so brought the whole of it into memory).
	keys = make([][]byte, 0, readCounts(tx).Strikes)
	var buf []byte
	c := strikes.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		date, err := decodeDate(v, &buf)
		if err != nil {
			return nil, damagedRecord(err, k)
		}
		keys = append(keys, listKey(date, string(k)))
		if len(keys)%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
	}
	slices.SortFunc(keys, bytes.Compare)
	return keys, nil
}

// putList appends the entries of the strikes keys (list keys, in order,
// after any the list holds) to the list. own, when not nil, holds their
// own summary records, in keys' order; else they are read or made
// (ownMaker).
func putList(tx *bolt.Tx, keys [][]byte, own [][]byte) error {
	list := tx.Bucket(bucketList)
	list.FillPercent = 1 // written in key order, nothing goes between
	var drop boltfile.Dropper
	sh := newShower(tx)
	sh.out = new(byteArena) // the entries live until the transaction commits
	// With no own summary kept outside the list, a strike the list shows
	// as itself has none to delete (keepOwn); each strike is put once.
	noneKept := nonEmpty(tx.Bucket(bucketOwn)) == nil
	// The entries are made in ID order, the order of the buckets they
	// are made from (made in the list's order, by date, every lookup went
	// to another page: an eighth of a big import's time), then put in
	// the list's. Made from the spool, with no overlay and nothing kept,
	// they ask no bucket, and their order does not matter (the sort was a
	// third of the build's own time).
	byID := make([]int32, len(keys))
	for i := range byID {
		byID[i] = int32(i)
	}
	if own == nil || sh.links != nil || sh.linked != nil || sh.possible != nil || !noneKept {
		slices.SortFunc(byID, func(a, b int32) int { return bytes.Compare(keys[a][4:], keys[b][4:]) })
	}
	vals := make([][]byte, len(keys))
	var owns ownMaker
	for lo := 0; lo < len(byID); lo += ownChunk {
		ids := byID[lo:min(lo+ownChunk, len(byID))]
		var made [][]byte
		if own == nil {
			var err error
			if made, err = owns.make(tx, keys, ids); err != nil {
				return err
			}
		}
		for j, i := range ids {
			var o []byte
			if made != nil {
				o = made[j]
			} else {
				o = own[i]
			}
			val, shown, merged, err := sh.entryOf(keys[i][4:], o)
			if inList := shown && !merged; err == nil && !(inList && noneKept) {
				err = keepOwn(tx, keys[i][4:], o, inList)
			}
			if err != nil {
				return err
			}
			if shown {
				vals[i] = val
			}
		}
		drop.Check(tx.DB())
	}
	for i, lk := range keys {
		if vals[i] != nil {
			if err := list.Put(lk, vals[i]); err != nil {
				return err
			}
		}
		// Each put searches the list's pages, and each fault on the map
		// brings in the pages around it too: 290 MB of the file at the
		// end of a 1M import, until the map's pages were let go here.
		if i%scanDropEvery == scanDropEvery-1 {
			drop.Check(tx.DB())
		}
	}
	return nil
}

// overlayChanged names the strikes whose part in the links a relink
// changed, from the keys it wrote or deleted in the links, linked and
// possible buckets: a strike moved under another or back, a strike whose
// shown summary changed, a strike whose possible links changed, and the
// strike another whose possible links changed is shown under.
func overlayChanged(tx *bolt.Tx, keys [][]byte, into map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, k := range keys {
		id := k
		if i := bytes.IndexByte(k, 0); i >= 0 {
			id = k[:i]
		}
		out[string(id)] = true
		if t, ok := into[string(id)]; ok {
			out[t] = true
		}
	}
	return out
}

// eachListed calls fn with the summary of every strike listed, in the
// list's order (newest first), and stops at the first error fn returns
// (errStop stops it without one). This goroutine walks the bucket and
// calls fn; the others decode chunks of entries a few chunks ahead. A
// panic of bbolt's on a damaged page happens here, where view's guard
// turns it into an error, and the decoders stop before this returns.
//
// how says where the summaries go and whether their strings are copied.
func eachListed(ctx context.Context, tx *bolt.Tx, how listRead, fn func(s *model.Summary) error) (err error) {
	b := tx.Bucket(bucketList)
	if b == nil {
		return nil
	}
	type chunk struct {
		keys, vals [][]byte
		sums       []model.Summary
		err        error
		done       chan struct{}
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	todo := make(chan *chunk, 2*workers)
	// A borrowing walk's caller keeps no summary, so the slices of the
	// chunks it has been given are decoded into again, not left to the
	// collector (a million summaries are half a gigabyte of them).
	free := make(chan []model.Summary, 2*workers+1)
	var wg sync.WaitGroup
	defer func() {
		close(todo)
		wg.Wait()
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newSummaryDecoder()
			d.borrow = how.borrow
			for ch := range todo {
				if len(ch.sums) != len(ch.keys) {
					select {
					case f := <-free:
						ch.sums = f
					default:
					}
					if cap(ch.sums) < len(ch.keys) {
						ch.sums = make([]model.Summary, len(ch.keys))
					}
					ch.sums = ch.sums[:len(ch.keys)]
				}
				for i, k := range ch.keys {
					id, _ := listID(k)
					s, err := d.decodeListEntry(id, ch.vals[i])
					if err != nil {
						ch.err = damaged(err, "list entry of strike %s", id)
						break
					}
					ch.sums[i] = s
				}
				close(ch.done)
			}
		}()
	}
	var queue []*chunk // sent to the decoders, in order
	// drain hands the oldest chunk's summaries to fn.
	drain := func() error {
		ch := queue[0]
		queue = queue[1:]
		<-ch.done
		if ch.err != nil {
			return ch.err
		}
		for i := range ch.sums {
			if err := fn(&ch.sums[i]); err != nil {
				return err
			}
		}
		if (how.borrow || how.recycle) && how.slots == nil {
			select {
			case free <- ch.sums:
			default:
			}
		}
		return nil
	}
	// The pages read are let go as the walk goes (what a reader holds
	// stays readable: the map is of the file), so that listing a big store
	// holds no more of it than a few chunks.
	var drop boltfile.Dropper
	c := b.Cursor()
	ch := &chunk{done: make(chan struct{})}
	n := 0
	chunkLen := min(listFirstChunk, listReadChunk)
	for k, v := c.First(); ; k, v = c.Next() {
		if k != nil {
			ch.keys, ch.vals = append(ch.keys, k), append(ch.vals, v)
			if n++; n%scanDropEvery == 0 {
				drop.Check(tx.DB())
			}
		}
		if len(ch.keys) == chunkLen || (k == nil && len(ch.keys) > 0) {
			chunkLen = listReadChunk
			if err := ctx.Err(); err != nil {
				return err
			}
			if how.slots != nil {
				ch.sums = how.slots(len(ch.keys))
			}
			todo <- ch
			queue = append(queue, ch)
			ch = &chunk{done: make(chan struct{})}
			if len(queue) == cap(todo) {
				if err := drain(); err != nil {
					return stopped(err)
				}
			}
		}
		if k == nil {
			break
		}
	}
	for len(queue) > 0 {
		if err := drain(); err != nil {
			return stopped(err)
		}
	}
	return nil
}

// stopped is errStop as no error.
func stopped(err error) error {
	if err == errStop {
		return nil
	}
	return err
}
