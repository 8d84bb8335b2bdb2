package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

func (a *app) exportCommand() *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export [QUERY]",
		Short: "Export the strikes that match a query as JSON Lines or flat CSV",
		Long: `Export the strikes that match a query (all when none is given).

jsonl is strikes' own lossless format, one strike a line, the shape that
"strikes show --json" prints: importing it into a fresh store and exporting
again gives the same bytes. After the strikes comes the desk section: your
assessments, notes, tags, bookmarks and flags on the strikes exported, one
line each, and every change of their history ("strikes import" reads it
back, keeping the newer of two entries). csv is flat, one row per report; its columns are
listed in the README.`,
		Example: "  strikes export --format jsonl -o all.jsonl\n  strikes export 'actor:russia date:2016' --format csv -o russia-2016.csv",
		Args:    cobra.ArbitraryArgs, // the query, in one argument or several
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "jsonl" && format != "csv" {
				return usagef("cannot export as %q; use --format jsonl or --format csv", format)
			}
			q, err := parseQueryArg(args)
			if err != nil {
				return err
			}
			st, err := a.openRead(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			out := a.out
			var file *os.File
			if output != "" && output != "-" {
				if file, err = os.Create(output); err != nil {
					return fmt.Errorf("cannot write the export: %w", err)
				}
				defer file.Close()
				out = file
			}
			bw := bufio.NewWriterSize(out, 1<<16)
			var write func(*model.Strike) error
			var flush func() error
			switch format {
			case "jsonl":
				desk, err := newDeskSection(st)
				if err != nil {
					return err
				}
				write = func(s *model.Strike) error {
					desk.wrote(s.ID)
					return ingest.EncodeJSON(bw, s)
				}
				flush = func() error { return desk.write(bw) }
			case "csv":
				cw := ingest.NewCSVWriter(bw)
				write, flush = cw.Write, cw.Flush
			}
			n, err := forEachMatching(cmd.Context(), st, q, exportBatch, write)
			if err == nil {
				err = flush()
			}
			if err == nil {
				err = bw.Flush()
			}
			if err == nil && file != nil {
				err = file.Close()
			}
			if err != nil {
				return fmt.Errorf("the export stopped part-way: %w", err)
			}
			if output != "" && output != "-" {
				fmt.Fprintf(a.errOut, "exported %s strikes to %s\n", plain.Thousands(n), output)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "jsonl or csv")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

// exportBatch is how many strikes export reads before it matches them.
const exportBatch = 4096

// forEachMatching calls write for each strike of the store, as imported,
// whose summary matches q, in the store's order, and returns how many it
// wrote. The strikes are read in batches of size; each batch is
// summarised and matched on every CPU (model.Query.FilterStrikes) and
// written while the next is read.
func forEachMatching(ctx context.Context, st *store.Store, q *model.Query, size int, write func(*model.Strike) error) (int, error) {
	n := 0
	if q.Empty() {
		err := st.ForEach(ctx, func(s *model.Strike) error {
			n++
			return write(s)
		})
		return n, err
	}
	marks, err := st.DeskMarksByRecord() // tag:, note:, assessed match the desk (store/desk.go)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []model.Strike, 1)
	written := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			if err != nil {
				continue // drain: the reader stops at the cancel
			}
			var keep []int32
			keep, err = q.FilterStrikesMarked(ctx, b, 0, func(id string) *model.DeskMark { return marks[id] })
			for _, i := range keep {
				if err = write(&b[i]); err != nil {
					break
				}
				n++
			}
			if err != nil {
				cancel()
			}
		}
		written <- err
	}()
	batch := make([]model.Strike, 0, size)
	err = st.ForEach(ctx, func(s *model.Strike) error {
		batch = append(batch, *s)
		if len(batch) < size {
			return nil
		}
		select {
		case batches <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		batch = make([]model.Strike, 0, size)
		return nil
	})
	if len(batch) > 0 && ctx.Err() == nil {
		batches <- batch // after a damaged record too, as what came before it is written
	}
	close(batches)
	if werr := <-written; werr != nil {
		return n, werr // the cause; the reader saw only the cancel
	}
	return n, err
}

// deskSection is the export's desk section (store/ingest/desk.go): the
// desk entries on the strikes exported and on their reports, then the
// history of those entries, after the strikes.
type deskSection struct {
	entries []model.DeskEntry
	changes []model.Change
	want    map[string]bool // the strikes the entries are on (a report's: its strike)
	written map[string]bool // of those, the ones exported
}

func newDeskSection(st *store.Store) (*deskSection, error) {
	d := &deskSection{want: map[string]bool{}, written: map[string]bool{}}
	var err error
	if d.entries, err = st.DeskEntries(); err != nil {
		return nil, err
	}
	if d.changes, err = st.History(""); err != nil {
		return nil, err
	}
	for _, e := range d.entries {
		d.want[deskStrike(e.Target, e.Report, e.Home)] = true
	}
	for _, c := range d.changes {
		d.want[deskStrike(c.Target, c.Report, cmp.Or(c.After.Home, c.Before.Home))] = true
	}
	return d, nil
}

// deskStrike is the strike an entry is on as imported.
func deskStrike(target string, report bool, home string) string {
	if report {
		return home
	}
	return target
}

func (d *deskSection) wrote(id string) {
	if d.want[id] {
		d.written[id] = true
	}
}

func (d *deskSection) write(w io.Writer) error {
	for i := range d.entries {
		e := &d.entries[i]
		if d.written[deskStrike(e.Target, e.Report, e.Home)] {
			if err := ingest.EncodeDesk(w, e, nil); err != nil {
				return err
			}
		}
	}
	for i := range d.changes {
		c := &d.changes[i]
		if d.written[deskStrike(c.Target, c.Report, cmp.Or(c.After.Home, c.Before.Home))] {
			if err := ingest.EncodeDesk(w, nil, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// exportJSONL writes the strikes of st that match q, then the desk
// section, as JSON Lines to w, and returns how many strikes it wrote.
func exportJSONL(ctx context.Context, st *store.Store, q *model.Query, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	desk, err := newDeskSection(st)
	if err != nil {
		return 0, err
	}
	n, err := forEachMatching(ctx, st, q, exportBatch, func(s *model.Strike) error {
		desk.wrote(s.ID)
		return ingest.EncodeJSON(bw, s)
	})
	if err == nil {
		err = desk.write(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	return n, err
}
