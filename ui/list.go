package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// listScreen is the table of strikes: a virtual table over an index slice
// of the filtered, sorted summaries. Only the rows on screen are rendered.
type listScreen struct {
	common
	set  columnSet      // the columns the person chose, in their order (columns.go)
	cols []placedColumn // those of set that fit the width

	c *corpus // nil until the first load
	// read and total say how far a streamed load is: c may hold fewer
	// summaries than have been read (it is replaced when they double).
	read, total int
	ix          []int32      // the strikes shown, in order; shared, never modified
	q           *model.Query // the query ix was filtered by
	o           order
	cursor      int
	offset      int

	input    queryLine
	editing  bool
	qerr     string       // the typed query's error, shown under the line
	seq      int          // generation of the latest filter or sort request
	pending  bool         // a request is running
	asked    order        // the order the running request sorts by
	askedQ   *model.Query // and the query it matches
	cancel   context.CancelFunc
	debounce time.Duration

	label string
	err   string // the source's latest error
	note  string // a passing message ("no actor to filter by")

	now       func() time.Time
	lastClick time.Time
	lastRow   int
}

var _ component = (*listScreen)(nil)

// debounceMsg fires when typing has paused; seq ties it to the keystroke.
type debounceMsg struct{ seq int }

func newList(c common, label, query string, debounce time.Duration) *listScreen {
	l := &listScreen{common: c, label: clean(label), input: queryLine{keys: c.keys}, debounce: debounce,
		o: defaultOrder, now: time.Now, lastRow: -1, set: defaultColumns()}
	l.input.SetValue(query)
	if q, err := model.ParseQuery(query); err == nil {
		l.q = q
	} else {
		l.qerr = err.Error()
	}
	return l
}

// SetSize sets the screen's size.
func (l *listScreen) SetSize(w, h int) {
	l.common.SetSize(w, h)
	l.cols = layoutColumns(l.set, w)
	l.input.width = w
	l.scrollTo()
}

// Capturing says whether the filter line has the keys.
func (l *listScreen) Capturing() bool { return l.editing }

// setSourceError shows the source's latest error ("" when the last read
// went well) in the status line.
// loadedShare is how much of a streamed load is read, in percent: never
// 100 until it is all in.
func (l *listScreen) loadedShare() int {
	read, total := max(l.read, l.c.len()), max(l.total, l.c.total)
	if total <= 0 {
		return 100
	}
	return min(99, 100*read/total)
}

func (l *listScreen) setSourceError(msg string) { l.err = clean(msg) }

// rows is how many table rows fit.
func (l *listScreen) rows() int {
	n := l.h - 2 // status line and heading
	if l.editing {
		n--
		if l.qerr != "" {
			n--
		}
	}
	return max(0, n)
}

// current returns the summary under the cursor, or nil.
func (l *listScreen) current() *model.Summary {
	if i, ok := l.currentStrike(); ok {
		return l.c.summary(i)
	}
	return nil
}

func (l *listScreen) currentID() string {
	if i, ok := l.currentStrike(); ok {
		return l.c.x.ID(i)
	}
	return ""
}

// currentStrike is the number in the corpus of the strike under the
// cursor; false when there is none.
func (l *listScreen) currentStrike() (int32, bool) {
	if l.c == nil || l.cursor < 0 || l.cursor >= len(l.ix) {
		return 0, false
	}
	return l.ix[l.cursor], true
}

// move puts the cursor at n, clamped, and scrolls it into view.
func (l *listScreen) move(n int) {
	l.cursor = max(0, min(n, len(l.ix)-1))
	l.scrollTo()
}

func (l *listScreen) scrollTo() {
	rows := l.rows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if rows > 0 && l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	l.offset = max(0, min(l.offset, len(l.ix)-rows))
}

// Init does nothing: the root loads the data.
func (l *listScreen) Init() tea.Cmd { return nil }

// Update handles keys, mouse and the results of filtering.
func (l *listScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		l.note = ""
		if l.editing {
			return l.updateEditing(msg)
		}
		return l.updateKey(msg)
	case tea.PasteMsg:
		if l.editing {
			before := l.input.Value()
			l.input.Update(msg)
			if l.input.Value() != before {
				return l.requery()
			}
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			l.move(l.cursor - 3)
		case tea.MouseWheelDown:
			l.move(l.cursor + 3)
		}
	case tea.MouseClickMsg:
		return l.click(msg)
	case debounceMsg:
		if msg.seq == l.seq {
			return l.apply()
		}
	case filterMsg:
		l.receive(msg)
	}
	return nil
}

