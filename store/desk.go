package store

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The analyst's desk (model/desk.go): entries on strikes and reports and
// their append-only history, in buckets of their own (schema.go) that no
// import, relink or rebuild writes. An entry is keyed by the ID the person
// acted on; a read resolves it through the link overlay to the strike it
// is shown under, so it follows its strike.

// DeskRef names what a desk change is about: a strike, or a report and
// the strike it was imported with.
type DeskRef struct {
	ID     string
	Report bool
	Home   string
}

// now is the clock of the desk's history; tests set it.
var now = func() time.Time { return time.Now().UTC() }

// ResolveDesk finds what id names for the desk: a strike (its record's
// ID), or, when report is set or no strike has the ID, a report. An ID
// that names neither gives an error wrapping ErrNotFound.
func (s *Store) ResolveDesk(ctx context.Context, id string, report bool) (DeskRef, error) {
	var ref DeskRef
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ref, err = resolveDesk(ctx, tx, id, report)
		return err
	})
	return ref, err
}

func resolveDesk(ctx context.Context, tx *bolt.Tx, id string, report bool) (DeskRef, error) {
	strikes := tx.Bucket(bucketStrikes)
	if id == "" || strings.IndexByte(id, 0) >= 0 {
		return DeskRef{}, storeErr(ErrNotFound, nil, "%q is not an ID of a strike or a report", id)
	}
	if !report && strikes.Get([]byte(id)) != nil {
		return DeskRef{ID: id}, nil
	}
	holds := func(k, rec []byte) (bool, error) {
		st, err := decodeForLink(rec, nil, true)
		if err != nil {
			return false, damaged(err, "strike %s", k)
		}
		return slices.ContainsFunc(st.Reports, func(r model.Report) bool { return r.ID == id }), nil
	}
	// The report's own strike is most often named by its ID, or by its ID
	// up to the last slash (airwars:RS0232/russia).
	guesses := []string{id}
	if i := strings.LastIndexByte(id, '/'); i > 0 {
		guesses = append(guesses, id[:i])
	}
	for _, g := range guesses {
		if rec := strikes.Get([]byte(g)); rec != nil {
			ok, err := holds([]byte(g), rec)
			if err != nil {
				return DeskRef{}, err
			}
			if ok {
				return DeskRef{ID: id, Report: true, Home: g}, nil
			}
		}
	}
	c := strikes.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := ctx.Err(); err != nil {
			return DeskRef{}, err
		}
		ok, err := holds(k, v)
		if err != nil {
			return DeskRef{}, err
		}
		if ok {
			return DeskRef{ID: id, Report: true, Home: string(k)}, nil
		}
	}
	if report {
		return DeskRef{}, storeErr(ErrNotFound, nil, "no report has the ID %s; strikes show STRIKE lists a strike's reports", id)
	}
	return DeskRef{}, storeErr(ErrNotFound, nil, "no strike or report has the ID %s; find IDs with: strikes list", id)
}

// DeskWrite is one change a person makes at the desk.
type DeskWrite struct {
	Ref  DeskRef
	Who  string
	What string // note, assess, tag, untag, bookmark, flag, ...
	// Change edits the entry (a copy); an error leaves the store as it
	// was.
	Change func(e *model.DeskEntry) error
}

