package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// pager scrolls a block of rendered lines vertically.
type pager struct {
	n      int // number of lines
	h      int // visible lines
	offset int
}

func (p *pager) set(n, h int) {
	p.n, p.h = n, max(0, h)
	p.clamp()
}

func (p *pager) clamp() { p.offset = max(0, min(p.offset, p.n-p.h)) }

func (p *pager) scroll(d int) {
	p.offset += d
	p.clamp()
}

// show scrolls so that lines from..to are visible, preferring from.
func (p *pager) show(from, to int) {
	if to-from >= p.h || from < p.offset {
		p.offset = from
	} else if to >= p.offset+p.h {
		p.offset = to - p.h + 1
	}
	p.clamp()
}

// window returns the visible range [lo, hi).
func (p *pager) window() (int, int) {
	return p.offset, min(p.n, p.offset+p.h)
}

// keys applies the scrolling keys of km; it says whether msg was one.
func (p *pager) keys(msg tea.KeyPressMsg, km *KeyMap) bool {
	switch {
	case key.Matches(msg, km.Up):
		p.scroll(-1)
	case key.Matches(msg, km.Down):
		p.scroll(1)
	case key.Matches(msg, km.PageUp):
		p.scroll(-max(1, p.h-1))
	case key.Matches(msg, km.PageDown):
		p.scroll(max(1, p.h-1))
	case key.Matches(msg, km.HalfUp):
		p.scroll(-max(1, p.h/2))
	case key.Matches(msg, km.HalfDown):
		p.scroll(max(1, p.h/2))
	case key.Matches(msg, km.Top):
		p.offset = 0
	case key.Matches(msg, km.Bottom):
		p.offset = p.n
		p.clamp()
	default:
		return false
	}
	return true
}

// wheel applies a mouse wheel message; it says whether msg was one.
func (p *pager) wheel(msg tea.Msg) bool {
	w, ok := msg.(tea.MouseWheelMsg)
	if !ok {
		return false
	}
	switch w.Button {
	case tea.MouseWheelUp:
		p.scroll(-3)
	case tea.MouseWheelDown:
		p.scroll(3)
	}
	return true
}
