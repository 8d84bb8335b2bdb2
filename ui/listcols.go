package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// listColumn is one column of the strikes table. Columns are kept by
// priority as the terminal narrows: a column is shown only when every
// column more important than it can have the width it wants.
type listColumn struct {
	name           string // what the config file and the chooser call it: its sort key's name
	title, short   string // heading, and a shorter one for narrow widths
	about          string // what it shows, for the chooser (columns.go)
	min, want, max int
	roomy          int // the width it grows to first once every column has its want (0: want)
	prio           int // 0 is kept longest
	flex           int // share of spare width
	right          bool
	fixed          bool // always shown: the date, the list's anchor
	sort           model.SortKey
	sortable       bool
	cell           func(s *model.Summary) string
	// fitted, when set, is the cell for a column w wide, when the whole
	// of cell does not fit.
	fitted func(s *model.Summary, w int) string
}

// listColumns are every column of the list, in the order it shows them
// until the person chooses another (C, columns.go). The grading column,
// which leads with the analyst's status and tags, comes before the
// reports' count as the terminal narrows, so that it is there at 80
// columns.
var listColumns = []listColumn{
	{name: "date", title: "date", short: "date", about: "a day; ~ a range or week; a month or a year alone",
		min: 11, want: 11, max: 11, prio: 0, fixed: true, sort: model.ByDate, sortable: true, cell: dateCell},
	{name: "place", title: "place", short: "place", about: "the place the reports name",
		min: 8, want: 13, roomy: 16, max: 26, prio: 2, flex: 2, sort: model.ByPlace, sortable: true,
		cell: func(s *model.Summary) string { return orDash(clean(s.Place)) }},
	{name: "governorate", title: "governorate", short: "gov", about: "the governorate (province) of the place",
		min: 8, want: 12, max: 18, prio: 7, flex: 1, sort: model.ByAdmin1, sortable: true,
		cell: func(s *model.Summary) string { return orDash(clean(s.Admin1)) }},
	{name: "actors", title: "actors", short: "actors", about: "who the reports blame; " + contestedMark + " when they differ",
		min: 8, want: 16, roomy: 18, max: 44, prio: 3, flex: 3, sort: model.ByActors, sortable: true, cell: actorsCell},
	{name: "reports", title: "reports", short: "rep", about: "how many reports tell of the strike",
		min: 3, want: 7, max: 7, prio: 6, right: true, sort: model.ByReports, sortable: true,
		cell: func(s *model.Summary) string { return strconv.Itoa(s.Reports) }},
	{name: "killed", title: "killed", short: "kill", about: "the span of the reports' figures, of the first category they give",
		min: 7, want: 10, max: 12, prio: 1, right: true, sort: model.ByKilled, sortable: true,
		cell: func(s *model.Summary) string { return plain.FigureText(&s.Killed) }},
	{name: "injured", title: "injured", short: "inj", about: "the same for the injured",
		min: 7, want: 10, max: 12, prio: 4, right: true, sort: model.ByInjured, sortable: true,
		cell: func(s *model.Summary) string { return plain.FigureText(&s.Injured) }},
	{name: "grading", title: "grading / status", short: "grading", about: "[your status ★ #tags], then the sources' gradings and statuses",
		min: 8, want: 12, max: 26, prio: 5, flex: 2, sort: model.ByGradings, sortable: true, cell: gradingCell, fitted: gradingFitted},
	{name: "dataset", title: "datasets", short: "data", about: "the datasets the reports come from",
		min: 8, want: 12, max: 32, prio: 8, flex: 2, sort: model.ByDatasets, sortable: true,
		cell: func(s *model.Summary) string { return orDash(clean(strings.Join(s.Datasets, ", "))) }},
}

// columnSet is the columns the list shows, in the person's order: indexes
// into listColumns.
type columnSet []int

// defaultColumns is every column, in listColumns' order.
func defaultColumns() columnSet {
	out := make(columnSet, len(listColumns))
	for i := range out {
		out[i] = i
	}
	return out
}

// columnsNamed is the set the names give, in their order: names it does
// not know (a config file of another version) and repeats are passed
// over, and the date, which is always shown, is put first when they leave
// it out. Names of which it knows none give every column.
func columnsNamed(names []string) columnSet {
	var out columnSet
	for _, n := range names {
		i := slices.IndexFunc(listColumns, func(c listColumn) bool { return c.name == strings.TrimSpace(n) })
		if i >= 0 && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return defaultColumns()
	}
	for i := len(listColumns) - 1; i >= 0; i-- {
		if listColumns[i].fixed && !slices.Contains(out, i) {
			out = slices.Insert(out, 0, i)
		}
	}
	return out
}

// names are the set's column names, for the config file.
func (cs columnSet) names() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = listColumns[c].name
	}
	return out
}

// isDefault says whether the set is every column in the usual order.
func (cs columnSet) isDefault() bool { return slices.Equal(cs, defaultColumns()) }

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

// gradingFitted is the grading cell for a column w wide: when the
// analyst's mark does not fit whole, its status is shortened (pend, rev),
// so that more of the tags after it show.
func gradingFitted(s *model.Summary, w int) string {
	m := deskMark(s.Desk)
	if width(m) <= w {
		return gradingCell(s)
	}
	return strings.TrimSuffix(deskMarkShort(s.Desk)+" "+clean(plain.Labels(s)), " ")
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

// layoutColumns chooses which of the set's columns fit a table w cells
// wide, and their widths. They are kept by priority, whatever the set's
// order, and shown in the set's order.
func layoutColumns(set columnSet, w int) []placedColumn {
	avail := w - gutter
	byPrio := slices.Clone(set)
	slices.SortStableFunc(byPrio, func(a, b int) int { return listColumns[a].prio - listColumns[b].prio })
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
	for _, i := range set {
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
	// first bring every column up to what it wants, then up to its roomy
	// width, then share the rest
	for pass := 0; pass < 3 && spare > 0; pass++ {
		for spare > 0 {
			grew := false
			for i := range out {
				c := &out[i]
				limit, share := c.want, 1
				switch pass {
				case 1:
					limit = max(c.want, c.roomy)
				case 2:
					limit, share = c.max, c.flex
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
	text := c.cell(s)
	if c.fitted != nil && width(text) > c.w {
		text = c.fitted(s, c.w)
	}
	if c.right {
		return fitRight(text, c.w)
	}
	return fit(text, c.w)
}
