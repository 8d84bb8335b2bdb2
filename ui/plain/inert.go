// Package plain renders strikes as plain text for the command line: the
// list, one strike's reports, and the side-by-side comparison. Text from
// data goes through Inert first, so no terminal escape from a data file
// ever reaches the terminal.
package plain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxField is the most runes of one data field Inert keeps; the rest is
// cut with an ellipsis, so a 100,000-character field cannot flood a screen.
const MaxField = 2000

// Inert makes text from data safe to print: ESC and every other C0 and C1
// control becomes a visible "�" (tab and newlines become spaces), bidi
// overrides and isolates and zero-width characters are dropped, invalid
// UTF-8 is replaced, and the text is cut at MaxField runes.
func Inert(s string) string {
	if isSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n >= MaxField {
			b.WriteString("…")
			break
		}
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('�')
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteRune('�')
		case isInvisible(r):
			continue
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// isInvisible reports bidi controls and zero-width characters, which can
// reorder or hide what a person sees.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f && r != 0x200d, // zero-width space, ZWNJ, LRM, RLM (ZWJ joins emoji)
		r >= 0x202a && r <= 0x202e, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2069, // word joiner, invisible operators, isolates
		r == 0xfeff, r == 0x061c, r == 0x180e, r == 0x00ad:
		return true
	}
	return unicode.Is(unicode.Cf, r) && r != 0x200d
}

func isSafe(s string) bool {
	if len(s) > MaxField {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
