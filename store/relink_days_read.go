package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// What relinkDays reads of a strike it may link (relink_days_find.go):
// its date and place before its record, the strikes of a few days from
// the list, and the strikes of other datasets when they are few.

// maxOthers is how many strikes of other datasets than a strike's
// matches reads instead of the strike's days.
const maxOthers = 16384

// others lists every strike that may have no dataset in common with x
// (those with a report of another dataset, and those of none), when there
// are at most maxOthers: a strike of a big dataset can only match those,
// and reading them is cheaper than reading its days.
func (f *dayFinder) others(x *model.LinkKey) ([]string, bool, error) {
	if len(x.Datasets) == 0 {
		return nil, false, nil
	}
	sig := strings.Join(x.Datasets, "\x00")
	if ids, ok := f.otherIDs[sig]; ok {
		return ids, ids != nil, nil
	}
	if err := f.readNames(); err != nil {
		return nil, false, err
	}
	ids := []string{}
	c := f.idx.Cursor()
	for k, _ := c.Seek([]byte{relinkKeyless}); k != nil && len(k) > 1 && k[0] == relinkKeyless; k, _ = c.Next() {
		ids = append(ids, string(k[1:]))
	}
	c = f.byDS.Cursor()
	for _, name := range f.names {
		if slices.Contains(x.Datasets, model.Fold(name)) {
			continue
		}
		prefix := datasetPrefix(name)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(ids) <= maxOthers; k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
	}
	if len(ids) > maxOthers {
		ids = nil
	}
	f.otherIDs[sig] = ids
	return ids, ids != nil, nil
}

// peek is the strike id's link key as far as its date and place make it
// (whole when the strike was read whole): model.Matches of a peek is
// true whenever that of the whole key is. ok is false when the store
// holds no such strike.
func (f *dayFinder) peek(id string) (*model.LinkKey, bool, error) {
	if i, ok := f.at[id]; ok {
		if i < 0 {
			return nil, false, nil
		}
		return f.keys[i], true, nil
	}
	if k, ok := f.peeks[id]; ok {
		return k, true, nil
	}
	rec := f.strikes.Get([]byte(id))
	if rec == nil {
		f.at[id] = -1
		return nil, false, nil
	}
	if err := f.spend(1); err != nil {
		return nil, false, err
	}
	d, p, err := decodeDatePlace(rec)
	if err != nil {
		return nil, false, damaged(err, "strike %s", id)
	}
	k := f.mk.Of(&model.Strike{ID: id, Date: d, Place: p})
	f.peeks[id] = &k
	return &k, true, nil
}

// isMember says whether the strike id is in the set.
func (f *dayFinder) isMember(id string) bool {
	i, ok := f.at[id]
	return ok && i >= 0 && f.member[i]
}

// meeting lists the strikes whose spans meet a day of lo to hi (and a
// few more): those the list holds whose first day is one of them (the
// list is keyed by first days, newest first), those of several days that
// begin before (the relink index's), and those shown under another
// strike (the links bucket's).
func (f *dayFinder) meeting(lo, hi model.Day) ([]string, error) {
	var ids []string
	from, to := listDay(hi), listDay(lo)
	c := f.list.Cursor()
	for k, _ := c.Seek(from[:]); k != nil && len(k) > 4 && bytes.Compare(k[:4], to[:]) <= 0; k, _ = c.Next() {
		ids = append(ids, string(k[4:]))
	}
	var first [5]byte
	first[0] = relinkWide
	binary.BigEndian.PutUint32(first[1:], relinkDay(lo-(model.MaxLinkSpanDays-1)))
	c = f.idx.Cursor()
	for k, _ := c.Seek(first[:]); k != nil && len(k) > 9 && k[0] == relinkWide; k, _ = c.Next() {
		if binary.BigEndian.Uint32(k[1:]) > relinkDay(hi) {
			break
		}
		if binary.BigEndian.Uint32(k[5:]) >= relinkDay(lo) {
			ids = append(ids, string(k[9:]))
		}
	}
	if err := f.readHidden(); err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(f.hidden, lo-(model.MaxLinkSpanDays-1), func(d dated, day model.Day) int { return cmp.Compare(d.date.Start, day) })
	for ; i < len(f.hidden) && f.hidden[i].date.Start <= hi; i++ {
		if f.hidden[i].date.End >= lo {
			ids = append(ids, f.hidden[i].id)
		}
	}
	return ids, nil
}

