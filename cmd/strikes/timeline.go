package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// matching reads every summary and the indexes of those that match q
// (nil when q is empty: every one).
func (a *app) matching(ctx context.Context, q *model.Query) ([]model.Summary, []int32, error) {
	st, err := a.openRead(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	sums, _, err := st.Summaries(ctx)
	if err != nil {
		return nil, nil, err
	}
	if q.Empty() {
		return sums, nil, nil
	}
	ix, err := q.Filter(ctx, sums, 0)
	if err != nil {
		return nil, nil, err
	}
	return sums, ix, nil
}

// killedCategories are the categories --killed takes.
var killedCategories = "civilians, children, women, combatants or total"

func parseKilled(s string) (model.Category, error) {
	c, ok := model.ParseCategory(s)
	if !ok || c == model.Men || c == model.UnknownStatus {
		return 0, usagef("--killed %q is not a category (want %s)", s, killedCategories)
	}
	return c, nil
}

func (a *app) timelineCommand() *cobra.Command {
	var (
		by, split, killed string
		asJSON            bool
	)
	cmd := &cobra.Command{
		Use:   "timeline [QUERY]",
		Short: "Strikes per day, week, month or year, split by attacker, grading or dataset",
		Long: `Strikes that match a query, per period from the first to the last (empty
periods too), split by attribution (the top attackers, contested, not
attributed, other: each strike counted once), by grading or by dataset, with
the killed in one category as a band: the sum of each strike's lowest figure
and the sum of its highest. Strikes with no figure are counted beside the
band, never as zero; categories are never added. A strike whose dates span
more than one period, and one with no date, is counted beside the periods.`,
		Example: `  strikes timeline 'city:raqqa'
  strikes timeline --by week --split grading 'date:2015'
  strikes timeline --killed children --json contested`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := model.TimelineOptions{Auto: by == ""}
			var err error
			if by != "" {
				if o.By, err = model.ParsePeriod(by); err != nil {
					return usagef("--by: %v", err)
				}
			}
			if o.Split, err = model.ParseSplit(split); err != nil {
				return usagef("--split: %v", err)
			}
			if o.Category, err = parseKilled(killed); err != nil {
				return err
			}
			q, err := parseQueryArg(args)
			if err != nil {
				return err
			}
			sums, ix, err := a.matching(cmd.Context(), q)
			if err != nil {
				return err
			}
			t := model.NewTimeline(sums, ix, o)
			if asJSON {
				return writeJSON(a.out, timelineJSONOf(&t))
			}
			return plain.Timeline(a.out, &t)
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "day, week, month or year (default: chosen from the span)")
	cmd.Flags().StringVar(&split, "split", "attacker", "attacker, grading or dataset")
	cmd.Flags().StringVar(&killed, "killed", "civilians", "the category of the killed band: "+killedCategories)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("cannot write the JSON: %w", err)
	}
	return nil
}

// bandJSON is a killed band: low and high are absent when no strike
// gives a figure (never zero).
type bandJSON struct {
	Low      *int64 `json:"low,omitempty"`
	High     *int64 `json:"high,omitempty"`
	Open     bool   `json:"open,omitempty"`
	Text     string `json:"text"`
	Strikes  int    `json:"strikes_with_figure"`
	NoFigure int    `json:"strikes_with_no_figure"`
}

func bandJSONOf(b model.Band) bandJSON {
	out := bandJSON{Open: b.Open, Text: b.String(), Strikes: b.Strikes, NoFigure: b.NoFigure}
	if b.Strikes > 0 {
		lo, hi := b.Low, b.High
		out.Low, out.High = &lo, &hi
	}
	return out
}

type timelineJSON struct {
	By       string               `json:"by"`
	Split    string               `json:"split"`
	Category string               `json:"killed_category"`
	Strikes  int                  `json:"strikes"`
	Undated  int                  `json:"undated"`
	Loose    int                  `json:"dated_more_loosely"`
	Killed   bandJSON             `json:"killed"`
	Series   []timelineSeriesJSON `json:"series"`
	Periods  []timelinePeriodJSON `json:"periods"`
}

type timelineSeriesJSON struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	Strikes int    `json:"strikes"`
}

type timelinePeriodJSON struct {
	Period   string         `json:"period"`
	Start    string         `json:"start"`
	End      string         `json:"end"`
	Term     string         `json:"term"`
	Strikes  int            `json:"strikes"`
	BySeries map[string]int `json:"by_series"`
	Killed   bandJSON       `json:"killed"`
}

func timelineJSONOf(t *model.Timeline) timelineJSON {
	out := timelineJSON{By: t.By.String(), Split: t.Split.String(), Category: t.Category.String(),
		Strikes: t.Strikes, Undated: t.Undated, Loose: t.Loose, Killed: bandJSONOf(t.Killed),
		Series: []timelineSeriesJSON{}, Periods: []timelinePeriodJSON{}}
	for _, s := range t.Series {
		out.Series = append(out.Series, timelineSeriesJSON{Key: s.Key, Name: s.Name, Strikes: s.Strikes})
	}
	for i := range t.Periods {
		p := &t.Periods[i]
		by := map[string]int{}
		for j, n := range p.BySeries {
			by[t.Series[j].Key] = n
		}
		out.Periods = append(out.Periods, timelinePeriodJSON{Period: p.Label(t.By), Start: p.Start.String(), End: p.End.String(),
			Term: t.By.Term(p.Start), Strikes: p.Strikes, BySeries: by, Killed: bandJSONOf(p.Killed)})
	}
	return out
}
