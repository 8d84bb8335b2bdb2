package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
	"github.com/strikes-dev/strikes/ui"
	"github.com/strikes-dev/strikes/ui/plain"
)

// dashSource is the dashboard's source: the store file, named for the
// status line.
type dashSource struct {
	*store.FileSource
	label string
	path  string // the store file, for Export (view.go)
}

func (s *dashSource) Label() string { return s.label }

// demoSource is the demo's source: it reads, streams and links as the
// store's does, and keeps no desk (the demo is never written with it).
type demoSource struct{ d *dashSource }

func (s demoSource) Summaries(ctx context.Context) ([]model.Summary, uint64, error) {
	return s.d.Summaries(ctx)
}
func (s demoSource) Strike(ctx context.Context, id string) (model.Strike, error) {
	return s.d.Strike(ctx, id)
}
func (s demoSource) Generation(ctx context.Context) (uint64, error) { return s.d.Generation(ctx) }
func (s demoSource) Label() string                                  { return s.d.Label() }
func (s demoSource) StreamSummaries(ctx context.Context, read func([]model.Summary, int) error) (uint64, error) {
	return s.d.StreamSummaries(ctx, read)
}
func (s demoSource) Unlink(ctx context.Context, id string) error { return s.d.Unlink(ctx, id) }
func (s demoSource) LinkStrike(ctx context.Context, from, into string) error {
	return s.d.LinkStrike(ctx, from, into)
}
func (s demoSource) RejectPossible(ctx context.Context, a, b string) error {
	return s.d.RejectPossible(ctx, a, b)
}
func (s demoSource) Places(ctx context.Context) (map[string]model.Place, error) {
	return s.d.Places(ctx)
}

// Both sides of the dashboard's interfaces meet here: the store's source
// is what the ui reads through, streams from and links through.
var (
	_ ui.Source   = (*store.FileSource)(nil)
	_ ui.Streamer = (*store.FileSource)(nil)
	_ ui.Linker   = (*store.FileSource)(nil)
	_ ui.Locator  = (*store.FileSource)(nil)
	_ ui.Source   = (*dashSource)(nil)
	_ ui.Streamer = (*dashSource)(nil)
	_ ui.Linker   = (*dashSource)(nil)
	_ ui.Locator  = (*dashSource)(nil)
	_ ui.Locator  = demoSource{}
	_ ui.Desk     = (*store.FileSource)(nil)
	_ ui.Desk     = (*dashSource)(nil)
	_ ui.Exporter = (*dashSource)(nil)
)

// runDashboard opens the dashboard on the user's store, or on the demo.
// The store is opened and its summaries read before the screen changes,
// so a locked, damaged or newer store is explained on an ordinary
// terminal, with exit code 1.
func (a *app) runDashboard(ctx context.Context) error {
	path, isDemo, err := a.dataPath(ctx)
	if err != nil {
		return err
	}
	// The store is opened and its first page read before the screen
	// changes, so that a locked, damaged or newer store is explained on
	// an ordinary terminal; the rest loads behind the first screen.
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	n := 0
	_, err = st.ScanSummaries(ctx, func(*model.Summary) error {
		if n++; n == 200 {
			return store.ErrStop
		}
		return nil
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	label := path
	if isDemo {
		label = demo.Label
	}
	src := &dashSource{FileSource: store.NewFileSource(path), label: label, path: path}
	opts := ui.Options{NoColor: os.Getenv("NO_COLOR") != "", Who: os.Getenv("USER")}
	a.dashboardViews(&opts, path) // saved views and the last filter (view.go)
	if isDemo {
		return ui.Run(ctx, demoSource{src}, opts) // the demo keeps no desk
	}
	return ui.Run(ctx, src, opts)
}

func (a *app) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the store: bbolt's own check, every record's checksum, the indexes and the counts",
		Long: `Verify the store file: bbolt's own page check, every record's checksum and
decoding, every index entry against the records, and the stored counts. It
prints what is wrong and exits 1 when anything is. It only reads.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _, err := a.dataPath(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := store.Check(path)
			if err != nil {
				return err
			}
			if rep.OK() {
				fmt.Fprintf(a.out, "%s: sound; %s strikes, %s reports\n", path, plain.Thousands(rep.Strikes), plain.Thousands(rep.Reports))
				for _, adv := range rep.Advice {
					fmt.Fprintln(a.out, "note: "+adv)
				}
				return nil
			}
			for _, adv := range rep.Advice {
				fmt.Fprintln(a.out, "note: "+adv)
			}
			for _, p := range rep.Problems {
				fmt.Fprintln(a.out, p)
			}
			if rep.Omitted > 0 {
				fmt.Fprintf(a.out, "and %d more problems\n", rep.Omitted)
			}
			n := len(rep.Problems) + rep.Omitted
			problems := "problems"
			if n == 1 {
				problems = "problem"
			}
			return fmt.Errorf("the store %s is damaged: %s %s found; restore it from a backup or re-import its datasets into a new store", path, plain.Thousands(n), problems)
		},
	}
}
