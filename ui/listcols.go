package ui

import (
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// listColumn is one column of the strikes table. Columns are kept by
// priority as the terminal narrows: a column is shown only when every
// column more important than it can have the width it wants.
type listColumn struct {
	title, short   string // heading, and a shorter one for narrow widths
	min, want, max int
	prio           int // 0 is kept longest
	flex           int // share of spare width
	right          bool
	sort           model.SortKey
	sortable       bool
	cell           func(s *model.Summary) string
}

var listColumns = []listColumn{
	{title: "date", short: "date", min: 11, want: 11, max: 11, prio: 0, sort: model.ByDate, sortable: true, cell: dateCell},
	{title: "place", short: "place", min: 8, want: 16, max: 26, prio: 2, flex: 2, sort: model.ByPlace, sortable: true,
		cell: func(s *model.Summary) string { return orDash(clean(s.Place)) }},
	{title: "governorate", short: "gov", min: 8, want: 12, max: 18, prio: 7, flex: 1,
		cell: func(s *model.Summary) string { return orDash(clean(s.Admin1)) }},
	{title: "actors", short: "actors", min: 8, want: 18, max: 44, prio: 3, flex: 3, cell: actorsCell},
	{title: "reports", short: "rep", min: 3, want: 7, max: 7, prio: 5, right: true, sort: model.ByReports, sortable: true,
		cell: func(s *model.Summary) string { return strconv.Itoa(s.Reports) }},
	{title: "killed", short: "kill", min: 7, want: 10, max: 12, prio: 1, right: true, sort: model.ByKilled, sortable: true,
		cell: func(s *model.Summary) string { return plain.FigureText(&s.Killed) }},
	{title: "injured", short: "inj", min: 7, want: 10, max: 12, prio: 4, right: true,
		cell: func(s *model.Summary) string { return plain.FigureText(&s.Injured) }},
	{title: "grading / status", short: "grading", min: 8, want: 12, max: 26, prio: 6, flex: 2, cell: gradingCell},
	{title: "datasets", short: "data", min: 8, want: 12, max: 32, prio: 8, flex: 2,
		cell: func(s *model.Summary) string { return orDash(clean(strings.Join(s.Datasets, ", "))) }},
}

// contestedMark marks a contested strike, as in the CLI.
const contestedMark = plain.ContestedMark

func actorsCell(s *model.Summary) string {
	names := make([]string, 0, len(s.Actors))
	for _, k := range s.Actors {
		names = append(names, clean(model.ActorName(k)))
	}
	text := strings.Join(names, ", ")
	if text == "" {
		text = "—"
	}
	if s.Contested {
		return contestedMark + " " + text
	}
	return text
}

func gradingCell(s *model.Summary) string {
	labels := clean(plain.Labels(s))
	if m := deskMark(s.Desk); m != "" { // the analyst's, first, in brackets (desk_view.go)
		return strings.TrimSuffix(m+" "+labels, " ")
	}
	return orDash(labels)
}

// dateCell renders a strike's date compactly: a day, "~" before the start
// of a range or week, a month or a year alone.
func dateCell(s *model.Summary) string { return shortDate(s.Date) }

func shortDate(d model.DateSpan) string {
	if !d.Known() {
		return "—"
	}
	switch d.Precision {
	case model.PrecMonth:
		return d.Start.Time().Format("2006-01")
	case model.PrecYear:
		return d.Start.Time().Format("2006")
	}
	if d.Start != d.End {
		return "~" + d.Start.String()
	}
	return d.Start.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// placedColumn is a column with its width at the current terminal width.
type placedColumn struct {
	*listColumn
	w int
}

// gutter is the width of the cursor mark before each row.
const gutter = 2

// layoutColumns chooses the columns and their widths for a table w cells
// wide.
func layoutColumns(w int) []placedColumn {
	avail := w - gutter
	byPrio := make([]int, len(listColumns))
	for i := range byPrio {
		byPrio[i] = i
	}
	// insertion sort by priority; the table is tiny
	for i := 1; i < len(byPrio); i++ {
		for j := i; j > 0 && listColumns[byPrio[j]].prio < listColumns[byPrio[j-1]].prio; j-- {
			byPrio[j], byPrio[j-1] = byPrio[j-1], byPrio[j]
		}
	}
	// The core columns are kept down to their minimum width; any other
	// column only when every kept column can have the width it wants.
	keep := make([]bool, len(listColumns))
	minUsed, wantUsed := -1, -1 // no gap before the first column
	for _, i := range byPrio {
		c := &listColumns[i]
		if c.prio <= 3 {
			if minUsed+1+c.min > avail {
				break
			}
			minUsed += 1 + c.min
			wantUsed += 1 + c.want
			keep[i] = true
			continue
		}
		if wantUsed+1+c.want > avail {
			break
		}
		minUsed += 1 + c.min
		wantUsed += 1 + c.want
		keep[i] = true
	}
	var out []placedColumn
	for i := range listColumns {
		if keep[i] {
			out = append(out, placedColumn{&listColumns[i], listColumns[i].min})
		}
	}
	if len(out) == 0 {
		return nil
	}
	spare := avail - (len(out) - 1)
	for _, c := range out {
		spare -= c.w
	}
	// first bring every column up to what it wants, then share the rest
	for pass := 0; pass < 2 && spare > 0; pass++ {
		for spare > 0 {
			grew := false
			for i := range out {
				c := &out[i]
				limit := c.want
				if pass == 1 {
					limit = c.max
				}
				share := 1
				if pass == 1 {
					share = c.flex
				}
				for s := 0; s < share && spare > 0 && c.w < limit; s++ {
					c.w++
					spare--
					grew = true
				}
			}
			if !grew {
				break
			}
		}
	}
	// anything left goes to the last flexible column, so rows fill the width
	if spare > 0 {
		for i := len(out) - 1; i >= 0; i-- {
			if out[i].flex > 0 {
				out[i].w += spare
				break
			}
		}
	}
	return out
}

// heading renders a column's title at its width, marking the sort.
func (c placedColumn) heading(o order) string {
	t := c.title
	if width(t) > c.w {
		t = c.short
	}
	if c.sortable && c.sort == o.key {
		arrow := o.arrow()
		if width(t)+2 > c.w {
			t = c.short
		}
		if width(t)+2 > c.w {
			t = truncate(t, c.w-2)
		}
		t += " " + arrow
	}
	if c.right {
		return fitRight(t, c.w)
	}
	return fit(t, c.w)
}

// render renders a summary's cell at the column's width.
func (c placedColumn) render(s *model.Summary) string {
	if c.right {
		return fitRight(c.cell(s), c.w)
	}
	return fit(c.cell(s), c.w)
}
