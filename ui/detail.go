package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// detailScreen shows one strike: its header, then one card per report. It
// scrolls, and keeps a cursor on a report for opening and copying links.
type detailScreen struct {
	common
	open func(string) error

	s     *model.Strike
	cmp   model.Comparison
	sel   int
	lines []dline
	cards []int // first line of each card
	pg    pager
	desk  []model.DeskEntry // the analyst's desk on the strike (desk_view.go)
}

var _ component = (*detailScreen)(nil)

// dline is one rendered line of the detail and the card it belongs to
// (-1 for the header).
type dline struct {
	text string
	card int
}

// labelWidth is the width of a card's field labels.
const labelWidth = 11

func newDetail(c common, open func(string) error) *detailScreen {
	return &detailScreen{common: c, open: open}
}

// SetStrike shows a strike, keeping the report cursor when it is the same
// strike reloaded.
func (d *detailScreen) SetStrike(s *model.Strike) {
	if d.s == nil || d.s.ID != s.ID {
		d.sel, d.pg.offset = 0, 0
	}
	d.s = s
	d.cmp = model.Compare(s)
	d.sel = max(0, min(d.sel, len(s.Reports)-1))
	d.rebuild()
}

func (d *detailScreen) strikeID() string {
	if d.s == nil {
		return ""
	}
	return d.s.ID
}

// SetSize sets the screen's size and reflows the cards.
func (d *detailScreen) SetSize(w, h int) {
	d.common.SetSize(w, h)
	d.rebuild()
	if d.s != nil && d.sel > 0 {
		d.selectReport(d.sel) // keep the selected report in view
	}
}

// Init does nothing.
func (d *detailScreen) Init() tea.Cmd { return nil }

func (d *detailScreen) rebuild() {
	d.lines, d.cards = nil, nil
	if d.s == nil || d.w <= 0 {
		d.pg.set(0, d.h-1)
		return
	}
	s, st := d.s, d.st
	add := func(text string, card int) { d.lines = append(d.lines, dline{text, card}) }
	for _, l := range wrap(whereText(s.Place), d.w, 3) {
		add(st.Muted.Render(l), -1)
	}
	meta := []string{dateText(s.Date), clean(s.ID)}
	if len(s.Codes) > 0 {
		codes := make([]string, len(s.Codes))
		for i, c := range s.Codes {
			codes[i] = clean(c)
		}
		meta = append(meta, "codes "+strings.Join(codes, ", "))
	}
	for _, l := range wrap(strings.Join(meta, " · "), d.w, 3) {
		add(st.Text.Render(l), -1)
	}
	bstyle := st.Text
	if d.cmp.Contested {
		bstyle = st.Contested
	}
	var grading []string
	if s.Grading != "" {
		grading = append(grading, "grading "+clean(s.Grading))
	}
	if s.Status != "" {
		grading = append(grading, clean(s.Status))
	}
	grading = append(grading, plain.Plural(len(s.Reports), "report"))
	for _, l := range wrap(banner(&d.cmp), d.w, 3) {
		add(bstyle.Render(l), -1)
	}
	for _, l := range wrap(strings.Join(grading, " · "), d.w, 2) {
		add(st.Muted.Render(l), -1)
	}
	for _, l := range d.deskLines() { // the analyst's desk (desk_view.go)
		add(l, -1)
	}
	for i := range s.Reports {
		add("", -1)
		d.cards = append(d.cards, len(d.lines))
		for _, l := range d.card(i) {
			add(l, i)
		}
	}
	if len(s.Possible) > 0 {
		add("", -1)
		add(st.Title.Render(truncate("possible links, not made ("+strconv.Itoa(len(s.Possible))+")", d.w)), -1)
		for _, p := range s.Possible {
			for _, l := range wrap("⛓? "+plain.PossibleText(s.ID, p), d.w, 3) {
				add(st.Muted.Render(l), -1)
			}
		}
	}
	d.pg.set(len(d.lines), d.h-1)
}

