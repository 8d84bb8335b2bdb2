package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

func TestListMovesAndOpens(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	d.contains("41 of 41 strikes", "by date ↓", "test data")
	l := d.m.r.list
	d.keys("j", "down")
	if l.cursor != 2 {
		t.Fatalf("cursor %d after j, down; want 2", l.cursor)
	}
	d.keys("k")
	if l.cursor != 1 {
		t.Fatalf("cursor %d after k; want 1", l.cursor)
	}
	d.keys("G")
	if l.cursor != 40 {
		t.Fatalf("cursor %d after G; want 40", l.cursor)
	}
	d.keys("g")
	if l.cursor != 0 {
		t.Fatalf("cursor %d after g; want 0", l.cursor)
	}
	d.keys("pgdown")
	if l.cursor == 0 || l.offset == 0 {
		t.Fatalf("pgdown left cursor %d offset %d", l.cursor, l.offset)
	}
	d.keys("ctrl+u")
	id := l.currentID()
	d.keys("enter")
	if d.m.r.top() != screenDetail || d.m.r.detail.strikeID() != id {
		t.Fatalf("enter opened %q on screen %d, want %q", d.m.r.detail.strikeID(), d.m.r.top(), id)
	}
	d.keys("esc")
	if d.m.r.top() != screenList {
		t.Fatal("esc did not go back to the list")
	}
	d.keys("q")
	if !d.quit {
		t.Fatal("q did not quit from the list")
	}
}

func TestFilterTypingAndErrors(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	d.keys("/").typeText("actor:russia")
	l := d.m.r.list
	if l.q.Text != "actor:russia" {
		t.Fatalf("applied query %q", l.q.Text)
	}
	n := len(l.ix)
	if n == 0 || n == 41 {
		t.Fatalf("actor:russia kept %d of 41", n)
	}
	for _, i := range l.ix {
		s := l.c.summary(int32(i))
		if !strings.Contains(strings.Join(s.Actors, ","), "russia") {
			t.Fatalf("%s does not name russia: %v", s.ID, s.Actors)
		}
	}
	// a malformed query keeps the previous results and says what is wrong
	d.typeText(` "raqqa`)
	d.contains("column 14: this quote is never closed")
	if len(l.ix) != n || strings.TrimSpace(l.q.Text) != "actor:russia" {
		t.Fatalf("a bad query changed the results: %d, %q", len(l.ix), l.q.Text)
	}
	// enter on it keeps the line open, with the text and the error
	d.keys("enter")
	if !l.editing || l.input.Value() != `actor:russia "raqqa` {
		t.Fatalf("enter on a bad query closed the line (editing %v) or lost its text %q", l.editing, l.input.Value())
	}
	d.contains(`actor:russia "raqqa`, "column 14: this quote is never closed", "the filter has a mistake")
	d.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace").typeText("date:2015")
	if l.qerr != "" || l.q.Text != "actor:russia date:2015" {
		t.Fatalf("query %q err %q", l.q.Text, l.qerr)
	}
	d.keys("enter")
	if l.editing {
		t.Fatal("enter did not close the query line")
	}
	d.contains("actor:russia date:2015")
	// the filter stays across a visit to a strike
	d.keys("enter", "esc")
	if l.q.Text != "actor:russia date:2015" {
		t.Fatalf("filter lost after a visit: %q", l.q.Text)
	}
	d.keys("esc")
	if !l.q.Empty() || len(l.ix) != 41 {
		t.Fatalf("esc left %q, %d strikes", l.q.Text, len(l.ix))
	}
	d.keys("/").typeText("raq").keys("esc")
	if !l.q.Empty() || l.editing {
		t.Fatal("esc in the query line did not clear it")
	}
}

func TestFilterNarrowsPreviousResults(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	l := d.m.r.list
	d.keys("/").typeText("syria")
	prev := l.ix
	cmd := l.start(filterJob{q: mustQuery(t, "syria idlib"), o: l.o})
	if cmd == nil {
		t.Fatal("no filter command")
	}
	m := cmd().(filterMsg)
	for _, i := range m.ix {
		found := false
		for _, j := range prev {
			found = found || i == j
		}
		if !found {
			t.Fatalf("narrowed result %d was not in the previous result", i)
		}
	}
}

