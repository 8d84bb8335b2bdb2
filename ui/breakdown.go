package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// breakdownMsg carries a counted breakdown.
type breakdownMsg struct {
	seq int
	b   model.Breakdown
}

// breakdownSort is a column the breakdown sorts by.
type breakdownSort uint8

const (
	sortStrikes breakdownSort = iota
	sortName
	sortContested
	sortKilled
)

var breakdownSortNames = [...]string{"strikes", "name", "contested", "killed"}

// breakdownScreen is the frequency table of the list's filter by one
// field: a row a value, sortable, Enter narrowing the list to a row.
type breakdownScreen struct {
	common
	data    viewData
	field   model.BreakdownField
	cat     model.Category
	b       model.Breakdown
	rows    []int // b.Rows in the shown order
	by      breakdownSort
	reverse bool
	ready   bool
	pending bool
	seq     int
	cursor  int
	offset  int
}

var _ component = (*breakdownScreen)(nil)

func newBreakdown(c common) *breakdownScreen {
	return &breakdownScreen{common: c, cat: model.Civilians}
}

// Init does nothing: the root hands the data.
func (s *breakdownScreen) Init() tea.Cmd { return nil }

// setData takes the list's filtered strikes and counts them anew, off
// the UI loop.
func (s *breakdownScreen) setData(d viewData) tea.Cmd {
	s.data = d
	return s.recount()
}

func (s *breakdownScreen) recount() tea.Cmd {
	s.seq++
	if s.data.c == nil {
		return nil
	}
	s.pending = true
	seq, d, f, o := s.seq, s.data, s.field, model.BreakdownOptions{Category: s.cat}
	return func() tea.Msg { return breakdownMsg{seq: seq, b: d.c.index().Breakdown(d.ix, f, o)} }
}

func (s *breakdownScreen) receive(m breakdownMsg) {
	if m.seq != s.seq {
		return
	}
	keep := ""
	if r := s.current(); r != nil && s.b.Field == m.b.Field {
		keep = r.Key
	}
	s.b, s.ready, s.pending = m.b, true, false
	s.sort()
	s.cursor = 0
	for i, r := range s.rows {
		if keep != "" && s.b.Rows[r].Key == keep {
			s.cursor = i
		}
	}
	s.scrollTo()
}

// sort orders the rows by the chosen column; ties by strikes, then name.
func (s *breakdownScreen) sort() {
	s.rows = s.rows[:0]
	for i := range s.b.Rows {
		s.rows = append(s.rows, i)
	}
	rows := s.b.Rows
	slices.SortStableFunc(s.rows, func(a, b int) int {
		x, y := &rows[a], &rows[b]
		var c int
		switch s.by {
		case sortName:
			c = cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
		case sortContested:
			c = -cmp.Compare(x.ContestedShare(), y.ContestedShare())
		case sortKilled:
			c = -cmp.Compare(x.Killed.High, y.Killed.High)
			if c == 0 {
				c = -cmp.Compare(x.Killed.Strikes, y.Killed.Strikes)
			}
		}
		if s.reverse {
			c = -c
		}
		if c == 0 {
			c = -cmp.Compare(x.Strikes, y.Strikes)
			if s.reverse && s.by == sortStrikes {
				c = -c
			}
		}
		return c
	})
}

func (s *breakdownScreen) current() *model.BreakdownRow {
	if !s.ready || s.cursor < 0 || s.cursor >= len(s.rows) {
		return nil
	}
	return &s.b.Rows[s.rows[s.cursor]]
}

// tableRows is how many rows fit under the title, the heading and above
// the footer.
func (s *breakdownScreen) tableRows() int { return max(1, s.h-4) }

func (s *breakdownScreen) move(n int) {
	s.cursor = max(0, min(n, len(s.rows)-1))
	s.scrollTo()
}

func (s *breakdownScreen) scrollTo() {
	h := s.tableRows()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	s.offset = max(0, min(s.offset, len(s.rows)-h))
}

