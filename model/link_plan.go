package model

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// The linker's planner: Link decides which strikes are shown under which,
// from the matching pairs the candidate blocking finds
// (link_block.go) and the decisions people made, and keeps the pairs
// left over as possible links. How two strikes match is link.go's.

// Decision is a person's ruling on one report, which the linker obeys
// over its own: `strikes link REPORT STRIKE` and `strikes unlink REPORT`.
type Decision struct {
	// Report is the report's ID; Home is the strike it was imported with.
	Report, Home string
	// Into is the strike to show the report under; "" (or Home) keeps
	// the report's home strike apart from every other strike.
	Into string
}

// StrikeLink is one strike shown under another.
type StrikeLink struct {
	// From's reports are shown under Into. Report is set when a person
	// moved only that report; "" moves the whole strike.
	From, Into, Report string
	// FromRank and IntoRank are where From and Into stand among the keys
	// given to Link, sorted by ID (their index, when the keys come in ID
	// order, as a store hands them over); -1 when not among them.
	FromRank, IntoRank int32
	Score              float64
	KM                 float64 // -1 when unknown
	// Reason reads "linked: same day; same city (Raqqa)" or
	// "linked by hand".
	Reason string
	Manual bool
}

// LinkPlan is the linker's answer for a whole store.
type LinkPlan struct {
	// Links, sorted by From then Report. A strike is the From of at most
	// one automatic link, and a strike that is an Into is never the From
	// of an automatic link: groups are one level deep.
	Links []StrikeLink
	// Possible are the compatible pairs that were not linked, sorted by
	// From then by score, best first; at most MaxPossible per From.
	// From is the strike that would move.
	Possible []LinkCandidate
}

// MaxPossible is how many possible links Link keeps per strike.
const MaxPossible = 5

// LinkOf returns the link that moves the strike (its whole self), if any.
func (p *LinkPlan) LinkOf(strikeID string) (StrikeLink, bool) {
	i, ok := slices.BinarySearchFunc(p.Links, strikeID, func(l StrikeLink, id string) int {
		if c := cmp.Compare(l.From, id); c != 0 {
			return c
		}
		return cmp.Compare(l.Report, "")
	})
	if !ok {
		return StrikeLink{}, false
	}
	return p.Links[i], true
}