// card renders report i without its left bar.
func (d *detailScreen) card(i int) []string {
	r, st := &d.s.Reports[i], d.st
	cw := d.w - 2
	var out []string
	title := strconv.Itoa(i+1) + "/" + strconv.Itoa(len(d.s.Reports)) + "  " + clean(r.Source)
	if r.SourceKind != model.KindUnknown {
		title += " · " + r.SourceKind.String()
	}
	for _, l := range wrap(title, cw, 2) {
		out = append(out, st.Title.Render(l))
	}
	vw := cw - labelWidth - 1
	field := func(label, value string, max int) {
		if value == "" {
			return
		}
		if vw < 8 { // too narrow for a label column: stack them
			out = append(out, st.Muted.Render(truncate(label, cw)))
			for _, l := range wrap(value, cw, max) {
				out = append(out, st.Text.Render(l))
			}
			return
		}
		for n, l := range wrap(value, vw, max) {
			lab := ""
			if n == 0 {
				lab = label
			}
			out = append(out, st.Muted.Render(fit(lab, labelWidth))+" "+st.Text.Render(l))
		}
	}
	if r.Link != "" {
		field("linked", "⛓ "+clean(r.Link), 3)
	}
	if len(r.Via) > 0 {
		field("via", chainText(r.Chain()), 3)
	}
	if r.Date.Known() {
		field("date", r.Date.String(), 1)
	}
	place := placeName(r.Place, false)
	if r.PlaceDetail != "" {
		place += ": " + clean(r.PlaceDetail)
	}
	if r.Place.Known() || r.PlaceDetail != "" {
		field("place", place, 3)
	}
	for n, a := range r.Actors {
		label := ""
		if n == 0 {
			label = "actor"
		}
		field(label, actorText(a), 2)
	}
	if r.Strikes.Reported() {
		field("strikes", r.Strikes.String(), 1)
	}
	field("killed", claimsText(r, model.Killed), 3)
	field("injured", claimsText(r, model.Injured), 3)
	field("assessment", clean(r.Assessment), 3)
	field("summary", clean(r.Summary), 12)
	for n, c := range r.Cites {
		label := ""
		if n == 0 {
			label = "cites"
		}
		text := clean(c.Name)
		if c.Date != "" {
			text += " (" + clean(c.Date) + ")"
		}
		field(label, orDash(text), 2)
		if u, ok := safeURL(c.URL); ok {
			d.link(&out, "", u, vw, cw)
		}
	}
	if r.Originator != "" {
		field("originator", clean(r.Originator), 2)
	}
	if r.Published != model.NoDay {
		field("published", r.Published.String(), 1)
	}
	for n, note := range r.Notes {
		label := ""
		if n == 0 {
			label = "notes"
		}
		field(label, clean(note.Key)+": "+clean(note.Value), 3)
	}
	for n, raw := range r.URLs {
		label := ""
		if n == 0 {
			label = "url"
		}
		if u, ok := safeURL(raw); ok {
			d.link(&out, label, u, vw, cw)
		} else {
			field(label, "(not a web link) "+clean(raw), 1)
		}
	}
	field("dataset", strings.TrimPrefix(clean(r.Dataset)+" · "+clean(r.ID), " · "), 2)
	for _, e := range d.desk { // the analyst's flags and note on it (desk_view.go)
		if e.Report && e.Target == r.ID {
			field("your flags", strings.Join(e.Flags, ", "), 1)
			field("your note", clean(e.Note), 6)
		}
	}
	return out
}

// link appends a hyperlinked URL, wrapped, with a label on its first line.
func (d *detailScreen) link(out *[]string, label, u string, vw, cw int) {
	if vw < 8 {
		if label != "" {
			*out = append(*out, d.st.Muted.Render(truncate(label, cw)))
		}
		for _, l := range wrap(u, cw, 3) {
			*out = append(*out, hyperlink(u, d.st.Link.Render(l)))
		}
		return
	}
	for n, l := range wrap(u, vw, 3) {
		lab := ""
		if n == 0 {
			lab = label
		}
		*out = append(*out, d.st.Muted.Render(fit(lab, labelWidth))+" "+hyperlink(u, d.st.Link.Render(l)))
	}
}

// Update scrolls, moves the report cursor and acts on the selected report.
func (d *detailScreen) Update(msg tea.Msg) tea.Cmd {
	if d.s == nil {
		return nil
	}
	if d.pg.wheel(msg) {
		return nil
	}
	if c, ok := msg.(tea.MouseClickMsg); ok {
		lo, _ := d.pg.window()
		if n := lo + c.Y - 1; c.Y >= 1 && n < len(d.lines) && d.lines[n].card >= 0 {
			d.sel = d.lines[n].card
		}
		return nil
	}
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := d.keys
	switch {
	case key.Matches(msg2, k.LinkPossible):
		if len(d.s.Possible) == 0 {
			return send(noteMsg{text: "this strike has no possible links to make", err: true})
		}
		return send(openMsg{id: d.s.ID, to: screenReview})
	case key.Matches(msg2, k.Unlink):
		if d.sel >= len(d.s.Reports) || d.s.Reports[d.sel].Link == "" {
			return send(noteMsg{text: "this report is the strike's own; select a linked one (⛓) to unlink", err: true})
		}
		return send(askMsg{d.unlinkQuestion(d.s.Reports[d.sel].ID)})
	case d.pg.keys(msg2, k):
	case key.Matches(msg2, k.NextReport):
		d.selectReport(d.sel + 1)
	case key.Matches(msg2, k.PrevReport):
		d.selectReport(d.sel - 1)
	case key.Matches(msg2, k.Compare):
		return send(openMsg{id: d.s.ID, to: screenCompare})
	case key.Matches(msg2, k.LikeActor):
		if len(d.cmp.Backers) == 0 {
			return send(noteMsg{text: "no report names an attacker", err: true})
		}
		return send(queryMsg{text: "actor:" + model.QuoteValue(d.cmp.Backers[0].Key)})
	case key.Matches(msg2, k.LikePlace):
		q, ok := townQuery(d.s.Place.Key, d.s.Place.Name)
		if !ok {
			return send(noteMsg{text: "this strike names no place", err: true})
		}
		return send(queryMsg{text: q})
	case key.Matches(msg2, k.OpenURL), key.Matches(msg2, k.CopyURL):
		u := d.reportURL()
		if u == "" {
			return send(noteMsg{text: "this report has no web link", err: true})
		}
		if key.Matches(msg2, k.CopyURL) {
			return copyCmd(u)
		}
		if all := d.reportURLs(); len(all) > 1 { // views.go: ask which
			return send(askMsg{q: urlQuestion(all)})
		}
		return openCmd(d.open, u)
	}
	return nil
}