// UpdateDesk makes one change at the desk, in one atomic write: the
// entry as changed, and the change in the history with who, when and the
// entry before. A change that changes nothing writes nothing and returns
// ok false. The target must be in the store.
func (s *Store) UpdateDesk(ctx context.Context, w DeskWrite) (c model.Change, ok bool, err error) {
	if err := s.writable(); err != nil {
		return c, false, err
	}
	if strings.TrimSpace(w.Who) == "" {
		return c, false, fmt.Errorf("a change at the desk needs a name to record it under (set $USER or pass --as NAME)")
	}
	err = s.updateInPlace(func(tx *bolt.Tx) error {
		ref := w.Ref
		strikes := tx.Bucket(bucketStrikes)
		if !ref.Report && strikes.Get([]byte(ref.ID)) == nil {
			return storeErr(ErrNotFound, nil, "no strike has the ID %s; find IDs with: strikes list", ref.ID)
		}
		if ref.Report {
			r, err := resolveDesk(ctx, tx, ref.ID, true)
			if err != nil {
				return err
			}
			ref = r
		}
		if err := deskUpgrade(ctx, tx); err != nil {
			return err
		}
		desk := tx.Bucket(bucketDesk)
		key := deskKey(ref.ID, ref.Report)
		before := model.DeskEntry{Target: ref.ID, Report: ref.Report, Home: ref.Home}
		if rec := desk.Get(key); rec != nil {
			var err error
			if before, err = decodeDeskEntry(key, rec); err != nil {
				return damaged(err, "the desk entry of %s", ref.ID)
			}
			before.Home = cmp.Or(ref.Home, before.Home)
		}
		after := before.Clone()
		if err := w.Change(&after); err != nil {
			return err
		}
		if a := after.Assessment; a != nil {
			if err := a.Validate(); err != nil {
				return err
			}
		}
		if after.SameContent(&before) {
			return errDeskUnchanged // rolled back: a commit would write the file
		}
		after.Updated, after.By = now(), w.Who
		c = model.Change{Target: ref.ID, Report: ref.Report, Who: w.Who, When: after.Updated, What: w.What, Before: before, After: after}
		if err := putDesk(tx, &after); err != nil {
			return err
		}
		var err error
		if c.Seq, err = appendChange(tx, &c); err != nil {
			return err
		}
		ok = true
		return bumpGeneration(tx)
	})
	if err == errDeskUnchanged {
		err = nil
	}
	return c, ok, err
}

// errDeskUnchanged rolls back a desk write that changes nothing.
var errDeskUnchanged = errors.New("no change")

// deskUpgrade brings an older store to this schema inside a desk write:
// one of schema 3 gains the desk's buckets (upgrade); an older one needs
// its summaries and list made again, which the relink does (as every
// other first write does).
func deskUpgrade(ctx context.Context, tx *bolt.Tx) error {
	if schemaOf(tx) < 3 {
		_, err := relink(ctx, tx, nil, false, nil, nil, false)
		return err
	}
	return upgrade(tx)
}

// putDesk writes an entry, or deletes it when it holds nothing.
func putDesk(tx *bolt.Tx, e *model.DeskEntry) error {
	desk := tx.Bucket(bucketDesk)
	key := deskKey(e.Target, e.Report)
	if e.Empty() {
		return desk.Delete(key)
	}
	rec, err := encodeDeskEntry(e)
	if err != nil {
		return err
	}
	return desk.Put(key, rec)
}

// appendChange adds a change at the end of the history.
func appendChange(tx *bolt.Tx, c *model.Change) (uint64, error) {
	h := tx.Bucket(bucketDeskHistory)
	seq, err := h.NextSequence()
	if err != nil {
		return 0, err
	}
	c.Seq = seq
	rec, err := encodeChange(c)
	if err != nil {
		return 0, err
	}
	return seq, h.Put(changeKey(seq), rec)
}

func bumpGeneration(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	gen, _ := getUint64(meta.Get(metaGeneration))
	return meta.Put(metaGeneration, putUint64(gen+1))
}

// deskShownAs is the strike a strike ID is shown as: the strike it is
// linked into, or itself.
func deskShownAs(tx *bolt.Tx, id string) (string, error) {
	links := tx.Bucket(bucketLinks)
	if links == nil {
		return id, nil
	}
	if rec := links.Get([]byte(id)); rec != nil {
		l, err := decodeLink(rec)
		if err != nil {
			return "", damaged(err, "link of strike %s", id)
		}
		if tx.Bucket(bucketStrikes).Get([]byte(l.into)) != nil {
			return l.into, nil
		}
		return id, nil
	}
	into, err := movedAway(tx, id)
	if err != nil || into == "" {
		return id, err
	}
	return into, nil
}

