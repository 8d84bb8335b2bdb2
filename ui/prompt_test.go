package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestQuestionAnswers: y sends the choice's message, tab and shift+tab
// step through several choices, any other key closes it with its note.
func TestQuestionAnswers(t *testing.T) {
	km := DefaultKeyMap()
	q := question{kind: "possible", no: "nothing linked", choices: []choice{
		{id: "a", text: "first?", yes: linkStrikeMsg{from: "a", into: "x"}},
		{id: "b", text: "second?", yes: linkStrikeMsg{from: "b", into: "x"}},
	}}
	press := func(code rune, mod tea.KeyMod) (bool, tea.Msg) {
		done, cmd := q.answer(tea.KeyPressMsg{Code: code, Mod: mod}, &km)
		if cmd == nil {
			return done, nil
		}
		return done, cmd()
	}
	if done, msg := press(tea.KeyTab, 0); done || msg != nil || q.text() != "second?" {
		t.Fatalf("tab: done %v, %v, at %q", done, msg, q.text())
	}
	if done, _ := press(tea.KeyTab, tea.ModShift); done || q.text() != "first?" {
		t.Fatalf("shift+tab: at %q", q.text())
	}
	press(tea.KeyTab, 0)
	if done, msg := press('y', 0); !done || msg != (linkStrikeMsg{from: "b", into: "x"}) {
		t.Fatalf("y: done %v, %#v", done, msg)
	}
	if done, msg := press('n', 0); !done || msg != (noteMsg{text: "nothing linked"}) {
		t.Fatalf("n: done %v, %#v", done, msg)
	}
	one := question{no: "nothing unlinked", choices: []choice{{id: "r", text: "unlink r?", yes: unlinkMsg{report: "r"}}}}
	if done, cmd := one.answer(tea.KeyPressMsg{Code: tea.KeyTab}, &km); !done || cmd() != (noteMsg{text: "nothing unlinked"}) {
		t.Errorf("tab on a one-choice question should answer no")
	}
}
