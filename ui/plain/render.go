package plain

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/strikes-dev/strikes/model"
)

// Width measures text as a terminal shows it (Arabic, CJK and emoji
// included).
func Width(s string) int { return ansi.StringWidth(s) }

// Fit cuts or pads text to exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(0, w-Width(s)))
}

// Wrap breaks text into lines of at most w cells, at spaces where it can.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(s, w, " -/"), "\n")
}

// Actors renders a summary's canonical actors, contested ones marked.
func Actors(s *model.Summary) string {
	names := make([]string, len(s.Actors))
	for i, k := range s.Actors {
		names[i] = model.ActorName(k)
	}
	out := strings.Join(names, ", ")
	if s.Contested {
		out = ContestedMark + " " + out
	}
	return out
}

// PlaceLine renders where a summary happened: "Raqqa (Ar Raqqah)".
func PlaceLine(s *model.Summary) string {
	p := s.Place
	if p == "" {
		p = model.PlaceName(s.PlaceKey)
	}
	if s.Admin1 != "" && !strings.Contains(model.Fold(p), model.Fold(s.Admin1)) {
		p += " (" + s.Admin1 + ")"
	}
	return p
}

// listColumns are List's columns and their widths on a terminal; the ID
// column is as wide as the longest ID, as an ID is never cut.
var listColumns = []struct {
	name string
	w    int
	flex bool // gives up width first on a narrow terminal
}{{"ID", 0, false}, {"DATE", 10, false}, {"PLACE", 28, true}, {"ACTORS", 30, true}, {"REP", 3, false},
	{"KILLED", 8, false}, {"INJURED", 8, false}, {"GRADING", 12, true}, {"DATASETS", 14, true}}

// listMinFlex is how narrow a flexible column may become.
const listMinFlex = 8

