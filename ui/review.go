package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// reviewScreen walks a strike's possible links one by one, the strike and
// the candidate side by side (date, place and distance, attackers, the
// figures category by category, sources, datasets), with the linker's
// score and reason: y makes the link, x rejects it (a decision, kept), tab
// goes on, enter opens the candidate. It is what p opens from a strike.
type reviewScreen struct {
	common
	get func(ctx context.Context, id string) (model.Strike, error)

	s      *model.Strike // the strike reviewed, as shown
	at     int           // the possible link shown, in s.Possible
	other  map[string]*model.Strike
	errs   map[string]string
	lines  []string
	pg     pager
	asking string // the candidate whose strike is being read
}

var _ component = (*reviewScreen)(nil)

// reviewStrikeMsg carries a candidate strike read for the review.
type reviewStrikeMsg struct {
	id     string
	strike model.Strike
	err    error
}

// rejectMsg asks the root to reject a possible link (x in the review).
type rejectMsg struct{ a, b string }

// rejectedMsg says how a rejection went.
type rejectedMsg struct {
	a, b string
	err  error
}

func newReview(c common, get func(ctx context.Context, id string) (model.Strike, error)) *reviewScreen {
	return &reviewScreen{common: c, get: get}
}

// SetStrike reviews a strike's possible links, keeping the one shown
// when it is the same strike reloaded and the link is still there.
func (v *reviewScreen) SetStrike(s *model.Strike) {
	var was model.LinkCandidate
	same := v.s != nil && v.s.ID == s.ID && v.at < len(v.s.Possible)
	if same {
		was = v.s.Possible[v.at]
	}
	v.s, v.at = s, 0
	if same {
		if i := slices.IndexFunc(s.Possible, func(p model.LinkCandidate) bool { return p.From == was.From && p.To == was.To }); i >= 0 {
			v.at = i
		}
	} else {
		v.other, v.errs = map[string]*model.Strike{}, map[string]string{}
	}
	v.rebuild()
}

// current is the possible link shown, and the strike it would join to
// the one reviewed; ok is false when there is none left.
func (v *reviewScreen) current() (p model.LinkCandidate, other string, ok bool) {
	if v.s == nil || v.at >= len(v.s.Possible) {
		return p, "", false
	}
	p = v.s.Possible[v.at]
	other = p.To
	if p.To == v.s.ID {
		other = p.From
	}
	return p, other, true
}

// fetch reads the candidate's strike when it is not read yet.
func (v *reviewScreen) fetch() tea.Cmd {
	_, id, ok := v.current()
	if !ok || v.other[id] != nil || v.errs[id] != "" || v.asking == id {
		return nil
	}
	v.asking = id
	ctx, get := v.ctx, v.get
	return func() tea.Msg {
		st, err := get(ctx, id)
		return reviewStrikeMsg{id: id, strike: st, err: err}
	}
}

// SetSize sets the screen's size.
func (v *reviewScreen) SetSize(w, h int) {
	v.common.SetSize(w, h)
	v.rebuild()
}

// Init does nothing.
func (v *reviewScreen) Init() tea.Cmd { return nil }

