package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The link overlay. Records are kept as imported; what the linker
// (model.Link) decides is written beside them, in four buckets
// (schema.go), and applied when strikes are read:
//
//   - links: one entry per strike shown under another (key: its ID) and
//     per report a person moved (key: home ID + 0x00 + report ID), with
//     the target, the reason and the score.
//   - linked: one entry per strike whose shown reports differ from its
//     record (a target, or a home a person moved a report out of): the
//     keys of the links into it and the summary of the strike as shown,
//     so that Summaries reads no report.
//   - possible: the links the linker found but did not make, under both
//     strikes.
//   - decisions: what people decided (strikes link / unlink), by report
//     ID; the linker's input, never its output.
//
// relink rewrites links, linked and possible from the records and the
// decisions; it runs inside every import's atomic write and on demand
// (Relink). A store written before these buckets lacks them: a missing
// bucket reads as empty, and the first relink creates them.

// Record versions of the overlay.
const (
	linkRecordVersion     = 1
	viewRecordVersion     = 1
	possibleRecordVersion = 1
	decisionRecordVersion = 1
)

// OverlayVersion numbers the overlay's layout and the linker's rules
// (model.Link): a store derived with another, such as a cached demo, is
// stale. strikes link --rebuild refreshes a user's store.
const OverlayVersion = 2

// ManualReason is the reason of a link a person made.
const ManualReason = "linked by hand"

// LinkStats says what a relink did.
type LinkStats struct {
	// Links counts the strikes shown under another strike, Manual the
	// reports a person moved, Possible the pairs kept as possible links.
	Links, Manual, Possible int
	// Took is how long the relink took.
	Took time.Duration
}

// linkRec is a links record.
type linkRec struct {
	into, reason string
	score, km    float64
	manual       bool
}

func putFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func encodeLink(l *model.StrikeLink) []byte {
	b := []byte{linkRecordVersion}
	b = putStr(b, l.Into)
	b = putStr(b, l.Reason)
	b = putFloat(b, l.Score)
	b = putFloat(b, l.KM)
	var flags byte
	if l.Manual {
		flags = 1
	}
	return seal(append(b, flags))
}

func decodeLink(rec []byte) (linkRec, error) {
	body, err := unseal(rec, linkRecordVersion)
	if err != nil {
		return linkRec{}, err
	}
	r := &reader{b: body}
	l := linkRec{into: r.str(), reason: r.str(), score: r.float(), km: r.float()}
	l.manual = r.byte()&1 != 0
	return l, r.done("link")
}

// done is the error of a reader that should have read its whole record.
func (r *reader) done(what string) error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return fmt.Errorf("the %s record cannot be read: %w", what, r.err)
	}
	return nil
}

// linkKey is the links key of a link: From, or From+0x00+Report.
func linkKey(l *model.StrikeLink) []byte {
	if l.Report == "" {
		return []byte(l.From)
	}
	return append(append([]byte(l.From), 0), l.Report...)
}

// linkView is a linked record: the links into a strike and its summary as
// shown (empty when a person moved every report out of it).
type linkView struct {
	incoming []string // links keys
	empty    bool
	summary  []byte // a summary record (summary.go)
}

func encodeView(v *linkView) []byte {
	b := []byte{viewRecordVersion}
	var flags byte
	if v.empty {
		flags = 1
	}
	b = append(b, flags)
	b = putStrs(b, v.incoming)
	b = putUint(b, uint64(len(v.summary)))
	return seal(append(b, v.summary...))
}

func decodeView(rec []byte) (linkView, error) {
	body, err := unseal(rec, viewRecordVersion)
	if err != nil {
		return linkView{}, err
	}
	r := &reader{b: body}
	v := linkView{empty: r.byte()&1 != 0, incoming: r.strs(), summary: r.bytes()}
	return v, r.done("linked")
}

func encodePossible(cs []model.LinkCandidate) []byte {
	b := []byte{possibleRecordVersion}
	b = putUint(b, uint64(len(cs)))
	for _, c := range cs {
		b = putStr(b, c.From)
		b = putStr(b, c.To)
		b = putStr(b, c.Reason)
		b = putFloat(b, c.Score)
		b = putFloat(b, c.KM)
		var flags byte
		if c.Weak {
			flags = 1
		}
		b = append(b, flags)
	}
	return seal(b)
}

