package plain

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// AttackersText names who a strike's reports say struck and how many back
// each: "⚑ Russia (4, 1 suspected) vs US-led coalition (1)"; "no report
// names one".
func AttackersText(s *model.Strike) string {
	cmp := model.Compare(s)
	var parts []string
	for _, b := range cmp.Backers {
		t := Inert(b.Name) + " (" + strconv.Itoa(b.Reports)
		if b.Suspected > 0 {
			t += ", " + strconv.Itoa(b.Suspected) + " suspected"
		}
		parts = append(parts, t+")")
	}
	if len(parts) == 0 {
		return "no report names one"
	}
	text := strings.Join(parts, " vs ")
	if cmp.Contested {
		text = ContestedMark + " " + text
	}
	return text
}

// FiguresText gives a strike's figures for an outcome category by
// category, each the span across its reports: "civilians 1–15 · combatants
// ≥32"; "not reported" when no report gives one. Two categories are never
// added.
func FiguresText(f *model.Figures) string {
	var parts []string
	for _, c := range model.Categories {
		if f[c].Reported {
			parts = append(parts, c.String()+" "+f[c].String())
		}
	}
	if len(parts) == 0 {
		return "not reported"
	}
	return strings.Join(parts, " · ")
}

// PairRows are the rows that lay two strikes a possible link would join
// side by side: a label, then each strike's value.
func PairRows(a, b *model.Strike, c model.LinkCandidate) [][3]string {
	sa, sb := model.Summarize(a), model.Summarize(b)
	place := func(s *model.Strike) string {
		p := Inert(s.Place.Name)
		if s.Place.Admin1 != "" {
			p += ", " + Inert(s.Place.Admin1)
		}
		if s.Place.Precision != model.PlaceUnknown {
			p += " (" + s.Place.Precision.String() + ")"
		}
		return p
	}
	distance := "no coordinates to measure"
	if c.KM >= 0 {
		distance = strconv.FormatFloat(c.KM, 'f', 1, 64) + " km apart"
	}
	sources := func(s *model.Summary) string {
		return Plural(s.Reports, "report") + ": " + Inert(strings.Join(s.Sources, ", "))
	}
	return [][3]string{
		{"", Inert(a.ID), Inert(b.ID)},
		{"date", a.Date.String(), b.Date.String()},
		{"place", place(a), place(b)},
		{"distance", distance, ""},
		{"attackers", AttackersText(a), AttackersText(b)},
		{"killed", FiguresText(&sa.Killed), FiguresText(&sb.Killed)},
		{"injured", FiguresText(&sa.Injured), FiguresText(&sb.Injured)},
		{"sources", sources(&sa), sources(&sb)},
		{"datasets", Inert(strings.Join(sa.Datasets, ", ")), Inert(strings.Join(sb.Datasets, ", "))},
		{"codes", Inert(strings.Join(a.Codes, ", ")), Inert(strings.Join(b.Codes, ", "))},
	}
}

// MakesText says what making a possible link does, shown as the strikes
// a and b that hold its two ends: "the reports of airwars:RS0554 (shown
// under ucdp:217542) would be shown under ucdp:217543".
func MakesText(a, b *model.Strike, c model.LinkCandidate) string {
	from := Inert(c.From)
	for _, s := range []*model.Strike{a, b} {
		if s != nil && s.ID != c.From && slices.ContainsFunc(s.Reports, func(r model.Report) bool { return r.Link != "" && strings.HasPrefix(r.ID, c.From) }) {
			from += " (shown under " + Inert(s.ID) + ")"
		}
	}
	return "the reports of " + from + " would be shown under " + Inert(c.To)
}

// pairWidth is the width Pair wraps to off a terminal: nothing is cut.
const pairWidth = 100

// Pair writes two strikes a possible link would join side by side, with
// the linker's score and reason and what making it does, wrapped to width
// (0: pairWidth; nothing is cut).
func Pair(w io.Writer, a, b *model.Strike, c model.LinkCandidate, width int) error {
	var out strings.Builder
	if width <= 0 {
		width = pairWidth
	}
	fmt.Fprintf(&out, "possible link, score %s: %s\n", strconv.FormatFloat(c.Score, 'f', 2, 64), Inert(c.Reason))
	fmt.Fprintf(&out, "making it: %s\n", MakesText(a, b, c))
	rows := PairRows(a, b, c)
	labelW := 10
	colW := max(10, (width-labelW-4)/2)
	for _, r := range rows {
		left, right := Wrap(r[1], colW), Wrap(r[2], colW)
		for i := 0; i < max(len(left), len(right), 1); i++ {
			l, rt, lab := "", "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				rt = right[i]
			}
			if i == 0 {
				lab = r[0]
			}
			out.WriteString(strings.TrimRight(Fit(lab, labelW)+" "+Fit(l, colW)+" │ "+rt, " ") + "\n")
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}
