package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// component is the contract every screen keeps (soft-serve's): a tea
// model that renders to a string, takes its size from the root, describes
// its keys for the help, and says when it takes every key itself. The
// root asks screens; it never reads their fields.
type component interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Capturing() bool
	help.KeyMap
}

// screenID names a screen.
type screenID uint8

const (
	screenList screenID = iota
	screenDetail
	screenCompare
	screenHelp
	screenReview
	screenTimeline
	screenBreakdown
	screenMap
	screenAssess  // the desk (desk.go)
	screenHistory // the desk (desk.go)
	screenColumns // the column chooser (columns.go)
)

// viewMsg asks the root to open a view of the list's filter.
type viewMsg struct{ to screenID }

// openMsg asks the root to load a strike and show it on a screen.
type openMsg struct {
	id string
	to screenID
}

// strikeMsg carries a loaded strike.
type strikeMsg struct {
	id      string
	to      screenID
	refresh bool // reloaded after a data change: stay where we are
	strike  model.Strike
	desk    []model.DeskEntry // the analyst's desk on it (desk.go), when the source keeps one
	err     error
}

// chunkMsg carries the summaries a Streamer has read so far (all of them
// when done), or the error that stopped it.
type chunkMsg struct {
	c           *corpus // nil when the message only says how far the load is
	read, total int     // summaries read so far, and in all
	err         error
	done        bool
	next        tea.Cmd // waits for the next chunk
}

// loadedMsg carries a fresh load of the summaries.
type loadedMsg struct {
	c   *corpus
	err error
}

// pollMsg is time to check the source's generation.
type pollMsg struct{}

// genMsg carries the source's generation.
type genMsg struct {
	gen uint64
	err error
}

// queryMsg asks for the list, filtered by a new query ("filter like this").
type queryMsg struct{ text string }

// unlinkMsg asks the root to unlink a report (the person said yes).
type unlinkMsg struct{ report string }

// unlinkedMsg says how an unlink went.
type unlinkedMsg struct {
	report string
	err    error
}

// linkStrikeMsg asks the root to show every report of the strike from
// under the strike into (the person said yes to a possible link).
type linkStrikeMsg struct{ from, into string }

// linkedStrikeMsg says how a linkStrikeMsg went.
type linkedStrikeMsg struct {
	from, into string
	err        error
}

// backMsg asks to leave the focused screen.
type backMsg struct{}

// noteMsg is a passing message for the footer.
type noteMsg struct {
	text string
	err  bool
}

// send returns a command that delivers msg.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