func (l *listScreen) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	k, page := l.keys, max(1, l.rows())
	switch {
	case key.Matches(msg, k.Up):
		l.move(l.cursor - 1)
	case key.Matches(msg, k.Down):
		l.move(l.cursor + 1)
	case key.Matches(msg, k.PageUp):
		l.offset = max(0, l.offset-page)
		l.move(l.cursor - page)
	case key.Matches(msg, k.PageDown):
		l.offset += page
		l.move(l.cursor + page)
	case key.Matches(msg, k.HalfUp):
		l.move(l.cursor - page/2)
	case key.Matches(msg, k.HalfDown):
		l.move(l.cursor + page/2)
	case key.Matches(msg, k.Top):
		l.move(0)
	case key.Matches(msg, k.Bottom):
		l.move(len(l.ix) - 1)
	case key.Matches(msg, k.Open):
		if id := l.currentID(); id != "" {
			return send(openMsg{id: id, to: screenDetail})
		}
	case key.Matches(msg, k.Compare):
		if id := l.currentID(); id != "" {
			return send(openMsg{id: id, to: screenCompare})
		}
	case key.Matches(msg, k.LinkPossible):
		if s := l.current(); s != nil {
			if s.Possible == 0 {
				l.note = "this strike has no possible links to review (link:possible lists those that have)"
				return nil
			}
			return send(openMsg{id: s.ID, to: screenReview})
		}
	case key.Matches(msg, k.Filter):
		l.editing = true
		l.input.focused = true
		l.input.pos = len(l.input.value)
		l.scrollTo()
		return nil
	case key.Matches(msg, k.ClearFilter):
		if !l.q.Empty() || l.input.Value() != "" {
			return l.SetQuery("")
		}
	case key.Matches(msg, k.Sort):
		return l.resort(l.wanted().next())
	case key.Matches(msg, k.SortReverse):
		o := l.wanted()
		return l.resort(order{key: o.key, reverse: !o.reverse})
	case key.Matches(msg, k.LikeActor):
		if s := l.current(); s != nil {
			if len(s.Actors) == 0 {
				l.note = "this strike names no actor"
				return nil
			}
			return l.SetQuery("actor:" + model.QuoteValue(s.Actors[0]))
		}
	case key.Matches(msg, k.LikePlace):
		if s := l.current(); s != nil {
			return l.likePlace(s.PlaceKey, s.Place)
		}
	case key.Matches(msg, k.Timeline):
		return send(viewMsg{to: screenTimeline})
	case key.Matches(msg, k.Breakdown):
		return send(viewMsg{to: screenBreakdown})
	case key.Matches(msg, k.Map):
		return send(viewMsg{to: screenMap})
	case key.Matches(msg, k.Columns):
		return send(columnsOpenMsg{})
	case key.Matches(msg, k.Quit):
		return tea.Quit
	}
	return nil
}

// viewData is what the views of the filter draw: the corpus and the
// strikes the filter holds.
func (l *listScreen) viewData() viewData {
	d := viewData{c: l.c, q: l.q, ix: l.ix}
	if l.c != nil {
		d.share = l.loadedShare()
	}
	return d
}

func (l *listScreen) likePlace(key, name string) tea.Cmd {
	q, ok := townQuery(key, name)
	if !ok {
		l.note = "this strike names no place"
		return nil
	}
	return l.SetQuery(q)
}

// townQuery is the query of a strike's town: the town itself, or the
// town a quarter or landmark lies in (a strike in Mashlab gives
// city:raqqa), as city: matches them (README, "What is in a city").
func townQuery(key, name string) (string, bool) {
	if in := model.PlaceIn(key); in != "" {
		key = in
	}
	if key == "" {
		key = name
	}
	if key == "" {
		return "", false
	}
	return "city:" + model.QuoteValue(key), true
}

func (l *listScreen) updateEditing(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, l.keys.Accept):
		if l.qerr != "" {
			// The line stays open with the text and the error under it:
			// nothing typed is lost to a mistake.
			l.note = "the filter has a mistake: fix it, or esc clears it"
			return nil
		}
		l.editing = false
		l.input.focused = false
		l.scrollTo()
		if l.q == nil || l.q.Text != l.input.Value() {
			return l.apply()
		}
		return nil
	case key.Matches(msg, l.keys.Cancel):
		l.editing = false
		l.input.focused = false
		return l.SetQuery("")
	}
	before := l.input.Value()
	l.input.Update(msg)
	if l.input.Value() == before {
		return nil
	}
	return l.requery()
}

func (l *listScreen) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft {
		return nil
	}
	row := msg.Y - 2
	if row < 0 || row >= l.rows() || l.offset+row >= len(l.ix) {
		return nil
	}
	n := l.offset + row
	now := l.now()
	double := n == l.lastRow && now.Sub(l.lastClick) < 400*time.Millisecond
	l.lastClick, l.lastRow = now, n
	l.move(n)
	if double {
		l.lastRow = -1
		return send(openMsg{id: l.currentID(), to: screenDetail})
	}
	return nil
}

