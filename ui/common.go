package ui

import "context"

// common is what every screen shares with the root and embeds: the
// context its reads run under, the styles (rebuilt in place when the
// terminal's background is learnt), the key map, and its own size. The
// root makes one and hands a copy to each screen's constructor.
type common struct {
	ctx  context.Context
	st   *Styles
	keys *KeyMap
	w, h int
}

// SetSize sets the screen's size; screens that reflow call it first.
func (c *common) SetSize(w, h int) { c.w, c.h = w, h }

// Capturing says whether the screen takes every key itself (a text field
// has focus), so that the root's own keys (help, back) do not apply. Only
// the list's filter line captures.
func (c *common) Capturing() bool { return false }
