package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// maxProblems bounds the problems a check lists.
const maxProblems = 1000

// CheckReport is what Check found.
type CheckReport struct {
	// Strikes and Reports are the numbers of readable records.
	Strikes, Reports int
	// Problems are the faults found, each a sentence; none means the
	// store is sound.
	Problems []string
	// Omitted is the number of further problems not listed.
	Omitted int
	// Advice is what is not damage but should be done, each a sentence
	// (links made by an older strikes: run strikes link --rebuild).
	Advice []string
}

// OK says whether the check found no problem.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

func (r *CheckReport) add(format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		r.Omitted++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Check examines the store at path, read-only: bbolt's own page check,
// every record's checksum and decoding, every summary and index entry
// against the records, and the stored counts. Damage is reported as
// problems, not as an error; the error is for a store that cannot be
// examined at all (missing, in use, not a store, newer schema).
func Check(path string) (*CheckReport, error) {
	rep := &CheckReport{}
	if err := checkFile(path); err != nil {
		if errors.Is(err, ErrCorrupt) {
			rep.add("%v", err)
			return rep, nil
		}
		return nil, err
	}
	rep.Advice = append(rep.Advice, scratchAdvice(path)...)
	problems, err := boltfile.WalkPages(path)
	if err != nil {
		problems = []string{fileErr(path, err).Error()}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			rep.add("%s", p)
		}
		return rep, nil
	}
	db, err := openBolt(path, &bolt.Options{ReadOnly: true, Timeout: DefaultTimeout})
	if err != nil {
		if errors.Is(err, ErrCorrupt) {
			rep.add("%v", err)
			return rep, nil
		}
		return nil, err
	}
	defer db.Close()
	err = view(path, db, func(tx *bolt.Tx) error {
		if err := verifyMeta(path, tx); err != nil {
			if errors.Is(err, ErrCorrupt) {
				rep.add("%v", err)
				return nil
			}
			return err
		}
		for err := range tx.Check() {
			rep.add("the bbolt file is damaged: %v", err)
		}
		checkRecords(tx, rep)
		checkOverlay(tx, rep) // check_links.go
		checkList(tx, rep)
		checkDesk(tx, rep) // desk.go
		return nil
	})
	if errors.Is(err, ErrCorrupt) {
		rep.add("%v", err)
		return rep, nil
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// checkRecords verifies records, summaries, indexes and counts.
func checkRecords(tx *bolt.Tx, rep *CheckReport) {
	expected := 0            // dataset index entries
	relinkN := 0             // relink index entries
	held := map[string]int{} // strikes with a report of each dataset
	relinkIdx := tx.Bucket(bucketRelink)
	noCountry := 0
	old := schemaOf(tx) < 3 // summaries of an older rule, read as legacySummaries reads them
	if old {
		rep.Advice = append(rep.Advice, fmt.Sprintf("the store was written by an older strikes (schema %d; this one writes %d): its summaries are derived again from the records whenever they are read, which is slower; the next import or strikes link --rebuild rewrites them", schemaOf(tx), SchemaVersion))
	}
	summaries := tx.Bucket(bucketSummaries)
	var drop boltfile.Dropper // the map's pages, let go as the walk goes
	read := 0
	c := tx.Bucket(bucketStrikes).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if read++; read%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
		st, err := decodeStrike(v)
		if err != nil {
			rep.add("strike %s: %v", k, err)
			continue
		}
		if st.ID != string(k) {
			rep.add("strike %s: the record holds the ID %s", k, st.ID)
			continue
		}
		rep.Strikes++
		rep.Reports += len(st.Reports)
		sum := model.Summarize(&st)
		if len(sum.Countries) == 0 {
			noCountry++
		}
		want := encodeSummary(&sum)
		got := keptOwn(tx, k) // an older store's summaries bucket, or the own bucket
		if got == nil && summaries == nil {
			got = listedOwn(tx, k, st.Date)
		}
		switch {
		case old: // an older strikes derived them: not damage (advice below)
		case summaries != nil && got == nil:
			rep.add("strike %s: its summary is missing", k)
		case got != nil && !sameRecord(got, want):
			if _, err := unseal(got, summaryRecordVersion); err != nil {
				rep.add("strike %s: summary %v", k, err)
			} else {
				rep.add("strike %s: its summary does not match its record", k)
			}
		}
		byDataset := tx.Bucket(bucketByDataset)
		for _, key := range datasetKeys(&st) {
			expected++
			name, _, _ := splitDatasetKey(key)
			held[string(name)]++
			if byDataset.Get(key) == nil {
				name, _, _ := splitDatasetKey(key)
				rep.add("strike %s: the dataset index has no entry %q", k, name)
			}
		}
		if relinkIdx != nil {
			for _, key := range relinkKeys(&st) {
				relinkN++
				if relinkIdx.Get(key) == nil {
					rep.add("strike %s: the relink index has no entry %q (an import could then miss links of the strikes it changes): strikes link --rebuild writes the index again", k, key)
				}
			}
		}
	}
	if n := countKeys(tx, relinkIdx); relinkIdx != nil && n != relinkN {
		rep.add("the relink index holds %d entries, but the records make %d (an import could then miss links of the strikes it changes): strikes link --rebuild writes the index again", n, relinkN)
	}
	if own := tx.Bucket(bucketOwn); summaries == nil && own != nil {
		// schema 6: the own summaries kept are checked above, the list
		// by checkList
		own.ForEach(func(k, _ []byte) error {
			if tx.Bucket(bucketStrikes).Get(k) == nil {
				rep.add("summary %s: there is no strike with that ID", k)
			}
			return nil
		})
	} else if summaries != nil && countKeys(tx, summaries) != countKeys(tx, tx.Bucket(bucketStrikes)) {
		summaries.ForEach(func(k, _ []byte) error {
			if tx.Bucket(bucketStrikes).Get(k) == nil {
				rep.add("summary %s: there is no strike with that ID", k)
			}
			return nil
		})
	}
	checkDatasetIndex(tx, expected, rep)
	tx.Bucket(bucketDatasets).ForEach(func(k, v []byte) error {
		if d, err := decodeDataset(v); err != nil {
			rep.add("dataset %s: %v", k, err)
		} else if d.Name != string(k) {
			rep.add("dataset %s: the record holds the name %s", k, d.Name)
		} else if d.Held >= 0 && d.Held != held[d.Name] {
			rep.add("dataset %s: its record counts %d strikes of it, but the store's records hold %d", k, d.Held, held[d.Name])
		}
		return nil
	})
	if noCountry > 0 {
		rep.Advice = append(rep.Advice, fmt.Sprintf("%d of %d strikes name no country (neither the strike nor any of its reports gives one): country: does not find them", noCountry, rep.Strikes))
	}
	counts := readCounts(tx)
	if counts.Strikes != rep.Strikes {
		rep.add("the store counts %d strikes but holds %d readable ones", counts.Strikes, rep.Strikes)
	}
	if counts.Reports != rep.Reports {
		rep.add("the store counts %d reports but its readable strikes hold %d", counts.Reports, rep.Reports)
	}
}

// checkDatasetIndex looks for entries of the dataset index that no record
// produces. Every entry the records produce was found already, so only
// when the index holds more entries than expected are there stray ones to
// look for.
func checkDatasetIndex(tx *bolt.Tx, expected int, rep *CheckReport) {
	b := tx.Bucket(bucketByDataset)
	if countKeys(tx, b) == expected {
		return
	}
	b.ForEach(func(k, _ []byte) error {
		name, id, ok := splitDatasetKey(k)
		if !ok {
			rep.add("the dataset index has an unreadable entry %q", k)
			return nil
		}
		rec := tx.Bucket(bucketStrikes).Get([]byte(id))
		if rec == nil {
			rep.add("the dataset index entry %q points at strike %s, which is not in the store", name, id)
			return nil
		}
		st, err := decodeStrike(rec)
		if err != nil {
			return nil // reported with the record
		}
		if !containsKey(datasetKeys(&st), k) {
			rep.add("the dataset index entry %q points at strike %s, which does not name it", name, id)
		}
		return nil
	})
}

// countKeys counts the keys of b (0 when nil) with a cursor, letting the
// map's pages go as it walks: Bucket.Stats reads every page and keeps
// them mapped (a 5M store's check held 1.75 GB).
func countKeys(tx *bolt.Tx, b *bolt.Bucket) int {
	if b == nil {
		return 0
	}
	var drop boltfile.Dropper
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if n++; n%scanDropEvery == 0 {
			drop.Check(tx.DB())
		}
	}
	return n
}
