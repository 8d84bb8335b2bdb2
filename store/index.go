package store

import (
	"bytes"
	"context"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The terms a strike is indexed under. Each returns sorted, distinct terms
// so that index maintenance and check can compare sets.

// datasetTerms indexes every dataset the reports came from.
func datasetTerms(s *model.Strike) [][]byte {
	var keys []string
	for i := range s.Reports {
		keys = append(keys, s.Reports[i].Dataset)
	}
	return terms(keys)
}

// terms sorts and deduplicates keys, dropping empty ones and any with a
// 0x00 byte (which would make the index key ambiguous).
func terms(keys []string) [][]byte {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := make([][]byte, 0, len(keys))
	for _, k := range keys {
		if k != "" && !bytes.ContainsRune([]byte(k), 0) {
			out = append(out, []byte(k))
		}
	}
	return out
}

// indexKeys returns every key of index ix for strike s.
func indexKeys(ix *index, s *model.Strike) [][]byte {
	ts := ix.terms(s)
	out := make([][]byte, len(ts))
	for i, t := range ts {
		out[i] = indexKey(ix, t, s.ID)
	}
	return out
}

// updateIndexes replaces the index entries of old (nil when new) by the
// keys after (per index, from indexKeys; nil when deleted), touching only
// the entries that differ.
func updateIndexes(tx *bolt.Tx, old *model.Strike, after [][][]byte) error {
	for i := range indexes {
		ix := &indexes[i]
		b := tx.Bucket(ix.bucket)
		var before, now [][]byte
		if old != nil {
			before = indexKeys(ix, old)
		}
		if after != nil {
			now = after[i]
		}
		for _, k := range before {
			if !containsKey(now, k) {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		for _, k := range now {
			if !containsKey(before, k) {
				if err := b.Put(k, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func containsKey(keys [][]byte, k []byte) bool {
	for _, x := range keys {
		if bytes.Equal(x, k) {
			return true
		}
	}
	return false
}

// IDsByDataset returns the IDs of the strikes with a report from this
// dataset.
func (s *Store) IDsByDataset(ctx context.Context, name string) ([]string, error) {
	return s.idsByTerm(ctx, bucketByDataset, name)
}

func (s *Store) idsByTerm(ctx context.Context, bucket []byte, term string) ([]string, error) {
	var ids []string
	prefix := termPrefix(term)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
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
