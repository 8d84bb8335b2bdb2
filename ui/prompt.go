package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// question is a y/n question the root owns and shows in the footer (as
// lazygit's popup handler owns its confirmations): a screen asks it with
// askMsg, and while it is open every key goes to it. It offers one choice
// or several (the possible links of a strike), stepped through with tab
// and shift+tab; y sends the choice's message, any other key cancels and
// says so.
type question struct {
	// owner is the screen that asked: the question closes when the person
	// leaves it.
	owner screenID
	// kind tells a screen's questions apart ("unlink", "possible"), so
	// that a reload of the screen's data can ask again (reasker).
	kind    string
	choices []choice
	at      int
	// no is the note shown when the person says no.
	no string
}

// choice is one thing a question offers: its text (keys first, so that a
// narrow terminal cuts the detail, not them) and the message a yes sends.
type choice struct {
	id   string // stable across reloads: what the choice is about
	text string
	yes  tea.Msg
}

// askMsg asks the root to put a question to the person.
type askMsg struct{ q question }

// reasker is a screen whose data can change under an open question of
// its own: after a reload it gives the question as it now stands, or
// gone when what it asked about is no longer there.
type reasker interface {
	reask(q question) (next question, gone bool)
}

// answer handles a key while the question is open: done says it closed,
// and cmd is what the answer sends.
func (q *question) answer(msg tea.KeyPressMsg, k *KeyMap) (done bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, k.Yes):
		return true, send(q.choices[q.at].yes)
	case len(q.choices) > 1 && key.Matches(msg, k.NextPossible):
		q.at = (q.at + 1) % len(q.choices)
		return false, nil
	case len(q.choices) > 1 && key.Matches(msg, k.PrevPossible):
		q.at = (q.at + len(q.choices) - 1) % len(q.choices)
		return false, nil
	}
	return true, send(noteMsg{text: q.no})
}

// text is the question as the footer shows it.
func (q *question) text() string { return q.choices[q.at].text }
