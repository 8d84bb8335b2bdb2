package store

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The relink's first pass: every strike record decoded, leanly and on
// every CPU, into its link key and attribution, while the store's pages
// are let go of as they are read.

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
	// relinkIdx are the strikes' relink index keys (index.go), in no
	// order.
	relinkIdx [][]byte
	// drop lets go of the store's pages as the relink reads them.
	db   *bolt.DB
	drop boltfile.Dropper
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
				fail(damaged(err, "strike %s", id))
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
			if ks := relinkKeys(&st); len(ks) > 0 {
				mu.Lock()
				in.relinkIdx = append(in.relinkIdx, ks...)
				mu.Unlock()
			}
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
				in.drop.Check(in.db)
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
				in.drop.Check(in.db)
			}
			if !decode(i, ids[i], recs[i]) {
				return nil, firstErr
			}
		}
	}
	if err := citedCodes(keys, recs); err != nil {
		return nil, err
	}
	in.keys, in.recs, in.atts, in.home = keys, recs, atts, home
	return in, nil
}

// citedCodes reads the codes of the strikes of every dataset some strike
// cites (model/link_xref.go), which a lean read leaves out: a store none
// of whose strikes cites another reads nothing more.
func citedCodes(keys []model.LinkKey, recs [][]byte) error {
	cited := map[string]bool{}
	for i := range keys {
		for _, c := range keys[i].Cites() {
			ds, _, _ := strings.Cut(c, "\x00")
			cited[ds] = true
		}
	}
	if len(cited) == 0 {
		return nil
	}
	for i := range keys {
		for _, d := range keys[i].Datasets {
			if !cited[d] {
				continue
			}
			codes, err := decodeCodes(recs[i])
			if err != nil {
				return damaged(err, "strike %s", keys[i].ID)
			}
			keys[i].SetCodes(codes)
			break
		}
	}
	return nil
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