// Update steps through the possible links and answers them.
func (v *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(reviewStrikeMsg); ok {
		if m.id == v.asking {
			v.asking = ""
		}
		if m.err != nil {
			v.errs[m.id] = clean(m.err.Error())
		} else {
			v.other[m.id] = &m.strike
		}
		v.rebuild()
		return v.fetch()
	}
	if v.pg.wheel(msg) {
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || v.s == nil {
		return nil
	}
	p, other, ok := v.current()
	n := len(v.s.Possible)
	switch {
	case !ok:
		if key.Matches(k, v.keys.Back) {
			return send(backMsg{})
		}
	case key.Matches(k, v.keys.MakeLink):
		return send(linkStrikeMsg{from: p.From, into: p.To})
	case key.Matches(k, v.keys.Reject):
		return send(rejectMsg{a: p.From, b: p.To})
	case key.Matches(k, v.keys.NextPossible), key.Matches(k, v.keys.NextReport):
		v.at = (v.at + 1) % n
		v.pg.offset = 0
		v.rebuild()
		return v.fetch()
	case key.Matches(k, v.keys.PrevPossible), key.Matches(k, v.keys.PrevReport):
		v.at = (v.at + n - 1) % n
		v.pg.offset = 0
		v.rebuild()
		return v.fetch()
	case key.Matches(k, v.keys.Open):
		return send(openMsg{id: other, to: screenDetail})
	case v.pg.keys(k, v.keys):
	}
	return nil
}

// rebuild lays out the two strikes side by side.
func (v *reviewScreen) rebuild() {
	v.lines = nil
	if v.s == nil || v.w <= 0 {
		v.pg.set(0, v.h-2)
		return
	}
	st := v.st
	add := func(style func(...string) string, text string) { v.lines = append(v.lines, style(text)) }
	p, other, ok := v.current()
	if !ok {
		add(st.Muted.Render, truncate("no possible links left to review on this strike", v.w))
		v.pg.set(len(v.lines), v.h-2)
		return
	}
	for _, l := range wrap("why: "+clean(p.Reason)+" (score "+strconv.FormatFloat(p.Score, 'f', 2, 64)+")", v.w, 3) {
		add(st.Text.Render, l)
	}
	for _, l := range wrap("making it: "+clean(plain.MakesText(v.s, v.other[other], p)), v.w, 3) {
		add(st.Muted.Render, l)
	}
	if p.Weak {
		add(st.Muted.Render, truncate("weak: the places agree only because one lies in the other's area; never linked on its own", v.w))
	}
	add(st.Muted.Render, "")
	b := v.other[other]
	missing := ""
	switch {
	case b == nil && v.errs[other] != "":
		missing = "could not read it: " + v.errs[other]
	case b == nil:
		missing = "reading…"
	}
	if b == nil {
		b = &model.Strike{ID: other}
	}
	labelW := min(12, max(6, v.w/6))
	colW := max(4, (v.w-labelW-3)/2)
	for i, r := range plain.PairRows(v.s, b, p) {
		if i == 0 {
			r[1] += " (this strike)"
		} else if missing != "" && r[0] != "distance" {
			r[2] = missing
		}
		left, right := wrap(orDash(clean(r[1])), colW, 3), wrap(clean(r[2]), colW, 3)
		if r[2] == "" {
			right = nil
		}
		for j := 0; j < max(len(left), len(right), 1); j++ {
			l, rt, lab := "", "", ""
			if j < len(left) {
				l = left[j]
			}
			if j < len(right) {
				rt = right[j]
			}
			if j == 0 {
				lab = r[0]
			}
			v.lines = append(v.lines, st.Muted.Render(fit(lab, labelW))+" "+st.Text.Render(fit(l, colW))+st.Border.Render(" │ ")+st.Text.Render(fit(rt, colW)))
		}
	}
	v.pg.set(len(v.lines), v.h-2)
}

// View renders the title, the keys and the side-by-side.
func (v *reviewScreen) View() string {
	if v.s == nil {
		return ""
	}
	title := "possible links of " + clean(v.s.ID)
	right := "none left"
	if _, _, ok := v.current(); ok {
		right = "possible link " + strconv.Itoa(v.at+1) + "/" + strconv.Itoa(len(v.s.Possible))
	}
	var b strings.Builder
	b.WriteString(titleBar(v.st, title, right, v.w))
	b.WriteByte('\n')
	b.WriteString(v.st.Contested.Render(truncate("y make this link · x not the same strike · tab next · enter open the other · esc back", v.w)))
	lo, hi := v.pg.window()
	for _, l := range v.lines[lo:hi] {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	return b.String()
}

// ShortHelp returns the keys shown in the footer.
func (v *reviewScreen) ShortHelp() []key.Binding {
	k := v.keys
	return []key.Binding{k.MakeLink, k.Reject, k.NextPossible, k.Open, k.Back, k.Help}
}

// FullHelp returns every key of the review.
func (v *reviewScreen) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{
		{k.MakeLink, k.Reject, k.NextPossible, k.PrevPossible, k.Open},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Back, k.Help, k.ForceQuit},
	}
}