// entryShownUnder is the strike an entry's target is shown under: a
// report a person moved is shown under the strike they moved it into.
func entryShownUnder(tx *bolt.Tx, target string, report bool, home string) (string, error) {
	if !report {
		return deskShownAs(tx, target)
	}
	if links := tx.Bucket(bucketLinks); links != nil {
		if rec := links.Get([]byte(home + "\x00" + target)); rec != nil {
			l, err := decodeLink(rec)
			if err != nil {
				return "", damaged(err, "link of report %s", target)
			}
			if tx.Bucket(bucketStrikes).Get([]byte(l.into)) != nil {
				return l.into, nil
			}
		}
	}
	return deskShownAs(tx, home)
}

// eachDesk calls fn with every entry and the strike it is shown under.
func eachDesk(tx *bolt.Tx, fn func(e *model.DeskEntry, shown string) error) error {
	desk := tx.Bucket(bucketDesk)
	if desk == nil {
		return nil
	}
	return desk.ForEach(func(k, v []byte) error {
		e, err := decodeDeskEntry(k, v)
		if err != nil {
			return damaged(err, "the desk entry %q", bytes.ReplaceAll(k, []byte{0}, []byte{':'}))
		}
		shown, err := entryShownUnder(tx, e.Target, e.Report, e.Home)
		if err != nil {
			return err
		}
		return fn(&e, shown)
	})
}

// deskMarks is the desk's mark of every strike shown with an entry on it
// or its reports, by the strike's shown ID. The strike's own entry is
// marked last, so its assessment's status is the one the list shows.
func deskMarks(tx *bolt.Tx) (map[string]*model.DeskMark, error) {
	var own, others []struct {
		e     model.DeskEntry
		shown string
	}
	err := eachDesk(tx, func(e *model.DeskEntry, shown string) error {
		x := struct {
			e     model.DeskEntry
			shown string
		}{*e, shown}
		if !e.Report && e.Target == shown {
			own = append(own, x)
		} else {
			others = append(others, x)
		}
		return nil
	})
	if err != nil || len(own)+len(others) == 0 {
		return nil, err
	}
	marks := map[string]*model.DeskMark{}
	for _, x := range append(others, own...) {
		m := marks[x.shown]
		if m == nil {
			m = &model.DeskMark{}
			marks[x.shown] = m
		}
		m.Mark(&x.e)
	}
	return marks, nil
}

// markSummaries sets the desk's mark on the summaries it has one for.
func markSummaries(tx *bolt.Tx, sums []model.Summary) error {
	marks, err := deskMarks(tx)
	if err != nil || marks == nil {
		return err
	}
	for i := range sums {
		sums[i].Desk = marks[sums[i].ID]
	}
	return nil
}

// Desk returns the entries shown with strike id (as Strike finds it:
// a strike linked into another is shown as that other): the strike's own
// first, then those on the strikes shown under it, then those on its
// reports, each group by ID.
func (s *Store) Desk(id string) ([]model.DeskEntry, error) {
	var out []model.DeskEntry
	shown := id
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		if shown, err = deskShownAs(tx, id); err != nil {
			return err
		}
		return eachDesk(tx, func(e *model.DeskEntry, under string) error {
			if under == shown {
				out = append(out, *e)
			}
			return nil
		})
	})
	sortEntries(out, shown)
	return out, err
}

// sortEntries orders a strike's entries: the strike's own, the strikes
// under it, the reports.
func sortEntries(es []model.DeskEntry, id string) {
	rank := func(e *model.DeskEntry) int {
		switch {
		case e.Report:
			return 2
		case e.Target == id:
			return 0
		}
		return 1
	}
	slices.SortStableFunc(es, func(a, b model.DeskEntry) int {
		return cmp.Or(cmp.Compare(rank(&a), rank(&b)), cmp.Compare(a.Target, b.Target))
	})
}

