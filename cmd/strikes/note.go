package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

// The analyst's desk on the command line: note (here), assess, tag,
// bookmark, flag (tag.go) and history. Each opens the user's store for
// one change, which the store records with who and when in its history;
// bad input is refused before the store is opened, and a change that
// fails leaves it as it was.

// deskFlags are the flags every desk command takes.
type deskFlags struct {
	as     string
	report bool
	asJSON bool
	wait   bool
}

func (f *deskFlags) add(cmd *cobra.Command, report bool) {
	cmd.Flags().StringVar(&f.as, "as", "", "the name the change is recorded under (default: $USER)")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print the entry and the change as JSON")
	cmd.Flags().BoolVar(&f.wait, "wait", false, "wait for another strikes process to let go of the store instead of failing")
	if report {
		cmd.Flags().BoolVar(&f.report, "report", false, "ID names a report, not a strike (for a report whose ID is also its strike's)")
	}
}

// who is the name a change is recorded under: --as, else $USER, else
// $LOGNAME.
func (f *deskFlags) who() (string, error) {
	for _, w := range []string{f.as, os.Getenv("USER"), os.Getenv("LOGNAME")} {
		if w = strings.TrimSpace(w); w != "" {
			if strings.ContainsFunc(w, func(r rune) bool { return r < ' ' || r == 0x7f }) {
				return "", usagef("the name %q holds a control character", w)
			}
			return w, nil
		}
	}
	return "", usagef("no name to record the change under: set $USER or pass --as NAME")
}

// openDesk opens the user's store for a desk change; it must exist (the
// demo is never written).
func (a *app) openDesk(f *deskFlags) (*store.Store, error) {
	path, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil && errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no store at %s to record this in (the demo data is never written); import your data first with: strikes import FILE", path)
	}
	return store.Open(path, store.Options{Wait: f.wait})
}

// resolveDesk finds what id names: a strike by ID or code, or a report
// (with report set, only a report).
func resolveDesk(ctx context.Context, st *store.Store, id string, report bool) (store.DeskRef, error) {
	if !report {
		if _, err := st.Record(id); err == nil {
			return store.DeskRef{ID: id}, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return store.DeskRef{}, err
		}
		if _, err := st.Strike(id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.DeskRef{}, err
		}
		if code, err := strikeToMove(ctx, st, id); err == nil {
			return store.DeskRef{ID: code}, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return store.DeskRef{}, err
		}
	}
	ref, err := st.ResolveDesk(ctx, id, true)
	if errors.Is(err, store.ErrNotFound) && !report {
		return ref, fmt.Errorf("no strike or report has the ID or code %q; nothing was changed; find IDs with: strikes list: %w", id, store.ErrNotFound)
	}
	if errors.Is(err, store.ErrNotFound) {
		return ref, fmt.Errorf("no report has the ID %q; nothing was changed; strikes show STRIKE lists a strike's reports: %w", id, store.ErrNotFound)
	}
	return ref, err
}

// deskChange makes one change at the desk and says what it did.
func (a *app) deskChange(ctx context.Context, f *deskFlags, id, what string, change func(e *model.DeskEntry) error) error {
	who, err := f.who()
	if err != nil {
		return err
	}
	st, err := a.openDesk(f)
	if err != nil {
		return err
	}
	defer st.Close()
	ref, err := resolveDesk(ctx, st, id, f.report)
	if err != nil {
		return err
	}
	c, changed, err := st.UpdateDesk(ctx, store.DeskWrite{Ref: ref, Who: who, What: what, Change: change})
	if err != nil {
		return fmt.Errorf("nothing was changed: %w", err)
	}
	if f.asJSON {
		return writeDeskResult(a.out, st, ref, changed, &c)
	}
	kind := "strike"
	if ref.Report {
		kind = "report"
	}
	if !changed {
		fmt.Fprintf(a.out, "the %s %s already holds that: nothing changed\n", kind, plain.Inert(ref.ID))
		return nil
	}
	fmt.Fprintf(a.out, "%s on %s %s, recorded as %s's change %d:\n", what, kind, plain.Inert(ref.ID), plain.Inert(who), c.Seq)
	for _, l := range c.Changes() {
		fmt.Fprintln(a.out, "  "+plain.Inert(l))
	}
	return nil
}

// deskResultJSON is what a desk command prints with --json: the entry as
// it is now, whether the command changed it, and the change.
type deskResultJSON struct {
	Changed bool                   `json:"changed"`
	Entry   ingest.DeskEntryJSON   `json:"entry"`
	Change  *ingest.DeskChangeJSON `json:"change,omitempty"`
}