// View renders the status line, the heading, the visible rows and, while
// filtering, the query line.
func (l *listScreen) View() string {
	var b strings.Builder
	b.WriteString(l.statusLine())
	b.WriteByte('\n')
	b.WriteString(l.headingLine())
	rows := l.rows()
	for r := 0; r < rows; r++ {
		b.WriteByte('\n')
		n := l.offset + r
		if l.c != nil && n < len(l.ix) {
			b.WriteString(l.rowLine(l.c.summary(l.ix[n]), n == l.cursor))
		} else if r == 0 {
			b.WriteString(l.st.Muted.Render(truncate(l.emptyText(), l.w)))
		}
	}
	if l.editing {
		b.WriteByte('\n')
		b.WriteString(l.input.View(l.st, "actor:russia city:raqqa killed>=10 contested"))
		if l.qerr != "" {
			b.WriteByte('\n')
			b.WriteString(l.st.Error.Render(truncate("  "+clean(l.qerr), l.w)))
		}
	}
	return b.String()
}

func (l *listScreen) emptyText() string {
	switch {
	case l.c == nil:
		return "  loading strikes…"
	case l.c.len() == 0:
		return "  no strikes yet: import some data"
	case l.pending:
		return "  filtering…"
	}
	return "  no strike matches; esc clears the filter"
}

func (l *listScreen) statusLine() string {
	var parts []string
	switch {
	case l.c == nil:
		parts = append(parts, "loading…")
	case l.c.partial():
		// What is shown so far is no count: say how much is in.
		parts = append(parts, plain.Thousands(len(l.ix))+" so far of "+plain.Thousands(l.c.len())+" read")
		if l.err != "" {
			parts = append(parts, "stopped at "+strconv.Itoa(l.loadedShare())+"%")
		} else {
			parts = append(parts, "loading "+strconv.Itoa(l.loadedShare())+"%…")
		}
	default:
		parts = append(parts, plain.Thousands(len(l.ix))+" of "+plain.Thousands(l.c.len())+" strikes")
	}
	if !l.q.Empty() {
		parts = append(parts, clean(l.q.Text))
	}
	parts = append(parts, l.o.String())
	if l.pending {
		parts = append(parts, "filtering…")
	}
	if l.label != "" {
		parts = append(parts, l.label)
	}
	line := l.st.Title.Render(parts[0]) + l.st.Muted.Render(" · "+strings.Join(parts[1:], " · "))
	if l.err != "" {
		line = l.st.Error.Render("⚠ "+l.err) + l.st.Muted.Render(" · ") + line
	}
	if l.note != "" {
		line = l.st.Contested.Render(l.note) + l.st.Muted.Render(" · ") + line
	}
	return clip(line, l.w, 1)
}

func (l *listScreen) headingLine() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutter))
	for i, c := range l.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.heading(l.o))
	}
	return l.st.Header.Render(b.String())
}

func (l *listScreen) rowLine(s *model.Summary, selected bool) string {
	if selected {
		var b strings.Builder
		b.WriteString("▸ ")
		for i, c := range l.cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.render(s))
		}
		return l.st.Selected.Render(b.String())
	}
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range l.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		cell := c.render(s)
		switch {
		case c.title == "actors" && s.Contested:
			b.WriteString(l.st.Contested.Render(cell))
		case strings.TrimSpace(cell) == "—":
			b.WriteString(l.st.Muted.Render(cell))
		default:
			b.WriteString(l.st.Text.Render(cell))
		}
	}
	return b.String()
}

// ShortHelp returns the keys shown in the footer.
func (l *listScreen) ShortHelp() []key.Binding {
	k := l.keys
	if l.editing {
		return []key.Binding{k.Accept, k.Cancel}
	}
	return []key.Binding{k.Open, k.Compare, k.Filter, k.Sort, k.LikeActor, k.LikePlace, k.Help, k.Quit}
}

// FullHelp returns every key of the list, grouped.
func (l *listScreen) FullHelp() [][]key.Binding {
	k := l.keys
	if l.editing {
		return [][]key.Binding{{k.Accept, k.Cancel}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.Open, k.Compare, k.LinkPossible, k.Filter, k.ClearFilter, k.Sort, k.SortReverse, k.Columns},
		{k.LikeActor, k.LikePlace, k.Timeline, k.Breakdown, k.Map, k.Help, k.Quit, k.ForceQuit},
		{k.Assess, k.Note, k.Tags, k.Bookmark, k.CopyID, k.Views, k.Export}, // the desk (desk.go)
	}
}
