package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The dataset index (by_dataset, schema.go): one key per strike and
// dataset its reports came from, so that an import finds the strikes of
// its dataset without reading every record.

// datasetKeys returns the by_dataset keys of strike s, sorted and
// distinct; a dataset name that is empty or holds a 0x00 byte (which
// would make the key ambiguous) gets none.
func datasetKeys(s *model.Strike) [][]byte {
	return datasetKeysIn(s, nil)
}

// datasetKeysIn is datasetKeys, the keys taken from the arena out (nil:
// made on their own).
func datasetKeysIn(s *model.Strike, out *byteArena) [][]byte {
	names := make([]string, 0, 1)
	for i := range s.Reports {
		names = append(names, s.Reports[i].Dataset)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	keys := make([][]byte, 0, len(names))
	for _, n := range names {
		if n != "" && !bytes.ContainsRune([]byte(n), 0) {
			keys = append(keys, datasetKeyIn([]byte(n), s.ID, out))
		}
	}
	return keys
}

// updateDatasetIndex replaces the by_dataset entries of old (nil when
// new) by the keys after (from datasetKeys; nil when deleted), touching
// only the entries that differ.
func updateDatasetIndex(tx *bolt.Tx, old *model.Strike, after [][]byte) error {
	b := tx.Bucket(bucketByDataset)
	var before [][]byte
	if old != nil {
		before = datasetKeys(old)
	}
	return replaceKeys(b, before, after)
}

// replaceKeys replaces the keys before of an index bucket by after,
// touching only those that differ.
func replaceKeys(b *bolt.Bucket, before, after [][]byte) error {
	for _, k := range before {
		if !containsKey(after, k) {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, k := range after {
		if !containsKey(before, k) {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsKey(keys [][]byte, k []byte) bool {
	return slices.ContainsFunc(keys, func(x []byte) bool { return bytes.Equal(x, k) })
}

// IDsByDataset returns the IDs of the strikes with a report from this
// dataset.
func (s *Store) IDsByDataset(ctx context.Context, name string) ([]string, error) {
	var ids []string
	prefix := datasetPrefix(name)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketByDataset).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(ids)%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			ids = append(ids, string(k[len(prefix):]))
		}
		return nil
	})
	slices.Sort(ids)
	return ids, err
}

// The relink index (bucket relink, schema.go): what the relink of an
// import's days (relink_days.go) looks up that no other bucket keeps. Two
// kinds of keys:
//
//	'c' + dataset + 0x00 + code + 0x00 + ID   the strike ID cites the record code of
//	                                          the dataset (folded, model.Fold)
//	'w' + first day (4) + last day (4) + ID   the strike ID spans these days, more
//	                                          than one and fewer than
//	                                          model.MaxLinkSpanDays
//	'k' + ID                                  the strike ID has no dataset index key
//
// Days are big-endian, offset by 2³¹ so that they sort. Citations may
// name a strike of any day; the list keeps strikes by their first day
// only, and a strike of several days meets days after it; a strike of no
// dataset may link to any other, and the dataset index does not name it.

// Kinds of relink index keys.
const (
	relinkCites   byte = 'c'
	relinkWide    byte = 'w'
	relinkKeyless byte = 'k'
)

// relinkKeys returns the relink index keys of strike s, sorted and
// distinct.
func relinkKeys(s *model.Strike) [][]byte {
	if !indexedForRelink(s) {
		return nil
	}
	var out [][]byte
	for i := range s.Reports {
		for _, n := range s.Reports[i].Notes {
			if n.Key != model.CitesNote {
				continue
			}
			ds, code, ok := model.ParseCitation(n.Value)
			if !ok {
				continue
			}
			out = append(out, citeKey(model.Fold(ds), code, s.ID))
		}
	}
	if d := s.Date; model.Linkable(d) && d.End > d.Start {
		k := make([]byte, 0, 9+len(s.ID))
		k = append(k, relinkWide)
		k = binary.BigEndian.AppendUint32(k, relinkDay(d.Start))
		k = binary.BigEndian.AppendUint32(k, relinkDay(d.End))
		out = append(out, append(k, s.ID...))
	}
	if len(datasetKeys(s)) == 0 {
		out = append(out, append([]byte{relinkKeyless}, s.ID...))
	}
	slices.SortFunc(out, bytes.Compare)
	return slices.CompactFunc(out, bytes.Equal)
}

// indexedForRelink says quickly whether strike s has relink index keys
// (most have none): it cites, spans days, or has no dataset index key.
func indexedForRelink(s *model.Strike) bool {
	if d := s.Date; model.Linkable(d) && d.End > d.Start {
		return true
	}
	keyed := false
	for i := range s.Reports {
		r := &s.Reports[i]
		for _, n := range r.Notes {
			if n.Key == model.CitesNote {
				return true
			}
		}
		keyed = keyed || (r.Dataset != "" && strings.IndexByte(r.Dataset, 0) < 0)
	}
	return !keyed
}

// relinkDay is a day as relink index keys hold it.
func relinkDay(d model.Day) uint32 { return uint32(int64(d) + 1<<31) }

// citeKey is the relink index key of the strike id citing the record
// code of the dataset ds (folded).
func citeKey(ds, code, id string) []byte {
	k := make([]byte, 0, 1+len(ds)+len(code)+len(id)+2)
	k = append(append(k, relinkCites), ds...)
	k = append(append(k, 0), code...)
	k = append(k, 0)
	return append(k, id...)
}

// updateRelinkIndex replaces the relink index keys before by after,
// touching only those that differ; a store without the index (schema 4,
// before its upgrade builds it) is left alone.
func updateRelinkIndex(tx *bolt.Tx, before, after [][]byte) error {
	b := tx.Bucket(bucketRelink)
	if b == nil {
		return nil
	}
	return replaceKeys(b, before, after)
}

// relinkIndexBuilds counts buildRelinkIndex's runs, each a read of every
// record (TestImportKeepsRelinkIndex).
var relinkIndexBuilds atomic.Int32

// buildRelinkIndex builds the relink index of every stored strike (the
// upgrade to schema 5, strikes link --rebuild).
func buildRelinkIndex(tx *bolt.Tx) error {
	relinkIndexBuilds.Add(1)
	b, err := tx.CreateBucketIfNotExists(bucketRelink)
	if err != nil {
		return err
	}
	var keys [][]byte
	var drop boltfile.Dropper
	intern := map[string]string{}
	n := 0
	c := tx.Bucket(bucketStrikes).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		st, err := decodeForLink(v, intern, false)
		if err != nil {
			return damaged(err, "strike %s", k)
		}
		keys = append(keys, relinkKeys(&st)...)
		if n++; n%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
	}
	slices.SortFunc(keys, bytes.Compare)
	for _, k := range keys {
		if err := b.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}