func decodePossible(rec []byte) ([]model.LinkCandidate, error) {
	body, err := unseal(rec, possibleRecordVersion)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body}
	n := r.len()
	var out []model.LinkCandidate
	for range n {
		c := model.LinkCandidate{From: r.str(), To: r.str(), Reason: r.str(), Score: r.float(), KM: r.float()}
		c.Weak = r.byte()&1 != 0
		if r.err != nil {
			break
		}
		out = append(out, c)
	}
	return out, r.done("possible")
}

func encodeDecision(d *model.Decision) []byte {
	b := []byte{decisionRecordVersion}
	b = putStr(b, d.Home)
	return seal(putStr(b, d.Into))
}

func decodeDecision(report, rec []byte) (model.Decision, error) {
	body, err := unseal(rec, decisionRecordVersion)
	if err != nil {
		return model.Decision{}, err
	}
	r := &reader{b: body}
	d := model.Decision{Report: string(report), Home: r.str(), Into: r.str()}
	return d, r.done("decision")
}

// Relink runs the linker over the whole store and rewrites the link
// overlay, as one atomic change with a new generation.
func (s *Store) Relink(ctx context.Context) (LinkStats, error) {
	return s.relinkWith(ctx, nil)
}

// Link decides that a report is shown under the strike into (`strikes
// link REPORT STRIKE`), or, when into is "" or the report's own strike,
// that the report's strike is kept apart from every other (`strikes
// unlink REPORT`). The decision is stored, survives re-imports and
// rebuilds, and the store is relinked at once.
func (s *Store) Link(ctx context.Context, report, into string) (LinkStats, error) {
	return s.relinkWith(ctx, &decideReq{report: report, into: into})
}

// Unlink is Link(ctx, report, "").
func (s *Store) Unlink(ctx context.Context, report string) (LinkStats, error) {
	return s.Link(ctx, report, "")
}

func (s *Store) relinkWith(ctx context.Context, req *decideReq) (LinkStats, error) {
	if err := s.writable(); err != nil {
		return LinkStats{}, err
	}
	var st LinkStats
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		var err error
		if st, err = relink(ctx, tx, req, false); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		gen, _ := getUint64(meta.Get(metaGeneration))
		return meta.Put(metaGeneration, putUint64(gen+1))
	})
	return st, err
}

// decideReq is a decision to store before relinking.
type decideReq struct{ report, into string }

