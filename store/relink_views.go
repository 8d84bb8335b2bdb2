package store

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The merged summaries: for every strike the plan's links change, its
// summary as shown (linked record, overlay_records.go), made from the
// members' stored summaries where whole strikes link, else from their
// records.

// viewSource finds what the merged summary of a strike the plan links is
// made from: the records and attributions the first pass read, and the
// strikes' stored summaries. Strikes are named by their rank in the plan,
// which is their index in the first pass's ID-ordered keys.
type viewSource struct {
	in   *linkInput
	sums *rankTable[[]byte] // summary records (memory of the transaction)
}

// rankTable holds values for some of a relink's strikes, by rank: in a
// slice when many have one, in a map when few do (a store shaped like a
// real one links a few thousand of a million strikes).
type rankTable[T any] struct {
	dense  []T
	sparse map[int32]T
}

// newRankTable makes a table for about want of n strikes.
func newRankTable[T any](n, want int) *rankTable[T] {
	if want*8 >= n {
		return &rankTable[T]{dense: make([]T, n)}
	}
	return &rankTable[T]{sparse: make(map[int32]T, want)}
}

func (t *rankTable[T]) get(r int32) (v T) {
	if t == nil || r < 0 {
		return v
	}
	if t.dense != nil {
		if int(r) < len(t.dense) {
			v = t.dense[r]
		}
		return v
	}
	return t.sparse[r]
}

func (t *rankTable[T]) set(r int32, v T) {
	if t.dense != nil {
		t.dense[r] = v
		return
	}
	t.sparse[r] = v
}

// newViewSource reads the own summary records of the strikes the links
// name (ownSummary: from their list entries, else made from their
// records); one that cannot be read is left missing.
func newViewSource(tx *bolt.Tx, in *linkInput, links []model.StrikeLink) *viewSource {
	src := &viewSource{in: in}
	if len(links) == 0 {
		return src
	}
	need, count := make([]bool, len(in.keys)), 0
	for i := range links {
		for _, r := range [...]int32{links[i].FromRank, links[i].IntoRank} {
			if r >= 0 && int(r) < len(need) && !need[r] {
				need[r] = true
				count++
			}
		}
	}
	src.sums = newRankTable[[]byte](len(in.keys), count)
	// Most are in the own bucket (strikes already linked), read in ID
	// order: stepping through it where they lie close, seeking where they
	// do not.
	var c *bolt.Cursor
	if b := tx.Bucket(bucketOwn); b != nil && tx.Bucket(bucketSummaries) == nil {
		c = b.Cursor()
	}
	var k, v []byte
	first, read := true, 0
	for i, ok := range need {
		if !ok {
			continue
		}
		if read++; read%scanDropEvery == 0 {
			in.drop.Check(in.db)
		}
		id := []byte(in.keys[i].ID)
		if c != nil {
			if first {
				k, v = c.Seek(id)
				first = false
			}
			for step := 0; k != nil && bytes.Compare(k, id) < 0; step++ {
				if step == 8 {
					k, v = c.Seek(id)
					break
				}
				k, v = c.Next()
			}
			if bytes.Equal(k, id) {
				src.sums.set(int32(i), v)
				continue
			}
		}
		if rec, _, found, err := ownSummary(tx, id); err == nil && found {
			src.sums.set(int32(i), rec)
		}
	}
	return src
}

// record is the record of the strike of rank r, nil when there is none.
func (s *viewSource) record(r int32) []byte {
	if r < 0 || int(r) >= len(s.in.recs) {
		return nil
	}
	return s.in.recs[r]
}

// summary is the stored summary record and the attribution of the strike
// of rank r; ok is false when either is missing.
func (s *viewSource) summary(r int32) ([]byte, model.Attribution, bool) {
	rec := s.sums.get(r)
	if rec == nil {
		return nil, model.Attribution{}, false
	}
	return rec, s.in.attrs.at(s.in.atts[r]), true
}

// strikeView is the overlay of one strike (of rank at): the links into
// it, and the reports a person moved out of it.
type strikeView struct {
	id       string
	at       int32
	incoming []*model.StrikeLink
	moved    []string
}

