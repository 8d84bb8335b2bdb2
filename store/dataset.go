package store

import (
	"fmt"
	"time"
)

// encodeDataset returns the record of a dataset.
func encodeDataset(d *Dataset) []byte {
	b := []byte{datasetRecordVersion}
	for _, s := range [...]string{d.Name, d.File, d.Format, d.SHA256} {
		b = putStr(b, s)
	}
	for _, n := range [...]int{d.Rows, d.Strikes, d.Reports, d.Added, d.Changed, d.Unchanged, d.Missing} {
		b = putInt(b, int64(n))
	}
	b = putInt(b, d.Imported.UnixNano())
	return seal(b)
}

// decodeDataset reads a dataset record.
func decodeDataset(rec []byte) (Dataset, error) {
	var d Dataset
	body, err := unseal(rec, datasetRecordVersion)
	if err != nil {
		return d, err
	}
	r := &reader{b: body}
	d.Name, d.File, d.Format, d.SHA256 = r.str(), r.str(), r.str(), r.str()
	for _, p := range [...]*int{&d.Rows, &d.Strikes, &d.Reports, &d.Added, &d.Changed, &d.Unchanged, &d.Missing} {
		*p = int(r.int32())
	}
	if ns := r.int(); r.err == nil {
		d.Imported = time.Unix(0, ns).UTC()
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return Dataset{}, fmt.Errorf("the dataset record cannot be read: %w", r.err)
	}
	return d, nil
}
