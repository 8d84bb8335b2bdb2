package store

import (
	"bytes"
	"cmp"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// Reading through the overlay: a strike as shown (its own reports, then
// those linked into it, each with its reason, and its possible links), and
// the summaries as listed (strikes shown under another left out).

// getStrike decodes the record of a strike; ok is false when there is none.
func getStrike(strikes *bolt.Bucket, id string) (model.Strike, bool, error) {
	return decodeRecord(strikes.Get([]byte(id)), id, decodeStrike)
}

// decodeRecord decodes the record of strike id with decode (decodeStrike,
// or decodeForSummary where only a summary is made); ok is false when rec
// is nil.
func decodeRecord(rec []byte, id string, decode func([]byte) (model.Strike, error)) (model.Strike, bool, error) {
	if rec == nil {
		return model.Strike{}, false, nil
	}
	st, err := decode(rec)
	if err != nil {
		return st, false, damaged(err, "strike %s", id)
	}
	return st, true, nil
}

// movedWhole counts the reports a person moved one by one into a strike,
// by the strike they came from: once all of a strike's reports are in
// (a possible link made by hand), it is shown as a whole strike linked
// in, its codes included.
type movedWhole map[string]int

// add counts one more report of from moved into st; when it is from's
// last, it adds from's codes to st and says so.
func (m *movedWhole) add(st, from *model.Strike) bool {
	if *m == nil {
		*m = movedWhole{}
	}
	(*m)[from.ID]++
	if (*m)[from.ID] != len(from.Reports) {
		return false
	}
	for _, c := range from.Codes {
		if !slices.Contains(st.Codes, c) {
			st.Codes = append(st.Codes, c)
		}
	}
	return true
}

// movedAway returns the strike every report of strike id was moved into
// by hand, when it is one stored strike; "" otherwise.
func movedAway(tx *bolt.Tx, id string) (string, error) {
	linked, links := tx.Bucket(bucketLinked), tx.Bucket(bucketLinks)
	if linked == nil || links == nil {
		return "", nil
	}
	rec := linked.Get([]byte(id))
	if rec == nil {
		return "", nil
	}
	v, err := decodeView(rec)
	if err != nil {
		return "", damaged(err, "links of strike %s", id)
	}
	if !v.empty {
		return "", nil
	}
	prefix := append([]byte(id), 0)
	into := ""
	c := links.Cursor()
	for k, lrec := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, lrec = c.Next() {
		l, err := decodeLink(lrec)
		if err != nil {
			return "", damaged(err, "link of report %s", k[len(prefix):])
		}
		if into != "" && l.into != into {
			return "", nil // spread over several strikes
		}
		into = l.into
	}
	if into == "" || tx.Bucket(bucketStrikes).Get([]byte(into)) == nil {
		return "", nil
	}
	return into, nil
}

// linkInto appends to st the reports of from (only the one named report,
// when report is set), marked with the link's reason. A whole strike
// linked in brings its codes too, so that its own code (Airwars' CS1282)
// still finds it under the strike it is shown in.
func linkInto(st, from *model.Strike, report, reason string) {
	for _, r := range from.Reports {
		if report != "" && r.ID != report {
			continue
		}
		r.Link = reason
		st.Reports = append(st.Reports, r)
	}
	if report == "" {
		for _, c := range from.Codes {
			if !slices.Contains(st.Codes, c) {
				st.Codes = append(st.Codes, c)
			}
		}
	}
}

// shownStrike reads a strike as shown: a strike linked into another is
// shown as that one; a strike's own reports (less those a person moved
// out) come first, then those of the strikes and reports linked into
// it, each with its reason; Possible holds its possible links.
func shownStrike(tx *bolt.Tx, id string) (model.Strike, error) {
	strikes := tx.Bucket(bucketStrikes)
	links, linked, possible := tx.Bucket(bucketLinks), tx.Bucket(bucketLinked), tx.Bucket(bucketPossible)
	if links != nil {
		if rec := links.Get([]byte(id)); rec != nil {
			l, err := decodeLink(rec)
			if err != nil {
				return model.Strike{}, damaged(err, "link of strike %s", id)
			}
			if strikes.Get([]byte(l.into)) != nil {
				id = l.into
			}
		} else if into, err := movedAway(tx, id); err != nil {
			return model.Strike{}, err
		} else if into != "" {
			id = into
		}
	}
	st, ok, err := getStrike(strikes, id)
	if err != nil {
		return st, err
	}
	if !ok {
		return st, storeErr(ErrNotFound, nil, "no strike with ID %s", id)
	}
	members := []string{id}
	var whole movedWhole
	if linked != nil && links != nil {
		if rec := linked.Get([]byte(id)); rec != nil {
			v, err := decodeView(rec)
			if err != nil {
				return st, damaged(err, "links of strike %s", id)
			}
			prefix := append([]byte(id), 0)
			st.Reports = slices.DeleteFunc(st.Reports, func(r model.Report) bool {
				return links.Get(append(prefix[:len(prefix):len(prefix)], r.ID...)) != nil
			})
			for _, k := range v.incoming {
				from, report := k, ""
				if i := bytes.IndexByte([]byte(k), 0); i >= 0 {
					from, report = k[:i], k[i+1:]
				}
				lrec := links.Get([]byte(k))
				if lrec == nil {
					continue
				}
				l, err := decodeLink(lrec)
				if err != nil {
					return st, damaged(err, "link of strike %s", from)
				}
				f, ok, err := getStrike(strikes, from)
				if err != nil {
					return st, err
				}
				if ok {
					linkInto(&st, &f, report, l.reason)
					if report == "" {
						members = append(members, from)
					} else if whole.add(&st, &f) {
						members = append(members, from)
					}
				}
			}
		}
	}
	if possible != nil {
		for _, m := range members {
			rec := possible.Get([]byte(m))
			if rec == nil {
				continue
			}
			cs, err := decodePossible(rec)
			if err != nil {
				return st, damaged(err, "possible links of strike %s", m)
			}
			for _, c := range cs {
				if slices.Contains(members, c.From) && slices.Contains(members, c.To) {
					continue
				}
				if !slices.ContainsFunc(st.Possible, func(p model.LinkCandidate) bool { return p.From == c.From && p.To == c.To }) {
					st.Possible = append(st.Possible, c)
				}
			}
		}
		slices.SortStableFunc(st.Possible, func(x, y model.LinkCandidate) int { return cmp.Compare(y.Score, x.Score) })
	}
	return st, nil
}

// overlaySummaries applies the link overlay to summaries read in ID
// order: strikes shown under another are dropped, and strikes that links
// change get their summaries as shown.
func overlaySummaries(tx *bolt.Tx, sums []model.Summary) ([]model.Summary, error) {
	links, linked, possible := tx.Bucket(bucketLinks), tx.Bucket(bucketLinked), tx.Bucket(bucketPossible)
	empty := func(b *bolt.Bucket) bool {
		if b == nil {
			return true
		}
		k, _ := b.Cursor().First()
		return k == nil
	}
	if links == nil || linked == nil || (empty(links) && empty(linked) && empty(possible)) {
		return sums, nil
	}
	lc, vc := links.Cursor(), linked.Cursor()
	lk, lv := lc.First()
	vk, vv := vc.First()
	var pc *bolt.Cursor
	var pk, pv []byte
	if possible != nil {
		pc = possible.Cursor()
		pk, pv = pc.First()
	}
	// The possible links of a strike shown under another count for that
	// other, which may come before or after it: added at the end.
	under := map[string]int{}
	d := newSummaryDecoder()
	out := sums[:0]
	for _, s := range sums {
		id := []byte(s.ID)
		n := 0
		for pc != nil && pk != nil && bytes.Compare(pk, id) < 0 {
			pk, pv = pc.Next()
		}
		if pk != nil && bytes.Equal(pk, id) {
			var err error
			if n, err = possibleCount(pv); err != nil {
				return nil, damaged(err, "possible links of strike %s", id)
			}
		}
		for lk != nil && bytes.Compare(lk, id) < 0 {
			lk, lv = lc.Next()
		}
		if lk != nil && bytes.Equal(lk, id) {
			if n > 0 {
				l, err := decodeLink(lv)
				if err != nil {
					return nil, damaged(err, "link of strike %s", id)
				}
				under[l.into] += n
			}
			continue // shown under another strike
		}
		for vk != nil && bytes.Compare(vk, id) < 0 {
			vk, vv = vc.Next()
		}
		if vk != nil && bytes.Equal(vk, id) {
			v, err := decodeView(vv)
			if err != nil {
				return nil, damaged(err, "links of strike %s", id)
			}
			if v.empty {
				continue
			}
			sum, err := d.decode(id, v.summary)
			if err != nil {
				return nil, damaged(err, "linked summary of strike %s", id)
			}
			s = sum
		}
		s.Possible = n
		out = append(out, s)
	}
	if len(under) > 0 {
		for i := range out {
			out[i].Possible += under[out[i].ID]
		}
	}
	return out, nil
}