// slipping lists the strikes of one day (by their first) that may have
// one of the place keys places: the list's entries tell the place key of
// a strike shown as itself without its record being read.
func (f *dayFinder) slipping(day model.Day, places map[string]bool) ([]string, error) {
	var ids []string
	at := listDay(day)
	c := f.list.Cursor()
	for k, v := c.Seek(at[:]); k != nil && len(k) > 4 && bytes.Equal(k[:4], at[:]); k, v = c.Next() {
		id := k[4:]
		if _, read := f.at[string(id)]; !read && f.linked.Get(id) == nil {
			if key, err := listPlaceKey(v); err == nil && !places[key] {
				continue
			}
		}
		ids = append(ids, string(id))
	}
	if err := f.readHidden(); err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(f.hidden, day, func(d dated, day model.Day) int { return cmp.Compare(d.date.Start, day) })
	for ; i < len(f.hidden) && f.hidden[i].date.Start == day; i++ {
		ids = append(ids, f.hidden[i].id)
	}
	return ids, nil
}

// listPlaceKey reads the place key of the summary a list record holds.
func listPlaceKey(rec []byte) (string, error) {
	body, err := unseal(rec, listRecordVersion)
	if err != nil {
		return "", err
	}
	r := &reader{b: body}
	r.count32() // possible links
	if r.err != nil {
		return "", r.err
	}
	sum, err := unseal(r.b, summaryRecordVersion)
	if err != nil {
		return "", err
	}
	r = &reader{b: sum}
	r.date()
	r.bytes() // the place's name
	r.bytes() // in Arabic
	key := r.str()
	return key, r.err
}

// listDay is the first four bytes of the list key of a strike whose first
// day is d (listKey).
func listDay(d model.Day) [4]byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(int64(math.MaxInt32)-int64(d)))
	return b
}

// readHidden reads the first days of the strikes the list may lack: every
// strike the links bucket moves (a strike shown under another, a home a
// person moved reports out of).
func (f *dayFinder) readHidden() error {
	if f.hiddenRead {
		return nil
	}
	f.hiddenRead = true
	c := f.links.Cursor()
	var prev []byte
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		id := k
		if i := bytes.IndexByte(k, 0); i >= 0 {
			id = k[:i]
		}
		if bytes.Equal(id, prev) {
			continue
		}
		prev = id
		rec := f.strikes.Get(id)
		if rec == nil {
			continue // deleted by this import
		}
		d, _, err := decodeDatePlace(rec)
		if err != nil {
			return errUnsure // the whole relink reads the records
		}
		if model.Linkable(d) {
			f.hidden = append(f.hidden, dated{d, string(id)})
		}
	}
	slices.SortFunc(f.hidden, func(a, b dated) int { return cmp.Compare(a.date.Start, b.date.Start) })
	return nil
}

// input is the set, in ID order, as the first pass of a whole relink
// reads it (linkInput).
func (f *dayFinder) input() *linkInput {
	var order []int32
	for i, m := range f.member {
		if m {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(f.keys[a].ID, f.keys[b].ID) })
	in := f.li
	in.keys = make([]model.LinkKey, len(order))
	in.recs = make([][]byte, len(order))
	in.atts = make([]uint32, len(order))
	for j, i := range order {
		in.keys[j], in.recs[j], in.atts[j] = *f.keys[i], f.recs[i], f.atts[i]
	}
	return in
}
