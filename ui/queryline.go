package ui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// queryLine is the one-line editor of the filter query.
type queryLine struct {
	keys    *KeyMap
	value   []rune
	pos     int
	focused bool
	width   int
	prompt  string // "" is the filter's "/ "
}

// Value returns the text typed.
func (q *queryLine) Value() string { return string(q.value) }

// SetValue replaces the text and puts the cursor at its end.
func (q *queryLine) SetValue(s string) {
	q.value = []rune(clean(s))
	q.pos = len(q.value)
}

// Update edits the line; it says whether msg was handled.
func (q *queryLine) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		q.insert(clean(msg.Content))
		return true
	case tea.KeyPressMsg:
		k := q.keys
		switch {
		case key.Matches(msg, k.LineLeft):
			q.pos = max(0, q.pos-1)
		case key.Matches(msg, k.LineRight):
			q.pos = min(len(q.value), q.pos+1)
		case key.Matches(msg, k.LineStart):
			q.pos = 0
		case key.Matches(msg, k.LineEnd):
			q.pos = len(q.value)
		case key.Matches(msg, k.DeleteBack):
			if q.pos > 0 {
				q.value = append(q.value[:q.pos-1], q.value[q.pos:]...)
				q.pos--
			}
		case key.Matches(msg, k.DeleteForward):
			if q.pos < len(q.value) {
				q.value = append(q.value[:q.pos], q.value[q.pos+1:]...)
			}
		case key.Matches(msg, k.DeleteWord):
			i := q.pos
			for i > 0 && unicode.IsSpace(q.value[i-1]) {
				i--
			}
			for i > 0 && !unicode.IsSpace(q.value[i-1]) {
				i--
			}
			q.value = append(q.value[:i], q.value[q.pos:]...)
			q.pos = i
		case key.Matches(msg, k.DeleteLine):
			q.value = q.value[q.pos:]
			q.pos = 0
		case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
			q.insert(clean(msg.Text))
		default:
			return false
		}
		return true
	}
	return false
}

func (q *queryLine) insert(s string) {
	r := []rune(s)
	v := make([]rune, 0, len(q.value)+len(r))
	v = append(v, q.value[:q.pos]...)
	v = append(v, r...)
	v = append(v, q.value[q.pos:]...)
	q.value, q.pos = v, q.pos+len(r)
}

// View renders the prompt and the text, scrolled to keep the cursor in
// view, with the cursor shown in reverse video.
func (q *queryLine) View(st *Styles, placeholder string) string {
	p := q.prompt
	if p == "" {
		p = "/ "
	}
	prompt := st.Title.Render(p)
	w := max(1, q.width-width(p))
	if len(q.value) == 0 && placeholder != "" {
		cur := " "
		if q.focused {
			cur = st.Selected.Reverse(true).Render(" ")
		}
		return prompt + cur + st.Muted.Render(truncate(placeholder, w-1))
	}
	before, after := string(q.value[:q.pos]), string(q.value[q.pos:])
	for width(before) > w-1 {
		_, size := firstRune(before)
		before = before[size:]
	}
	at := " "
	if after != "" {
		r, size := firstRune(after)
		at, after = string(r), after[size:]
	}
	out := st.Text.Render(before)
	if q.focused {
		out += lipReverse(st, at)
	} else {
		out += st.Text.Render(at)
	}
	rest := w - width(before) - width(at)
	out += st.Text.Render(truncate(after, max(0, rest)))
	return prompt + out
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			n := len(string(r))
			return r, n
		}
	}
	return 0, len(s)
}

func lipReverse(st *Styles, s string) string {
	return st.Text.Reverse(true).Render(strings.TrimSuffix(s, "\n"))
}