func mustQuery(t *testing.T, s string) *model.Query {
	t.Helper()
	q, err := model.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestStaleFilterResultsAreDropped(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	l := d.m.r.list
	old := l.start(filterJob{q: mustQuery(t, "mosul"), o: l.o})
	newer := l.start(filterJob{q: mustQuery(t, "idlib"), o: l.o})
	d.run(newer)
	// the first job was cancelled; even a result it produced is dropped
	d.send(filterMsg{seq: l.seq - 1, q: mustQuery(t, "mosul"), ix: []int32{0}})
	_ = old
	if l.q.Text != "idlib" {
		t.Fatalf("stale result applied: %q", l.q.Text)
	}
}

func TestDebounceDropsStaleTicks(t *testing.T) {
	opts := testOptions()
	opts.Debounce = time.Hour // ticks are never run here; we deliver them
	d := newDriver(t, newFake(testStrikes(40)...), opts, 120, 30)
	l := d.m.r.list
	d.keys("/")
	_, _ = d.m.Update(keyMsg("m"))
	first := l.seq
	_, _ = d.m.Update(keyMsg("o"))
	d.send(debounceMsg{seq: first})
	if !l.q.Empty() {
		t.Fatalf("a stale tick filtered by %q", l.q.Text)
	}
	d.send(debounceMsg{seq: l.seq})
	if l.q.Text != "mo" {
		t.Fatalf("the current tick filtered by %q", l.q.Text)
	}
}

func TestSortCyclesAndReverses(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	l := d.m.r.list
	d.keys("j", "s")
	d.contains("by killed ↓", "killed ↓")
	if l.cursor != 0 {
		t.Fatal("a new sort did not start at the top")
	}
	for p := 1; p < len(l.ix); p++ {
		if model.CompareSummaries(l.c.summary(l.ix[p-1]), l.c.summary(l.ix[p]), model.ByKilled) > 0 {
			t.Fatalf("not sorted by killed at %d", p)
		}
	}
	d.keys("S")
	d.contains("by killed ↑")
	// Every column of the list can be sorted by: s goes through them all
	// and back to the date.
	want := []string{"by reports ↓", "by place ↑", "by injured ↓", "by governorate ↑", "by actors ↑", "by grading ↑", "by dataset ↑", "by date ↓"}
	for _, w := range want {
		d.keys("s")
		d.contains(w)
		k := l.o.key
		for p := 1; p < len(l.ix); p++ {
			if model.CompareSummaries(l.c.summary(l.ix[p-1]), l.c.summary(l.ix[p]), k) > 0 {
				t.Fatalf("not sorted by %s at %d", k, p)
			}
		}
	}
}

func TestFilterLikeThis(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	openSeed(d)
	d.keys("a")
	l := d.m.r.list
	if d.m.r.top() != screenList || l.q.Text != "actor:russia" {
		t.Fatalf("a in detail gave %q on screen %d", l.q.Text, d.m.r.top())
	}
	d.keys("t")
	if !strings.HasPrefix(l.q.Text, "city:") {
		t.Fatalf("t gave %q", l.q.Text)
	}
}

func TestDetailReportCursorAndLinks(t *testing.T) {
	var opened []string
	opts := testOptions()
	opts.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), opts, 100, 30))
	d.contains("report 1/5", "BBC ← Raqqa is Being Slaughtered Silently")
	d.keys("o")
	d.contains("no web link")
	d.keys("tab", "tab", "tab")
	d.contains("report 4/5", "Associated Press ← Facebook page used by IS supporters")
	d.keys("tab")
	d.contains("report 5/5")
	d.keys("o") // the report has several links: o offers each, y opens the one shown
	d.contains("open link 1/", "https://airwars.org/civilian-casualties/rs0232-december-6-2015/")
	d.keys("y")
	if len(opened) != 1 || opened[0] != "https://airwars.org/civilian-casualties/rs0232-december-6-2015/" {
		t.Fatalf("opened %v", opened)
	}
	d.keys("o", "tab")
	d.contains("open link 2/")
	d.keys("n")
	if len(opened) != 1 {
		t.Fatalf("n opened %v", opened)
	}
	d.keys("y")
	if !strings.Contains(d.screen(), "copied https://airwars.org") {
		t.Fatalf("no copy note:\n%s", d.screen())
	}
	if !strings.Contains(d.raw(), "\x1b]8;;https://airwars.org/civilian-casualties/rs0232-december-6-2015/") {
		t.Fatal("the report URL is not a terminal hyperlink")
	}
	d.keys("shift+tab")
	d.contains("report 4/5")
}

func TestCompareScrollsColumns(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), testOptions(), 80, 30)).keys("c")
	d.contains("columns 1-2 of 5 →", "field", "CONTESTED: Russia (4 reports) vs US-led coalition (1 report)")
	d.keys("l", "l")
	d.contains("← columns 3-4 of 5 →", "field", "verdict", "Associated Press ←")
	d.keys("right", "right", "right")
	d.contains("← columns 4-5 of 5", "Airwars")
	d.keys("h")
	d.contains("columns 3-4 of 5")
}

func TestCompareWideShowsEveryReport(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), testOptions(), 160, 40)).keys("c")
	d.contains("Syrian Observatory for", "BBC ← Raqqa is Being", "BBC ← Sham News", "Associated Press ←", "Airwars",
		"5 reports", "⚑ CONTESTED", "≠ US-led coalition", "≠ differ")
	d.lacks("columns 1-")
}

func TestHelpFollowsFocus(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(5)...), testOptions(), 100, 40)
	d.keys("?")
	d.contains("same actor", "filter", "quit")
	d.lacks("next report")
	d.keys("esc")
	openSeed(d).keys("?")
	d.contains("next report", "open link")
	d.keys("?")
	if d.m.r.top() != screenDetail {
		t.Fatal("? did not close the help")
	}
}

