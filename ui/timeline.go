package ui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// viewData is what the views (timeline, breakdown) draw: the list's
// corpus and the strikes its filter holds, in the list's order.
type viewData struct {
	c *corpus
	q *model.Query
	// ix is nil when the filter is empty (every strike); shared, never
	// modified.
	ix []int32
	// share is how much of a streamed load is read, in percent, while c
	// is a partial corpus.
	share int
}

// same says whether d holds the same strikes as o.
func (d viewData) same(o viewData) bool {
	return d.c == o.c && d.q == o.q && len(d.ix) == len(o.ix) && (len(d.ix) == 0 || &d.ix[0] == &o.ix[0])
}

// count is how many strikes the data holds.
func (d viewData) count() int {
	if d.ix == nil && d.c != nil {
		return d.c.len()
	}
	return len(d.ix)
}

// scope says what the view counts: "city:raqqa · 1,735 strikes", or how
// much of a load is in so far.
func (d viewData) scope() string {
	if d.c == nil {
		return "loading…"
	}
	s := plain.Plural(d.count(), "strike")
	if !d.q.Empty() {
		s = clean(d.q.Text) + " · " + s
	}
	if d.c.partial() {
		s += " so far (loading " + strconv.Itoa(d.share) + "%)"
	}
	return s
}

// timelineMsg carries a tallied timeline.
type timelineMsg struct {
	seq int
	t   model.Timeline
}

// seriesGlyphs fill each series' part of a column, bottom first: a
// series is told by its glyph, with or without colour.
var seriesGlyphs = []string{"█", "▓", "▒", "░", "▚", "≡", "▞", "⁞", "·"}

// timelineScreen is the chart of strikes per period of the list's
// filter: stacked by series, with the killed band under it, a cursor on
// a period, zoom and split keys.
type timelineScreen struct {
	common
	data    viewData
	opts    model.TimelineOptions
	t       model.Timeline
	ready   bool
	pending bool
	seq     int
	cancel  context.CancelFunc
	cursor  int
	offset  int
}

var _ component = (*timelineScreen)(nil)

func newTimeline(c common) *timelineScreen {
	return &timelineScreen{common: c, opts: model.TimelineOptions{Auto: true, Category: model.Civilians}}
}

// Init does nothing: the root hands the data.
func (s *timelineScreen) Init() tea.Cmd { return nil }

// setData takes the list's filtered strikes and tallies them anew, off
// the UI loop.
func (s *timelineScreen) setData(d viewData) tea.Cmd {
	s.data = d
	return s.recount()
}

func (s *timelineScreen) recount() tea.Cmd {
	s.seq++
	if s.cancel != nil {
		s.cancel()
	}
	if s.data.c == nil {
		return nil
	}
	s.pending = true
	seq, d, o := s.seq, s.data, s.opts
	return func() tea.Msg { return timelineMsg{seq: seq, t: d.c.index().Timeline(d.ix, o)} }
}

func (s *timelineScreen) receive(m timelineMsg) {
	if m.seq != s.seq {
		return
	}
	keepStart := model.NoDay
	if s.ready && s.cursor < len(s.t.Periods) {
		keepStart = s.t.Periods[s.cursor].Start
	}
	s.t, s.ready, s.pending = m.t, true, false
	s.opts.By = m.t.By
	s.cursor = len(s.t.Periods) - 1 // the latest, unless the period under the cursor is still there
	if keepStart != model.NoDay {
		for i := range s.t.Periods {
			if p := &s.t.Periods[i]; p.Start <= keepStart && keepStart <= p.End {
				s.cursor = i
			}
		}
	}
	s.cursor = max(0, s.cursor)
}

// Update handles the keys and the tallies.
func (s *timelineScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case timelineMsg:
		s.receive(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *timelineScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.ViewCategory):
		s.opts.Category = nextKilledCategory(s.opts.Category)
		return s.recount()
	case key.Matches(msg, k.ZoomIn):
		if p, ok := s.opts.By.Finer(); ok {
			s.opts.By, s.opts.Auto = p, false
			return s.recount()
		}
	case key.Matches(msg, k.ZoomOut):
		if p, ok := s.opts.By.Coarser(); ok {
			s.opts.By, s.opts.Auto = p, false
			return s.recount()
		}
	case key.Matches(msg, k.ViewSplit):
		s.opts.Split = s.opts.Split.Next()
		return s.recount()
	case key.Matches(msg, k.Earlier):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Later):
		s.cursor = max(0, min(len(s.t.Periods)-1, s.cursor+1))
	case key.Matches(msg, k.Top):
		s.cursor = 0
	case key.Matches(msg, k.Bottom):
		s.cursor = max(0, len(s.t.Periods)-1)
	case key.Matches(msg, k.Narrow):
		if p := s.current(); p != nil {
			return send(queryMsg{text: narrowed(s.data.q, s.t.By.Term(p.Start))})
		}
	}
	return nil
}

