package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/ui/plain"
)

func (a *app) linkCommand() *cobra.Command {
	var rebuild, wait, whole, review bool
	cmd := &cobra.Command{
		Use:   "link REPORT STRIKE | link --strike FROM STRIKE | link --rebuild",
		Short: "Show a report under another strike, or rebuild every link",
		Long: `The linker runs after every import: strikes from different datasets that
tell of the same event (the same day, the same or a nearby place) are shown
as one, each joined report with its reason. docs/LINKING.md has the rule.

strikes link REPORT STRIKE overrules it: the report is shown under STRIKE
(an ID or a dataset code), and its own strike is never linked automatically.
strikes link --strike FROM STRIKE shows every report of the strike FROM
under STRIKE: how a possible link (listed by strikes show) is made.
strikes unlink REPORT keeps the report's strike apart from every other.
Decisions are stored; they survive re-imports and rebuilds.

strikes link --review walks the possible links one by one, the two strikes
side by side (date, place and distance, attackers, figures by category,
sources), and asks for each: m makes the link, x says they are not the
same strike (kept: it is not offered again), s skips it, q stops. It reads
the answers a line at a time, so a script can give them.

strikes link --rebuild runs the linker again over the whole store.`,
		Example: `  strikes link seed:2015-12-06-raqqa/sohr airwars:RS0232
  strikes link --strike seed:2015-12-06-raqqa airwars:RS0232
  strikes unlink seed:2015-12-06-raqqa/sohr
  strikes link --review
  strikes link --rebuild`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case review && (len(args) != 0 || whole || rebuild):
				return usagef("link --review takes no arguments")
			case review:
			case rebuild && (len(args) != 0 || whole):
				return usagef("link --rebuild takes no arguments")
			case whole && len(args) != 2:
				return usagef("link --strike takes the strike to move and the strike to show it under")
			case !rebuild && len(args) != 2:
				return usagef("link takes a report ID and a strike ID (or --rebuild)")
			}
			st, err := a.openWrite(wait)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			if review {
				return a.reviewLinks(ctx, st, cmd.InOrStdin())
			}
			if rebuild {
				ls, err := st.Relink(ctx)
				if err != nil {
					return err
				}
				a.printLinks(ls)
				return nil
			}
			into, err := resolveStrike(ctx, st, args[1])
			if err != nil {
				return err
			}
			if whole {
				from, err := strikeToMove(ctx, st, args[0])
				if err != nil {
					return err
				}
				if from == into {
					return usagef("strike %s cannot be linked into itself", from)
				}
				ls, err := st.LinkStrike(ctx, from, into)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "the reports of %s are shown under %s (linked by hand)\n", from, into)
				a.printLinks(ls)
				return nil
			}
			ls, err := st.Link(ctx, args[0], into)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "report %s is shown under %s (linked by hand)\n", args[0], into)
			a.printLinks(ls)
			return nil
		},
	}
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "run the linker again over the whole store")
	cmd.Flags().BoolVar(&review, "review", false, "walk the possible links one by one and make, reject or skip each")
	cmd.Flags().BoolVar(&whole, "strike", false, "link every report of the strike FROM (a possible link made by hand)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for another strikes process to let go of the store instead of failing")
	return cmd
}

func (a *app) unlinkCommand() *cobra.Command {
	var wait bool
	cmd := &cobra.Command{
		Use:     "unlink REPORT",
		Short:   "Keep a report's strike apart from every other strike",
		Example: "  strikes unlink seed:2015-12-06-raqqa/sohr",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openWrite(wait)
			if err != nil {
				return err
			}
			defer st.Close()
			ls, err := st.Unlink(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "report %s is kept apart from other strikes\n", args[0])
			a.printLinks(ls)
			return nil
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for another strikes process to let go of the store instead of failing")
	return cmd
}

// openWrite opens the user's store for writing; it must exist.
func (a *app) openWrite(wait bool) (*store.Store, error) {
	path, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path, store.Options{Wait: wait})
}

// resolveStrike turns a strike ID or a dataset code into a strike ID.
func resolveStrike(ctx context.Context, st *store.Store, id string) (string, error) {
	if _, err := st.Strike(id); err == nil {
		return id, nil // a stored ID, even of a strike shown under another
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	s, err := findStrike(ctx, st, id)
	if err != nil {
		return "", err
	}
	return s.ID, nil
}

// strikeToMove finds the strike link --strike moves: by ID, or by a code
// its own record holds (the strike shown under another, when the code is
// one that other strike only carries for it).
func strikeToMove(ctx context.Context, st *store.Store, id string) (string, error) {
	if _, err := st.Record(id); err == nil || !errors.Is(err, store.ErrNotFound) {
		return id, err
	}
	shown, err := findStrike(ctx, st, id)
	if err != nil {
		return "", err
	}
	members, err := st.Members(shown.ID)
	if err != nil {
		return "", err
	}
	for _, m := range append([]string{shown.ID}, members...) {
		rec, err := st.Record(m)
		if err != nil {
			return "", err
		}
		if slices.Contains(rec.Codes, id) {
			return m, nil
		}
	}
	return "", fmt.Errorf("no strike holds the code %q itself (%s shows it); give the ID of the strike to move: %w", id, shown.ID, store.ErrNotFound)
}

func (a *app) printLinks(ls store.LinkStats) {
	fmt.Fprintf(a.out, "%s strikes linked, %s reports linked by hand, %s possible links, in %s\n",
		plain.Thousands(ls.Links), plain.Thousands(ls.Manual), plain.Thousands(ls.Possible), ls.Took.Round(time.Millisecond))
}
