package model

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Which matching pairs the planner may link automatically. A pair is
// linked only when it is the clear answer: in a town struck several times
// a day, the records of two datasets are assigned jointly (the best total
// match of the day and place, not the best pair first), and a pair is
// taken only when every assignment without it is worse by LinkMargin. A
// record told as several (a date range, a district) that matches several
// records of another dataset links to none of them: each stays a
// possible link.

// LinkMargin is how much better, in total score, the best joint
// assignment of a block must be than the best one without a pair for the
// pair to be linked. It is about half the weight of agreeing figures.
const LinkMargin = 0.1

// maxAssign is the largest side of a block solved jointly; a larger block
// (none in real data: Raqqa's busiest day has a dozen incidents) links
// only pairs that are each other's only candidates.
const maxAssign = 48

// wide says whether a record may tell of several events: its date is
// wider than a day, or its place is a district or wider.
func wide(k *LinkKey) bool {
	return k.Date.Start != k.Date.End || k.Date.Precision != PrecDay || coarse(k.Precision)
}

// confident marks the candidates the grouping may link: strong, between
// strikes not held by a decision, and the clear answer of their block.
// xref candidates (a record citing another) are confident when the
// citation names one record.
func confident(keys []LinkKey, cands []cand, held []bool) []bool {
	n := len(keys)
	// Dataset signatures: the sides of a block.
	sigOf := map[string]int32{}
	sig := make([]int32, n)
	var sb strings.Builder
	for i := range keys {
		sb.Reset()
		for _, d := range keys[i].Datasets {
			sb.WriteString(d)
			sb.WriteByte(0)
		}
		id, ok := sigOf[sb.String()]
		if !ok {
			id = int32(len(sigOf))
			sigOf[sb.String()] = id
		}
		sig[i] = id
	}
	ns := len(sigOf)
	// deg counts each strike's eligible candidates of each signature.
	var degArr []int32
	var degMap map[int64]int32
	if ns <= 8 {
		degArr = make([]int32, n*ns)
	} else {
		degMap = map[int64]int32{}
	}
	at := func(i, s int32) int64 { return int64(i)*int64(ns) + int64(s) }
	deg := func(i, s int32) int32 {
		if degArr != nil {
			return degArr[at(i, s)]
		}
		return degMap[at(i, s)]
	}
	add := func(i, s, d int32) {
		if degArr != nil {
			degArr[at(i, s)] += d
		} else {
			degMap[at(i, s)] += d
		}
	}
	ok := make([]bool, len(cands))
	for x := range cands {
		c := &cands[x]
		if c.xref {
			ok[x] = !c.weak && !held[c.i] && !held[c.j]
			continue
		}
		if c.weak || held[c.i] || held[c.j] {
			continue
		}
		ok[x] = true
		add(c.i, sig[c.j], 1)
		add(c.j, sig[c.i], 1)
	}
	// A record told as several links to none of its several candidates,
	// unless the figures of exactly one of them agree with its own, and
	// closely (7 and 7, not 7 and 0–7): then it is not told as several of
	// them, and that pair goes on to be judged with its block.
	agreeing := map[int64]int32{} // a wide strike's agreeing candidates, by signature
	for x := range cands {
		if c := &cands[x]; ok[x] && !c.xref && c.agree {
			if wide(&keys[c.i]) {
				agreeing[at(c.i, sig[c.j])]++
			}
			if wide(&keys[c.j]) {
				agreeing[at(c.j, sig[c.i])]++
			}
		}
	}
	// several says whether i, wide, has several candidates of j's side and
	// this pair is not the only one whose figures agree (closely).
	several := func(i, j int32, agree bool) bool {
		if !wide(&keys[i]) || deg(i, sig[j]) < 2 {
			return false
		}
		return !agree || agreeing[at(i, sig[j])] != 1
	}
	for x := range cands {
		c := &cands[x]
		if !ok[x] || c.xref {
			continue
		}
		if several(c.i, c.j, c.tight) || several(c.j, c.i, c.tight) {
			ok[x] = false
		}
	}
	// Recount over what is left; pairs that are each other's only
	// candidates are clear, the others are solved by block.
	if degArr != nil {
		clear(degArr)
	} else {
		clear(degMap)
	}
	for x := range cands {
		if c := &cands[x]; ok[x] && !c.xref {
			add(c.i, sig[c.j], 1)
			add(c.j, sig[c.i], 1)
		}
	}
	var hard []int32
	for x := range cands {
		c := &cands[x]
		if ok[x] && !c.xref && (deg(c.i, sig[c.j]) > 1 || deg(c.j, sig[c.i]) > 1) {
			hard = append(hard, int32(x))
			ok[x] = false
		}
	}
	if len(hard) == 0 {
		return ok
	}
	// Blocks: the connected pairs of two signatures.
	parent := map[int32]int32{}
	var find func(int32) int32
	find = func(x int32) int32 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, x := range hard {
		c := &cands[x]
		a, b := find(c.i), find(c.j)
		if a != b {
			if a < b {
				a, b = b, a
			}
			parent[a] = b
		}
	}
	type edge struct {
		root   int32
		sa, sb int32
		x      int32
	}
	edges := make([]edge, len(hard))
	for k, x := range hard {
		c := &cands[x]
		sa, sb := sig[c.i], sig[c.j]
		if sa > sb {
			sa, sb = sb, sa
		}
		edges[k] = edge{find(c.i), sa, sb, x}
	}
	slices.SortFunc(edges, func(p, q edge) int {
		if c := cmp.Compare(p.root, q.root); c != 0 {
			return c
		}
		if c := cmp.Compare(p.sa, q.sa); c != 0 {
			return c
		}
		if c := cmp.Compare(p.sb, q.sb); c != 0 {
			return c
		}
		return cmp.Compare(p.x, q.x)
	})
	for lo := 0; lo < len(edges); {
		hi := lo + 1
		for hi < len(edges) && edges[hi].root == edges[lo].root && edges[hi].sa == edges[lo].sa && edges[hi].sb == edges[lo].sb {
			hi++
		}
		blk := make([]int32, 0, hi-lo)
		for _, e := range edges[lo:hi] {
			blk = append(blk, e.x)
		}
		solveBlock(cands, sig, edges[lo].sa, blk, ok)
		lo = hi
	}
	return ok
}

