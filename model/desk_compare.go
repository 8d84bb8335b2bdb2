package model

import (
	"context"
	"slices"
)

// WithAssessment adds the analyst's assessment to a comparison as a
// column of its own (Analyst): the attackers in the actor row, each
// figure in its row, "—" elsewhere. A figure the analyst gives that no
// report gives gets a row of its own, in display order, whose reports'
// cells are "—" and whose verdict stays Silent: verdicts are the sources'
// alone, and the assessment is never counted among them.
func (cmp *Comparison) WithAssessment(a *Assessment) {
	if a == nil {
		return
	}
	for _, cl := range a.Claims {
		f := Field{Name: cl.Outcome.String(), Outcome: cl.Outcome, Category: cl.Category}
		if slices.ContainsFunc(cmp.Rows, func(r Row) bool { return r.Field == f }) {
			continue
		}
		rw := Row{Field: f, Cells: make([]Cell, len(cmp.Columns)), Verdict: Silent}
		for i := range rw.Cells {
			rw.Cells[i] = Cell{Text: "—"}
		}
		at := len(cmp.Rows)
		for i, r := range cmp.Rows {
			if r.Field.Name == "assessment" || (r.Field.Name == "killed" || r.Field.Name == "injured") &&
				(r.Field.Outcome > f.Outcome || r.Field.Outcome == f.Outcome && r.Field.Category > f.Category) {
				at = i
				break
			}
		}
		cmp.Rows = slices.Insert(cmp.Rows, at, rw)
	}
	cmp.Analyst = make([]Cell, len(cmp.Rows))
	for i, r := range cmp.Rows {
		c := Cell{Text: "—"}
		switch r.Field.Name {
		case "actor":
			if t := a.AttackerText(); t != "" {
				c = Cell{Text: t, Reported: true}
			}
		case "killed", "injured":
			if n := a.Claim(r.Field.Outcome, r.Field.Category); n.Reported() {
				c = Cell{Text: n.String(), Reported: true}
			}
		}
		cmp.Analyst[i] = c
	}
}

// AssessmentHead is the analyst's column's second heading: its grading
// and status ("fair · reviewed").
func (a *Assessment) AssessmentHead() string {
	g, s := a.Grading.String(), a.Status.String()
	switch {
	case g == "" && s == "":
		return "ungraded"
	case g == "":
		return "ungraded · " + s
	case s == "":
		return g
	}
	return g + " · " + s
}

// FilterStrikesMarked is FilterStrikes with the desk's mark of each
// strike (mark returns nil for none), so that tag:, note:, assessed and
// the like match strikes read as imported.
func (q *Query) FilterStrikesMarked(ctx context.Context, strikes []Strike, workers int, mark func(id string) *DeskMark) ([]int32, error) {
	return filterParallel(ctx, len(strikes), workers, minStrikeChunk, func(out []int32, lo, hi int) []int32 {
		for k := lo; k < hi; k++ {
			s := Summarize(&strikes[k])
			s.Desk = mark(s.ID)
			if q.Match(&s) {
				out = append(out, int32(k))
			}
		}
		return out
	})
}
