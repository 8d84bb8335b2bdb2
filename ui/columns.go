package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The column chooser (C in the list): every column of the list with a
// check mark, in the order the list shows them. space shows or hides the
// column under the cursor, shift+↑/shift+↓ (K/J) move it, enter applies,
// esc leaves the columns as they were. The date is always shown: it is
// the list's anchor, the one column every row is read by. The chosen
// columns are the person's, kept in their config file through
// Options.SaveColumns, and the list opens with them (Options.Columns).
// However they are ordered, columns are still dropped by priority when
// the terminal is too narrow for them all (layoutColumns); the chooser
// says which.

// columnsScreen is the column chooser.
type columnsScreen struct {
	common
	order []int  // every column: the shown ones in their order, then the rest
	on    []bool // shown, by index into listColumns
	sel   int    // the row under the cursor
}

var _ component = (*columnsScreen)(nil)

func newColumns(c common) *columnsScreen { return &columnsScreen{common: c} }

// open starts the chooser from the columns the list shows.
func (s *columnsScreen) open(set columnSet) {
	s.order, s.on, s.sel = slices.Clone(set), make([]bool, len(listColumns)), 0
	for _, i := range set {
		s.on[i] = true
	}
	for i := range listColumns {
		if !s.on[i] {
			s.order = append(s.order, i)
		}
	}
}

// chosen is the set the chooser holds: the shown columns in its order.
func (s *columnsScreen) chosen() columnSet {
	var out columnSet
	for _, i := range s.order {
		if s.on[i] {
			out = append(out, i)
		}
	}
	return out
}

// columnsOpenMsg asks the root to open the chooser on the list's columns.
type columnsOpenMsg struct{}

// columnsChosenMsg carries the columns the person applied.
type columnsChosenMsg struct{ set columnSet }

// columnsSavedMsg says how keeping the columns for next time went.
type columnsSavedMsg struct{ err error }

// updateColumns handles the chooser's messages at the root; ok is false
// for any other.
func (r *root) updateColumns(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case columnsOpenMsg:
		r.columns.open(r.list.set)
		r.push(screenColumns)
		return nil, true
	case columnsChosenMsg:
		if r.top() == screenColumns {
			r.pop()
		}
		if slices.Equal(msg.set, r.list.set) {
			r.note, r.noteErr = "the columns are as they were", false
			return nil, true
		}
		r.list.setColumns(msg.set)
		r.note, r.noteErr = clean("columns: "+strings.Join(msg.set.names(), ", ")), false
		save := r.opts.SaveColumns
		if save == nil {
			return nil, true
		}
		names := msg.set.names()
		if msg.set.isDefault() {
			names = nil // every column: the config keeps no choice
		}
		return func() tea.Msg { return columnsSavedMsg{err: save(names)} }, true
	case columnsSavedMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("the columns are shown but not kept for next time: "+msg.err.Error()), true
		}
		return nil, true
	}
	return nil, false
}

// setColumns shows the set's columns, laid out again for the width.
func (l *listScreen) setColumns(set columnSet) {
	l.set = set
	l.cols = layoutColumns(set, l.w)
}

// SetSize sets the screen's size.
func (s *columnsScreen) SetSize(w, h int) { s.common.SetSize(w, h) }

// Init does nothing.
func (s *columnsScreen) Init() tea.Cmd { return nil }

// Update moves the cursor, shows or hides and moves columns, and applies.
func (s *columnsScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(s.order) == 0 {
		return nil
	}
	keys := s.keys
	switch {
	case key.Matches(k, keys.MoveColumnUp):
		if s.sel > 0 {
			s.order[s.sel], s.order[s.sel-1] = s.order[s.sel-1], s.order[s.sel]
			s.sel--
		}
	case key.Matches(k, keys.MoveColumnDown):
		if s.sel < len(s.order)-1 {
			s.order[s.sel], s.order[s.sel+1] = s.order[s.sel+1], s.order[s.sel]
			s.sel++
		}
	case key.Matches(k, keys.Up):
		s.sel = max(0, s.sel-1)
	case key.Matches(k, keys.Down):
		s.sel = min(len(s.order)-1, s.sel+1)
	case key.Matches(k, keys.Top):
		s.sel = 0
	case key.Matches(k, keys.Bottom):
		s.sel = len(s.order) - 1
	case key.Matches(k, keys.ToggleColumn):
		i := s.order[s.sel]
		if listColumns[i].fixed {
			return send(noteMsg{text: "the " + listColumns[i].title + " is always shown: it is the list's anchor"})
		}
		s.on[i] = !s.on[i]
	case key.Matches(k, keys.ApplyColumns):
		return send(columnsChosenMsg{set: s.chosen()})
	case key.Matches(k, keys.CancelColumns): // the root's back takes these first
		return send(backMsg{})
	}
	return nil
}

// View renders the columns, one a row: the check mark, the title, what
// the column shows, and whether it fits the terminal now.
func (s *columnsScreen) View() string {
	if s.w <= 0 {
		return ""
	}
	fits := map[int]bool{}
	for _, c := range layoutColumns(s.chosen(), s.w) {
		fits[slices.IndexFunc(listColumns, func(l listColumn) bool { return l.name == c.name })] = true
	}
	lines := []string{
		titleBar(s.st, "columns", "enter applies · esc cancels", s.w),
		s.st.Muted.Render(truncate("shown in this order; dropped by priority when narrow", s.w)),
		"",
	}
	titleW := 0
	for _, c := range listColumns {
		titleW = max(titleW, width(c.title))
	}
	for row, i := range s.order {
		c := &listColumns[i]
		check := "[ ]"
		if s.on[i] {
			check = "[x]"
		}
		about := c.about
		switch {
		case c.fixed:
			about = "always shown · " + about
		case s.on[i] && !fits[i]:
			about = "no room at " + strconv.Itoa(s.w) + " columns · " + about
		}
		line := "  " + check + " " + fit(c.title, titleW) + "  " + about
		switch {
		case row == s.sel:
			line = s.st.Selected.Render(fit("▸ "+line[2:], s.w))
		case !s.on[i] || !fits[i]:
			line = s.st.Muted.Render(truncate(line, s.w))
		default:
			line = s.st.Text.Render(truncate(line, s.w))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// ShortHelp returns the keys shown in the footer.
func (s *columnsScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.ToggleColumn, k.ApplyColumns, k.CancelColumns, k.MoveColumnUp, k.MoveColumnDown}
}

// FullHelp returns the chooser's keys.
func (s *columnsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom},
		{k.ToggleColumn, k.MoveColumnUp, k.MoveColumnDown, k.ApplyColumns, k.CancelColumns},
	}
}
