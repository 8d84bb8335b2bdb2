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
	"strconv"
	"strings"
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
	b := make([]byte, 0, 1+len(l.Into)+len(l.Reason)+2*binary.MaxVarintLen32+8+8+1+4)
	b = append(b, linkRecordVersion)
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
	return encodePossibleOf(len(cs), func(i int) *model.LinkCandidate { return &cs[i] })
}

// encodePossibleOf encodes the n possible links at(0), ..., at(n-1).
func encodePossibleOf(n int, at func(i int) *model.LinkCandidate) []byte {
	size := 1 + binary.MaxVarintLen32 + 4
	for i := range n {
		c := at(i)
		size += len(c.From) + len(c.To) + len(c.Reason) + 3*binary.MaxVarintLen32 + 8 + 8 + 1
	}
	b := make([]byte, 0, size)
	b = append(b, possibleRecordVersion)
	b = putUint(b, uint64(n))
	for i := range n {
		c := at(i)
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

// LinkStrike decides that every report the strike from was imported with
// is shown under the strike into: Link of each, in one relink. It is how
// a person makes a possible link.
func (s *Store) LinkStrike(ctx context.Context, from, into string) (LinkStats, error) {
	if from == into {
		return LinkStats{}, fmt.Errorf("strike %s cannot be linked into itself", from)
	}
	return s.relinkWith(ctx, &decideReq{strike: from, into: into})
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

// viewBuilds counts the merged-summary builds in flight: none may outlive
// the relink that started it (TestRelinkWaitsOnDamage).
var viewBuilds atomic.Int32

// decideReq is a decision to store before relinking: on one report, or
// on every report of a strike's record.
type decideReq struct{ report, strike, into string }

// reports names the reports req decides on.
func (req *decideReq) reports(strikes *bolt.Bucket) ([]string, error) {
	if req.strike == "" {
		return []string{req.report}, nil
	}
	rec := strikes.Get([]byte(req.strike))
	if rec == nil {
		return nil, storeErr(ErrNotFound, nil, "no strike with ID %s", req.strike)
	}
	st, err := decodeForLink(rec, nil, true)
	if err != nil {
		return nil, storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", req.strike, err)
	}
	var ids []string
	for i := range st.Reports {
		ids = append(ids, st.Reports[i].ID)
	}
	if len(ids) == 0 {
		return nil, storeErr(ErrNotFound, nil, "strike %s holds no report to link", req.strike)
	}
	return ids, nil
}

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
	var reqReports []string
	if req != nil {
		var err error
		if reqReports, err = req.reports(tx.Bucket(bucketStrikes)); err != nil {
			return LinkStats{}, err
		}
		for _, r := range reqReports {
			if _, ok := decided[r]; !ok {
				decided[r] = model.Decision{Report: r}
			}
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
	in, err := linkKeys(ctx, strikes, readCounts(tx).Strikes, decided)
	if err != nil {
		return LinkStats{}, err
	}
	keys, home := in.keys, in.home
	if req != nil {
		if req.into != "" && strikes.Get([]byte(req.into)) == nil {
			return LinkStats{}, storeErr(ErrNotFound, nil, "no strike with ID %s", req.into)
		}
		b, err := tx.CreateBucketIfNotExists(bucketDecisions)
		if err != nil {
			return LinkStats{}, err
		}
		for _, r := range reqReports {
			h, ok := home[r]
			if !ok {
				return LinkStats{}, storeErr(ErrNotFound, nil, "no report with ID %s", r)
			}
			d := model.Decision{Report: r, Home: h, Into: req.into}
			if d.Into == h {
				d.Into = ""
			}
			if err := b.Put([]byte(d.Report), encodeDecision(&d)); err != nil {
				return LinkStats{}, err
			}
			decided[d.Report] = d
		}
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
	src := newViewSource(tx, in, plan.Links)
	// The merged summaries are made on every CPU while this goroutine
	// writes the links and the possible links: the two only read the
	// same memory (the plan, and records that no write in this
	// transaction moves: bbolt remaps only when it commits).
	type built struct {
		views []entry
		err   error
	}
	done := make(chan built, 1)
	viewBuilds.Add(1)
	go func() {
		v, err := buildViews(src, plan.Links)
		viewBuilds.Add(-1)
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

// linkInput is what the first pass of a relink reads of every strike.
type linkInput struct {
	// keys, recs and atts are the strikes' link keys, records (memory of
	// the transaction) and attributions, in ID order.
	keys []model.LinkKey
	recs [][]byte
	atts []uint32 // index in attrs
	// attrs are the distinct attributions: 0 names no attacker, 1 is
	// contested, then each set of attackers seen.
	attrs attributions
	// home is the strike that now holds each report decided on.
	home map[string]string
	// drop lets go of the store's pages as the relink reads them.
	db   *bolt.DB
	drop dropper
}

// linkKeys decodes every strike record (about n of them) on every CPU,
// leanly, into its link key and attribution.
func linkKeys(ctx context.Context, b *bolt.Bucket, n int, decided map[string]model.Decision) (*linkInput, error) {
	n = max(n, 0)
	in := &linkInput{db: b.Tx().DB()}
	ids, recs := make([][]byte, 0, n), make([][]byte, 0, n)
	keys, atts := make([]model.LinkKey, n), make([]uint32, n)
	home, homeAt := map[string]string{}, map[string]int{}
	var mu sync.Mutex
	var firstErr error
	var failed atomic.Bool
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
		failed.Store(true)
	}
	// decoder decodes record i into keys[i] and atts[i], which must exist.
	decoder := func() func(i int, id, rec []byte) bool {
		intern := map[string]string{}
		var mk model.LinkKeyMaker
		seen := map[attrKey]uint32{} // attackers and their index in in.attrs
		return func(i int, id, rec []byte) bool {
			st, err := decodeForLink(rec, intern, len(decided) > 0)
			if err != nil {
				fail(storeErr(ErrCorrupt, err, "strike %s: %v; run strikes check", id, err))
				return false
			}
			if st.ID != string(id) {
				// The plan's ranks are indexes only while the IDs are
				// the keys, in the keys' order.
				fail(storeErr(ErrCorrupt, nil, "the record stored under %q holds strike %q; run strikes check", id, st.ID))
				return false
			}
			keys[i] = mk.Of(&st)
			atts[i] = in.attrs.index(model.AttributionOf(&st), seen)
			for j := range st.Reports {
				r := st.Reports[j].ID
				if _, ok := decided[r]; ok {
					// A report ID in two strikes: the last in ID order
					// holds it, whichever worker comes last.
					mu.Lock()
					if p, ok := homeAt[r]; !ok || i > p {
						homeAt[r], home[r] = i, st.ID
					}
					mu.Unlock()
				}
			}
			return true
		}
	}
	// This goroutine walks the records in ID order and hands them out
	// in chunks; the workers decode them a few chunks behind and let go
	// of the store's pages as they go (the records stay readable: the
	// kernel reads them in again), so a relink of a big store does not
	// keep the whole file resident, nor read a page twice.
	type chunk struct {
		lo        int
		ids, recs [][]byte
	}
	const chunkLen = 2048
	workers := max(1, runtime.GOMAXPROCS(0))
	chunks := make(chan chunk, workers)
	var wg sync.WaitGroup
	// However the walk ends, a panic of bbolt's on a damaged page
	// included, the workers stop before this returns: the records they
	// read must not outlive the transaction.
	walked := false
	defer func() {
		if !walked {
			failed.Store(true)
			close(chunks)
			wg.Wait()
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decode := decoder()
			for ch := range chunks {
				if failed.Load() || ctx.Err() != nil {
					continue
				}
				in.drop.check(in.db)
				for j := range ch.recs {
					if !decode(ch.lo+j, ch.ids[j], ch.recs[j]) {
						break
					}
				}
			}
		}()
	}
	lo := 0
	c := b.Cursor()
	for k, v := c.First(); k != nil && !failed.Load(); k, v = c.Next() {
		if len(recs)%4096 == 0 && ctx.Err() != nil {
			break
		}
		ids, recs = append(ids, k), append(recs, v)
		// Only records within the stored count are handed out: keys
		// cannot grow while the workers write it.
		if hi := len(recs); hi <= n && (hi-lo == chunkLen || hi == n) {
			chunks <- chunk{lo, ids[lo:hi], recs[lo:hi]}
			lo = hi
		}
	}
	if hi := min(len(recs), n); lo < hi {
		chunks <- chunk{lo, ids[lo:hi], recs[lo:hi]}
	}
	walked = true
	close(chunks)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	// A stored count that is wrong (strikes check reports it): fewer
	// records than it says, or more, decoded here.
	keys, atts = keys[:min(n, len(recs))], atts[:min(n, len(recs))]
	if len(recs) > n {
		keys = append(keys, make([]model.LinkKey, len(recs)-n)...)
		atts = append(atts, make([]uint32, len(recs)-n)...)
		decode := decoder()
		for i := n; i < len(recs); i++ {
			if (i-n)%scanDropEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				in.drop.check(in.db)
			}
			if !decode(i, ids[i], recs[i]) {
				return nil, firstErr
			}
		}
	}
	in.keys, in.recs, in.atts, in.home = keys, recs, atts, home
	return in, nil
}

// attributions interns the attributions of a store's strikes, which
// share a handful of sets of attackers. Safe for concurrent use.
type attributions struct {
	mu   sync.Mutex
	idx  map[attrKey]uint32
	list []model.Attribution
}

// attrKey names a list of attackers: its length and, for one attacker,
// its key, else every key with its length before it (no two lists share
// a name, and the common list of one needs no new string).
type attrKey struct {
	n int
	s string
}

// index returns the index of a, remembering it in seen (one per
// goroutine).
func (t *attributions) index(a model.Attribution, seen map[attrKey]uint32) uint32 {
	switch {
	case len(a.Attackers) == 0 && !a.Contested:
		return 0
	case a.Contested:
		return 1
	}
	key := attrKey{len(a.Attackers), a.Attackers[0]}
	if key.n > 1 {
		var b strings.Builder
		for _, k := range a.Attackers {
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
		}
		key.s = b.String()
	}
	if i, ok := seen[key]; ok {
		return i
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.idx == nil {
		t.idx = map[attrKey]uint32{}
		t.list = []model.Attribution{{}, {Contested: true}}
	}
	i, ok := t.idx[key]
	if !ok {
		i = uint32(len(t.list))
		t.idx[key] = i
		t.list = append(t.list, a)
	}
	seen[key] = i
	return i
}

// at is the attribution of index i.
func (t *attributions) at(i uint32) model.Attribution {
	if i < 2 {
		return [2]model.Attribution{{}, {Contested: true}}[i]
	}
	return t.list[i]
}

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

// newViewSource reads the summary records of the strikes the links name,
// in ID order (stepping through the bucket where they lie close, seeking
// where they do not).
func newViewSource(tx *bolt.Tx, in *linkInput, links []model.StrikeLink) *viewSource {
	src := &viewSource{in: in}
	b := tx.Bucket(bucketSummaries)
	if len(links) == 0 || b == nil {
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
	c := b.Cursor()
	var k, v []byte
	first, read := true, 0
	for i, ok := range need {
		if !ok {
			continue
		}
		if read++; read%scanDropEvery == 0 {
			in.drop.check(in.db)
		}
		id := []byte(in.keys[i].ID)
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
	if sum := model.LinkedSummary(members, atts); sum.Reports == 0 {
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
		return "", storeErr(ErrCorrupt, err, "links of strike %s: %v; run strikes check", id, err)
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
			return "", storeErr(ErrCorrupt, err, "link of report %s: %v; run strikes check", k[len(prefix):], err)
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

// writeOverlay makes the links, linked and possible buckets hold the plan
// and the views. It writes only the entries that differ from what the
// buckets hold: a relink that changes little writes little (and the
// commit syncs little).
func writeOverlay(tx *bolt.Tx, plan *model.LinkPlan, views []entry) error {
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
	possible, err := possibleEntries(plan.Possible)
	if err != nil {
		return err
	}
	if err := syncBucket(tx, bucketLinks, links); err != nil {
		return err
	}
	return syncBucket(tx, bucketPossible, possible)
}

// possibleEntries puts each possible link under both of its strikes, best
// first (of equal scores, in the plan's order), the strikes in ID order.
// The strikes are grouped by rank, without comparing their IDs.
func possibleEntries(ps []model.LinkCandidate) ([]entry, error) {
	n := int32(0)
	for i := range ps {
		if ps[i].FromRank < 0 || ps[i].ToRank < 0 {
			return nil, fmt.Errorf("the possible link %s to %s has no rank", ps[i].From, ps[i].To)
		}
		n = max(n, ps[i].FromRank+1, ps[i].ToRank+1)
	}
	start := make([]int32, n+1)
	for i := range ps {
		start[ps[i].FromRank+1]++
		start[ps[i].ToRank+1]++
	}
	for r := range n {
		start[r+1] += start[r]
	}
	at := slices.Clone(start[:n])
	all := make([]int32, 2*len(ps))
	for i := range ps {
		for _, r := range [...]int32{ps[i].FromRank, ps[i].ToRank} {
			all[at[r]] = int32(i)
			at[r]++
		}
	}
	var out []entry
	for r := range n {
		g := all[start[r]:start[r+1]]
		if len(g) == 0 {
			continue
		}
		slices.SortStableFunc(g, func(x, y int32) int { return cmp.Compare(ps[y].Score, ps[x].Score) })
		id := ps[g[0]].From
		if ps[g[0]].FromRank != r {
			id = ps[g[0]].To
		}
		out = append(out, entry{[]byte(id), encodePossibleOf(len(g), func(i int) *model.LinkCandidate { return &ps[g[i]] })})
	}
	return out, nil
}

// writeViews is writeOverlay's linked bucket.
func writeViews(tx *bolt.Tx, views []entry) error {
	return syncBucket(tx, bucketLinked, views)
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
				return nil, storeErr(ErrCorrupt, err, "possible links of strike %s: %v; run strikes check", id, err)
			}
		}
		for lk != nil && bytes.Compare(lk, id) < 0 {
			lk, lv = lc.Next()
		}
		if lk != nil && bytes.Equal(lk, id) {
			if n > 0 {
				l, err := decodeLink(lv)
				if err != nil {
					return nil, storeErr(ErrCorrupt, err, "link of strike %s: %v; run strikes check", id, err)
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

// possibleCount reads how many possible links a possible record holds.
func possibleCount(rec []byte) (int, error) {
	body, err := unseal(rec, possibleRecordVersion)
	if err != nil {
		return 0, err
	}
	r := &reader{b: body}
	n := r.uint()
	if r.err != nil {
		return 0, r.err
	}
	return int(min(n, 1<<31)), nil
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
