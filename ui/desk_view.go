package ui

import (
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// How the detail and the comparison show the analyst's desk: in the
// detail, the assessment, tags, bookmark and note under the strike's
// header, and each report's flags and note on its card; in the
// comparison, the assessment as a column of its own after the reports,
// headed as the analyst's, its cells never marked as agreeing or
// differing and never in a verdict.

// analystHead heads the analyst's column in the comparison.
const analystHead = "your assessment (not a source)"

// SetDesk sets the desk entries shown with the strike (before SetStrike,
// which rebuilds).
func (d *detailScreen) SetDesk(es []model.DeskEntry) { d.desk = es }

// deskLines are the header's lines of the analyst's desk.
func (d *detailScreen) deskLines() []string {
	if d.s == nil {
		return nil
	}
	st := d.st
	var out []string
	add := func(text string, lines int) {
		for _, l := range wrap(text, d.w, lines) {
			out = append(out, st.Title.Render(l))
		}
	}
	if a, by := assessmentOf(d.desk, d.s.ID); a != nil {
		parts := []string{"your assessment"}
		if by != "" {
			parts[0] += " (" + clean(by) + ")"
		}
		if t := a.AttackerText(); t != "" {
			parts = append(parts, clean(t))
		}
		for _, cl := range a.Claims {
			parts = append(parts, cl.Category.String()+" "+cl.Outcome.String()+" "+cl.Count.String())
		}
		parts = append(parts, a.AssessmentHead())
		add("★ "+strings.Join(parts, " · "), 3)
	}
	own := ownEntry(d.desk, d.s.ID)
	var marks []string
	if own.Bookmark {
		marks = append(marks, "bookmarked")
	}
	for _, t := range own.Tags {
		marks = append(marks, "#"+clean(t))
	}
	if len(marks) > 0 {
		add(strings.Join(marks, " "), 2)
	}
	for _, e := range d.desk {
		if e.Report || e.Note == "" {
			continue
		}
		label := "your note: "
		if e.Target != d.s.ID {
			label = "your note on " + clean(e.Target) + ": "
		}
		add(label+clean(e.Note), 4)
	}
	return out
}

// deskMark is the list's mark of the analyst's desk on a strike, in
// brackets so that it is never read as a dataset's label: the
// assessment's status, a star for a bookmark, the tags ("[reviewed ★
// #hospital]"); "" when none.
func deskMark(m *model.DeskMark) string { return markOf(m, model.DeskStatus.String) }

// deskMarkShort is deskMark with the status shortened, for a narrow
// column: "[rev ★ #hospital]".
func deskMarkShort(m *model.DeskMark) string { return markOf(m, shortStatus) }

// shortStatus names a status in a few letters: pend, rev, final.
func shortStatus(s model.DeskStatus) string {
	switch s {
	case model.StatusPending:
		return "pend"
	case model.StatusReviewed:
		return "rev"
	}
	return s.String()
}

func markOf(m *model.DeskMark, status func(model.DeskStatus) string) string {
	if m == nil {
		return ""
	}
	var parts []string
	if m.Assessed && status(m.Status) != "" {
		parts = append(parts, status(m.Status))
	}
	if m.Bookmark {
		parts = append(parts, "★")
	}
	for _, t := range m.Tags {
		parts = append(parts, "#"+clean(t))
	}
	if len(parts) == 0 {
		return ""
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// SetDesk sets the desk entries shown with the strike (before SetStrike,
// which rebuilds).
func (c *compareScreen) SetDesk(es []model.DeskEntry) { c.desk = es }

// columns counts the table's columns: the reports, and the analyst's.
func (c *compareScreen) columns() int {
	if c.cmp.Analyst != nil {
		return len(c.cmp.Columns) + 1
	}
	return len(c.cmp.Columns)
}

// cell is a row's cell in column ci (the analyst's after the reports).
func (c *compareScreen) cell(row model.Row, ci int) model.Cell {
	if ci < len(row.Cells) {
		return row.Cells[ci]
	}
	for i := range c.cmp.Rows {
		if c.cmp.Rows[i].Field == row.Field && i < len(c.cmp.Analyst) {
			return c.cmp.Analyst[i]
		}
	}
	return model.Cell{Text: "—"}
}

// analystNote is what the title bar adds when the analyst's column is
// there.
func (c *compareScreen) analystNote() string {
	if c.cmp.Analyst == nil {
		return ""
	}
	return " + yours"
}

// pinned says whether the analyst's column stays in view while the
// reports scroll: when there is one and room for a report beside it.
func (c *compareScreen) pinned() bool { return c.cmp.Analyst != nil && c.lay.cols >= 2 }

// scrolled is how many columns scroll sideways at once: all shown, less
// the analyst's when it is pinned.
func (c *compareScreen) scrolled() int { return c.lay.cols - btoi(c.pinned()) }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// roomForAnalyst makes a layout of one column two when they fit at 8
// cells each, so that the analyst's column is in view beside a report.
func roomForAnalyst(l compareLayout, w int) compareLayout {
	if l.cols >= 2 {
		return l
	}
	sw := width(l.sep)
	room := w - l.fieldW - l.verdictW - 3*sw
	if room/2 < 8 {
		return l
	}
	l.cols, l.colW, l.extra = 2, room/2, room%2
	return l
}
