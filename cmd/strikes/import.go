package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

type importFlags struct {
	format      string
	mapFile     string
	dataset     string
	sources     string
	skipInvalid bool
	rejects     string
	replace     bool
	yes         bool
	dryRun      bool
	idPrefix    string
	wait        bool
	sheet       string
	dateOrder   string
	draftMap    bool
}

func (a *app) importCommand() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import [flags] FILE...",
		Short: "Import files into the store (UCDP GED, ACLED, Airwars, JSON Lines, any CSV with a mapping)",
		Long: `Import files into the store, each as one atomic change: if anything goes
wrong, or the process is killed, the store stays as it was.

The format is recognised from the file's header unless --format names it:
UCDP GED and Candidate, ACLED, Airwars, TBIJ, the Yemen Data Project, New
America, JSON Lines; any other table through a map (--map), of which
--draft-map writes a first draft and --dry-run shows the result. CSV in
UTF-8 or Windows-1252 and .xlsx workbooks (--sheet) are read;
docs/IMPORTING.md explains it all. "-" reads standard input.

Re-importing a file changes nothing; a newer version of a dataset updates
strikes by their IDs and reports what it added and changed. Strikes that
the newer file lacks are kept unless --replace.

By default one bad row refuses the whole file. With --skip-invalid the valid
rows go in and every rejected row is listed, with its reason, in --rejects.`,
		Example: `  strikes import ../shared/data/ucdp-ged/syria-2016-2019.csv
  strikes import --format airwars incidents.csv --sources syria-sources.csv
  strikes import DroneWarsData.xlsx --sheet Yemen
  strikes import --draft-map violations.csv > my.toml
  strikes import --map my.toml --dry-run violations.csv
  strikes export --format jsonl | strikes import --db other.db -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !validFormat(f.format) {
				return usagef("unknown format %q; the formats are %s", f.format, strings.Join(ingest.Formats, ", "))
			}
			if f.rejects != "" && !f.skipInvalid {
				return usagef("--rejects only makes sense with --skip-invalid")
			}
			if err := checkPreviewFlags(&f, args); err != nil {
				return err
			}
			if f.draftMap {
				return a.draftMapFile(args[0], &f)
			}
			path, err := a.dbPath()
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return fmt.Errorf("cannot create the folder for the store %s: %w", path, err)
			}
			_, statErr := os.Stat(path)
			created := errors.Is(statErr, fs.ErrNotExist)
			st, err := store.Open(path, store.Options{Create: true, Wait: f.wait})
			if err != nil {
				return err
			}
			// A store this command created holds nothing until an import
			// goes in: if none does, it goes too, so that a failed first
			// import leaves no empty store (and the demo stays).
			defer func() {
				if created {
					if c, err := st.Counts(); err == nil && c.Strikes == 0 {
						st.Close()
						os.Remove(path)
						return
					}
				}
				st.Close()
			}()
			var rejects *os.File
			if f.rejects != "" {
				if rejects, err = os.Create(f.rejects); err != nil {
					return fmt.Errorf("cannot write the rejects file: %w", err)
				}
				defer rejects.Close()
			}
			for _, file := range args {
				if err := a.importFile(cmd.Context(), st, file, &f, rejects); err != nil {
					return err
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "auto", "auto, "+strings.Join(ingest.Formats[1:], ", "))
	fl.StringVar(&f.mapFile, "map", "", "the mapping file (TOML) for --format csv")
	fl.StringVar(&f.dataset, "dataset", "", "the dataset name to record (default: the format's own)")
	fl.StringVar(&f.sources, "sources", "", "the Airwars sources file (default: syria-sources.csv beside the incidents)")
	fl.BoolVar(&f.skipInvalid, "skip-invalid", false, "import the valid rows and skip the bad ones")
	fl.StringVar(&f.rejects, "rejects", "", "with --skip-invalid, write each rejected row's reason to this file")
	fl.BoolVar(&f.replace, "replace", false, "delete the dataset's strikes that the file no longer holds")
	fl.BoolVar(&f.yes, "yes", false, "with --replace, delete most of a dataset without asking")
	fl.BoolVar(&f.dryRun, "dry-run", false, "read and check the files, show their first strikes and every error, and say what they would add, change and delete; write nothing")
	fl.StringVar(&f.idPrefix, "id-prefix", "", "put this before every strike and report ID (to import a file whose IDs another dataset holds)")
	fl.BoolVar(&f.wait, "wait", false, "wait for another strikes process to let go of the store instead of failing")
	fl.StringVar(&f.sheet, "sheet", "", "the sheet of a workbook (.xlsx) to import")
	fl.StringVar(&f.dateOrder, "date-order", "", "whether dates like 05/02/2014 have the day first (dmy) or the month first (mdy), where a column's dates do not say")
	fl.BoolVar(&f.draftMap, "draft-map", false, "write a first draft of a map for FILE (guessed from its header and first rows) on standard output")
	return cmd
}

func validFormat(f string) bool {
	for _, x := range ingest.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r     io.Reader
	n     atomic.Int64
	total int64 // the file's size, 0 when unknown
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// hashingReader hashes what it reads, so that the dataset record names
// exactly what was imported without reading the file twice.
type hashingReader struct {
	f *os.File
	h hash.Hash
}

func (r *hashingReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	r.h.Write(p[:n])
	return n, err
}

// sum hashes whatever the importer left unread (nothing, once it read to
// the end) and returns the file's SHA-256.
func (r *hashingReader) sum() (string, error) {
	if _, err := io.Copy(r.h, r.f); err != nil {
		return "", fmt.Errorf("cannot read the end of %s to hash it: %w", r.f.Name(), err)
	}
	return hex.EncodeToString(r.h.Sum(nil)), nil
}

func (a *app) importFile(ctx context.Context, st *store.Store, file string, f *importFlags, rejects io.Writer) error {
	in := io.Reader(os.Stdin)
	name := "<stdin>"
	var size int64
	var hashed *hashingReader
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", file, err)
		}
		defer fh.Close()
		if fi, err := fh.Stat(); err == nil {
			if fi.IsDir() {
				return fmt.Errorf("%s is a folder; name the files in it to import", file)
			}
			size = fi.Size()
		}
		hashed = &hashingReader{f: fh, h: sha256.New()}
		in, name = hashed, file
	}
	cr := &countingReader{r: in, total: size}
	rejected := 0
	var said notices
	defer said.flush(a.errOut)
	opts := f.options(&said)
	opts.Rejects = func(e *ingest.RowError) {
		rejected++
		if rejects != nil {
			fmt.Fprintln(rejects, plain.Inert(e.Error()))
		}
	}
	var desk deskImport // the desk section of a JSON Lines export (note.go)
	opts.Desk = desk.add
	pv := a.newPreview(f, &opts)
	rd, err := ingest.Open(f.format, name, cr, opts)
	if err != nil {
		return err
	}
	if f.format == ingest.FormatAuto {
		fmt.Fprintf(a.errOut, "strikes: %s looks like %s\n", name, rd.Format())
	}
	prog := newProgress(a.errOut, name, cr)
	defer prog.stop()
	start := time.Now()
	reports, strikes := 0, 0
	read := rd.Next
	if f.idPrefix != "" {
		read = prefixIDs(f.idPrefix, read)
	}
	var first *model.Strike
	next := func() (*model.Strike, error) {
		if first != nil {
			s := first
			first = nil
			return s, nil
		}
		s, err := read()
		if err == nil {
			strikes++
			reports += len(s.Reports)
			prog.update(reports)
			pv.see(s)
		}
		return s, err
	}
	// The first strike: a file with none is refused (with --replace it
	// would delete its whole dataset), and it names the dataset unless
	// --dataset does.
	s, err := next()
	if errors.Is(err, io.EOF) && rejected > 0 {
		pv.errors()
		return fmt.Errorf("all %s rows of %s were rejected: nothing was imported", plain.Thousands(rejected), name)
	}
	if errors.Is(err, io.EOF) && desk.any() {
		return a.mergeDesk(ctx, st, &desk, name, f.dryRun)
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s holds no rows below its header: nothing was imported", name)
	}
	if err != nil {
		return a.importFailed(ctx, name, err)
	}
	first = s
	dsName := f.dataset
	if dsName == "" && len(s.Reports) > 0 {
		dsName = s.Reports[0].Dataset
	}
	if dsName == "" {
		dsName = rd.Format()
	}
	ds := store.Dataset{Name: dsName, File: filepath.Base(name), Format: rd.Format(), Replace: f.replace, DryRun: f.dryRun}
	ds.ConfirmDelete = a.confirmDelete(f, name, file == "-")
	if hashed != nil {
		ds.Digest = hashed.sum
	}
	stats, err := st.Import(ctx, ds, next)
	prog.stop()
	said.flush(a.errOut)
	if err != nil {
		return a.importFailed(ctx, name, err)
	}
	if f.dryRun {
		a.reportDryRun(name, strikes, reports, rejected, f.replace, stats)
		if err := a.mergeDesk(ctx, st, &desk, name, true); err != nil {
			return err
		}
		return pv.finish()
	}
	elapsed := time.Since(start)
	fmt.Fprintf(a.out, "imported %s reports (%s strikes) from %s in %s; %s rejected; %s added, %s changed, %s unchanged",
		plain.Thousands(reports), plain.Thousands(strikes), filepath.Base(name), elapsed.Round(100*time.Millisecond),
		plain.Thousands(rejected), plain.Thousands(stats.Added), plain.Thousands(stats.Changed), plain.Thousands(stats.Unchanged))
	deleted := 0
	if stats.Missing > 0 {
		if f.replace {
			deleted = stats.Missing
			fmt.Fprintf(a.out, "; %s no longer in the file, deleted", plain.Thousands(stats.Missing))
		} else {
			fmt.Fprintf(a.out, "; %s no longer in the file, kept (--replace deletes them)", plain.Thousands(stats.Missing))
		}
	}
	fmt.Fprintln(a.out)
	if stats.Added+stats.Changed+deleted > 0 {
		fmt.Fprintf(a.out, "linked: %s shown under another strike (strikes, and reports linked by hand)\n", plain.Thousands(stats.Links))
	}
	if stats.Added+stats.Changed+deleted == 0 {
		fmt.Fprintln(a.out, "the store already held this data: nothing changed")
	}
	return a.mergeDesk(ctx, st, &desk, name, false)
}

// importFailed is the error of an import that wrote nothing: Ctrl-C says
// so (exit code 130), a refused deletion says how to go ahead.
func (a *app) importFailed(ctx context.Context, name string, err error) error {
	switch {
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		return &interruptedError{msg: "import cancelled; the store is as it was"}
	case errors.Is(err, store.ErrDeleteRefused):
		return fmt.Errorf("nothing was imported from %s; the store is as it was: %w (to delete them, pass --yes; to see what an import would do, --dry-run)", name, err)
	}
	return fmt.Errorf("nothing was imported from %s; the store is as it was: %w", name, err)
}

// confirmDelete asks, on a terminal, before an import with --replace
// deletes most of its dataset; --yes says yes, and elsewhere (a script,
// a file on standard input) the import is refused.
func (a *app) confirmDelete(f *importFlags, name string, stdin bool) func(missing, held int) bool {
	if f.yes {
		return func(int, int) bool { return true }
	}
	if stdin || !term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	return func(missing, held int) bool {
		fmt.Fprintf(a.errOut, "%s would delete %s of the %s strikes the store holds of this dataset (--replace). Delete them? [y/N] ",
			filepath.Base(name), plain.Thousands(missing), plain.Thousands(held))
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		return strings.EqualFold(strings.TrimSpace(line), "y") || strings.EqualFold(strings.TrimSpace(line), "yes")
	}
}

// reportDryRun says what an import would have done.
func (a *app) reportDryRun(name string, strikes, reports, rejected int, replace bool, st store.ImportStats) {
	fmt.Fprintf(a.out, "dry run, nothing written: %s holds %s reports (%s strikes), %s rejected; it would add %s, change %s and leave %s unchanged",
		filepath.Base(name), plain.Thousands(reports), plain.Thousands(strikes), plain.Thousands(rejected),
		plain.Thousands(st.Added), plain.Thousands(st.Changed), plain.Thousands(st.Unchanged))
	switch {
	case st.Missing > 0 && replace:
		fmt.Fprintf(a.out, "; it would delete %s strikes no longer in the file", plain.Thousands(st.Missing))
	case st.Missing > 0:
		fmt.Fprintf(a.out, "; %s strikes no longer in the file would be kept (--replace deletes them)", plain.Thousands(st.Missing))
	}
	fmt.Fprintln(a.out)
}

// prefixIDs puts prefix before the ID of every strike and report next
// yields.
func prefixIDs(prefix string, next func() (*model.Strike, error)) func() (*model.Strike, error) {
	return func() (*model.Strike, error) {
		s, err := next()
		if s != nil {
			s.ID = prefix + s.ID
			for i := range s.Reports {
				s.Reports[i].ID = prefix + s.Reports[i].ID
			}
		}
		return s, err
	}
}