// relink reads every strike, stores req's decision (if any), runs the
// linker and rewrites the overlay. It must run in a write transaction
// before anything else in it writes the overlay buckets. keyed says the
// caller knows that every stored strike has a dataset index key.
func relink(ctx context.Context, tx *bolt.Tx, req *decideReq, keyed bool) (LinkStats, error) {
	start := time.Now()
	if err := upgrade(tx); err != nil {
		return LinkStats{}, err
	}
	decided := map[string]model.Decision{}
	if b := tx.Bucket(bucketDecisions); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			d, err := decodeDecision(k, v)
			if err != nil {
				return storeErr(ErrCorrupt, err, "decision on report %s: %v; run strikes check", k, err)
			}
			decided[d.Report] = d
			return nil
		})
		if err != nil {
			return LinkStats{}, err
		}
	}
	if req != nil {
		if _, ok := decided[req.report]; !ok {
			decided[req.report] = model.Decision{Report: req.report}
		}
	}
	if len(decided) == 0 && oneDataset(tx, keyed) {
		// No two strikes can link: write the empty overlay without
		// reading a record (a store of one big dataset imports fast).
		if err := writeOverlay(tx, &model.LinkPlan{}, nil); err != nil {
			return LinkStats{}, err
		}
		if err := tx.Bucket(bucketMeta).Put(metaOverlay, putUint64(OverlayVersion)); err != nil {
			return LinkStats{}, err
		}
		return LinkStats{Took: time.Since(start)}, nil
	}
	strikes := tx.Bucket(bucketStrikes)
	keys, recs, home, err := linkKeys(ctx, strikes, readCounts(tx).Strikes, decided)
	if err != nil {
		return LinkStats{}, err
	}
	if req != nil {
		h, ok := home[req.report]
		if !ok {
			return LinkStats{}, storeErr(ErrNotFound, nil, "no report with ID %s", req.report)
		}
		if req.into != "" && req.into != h && strikes.Get([]byte(req.into)) == nil {
			return LinkStats{}, storeErr(ErrNotFound, nil, "no strike with ID %s", req.into)
		}
		d := model.Decision{Report: req.report, Home: h, Into: req.into}
		if d.Into == h {
			d.Into = ""
		}
		b, err := tx.CreateBucketIfNotExists(bucketDecisions)
		if err != nil {
			return LinkStats{}, err
		}
		if err := b.Put([]byte(d.Report), encodeDecision(&d)); err != nil {
			return LinkStats{}, err
		}
		decided[d.Report] = d
	}
	// Apply the decisions to the records as they are now: a report
	// re-imported under another strike is decided on there; a decision
	// on a report or into a strike no longer stored waits, unapplied.
	var decisions []model.Decision
	for _, d := range decided {
		h, ok := home[d.Report]
		if !ok {
			continue
		}
		d.Home = h
		if d.Into != "" && d.Into != h && strikes.Get([]byte(d.Into)) == nil {
			continue
		}
		decisions = append(decisions, d)
	}
	slices.SortFunc(decisions, func(x, y model.Decision) int { return cmp.Compare(x.Report, y.Report) })
	if err := ctx.Err(); err != nil {
		return LinkStats{}, err
	}
	plan := model.Link(keys, decisions)
	if err := ctx.Err(); err != nil {
		return LinkStats{}, err
	}
	// The records read by the first pass, found by ID, spare the second
	// a B-tree search each; only the strikes the plan links are mapped.
	at := make(map[string]int32, 2*len(plan.Links))
	for i := range plan.Links {
		at[plan.Links[i].From], at[plan.Links[i].Into] = -1, -1
	}
	for i := range keys {
		if _, ok := at[keys[i].ID]; ok {
			at[keys[i].ID] = int32(i)
		}
	}
	record := func(id string) []byte {
		if i, ok := at[id]; ok && i >= 0 {
			return recs[i]
		}
		return nil
	}
	// The merged summaries are made on every CPU while this goroutine
	// writes the links and the possible links: the two only read the
	// same memory (the plan, and records that no write in this
	// transaction moves: bbolt remaps only when it commits).
	type built struct {
		views map[string][]byte
		err   error
	}
	done := make(chan built, 1)
	go func() {
		v, err := buildViews(record, plan.Links)
		done <- built{v, err}
	}()
	// Wait for the workers whatever happens, a panic of bbolt's on a
	// damaged page included: the records they read must not outlive the
	// transaction.
	var b built
	wait := sync.OnceFunc(func() { b = <-done })
	defer wait()
	werr := writePlan(tx, &plan)
	wait()
	if werr != nil {
		return LinkStats{}, werr
	}
	if b.err != nil {
		return LinkStats{}, b.err
	}
	st := LinkStats{Possible: len(plan.Possible)}
	for _, l := range plan.Links {
		if l.Manual {
			st.Manual++
		} else {
			st.Links++
		}
	}
	if err := writeViews(tx, b.views); err != nil {
		return LinkStats{}, err
	}
	if err := tx.Bucket(bucketMeta).Put(metaOverlay, putUint64(OverlayVersion)); err != nil {
		return LinkStats{}, err
	}
	st.Took = time.Since(start)
	return st, nil
}

// oneDataset says whether every stored strike comes from one and the
// same dataset, as the dataset index and the stored count say (or, when
// keyed, the index alone): then, as strikes of one dataset never link,
// the linker has nothing to do.
func oneDataset(tx *bolt.Tx, keyed bool) bool {
	n := readCounts(tx).Strikes
	c := tx.Bucket(bucketByDataset).Cursor()
	k, _ := c.First()
	if k == nil {
		return n == 0
	}
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return false // damaged; let the full relink read the records
	}
	// Every key of another dataset sorts at or after term+0x01.
	if other, _ := c.Seek(append(slices.Clip(k[:i]), 1)); other != nil {
		return false
	}
	if keyed {
		return true // counting would read every page of the index
	}
	// Count by cursor: Stats would miss this transaction's own writes.
	var d dropper
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if n--; n%scanDropEvery == 0 {
			d.check(tx.DB())
		}
	}
	return n == 0
}

