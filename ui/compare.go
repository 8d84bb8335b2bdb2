package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// compareScreen lays a strike's reports side by side: one column per
// report, one row per field, the disagreements marked, a verdict per row.
// The field and verdict columns stay put while the reports scroll
// sideways; the column heads stay put while the rows scroll.
type compareScreen struct {
	common

	s     *model.Strike
	cmp   model.Comparison
	first int // first report column shown

	lay  compareLayout
	desk []model.DeskEntry // the analyst's desk on the strike (desk_view.go)
	head []string          // the banner and column heads, pinned
	body []string          // the rows
	pg   pager
}

var _ component = (*compareScreen)(nil)

// compareLayout is the geometry of the table at the current width.
type compareLayout struct {
	fieldW, verdictW, colW int
	sep                    string
	cols                   int // report columns shown at once
	extra                  int // columns that get one more cell
}

// cellLines is how many lines a cell may wrap to before it is cut.
const cellLines = 4

func newCompare(c common) *compareScreen {
	return &compareScreen{common: c}
}

// SetStrike shows a strike's comparison.
func (c *compareScreen) SetStrike(s *model.Strike) {
	if c.s == nil || c.s.ID != s.ID {
		c.first, c.pg.offset = 0, 0
	}
	c.s = s
	c.cmp = model.Compare(s)
	if a, _ := assessmentOf(c.desk, s.ID); a != nil { // its own column, never a source
		c.cmp.WithAssessment(a)
	}
	c.rebuild()
}

// SetSize sets the screen's size and reflows the table.
func (c *compareScreen) SetSize(w, h int) {
	c.common.SetSize(w, h)
	c.rebuild()
}

// Init does nothing.
func (c *compareScreen) Init() tea.Cmd { return nil }

func layoutCompare(w, n int) compareLayout {
	l := compareLayout{fieldW: 19, verdictW: 12, sep: " │ "}
	minCol := 16
	switch {
	case w < 60:
		l = compareLayout{fieldW: 12, verdictW: 2, sep: "│"}
		minCol = 11
	case w < 100:
		l.fieldW = 12
	}
	sw := width(l.sep)
	cols := max(1, n)
	for cols > 1 && (w-l.fieldW-l.verdictW-(cols+1)*sw)/cols < minCol {
		cols--
	}
	room := w - l.fieldW - l.verdictW - (cols+1)*sw
	l.cols, l.colW, l.extra = cols, max(1, room/cols), max(0, room%cols)
	return l
}