// Link links a store's strikes. It is deterministic: the same keys and
// decisions, in any order, give the same plan. It compares only strikes
// that share a day and a place (a place key, a ~20 km grid cell or, for
// coarse records, a governorate), never all pairs.
//
// Among compatible pairs it links the best first (highest score, then
// IDs), into groups that hold at most one strike per dataset and whose
// members all match one another. Each group's target is the member with
// the finest place (then coordinates, then the smallest ID); the others
// link into it. Pairs left over are kept as possible links.
//
// Decisions come first: a strike whose report a person linked or
// unlinked is never linked automatically, and a strike a person linked a
// report into can only be a target. Of several decisions on one report
// the last counts.
func Link(keys []LinkKey, decisions []Decision) LinkPlan {
	n := len(keys)
	order := make([]int32, n) // keys by ID, for determinism
	for i := range order {
		order[i] = int32(i)
	}
	byID := func(x, y int32) int { return cmp.Compare(keys[x].ID, keys[y].ID) }
	if !slices.IsSortedFunc(order, byID) { // a store hands them over sorted
		slices.SortFunc(order, byID)
	}
	rank := make([]int32, n)
	for r, i := range order {
		rank[i] = int32(r)
	}

	final := lastDecisions(decisions)
	held := make([]bool, n)   // never linked automatically
	pinned := make([]bool, n) // only a target
	// byHand holds the pairs of strikes a person moved a report between:
	// they are never offered as possible links.
	byHand := map[[2]int32]bool{}
	if len(final) > 0 {
		homes, intos := map[string]bool{}, map[string]bool{}
		for _, d := range final {
			homes[d.Home] = true
			if d.Into != "" && d.Into != d.Home {
				intos[d.Into] = true
			}
		}
		at := map[string]int32{}
		for i := range keys {
			held[i] = homes[keys[i].ID]
			pinned[i] = intos[keys[i].ID]
			if held[i] || pinned[i] {
				at[keys[i].ID] = int32(i)
			}
		}
		for _, d := range final {
			h, okh := at[d.Home]
			t, okt := at[d.Into]
			if okh && okt && h != t {
				byHand[[2]int32{h, t}], byHand[[2]int32{t, h}] = true, true
			}
		}
	}

	cands := candidates(keys, rank)
	// Citations come first (link_xref.go): a cited pair is no longer
	// scored.
	var xrefReason map[[2]int32]string
	if xs := crossRefs(keys); len(xs) > 0 {
		xrefReason = map[[2]int32]string{}
		var add []cand
		for _, x := range xs {
			// A citation across day-precise days is offered, not made:
			// no link joins two different days.
			if a, b := keys[x.i].Date, keys[x.j].Date; a.Precision == PrecDay && b.Precision == PrecDay && a.Start != b.Start {
				x.only = false
				x.reason += "; dates differ (" + a.String() + " / " + b.String() + ")"
			}
			i, j := x.i, x.j
			if rank[i] > rank[j] {
				i, j = j, i
			}
			if _, dup := xrefReason[[2]int32{i, j}]; dup {
				continue
			}
			xrefReason[[2]int32{i, j}] = x.reason
			add = append(add, cand{i: i, j: j, order: candOrder(!x.only, 2.047, rank[i], rank[j]), weak: !x.only, xref: true})
		}
		// A strike that cites records of a dataset is linked by its
		// citations, never by scoring to another record of that dataset.
		citesInto := map[int32][]string{}
		for _, x := range xs {
			citesInto[x.i] = append(citesInto[x.i], keys[x.j].Datasets...)
		}
		awayFrom := func(i, j int32) bool {
			for _, d := range citesInto[i] {
				if slices.Contains(keys[j].Datasets, d) {
					return true
				}
			}
			return false
		}
		cands = slices.DeleteFunc(cands, func(c cand) bool {
			_, cited := xrefReason[[2]int32{c.i, c.j}]
			return cited
		})
		for x := range cands {
			if c := &cands[x]; awayFrom(c.i, c.j) || awayFrom(c.j, c.i) {
				c.weak = true // offered, never made
			}
		}
		cands = append(cands, add...)
	}
	if n < 1<<rankBits {
		sortByOrder(cands)
	} else {
		slices.SortFunc(cands, func(x, y cand) int {
			if c := cmp.Compare(x.order>>(2*rankBits), y.order>>(2*rankBits)); c != 0 {
				return c
			}
			if c := cmp.Compare(rank[x.i], rank[y.i]); c != 0 {
				return c
			}
			return cmp.Compare(rank[x.j], rank[y.j])
		})
	}

	// Grouping, best pair first, of the pairs that are the clear answer
	// of their block (link_assign.go).
	conf := confident(keys, cands, held)
	group := make([]int32, n)
	for i := range group {
		group[i] = int32(i)
	}
	members := map[int32][]int32{}
	membersOf := func(g int32) []int32 {
		if m, ok := members[g]; ok {
			return m
		}
		return []int32{g}
	}
	for x, c := range cands {
		if !conf[x] {
			continue
		}
		gi, gj := group[c.i], group[c.j]
		if gi == gj {
			continue
		}
		mi, mj := membersOf(gi), membersOf(gj)
		if !joinable(keys, pinned, mi, mj) {
			continue
		}
		if len(mi) < len(mj) {
			gi, gj, mi, mj = gj, gi, mj, mi
		}
		for _, m := range mj {
			group[m] = gi
		}
		members[gi] = append(slices.Clip(mi), mj...)
		delete(members, gj)
	}

	var plan LinkPlan
	nl := len(final)
	for _, ms := range members {
		nl += len(ms) - 1
	}
	plan.Links = make([]StrikeLink, 0, nl)
	linked := make([][2]int32, 0, nl)
	for _, ms := range members {
		t := ms[0]
		for _, m := range ms[1:] {
			if better(keys, pinned, rank, m, t) {
				t = m
			}
		}
		for _, m := range ms {
			if m != t {
				linked = append(linked, [2]int32{m, t})
			}
		}
	}
	// In the order of the strikes that move, the links come out sorted.
	slices.SortFunc(linked, func(x, y [2]int32) int { return cmp.Compare(rank[x[0]], rank[y[0]]) })
	for _, c := range matchPairs(keys, rank, linked, xrefReason) {
		plan.Links = append(plan.Links, StrikeLink{From: c.From, Into: c.To, FromRank: c.FromRank, IntoRank: c.ToRank,
			Score: c.Score, KM: c.KM, Reason: "linked: " + c.Reason})
	}
	if len(final) > 0 {
		rankOf := func(id string) int32 {
			if r, ok := slices.BinarySearchFunc(order, id, func(i int32, id string) int { return cmp.Compare(keys[i].ID, id) }); ok {
				return int32(r)
			}
			return -1
		}
		for _, d := range final {
			if d.Into != "" && d.Into != d.Home {
				plan.Links = append(plan.Links, StrikeLink{From: d.Home, Into: d.Into, Report: d.Report,
					FromRank: rankOf(d.Home), IntoRank: rankOf(d.Into), KM: -1, Reason: "linked by hand", Manual: true})
			}
		}
		slices.SortFunc(plan.Links, func(x, y StrikeLink) int {
			if c := cmp.Compare(x.From, y.From); c != 0 {
				return c
			}
			return cmp.Compare(x.Report, y.Report)
		})
	}

	// Possible links: compatible pairs not in one group, from the strike
	// that would move, the best MaxPossible of each.
	poss := make([]cand, 0, len(cands)-nl+len(final))
	for _, c := range cands {
		if group[c.i] == group[c.j] || byHand[[2]int32{c.i, c.j}] {
			continue
		}
		if better(keys, pinned, rank, c.i, c.j) {
			c.i, c.j = c.j, c.i
		}
		poss = append(poss, c)
	}
	slices.SortFunc(poss, func(x, y cand) int {
		if c := cmp.Compare(rank[x.i], rank[y.i]); c != 0 {
			return c
		}
		return cmp.Compare(x.order, y.order)
	})
	kept := make([][2]int32, 0, min(len(poss), n*MaxPossible))
	run, prev := 0, int32(-1)
	for _, c := range poss {
		if c.i == prev {
			run++
		} else {
			run, prev = 0, c.i
		}
		if run < MaxPossible {
			kept = append(kept, [2]int32{c.i, c.j})
		}
	}
	plan.Possible = matchPairs(keys, rank, kept, xrefReason)
	return plan
}

