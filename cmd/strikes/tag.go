package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
)

func (a *app) tagCommand() *cobra.Command {
	var (
		f      deskFlags
		remove bool
	)
	cmd := &cobra.Command{
		Use:   "tag ID TAG...",
		Short: "Tag a strike (hospital, double-tap, for-report-2026); --remove takes tags off",
		Long: `Tag a strike (by ID or code) with words of your own, found again with the
query tag:WORD. A tag is one word (join words with -); tags compare without
case. --remove takes the tags off; the history keeps every change.`,
		Example: "  strikes tag RS0232 hospital double-tap\n  strikes tag RS0232 --remove double-tap\n  strikes list tag:hospital",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var tags []string
			for _, t := range args[1:] {
				tag, err := model.ParseTag(t)
				if err != nil {
					return usagef("%v; nothing was changed", err)
				}
				tags = append(tags, tag)
			}
			what := "tag"
			if remove {
				what = "untag"
			}
			return a.deskChange(cmd.Context(), &f, args[0], what, func(e *model.DeskEntry) error {
				if e.Report {
					return fmt.Errorf("tags are on strikes, and %s is a report; note or flag it instead", e.Target)
				}
				if remove {
					e.RemoveTags(tags...)
				} else {
					e.AddTags(tags...)
				}
				return nil
			})
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&remove, "remove", false, "take the tags off")
	return cmd
}

func (a *app) bookmarkCommand() *cobra.Command {
	var (
		f      deskFlags
		remove bool
	)
	cmd := &cobra.Command{
		Use:     "bookmark ID",
		Short:   "Bookmark a strike (found again with the query bookmarked); --remove takes it off",
		Example: "  strikes bookmark RS0232\n  strikes list bookmarked",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.deskChange(cmd.Context(), &f, args[0], "bookmark", func(e *model.DeskEntry) error {
				if e.Report {
					return fmt.Errorf("bookmarks are on strikes, and %s is a report", e.Target)
				}
				e.Bookmark = !remove
				return nil
			})
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&remove, "remove", false, "take the bookmark off")
	return cmd
}

func (a *app) flagCommand() *cobra.Command {
	var (
		f      deskFlags
		remove bool
	)
	cmd := &cobra.Command{
		Use:   "flag REPORT FLAG...",
		Short: "Flag a report doubtful, duplicate or key-source; --remove takes flags off",
		Long: `Flag a report (by its ID; strikes show lists them) doubtful, duplicate or
key-source. The strike it is shown under is found with the query
flag:doubtful (flag:duplicate, flag:key-source).`,
		Example: "  strikes flag seed:2015-12-06-raqqa/is-page doubtful\n  strikes list flag:doubtful",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var flags []string
			for _, x := range args[1:] {
				fl, err := model.ParseFlag(x)
				if err != nil {
					return usagef("%v; nothing was changed", err)
				}
				flags = append(flags, fl)
			}
			f.report = true
			return a.deskChange(cmd.Context(), &f, args[0], "flag", func(e *model.DeskEntry) error {
				if remove {
					e.RemoveFlags(flags...)
				} else {
					e.AddFlags(flags...)
				}
				return nil
			})
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&remove, "remove", false, "take the flags off")
	return cmd
}
