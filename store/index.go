package store

import (
	"bytes"
	"context"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The dataset index (by_dataset, schema.go): one key per strike and
// dataset its reports came from, so that an import finds the strikes of
// its dataset without reading every record.

// datasetKeys returns the by_dataset keys of strike s, sorted and
// distinct; a dataset name that is empty or holds a 0x00 byte (which
// would make the key ambiguous) gets none.
func datasetKeys(s *model.Strike) [][]byte {
	names := make([]string, 0, 1)
	for i := range s.Reports {
		names = append(names, s.Reports[i].Dataset)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	out := make([][]byte, 0, len(names))
	for _, n := range names {
		if n != "" && !bytes.ContainsRune([]byte(n), 0) {
			out = append(out, datasetKey([]byte(n), s.ID))
		}
	}
	return out
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