// DeskEntries returns every entry of the desk, strikes' then reports', by
// ID (the export's desk section).
func (s *Store) DeskEntries() ([]model.DeskEntry, error) {
	var out []model.DeskEntry
	err := s.view(func(tx *bolt.Tx) error {
		desk := tx.Bucket(bucketDesk)
		if desk == nil {
			return nil
		}
		return desk.ForEach(func(k, v []byte) error {
			e, err := decodeDeskEntry(k, v)
			if err != nil {
				return damaged(err, "the desk entry of %s", k[2:])
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// History returns the changes of the desk, oldest first: all of them
// when id is "", else those on what is shown with strike id (its own
// entry, the strikes shown under it, its reports).
func (s *Store) History(id string) ([]model.Change, error) {
	var out []model.Change
	err := s.view(func(tx *bolt.Tx) error {
		h := tx.Bucket(bucketDeskHistory)
		if h == nil {
			return nil
		}
		shown := ""
		if id != "" {
			var err error
			if shown, err = deskShownAs(tx, id); err != nil {
				return err
			}
		}
		return h.ForEach(func(k, v []byte) error {
			c, err := decodeChange(k, v)
			if err != nil {
				return damaged(err, "the desk's history record %d", c.Seq)
			}
			if id != "" {
				home := cmp.Or(c.After.Home, c.Before.Home)
				under, err := entryShownUnder(tx, c.Target, c.Report, home)
				if err != nil {
					return err
				}
				if under != shown {
					return nil
				}
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// DeskMerge is what MergeDesk did.
type DeskMerge struct {
	// Added counts the entries new to the store, Taken those that replaced
	// an older entry, Kept those the store kept because its own was newer,
	// Same those the store already held; Changes the history records added.
	Added, Taken, Kept, Same, Changes int
	// Said names each entry the store kept over an older import, with
	// both sides' who and when.
	Said []string
}

// MergeDesk brings another store's desk in (strikes import of an export
// with a desk section), as one atomic write: an entry new to the store is
// added; of two entries on one target the newer (by its last change) is
// kept, and an import that would overwrite a newer entry says so; every
// change of the other history not already held is added to this one, and
// a merge that replaces or keeps an entry adds a change saying which, so
// both are in the history. Entries need not name a strike in the store:
// they wait for it.
func (s *Store) MergeDesk(ctx context.Context, entries []model.DeskEntry, changes []model.Change, who, from string) (DeskMerge, error) {
	var m DeskMerge
	if err := s.writable(); err != nil {
		return m, err
	}
	if len(entries)+len(changes) == 0 {
		return m, nil
	}
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		m = DeskMerge{}
		if err := deskUpgrade(ctx, tx); err != nil {
			return err
		}
		// The history: a change already held (same target, who, when and
		// what) is not added again, so importing one file twice adds
		// nothing.
		type ident struct {
			target string
			report bool
			who    string
			when   int64
			what   string
		}
		held := map[ident]bool{}
		h := tx.Bucket(bucketDeskHistory)
		err := h.ForEach(func(k, v []byte) error {
			c, err := decodeChange(k, v)
			if err != nil {
				return damaged(err, "the desk's history record %d", c.Seq)
			}
			held[ident{c.Target, c.Report, c.Who, c.When.UnixNano(), c.What}] = true
			return nil
		})
		if err != nil {
			return err
		}
		sorted := slices.Clone(changes)
		slices.SortStableFunc(sorted, func(a, b model.Change) int {
			return cmp.Or(a.When.Compare(b.When), cmp.Compare(a.Seq, b.Seq))
		})
		for i := range sorted {
			c := sorted[i]
			id := ident{c.Target, c.Report, c.Who, c.When.UnixNano(), c.What}
			if held[id] {
				continue
			}
			held[id] = true
			if _, err := appendChange(tx, &c); err != nil {
				return err
			}
			m.Changes++
		}
		desk := tx.Bucket(bucketDesk)
		for i := range entries {
			in := entries[i]
			key := deskKey(in.Target, in.Report)
			rec := desk.Get(key)
			if rec == nil {
				if err := putDesk(tx, &in); err != nil {
					return err
				}
				m.Added++
				continue
			}
			cur, err := decodeDeskEntry(key, rec)
			if err != nil {
				return damaged(err, "the desk entry of %s", in.Target)
			}
			if cur.SameContent(&in) {
				m.Same++
				continue
			}
			note := model.Change{Target: in.Target, Report: in.Report, Who: who, When: now(), What: "import"}
			if in.Updated.After(cur.Updated) {
				note.Before, note.After = cur, in
				note.Said = fmt.Sprintf("imported from %s: its entry (%s, %s) is newer than the one held (%s, %s), which it replaced",
					from, in.By, stamp(in.Updated), cur.By, stamp(cur.Updated))
				if err := putDesk(tx, &in); err != nil {
					return err
				}
				m.Taken++
			} else {
				note.Before, note.After = cur, cur
				note.Said = fmt.Sprintf("imported from %s: its entry (%s, %s) is not newer than the one held (%s, %s), which was kept; the import's is in the history",
					from, in.By, stamp(in.Updated), cur.By, stamp(cur.Updated))
				m.Kept++
				m.Said = append(m.Said, fmt.Sprintf("%s: the store's entry (%s, %s) is newer than the import's (%s, %s): kept the store's; both are in the history",
					in.Target, cur.By, stamp(cur.Updated), in.By, stamp(in.Updated)))
				// The import's entry goes in the history too.
				imp := model.Change{Target: in.Target, Report: in.Report, Who: cmp.Or(in.By, who), When: in.Updated, What: "import (not kept)",
					Before: cur, After: in, Said: "the entry " + from + " held, older than the store's"}
				if _, err := appendChange(tx, &imp); err != nil {
					return err
				}
			}
			if _, err := appendChange(tx, &note); err != nil {
				return err
			}
		}
		if m.Added+m.Taken+m.Kept+m.Changes == 0 {
			return errDeskUnchanged
		}
		return bumpGeneration(tx)
	})
	if err == errDeskUnchanged {
		err = nil
	}
	return m, err
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// checkDesk verifies every desk entry and history record (strikes check).
func checkDesk(tx *bolt.Tx, rep *CheckReport) {
	if b := tx.Bucket(bucketDesk); b != nil {
		b.ForEach(func(k, v []byte) error {
			if _, err := decodeDeskEntry(k, v); err != nil {
				rep.add("the desk entry %q: %v", bytes.ReplaceAll(k, []byte{0}, []byte{':'}), err)
			}
			return nil
		})
	}
	if b := tx.Bucket(bucketDeskHistory); b != nil {
		b.ForEach(func(k, v []byte) error {
			if _, err := decodeChange(k, v); err != nil || len(k) != 8 {
				rep.add("the desk's history record %x: %v", k, cmp.Or(err, fmt.Errorf("its key is not a sequence number")))
			}
			return nil
		})
	}
}

// DeskMarksByRecord is the desk's mark of each strike as imported (an
// entry on a report marks the strike it was imported with), for matching
// records rather than the strikes shown (strikes export QUERY).
func (s *Store) DeskMarksByRecord() (map[string]*model.DeskMark, error) {
	marks := map[string]*model.DeskMark{}
	err := s.view(func(tx *bolt.Tx) error {
		return eachDesk(tx, func(e *model.DeskEntry, _ string) error {
			id := e.Target
			if e.Report {
				id = e.Home
			}
			if marks[id] == nil {
				marks[id] = &model.DeskMark{}
			}
			marks[id].Mark(e)
			return nil
		})
	})
	return marks, err
}