// matchPairs matches each pair with its reason, in order, on every CPU:
// the reasons are most of the work of a plan with many links.
// A cited pair's reason is its citation.
func matchPairs(keys []LinkKey, rank []int32, pairs [][2]int32, xrefReason map[[2]int32]string) []LinkCandidate {
	out := make([]LinkCandidate, len(pairs))
	workers := runtime.GOMAXPROCS(0)
	if len(pairs) < 4096 {
		workers = 1
	}
	chunk := (len(pairs) + workers - 1) / max(workers, 1)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(pairs))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				a, b := pairs[i][0], pairs[i][1]
				var ok bool
				out[i], ok = Match(&keys[a], &keys[b])
				if xrefReason != nil {
					p := [2]int32{a, b}
					if rank[a] > rank[b] {
						p = [2]int32{b, a}
					}
					if r, cited := xrefReason[p]; cited {
						if !ok { // the citation alone joins them
							out[i] = LinkCandidate{From: keys[a].ID, To: keys[b].ID, KM: -1, Score: 1}
						}
						out[i].Reason, out[i].Weak = r, false
					}
				}
				out[i].FromRank, out[i].ToRank = rank[a], rank[b]
			}
		}()
	}
	wg.Wait()
	return out
}

// lastDecisions keeps the last decision on each report, in report order.
func lastDecisions(ds []Decision) []Decision {
	if len(ds) == 0 {
		return nil
	}
	last := map[string]Decision{}
	for _, d := range ds {
		last[d.Report] = d
	}
	out := make([]Decision, 0, len(last))
	for _, d := range last {
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y Decision) int { return cmp.Compare(x.Report, y.Report) })
	return out
}

// joinable says whether two groups may become one: no dataset twice, at
// most one strike a person linked into, and every pair across them
// matching (not only as possible).
func joinable(keys []LinkKey, pinned []bool, a, b []int32) bool {
	pins := 0
	for _, x := range a {
		if pinned[x] {
			pins++
		}
	}
	for _, y := range b {
		if pinned[y] {
			pins++
		}
	}
	if pins > 1 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if len(a) == 1 && len(b) == 1 {
				return true // the pair itself matched
			}
			c, ok := match(&keys[x], &keys[y], false) // no reason: only the verdict counts
			if !ok || c.Weak {
				return false
			}
		}
	}
	return true
}

// better says whether x makes a better target than y: a strike a person
// linked into, then the finer place, then coordinates, then the smaller ID.
func better(keys []LinkKey, pinned []bool, rank []int32, x, y int32) bool {
	if pinned[x] != pinned[y] {
		return pinned[x]
	}
	px, py := precRank(keys[x].Precision), precRank(keys[y].Precision)
	if px != py {
		return px < py
	}
	if keys[x].HasCoords != keys[y].HasCoords {
		return keys[x].HasCoords
	}
	return rank[x] < rank[y]
}

// precRank orders precisions finest first (a town's point near which
// the event was after a city, before a district), unknown last.
func precRank(p PlacePrecision) int {
	switch p {
	case PlaceUnknown:
		return 2*int(PlaceCountry) + 2
	case PlaceNearTown:
		return 2*int(PlaceCity) + 1
	}
	return 2 * int(p)
}

// sortByOrder sorts candidates by order: a radix sort, a byte at a time
// (bytes all candidates share are skipped), for the many candidates of a
// big store; a comparison sort for a few.
func sortByOrder(cs []cand) {
	if len(cs) < 1<<12 {
		slices.SortFunc(cs, func(x, y cand) int { return cmp.Compare(x.order, y.order) })
		return
	}
	buf := make([]cand, len(cs))
	src, dst := cs, buf
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for i := range src {
			count[byte(src[i].order>>shift)]++
		}
		if count[byte(src[0].order>>shift)] == len(src) {
			continue // every candidate has this byte
		}
		at := 0
		for b, c := range count {
			count[b] = at
			at += c
		}
		for i := range src {
			b := byte(src[i].order >> shift)
			dst[count[b]] = src[i]
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &cs[0] {
		copy(cs, src)
	}
}
