package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

// dataPath is the store the read commands use: the user's, or the demo
// when the user has none and named none.
func (a *app) dataPath(ctx context.Context) (path string, isDemo bool, err error) {
	path, err = a.dbPath()
	if err != nil {
		return "", false, err
	}
	if _, statErr := os.Stat(path); statErr == nil || a.explicitDB() {
		return path, false, nil
	}
	path, err = demo.Path(ctx)
	if err != nil {
		return "", false, fmt.Errorf("cannot prepare the demo data: %w", err)
	}
	return path, true, nil
}

// openRead opens the data read-only, and says on stderr when it is the
// demo.
func (a *app) openRead(ctx context.Context) (*store.Store, error) {
	path, isDemo, err := a.dataPath(ctx)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if isDemo {
		fmt.Fprintln(a.errOut, "strikes: showing the bundled demo data; import your own with: strikes import FILE")
	}
	return st, nil
}

func (a *app) listCommand() *cobra.Command {
	var (
		sortBy  string
		reverse bool
		limit   int
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "list [QUERY]",
		Short: "List the strikes that match a query, newest first",
		Long: `List the strikes that match a query. The query language:

  raqqa hospital                 free words match any text of a strike
  actor:russia city:raqqa        through the alias tables (city:الرقة, city:"ar raqqah")
  ` + otherFields() + `
  date:2015-12  date:2015-12-01..2015-12-31  date:2016..
  contested  killed>=10  injured<5  reports>=2
  -field:value  -word            negation

The README's table says what each field matches. A ⚑ before the actors
marks a contested attribution: the reports name different attackers.`,
		Example: `  strikes list 'actor:russia city:raqqa'
  strikes list 'city:الرقة date:2015-12' --json
  strikes list contested --sort killed --limit 20`,
		Args: cobra.ArbitraryArgs, // the query, in one argument or several
		RunE: func(cmd *cobra.Command, args []string) error {
			key, err := model.ParseSortKey(sortBy)
			if err != nil {
				return usagef("%v", err)
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
			if key == model.ByDate && !reverse {
				return a.listInOrder(cmd.Context(), st, q, limit, asJSON)
			}
			sums, _, err := st.Summaries(cmd.Context())
			if err != nil {
				return err
			}
			matched := sums
			if !q.Empty() {
				keep, err := q.Filter(cmd.Context(), sums, 0)
				if err != nil {
					return err
				}
				for k, i := range keep { // i >= k: in place
					sums[k] = sums[i]
				}
				matched = sums[:len(keep)]
			}
			model.SortSummaries(matched, key, reverse)
			if limit > 0 && len(matched) > limit {
				matched = matched[:limit]
			}
			if asJSON {
				return writeListJSON(a.out, matched)
			}
			return plain.List(a.out, matched, terminalWidth(a.out))
		},
	}
	cmd.Flags().StringVar(&sortBy, "sort", "date", "sort by "+strings.Join(model.SortKeyNames(), ", "))
	cmd.Flags().BoolVar(&reverse, "reverse", false, "reverse the order")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most N strikes (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines, one strike a line (see README)")
	return cmd
}

// otherFields are the query's fields that list's help shows no example
// of, from the model's one declaration of them (model.QueryFields).
func otherFields() string {
	shown := map[string]bool{"actor": true, "city": true, "date": true, "contested": true, "killed": true, "injured": true, "reports": true}
	var b strings.Builder
	for _, f := range model.QueryFields() {
		if !shown[f] {
			b.WriteString(f + ": ")
		}
	}
	return strings.TrimSpace(b.String())
}

func parseQueryArg(args []string) (*model.Query, error) {
	text := strings.Join(args, " ")
	q, err := model.ParseQuery(text)
	if err != nil {
		return nil, usagef("the query %q is malformed at %v", text, err)
	}
	return q, nil
}

// listInOrder lists the strikes that match q in the list's own order
// (newest first), reading the store only as far as it prints: the first
// limit matches, or, for JSON, every one as it comes, without holding
// them.
func (a *app) listInOrder(ctx context.Context, st *store.Store, q *model.Query, limit int, asJSON bool) error {
	var matched []model.Summary
	var jw *listJSONWriter
	if asJSON {
		jw = newListJSONWriter(a.out)
	}
	// JSON is written as each strike comes, so its strings need not be
	// copied out of the store; the list is printed after the read.
	each := st.EachSummary
	if asJSON {
		each = st.ScanSummaries
	}
	n := 0
	_, err := each(ctx, func(s *model.Summary) error {
		if !q.Match(s) {
			return nil
		}
		n++
		if jw != nil {
			if err := jw.write(s); err != nil {
				return err
			}
		} else {
			matched = append(matched, *s)
		}
		if limit > 0 && n >= limit {
			return store.ErrStop
		}
		return nil
	})
	if err != nil {
		return err
	}
	if jw != nil {
		return jw.flush()
	}
	return plain.List(a.out, matched, terminalWidth(a.out))
}

// listJSONWriter writes summaries as strikes list --json does, one line
// each, through a buffer.
type listJSONWriter struct {
	w   io.Writer
	buf []byte
}

func newListJSONWriter(w io.Writer) *listJSONWriter {
	return &listJSONWriter{w: w, buf: make([]byte, 0, 64<<10)}
}

func (jw *listJSONWriter) write(s *model.Summary) error {
	jw.buf = appendListLine(jw.buf, s)
	if len(jw.buf) >= 60<<10 {
		return jw.flush()
	}
	return nil
}

func (jw *listJSONWriter) flush() error {
	if len(jw.buf) > 0 {
		_, err := jw.w.Write(jw.buf)
		jw.buf = jw.buf[:0]
		return err
	}
	return nil
}

func writeListJSON(w io.Writer, sums []model.Summary) error {
	jw := newListJSONWriter(w)
	for i := range sums {
		if err := jw.write(&sums[i]); err != nil {
			return err
		}
	}
	return jw.flush()
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// findStrike looks a strike up by ID, or by a dataset code such as RS0232.
func findStrike(ctx context.Context, st *store.Store, id string) (model.Strike, error) {
	s, err := st.Strike(id)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	q, qerr := model.ParseQuery("code:" + model.QuoteValue(id))
	if qerr != nil {
		return s, err
	}
	sums, _, serr := st.Summaries(ctx)
	if serr != nil {
		return s, serr
	}
	for i := range sums {
		if q.Match(&sums[i]) {
			return st.Strike(sums[i].ID)
		}
	}
	return s, fmt.Errorf("no strike has the ID or code %q; find IDs with: strikes list: %w", id, store.ErrNotFound)
}

// readStrike opens the data, finds one strike by ID or code, and closes
// the store again.
func (a *app) readStrike(ctx context.Context, id string) (model.Strike, error) {
	st, err := a.openRead(ctx)
	if err != nil {
		return model.Strike{}, err
	}
	defer st.Close()
	return findStrike(ctx, st, id)
}

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one strike and every report of it",
		Example: "  strikes show airwars:RS0232\n  strikes show RS0232 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.readStrike(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return ingest.EncodeJSON(a.out, &s)
			}
			if err := plain.Show(a.out, &s); err != nil {
				return err
			}
			return a.printDesk(cmd.Context(), s.ID) // the analyst's desk (note.go)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the strike as one JSON object (the JSON Lines shape; see README)")
	return cmd
}

func (a *app) compareCommand() *cobra.Command {
	var (
		asJSON bool
		width  int
	)
	cmd := &cobra.Command{
		Use:   "compare ID",
		Short: "Compare a strike's reports side by side",
		Long: `Compare a strike's reports side by side: one column per report, headed by
its source and the chain it came through; one row per field; "—" where a
source said nothing; "≠" before values that contradict each other, "≈"
before figures that differ but can all be true; a verdict per row (agree,
compatible, differ, single source, sides only); and whether the attribution
is contested.`,
		Example: "  strikes compare airwars:RS0232\n  strikes compare RS0232 --width 100",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.readStrike(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeCompareJSON(a.out, &s)
			}
			if width == 0 {
				width = terminalWidth(a.out)
			}
			if err := plain.Compare(a.out, &s, width); err != nil {
				return err
			}
			return a.printDesk(cmd.Context(), s.ID) // the analyst's desk (note.go)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	cmd.Flags().IntVar(&width, "width", 0, "wrap to this many columns (default: the terminal's width; unlimited when piped)")
	return cmd
}

func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return width
}

type compareJSON struct {
	ID        string        `json:"id"`
	Contested bool          `json:"contested"`
	Backers   []backerJSON  `json:"attribution"`
	Columns   []columnJSON  `json:"reports"`
	Rows      []compareRowJ `json:"rows"`
}

type backerJSON struct {
	Actor     string `json:"actor"`
	Name      string `json:"name"`
	Reports   int    `json:"reports"`
	Suspected int    `json:"suspected"`
}

type columnJSON struct {
	ID      string   `json:"id"`
	Source  string   `json:"source"`
	Kind    string   `json:"source_kind"`
	Via     []string `json:"via"`
	Dataset string   `json:"dataset"`
}

type compareRowJ struct {
	Field   string    `json:"field"`
	Verdict string    `json:"verdict"`
	Values  []*string `json:"values"` // null where the source is silent
}

func writeCompareJSON(w io.Writer, s *model.Strike) error {
	cmp := model.Compare(s)
	out := compareJSON{ID: s.ID, Contested: cmp.Contested, Backers: []backerJSON{}}
	for _, b := range cmp.Backers {
		out.Backers = append(out.Backers, backerJSON{Actor: b.Key, Name: b.Name, Reports: b.Reports, Suspected: b.Suspected})
	}
	for i, c := range cmp.Columns {
		out.Columns = append(out.Columns, columnJSON{ID: c.ReportID, Source: c.Source, Kind: c.SourceKind.String(), Via: nonNil(s.Reports[i].Via), Dataset: c.Dataset})
	}
	for _, r := range cmp.Rows {
		row := compareRowJ{Field: r.Field.Label(), Verdict: r.Verdict.String()}
		for _, c := range r.Cells {
			if !c.Reported {
				row.Values = append(row.Values, nil)
				continue
			}
			text := c.Text
			row.Values = append(row.Values, &text)
		}
		out.Rows = append(out.Rows, row)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(ingest.InertJSON(buf.Bytes()))
	return err
}

func (a *app) datasetsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "datasets",
		Short: "List the datasets in the store, with their files and counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openRead(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := st.Datasets()
			if err != nil {
				return err
			}
			if len(ds) == 0 {
				fmt.Fprintln(a.out, "no datasets yet; import one with: strikes import FILE")
				return nil
			}
			tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DATASET\tFORMAT\tSTRIKES\tREPORTS\tIMPORTED\tFILE\tSHA256")
			for _, d := range ds {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%.12s\n", plain.Inert(d.Name), d.Format, d.Strikes, d.Reports,
					d.Imported.Local().Format("2006-01-02 15:04"), plain.Inert(d.File), d.SHA256)
			}
			return tw.Flush()
		},
	}
}
