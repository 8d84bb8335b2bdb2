package store

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// A strike's own summary (model.Summarize of its record alone) is kept
// once (schema 6): in its list entry, marked as its own, when the list
// shows the strike as itself, as it shows most; else in the own bucket,
// by ID, for a strike shown under another or summarised with its links
// (the relink merges the own summaries of the strikes its links name).
// Before schema 6 every own summary was in the summaries bucket, and
// most were in the list as well: an eighth of the store's size spent on
// a second copy. A summary found in neither (damage, or a write that was
// upgrading) is made from the record.

// ownSummary is a strike's own summary record and its date; ok is false
// when the store holds no strike of that ID. It is, in order: the record
// of an older store's summaries bucket (while its first write upgrades
// it), of the own bucket, the summary of the strike's own list entry, or
// the summary made from the strike's record.
func ownSummary(tx *bolt.Tx, key []byte) (rec []byte, date model.DateSpan, ok bool, err error) {
	if rec = keptOwn(tx, key); rec != nil {
		if date, err = summaryDate(rec); err == nil {
			return rec, date, true, nil
		}
	}
	raw := tx.Bucket(bucketStrikes).Get(key)
	if raw == nil {
		return nil, date, false, nil
	}
	var buf []byte
	if date, err = decodeDate(raw, &buf); err != nil {
		return nil, date, false, damagedRecord(err, key)
	}
	if rec = listedOwn(tx, key, date); rec != nil {
		return rec, date, true, nil
	}
	rec, err = summaryOfRecord(raw)
	if err != nil {
		return nil, date, false, damagedRecord(err, key)
	}
	return rec, date, true, nil
}

// keptOwn is a strike's own summary record in an older store's
// summaries bucket, else in the own bucket; nil when neither holds one.
func keptOwn(tx *bolt.Tx, key []byte) []byte {
	for _, name := range [...][]byte{bucketSummaries, bucketOwn} {
		if b := tx.Bucket(name); b != nil {
			if rec := b.Get(key); rec != nil {
				return rec
			}
		}
	}
	return nil
}

// listedOwn is the summary of the list entry of the strike key of the
// given date when the entry is marked as the strike's own; nil when it is
// not, or the list is not whole.
func listedOwn(tx *bolt.Tx, key []byte, date model.DateSpan) []byte {
	if !listed(tx) {
		return nil
	}
	if e := tx.Bucket(bucketList).Get(listKey(date, string(key))); e != nil {
		if sum, own, err := listedSummary(e); err == nil && own {
			return sum
		}
	}
	return nil
}

// keepOwn keeps a strike's own summary record in the own bucket when the
// list does not show it as the strike's own (inList false), and deletes
// it there when it does.
func keepOwn(tx *bolt.Tx, key, own []byte, inList bool) error {
	b := tx.Bucket(bucketOwn)
	if inList {
		if b == nil || b.Get(key) == nil {
			return nil
		}
		return b.Delete(key)
	}
	if b == nil {
		var err error
		if b, err = tx.CreateBucket(bucketOwn); err != nil {
			return err
		}
	}
	if sameRecord(b.Get(key), own) { // compressed otherwise by an older strikes: kept
		return nil
	}
	return b.Put(key, own)
}

// summaryOfRecord makes the summary record of a strike record. The
// strike read lives only until its summary is encoded, so its strings
// borrow the decoded record's memory.
func summaryOfRecord(raw []byte) ([]byte, error) {
	st, err := decodeWith(&reader{brief: true, borrow: true}, raw)
	if err != nil {
		return nil, err
	}
	sum := model.Summarize(&st)
	return encodeSummary(&sum), nil
}

// ownSummaries is every strike's own summary, in ID order, as the
// summaries of the list are decoded: read from an older store's summaries
// bucket, else made from the records, several at a time.
func ownSummaries(ctx context.Context, tx *bolt.Tx) ([]model.Summary, error) {
	n := readCounts(tx).Strikes
	if sums := tx.Bucket(bucketSummaries); sums != nil {
		return decodeSummaries(ctx, sums, n)
	}
	type chunk struct {
		keys, vals [][]byte
		out        []model.Summary
		err        error
	}
	const per = 1024
	var chunks []*chunk
	var drop boltfile.Dropper
	c := tx.Bucket(bucketStrikes).Cursor()
	cur := &chunk{}
	read := 0
	for k, v := c.First(); k != nil; k, v = c.Next() {
		cur.keys, cur.vals = append(cur.keys, k), append(cur.vals, v)
		if len(cur.keys) == per {
			chunks, cur = append(chunks, cur), &chunk{}
		}
		if read++; read%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
	}
	if len(cur.keys) > 0 {
		chunks = append(chunks, cur)
	}
	todo := make(chan *chunk)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			d := newSummaryDecoder()
			for ch := range todo {
				ch.out = make([]model.Summary, len(ch.keys))
				for i, raw := range ch.vals {
					if ch.err = ctx.Err(); ch.err != nil {
						break
					}
					rec, err := summaryOfRecord(raw)
					if err == nil {
						ch.out[i], err = d.decode(ch.keys[i], rec)
					}
					if err != nil {
						ch.err = damagedRecord(err, ch.keys[i])
						break
					}
				}
			}
		})
	}
	for _, ch := range chunks {
		todo <- ch
	}
	close(todo)
	wg.Wait()
	out := make([]model.Summary, 0, n)
	for _, ch := range chunks {
		if ch.err != nil {
			return nil, ch.err
		}
		out = append(out, ch.out...)
	}
	return out, nil
}

// ownChunk is how many own summaries an ownMaker makes at a time.
const ownChunk = 4096

// ownsFromRecords counts the own summaries ownMaker made from records
// (tests: an import into an empty store makes none, spool.go).
var ownsFromRecords atomic.Int64

// ownMaker makes the own summaries of many strikes for the list's
// build (putList): read from an older store's summaries bucket while it
// is there, else made from the records, the records read by the caller's
// goroutine (a transaction is not for several) and summarised by
// several.
type ownMaker struct {
	raws, own [][]byte
	errs      []error
}

// make returns the own summary records of the strikes keys[i][4:] (list
// keys) for i in ids; they are valid until the next call.
func (m *ownMaker) make(tx *bolt.Tx, keys [][]byte, ids []int32) ([][]byte, error) {
	strikes := tx.Bucket(bucketStrikes)
	m.raws, m.own, m.errs = m.raws[:0], m.own[:0], m.errs[:0]
	for _, i := range ids {
		id := keys[i][4:]
		var raw []byte
		own := keptOwn(tx, id)
		if own != nil {
			if _, err := summaryDate(own); err != nil {
				own = nil // damaged: made from the record below
			}
		}
		if own == nil {
			if raw = strikes.Get(id); raw == nil {
				return nil, fmt.Errorf("strike %s is listed but not stored", id)
			}
		}
		m.own, m.raws, m.errs = append(m.own, own), append(m.raws, raw), append(m.errs, nil)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	per := (len(ids) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*per, min((w+1)*per, len(ids))
		if lo >= hi {
			break
		}
		wg.Go(func() {
			for j := lo; j < hi; j++ {
				if m.raws[j] != nil {
					m.own[j], m.errs[j] = summaryOfRecord(m.raws[j])
				}
			}
		})
	}
	wg.Wait()
	made := 0
	for _, raw := range m.raws {
		if raw != nil {
			made++
		}
	}
	ownsFromRecords.Add(int64(made))
	for j, err := range m.errs {
		if err != nil {
			return nil, damagedRecord(err, keys[ids[j]][4:])
		}
	}
	return m.own, nil
}
