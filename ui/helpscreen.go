package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// helpScreen shows every key of the screen it was opened from, generated
// from that screen's live key map, and the query language.
type helpScreen struct {
	common
	of    help.KeyMap
	lines []string
	pg    pager
}

var _ component = (*helpScreen)(nil)

func newHelpScreen(c common) *helpScreen {
	return &helpScreen{common: c}
}

// show opens the help for a screen's key map.
func (s *helpScreen) show(of help.KeyMap) {
	s.of, s.pg.offset = of, 0
	s.rebuild()
}

// SetSize sets the screen's size.
func (s *helpScreen) SetSize(w, h int) {
	s.common.SetSize(w, h)
	s.rebuild()
}

// Init does nothing.
func (s *helpScreen) Init() tea.Cmd { return nil }

func (s *helpScreen) rebuild() {
	s.lines = nil
	if s.of == nil || s.w <= 0 {
		return
	}
	// The key columns go side by side as far as they fit, then on rows
	// below (help.Model would cut the ones that do not fit); a column
	// wider than the screen is one binding a line.
	h := help.New() // no width: nothing is cut
	h.Styles = s.st.Help
	view := func(groups [][]key.Binding) []string { return strings.Split(h.FullHelpView(groups), "\n") }
	widest := func(lines []string) int {
		w := 0
		for _, l := range lines {
			w = max(w, width(l))
		}
		return w
	}
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			if len(s.lines) > 0 {
				s.lines = append(s.lines, "")
			}
			s.lines = append(s.lines, view(row)...)
			row = nil
		}
	}
	for _, g := range s.of.FullHelp() {
		try := append(slices.Clone(row), g)
		if len(row) > 0 && widest(view(try)) > s.w {
			flush()
			try = [][]key.Binding{g}
		}
		if widest(view(try)) > s.w {
			for _, b := range g {
				s.lines = append(s.lines, view([][]key.Binding{{b}})...)
			}
			continue
		}
		row = try
	}
	flush()
	s.lines = append(s.lines, "", s.st.Title.Render("marks"))
	for _, m := range plain.Marks {
		for i, l := range wrap(m.Meaning, max(1, s.w-4), 2) {
			mark := "    "
			if i == 0 {
				mark = fit(m.Mark, 3) + " "
			}
			s.lines = append(s.lines, s.st.Text.Render(mark)+s.st.Muted.Render(l))
		}
	}
	s.lines = append(s.lines, "", s.st.Title.Render("views of the filter"))
	for _, l := range []string{
		"T timeline: strikes per period, split by attacker, grading or dataset; the killed band under it",
		"B breakdown: strikes by attacker, city, governorate, source, dataset, grading or year",
		"M map: strikes by cell over the borders; • located to a town, ◌ known only to an area",
		"enter in a view narrows the list to the period or row (its date: or field: term); esc undoes it",
	} {
		for _, w := range wrap(l, s.w, 2) {
			s.lines = append(s.lines, s.st.Muted.Render(w))
		}
	}
	s.lines = append(s.lines, "", s.st.Title.Render("filter queries"))
	for _, l := range wrap("fields: "+strings.Join(model.QueryFields(), " "), s.w, 4) {
		s.lines = append(s.lines, s.st.Text.Render(l))
	}
	for _, ex := range []string{
		"actor:russia city:raqqa      both must hold",
		`city:"ar raqqah"  city:الرقة  quote values with spaces`,
		"date:2015-12  date:2015-12-01..2015-12-31",
		"killed>=10  reports>=2  contested  -actor:russia",
		"link:possible                possible links to review (p in a strike)",
	} {
		s.lines = append(s.lines, s.st.Muted.Render(truncate(ex, s.w)))
	}
	s.pg.set(len(s.lines), s.h-1)
}

// Update scrolls the help.
func (s *helpScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		s.pg.keys(k, s.keys)
	}
	s.pg.wheel(msg)
	return nil
}

// View renders the help.
func (s *helpScreen) View() string {
	lo, hi := s.pg.window()
	return titleBar(s.st, "keys", "? or esc closes", s.w) + "\n" + strings.Join(s.lines[lo:hi], "\n")
}

// ShortHelp returns the keys shown in the footer.
func (s *helpScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Down, s.keys.Up, s.keys.Back}
}

// FullHelp returns the help screen's own keys.
func (s *helpScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.Back}}
}