func TestReloadKeepsCursorFilterAndSort(t *testing.T) {
	src := newFake(testStrikes(40)...)
	d := newDriver(t, src, testOptions(), 120, 30)
	d.keys("/").typeText("syria").keys("enter", "s", "j", "j", "j")
	l := d.m.r.list
	id, before := l.currentID(), len(l.ix)
	extra := seed.Strike()
	extra.ID = "test:new"
	extra.Date = model.OnDay(model.DayOf(2030, 1, 1))
	src.add(extra)
	d.send(pollMsg{})
	if d.m.r.gen != src.gen {
		t.Fatal("the new generation was not loaded")
	}
	if l.currentID() != id || l.q.Text != "syria" || l.o.key != model.ByKilled {
		t.Fatalf("reload lost state: cursor %q (want %q), query %q, sort %v", l.currentID(), id, l.q.Text, l.o)
	}
	if len(l.ix) != before+1 {
		t.Fatalf("%d strikes after reload, want %d", len(l.ix), before+1)
	}
}

func TestSourceErrorsShowInStatus(t *testing.T) {
	src := newFake(testStrikes(5)...)
	src.err = errors.New("store is locked")
	d := newDriver(t, src, testOptions(), 100, 20)
	d.contains("store is locked")
	src.err = nil
	src.gen++
	d.send(pollMsg{})
	d.lacks("store is locked")
	d.contains("6 of 6 strikes")
}

func TestMouse(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	l := d.m.r.list
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if l.cursor != 3 {
		t.Fatalf("wheel moved the cursor to %d", l.cursor)
	}
	t0 := time.Now()
	d.click(5, 6, t0)
	if l.cursor != 4 || d.m.r.top() != screenList {
		t.Fatalf("click: cursor %d screen %d", l.cursor, d.m.r.top())
	}
	d.click(5, 6, t0.Add(200*time.Millisecond))
	if d.m.r.top() != screenDetail {
		t.Fatal("double click did not open the strike")
	}
}

func TestTooSmall(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(5)...), testOptions(), 19, 10)
	d.contains("20×5")
	d.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	d.contains("strikes")
	d.lacks("at least")
}

func TestForceQuitAnywhere(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), testOptions(), 100, 30)).keys("c", "ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

func TestRunReturnsNilOnQuit(t *testing.T) {
	in := strings.NewReader("q")
	var out strings.Builder
	opts := testOptions()
	opts.Input, opts.Output = in, &out
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := Run(ctx, newFake(testStrikes(3)...), opts); err != nil {
		t.Fatalf("Run: %v", err)
	}
}

type panicSource struct{ *fakeSource }

func (panicSource) Summaries(context.Context) ([]model.Summary, uint64, error) { panic("boom") }

func TestRunReturnsPanicAsError(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	opts := testOptions()
	opts.Input, opts.Output = r, io.Discard
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := Run(ctx, panicSource{newFake()}, opts)
	if !errors.Is(err, tea.ErrProgramPanic) {
		t.Fatalf("Run after a panic returned %v", err)
	}
}

// TestTownQuery: t gives the strike's town, and for a quarter or landmark
// the town it lies in.
func TestTownQuery(t *testing.T) {
	for _, tc := range []struct{ key, name, want string }{
		{"raqqa", "Ar Raqqah", "city:raqqa"},
		{"mashlab", "Al Mashlab", "city:raqqa"},
		{"", "Synthetic Hamlet", `city:"Synthetic Hamlet"`},
		{"tabqa", "", "city:tabqa"},
	} {
		if got, _ := townQuery(tc.key, tc.name); got != tc.want {
			t.Errorf("townQuery(%q, %q) = %q, want %q", tc.key, tc.name, got, tc.want)
		}
	}
	if _, ok := townQuery("", ""); ok {
		t.Error("a strike with no place has a town")
	}
}

// TestKeysFasterThanTheSort: sort keys pressed before the list has sorted
// each count (s three times is the third order on, not the first), and a
// load that arrives while a filter runs keeps the filter typed, not the
// one shown.
func TestKeysFasterThanTheSort(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(40)...), testOptions(), 120, 30)
	l := d.m.r.list
	var last tea.Cmd
	for range 3 {
		_, last = d.m.Update(keyMsg("s")) // the jobs are not run yet
	}
	d.run(last)
	if want := (order{key: model.ByPlace}); l.o != want {
		t.Fatalf("s pressed three times from the date sorts %v, want %v", l.o, want)
	}
	_, _ = d.m.Update(keyMsg("S"))
	filter := l.start(filterJob{q: mustQuery(t, "mosul"), o: l.wanted()})
	_ = filter // still running when the new load arrives
	d.run(l.setCorpus(l.c))
	if l.q.Text != "mosul" || l.o != (order{key: model.ByPlace, reverse: true}) {
		t.Fatalf("a load during a filter shows %q %v, want mosul by place reversed", l.q.Text, l.o)
	}
}
