package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/strikes-dev/strikes/model"
)

// assessScreen is the form of the analyst's assessment of a strike (A): the
// attackers and how sure, the figures the analyst concludes (killed:
// civilians, children, women, total; injured: civilians, total; and, when
// asked for, every other category the model has: killed men, combatants
// and unknown, injured children, women, men, combatants and unknown), a
// grading on the Airwars scale and a status. It starts from the
// assessment there is; the other categories are offered open when it
// holds any of them, and left as they are when not asked for. enter goes
// on, shift+tab back, esc leaves without a change.
type assessScreen struct {
	common

	id   string
	was  *model.Assessment
	form *huh.Form

	attackers, certainty, grading, status string
	figures                               []assessFigure
	more                                  bool // the other categories are asked for
}

// assessFigure is one figure field of the form.
type assessFigure struct {
	o     model.Outcome
	c     model.Category
	other bool // one of the other categories, asked for on request
	text  string
}

// figureKey names a figure: an outcome and a category.
type figureKey struct {
	o model.Outcome
	c model.Category
}

// assessFigures are the figures the form always asks for.
var assessFigures = []figureKey{
	{model.Killed, model.Civilians}, {model.Killed, model.Children}, {model.Killed, model.Women}, {model.Killed, model.Total},
	{model.Injured, model.Civilians}, {model.Injured, model.Total},
}

// otherFigures are every other category of model.Categories, killed then
// injured, in the model's order: the form asks for them on request.
func otherFigures() []assessFigure {
	var out []assessFigure
	for _, o := range []model.Outcome{model.Killed, model.Injured} {
		for _, c := range model.Categories {
			if !slices.Contains(assessFigures, figureKey{o, c}) {
				out = append(out, assessFigure{o: o, c: c, other: true})
			}
		}
	}
	return out
}

// otherCategoriesText names the other categories: "men, combatants,
// unknown killed; children, women, men, combatants, unknown injured".
func otherCategoriesText() string {
	var parts []string
	for _, o := range []model.Outcome{model.Killed, model.Injured} {
		var cs []string
		for _, f := range otherFigures() {
			if f.o == o {
				cs = append(cs, f.c.String())
			}
		}
		if len(cs) > 0 {
			parts = append(parts, strings.Join(cs, ", ")+" "+o.String())
		}
	}
	return strings.Join(parts, "; ")
}

var _ component = (*assessScreen)(nil)

func newAssess(c common) *assessScreen { return &assessScreen{common: c} }

