package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// historyScreen is the desk's history pane of a strike (H in the detail):
// every change made at the desk on it, the strikes shown under it and its
// reports, newest first, each with who, when, what and each field before
// and after. It only reads: nothing in the history is ever edited.
type historyScreen struct {
	common

	id      string
	changes []model.Change
	lines   []string
	pg      pager
}

var _ component = (*historyScreen)(nil)

func newHistory(c common) *historyScreen { return &historyScreen{common: c} }

// SetHistory shows a strike's changes (oldest first, as the store keeps
// them).
func (h *historyScreen) SetHistory(id string, changes []model.Change) {
	if h.id != id {
		h.pg.offset = 0
	}
	h.id, h.changes = id, changes
	h.rebuild()
}

// SetSize sets the screen's size and reflows the changes.
func (h *historyScreen) SetSize(w, ht int) {
	h.common.SetSize(w, ht)
	h.rebuild()
}

func (h *historyScreen) rebuild() {
	h.lines = nil
	if h.w <= 0 {
		return
	}
	st := h.st
	if len(h.changes) == 0 {
		h.lines = append(h.lines, st.Muted.Render(truncate("no change has been made at the desk on this strike: A assesses, w writes a note, # tags, b bookmarks", h.w)))
	}
	for i := len(h.changes) - 1; i >= 0; i-- {
		c := &h.changes[i]
		kind := "strike"
		if c.Report {
			kind = "report"
		}
		head := "#" + strconv.FormatUint(c.Seq, 10) + " " + c.When.UTC().Format("2006-01-02 15:04") + " · " + clean(c.Who) + " · " + clean(c.What)
		if c.Target != h.id || c.Report {
			head += " on " + kind + " " + clean(c.Target)
		}
		for _, l := range wrap(head, h.w, 2) {
			h.lines = append(h.lines, st.Title.Render(l))
		}
		if c.Said != "" {
			for _, l := range wrap(clean(c.Said), max(1, h.w-2), 4) {
				h.lines = append(h.lines, "  "+st.Muted.Render(l))
			}
		}
		for _, d := range c.Changes() {
			for _, l := range wrap(clean(d), max(1, h.w-2), 12) {
				h.lines = append(h.lines, "  "+st.Text.Render(l))
			}
		}
		h.lines = append(h.lines, "")
	}
	h.pg.set(len(h.lines), h.h-1)
}

// Init does nothing.
func (h *historyScreen) Init() tea.Cmd { return nil }

// Update scrolls.
func (h *historyScreen) Update(msg tea.Msg) tea.Cmd {
	if h.pg.wheel(msg) {
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		h.pg.keys(k, h.keys)
	}
	return nil
}

// View renders the title and the visible lines.
func (h *historyScreen) View() string {
	right := plural(len(h.changes), "change")
	var b strings.Builder
	b.WriteString(titleBar(h.st, "desk history · "+clean(h.id), right, h.w))
	lo, hi := h.pg.window()
	for _, l := range h.lines[lo:hi] {
		b.WriteString("\n" + l)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// ShortHelp returns the keys shown in the footer.
func (h *historyScreen) ShortHelp() []key.Binding {
	k := h.keys
	return []key.Binding{k.Down, k.Up, k.Back, k.Help}
}

// FullHelp returns the pane's keys.
func (h *historyScreen) FullHelp() [][]key.Binding {
	k := h.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Back, k.Help, k.ForceQuit}}
}
