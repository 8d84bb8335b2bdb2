package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
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
