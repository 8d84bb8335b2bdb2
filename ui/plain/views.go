package plain

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// sparkRunes draw a sparkline; a period with no strike is "·", never a
// bar.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws counts as bars scaled to the largest, "·" for none.
func Sparkline(counts []int) string {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range counts {
		if c == 0 {
			b.WriteRune('·')
			continue
		}
		b.WriteRune(sparkRunes[(c*len(sparkRunes)-1)/top])
	}
	return b.String()
}

// BandText is a killed band with its strikes without a figure: "7–14+"
// and "2 with no figure" apart, so that neither reads as a zero.
func BandText(b model.Band) string {
	if b.NoFigure == 0 {
		return b.String()
	}
	return b.String() + " (" + Thousands(b.NoFigure) + " no figure)"
}

// table writes rows as columns two spaces apart, the first column
// aligned left and the others right, each cell made inert.
func table(w io.Writer, head []string, rows [][]string) error {
	widths := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], Width(Inert(c)))
		}
	}
	line := func(r []string) error {
		var b strings.Builder
		for i, c := range r {
			c = Inert(c)
			pad := strings.Repeat(" ", widths[i]-Width(c))
			if i > 0 {
				b.WriteString("  ")
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		_, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		return err
	}
	if err := line(head); err != nil {
		return err
	}
	for _, r := range rows {
		if err := line(r); err != nil {
			return err
		}
	}
	return nil
}

// Timeline writes a timeline as a table, one period a line, every period
// from the first to the last (empty ones too), then what lies beside it.
func Timeline(w io.Writer, t *model.Timeline) error {
	fmt.Fprintf(w, "strikes by %s, split by %s; %s killed as a band (the sum of each strike's lowest and highest figure)\n",
		t.By, t.Split, t.Category)
	head := []string{t.By.String(), "strikes"}
	for _, s := range t.Series {
		head = append(head, s.Name)
	}
	head = append(head, t.Category.String()+" killed", "no figure")
	rows := make([][]string, 0, len(t.Periods))
	for i := range t.Periods {
		p := &t.Periods[i]
		r := []string{p.Label(t.By), strconv.Itoa(p.Strikes)}
		for _, n := range p.BySeries {
			r = append(r, strconv.Itoa(n))
		}
		r = append(r, p.Killed.String(), strconv.Itoa(p.Killed.NoFigure))
		rows = append(rows, r)
	}
	if err := table(w, head, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, TimelineFooter(t))
	return err
}

// TimelineFooter says how many strikes a timeline holds and where those
// in no period are: "120 strikes: 112 in the periods, 5 undated, 3 dated
// more loosely than a day; civilians killed 40–97+, 60 strikes with no
// figure".
func TimelineFooter(t *model.Timeline) string {
	in := t.Strikes - t.Undated - t.Loose
	parts := []string{Plural(t.Strikes, "strike") + ": " + Thousands(in) + " in the periods"}
	if t.Undated > 0 {
		parts = append(parts, Thousands(t.Undated)+" undated")
	}
	if t.Loose > 0 {
		parts = append(parts, Thousands(t.Loose)+" dated more loosely than a "+t.By.String())
	}
	return strings.Join(parts, ", ") + "; " + t.Category.String() + " killed " + t.Killed.String() +
		", " + Plural(t.Killed.NoFigure, "strike") + " with no figure"
}

// Breakdown writes a breakdown as a table, most strikes first.
func Breakdown(w io.Writer, b *model.Breakdown) error {
	fmt.Fprintf(w, "strikes by %s; %s killed as a band; sparkline %s..%s\n", b.Field, b.Category,
		b.SparkFirst, b.SparkLast)
	head := []string{b.Field.String(), "strikes", "contested", b.Category.String() + " killed", "no figure", "over time", "term"}
	rows := make([][]string, 0, len(b.Rows))
	for i := range b.Rows {
		r := &b.Rows[i]
		rows = append(rows, []string{r.Name, strconv.Itoa(r.Strikes), strconv.Itoa(r.ContestedShare()) + "%",
			r.Killed.String(), strconv.Itoa(r.Killed.NoFigure), Sparkline(r.Spark), r.Term})
	}
	if err := table(w, head, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, BreakdownFooter(b))
	return err
}

// BreakdownFooter says what a breakdown's rows hold: "96 strikes, 4 with
// no attacker; a strike with several counts in each of their rows".
func BreakdownFooter(b *model.Breakdown) string {
	s := Plural(b.Strikes, "strike")
	if b.Without > 0 {
		s += ", " + Thousands(b.Without) + " with no " + b.Field.String()
	}
	s += "; a strike with several counts in each of their rows"
	if b.ByValue {
		s += "; too many values to match each term: each row counts its own value, its term may find more"
	}
	return s
}
