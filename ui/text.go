package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/strikes-dev/strikes/ui/plain"
)

// clean makes text from data inert for the screen: control characters
// (ESC, C0, C1) become "�", line breaks become spaces, bidi overrides and
// zero-width characters are dropped, and very long fields are cut. It is
// the one door through which data enters rendering; it is the same
// function the plain CLI output uses, so both agree on what is shown.
func clean(s string) string { return plain.Inert(s) }

// width is the display width of s.
func width(s string) int { return ansi.StringWidth(s) }

// truncate cuts s to at most w cells, ending with "…" when cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fit truncates s to w cells and pads it with spaces to exactly w.
func fit(s string, w int) string {
	s = truncate(s, w)
	if pad := w - width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// fitRight truncates s to w cells and right-aligns it in w.
func fitRight(s string, w int) string {
	s = truncate(s, w)
	if pad := w - width(s); pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// wrap word-wraps s to lines of at most w cells, breaking long words, and
// keeps at most max lines (max <= 0: no limit), marking a cut with "…".
func wrap(s string, w, max int) []string {
	if w <= 0 {
		return nil
	}
	if width(s) <= w {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i, l := range lines {
		lines[i] = truncate(strings.TrimRight(l, " "), w)
	}
	if max > 0 && len(lines) > max {
		lines = lines[:max]
		last := lines[max-1]
		if width(last) >= w {
			last = ansi.Truncate(last, w-1, "")
		}
		lines[max-1] = last + "…"
	}
	return lines
}

// clip cuts every line of a rendered block to w cells and the block to h
// lines, so nothing ever spills past the terminal.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if h >= 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}
