package plain

import (
	"io"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

const (
	fieldWidth   = 20
	verdictWidth = 13
	minColumn    = 16
	maxColumn    = 26
	maxUnlimited = 56
)

// Compare writes a strike's reports side by side: one column per report,
// headed by its provenance chain, one row per field, "—" where a source is
// silent, "≠" before a value that disagrees, and a verdict per row. When
// the columns do not fit in width (0: no limit), they are written in
// blocks, each repeating the field names.
func Compare(w io.Writer, s *model.Strike, width int) error {
	cmp := model.Compare(s)
	var b strings.Builder
	head := Inert(s.ID) + " · " + s.Date.String() + " · " + Inert(s.Place.Name)
	if s.Place.NameAR != "" {
		head += " (" + Inert(s.Place.NameAR) + ")"
	}
	lines := []string{head}
	if cmp.Contested {
		lines = append(lines, "attribution CONTESTED: "+Backers(s))
	} else if len(cmp.Backers) > 0 {
		lines = append(lines, "attribution agreed: "+Backers(s))
	}
	lines = append(lines, Plural(len(cmp.Columns), "report")+"; — means the source did not report it; ≠ marks a value other sources contradict; ≈ one that differs but can be true with the others")
	for _, l := range lines {
		if width > 0 {
			l = strings.Join(Wrap(l, width), "\n")
		}
		b.WriteString(l + "\n")
	}

	colW := maxColumn
	perBlock := len(cmp.Columns)
	if width <= 0 {
		// No width to fit: wide enough for every chain and most values.
		for i := range s.Reports {
			colW = max(colW, min(maxUnlimited, Width(Chain(&s.Reports[i]))))
		}
	} else {
		avail := width - fieldWidth - verdictWidth - 2
		perBlock = max(1, min(len(cmp.Columns), avail/(minColumn+2)))
		colW = min(maxColumn, max(minColumn, avail/perBlock-2))
	}
	for start := 0; start < len(cmp.Columns); start += perBlock {
		end := min(len(cmp.Columns), start+perBlock)
		b.WriteString("\n")
		if start > 0 || end < len(cmp.Columns) {
			b.WriteString("reports " + strconv.Itoa(start+1) + "–" + strconv.Itoa(end) + " of " + strconv.Itoa(len(cmp.Columns)) + "\n")
		}
		writeBlock(&b, &cmp, s, start, end, colW)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeBlock(b *strings.Builder, cmp *model.Comparison, s *model.Strike, start, end, colW int) {
	row := func(label string, cells [][]string, verdict string) {
		lines := 1
		for _, c := range cells {
			lines = max(lines, len(c))
		}
		for l := 0; l < lines; l++ {
			var line strings.Builder
			if l == 0 {
				line.WriteString(Fit(label, fieldWidth))
			} else {
				line.WriteString(Fit("", fieldWidth))
			}
			for _, c := range cells {
				line.WriteString("  ")
				text := ""
				if l < len(c) {
					text = c[l]
				}
				line.WriteString(Fit(text, colW))
			}
			line.WriteString("  ")
			if l == 0 {
				line.WriteString(verdict)
			}
			b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
	// Heads: number, chain, kind.
	heads := make([][]string, 0, end-start)
	for i := start; i < end; i++ {
		r := &s.Reports[i]
		head := []string{"[" + strconv.Itoa(i+1) + "]"}
		head = append(head, Wrap(Chain(r), colW)...)
		head = append(head, "("+r.SourceKind.String()+")")
		if r.Link != "" {
			head = append(head, Wrap("⛓ "+Inert(r.Link), colW)...)
		}
		heads = append(heads, head)
	}
	row("SOURCE", heads, "VERDICT")
	b.WriteString(strings.Repeat("─", fieldWidth+(colW+2)*(end-start)+2+verdictWidth) + "\n")
	for _, r := range cmp.Rows {
		cells := make([][]string, 0, end-start)
		for i := start; i < end; i++ {
			wrapped := Wrap(CellText(r.Cells[i]), colW)
			if len(wrapped) > 4 {
				wrapped = append(wrapped[:3], Fit(wrapped[3], colW-1)+"…")
			}
			cells = append(cells, wrapped)
		}
		row(r.Field.Label(), cells, r.Verdict.String())
	}
}

// CellText is a compared value as it is shown, made inert: "≠ " before a
// value another report contradicts, "≈ " before one that differs in form
// but can be true with the others.
func CellText(c model.Cell) string {
	text := Inert(c.Text)
	switch {
	case c.Differs:
		return "≠ " + text
	case c.Varies:
		return "≈ " + text
	}
	return text
}
