package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every binding of the dashboard. Screens match keys only
// through it (key.Matches), and help is generated from it, so the help
// shown is always the keys that work.
type KeyMap struct {
	Up, Down          key.Binding
	PageUp, PageDown  key.Binding
	HalfUp, HalfDown  key.Binding
	Top, Bottom       key.Binding
	Left, Right       key.Binding
	Open              key.Binding
	Back              key.Binding
	Compare           key.Binding
	Filter            key.Binding
	ClearFilter       key.Binding
	Accept, Cancel    key.Binding
	Sort, SortReverse key.Binding
	LikeActor         key.Binding
	LikePlace         key.Binding
	NextReport        key.Binding
	PrevReport        key.Binding
	OpenURL, CopyURL  key.Binding
	Unlink            key.Binding
	LinkPossible      key.Binding
	MakeLink, Reject  key.Binding
	NextPossible      key.Binding
	PrevPossible      key.Binding
	Yes, No           key.Binding
	Help              key.Binding
	Quit, ForceQuit   key.Binding

	// The views of the list's filter (timeline, breakdown, map).
	Timeline, Breakdown, Map key.Binding
	Earlier, Later           key.Binding
	ZoomIn, ZoomOut          key.Binding
	ViewSplit, ViewCategory  key.Binding
	ViewField                key.Binding
	Narrow                   key.Binding
	RowUp                    key.Binding // up without k, where k cycles the killed category
	CellLeft, CellRight      key.Binding
	Refit                    key.Binding
	// The analyst's desk (desk.go): from the list, the detail and the
	// comparison; History in the detail.
	Assess, Note, Tags key.Binding
	Bookmark, History  key.Binding
	Editor             key.Binding
	CopyID             key.Binding
	Views              key.Binding // saved views (views.go)
	Export             key.Binding // views.go
	// The column chooser (columns.go), C from the list.
	Columns                      key.Binding
	ToggleColumn                 key.Binding
	MoveColumnUp, MoveColumnDown key.Binding
	ApplyColumns, CancelColumns  key.Binding

	// Editing the query line.
	LineLeft, LineRight key.Binding
	LineStart, LineEnd  key.Binding
	DeleteBack          key.Binding
	DeleteForward       key.Binding
	DeleteWord          key.Binding
	DeleteLine          key.Binding
}