func writeDeskResult(w io.Writer, st *store.Store, ref store.DeskRef, changed bool, c *model.Change) error {
	out := deskResultJSON{Changed: changed}
	if changed {
		out.Entry = ingest.DeskEntryToJSON(&c.After)
		cj := ingest.DeskChangeToJSON(c)
		out.Change = &cj
	} else {
		entries, err := st.DeskEntries()
		if err != nil {
			return err
		}
		out.Entry = ingest.DeskEntryJSON{Target: ref.ID, Report: ref.Report, Home: ref.Home}
		for i := range entries {
			if entries[i].Target == ref.ID && entries[i].Report == ref.Report {
				out.Entry = ingest.DeskEntryToJSON(&entries[i])
			}
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = w.Write(ingest.InertJSON(append(b, '\n')))
	return err
}

func (a *app) noteCommand() *cobra.Command {
	var (
		f           deskFlags
		appendNote  bool
		clear, read bool
	)
	cmd := &cobra.Command{
		Use:   "note ID [TEXT...]",
		Short: "Write your note on a strike or a report (kept apart from the data, with its history)",
		Long: `Write your note on a strike (by ID or code) or on a report (by its ID): free
text, any length. The note replaces the one before, which stays in the
history (strikes history ID); --append adds a paragraph instead. With no
TEXT, or with -, the note is read from standard input.`,
		Example: "  strikes note RS0232 'Two sources place it at the market, not the hospital.'\n" +
			"  strikes note seed:2015-12-06-raqqa/is-page --append 'Same photo as the 2015-11 strike.'\n" +
			"  strikes note RS0232 - < long-note.md",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.Join(args[1:], " ")
			if clear {
				if len(args) > 1 {
					return usagef("--clear takes no TEXT")
				}
			} else if len(args) == 1 || text == "-" {
				read = true
			}
			if read && text != "-" && isTerminal(os.Stdin) {
				return usagef("give the note as TEXT, or - to read it from standard input (strikes note ID - < note.md)")
			}
			if read {
				b, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20+1))
				if err != nil {
					return fmt.Errorf("cannot read the note from standard input: %w", err)
				}
				if len(b) > 1<<20 {
					return usagef("the note is longer than 1 MB; nothing was changed")
				}
				text = string(b)
			}
			text = strings.TrimRight(text, "\n\r\t ")
			if !clear && strings.TrimSpace(text) == "" {
				return usagef("the note is empty; to remove a note, pass --clear")
			}
			return a.deskChange(cmd.Context(), &f, args[0], "note", func(e *model.DeskEntry) error {
				switch {
				case clear:
					e.Note = ""
				case appendNote && e.Note != "":
					e.Note += "\n\n" + text
				default:
					e.Note = text
				}
				return nil
			})
		},
	}
	f.add(cmd, true)
	cmd.Flags().BoolVar(&appendNote, "append", false, "add the text as a paragraph after the note")
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the note (the history keeps it)")
	return cmd
}

func (a *app) historyCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history [ID]",
		Short: "Every change made at the desk on a strike (or on all): who, when, what it was before",
		Long: `Every change made at the desk on the strike (by ID or code) and everything
shown with it (the strikes linked under it, its reports), oldest first: who
made it, when, and each field before and after. With no ID, every change.`,
		Example: "  strikes history RS0232\n  strikes history --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openRead(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			id := ""
			if len(args) == 1 {
				s, err := findStrike(cmd.Context(), st, args[0])
				if err != nil {
					return err
				}
				id = s.ID
			}
			h, err := st.History(id)
			if err != nil {
				return err
			}
			if asJSON {
				for i := range h {
					b, err := json.Marshal(ingest.DeskChangeToJSON(&h[i]))
					if err != nil {
						return err
					}
					if _, err := a.out.Write(ingest.InertJSON(append(b, '\n'))); err != nil {
						return err
					}
				}
				return nil
			}
			if len(h) == 0 {
				fmt.Fprintln(a.out, "no change has been made at the desk on this strike")
				return nil
			}
			for i := range h {
				writeChange(a.out, &h[i])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each change as a line of JSON")
	return cmd
}

// writeChange prints one change of the history.
func writeChange(w io.Writer, c *model.Change) {
	kind := "strike"
	if c.Report {
		kind = "report"
	}
	fmt.Fprintf(w, "%d  %s  %s  %s on %s %s\n", c.Seq, c.When.UTC().Format("2006-01-02 15:04:05Z"), plain.Inert(c.Who), c.What, kind, plain.Inert(c.Target))
	if c.Said != "" {
		fmt.Fprintln(w, "    "+plain.Inert(c.Said))
	}
	for _, l := range c.Changes() {
		fmt.Fprintln(w, "    "+plain.Inert(l))
	}
}

