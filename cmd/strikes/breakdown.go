package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

func (a *app) breakdownCommand() *cobra.Command {
	var (
		killed string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "breakdown FIELD [QUERY]",
		Short: "Count the strikes that match a query by attacker, city, governorate, source, dataset, grading or year",
		Long: `A frequency table of the strikes that match a query: for each value of the
field, the strikes its query term finds (the term is shown: strikes list
'QUERY TERM' lists them), the share of them whose reports name different
attackers, their killed band (the sum of each strike's lowest and highest
figure; strikes with no figure counted beside, never as zero) and a
sparkline over time. A strike with several values (two actors named)
counts in each of their rows.

Fields: ` + strings.Join(model.BreakdownFields(), ", ") + ` (actor, gov and place also work).`,
		Example: `  strikes breakdown attacker 'city:raqqa'
  strikes breakdown source 'date:2015' --json
  strikes breakdown year contested`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := model.ParseBreakdownField(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			cat, err := parseKilled(killed)
			if err != nil {
				return err
			}
			q, err := parseQueryArg(args[1:])
			if err != nil {
				return err
			}
			sums, ix, err := a.matching(cmd.Context(), q)
			if err != nil {
				return err
			}
			b := model.NewBreakdown(sums, ix, f, model.BreakdownOptions{Category: cat})
			if asJSON {
				return writeJSON(a.out, breakdownJSONOf(&b))
			}
			return plain.Breakdown(a.out, &b)
		},
	}
	cmd.Flags().StringVar(&killed, "killed", "civilians", "the category of the killed band: "+killedCategories)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

type breakdownJSON struct {
	Field      string             `json:"field"`
	Category   string             `json:"killed_category"`
	Strikes    int                `json:"strikes"`
	Without    int                `json:"without_value"`
	ByValue    bool               `json:"counted_by_value,omitempty"`
	SparkFirst string             `json:"spark_first,omitempty"`
	SparkLast  string             `json:"spark_last,omitempty"`
	Rows       []breakdownRowJSON `json:"rows"`
}

type breakdownRowJSON struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Term      string   `json:"term"`
	Strikes   int      `json:"strikes"`
	Contested int      `json:"contested"`
	Killed    bandJSON `json:"killed"`
	Spark     []int    `json:"spark"`
}

func breakdownJSONOf(b *model.Breakdown) breakdownJSON {
	out := breakdownJSON{Field: b.Field.String(), Category: b.Category.String(), Strikes: b.Strikes, Without: b.Without,
		ByValue: b.ByValue, SparkFirst: b.SparkFirst.String(), SparkLast: b.SparkLast.String(), Rows: []breakdownRowJSON{}}
	if b.Strikes == b.Without && b.Field != model.ByYear || b.Strikes == 0 {
		out.SparkFirst, out.SparkLast = "", ""
	}
	for i := range b.Rows {
		r := &b.Rows[i]
		out.Rows = append(out.Rows, breakdownRowJSON{Key: r.Key, Name: r.Name, Term: r.Term, Strikes: r.Strikes,
			Contested: r.Contested, Killed: bandJSONOf(r.Killed), Spark: r.Spark})
	}
	return out
}
