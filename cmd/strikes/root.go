package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/ui/plain"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// interruptedError is a command stopped by Ctrl-C (exit code 130); its
// message says what became of the store.
type interruptedError struct{ msg string }

func (e *interruptedError) Error() string { return e.msg }

// usageError is a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// isCobraUsage recognises cobra's own usage errors by their wording.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires exactly"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, " "+p) {
			return true
		}
	}
	return false
}

// app holds what every subcommand shares: the global flags and the
// streams.
type app struct {
	dbFlag string
	out    io.Writer
	errOut io.Writer
}

func execute(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a := &app{out: stdout, errOut: stderr}
	root := a.rootCommand()
	root.SetArgs(queryTermsAfterDashes(root, args))
	root.SetOut(stdout)
	root.SetErr(stderr)
	return fang.Execute(ctx, root,
		fang.WithVersion(version),
		// Ctrl-C (and a TERM) cancel the command's context: an import
		// stops, removes its scratch copy and leaves the store as it was.
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			fmt.Fprintln(w, "strikes: "+plain.Inert(explain(err)))
		}),
	)
}

// explain is the sentence an error is reported with: a damaged record is
// reported by the store as "strike X: record checksum mismatch", which
// gains the words that say what it means.
func explain(err error) string {
	msg := err.Error()
	if errors.Is(err, store.ErrCorrupt) && !strings.Contains(msg, "damaged") {
		msg = "the store is damaged: " + msg
	}
	return msg
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "strikes",
		Short: "Browse air strikes and compare every source's account side by side",
		Long: `strikes keeps reports of air strikes in a local store and shows, for each
strike, what every source said: who they blame, how many were killed and
injured, and through whom the account reached us, side by side.

Run it with no command to open the dashboard. With no store of your own yet,
it opens the bundled demo data (real events from Airwars and UCDP GED, with
the 6 December 2015 Raqqa strike as a news article's four sources and
Airwars tell it).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDashboard(cmd.Context()) },
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "the store file (default: $STRIKES_DB, else "+displayDefault()+")")
	root.AddCommand(
		a.listCommand(),
		a.showCommand(),
		a.compareCommand(),
		a.datasetsCommand(),
		a.checkCommand(),
		a.importCommand(),
		a.exportCommand(),
		a.linkCommand(),
		a.unlinkCommand(),
	)
	root.AddCommand(a.timelineCommand(), a.breakdownCommand(), a.mapCommand())
	root.AddCommand( // the analyst's desk (note.go, assess.go, tag.go)
		a.noteCommand(),
		a.assessCommand(),
		a.tagCommand(),
		a.bookmarkCommand(),
		a.flagCommand(),
		a.historyCommand(),
		a.viewCommand(), // saved views (view.go)
	)
	return root
}

// dbPath is the user's store: --db, then $STRIKES_DB, then the XDG data
// directory.
func (a *app) dbPath() (string, error) {
	if a.dbFlag != "" {
		return a.dbFlag, nil
	}
	if p := os.Getenv("STRIKES_DB"); p != "" {
		return p, nil
	}
	return defaultDBPath()
}

func defaultDBPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find a place for the store (no home directory: %w); pass --db PATH", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "strikes", "strikes.db"), nil
}

func displayDefault() string {
	return "$XDG_DATA_HOME/strikes/strikes.db"
}

// explicitDB says whether the user named a store, in which case a missing
// store is an error instead of a reason to show the demo.
func (a *app) explicitDB() bool {
	return a.dbFlag != "" || os.Getenv("STRIKES_DB") != ""
}

// queryTermsAfterDashes lets a query term that begins with "-" (a
// negation: strikes list -contested, -city:raqqa) be written as it is:
// an argument of one dash that is no flag of the command (not one of its
// one-letter flags, and not "-" for standard input) is moved after "--",
// where cobra takes it as an argument, not a flag.
func queryTermsAfterDashes(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == root {
		return args
	}
	var keep, terms []string
	for i, arg := range args {
		if arg == "--" {
			return append(append(keep, args[i:]...), terms...)
		}
		if len(arg) > 1 && arg[0] == '-' && arg[1] != '-' && (len(arg) > 2 || strings.ContainsRune(arg, ':')) &&
			(strings.ContainsRune(arg, ':') || cmd.Flags().ShorthandLookup(arg[1:2]) == nil) {
			terms = append(terms, arg)
			continue
		}
		keep = append(keep, arg)
	}
	if len(terms) == 0 {
		return args
	}
	return append(append(keep, "--"), terms...)
}

// isTerminal says whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
