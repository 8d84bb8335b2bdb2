package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
	"github.com/strikes-dev/strikes/ui"
)

// labelledSource names the data in the status line.
type labelledSource struct {
	*store.FileSource
	label string
}

func (s labelledSource) Label() string { return s.label }

var _ ui.Source = labelledSource{}

// runDashboard opens the dashboard on the user's store, or on the demo.
// The store is checked before the screen changes, so a locked, damaged
// or newer store is explained on an ordinary terminal.
func (a *app) runDashboard(ctx context.Context) error {
	path, isDemo, err := a.dataPath(ctx)
	if err != nil {
		return err
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	label := path
	if isDemo {
		label = demo.Label
	}
	return ui.Run(ctx, labelledSource{store.NewFileSource(path), label}, ui.Options{NoColor: os.Getenv("NO_COLOR") != ""})
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
				fmt.Fprintf(a.out, "%s: sound; %s strikes, %s reports\n", path, thousands(rep.Strikes), thousands(rep.Reports))
				return nil
			}
			for _, p := range rep.Problems {
				fmt.Fprintln(a.out, p)
			}
			if rep.Omitted > 0 {
				fmt.Fprintf(a.out, "and %d more problems\n", rep.Omitted)
			}
			return fmt.Errorf("the store %s is damaged: %d problems found; restore it from a backup or re-import its datasets into a new store", path, len(rep.Problems)+rep.Omitted)
		},
	}
}
