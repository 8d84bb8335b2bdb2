package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/strikes-dev/strikes/model"
)

// deskFake is a source with a desk in memory, as the store keeps one:
// entries by strike ID, an append-only history, a new generation per
// change.
type deskFake struct {
	*fakeSource
	mu      sync.Mutex
	entries map[string]model.DeskEntry
	history []model.Change
	clock   time.Time
}

var _ Desk = (*deskFake)(nil)

func newDeskFake(strikes ...model.Strike) *deskFake {
	return &deskFake{fakeSource: newFake(strikes...), entries: map[string]model.DeskEntry{},
		clock: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (f *deskFake) DeskOf(_ context.Context, id string) ([]model.DeskEntry, []model.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var es []model.DeskEntry
	if e, ok := f.entries[id]; ok {
		es = append(es, e.Clone())
	}
	var h []model.Change
	for _, c := range f.history {
		if c.Target == id {
			h = append(h, c)
		}
	}
	return es, h, nil
}

func (f *deskFake) ChangeDesk(_ context.Context, who, id, what string, change func(e *model.DeskEntry) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	before, ok := f.entries[id]
	if !ok {
		before = model.DeskEntry{Target: id}
	}
	after := before.Clone()
	if err := change(&after); err != nil {
		return err
	}
	if after.SameContent(&before) {
		return nil
	}
	f.clock = f.clock.Add(time.Minute)
	after.Updated, after.By = f.clock, who
	f.entries[id] = after
	f.history = append(f.history, model.Change{Seq: uint64(len(f.history) + 1), Target: id, Who: who, When: f.clock, What: what, Before: before, After: after})
	f.fakeSource.mu.Lock()
	f.gen++
	// The summaries carry the desk's mark, as the store's do (a new
	// slice: the dashboard keeps the one it read).
	f.sums = slices.Clone(f.sums)
	for i := range f.sums {
		if f.sums[i].ID == id {
			m := &model.DeskMark{}
			m.Mark(&after)
			f.sums[i].Desk = m
		}
	}
	f.fakeSource.mu.Unlock()
	return nil
}

func deskOptions() Options {
	o := testOptions()
	o.Who = "alice"
	return o
}

// fillAssessment fills the open form: russia, suspected, fair, reviewed,
// 15 civilians killed, at least 8 children killed; then sends it.
func fillAssessment(d *driver) *driver {
	d.typeText("russia").keys("enter") // attackers
	d.keys("enter")                    // certainty: suspected
	d.keys("right", "right", "enter")  // grading: fair
	d.keys("right", "enter")           // status: reviewed
	d.typeText("15").keys("enter")     // civilians killed
	d.typeText("at least 8").keys("enter", "enter", "enter")
	d.keys("enter", "enter") // injured: nothing
	return d.keys("enter")   // other categories: left as they are
}

func TestDeskAssessFromDetail(t *testing.T) {
	src := newDeskFake(testStrikes(10)...)
	d := openSeed(newDriver(t, src, deskOptions(), 120, 40))
	d.keys("A")
	d.contains("Your assessment of airwars:RS0232", "attackers", "grading (Airwars)")
	fillAssessment(d)
	e := src.entries["airwars:RS0232"]
	a := e.Assessment
	if a == nil {
		t.Fatalf("no assessment recorded:\n%s", d.screen())
	}
	if a.AttackerText() != "Russia (suspected)" || a.Grading != model.GradingFair || a.Status != model.StatusReviewed ||
		a.Claim(model.Killed, model.Civilians) != model.ExactCount(15) || a.Claim(model.Killed, model.Children) != model.AtLeastCount(8) {
		t.Errorf("assessment %+v", a)
	}
	if e.By != "alice" || len(src.history) != 1 {
		t.Errorf("recorded by %q, history %d", e.By, len(src.history))
	}
	d.contains("your assessment (alice)", "civilians killed 15", "fair · reviewed")
	d.keys("c")
	d.contains("your assessment", "★ fair · reviewed", "Russia (suspected)", "+ yours")
	// The verdicts are the sources' alone.
	scr := d.screen()
	d.keys("esc")
	// Opening the form again starts from what is there; esc leaves it.
	d.keys("A").contains("> Russia", "reviewed")
	d.keys("esc")
	if len(src.history) != 1 {
		t.Errorf("leaving the form changed the desk: %d changes", len(src.history))
	}
	_ = scr
}

func TestDeskKeysFromList(t *testing.T) {
	src := newDeskFake(testStrikes(10)...)
	d := newDriver(t, src, deskOptions(), 160, 30)
	d.keys("/").typeText("code:RS0232").keys("enter")
	d.keys("b")
	d.keys("#").typeText("hospital double-tap").keys("enter")
	d.keys("w").typeText("two sources place it at the market").keys("enter")
	e := src.entries["airwars:RS0232"]
	if !e.Bookmark || strings.Join(e.Tags, " ") != "hospital double-tap" || e.Note != "two sources place it at the market" {
		t.Fatalf("entry %+v", e)
	}
	d.contains("[★ #hospital #doubl")
	// Tags that are not tags change nothing.
	d.keys("#").keys("ctrl+u").typeText("two,words").keys("enter")
	d.contains("holds a space or a")
	if len(src.history) != 3 {
		t.Errorf("%d changes, want 3", len(src.history))
	}
	// The history pane, from the detail.
	d.keys("enter", "H")
	d.contains("desk history · airwars:RS0232", "3 changes", `note: — → "two sources place it at the market"`, "tags: — → hospital double-tap", "bookmark: — → yes")
	d.keys("esc")
	d.contains("your note: two sources place it at the market", "bookmarked #hospital #double-tap")
}

func TestDeskNotKept(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 30))
	d.keys("A")
	d.contains("this data keeps no desk")
	d.keys("b")
	d.contains("this data keeps no desk")
}