func (c *compareScreen) rebuild() {
	c.head, c.body = nil, nil
	if c.s == nil || c.w <= 0 {
		return
	}
	n := c.columns()
	c.lay = layoutCompare(c.w, n)
	if c.cmp.Analyst != nil {
		c.lay = roomForAnalyst(c.lay, c.w) // desk_view.go
	}
	c.first = max(0, min(c.first, len(c.cmp.Columns)-c.scrolled()))
	st := c.st
	bstyle := st.Text
	if c.cmp.Contested {
		bstyle = st.Contested
	}
	for _, l := range wrap(banner(&c.cmp), c.w, 2) {
		c.head = append(c.head, bstyle.Render(l))
	}
	// column heads: provenance chain, then number and kind (⛓ before a
	// report linked from another dataset's strike)
	vis := c.visible()
	heads := make([][]string, len(vis))
	tall := 1
	for i, ci := range vis {
		if ci == len(c.cmp.Columns) { // the analyst's column
			heads[i] = wrap(analystHead, c.colWidth(i), 3)
			tall = max(tall, len(heads[i]))
			continue
		}
		heads[i] = wrap(chainText(c.cmp.Columns[ci].Chain), c.colWidth(i), 3)
		tall = max(tall, len(heads[i]))
	}
	for line := 0; line <= tall; line++ {
		cells := make([]string, len(vis))
		for i, ci := range vis {
			w := c.colWidth(i)
			switch {
			case line < len(heads[i]):
				cells[i] = st.Title.Render(fit(heads[i][line], w))
			case line == tall && ci == len(c.cmp.Columns):
				a, _ := assessmentOf(c.desk, c.s.ID)
				cells[i] = st.Muted.Render(fit("★ "+a.AssessmentHead(), w))
			case line == tall:
				col := c.cmp.Columns[ci]
				mark := ""
				if ci < len(c.s.Reports) && c.s.Reports[ci].Link != "" {
					mark = "⛓ " // a joined report: the detail view says why
				}
				cells[i] = st.Muted.Render(fit(mark+"#"+strconv.Itoa(ci+1)+" "+col.SourceKind.String(), w))
			default:
				cells[i] = strings.Repeat(" ", w)
			}
		}
		field, verdict := "", ""
		if line == 0 {
			field, verdict = "field", "verdict"
			if c.lay.verdictW < 7 {
				verdict = ""
			}
		}
		c.head = append(c.head, c.joinRow(st.Header.Render(fit(field, c.lay.fieldW)), cells, st.Header.Render(fit(verdict, c.lay.verdictW))))
	}
	c.head = append(c.head, c.rule())
	// Casualty rows are labelled "killed: civilians" where that fits, and
	// grouped under a "killed" line where it does not.
	grouped := c.lay.fieldW < 19
	group := ""
	for _, row := range c.cmp.Rows {
		label := row.Field.Label()
		if grouped && (row.Field.Name == "killed" || row.Field.Name == "injured") {
			if group != row.Field.Name {
				group = row.Field.Name
				c.body = append(c.body, c.groupLine(group, vis))
			}
			label = "  " + row.Field.Category.String()
		}
		c.body = append(c.body, c.renderRow(row, label, vis)...)
	}
	c.pg.set(len(c.body), c.h-1-len(c.head))
}

// visible lists the report columns on screen.
func (c *compareScreen) visible() []int {
	var out []int
	for i := c.first; i < c.columns() && len(out) < c.scrolled(); i++ {
		out = append(out, i)
	}
	if c.pinned() {
		out = append(out, len(c.cmp.Columns)) // the analyst's, always in view
	}
	return out
}

func (c *compareScreen) colWidth(i int) int {
	if i < c.lay.extra {
		return c.lay.colW + 1
	}
	return c.lay.colW
}

func (c *compareScreen) joinRow(field string, cells []string, verdict string) string {
	sep := c.st.Border.Render(c.lay.sep)
	return field + sep + strings.Join(cells, sep) + sep + verdict
}

func (c *compareScreen) rule() string {
	sw := width(c.lay.sep)
	cross := "─┼─"
	if sw == 1 {
		cross = "┼"
	}
	parts := []string{strings.Repeat("─", c.lay.fieldW)}
	for i := range c.visible() {
		parts = append(parts, strings.Repeat("─", c.colWidth(i)))
	}
	parts = append(parts, strings.Repeat("─", c.lay.verdictW))
	return c.st.Border.Render(strings.Join(parts, cross))
}

func verdictText(v model.Verdict, wide bool) string {
	short := map[model.Verdict]string{model.Differ: "≠", model.Compatible: "≈", model.Agree: "=", model.Single: "1", model.Silent: "—", model.SidesOnly: "s"}
	long := map[model.Verdict]string{model.Differ: "≠ differ", model.Compatible: "≈ compatible", model.Agree: "= agree", model.Single: "1 source", model.Silent: "— none", model.SidesOnly: "sides only"}
	if wide {
		return long[v]
	}
	return short[v]
}

// groupLine heads a group of casualty rows.
func (c *compareScreen) groupLine(name string, vis []int) string {
	cells := make([]string, len(vis))
	for i := range vis {
		cells[i] = strings.Repeat(" ", c.colWidth(i))
	}
	return c.joinRow(c.st.Header.Render(fit(name, c.lay.fieldW)), cells, strings.Repeat(" ", c.lay.verdictW))
}