// solveBlock assigns a block's two sides jointly and marks the pairs that
// are the clear answer.
func solveBlock(cands []cand, sig []int32, sa int32, blk []int32, ok []bool) {
	// Rows are the side sa, columns the other.
	rowOf, colOf := map[int32]int{}, map[int32]int{}
	for _, x := range blk {
		c := &cands[x]
		r, q := c.i, c.j
		if sig[r] != sa {
			r, q = q, r
		}
		if _, ok := rowOf[r]; !ok {
			rowOf[r] = len(rowOf)
		}
		if _, ok := colOf[q]; !ok {
			colOf[q] = len(colOf)
		}
	}
	nr, nc := len(rowOf), len(colOf)
	if nr > maxAssign || nc > maxAssign {
		return // too big to solve: nothing in it is clear
	}
	transpose := nr > nc
	if transpose {
		nr, nc = nc, nr
	}
	w := make([][]float64, nr)
	for r := range w {
		w[r] = make([]float64, nc)
	}
	type cell struct{ r, c int }
	cellOf := make(map[int32]cell, len(blk))
	for _, x := range blk {
		c := &cands[x]
		r, q := c.i, c.j
		if sig[r] != sa {
			r, q = q, r
		}
		ri, ci := rowOf[r], colOf[q]
		if transpose {
			ri, ci = ci, ri
		}
		w[ri][ci] = c.score()
		cellOf[x] = cell{ri, ci}
	}
	best, assign := maxAssignment(w)
	for _, x := range blk {
		cl := cellOf[x]
		if assign[cl.r] != cl.c {
			continue
		}
		saved := w[cl.r][cl.c]
		w[cl.r][cl.c] = 0
		without, _ := maxAssignment(w)
		w[cl.r][cl.c] = saved
		// In a block of several, figures that agree are needed too.
		if best-without >= LinkMargin-1e-9 && cands[x].agree {
			ok[x] = true
		}
	}
}

// maxAssignment finds the assignment of rows to columns (rows ≤ columns)
// of the largest total weight, a weight of 0 being no pair: the
// Hungarian method, O(rows² × columns). It returns the total and each
// row's column.
func maxAssignment(w [][]float64) (float64, []int) {
	n := len(w)
	if n == 0 {
		return 0, nil
	}
	m := len(w[0])
	const inf = math.MaxFloat64 / 4
	// Minimise the cost -w; potentials u (rows), v (columns), 1-based.
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1) // p[j]: the row assigned to column j
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = inf
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			delta, j1 := inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := -w[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	assign := make([]int, n)
	total := 0.0
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			assign[p[j]-1] = j - 1
			total += w[p[j]-1][j-1]
		}
	}
	return total, assign
}
