package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
)

func (a *app) assessCommand() *cobra.Command {
	var (
		f                  deskFlags
		attackers          []string
		certainty          string
		grading, status    string
		remove, noAttacker bool
		counts             [len(model.Outcomes)][len(model.Categories)]string
	)
	cmd := &cobra.Command{
		Use:   "assess ID",
		Short: "Record your assessment of a strike: attackers, civilian harm, a grading, a status",
		Long: `Record your own assessment of a strike (by ID or code): who did it (known or
suspected), the harm category by category as you conclude it (15, 3-6, at
least 32 or 32+, some; "-" removes a figure), a grading on the Airwars scale
(confirmed, fair, weak, contested, discounted) and a status (pending,
reviewed, final). Flags not given keep what the assessment held; a new
assessment starts pending. It is shown as your own column beside the
sources', never counted as one of them, and every change is kept in the
history (strikes history ID).`,
		Example: "  strikes assess RS0232 --attacker russia --certainty suspected --civilians-killed 15 --grading fair --status reviewed\n" +
			"  strikes assess RS0232 --children-killed 'at least 8' --civilians-injured 30-40\n" +
			"  strikes assess RS0232 --remove",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Every value is read before the store is opened: bad input
			// changes nothing.
			var cert model.Certainty = model.Suspected
			if certainty != "" {
				c, err := model.ParseCertainty(certainty)
				if err != nil {
					return usagef("--certainty: %v; nothing was changed", err)
				}
				cert = c
			}
			if certainty != "" && len(attackers) == 0 {
				return usagef("--certainty says how sure you are of the --attacker; name one")
			}
			var g model.Grading
			if grading != "" {
				var err error
				if g, err = model.ParseGrading(grading); err != nil {
					return usagef("--grading: %v; nothing was changed", err)
				}
			}
			var s model.DeskStatus
			if status != "" {
				var err error
				if s, err = model.ParseDeskStatus(status); err != nil {
					return usagef("--status: %v; nothing was changed", err)
				}
			}
			type figure struct {
				o model.Outcome
				c model.Category
				n model.Count
			}
			var figures []figure
			for oi, o := range model.Outcomes {
				for ci, c := range model.Categories {
					name := c.String() + "-" + o.String()
					if !cmd.Flags().Changed(name) {
						continue
					}
					n, err := model.ParseCountText(counts[oi][ci])
					if err != nil {
						return usagef("--%s: %v; nothing was changed", name, err)
					}
					figures = append(figures, figure{o, c, n})
				}
			}
			var ats []model.Attacker
			for _, name := range attackers {
				key := model.ActorKey(name)
				if key == "" {
					return usagef("--attacker %q names no actor; nothing was changed", name)
				}
				display := name
				if n := model.ActorName(key); n != key {
					display = n
				}
				ats = append(ats, model.Attacker{Name: display, Key: key, Certainty: cert})
			}
			if remove && (len(ats) > 0 || noAttacker || grading != "" || status != "" || len(figures) > 0) {
				return usagef("--remove takes no other flag")
			}
			if noAttacker && len(ats) > 0 {
				return usagef("--no-attacker and --attacker contradict each other")
			}
			if !remove && len(ats) == 0 && !noAttacker && grading == "" && status == "" && len(figures) == 0 {
				return usagef("say what to assess: --attacker, a figure such as --civilians-killed, --grading or --status (or --remove)")
			}
			return a.deskChange(cmd.Context(), &f, args[0], "assess", func(e *model.DeskEntry) error {
				if e.Report {
					return fmt.Errorf("an assessment is of a strike, and %s is a report; note or flag it instead", e.Target)
				}
				if remove {
					e.Assessment = nil
					return nil
				}
				as := e.Assessment
				if as == nil {
					as = &model.Assessment{Status: model.StatusPending}
				}
				if len(ats) > 0 || noAttacker {
					as.Attackers = ats
				}
				if grading != "" {
					as.Grading = g
				}
				if status != "" {
					as.Status = s
				}
				for _, fg := range figures {
					as.SetClaim(fg.o, fg.c, fg.n)
				}
				e.Assessment = as
				return nil
			})
		},
	}
	f.add(cmd, false)
	fl := cmd.Flags()
	fl.StringArrayVar(&attackers, "attacker", nil, "an attacker, through the actor aliases (russia, coalition, ...); repeat for several; replaces the attackers")
	fl.StringVar(&certainty, "certainty", "", "known or suspected, for the --attacker given (default suspected)")
	fl.BoolVar(&noAttacker, "no-attacker", false, "remove the attackers")
	fl.StringVar(&grading, "grading", "", "confirmed, fair, weak, contested or discounted (the Airwars scale)")
	fl.StringVar(&status, "status", "", "pending, reviewed or final")
	fl.BoolVar(&remove, "remove", false, "remove the assessment (the history keeps it)")
	for oi, o := range model.Outcomes {
		for ci, c := range model.Categories {
			fl.StringVar(&counts[oi][ci], c.String()+"-"+o.String(), "", fmt.Sprintf("%s %s: 15, 3-6, at least 32, some; - removes it", c, o))
		}
	}
	return cmd
}