// DefaultKeyMap returns the dashboard's bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Up:           b([]string{"up", "k"}, "↑/k", "up"),
		Down:         b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:       b([]string{"pgup"}, "pgup", "page up"),
		PageDown:     b([]string{"pgdown", "space"}, "pgdn", "page down"),
		HalfUp:       b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		HalfDown:     b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		Top:          b([]string{"g", "home"}, "g/home", "first"),
		Bottom:       b([]string{"G", "end"}, "G/end", "last"),
		Left:         b([]string{"left", "h"}, "←/h", "columns left"),
		Right:        b([]string{"right", "l"}, "→/l", "columns right"),
		Open:         b([]string{"enter"}, "enter", "open"),
		Back:         b([]string{"esc", "backspace", "q"}, "esc/q", "back"),
		Compare:      b([]string{"c"}, "c", "compare"),
		Filter:       b([]string{"/"}, "/", "filter"),
		ClearFilter:  b([]string{"esc"}, "esc", "clear filter"),
		Accept:       b([]string{"enter"}, "enter", "keep filter"),
		Cancel:       b([]string{"esc"}, "esc", "clear filter"),
		Sort:         b([]string{"s"}, "s", "sort"),
		SortReverse:  b([]string{"S"}, "S", "reverse sort"),
		LikeActor:    b([]string{"a"}, "a", "same actor"),
		LikePlace:    b([]string{"t"}, "t", "same town"),
		NextReport:   b([]string{"tab", "n"}, "tab/n", "next report"),
		PrevReport:   b([]string{"shift+tab", "N"}, "shift+tab/N", "previous report"),
		OpenURL:      b([]string{"o"}, "o", "open link"),
		CopyURL:      b([]string{"y"}, "y", "copy link"),
		Unlink:       b([]string{"u"}, "u", "unlink report"),
		LinkPossible: b([]string{"p"}, "p", "review possible links"),
		MakeLink:     b([]string{"y"}, "y", "make this link"),
		Reject:       b([]string{"x"}, "x", "not the same strike"),
		NextPossible: b([]string{"tab"}, "tab", "next possible link"),
		PrevPossible: b([]string{"shift+tab"}, "shift+tab", "previous possible link"),
		Yes:          b([]string{"y"}, "y", "yes"),
		No:           b([]string{"n", "esc"}, "n/esc", "no"),
		Help:         b([]string{"?"}, "?", "help"),
		Quit:         b([]string{"q"}, "q", "quit"),
		ForceQuit:    b([]string{"ctrl+c"}, "ctrl+c", "quit"),

		Timeline:     b([]string{"T"}, "T", "timeline"),
		Breakdown:    b([]string{"B"}, "B", "breakdown"),
		Map:          b([]string{"M"}, "M", "map"),
		Earlier:      b([]string{"left", "h"}, "←/h", "earlier"),
		Later:        b([]string{"right", "l"}, "→/l", "later"),
		ZoomIn:       b([]string{"+", "="}, "+", "zoom in"),
		ZoomOut:      b([]string{"-"}, "-", "zoom out"),
		ViewSplit:    b([]string{"tab"}, "tab", "split by"),
		ViewCategory: b([]string{"k"}, "k", "killed category"),
		ViewField:    b([]string{"tab"}, "tab", "next field"),
		Narrow:       b([]string{"enter"}, "enter", "narrow the list"),
		RowUp:        b([]string{"up"}, "↑", "up"),
		CellLeft:     b([]string{"left", "h"}, "←/h", "left"),
		CellRight:    b([]string{"right", "l"}, "→/l", "right"),
		Refit:        b([]string{"0"}, "0", "fit to the strikes"),
		Assess:       b([]string{"A"}, "A", "assess"),
		Note:         b([]string{"w"}, "w", "write a note"),
		Tags:         b([]string{"#"}, "#", "tags"),
		Bookmark:     b([]string{"b"}, "b", "bookmark"),
		History:      b([]string{"H"}, "H", "desk history"),
		Editor:       b([]string{"ctrl+e"}, "ctrl+e", "note in $EDITOR"),
		CopyID:       b([]string{"Y"}, "Y", "copy strike ID"),
		Views:        b([]string{"v"}, "v", "next saved view"),
		Export:       b([]string{"e"}, "e", "export the list"),

		Columns:        b([]string{"C"}, "C", "choose columns"),
		ToggleColumn:   b([]string{"space"}, "space", "show/hide"),
		MoveColumnUp:   b([]string{"shift+up", "K"}, "shift+↑/K", "move up"),
		MoveColumnDown: b([]string{"shift+down", "J"}, "shift+↓/J", "move down"),
		ApplyColumns:   b([]string{"enter"}, "enter", "apply"),
		CancelColumns:  b([]string{"esc", "q"}, "esc", "cancel"),

		LineLeft:      b([]string{"left", "ctrl+b"}, "←", "cursor left"),
		LineRight:     b([]string{"right", "ctrl+f"}, "→", "cursor right"),
		LineStart:     b([]string{"home", "ctrl+a"}, "ctrl+a", "start of line"),
		LineEnd:       b([]string{"end", "ctrl+e"}, "ctrl+e", "end of line"),
		DeleteBack:    b([]string{"backspace", "ctrl+h"}, "backspace", "delete back"),
		DeleteForward: b([]string{"delete", "ctrl+d"}, "del", "delete forward"),
		DeleteWord:    b([]string{"ctrl+w", "alt+backspace"}, "ctrl+w", "delete word"),
		DeleteLine:    b([]string{"ctrl+u"}, "ctrl+u", "delete to start"),
	}
}