// linkKeys decodes every strike record (about n of them) on every CPU,
// leanly, into its link key. It returns the keys and the records (memory
// of the transaction) in ID order, and the strike that now holds each
// report named in decided.
func linkKeys(ctx context.Context, b *bolt.Bucket, n int, decided map[string]model.Decision) ([]model.LinkKey, [][]byte, map[string]string, error) {
	ids, recs := make([][]byte, 0, max(n, 0)), make([][]byte, 0, max(n, 0))
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(recs)%4096 == 0 && ctx.Err() != nil {
			return nil, nil, nil, ctx.Err()
		}
		ids, recs = append(ids, k), append(recs, v)
	}
	keys := make([]model.LinkKey, len(recs))
	home, homeAt := map[string]string{}, map[string]int{}
	const chunkLen = 2048
	var mu sync.Mutex
	var firstErr error
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			intern := map[string]string{}
			var mk model.LinkKeyMaker
			for {
				lo := int(next.Add(chunkLen)) - chunkLen
				if lo >= len(recs) || ctx.Err() != nil {
					return
				}
				for i := lo; i < min(lo+chunkLen, len(recs)); i++ {
					st, err := decodeForLink(recs[i], intern, len(decided) > 0)
					if err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", ids[i], err)
						}
						mu.Unlock()
						return
					}
					keys[i] = mk.Of(&st)
					for j := range st.Reports {
						r := st.Reports[j].ID
						if _, ok := decided[r]; ok {
							// A report ID in two strikes: the last in ID
							// order holds it, whichever worker comes last.
							mu.Lock()
							if p, ok := homeAt[r]; !ok || i > p {
								homeAt[r], home[r] = i, st.ID
							}
							mu.Unlock()
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	if firstErr != nil {
		return nil, nil, nil, firstErr
	}
	return keys, recs, home, nil
}

// strikeView is the overlay of one strike: the links into it, and the
// reports a person moved out of it.
type strikeView struct {
	id       string
	incoming []*model.StrikeLink
	moved    []string
}

// buildViews computes, on every CPU, the linked record of every strike
// that a link changes. It only reads.
func buildViews(record func(id string) []byte, links []model.StrikeLink) (map[string][]byte, error) {
	byID := map[string]*strikeView{}
	get := func(id string) *strikeView {
		v := byID[id]
		if v == nil {
			v = &strikeView{id: id}
			byID[id] = v
		}
		return v
	}
	for i := range links {
		l := &links[i]
		get(l.Into).incoming = append(get(l.Into).incoming, l)
		if l.Report != "" {
			get(l.From).moved = append(get(l.From).moved, l.Report)
		}
	}
	list := make([]*strikeView, 0, len(byID))
	for _, v := range byID {
		list = append(list, v)
	}
	out := make([][]byte, len(list))
	errs := make([]error, len(list))
	workers := max(1, runtime.GOMAXPROCS(0))
	var next sync.Mutex
	at := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			intern := map[string]string{}
			for {
				next.Lock()
				i := at
				at += 64
				next.Unlock()
				if i >= len(list) {
					return
				}
				for j := i; j < min(i+64, len(list)); j++ {
					out[j], errs[j] = buildView(record, list[j], intern)
				}
			}
		}()
	}
	wg.Wait()
	views := make(map[string][]byte, len(list))
	for i, v := range list {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if out[i] != nil {
			views[v.id] = out[i]
		}
	}
	return views, nil
}

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
		return st, false, storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", id, err)
	}
	return st, true, nil
}

