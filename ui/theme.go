package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Theme names the dashboard's colours by role, never by hue. A nil colour
// means "the terminal's own".
type Theme struct {
	Text      color.Color // primary text
	Muted     color.Color // secondary text: labels, "—", hints
	Accent    color.Color // titles, the selected report, keys in help
	Contested color.Color // a strike whose reports name different attackers
	Differ    color.Color // a value that disagrees with another report's
	Agree     color.Color // a row where every report agrees
	Error     color.Color // errors: a malformed query, an unreachable store
	SelFg     color.Color // the selected row
	SelBg     color.Color
	Border    color.Color // rules and separators
	Link      color.Color // hyperlinks
}

// DarkTheme is the theme for dark terminal backgrounds.
func DarkTheme() Theme {
	return Theme{
		Text:      lipgloss.Color("#E4E4E4"),
		Muted:     lipgloss.Color("#8A8A8A"),
		Accent:    lipgloss.Color("#7AA2F7"),
		Contested: lipgloss.Color("#FF8F40"),
		Differ:    lipgloss.Color("#FF6E6E"),
		Agree:     lipgloss.Color("#9ECE6A"),
		Error:     lipgloss.Color("#FF5F5F"),
		SelFg:     lipgloss.Color("#FFFFFF"),
		SelBg:     lipgloss.Color("#2F3B5C"),
		Border:    lipgloss.Color("#4E4E4E"),
		Link:      lipgloss.Color("#7DCFFF"),
	}
}

// LightTheme is the theme for light terminal backgrounds.
func LightTheme() Theme {
	return Theme{
		Text:      lipgloss.Color("#1F1F1F"),
		Muted:     lipgloss.Color("#6C6C6C"),
		Accent:    lipgloss.Color("#1F4FBF"),
		Contested: lipgloss.Color("#B34700"),
		Differ:    lipgloss.Color("#C4001A"),
		Agree:     lipgloss.Color("#2E7D32"),
		Error:     lipgloss.Color("#C4001A"),
		SelFg:     lipgloss.Color("#000000"),
		SelBg:     lipgloss.Color("#C8D7F5"),
		Border:    lipgloss.Color("#B0B0B0"),
		Link:      lipgloss.Color("#005F87"),
	}
}

// Styles are the dashboard's styles, built once from a Theme. Screens ask
// for a role (Styles.Differ), never for a colour.
type Styles struct {
	Text      lipgloss.Style
	Muted     lipgloss.Style
	Title     lipgloss.Style
	Header    lipgloss.Style // table headings
	Selected  lipgloss.Style // the row under the cursor
	Contested lipgloss.Style // the contested mark and banner
	Differ    lipgloss.Style // a disagreeing cell
	Agree     lipgloss.Style
	Error     lipgloss.Style
	Border    lipgloss.Style
	Link      lipgloss.Style
	Focus     lipgloss.Style // the selected report card's bar
	Help      help.Styles
}

// NewStyles builds the styles of a theme.
func NewStyles(t Theme) Styles {
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	return Styles{
		Text:      fg(t.Text),
		Muted:     fg(t.Muted),
		Title:     fg(t.Accent).Bold(true),
		Header:    fg(t.Muted).Bold(true),
		Selected:  lipgloss.NewStyle().Foreground(t.SelFg).Background(t.SelBg).Bold(true),
		Contested: fg(t.Contested).Bold(true),
		Differ:    fg(t.Differ).Bold(true),
		Agree:     fg(t.Agree),
		Error:     fg(t.Error).Bold(true),
		Border:    fg(t.Border),
		Link:      fg(t.Link).Underline(true),
		Focus:     fg(t.Accent).Bold(true),
		Help: help.Styles{
			Ellipsis:       fg(t.Muted),
			ShortKey:       fg(t.Accent),
			ShortDesc:      fg(t.Muted),
			ShortSeparator: fg(t.Border),
			FullKey:        fg(t.Accent),
			FullDesc:       fg(t.Text),
			FullSeparator:  fg(t.Border),
		},
	}
}

// PlainStyles are the styles without colour (NO_COLOR): emphasis is kept
// as bold, underline and reverse video only, and every mark that colour
// carries elsewhere is also carried by a symbol.
func PlainStyles() Styles {
	n := lipgloss.NewStyle()
	return Styles{
		Text:      n,
		Muted:     n,
		Title:     n.Bold(true),
		Header:    n.Bold(true),
		Selected:  n.Reverse(true),
		Contested: n.Bold(true),
		Differ:    n.Bold(true),
		Agree:     n,
		Error:     n.Bold(true),
		Border:    n,
		Link:      n.Underline(true),
		Focus:     n.Bold(true),
		Help: help.Styles{
			Ellipsis: n, ShortKey: n.Bold(true), ShortDesc: n, ShortSeparator: n,
			FullKey: n.Bold(true), FullDesc: n, FullSeparator: n,
		},
	}
}
