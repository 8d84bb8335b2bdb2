package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/strikes-dev/strikes/model"
)

// Options configure the dashboard.
type Options struct {
	// Query is the filter the list starts with, in the query language.
	Query string
	// NoColor turns colour off (NO_COLOR): plain styles, symbols only.
	NoColor bool
	// Input and Output replace the terminal, for tests; nil means the
	// terminal.
	Input  io.Reader
	Output io.Writer
	// Debounce is how long typing must pause before the list is filtered:
	// 0 means 100 ms; a negative value filters on every key press.
	Debounce time.Duration
	// Poll is how often the source's generation is checked for new data:
	// 0 means 1.5 s; a negative value turns polling off.
	Poll time.Duration
	// OpenURL opens a link in a browser; nil means $BROWSER or xdg-open.
	OpenURL func(url string) error
	// Who is the name changes at the desk are recorded under ($USER).
	Who string
	// Views are the saved views (views.go), shown as tabs; Sort and
	// Reverse the order the list starts in.
	Views   []View
	Sort    model.SortKey
	Reverse bool
	// Remember, when set, is told the list's filter and sort when the
	// dashboard closes, to open with them the next time.
	Remember func(query string, sort model.SortKey, reverse bool)
	// Columns are the list's columns by name, in the person's order (the
	// sort keys' names: date, place, governorate, actors, reports,
	// killed, injured, grading, dataset); nil is every column. Names it
	// does not know are passed over. SaveColumns, when set, keeps the
	// columns the person applies in the chooser (C) for next time; nil
	// names mean every column, in the usual order.
	Columns     []string
	SaveColumns func(names []string) error
}

func (o Options) debounce() time.Duration {
	if o.Debounce == 0 {
		return 100 * time.Millisecond
	}
	return o.Debounce
}

func (o Options) poll() time.Duration {
	if o.Poll == 0 {
		return 1500 * time.Millisecond
	}
	return o.Poll
}

// Run shows the dashboard on the terminal until the user quits (q or
// ctrl+c, which return nil) or ctx is cancelled (which returns nil too).
// The terminal is restored on exit and after a panic, which is returned as
// an error.
func Run(ctx context.Context, src Source, opts Options) error {
	m := New(ctx, src, opts)
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	switch {
	case opts.NoColor:
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	case opts.Output == nil:
		// Lip Gloss found the standard output's profile as it started;
		// finding it again costs a second "tmux info" (a process) before
		// the first screen in tmux.
		popts = append(popts, tea.WithColorProfile(lipgloss.Writer.Profile))
	}
	final, err := tea.NewProgram(m, popts...).Run()
	if fm, ok := final.(Model); ok && opts.Remember != nil && err == nil {
		opts.Remember(fm.Final())
	}
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		return nil
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("ui: %w", err)
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil
	}
	return fmt.Errorf("ui: %w", err)
}