// List writes summaries as an aligned table; ContestedMark marks a
// contested attribution. width is the terminal's width: the place,
// actors, grading and datasets columns are cut to fit it (never the ID);
// 0 cuts nothing (output to a file or a pipe), so that every value can be
// read back.
func List(w io.Writer, sums []model.Summary, width int) error {
	widths := make([]int, len(listColumns))
	for i, c := range listColumns {
		widths[i] = max(c.w, Width(c.name))
	}
	for i := range sums {
		widths[0] = max(widths[0], Width(Inert(sums[i].ID)))
	}
	if width > 0 {
		total := 2 * (len(widths) - 1)
		for _, x := range widths {
			total += x
		}
		for total > width {
			shrunk := false
			for i, c := range listColumns {
				if c.flex && widths[i] > listMinFlex && total > width {
					widths[i]--
					total--
					shrunk = true
				}
			}
			if !shrunk {
				break
			}
		}
	}
	cell := func(s string, i int) string {
		if width <= 0 && Width(s) > widths[i] {
			return s // nothing is cut off a terminal
		}
		return Fit(s, widths[i])
	}
	var b strings.Builder
	for i, c := range listColumns {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(cell(c.name, i))
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	for i := range sums {
		s := &sums[i]
		grading := s.Grading
		if grading == "" {
			grading = s.Status
		}
		cells := []string{s.ID, s.Date.Start.String(), PlaceLine(s), Actors(s), strconv.Itoa(s.Reports), s.Killed.String(), s.Injured.String(), grading, strings.Join(s.Datasets, ",")}
		b.Reset()
		for j, c := range cells {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(cell(Inert(c), j))
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// Chain renders a report's provenance, outermost first:
// "Associated Press ← Facebook page used by IS supporters".
func Chain(r *model.Report) string {
	parts := r.Chain()
	for i := range parts {
		parts[i] = Inert(parts[i])
	}
	return strings.Join(parts, " ← ")
}

// StrikeHeader renders the lines that head a strike: date, place, status.
func StrikeHeader(s *model.Strike) []string {
	sum := model.Summarize(s)
	lines := []string{Inert(s.ID)}
	lines = append(lines, "date:  "+s.Date.String()+" ("+s.Date.Precision.String()+")")
	place := Inert(s.Place.Name)
	if s.Place.NameAR != "" {
		place += " · " + Inert(s.Place.NameAR)
	}
	if s.Place.Admin1 != "" {
		place += ", " + Inert(s.Place.Admin1)
	}
	if s.Place.Country != "" {
		place += ", " + Inert(s.Place.Country)
	}
	place += " (" + s.Place.Precision.String() + ")"
	lines = append(lines, "place: "+place)
	if s.Status != "" || s.Grading != "" {
		lines = append(lines, "status: "+strings.Trim(Inert(s.Status)+" · graded "+Inert(s.Grading), " ·"))
	}
	if len(s.Codes) > 0 {
		lines = append(lines, "codes: "+Inert(strings.Join(s.Codes, ", ")))
	}
	if sum.Contested {
		lines = append(lines, "attribution: CONTESTED — "+Backers(s))
	}
	return lines
}

// Backers renders who the reports name as attacker and how many back each:
// "Russia (4 reports, 1 suspected) vs US-led coalition (1 report)".
func Backers(s *model.Strike) string {
	cmp := model.Compare(s)
	parts := make([]string, len(cmp.Backers))
	for i, b := range cmp.Backers {
		p := Inert(b.Name) + " (" + Plural(b.Reports, "report")
		if b.Suspected > 0 {
			p += ", " + strconv.Itoa(b.Suspected) + " suspected"
		}
		parts[i] = p + ")"
	}
	return strings.Join(parts, " vs ")
}

// Show writes a strike and every report as text.
func Show(w io.Writer, s *model.Strike) error {
	var b strings.Builder
	for _, l := range StrikeHeader(s) {
		b.WriteString(l + "\n")
	}
	for i := range s.Reports {
		r := &s.Reports[i]
		fmt.Fprintf(&b, "\n[%d] %s — %s\n", i+1, Chain(r), r.SourceKind)
		fmt.Fprintf(&b, "    report:  %s (dataset %s)\n", Inert(r.ID), Inert(r.Dataset))
		if r.Link != "" {
			fmt.Fprintf(&b, "    link:    %s\n", Inert(r.Link))
		}
		if r.Date.Known() {
			fmt.Fprintf(&b, "    date:    %s\n", r.Date)
		}
		if r.Published != model.NoDay {
			fmt.Fprintf(&b, "    published: %s\n", r.Published)
		}
		if pl, _ := placeText(r); pl != "" {
			fmt.Fprintf(&b, "    place:   %s\n", pl)
		}
		for _, a := range r.Actors {
			fmt.Fprintf(&b, "    actor:   %s\n", ActorText(a))
		}
		if r.Strikes.Reported() {
			fmt.Fprintf(&b, "    strikes: %s\n", r.Strikes)
		}
		for _, o := range model.Outcomes {
			for _, c := range model.Categories {
				if cnt := r.Claim(o, c); cnt.Reported() {
					fmt.Fprintf(&b, "    %s %s: %s\n", o, c, cnt)
				}
			}
		}
		if r.Assessment != "" {
			fmt.Fprintf(&b, "    assessment: %s\n", Inert(r.Assessment))
		}
		if r.Originator != "" {
			fmt.Fprintf(&b, "    first reported by: %s\n", Inert(r.Originator))
		}
		if r.Summary != "" {
			fmt.Fprintf(&b, "    summary: %s\n", Inert(r.Summary))
		}
		for _, c := range r.Cites {
			line := Inert(c.Name)
			for _, x := range []string{c.Date, c.Language, c.URL} {
				if x != "" {
					line += " · " + Inert(x)
				}
			}
			fmt.Fprintf(&b, "    cites:   %s\n", line)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "    %s: %s\n", Inert(n.Key), Inert(n.Value))
		}
		for _, u := range r.URLs {
			fmt.Fprintf(&b, "    url:     %s\n", Inert(u))
		}
	}
	if len(s.Possible) > 0 {
		b.WriteString("\npossible links (not made; strikes link --strike FROM STRIKE makes one):\n")
		for _, p := range s.Possible {
			fmt.Fprintf(&b, "    %s\n", PossibleText(s.ID, p))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PossibleText renders a possible link as seen from the strike id:
// "ucdp:123 · score 0.86 · same day; same city (Raqqa)"; a link between
// two other strikes names both ("ucdp:1 → airwars:CS2").
func PossibleText(id string, p model.LinkCandidate) string {
	var other string
	switch id {
	case p.From:
		other = Inert(p.To)
	case p.To:
		other = Inert(p.From)
	default: // between a strike linked into id and another
		other = Inert(p.From) + " → " + Inert(p.To)
	}
	t := other + " · score " + strconv.FormatFloat(p.Score, 'f', 2, 64) + " · " + Inert(p.Reason)
	if p.Weak {
		t += " (weak: only possible)"
	}
	return t
}

// ActorText renders an actor as a source named it, with its canonical
// name, certainty and role: "Russian jets [Russia] (suspected)".
func ActorText(a model.ActorRef) string {
	t := Inert(a.Name)
	if name := model.ActorName(a.Key); a.Key != "" && name != a.Name {
		t += " [" + Inert(name) + "]"
	}
	if a.Certainty != model.CertaintyUnstated {
		t += " (" + a.Certainty.String() + ")"
	}
	if a.Role != model.RoleAttacker {
		t += " (" + a.Role.String() + ")"
	}
	return t
}

func placeText(r *model.Report) (string, bool) {
	t := Inert(r.Place.Name)
	if r.PlaceDetail != "" {
		if t != "" {
			t += ": "
		}
		t += Inert(r.PlaceDetail)
	}
	return t, t != ""
}