// narrowed is the query q with term added.
func narrowed(q *model.Query, term string) string {
	if q.Empty() {
		return term
	}
	return strings.TrimSpace(q.Text) + " " + term
}

// killedCycle is the order k cycles the killed band's category in.
var killedCycle = []model.Category{model.Civilians, model.Children, model.Women, model.Combatants, model.Total}

func nextKilledCategory(c model.Category) model.Category {
	for i, x := range killedCycle {
		if x == c {
			return killedCycle[(i+1)%len(killedCycle)]
		}
	}
	return model.Civilians
}

func (s *timelineScreen) current() *model.PeriodTally {
	if !s.ready || s.cursor < 0 || s.cursor >= len(s.t.Periods) {
		return nil
	}
	return &s.t.Periods[s.cursor]
}

// View renders the title, the legend, the chart, the band, the axis, the
// cursor's period and what lies beside the periods.
func (s *timelineScreen) View() string {
	auto := ""
	if s.opts.Auto {
		auto = " (auto)"
	}
	title := "timeline · by " + s.opts.By.String() + auto + " · split by " + s.opts.Split.String() + " · " + s.data.scope()
	if s.pending {
		title += " · counting…"
	}
	lines := []string{s.st.Title.Render(truncate(title, s.w))}
	if !s.ready {
		return strings.Join(append(lines, s.st.Muted.Render(truncate("  counting the strikes…", s.w))), "\n")
	}
	t := &s.t
	if len(t.Periods) == 0 {
		lines = append(lines, s.st.Muted.Render(truncate("  no dated strike in the filter: "+plain.TimelineFooter(t), s.w)))
		return strings.Join(lines, "\n")
	}
	legend := s.legend()
	info := s.cursorInfo()
	beside := wrap(plain.TimelineFooter(t), s.w, 2)
	rest := s.h - len(lines) - len(legend) - len(info) - len(beside) - 2 // axis and labels
	bandH := 0
	if rest >= 14 {
		bandH = 3
		rest -= bandH + 1
	}
	chartH := max(1, rest)
	gut := len(strconv.Itoa(s.maxStrikes())) + 1
	if bandH > 0 {
		gut = max(gut, len(strconv.FormatInt(s.maxBand(), 10))+2)
	}
	avail := max(1, s.w-gut)
	cw := max(1, min(4, avail/len(t.Periods)))
	vis := max(1, avail/cw)
	s.scroll(vis)
	lo, hi := s.offset, min(len(t.Periods), s.offset+vis)
	lines = append(lines, legend...)
	lines = append(lines, s.chart(lo, hi, cw, gut, chartH)...)
	if bandH > 0 {
		lines = append(lines, s.st.Muted.Render(truncate(strings.Repeat(" ", gut)+t.Category.String()+" killed: █ the lowest figures' sum, ░ up to the highest", s.w)))
		lines = append(lines, s.band(lo, hi, cw, gut, bandH)...)
	}
	lines = append(lines, s.axis(lo, hi, cw, gut)...)
	for _, l := range info {
		lines = append(lines, s.st.Text.Render(l))
	}
	for _, l := range beside {
		lines = append(lines, s.st.Muted.Render(l))
	}
	return strings.Join(lines, "\n")
}

func (s *timelineScreen) scroll(vis int) {
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+vis {
		s.offset = s.cursor - vis + 1
	}
	s.offset = max(0, min(s.offset, len(s.t.Periods)-vis))
}

func (s *timelineScreen) maxStrikes() int {
	m := 1
	for i := range s.t.Periods {
		m = max(m, s.t.Periods[i].Strikes)
	}
	return m
}

func (s *timelineScreen) maxBand() int64 {
	m := int64(1)
	for i := range s.t.Periods {
		m = max(m, s.t.Periods[i].Killed.High)
	}
	return m
}

func (s *timelineScreen) legend() []string {
	var parts []string
	for i, se := range s.t.Series {
		parts = append(parts, seriesGlyphs[min(i, len(seriesGlyphs)-1)]+" "+clean(se.Name)+" "+plain.Thousands(se.Strikes))
	}
	return wrapParts(parts, s.w, 3)
}

// wrapParts joins parts with two spaces into at most n lines of width w.
func wrapParts(parts []string, w, n int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case width(cur)+2+width(p) <= w:
			cur += "  " + p
		default:
			lines = append(lines, cur)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > n {
		lines = lines[:n]
	}
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	return lines
}

// columnGlyphs are the glyphs of one stacked column, bottom first: each
// series' share of the column's cells, by cumulative rounding.
func columnGlyphs(bySeries []int, total, cells int) []string {
	out := make([]string, 0, cells)
	cum := 0
	for i, n := range bySeries {
		if n == 0 {
			continue
		}
		cum += n
		top := (cum*cells + total/2) / total
		if i == len(bySeries)-1 || cum == total {
			top = cells
		}
		for len(out) < top {
			out = append(out, seriesGlyphs[min(i, len(seriesGlyphs)-1)])
		}
	}
	return out
}