// open starts the form for the strike id, from its assessment (nil: none).
func (a *assessScreen) open(id string, was *model.Assessment, plain bool) tea.Cmd {
	a.id, a.was = id, was.Clone()
	a.attackers, a.certainty, a.grading, a.status = "", model.Suspected.String(), "", model.StatusPending.String()
	a.figures = nil
	if was != nil {
		var names []string
		for _, at := range was.Attackers {
			names = append(names, at.Name)
			a.certainty = at.Certainty.String()
		}
		a.attackers = strings.Join(names, ", ")
		a.grading, a.status = was.Grading.String(), was.Status.String()
		if a.status == "" {
			a.status = model.StatusPending.String()
		}
	}
	for _, f := range assessFigures {
		a.figures = append(a.figures, assessFigure{o: f.o, c: f.c})
	}
	a.figures = append(a.figures, otherFigures()...)
	a.more = false
	for i := range a.figures {
		f := &a.figures[i]
		if was != nil {
			if n := was.Claim(f.o, f.c); n.Reported() {
				f.text = countInput(n)
				a.more = a.more || f.other
			}
		}
	}
	validCount := func(s string) error { _, err := model.ParseCountText(s); return err }
	var figFields [2][]huh.Field
	var otherFields []huh.Field
	for i := range a.figures {
		f := &a.figures[i]
		in := huh.NewInput().Title(f.c.String() + " " + f.o.String()).
			Placeholder("15, 3-6, at least 32, some; empty: not concluded").Value(&f.text).Validate(validCount)
		if f.other {
			otherFields = append(otherFields, in)
			continue
		}
		figFields[f.o] = append(figFields[f.o], in)
	}
	figFields[model.Injured] = append(figFields[model.Injured], huh.NewConfirm().Title("other categories?").
		Description(otherCategoriesText()).
		Affirmative("ask them").Negative("leave them as they are").Value(&a.more))
	gradings := []huh.Option[string]{huh.NewOption("none yet", "")}
	for _, g := range []model.Grading{model.GradingConfirmed, model.GradingFair, model.GradingWeak, model.GradingContested, model.GradingDiscounted} {
		gradings = append(gradings, huh.NewOption(g.String(), g.String()))
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave, nothing changed"))
	theme := huh.ThemeFunc(huh.ThemeCharm)
	if plain {
		theme = huh.ThemeFunc(huh.ThemeBase)
	}
	a.form = huh.NewForm(
		huh.NewGroup(
			huh.NewNote().Title("Your assessment of "+clean(id)).
				Description("your own judgement: shown as its own column in compare, never counted as a source"),
			huh.NewInput().Title("attackers").Placeholder("russia, coalition (through the actor aliases)").Value(&a.attackers).
				Validate(func(s string) error { return nil }),
			huh.NewSelect[string]().Title("certainty").Options(huh.NewOptions("suspected", "known")...).Value(&a.certainty).Inline(true),
			huh.NewSelect[string]().Title("grading (Airwars)").Options(gradings...).Value(&a.grading).Inline(true),
			huh.NewSelect[string]().Title("status").Options(huh.NewOptions("pending", "reviewed", "final")...).Value(&a.status).Inline(true),
		),
		huh.NewGroup(figFields[model.Killed]...).Title("killed"),
		huh.NewGroup(figFields[model.Injured]...).Title("injured"),
		huh.NewGroup(otherFields...).Title("other categories").WithHideFunc(func() bool { return !a.more }),
	).WithKeyMap(km).WithTheme(theme).WithShowHelp(true).WithWidth(max(20, min(a.w, 100))).WithHeight(max(5, a.h-1))
	a.form.SubmitCmd = send(assessDoneMsg{})
	a.form.CancelCmd = send(assessDoneMsg{cancel: true})
	return a.form.Init()
}

// countInput is a count as the form's field shows it, which
// ParseCountText reads back.
func countInput(n model.Count) string {
	switch n.Kind {
	case model.Unquantified:
		return "some"
	case model.AtLeast:
		return "at least " + strconv.Itoa(int(n.Low))
	case model.Range:
		return strconv.Itoa(int(n.Low)) + "-" + strconv.Itoa(int(n.High))
	case model.Estimate:
		return strconv.Itoa(int(n.Low)) + "-" + strconv.Itoa(int(n.High))
	}
	return strconv.Itoa(int(n.Low))
}

// assessDoneMsg says the form was sent (or left).
type assessDoneMsg struct{ cancel bool }

// result is the assessment the form holds.
func (a *assessScreen) result() (*model.Assessment, error) {
	out := a.was
	if out == nil {
		out = &model.Assessment{}
	}
	out = out.Clone()
	cert, err := model.ParseCertainty(a.certainty)
	if err != nil {
		return nil, err
	}
	out.Attackers = nil
	for _, name := range strings.Split(a.attackers, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		k := model.ActorKey(name)
		display := name
		if n := model.ActorName(k); n != k {
			display = n
		}
		out.Attackers = append(out.Attackers, model.Attacker{Name: display, Key: k, Certainty: cert})
	}
	out.Grading = model.GradingNone
	if a.grading != "" {
		if out.Grading, err = model.ParseGrading(a.grading); err != nil {
			return nil, err
		}
	}
	if out.Status, err = model.ParseDeskStatus(a.status); err != nil {
		return nil, err
	}
	for _, f := range a.figures {
		if f.other && !a.more {
			continue // not asked for: as they were
		}
		if was := out.Claim(f.o, f.c); was.Reported() && f.text == countInput(was) {
			continue // untouched: kept as it was said (an estimate stays one)
		}
		n, err := model.ParseCountText(f.text)
		if err != nil {
			return nil, err
		}
		out.SetClaim(f.o, f.c, n)
	}
	return out, nil
}

// SetSize sets the screen's size.
func (a *assessScreen) SetSize(w, h int) {
	a.common.SetSize(w, h)
	if a.form != nil {
		a.form.WithWidth(max(20, min(w, 100))).WithHeight(max(5, h-1))
	}
}

// Init does nothing.
func (a *assessScreen) Init() tea.Cmd { return nil }

// Capturing: the form takes every key.
func (a *assessScreen) Capturing() bool { return a.form != nil }

// Update drives the form; when it is sent, it asks the root to record the
// assessment.
func (a *assessScreen) Update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(assessDoneMsg); ok {
		a.form = nil
		if done.cancel {
			return tea.Batch(send(backMsg{}), send(noteMsg{text: "left the assessment: nothing changed"}))
		}
		as, err := a.result()
		if err != nil {
			return tea.Batch(send(backMsg{}), send(noteMsg{text: "the assessment was not recorded: " + err.Error(), err: true}))
		}
		return tea.Batch(send(backMsg{}), send(deskChangeMsg{id: a.id, what: "assess", change: func(e *model.DeskEntry) error {
			e.Assessment = as
			return nil
		}}))
	}
	if a.form == nil {
		return nil
	}
	m, cmd := a.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		a.form = f
	}
	return cmd
}

// View renders the form.
func (a *assessScreen) View() string {
	if a.form == nil {
		return ""
	}
	return titleBar(a.st, "assess · "+clean(a.id), "your own column, not a source", a.w) + "\n" + a.form.View()
}

// ShortHelp returns the keys shown in the footer.
func (a *assessScreen) ShortHelp() []key.Binding {
	if a.form == nil {
		return nil
	}
	return a.form.KeyBinds()
}

// FullHelp returns the form's keys.
func (a *assessScreen) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