// deskImport collects the desk section of a JSON Lines file as it is read.
type deskImport struct {
	entries []model.DeskEntry
	changes []model.Change
}

func (d *deskImport) add(it ingest.DeskItem) {
	if it.Entry != nil {
		d.entries = append(d.entries, *it.Entry)
	}
	if it.Change != nil {
		d.changes = append(d.changes, *it.Change)
	}
}

func (d *deskImport) any() bool { return len(d.entries)+len(d.changes) > 0 }

// mergeDesk brings a file's desk section into the store, after its
// strikes (store.MergeDesk), and says what it did.
func (a *app) mergeDesk(ctx context.Context, st *store.Store, d *deskImport, name string, dryRun bool) error {
	if !d.any() {
		return nil
	}
	if dryRun {
		fmt.Fprintf(a.out, "desk: %s entries and %s changes of history would be merged\n", plain.Thousands(len(d.entries)), plain.Thousands(len(d.changes)))
		return nil
	}
	who := cmp.Or(strings.TrimSpace(os.Getenv("USER")), "import")
	m, err := st.MergeDesk(ctx, d.entries, d.changes, who, filepath.Base(name))
	if err != nil {
		return fmt.Errorf("the strikes of %s were imported, but not its desk section (the store's desk is as it was): %w", name, err)
	}
	fmt.Fprintf(a.out, "desk: %s entries added, %s replaced older ones, %s kept the store's newer ones, %s already held; %s changes added to the history\n",
		plain.Thousands(m.Added), plain.Thousands(m.Taken), plain.Thousands(m.Kept), plain.Thousands(m.Same), plain.Thousands(m.Changes))
	for _, s := range m.Said {
		fmt.Fprintln(a.errOut, "strikes: "+plain.Inert(s))
	}
	return nil
}

// printDesk writes what the desk holds on the strike id after show and
// compare: the assessment, apart from the sources and marked as the
// analyst's, the tags, the bookmark and the notes. The demo keeps none.
func (a *app) printDesk(ctx context.Context, id string) error {
	path, isDemo, err := a.dataPath(ctx)
	if err != nil || isDemo {
		return err
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	es, err := st.Desk(id)
	if err != nil || len(es) == 0 {
		return err
	}
	w := a.out
	fmt.Fprintln(w, "\nYOUR DESK (your own judgement, not a source; strikes history "+plain.Inert(id)+" lists every change)")
	for _, e := range es {
		on := "strike " + e.Target
		if e.Report {
			on = "report " + e.Target
		}
		fmt.Fprintf(w, "%s, by %s, %s:\n", plain.Inert(on), plain.Inert(e.By), e.Updated.UTC().Format("2006-01-02 15:04Z"))
		if as := e.Assessment; as != nil {
			fmt.Fprintln(w, "  assessment  "+plain.Inert(as.AssessmentHead()))
			if t := as.AttackerText(); t != "" {
				fmt.Fprintln(w, "  attackers   "+plain.Inert(t))
			}
			for _, cl := range as.Claims {
				fmt.Fprintf(w, "  %-11s %s %s\n", cl.Outcome.String(), cl.Category.String(), cl.Count.String())
			}
		}
		if len(e.Tags) > 0 {
			fmt.Fprintln(w, "  tags        "+plain.Inert(strings.Join(e.Tags, " ")))
		}
		if e.Bookmark {
			fmt.Fprintln(w, "  bookmarked")
		}
		if len(e.Flags) > 0 {
			fmt.Fprintln(w, "  flags       "+strings.Join(e.Flags, ", "))
		}
		for i, l := range strings.Split(e.Note, "\n") {
			if e.Note == "" {
				break
			}
			label := "note"
			if i > 0 {
				label = ""
			}
			fmt.Fprintf(w, "  %-11s %s\n", label, plain.Inert(l))
		}
	}
	return nil
}

// deskListJSON is the desk's part of a line of strikes list --json.
type deskListJSON struct {
	Assessed   bool     `json:"assessed"`
	Status     string   `json:"status,omitempty"`
	Grading    string   `json:"grading,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Bookmarked bool     `json:"bookmarked,omitempty"`
	Flags      []string `json:"flags,omitempty"`
}

func deskListLine(m *model.DeskMark) *deskListJSON {
	if m == nil {
		return nil
	}
	out := &deskListJSON{Assessed: m.Assessed, Tags: m.Tags, Bookmarked: m.Bookmark, Flags: m.Flags}
	if m.Assessed {
		out.Status, out.Grading = m.Status.String(), m.Grading.String()
	}
	return out
}