func (s *timelineScreen) chart(lo, hi, cw, gut, h int) []string {
	maxN := s.maxStrikes()
	cols := make([][]string, hi-lo)
	for i := lo; i < hi; i++ {
		p := &s.t.Periods[i]
		if p.Strikes == 0 {
			continue
		}
		cells := max(1, (p.Strikes*h+maxN/2)/maxN)
		cols[i-lo] = columnGlyphs(p.BySeries, p.Strikes, cells)
	}
	return s.grid(lo, hi, cw, gut, h, strconv.Itoa(maxN), func(i, level int) string {
		if col := cols[i-lo]; level < len(col) {
			return col[level]
		}
		return " "
	})
}

// band draws each period's killed band: the lowest figures' sum solid,
// up to the highest shaded.
func (s *timelineScreen) band(lo, hi, cw, gut, h int) []string {
	maxB := s.maxBand()
	return s.grid(lo, hi, cw, gut, h, strconv.FormatInt(maxB, 10), func(i, level int) string {
		k := s.t.Periods[i].Killed
		if k.Strikes == 0 {
			return " "
		}
		low := int((k.Low*int64(h) + maxB/2) / maxB)
		high := max(1, int((k.High*int64(h)+maxB/2)/maxB))
		switch {
		case level < low:
			return "█"
		case level < high:
			return "░"
		}
		return " "
	})
}

// grid draws h rows of the periods lo to hi, cw cells each after a gutter
// of gut whose first row holds top (the scale's top): glyph gives the
// glyph of period i at a level (0 the bottom), which fills the period's
// cells but one when they are wide; the cursor's period is highlighted.
func (s *timelineScreen) grid(lo, hi, cw, gut, h int, top string, glyph func(i, level int) string) []string {
	fill := cw
	if cw > 2 {
		fill = cw - 1
	}
	lines := make([]string, h)
	for r := 0; r < h; r++ {
		level := h - 1 - r
		var b strings.Builder
		label := ""
		if r == 0 {
			label = top
		}
		b.WriteString(fitRight(label, gut-1) + " ")
		for i := lo; i < hi; i++ {
			cell := strings.Repeat(glyph(i, level), fill) + strings.Repeat(" ", cw-fill)
			if i == s.cursor {
				cell = s.st.Selected.Render(cell)
			}
			b.WriteString(cell)
		}
		lines[r] = b.String()
	}
	return lines
}

// axis draws the base line with the cursor's mark and the periods'
// labels where they fit.
func (s *timelineScreen) axis(lo, hi, cw, gut int) []string {
	var base, labels strings.Builder
	base.WriteString(strings.Repeat(" ", gut))
	labels.WriteString(strings.Repeat(" ", gut))
	at := 0 // cells written on the labels line past the gutter
	for i := lo; i < hi; i++ {
		mark := "─"
		if i == s.cursor {
			mark = "▲"
		}
		base.WriteString(mark + strings.Repeat("─", cw-1))
		col := (i - lo) * cw
		if col >= at {
			l := s.t.Periods[i].Label(s.t.By)
			if s.t.By == model.PeriodWeek {
				l = strings.TrimSuffix(l, " week")
			}
			if col+width(l) <= s.w-gut {
				labels.WriteString(strings.Repeat(" ", col-at) + l)
				at = col + width(l) + 2
				labels.WriteString("  ")
			}
		}
	}
	return []string{s.st.Muted.Render(truncate(base.String(), s.w)), s.st.Muted.Render(truncate(labels.String(), s.w))}
}

// cursorInfo is the period under the cursor, its numbers and what Enter
// does.
func (s *timelineScreen) cursorInfo() []string {
	p := s.current()
	if p == nil {
		return nil
	}
	text := p.Label(s.t.By) + ": " + plain.Plural(p.Strikes, "strike")
	var parts []string
	for i, n := range p.BySeries {
		if n > 0 {
			parts = append(parts, seriesGlyphs[min(i, len(seriesGlyphs)-1)]+" "+clean(s.t.Series[i].Name)+" "+plain.Thousands(n))
		}
	}
	if len(parts) > 0 {
		text += " (" + strings.Join(parts, ", ") + ")"
	}
	text += " · " + s.t.Category.String() + " killed " + plain.BandText(p.Killed) +
		" · enter lists " + s.t.By.Term(p.Start)
	return wrap(text, s.w, 3)
}

// ShortHelp returns the keys shown in the footer.
func (s *timelineScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Earlier, k.Later, k.ZoomIn, k.ZoomOut, k.ViewSplit, k.ViewCategory, k.Narrow, k.Back}
}

// FullHelp returns every key of the timeline.
func (s *timelineScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Earlier, k.Later, k.Top, k.Bottom}, {k.ZoomIn, k.ZoomOut, k.ViewSplit, k.ViewCategory}, {k.Narrow, k.Back, k.Help}}
}