func buildView(record func(id string) []byte, v *strikeView, intern map[string]string) ([]byte, error) {
	decode := func(rec []byte) (model.Strike, error) { return decodeForSummary(rec, intern) }
	st, ok, err := decodeRecord(record(v.id), v.id, decode)
	if err != nil || !ok {
		return nil, err
	}
	st.Reports = slices.DeleteFunc(st.Reports, func(r model.Report) bool { return slices.Contains(v.moved, r.ID) })
	vw := linkView{}
	for _, l := range v.incoming {
		from, ok, err := decodeRecord(record(l.From), l.From, decode)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		vw.incoming = append(vw.incoming, string(linkKey(l)))
		linkInto(&st, &from, l.Report, l.Reason)
	}
	if len(st.Reports) == 0 {
		vw.empty = true
	} else {
		sum := model.Summarize(&st)
		vw.summary = encodeSummary(&sum)
	}
	return encodeView(&vw), nil
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

// writeOverlay makes the links, linked and possible buckets hold the plan
// and the views. It writes only the entries that differ from what the
// buckets hold: a relink that changes little writes little (and the
// commit syncs little).
func writeOverlay(tx *bolt.Tx, plan *model.LinkPlan, views map[string][]byte) error {
	if err := writePlan(tx, plan); err != nil {
		return err
	}
	return writeViews(tx, views)
}

// writePlan is writeOverlay's links and possible buckets.
func writePlan(tx *bolt.Tx, plan *model.LinkPlan) error {
	links := make([]entry, len(plan.Links))
	for i := range plan.Links {
		links[i] = entry{linkKey(&plan.Links[i]), encodeLink(&plan.Links[i])}
	}
	// Each possible link under both of its strikes, best first.
	byID := map[string][]model.LinkCandidate{}
	for _, c := range plan.Possible {
		byID[c.From] = append(byID[c.From], c)
		byID[c.To] = append(byID[c.To], c)
	}
	possible := make([]entry, 0, len(byID))
	for id, cs := range byID {
		slices.SortStableFunc(cs, func(x, y model.LinkCandidate) int { return cmp.Compare(y.Score, x.Score) })
		possible = append(possible, entry{[]byte(id), encodePossible(cs)})
	}
	if err := syncBucket(tx, bucketLinks, links); err != nil {
		return err
	}
	return syncBucket(tx, bucketPossible, possible)
}

// writeViews is writeOverlay's linked bucket.
func writeViews(tx *bolt.Tx, views map[string][]byte) error {
	linked := make([]entry, 0, len(views))
	for id, v := range views {
		linked = append(linked, entry{[]byte(id), v})
	}
	return syncBucket(tx, bucketLinked, linked)
}

// entry is a key and its value.
type entry struct{ k, v []byte }

// syncBucket makes the bucket hold exactly entries (in any order; keys
// distinct), creating it if need be, and touching only what differs.
func syncBucket(tx *bolt.Tx, name []byte, entries []entry) error {
	slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
	b := tx.Bucket(name)
	if b == nil {
		var err error
		if b, err = tx.CreateBucket(name); err != nil {
			return err
		}
	}
	var puts []entry
	var dels [][]byte
	c := b.Cursor()
	k, v := c.First()
	empty := k == nil
	for _, e := range entries {
		for k != nil && bytes.Compare(k, e.k) < 0 {
			dels = append(dels, bytes.Clone(k))
			k, v = c.Next()
		}
		if k != nil && bytes.Equal(k, e.k) {
			if !bytes.Equal(v, e.v) {
				puts = append(puts, e)
			}
			k, v = c.Next()
			continue
		}
		puts = append(puts, e)
	}
	for ; k != nil; k, _ = c.Next() {
		dels = append(dels, bytes.Clone(k))
	}
	for _, k := range dels {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	if empty {
		b.FillPercent = 1 // written in key order, nothing goes between
	}
	for _, e := range puts {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
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
				return model.Strike{}, storeErr(ErrCorrupt, err, "link of strike %s: %v; run strikes check", id, err)
			}
			if strikes.Get([]byte(l.into)) != nil {
				id = l.into
			}
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
	if linked != nil && links != nil {
		if rec := linked.Get([]byte(id)); rec != nil {
			v, err := decodeView(rec)
			if err != nil {
				return st, storeErr(ErrCorrupt, err, "links of strike %s: %v; run strikes check", id, err)
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
					return st, storeErr(ErrCorrupt, err, "link of strike %s: %v; run strikes check", from, err)
				}
				f, ok, err := getStrike(strikes, from)
				if err != nil {
					return st, err
				}
				if ok {
					linkInto(&st, &f, report, l.reason)
					if report == "" {
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
				return st, storeErr(ErrCorrupt, err, "possible links of strike %s: %v; run strikes check", m, err)
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
	links, linked := tx.Bucket(bucketLinks), tx.Bucket(bucketLinked)
	if links == nil || linked == nil || (links.Stats().KeyN == 0 && linked.Stats().KeyN == 0) {
		return sums, nil
	}
	lc, vc := links.Cursor(), linked.Cursor()
	lk, _ := lc.First()
	vk, vv := vc.First()
	d := newSummaryDecoder()
	out := sums[:0]
	for _, s := range sums {
		id := []byte(s.ID)
		for lk != nil && bytes.Compare(lk, id) < 0 {
			lk, _ = lc.Next()
		}
		if lk != nil && bytes.Equal(lk, id) {
			continue // shown under another strike
		}
		for vk != nil && bytes.Compare(vk, id) < 0 {
			vk, vv = vc.Next()
		}
		if vk != nil && bytes.Equal(vk, id) {
			v, err := decodeView(vv)
			if err != nil {
				return nil, storeErr(ErrCorrupt, err, "links of strike %s: %v; run strikes check", id, err)
			}
			if v.empty {
				continue
			}
			sum, err := d.decode(id, v.summary)
			if err != nil {
				return nil, storeErr(ErrCorrupt, err, "linked summary of strike %s: %v; run strikes check", id, err)
			}
			s = sum
		}
		out = append(out, s)
	}
	return out, nil
}

// Decisions returns every decision people made, by report ID.
func (s *Store) Decisions() ([]model.Decision, error) {
	var out []model.Decision
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDecisions)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			d, err := decodeDecision(k, v)
			if err != nil {
				return storeErr(ErrCorrupt, err, "decision on report %s: %v; run strikes check", k, err)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}
