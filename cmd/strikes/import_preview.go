package main

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

// The import's ways of looking before writing: --draft-map writes a
// first draft of a map for a file; --dry-run shows, besides what the
// import would add, change and delete, the first strikes as they would
// be stored and every row's error.

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

// preview is what --dry-run shows besides what the import would do: the
// first strikes as they would be stored, and every row's error (a dry
// run reads past them, as --skip-invalid does).
type preview struct {
	a      *app
	shown  int
	errs   []string
	refuse bool // without --skip-invalid an error refuses the file
}

// newPreview returns the preview of a dry run, nil otherwise; it makes
// opts read past bad rows and keep their errors.
func (a *app) newPreview(f *importFlags, opts *ingest.Options) *preview {
	if !f.dryRun {
		return nil
	}
	p := &preview{a: a, refuse: !f.skipInvalid}
	rejects := opts.Rejects
	opts.SkipInvalid = true
	opts.Rejects = func(e *ingest.RowError) {
		p.errs = append(p.errs, e.Error())
		if rejects != nil {
			rejects(e)
		}
	}
	return p
}

// see shows one of the first strikes as show would.
func (p *preview) see(s *model.Strike) {
	if p == nil || p.shown >= previewStrikes {
		return
	}
	p.shown++
	_ = plain.Show(p.a.out, s)
	fmt.Fprintln(p.a.out)
}

// errors lists every row's error.
func (p *preview) errors() {
	if p == nil {
		return
	}
	for _, e := range p.errs {
		fmt.Fprintln(p.a.out, plain.Inert(e))
	}
}

// finish lists the errors after the counts; the file's errors fail the
// command unless --skip-invalid says to import the rows without them.
func (p *preview) finish() error {
	if p == nil {
		return nil
	}
	p.errors()
	if len(p.errs) > 0 && p.refuse {
		rows := "1 row has an error"
		if len(p.errs) > 1 {
			rows = plain.Thousands(len(p.errs)) + " rows have errors"
		}
		return fmt.Errorf("an import would refuse the file as it is: %s (--skip-invalid imports the others)", rows)
	}
	return nil
}