func (c *compareScreen) renderRow(row model.Row, labelText string, vis []int) []string {
	st := c.st
	label := wrap(clean(labelText), c.lay.fieldW, cellLines)
	cells := make([][]string, len(vis))
	tall := len(label)
	for i, ci := range vis {
		cells[i] = wrap(plain.CellText(c.cell(row, ci)), c.colWidth(i), cellLines)
		tall = max(tall, len(cells[i]))
	}
	vstyle := st.Muted
	switch row.Verdict {
	case model.Differ:
		vstyle = st.Differ
	case model.Agree, model.Compatible:
		vstyle = st.Agree
	}
	out := make([]string, tall)
	for line := range tall {
		f := ""
		if line < len(label) {
			f = label[line]
		}
		parts := make([]string, len(vis))
		for i, ci := range vis {
			cell, w := c.cell(row, ci), c.colWidth(i)
			t := ""
			if line < len(cells[i]) {
				t = cells[i][line]
			}
			switch {
			case ci == len(c.cmp.Columns) && cell.Reported: // the analyst's
				parts[i] = st.Title.Render(fit(t, w))
			case cell.Differs:
				parts[i] = st.Differ.Render(fit(t, w))
			case cell.Varies:
				parts[i] = st.Title.Render(fit(t, w))
			case !cell.Reported:
				parts[i] = st.Muted.Render(fit(t, w))
			default:
				parts[i] = st.Text.Render(fit(t, w))
			}
		}
		v := ""
		if line == 0 {
			v = verdictText(row.Verdict, c.lay.verdictW >= 8)
		}
		out[line] = c.joinRow(st.Header.Render(fit(f, c.lay.fieldW)), parts, vstyle.Render(fit(v, c.lay.verdictW)))
	}
	return out
}

// indicator says which report columns are on screen.
func (c *compareScreen) indicator() string {
	n, shown := c.columns(), c.scrolled()
	if c.pinned() {
		n--
	}
	if shown >= n {
		return plain.Plural(len(c.cmp.Columns), "report") + c.analystNote()
	}
	s := "columns " + strconv.Itoa(c.first+1) + "-" + strconv.Itoa(c.first+shown) + " of " + strconv.Itoa(n) + c.analystNote()
	if c.first > 0 {
		s = "← " + s
	}
	if c.first+shown < n {
		s += " →"
	}
	return s
}

// Update scrolls the rows and the report columns.
func (c *compareScreen) Update(msg tea.Msg) tea.Cmd {
	if c.s == nil || c.pg.wheel(msg) {
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case c.pg.keys(k, c.keys):
	case key.Matches(k, c.keys.Left):
		if c.first > 0 {
			c.first--
			c.rebuild()
		}
	case key.Matches(k, c.keys.Right):
		if c.first+c.scrolled() < c.columns()-btoi(c.pinned()) {
			c.first++
			c.rebuild()
		}
	case key.Matches(k, c.keys.Open):
		return send(openMsg{id: c.s.ID, to: screenDetail})
	}
	return nil
}

// View renders the title, the pinned heads and the visible rows.
func (c *compareScreen) View() string {
	if c.s == nil {
		return ""
	}
	title := "compare · " + placeText(c.s.Place) + " · " + shortDate(c.s.Date)
	var b strings.Builder
	b.WriteString(titleBar(c.st, title, c.indicator(), c.w))
	for _, l := range c.head {
		b.WriteString("\n" + l)
	}
	lo, hi := c.pg.window()
	for _, l := range c.body[lo:hi] {
		b.WriteString("\n" + l)
	}
	return b.String()
}

// ShortHelp returns the keys shown in the footer.
func (c *compareScreen) ShortHelp() []key.Binding {
	k := c.keys
	return []key.Binding{k.Left, k.Right, k.Down, k.Open, k.Back, k.Help}
}

// FullHelp returns every key of the comparison, grouped.
func (c *compareScreen) FullHelp() [][]key.Binding {
	k := c.keys
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Assess, k.Note, k.Tags, k.Bookmark, k.CopyID, k.Back, k.Help, k.ForceQuit}, // A w # b: the desk (desk.go)
	}
}