// buildViews computes, on every CPU, the linked record of every strike
// that a link changes, in ID order. It only reads.
func buildViews(src *viewSource, links []model.StrikeLink) ([]entry, error) {
	var list []*strikeView
	byRank := newRankTable[*strikeView](len(src.in.keys), len(links))
	other := map[string]*strikeView{} // strikes the first pass did not read
	get := func(id string, r int32) *strikeView {
		if r >= 0 && int(r) < len(src.in.keys) {
			v := byRank.get(r)
			if v == nil {
				v = &strikeView{id: id, at: r}
				byRank.set(r, v)
				list = append(list, v)
			}
			return v
		}
		v := other[id]
		if v == nil {
			v = &strikeView{id: id, at: -1}
			other[id] = v
			list = append(list, v)
		}
		return v
	}
	for i := range links {
		l := &links[i]
		v := get(l.Into, l.IntoRank)
		v.incoming = append(v.incoming, l)
		if l.Report != "" {
			v := get(l.From, l.FromRank)
			v.moved = append(v.moved, l.Report)
		}
	}
	slices.SortFunc(list, func(x, y *strikeView) int { return cmp.Compare(x.id, y.id) })
	out := make([][]byte, len(list))
	errs := make([]error, len(list))
	workers := max(1, runtime.GOMAXPROCS(0))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			intern := map[string]string{}
			dec := &summaryDecoder{borrow: true}
			for {
				i := int(next.Add(64)) - 64
				if i >= len(list) {
					return
				}
				for j := i; j < min(i+64, len(list)); j++ {
					out[j], errs[j] = buildView(src, list[j], dec, intern)
				}
			}
		}()
	}
	wg.Wait()
	views := make([]entry, 0, len(list))
	for i, v := range list {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if out[i] != nil {
			views = append(views, entry{[]byte(v.id), out[i]})
		}
	}
	return views, nil
}

// buildView makes the linked record of one strike: from the members'
// stored summaries and attributions when whole strikes link into it (the
// linker's links; model.LinkedSummary), else from their records (a
// person moved single reports, or a summary is missing).
func buildView(src *viewSource, v *strikeView, dec *summaryDecoder, intern map[string]string) ([]byte, error) {
	if rec, ok, err := viewFromSummaries(src, v, dec); ok || err != nil {
		return rec, err
	}
	return viewFromRecords(src, v, intern)
}

func viewFromSummaries(src *viewSource, v *strikeView, dec *summaryDecoder) ([]byte, bool, error) {
	if len(v.moved) > 0 {
		return nil, false, nil
	}
	members := make([]model.Summary, 0, 1+len(v.incoming))
	atts := make([]model.Attribution, 0, 1+len(v.incoming))
	vw := linkView{}
	for i := -1; i < len(v.incoming); i++ {
		id := v.id
		if i >= 0 {
			if v.incoming[i].Report != "" {
				return nil, false, nil
			}
			id = v.incoming[i].From
			vw.incoming = append(vw.incoming, string(linkKey(v.incoming[i])))
		}
		r := v.at
		if i >= 0 {
			r = v.incoming[i].FromRank
		}
		rec, att, ok := src.summary(r)
		if !ok {
			return nil, false, nil
		}
		sum, err := dec.decodeAs(id, rec)
		if err != nil {
			// A damaged summary (strikes check reports it): the records
			// still make the view.
			return nil, false, nil
		}
		members, atts = append(members, sum), append(atts, att)
	}
	if sum := model.LinkedSummary(members, atts); sum.Reports+sum.Silent == 0 {
		vw.empty = true
	} else {
		vw.summary = encodeSummary(&sum)
	}
	return encodeView(&vw), true, nil
}

func viewFromRecords(src *viewSource, v *strikeView, intern map[string]string) ([]byte, error) {
	decode := func(rec []byte) (model.Strike, error) { return decodeForSummary(rec, intern) }
	st, ok, err := decodeRecord(src.record(v.at), v.id, decode)
	if err != nil || !ok {
		return nil, err
	}
	st.Reports = slices.DeleteFunc(st.Reports, func(r model.Report) bool { return slices.Contains(v.moved, r.ID) })
	vw := linkView{}
	var whole movedWhole
	for _, l := range v.incoming {
		from, ok, err := decodeRecord(src.record(l.FromRank), l.From, decode)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		vw.incoming = append(vw.incoming, string(linkKey(l)))
		linkInto(&st, &from, l.Report, l.Reason)
		if l.Report != "" {
			whole.add(&st, &from)
		}
	}
	if len(st.Reports) == 0 {
		vw.empty = true
	} else {
		sum := model.Summarize(&st)
		vw.summary = encodeSummary(&sum)
	}
	return encodeView(&vw), nil
}