func TestGoldenAssessForm(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			src := newDeskFake(testStrikes(10)...)
			d := openSeed(newDriver(t, src, deskOptions(), w, 30))
			d.keys("A").typeText("russia").keys("enter")
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenHistoryPane(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			src := newDeskFake(testStrikes(10)...)
			d := openSeed(newDriver(t, src, deskOptions(), w, 30))
			fillAssessment(d.keys("A"))
			d.keys("w").typeText("Two sources place it at the market, not the hospital; the IS page's figure is the only one with women.").keys("enter")
			d.keys("#").typeText("hospital for-report-2026").keys("enter")
			d.keys("H")
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenCompareWithAssessment(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			src := newDeskFake(testStrikes(10)...)
			d := openSeed(newDriver(t, src, deskOptions(), w, 30))
			fillAssessment(d.keys("A"))
			d.keys("c")
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestCopyStrikeID(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 30)
	d.keys("/").typeText("code:RS0232").keys("enter", "Y")
	d.contains("copied airwars:RS0232")
	found := false
	for _, m := range d.sent {
		if strings.Contains(fmt.Sprint(m), "airwars:RS0232") {
			found = true
		}
	}
	if !found {
		t.Errorf("no clipboard write of the ID among %v", d.sent)
	}
}

func TestSavedViews(t *testing.T) {
	opts := testOptions()
	opts.Views = []View{{Name: "review", Query: "link:possible"}, {Name: "raqqa", Query: "city:raqqa", Sort: model.ByKilled}}
	d := newDriver(t, newFake(testStrikes(40)...), opts, 120, 30)
	d.contains("views  review   raqqa", "v next")
	d.keys("v")
	d.contains("[review]", "link:possible")
	d.keys("v")
	d.contains("[raqqa]", "city:raqqa", "by killed ↓")
	d.keys("v")
	d.contains("[review]")
	// No views: v says how to make one.
	d2 := newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 30)
	d2.keys("v")
	d2.contains("strikes view save NAME QUERY")
	d2.lacks("v next")
	// The list reopens with the filter and sort it had.
	opts = testOptions()
	opts.Query, opts.Sort, opts.Reverse = "city:raqqa", model.ByReports, true
	d3 := newDriver(t, newFake(testStrikes(40)...), opts, 120, 30)
	d3.contains("city:raqqa", "by reports ↑")
	if q, k, rev := d3.m.Final(); q != "city:raqqa" || k != model.ByReports || !rev {
		t.Errorf("Final = %q, %v, %v", q, k, rev)
	}
}

// exportFake exports into memory.
type exportFake struct {
	*fakeSource
	query, path string
}

func (f *exportFake) Export(_ context.Context, query, path string) (int, error) {
	f.query, f.path = query, path
	return 3, nil
}

func TestExportFromList(t *testing.T) {
	t.Chdir(t.TempDir())
	src := &exportFake{fakeSource: newFake(testStrikes(10)...)}
	d := newDriver(t, src, testOptions(), 160, 30)
	d.keys("/").typeText(`city:raqqa actor:"Russian jets"`).keys("enter", "e")
	if src.query != `city:raqqa actor:"Russian jets"` || src.path != "strikes-city-raqqa-actor-russian-jets.jsonl" {
		t.Errorf("exported %q to %q", src.query, src.path)
	}
	d.contains("exported 3 strikes (and your desk on them) to /", "strikes-city-raqqa-actor-russian-jets.jsonl")
	if got := exportName(""); got != "strikes-all" {
		t.Errorf("exportName(\"\") = %q", got)
	}
	d2 := newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 30)
	d2.keys("e")
	d2.contains("use strikes export")
}

