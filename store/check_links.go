package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// checkOverlay verifies the link overlay (link.go), when the store has
// one: every record decodes, and every link joins strikes the store
// holds. It cannot tell a stale overlay from a fresh one: strikes link
// --rebuild rewrites it from the records and the decisions.
func checkOverlay(tx *bolt.Tx, rep *CheckReport) {
	if tx.Bucket(bucketLinks) != nil {
		if v, _ := getUint64(tx.Bucket(bucketMeta).Get(metaOverlay)); v < OverlayVersion {
			rep.Advice = append(rep.Advice, fmt.Sprintf("the links were made by an older strikes (overlay %d; this one makes %d): some linked strikes may not be found by their own codes; run strikes link --rebuild", v, OverlayVersion))
		}
	}
	strikes := tx.Bucket(bucketStrikes)
	has := func(id []byte) bool { return strikes.Get(id) != nil }
	if b := tx.Bucket(bucketLinks); b != nil {
		b.ForEach(func(k, v []byte) error {
			l, err := decodeLink(v)
			from := k
			if i := bytes.IndexByte(k, 0); i >= 0 {
				from = k[:i]
			}
			switch {
			case err != nil:
				rep.add("link of %s: %v", k, err)
			case !has(from):
				rep.add("link of %s: there is no strike %s; run strikes link --rebuild", k, from)
			case !has([]byte(l.into)):
				rep.add("link of %s: there is no strike %s to link into; run strikes link --rebuild", k, l.into)
			}
			return nil
		})
	}
	if b := tx.Bucket(bucketLinked); b != nil {
		b.ForEach(func(k, v []byte) error {
			vw, err := decodeView(v)
			if err == nil && !vw.empty && schemaOf(tx) >= 3 {
				_, err = newSummaryDecoder().decode(k, vw.summary)
			}
			if err != nil {
				rep.add("linked summary of %s: %v", k, err)
			}
			return nil
		})
	}
	if b := tx.Bucket(bucketPossible); b != nil {
		b.ForEach(func(k, v []byte) error {
			if _, err := decodePossible(v); err != nil {
				rep.add("possible links of %s: %v", k, err)
			}
			return nil
		})
	}
	if _, err := readRejected(tx); err != nil {
		rep.add("%v", err)
	}
	if b := tx.Bucket(bucketDecisions); b != nil {
		b.ForEach(func(k, v []byte) error {
			if _, err := decodeDecision(k, v); err != nil {
				rep.add("decision on report %s: %v", k, err)
			}
			return nil
		})
	}
}

// checkList verifies the list (list.go) against the records and the
// overlay: every strike shown has its entry, under its date, holding its
// summary as shown (its own, or the merged summary of its links) and its
// count of possible links; no other entry. It makes each strike's entry
// as a relink would (shower.entry) and compares the bytes, one strike at
// a time: an own summary in the list was compared with its record by
// checkRecords.
func checkList(tx *bolt.Tx, rep *CheckReport) {
	list := tx.Bucket(bucketList)
	if list == nil || !listed(tx) {
		return // an older store: its first write builds the list
	}
	sh := newShower(tx)
	var drop boltfile.Dropper
	matched, n := 0, 0
	c := tx.Bucket(bucketStrikes).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if n++; n%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
		e, ok, err := sh.entry(k)
		switch got := list.Get(e.key); {
		case err != nil:
			rep.add("the list entry of strike %s cannot be made: %v", k, err)
		case !ok || !e.shown:
		case got == nil:
			rep.add("the list lacks strike %s; run strikes link --rebuild", k)
		case !sameListEntry(got, e.val):
			rep.add("the list's summary of strike %s is not the strike as shown; run strikes link --rebuild", k)
		default:
			matched++
		}
	}
	if matched == countKeys(tx, list) {
		return // every entry is one of a strike shown
	}
	list.ForEach(func(k, v []byte) error {
		id, ok := listID(k)
		if !ok {
			rep.add("the list has an unreadable key %q", k)
			return nil
		}
		e, ok, err := sh.entry(id)
		switch {
		case err != nil: // reported above
		case !ok || !e.shown:
			rep.add("the list shows strike %s, which is not shown (or not in the store); run strikes link --rebuild", id)
		case !bytes.Equal(k, e.key):
			rep.add("the list shows strike %s under another date; run strikes link --rebuild", id)
		}
		return nil
	})
}
