package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
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
again gives the same bytes. csv is flat, one row per report; its columns are
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
				write = func(s *model.Strike) error { return ingest.EncodeJSON(bw, s) }
				flush = func() error { return nil }
			case "csv":
				cw := ingest.NewCSVWriter(bw)
				write, flush = cw.Write, cw.Flush
			}
			n := 0
			err = st.ForEach(cmd.Context(), func(s *model.Strike) error {
				if !q.Empty() {
					sum := model.Summarize(s)
					if !q.Match(&sum) {
						return nil
					}
				}
				n++
				return write(s)
			})
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