// TestRandomKeysOnTheDesk drives the dashboard over a source with a desk
// and saved views with random keys and sizes, the desk's keys and the
// form among them, hostile text in a note included: no panic, every
// frame fits, no escape from the data reaches the screen.
func TestRandomKeysOnTheDesk(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 19))
	keys := []string{"j", "k", "down", "up", "enter", "esc", "c", "/", "A", "w", "#", "b", "H", "v", "Y", "o", "y", "tab",
		"shift+tab", "left", "right", "h", "l", "x", "1", "5", "-", " ", "space", "backspace", "?", "n", "g", "G"}
	for run := range 2 {
		src := newDeskFake(append(testStrikes(20), hostileStrike())...)
		src.ChangeDesk(context.Background(), "mallory\x1b[31m", "airwars:RS0232", "note", func(e *model.DeskEntry) error {
			e.Note = "red \x1b[31mtext\x1b]52;c;aGk=\x07 \u009b31m"
			e.AddTags("x\x1b[31m")
			return nil
		})
		opts := deskOptions()
		opts.Views = []View{{Name: "hostile\x1b[31m", Query: "city:raqqa"}, {Name: "all"}}
		d := newDriver(t, src, opts, 80, 24)
		w, h := 80, 24
		for step := range 250 {
			switch rng.IntN(12) {
			case 0:
				w, h = 1+rng.IntN(220), 1+rng.IntN(60)
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
			case 1:
				d.send(tea.MouseClickMsg{X: rng.IntN(w + 2), Y: rng.IntN(h + 2), Button: tea.MouseLeft})
			default:
				d.keys(keys[rng.IntN(len(keys))])
			}
			if d.quit {
				t.Fatalf("run %d step %d: quit unexpectedly", run, step)
			}
			if raw := d.raw(); strings.Contains(raw, "\x1b[31m") || strings.Contains(raw, "\x1b]52") || strings.Contains(raw, "\u009b") {
				t.Fatalf("run %d step %d: an escape from the data reached the screen", run, step)
			}
			lines := strings.Split(d.screen(), "\n")
			if len(lines) > h {
				t.Fatalf("run %d step %d: %d lines at height %d", run, step, len(lines), h)
			}
			for _, l := range lines {
				if width(l) > w {
					t.Fatalf("run %d step %d: line %q is wider than %d", run, step, l, w)
				}
			}
		}
	}
}

// The form reaches every category the model has: the others on request,
// offered open when the assessment holds any, and left as they are when
// not asked for.
func TestDeskAssessOtherCategories(t *testing.T) {
	src := newDeskFake(testStrikes(10)...)
	d := openSeed(newDriver(t, src, deskOptions(), 120, 40))
	d.keys("A").typeText("russia").keys("enter", "enter", "enter", "enter") // attackers, certainty, grading, status
	d.keys("enter", "enter", "enter", "enter")                              // killed: nothing
	d.keys("enter", "enter")                                                // injured: nothing
	d.contains("other categories?", otherCategoriesText(), "leave them as they are")
	d.keys("y") // ask them
	d.contains("other categories", "men killed", "combatants killed", "unknown killed", "children injured")
	d.typeText("3").keys("enter")           // men killed
	d.typeText("at least 10").keys("enter") // combatants killed
	d.keys("enter")                         // unknown killed
	d.typeText("2-4").keys("enter")         // children injured
	d.keys("enter", "enter", "enter", "enter")
	a := src.entries["airwars:RS0232"].Assessment
	if a == nil {
		t.Fatalf("no assessment recorded:\n%s", d.screen())
	}
	want := map[figureKey]model.Count{
		{model.Killed, model.Men}: model.ExactCount(3), {model.Killed, model.Combatants}: model.AtLeastCount(10),
		{model.Injured, model.Children}: model.RangeCount(2, 4),
	}
	if len(a.Claims) != len(want) {
		t.Errorf("claims %+v", a.Claims)
	}
	for k, n := range want {
		if got := a.Claim(k.o, k.c); got != n {
			t.Errorf("%s %s = %v, want %v", k.c, k.o, got, n)
		}
	}
	// Opened again, the other categories are asked for at once: the
	// assessment holds some. Declining leaves them as they were, a
	// change made before declining included.
	d.keys("A")
	for range 10 { // the first group's fields and the figures, as they are
		d.keys("enter")
	}
	d.contains("other categories?", "ask them")
	d.keys("n")
	if len(src.history) != 1 {
		t.Errorf("%d changes, want 1: declining changed the assessment", len(src.history))
	}
	if a := src.entries["airwars:RS0232"].Assessment; a.Claim(model.Killed, model.Men) != model.ExactCount(3) {
		t.Errorf("men killed %v after declining", a.Claim(model.Killed, model.Men))
	}
	// Asked for, a figure removed and another changed.
	d.keys("A")
	for range 10 {
		d.keys("enter")
	}
	d.keys("enter").contains("men killed", "> 3")
	d.keys("ctrl+u").keys("enter") // men killed: removed
	d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter")
	a = src.entries["airwars:RS0232"].Assessment
	if a.Claim(model.Killed, model.Men).Reported() || a.Claim(model.Killed, model.Combatants) != model.AtLeastCount(10) {
		t.Errorf("after removing men killed: %+v", a.Claims)
	}
}

func TestGoldenAssessOtherCategories(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			src := newDeskFake(testStrikes(10)...)
			d := openSeed(newDriver(t, src, deskOptions(), w, 30))
			d.keys("A")
			for range 10 {
				d.keys("enter")
			}
			d.keys("y").typeText("3")
			assertFits(t, d, w, 30)
			golden.RequireEqual(t, d.screen())
		})
	}
}
