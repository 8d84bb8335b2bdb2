package store

import (
	"fmt"
	"time"
)

// Dataset is the record of one imported dataset.
type Dataset struct {
	// Name names the dataset ("airwars"); reports with no Dataset of their
	// own are stamped with it.
	Name string
	// File, Format and SHA256 describe the imported file.
	File, Format, SHA256 string
	// Digest, when set, gives SHA256 once next has returned io.EOF: a
	// file can be hashed as it is read instead of read twice. Its error
	// fails the import.
	Digest func() (string, error)
	// Rows is the number of rows the importer read, as it says.
	Rows int
	// Strikes and Reports are how many the import held (set by Import).
	Strikes, Reports int
	// Added, Changed, Unchanged and Missing are the import's ImportStats.
	Added, Changed, Unchanged, Missing int
	// Imported is when the import was made; Import sets it when zero.
	Imported time.Time
	// Held is how many strikes of the store hold a report of the dataset,
	// as the dataset index counted them at the last write that changed
	// any (strikes check compares); -1 in a record written before strikes
	// kept it.
	Held int

	// What an import is told, not stored:

	// Replace deletes the dataset's strikes that are missing from the
	// import instead of keeping them.
	Replace bool
	// ConfirmDelete is asked before an import with Replace deletes more
	// than half of the strikes the store holds of the dataset (missing of
	// held); nil refuses such an import.
	ConfirmDelete func(missing, held int) bool
	// DryRun reads and checks the whole import, counts what it would add,
	// change and delete (ImportStats), and writes nothing.
	DryRun bool
}

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
	b = putInt(b, int64(d.Held))
	return seal(b)
}

// decodeDataset reads a dataset record.
func decodeDataset(rec []byte) (Dataset, error) {
	var d Dataset
	body, err := unseal(rec, datasetRecordVersion)
	v1 := false
	if err != nil && len(rec) > 0 && rec[0] == 1 {
		body, err = unseal(rec, 1) // before Held
		v1 = true
	}
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
	d.Held = -1
	if !v1 {
		d.Held = int(r.int32())
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return Dataset{}, fmt.Errorf("the dataset record cannot be read: %w", r.err)
	}
	return d, nil
}
