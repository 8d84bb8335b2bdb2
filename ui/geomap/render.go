package geomap

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
)

// Symbols are the marks of the density levels, lightest first: dots for strikes located to a
// town or closer, rings for strikes known only to an area. Each must be one cell wide.
type Symbols struct {
	Located [Levels]rune
	Area    [Levels]rune
}

// DefaultSymbols are small dot to block for located strikes and dotted ring to ringed dot for
// area-only ones: two families that read apart in any colour or none.
func DefaultSymbols() Symbols {
	return Symbols{
		Located: [Levels]rune{'•', '●', '■', '█'},
		Area:    [Levels]rune{'◌', '○', '◎', '◉'},
	}
}

// Styles colour the map. Colour is never the only sign: the same text without styles says
// everything (dots against rings, levels by shape, country lines solid and division lines
// dotted), so NO_COLOR and light terminals lose nothing.
type Styles struct {
	Border   lipgloss.Style // a cell with a country border
	Division lipgloss.Style // a cell with only division borders
	Located  [Levels]lipgloss.Style
	Area     [Levels]lipgloss.Style
	Cursor   lipgloss.Style // the cell under the cursor, over its own style
}

// Options are the choices of Render; the zero Options draw plain text without a cursor.
type Options struct {
	Styles  *Styles  // nil: plain text
	Symbols *Symbols // nil: DefaultSymbols
	// Cursor is the cell (column, row) to mark when ShowCursor is set.
	Cursor     [2]int
	ShowCursor bool
}

// kinds of cell, which pick a style.
const (
	kindBlank = iota
	kindBorder
	kindDivision
	kindLocated // + level - 1
	kindArea    = kindLocated + Levels
	kindCount   = kindArea + Levels
)

// Render draws the map of bins' frame: the basemap's borders in braille and, over them, a mark
// in every cell holding weight. A cell with any located weight shows the dot of its located
// weight's level (its area-only points are still in Points and Cell); a cell with only area
// weight shows the ring of that weight's level. It returns Height lines of Width cells each.
func Render(base *Basemap, bins *Bins, o Options) []string {
	f := bins.frame
	sym := DefaultSymbols()
	if o.Symbols != nil {
		sym = *o.Symbols
	}
	var br borders
	if base != nil {
		br = base.draw(f)
	}
	lines := make([]string, f.Height)
	cells := make([]rune, f.Width)
	kinds := make([]int, f.Width)
	var sb strings.Builder
	for y := 0; y < f.Height; y++ {
		for x := 0; x < f.Width; x++ {
			i := y*f.Width + x
			r, k := ' ', kindBlank
			if br.runes != nil && br.runes[y][x] != emptyBraille {
				r, k = br.runes[y][x], kindDivision
				if br.country[i] {
					k = kindBorder
				}
			}
			if l := bins.Level(bins.located[i]); l > 0 {
				r, k = sym.Located[l-1], kindLocated+l-1
			} else if l := bins.Level(bins.area[i]); l > 0 {
				r, k = sym.Area[l-1], kindArea+l-1
			}
			cells[x], kinds[x] = r, k
		}
		sb.Reset()
		if o.Styles == nil {
			sb.WriteString(string(cells))
		} else {
			o.Styles.writeRow(&sb, cells, kinds, y, o)
		}
		lines[y] = sb.String()
	}
	return lines
}

// writeRow renders a row in runs of one style, the cursor's cell on its own.
func (s *Styles) writeRow(sb *strings.Builder, cells []rune, kinds []int, y int, o Options) {
	cursor := -1
	if o.ShowCursor && o.Cursor[1] == y {
		cursor = o.Cursor[0]
	}
	for x := 0; x < len(cells); {
		end := x + 1
		for end < len(cells) && kinds[end] == kinds[x] && end != cursor && x != cursor {
			end++
		}
		st := s.style(kinds[x])
		if x == cursor {
			st = s.Cursor.Inherit(st)
		}
		sb.WriteString(st.Render(string(cells[x:end])))
		x = end
	}
}

func (s *Styles) style(kind int) lipgloss.Style {
	switch {
	case kind == kindBorder:
		return s.Border
	case kind == kindDivision:
		return s.Division
	case kind >= kindLocated && kind < kindArea:
		return s.Located[kind-kindLocated]
	case kind >= kindArea && kind < kindCount:
		return s.Area[kind-kindArea]
	}
	return lipgloss.NewStyle()
}

// Legend is the key to the marks in use: for each level, its dot, its ring and the weights it
// stands for, lightest first ("•◌ 1  ●○ 2–5  ■◎ 6–15  █◉ 16–40"); empty when the map holds no
// weight.
func Legend(b *Bins, sym Symbols) string {
	var parts []string
	for _, band := range b.Bands() {
		r := string([]rune{sym.Located[band.Level-1], sym.Area[band.Level-1]}) + " " + strconv.FormatInt(band.Lo, 10)
		if band.Hi > band.Lo {
			r += "–" + strconv.FormatInt(band.Hi, 10)
		}
		parts = append(parts, r)
	}
	return strings.Join(parts, "  ")
}
