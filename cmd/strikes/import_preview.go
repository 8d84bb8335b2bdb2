package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

// The import's ways of looking before writing: --draft-map writes a
// first draft of a map for a file, --dry-run reads a file as the import
// would and shows what it would store, writing nothing.

// previewStrikes is how many strikes --dry-run shows in full.
const previewStrikes = 3

// notices collects an import's one-line notices (a file read as
// Windows-1252, cells kept as notes) to print when the reading is done,
// so that they do not cut through the progress bar.
type notices struct {
	mu    sync.Mutex
	lines []string
}

func (n *notices) add(s string) {
	n.mu.Lock()
	n.lines = append(n.lines, s)
	n.mu.Unlock()
}

// flush prints the notices, each once, on w.
func (n *notices) flush(w io.Writer) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, l := range n.lines {
		fmt.Fprintln(w, "strikes: "+plain.Inert(l))
	}
	n.lines = nil
}

// checkPreviewFlags refuses flag combinations that make no sense.
func checkPreviewFlags(f *importFlags, files []string) error {
	switch f.dateOrder {
	case "", "dmy", "mdy":
	default:
		return usagef("--date-order is dmy (day first: 05/02/2014 is 5 February) or mdy (month first), not %q", f.dateOrder)
	}
	if f.draftMap {
		if len(files) != 1 || files[0] == "-" {
			return usagef("--draft-map drafts a map for one file, named on the command line")
		}
		if f.dryRun || f.mapFile != "" {
			return usagef("--draft-map writes a map; use --map and --dry-run to try it afterwards")
		}
	}
	return nil
}

// options are the ingest options the flags say.
func (f *importFlags) options(n *notices) ingest.Options {
	return ingest.Options{Dataset: f.dataset, Map: f.mapFile, SourcesPath: f.sources, SkipInvalid: f.skipInvalid,
		Sheet: f.sheet, DateOrder: f.dateOrder, Notify: n.add}
}

// draftMapFile writes a draft map for file on standard output.
func (a *app) draftMapFile(file string, f *importFlags) error {
	fh, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", file, err)
	}
	defer fh.Close()
	var n notices
	err = ingest.DraftMap(a.out, file, fh, f.options(&n))
	n.flush(a.errOut)
	return err
}

// dryRun reads file as an import would, shows its first strikes as they
// would be stored, the counts and every error, and writes nothing.
func (a *app) dryRun(file string, f *importFlags) error {
	in := io.Reader(os.Stdin)
	name := "<stdin>"
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", file, err)
		}
		defer fh.Close()
		in, name = fh, file
	}
	var n notices
	var rowErrs []string
	opts := f.options(&n)
	opts.SkipInvalid = true
	opts.Rejects = func(e *ingest.RowError) { rowErrs = append(rowErrs, e.Error()) }
	rd, err := ingest.Open(f.format, name, in, opts)
	if err != nil {
		n.flush(a.errOut)
		return err
	}
	fmt.Fprintf(a.out, "dry run of %s (read as %s): nothing is written\n", filepath.Base(name), rd.Format())
	strikes, reports := 0, 0
	dataset := ""
	var stop error
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			stop = err
			break
		}
		strikes++
		reports += len(s.Reports)
		if dataset == "" && len(s.Reports) > 0 {
			dataset = s.Reports[0].Dataset
		}
		if strikes <= previewStrikes {
			a.previewStrike(s)
		}
	}
	n.flush(a.errOut)
	fmt.Fprintf(a.out, "\n%s strikes, %s reports", thousands(strikes), thousands(reports))
	if dataset != "" {
		fmt.Fprintf(a.out, " of dataset %s", plain.Inert(dataset))
	}
	fmt.Fprintf(a.out, "; %s rows with errors", thousands(len(rowErrs)))
	if stop != nil {
		fmt.Fprintf(a.out, "; reading stopped at an error it cannot pass")
	}
	fmt.Fprintln(a.out)
	for _, e := range rowErrs {
		fmt.Fprintln(a.out, plain.Inert(e))
	}
	if stop != nil {
		fmt.Fprintln(a.out, plain.Inert(stop.Error()))
	}
	if stop != nil || len(rowErrs) > 0 {
		what := "an import would refuse the file as it is (--skip-invalid imports the rows without errors)"
		if stop != nil {
			what = "an import would refuse the file"
		}
		return fmt.Errorf("%s", what)
	}
	return nil
}

// previewStrike prints one strike as show would.
func (a *app) previewStrike(s *model.Strike) {
	fmt.Fprintln(a.out)
	fmt.Fprintf(a.out, "── %s\n", plain.Inert(s.ID))
	_ = plain.Show(a.out, s)
}