func (d *detailScreen) selectReport(i int) {
	if len(d.cards) == 0 {
		return
	}
	d.sel = max(0, min(i, len(d.cards)-1))
	end := len(d.lines) - 1
	if d.sel+1 < len(d.cards) {
		end = d.cards[d.sel+1] - 2
	}
	d.pg.show(d.cards[d.sel], end)
}

// reportURL is the selected report's first web link, or its first cited one.
func (d *detailScreen) reportURL() string {
	if d.sel >= len(d.s.Reports) {
		return ""
	}
	r := &d.s.Reports[d.sel]
	for _, u := range r.URLs {
		if s, ok := safeURL(u); ok {
			return s
		}
	}
	for _, c := range r.Cites {
		if s, ok := safeURL(c.URL); ok {
			return s
		}
	}
	return ""
}

// View renders the title line and the visible part of the cards.
func (d *detailScreen) View() string {
	if d.s == nil {
		return ""
	}
	title := placeText(d.s.Place) + " · " + shortDate(d.s.Date)
	if d.cmp.Contested {
		title += " · " + contestedMark + " contested"
	}
	right := "report " + strconv.Itoa(d.sel+1) + "/" + strconv.Itoa(len(d.s.Reports))
	var b strings.Builder
	b.WriteString(titleBar(d.st, title, right, d.w))
	lo, hi := d.pg.window()
	for _, l := range d.lines[lo:hi] {
		b.WriteByte('\n')
		switch {
		case l.card == d.sel:
			b.WriteString(d.st.Focus.Render("┃ ") + l.text)
		case l.card >= 0:
			b.WriteString(d.st.Border.Render("│ ") + l.text)
		default:
			b.WriteString(l.text)
		}
	}
	return b.String()
}

// titleBar renders a screen's title on the left and a note on the right.
func titleBar(st *Styles, left, right string, w int) string {
	rw := width(right)
	if rw+2 > w/2 {
		return st.Title.Render(truncate(left, w))
	}
	left = truncate(left, w-rw-2)
	gap := w - width(left) - rw
	return st.Title.Render(left) + strings.Repeat(" ", gap) + st.Muted.Render(right)
}

// ShortHelp returns the keys shown in the footer.
func (d *detailScreen) ShortHelp() []key.Binding {
	k := d.keys
	keys := []key.Binding{k.NextReport, k.Compare, k.OpenURL, k.CopyURL}
	// The link keys only where they can act: a joined report to unlink,
	// a possible link to accept.
	if d.s != nil && slices.ContainsFunc(d.s.Reports, func(r model.Report) bool { return r.Link != "" }) {
		keys = append(keys, k.Unlink)
	}
	if d.s != nil && len(d.s.Possible) > 0 {
		keys = append(keys, k.LinkPossible)
	}
	return append(keys, k.LikeActor, k.LikePlace, k.Back, k.Help)
}

// FullHelp returns every key of the detail, grouped.
func (d *detailScreen) FullHelp() [][]key.Binding {
	k := d.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.NextReport, k.PrevReport, k.OpenURL, k.CopyURL, k.Compare, k.Unlink, k.LinkPossible},
		{k.LikeActor, k.LikePlace, k.Assess, k.Note, k.Tags, k.Bookmark, k.History, k.CopyID, k.Back, k.Help, k.ForceQuit}, // A w # b H: the desk (desk.go)
	}
}

// unlinkQuestion asks whether to unlink report id from the strike.
func (d *detailScreen) unlinkQuestion(id string) question {
	return question{owner: screenDetail, kind: "unlink", no: "nothing unlinked", choices: []choice{{
		id: id, text: "unlink report " + clean(id) + " from this strike? y/n", yes: unlinkMsg{report: id},
	}}}
}

// reask keeps a question open across a reload of the strike while what it
// asks about is still there: the linked report.
func (d *detailScreen) reask(q question) (question, bool) {
	if d.s == nil || len(q.choices) == 0 {
		return q, true
	}
	id := q.choices[q.at].id
	if q.kind == "unlink" && slices.ContainsFunc(d.s.Reports, func(r model.Report) bool { return r.ID == id && r.Link != "" }) {
		return q, false
	}
	return q, true
}