// Update handles the keys and the counts.
func (s *breakdownScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case breakdownMsg:
		s.receive(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *breakdownScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k, page := s.keys, s.tableRows()
	switch {
	case key.Matches(msg, k.ViewCategory):
		s.cat = nextKilledCategory(s.cat)
		return s.recount()
	case key.Matches(msg, k.ViewField):
		s.field = s.field.Next()
		return s.recount()
	case key.Matches(msg, k.RowUp):
		s.move(s.cursor - 1)
	case key.Matches(msg, k.Down):
		s.move(s.cursor + 1)
	case key.Matches(msg, k.PageUp):
		s.move(s.cursor - page)
	case key.Matches(msg, k.PageDown):
		s.move(s.cursor + page)
	case key.Matches(msg, k.Top):
		s.move(0)
	case key.Matches(msg, k.Bottom):
		s.move(len(s.rows) - 1)
	case key.Matches(msg, k.Sort):
		s.by, s.reverse = (s.by+1)%breakdownSort(len(breakdownSortNames)), false
		s.sort()
		s.move(0)
	case key.Matches(msg, k.SortReverse):
		s.reverse = !s.reverse
		s.sort()
		s.move(0)
	case key.Matches(msg, k.Narrow):
		if r := s.current(); r != nil {
			return send(queryMsg{text: narrowed(s.data.q, r.Term)})
		}
	}
	return nil
}

// View renders the title, the heading, the rows and the footer.
func (s *breakdownScreen) View() string {
	arrow := "↓"
	if s.reverse {
		arrow = "↑"
	}
	title := "breakdown by " + s.field.String() + " · sorted by " + breakdownSortNames[s.by] + " " + arrow + " · " + s.data.scope()
	if s.pending {
		title += " · counting…"
	}
	lines := []string{s.st.Title.Render(truncate(title, s.w))}
	if !s.ready {
		return strings.Join(append(lines, s.st.Muted.Render(truncate("  counting the strikes…", s.w))), "\n")
	}
	// Columns: name (flexible), strikes, contested, killed band, no
	// figure, sparkline (dropped when narrow).
	kw := max(len(s.cat.String())+7, 9)
	for _, r := range s.b.Rows {
		kw = max(kw, width(r.Killed.String()))
	}
	fixed := []int{7, 9, kw, 9}
	spark := len(s.b.Rows) > 0 && s.w >= 90
	sw := 0
	if spark {
		sw = len(s.b.Rows[0].Spark)
	}
	used := 2
	for _, w := range fixed {
		used += w + 1
	}
	if spark {
		used += sw + 1
	}
	nw := max(8, min(48, s.w-used))
	head := "  " + fit(s.field.String(), nw) + " " + fitRight("strikes", 7) + " " + fitRight("contested", 9) + " " +
		fitRight(s.cat.String()+" killed", kw) + " " + fitRight("no figure", 9)
	if spark {
		head += " " + fit("over time", sw)
	}
	lines = append(lines, s.st.Header.Render(truncate(head, s.w)))
	h := s.tableRows()
	for i := s.offset; i < min(len(s.rows), s.offset+h); i++ {
		r := &s.b.Rows[s.rows[i]]
		line := fit(clean(r.Name), nw) + " " + fitRight(plain.Thousands(r.Strikes), 7) + " " +
			fitRight(strconv.Itoa(r.ContestedShare())+"%", 9) + " " + fitRight(r.Killed.String(), kw) + " " +
			fitRight(plain.Thousands(r.Killed.NoFigure), 9)
		if spark {
			line += " " + plain.Sparkline(r.Spark)
		}
		if i == s.cursor {
			lines = append(lines, s.st.Selected.Render(truncate("▸ "+line, s.w)))
		} else {
			lines = append(lines, s.st.Text.Render(truncate("  "+line, s.w)))
		}
	}
	if len(s.rows) == 0 {
		lines = append(lines, s.st.Muted.Render(truncate("  no strike in the filter has a "+s.field.String(), s.w)))
	}
	for len(lines) < s.h-1 {
		lines = append(lines, "")
	}
	foot := plain.BreakdownFooter(&s.b)
	if r := s.current(); r != nil {
		foot = "enter lists " + clean(r.Term) + " · " + foot
	}
	lines = append(lines, s.st.Muted.Render(truncate(foot, s.w)))
	return strings.Join(lines, "\n")
}

// ShortHelp returns the keys shown in the footer.
func (s *breakdownScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.RowUp, k.Down, k.Sort, k.SortReverse, k.ViewField, k.ViewCategory, k.Narrow, k.Back}
}

// FullHelp returns every key of the breakdown.
func (s *breakdownScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.RowUp, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Sort, k.SortReverse, k.ViewField, k.ViewCategory}, {k.Narrow, k.Back, k.Help}}
}
