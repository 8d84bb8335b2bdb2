package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/strikes-dev/strikes/model"
)

// shownNames are the names of the columns the list shows now.
func shownNames(d *driver) []string {
	var out []string
	for _, c := range d.m.r.list.cols {
		out = append(out, c.name)
	}
	return out
}

// rowOf is the chooser's row of the named column.
func rowOf(t *testing.T, s *columnsScreen, name string) int {
	t.Helper()
	for row, i := range s.order {
		if listColumns[i].name == name {
			return row
		}
	}
	t.Fatalf("the chooser has no %s", name)
	return -1
}

// moveColumn moves the named column to row in the chooser, with K and J.
func moveColumn(t *testing.T, d *driver, name string, row int) *driver {
	t.Helper()
	selectColumn(t, d, name)
	for rowOf(t, d.m.r.columns, name) > row {
		d.keys("K")
	}
	for rowOf(t, d.m.r.columns, name) < row {
		d.keys("J")
	}
	return d
}

// selectColumn moves the chooser's cursor to the named column.
func selectColumn(t *testing.T, d *driver, name string) *driver {
	t.Helper()
	d.keys("g")
	for range rowOf(t, d.m.r.columns, name) {
		d.keys("down")
	}
	return d
}

func TestColumnChooserApply(t *testing.T) {
	var saved [][]string
	opts := testOptions()
	opts.SaveColumns = func(names []string) error { saved = append(saved, names); return nil }
	d := newDriver(t, newFake(testStrikes(10)...), opts, 200, 30)
	d.keys("C")
	if d.m.r.top() != screenColumns {
		t.Fatalf("C did not open the chooser:\n%s", d.screen())
	}
	d.contains("columns", "[x] date", "always shown", "[x] grading / status")
	// Hide the place, move the killed up above the place and the actors,
	// show the reports after the killed.
	selectColumn(t, d, "place").keys("space")
	selectColumn(t, d, "killed").keys("K", "K", "K")
	selectColumn(t, d, "reports").keys("J")
	d.contains("[ ] place")
	d.keys("enter")
	if d.m.r.top() != screenList {
		t.Fatalf("enter did not close the chooser:\n%s", d.screen())
	}
	want := []string{"date", "killed", "governorate", "actors", "injured", "reports", "grading", "dataset"}
	if got := d.m.r.list.set.names(); !slices.Equal(got, want) {
		t.Fatalf("columns %v, want %v", got, want)
	}
	if got := shownNames(d); !slices.Equal(got, want) {
		t.Errorf("the list shows %v at 200 columns, want %v", got, want)
	}
	if len(saved) != 1 || !slices.Equal(saved[0], want) {
		t.Errorf("saved %v, want once %v", saved, want)
	}
	head := strings.Split(d.screen(), "\n")[1]
	if strings.Contains(head, "place") || strings.Index(head, "killed") > strings.Index(head, "actors") {
		t.Errorf("heading %q", head)
	}
	// Opening it again starts from what the list shows; enter with no
	// change changes nothing and saves nothing.
	d.keys("C").contains("[ ] place")
	d.keys("enter").contains("the columns are as they were")
	if len(saved) != 1 {
		t.Errorf("saved %d times", len(saved))
	}
	// Every column again: the config keeps no choice.
	d.keys("C")
	selectColumn(t, d, "place").keys("space")
	for row, name := range defaultColumns().names() {
		moveColumn(t, d, name, row)
	}
	d.keys("enter")
	if !d.m.r.list.set.isDefault() {
		t.Fatalf("columns %v, want every one", d.m.r.list.set.names())
	}
	if len(saved) != 2 || saved[1] != nil {
		t.Errorf("saved %q, want nil the second time", saved)
	}
}

func TestColumnChooserCancel(t *testing.T) {
	saves := 0
	opts := testOptions()
	opts.SaveColumns = func([]string) error { saves++; return nil }
	d := newDriver(t, newFake(testStrikes(10)...), opts, 120, 30)
	before := d.screen()
	for _, leave := range []string{"esc", "q"} {
		d.keys("C")
		selectColumn(t, d, "actors").keys("space", "K", "K")
		selectColumn(t, d, "dataset").keys("space")
		d.keys(leave)
		if d.m.r.top() != screenList {
			t.Fatalf("%s did not leave the chooser", leave)
		}
		if !d.m.r.list.set.isDefault() || saves != 0 {
			t.Fatalf("%s changed the columns: %v, %d saves", leave, d.m.r.list.set.names(), saves)
		}
		if got := d.screen(); got != before {
			t.Fatalf("%s changed the list:\n%s", leave, got)
		}
		// The chooser opens again on what the list shows, not on what
		// was left.
		d.keys("C").contains("[x] actors", "[x] datasets")
		d.keys("esc")
	}
}

func TestColumnChooserDateStays(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(10)...), testOptions(), 120, 30)
	d.keys("C")
	selectColumn(t, d, "date").keys("space")
	d.contains("[x] date", "the date is always shown")
	// Every other column hidden: the date alone.
	for _, c := range listColumns[1:] {
		selectColumn(t, d, c.name).keys("space")
	}
	d.keys("enter")
	if got := shownNames(d); !slices.Equal(got, []string{"date"}) {
		t.Errorf("the list shows %v", got)
	}
	// The date may move: it is always shown, not always first.
	d.keys("C")
	selectColumn(t, d, "killed").keys("space")
	moveColumn(t, d, "killed", 0).keys("enter")
	if got := shownNames(d); !slices.Equal(got, []string{"killed", "date"}) {
		t.Errorf("the list shows %v", got)
	}
}

func TestColumnChooserSaysWhatDoesNotFit(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(10)...), testOptions(), 80, 30)
	d.keys("C")
	d.contains("[x] reports", "no room at 80 columns")
	for _, name := range []string{"date", "place", "actors", "killed", "injured", "grading"} {
		row := strings.Split(d.screen(), "\n")[3+rowOf(t, d.m.r.columns, name)]
		if strings.Contains(row, "no room") {
			t.Errorf("%s has no room at 80: %q", name, row)
		}
	}
	// Hiding the place makes room for the reports.
	selectColumn(t, d, "place").keys("space")
	row := strings.Split(d.screen(), "\n")[3+rowOf(t, d.m.r.columns, "reports")]
	if strings.Contains(row, "no room") {
		t.Errorf("the reports have no room without the place: %q", row)
	}
}

// C is a letter like any other on the query line.
func TestColumnKeyOnQueryLine(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(10)...), testOptions(), 120, 30)
	d.keys("/").typeText("city:C")
	if d.m.r.top() != screenList || d.m.r.list.input.Value() != "city:C" {
		t.Fatalf("top %d, line %q", d.m.r.top(), d.m.r.list.input.Value())
	}
}

func TestHelpListsColumnKey(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 40).keys("?")
	d.contains("choose columns")
	d.keys("esc", "C", "?")
	d.contains("show/hide", "shift+↑/K", "move up", "shift+↓/J", "move down", "apply", "cancel")
}

func TestColumnsFromOptions(t *testing.T) {
	opts := testOptions()
	opts.Columns = []string{"killed", "no-such-column", "actors", "killed", " place ", ""}
	d := newDriver(t, newFake(testStrikes(10)...), opts, 120, 30)
	if got, want := shownNames(d), []string{"date", "killed", "actors", "place"}; !slices.Equal(got, want) {
		t.Errorf("the list shows %v, want %v", got, want)
	}
}

func TestColumnsNamed(t *testing.T) {
	every := defaultColumns().names()
	for _, tc := range []struct {
		in   []string
		want []string
	}{
		{nil, every},
		{[]string{}, every},
		{[]string{"bogus", "also bogus"}, every},
		{[]string{"killed", "date"}, []string{"killed", "date"}},
		{[]string{"killed", "place"}, []string{"date", "killed", "place"}},
		{[]string{"place", "place", "Place", "datasets", "dataset"}, []string{"date", "place", "dataset"}},
		{every, every},
	} {
		if got := columnsNamed(tc.in).names(); !slices.Equal(got, tc.want) {
			t.Errorf("columnsNamed(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Every column has a name of its own, and it is its sort key's.
	seen := map[string]bool{}
	for _, c := range listColumns {
		if seen[c.name] || c.name == "" {
			t.Errorf("column name %q twice or empty", c.name)
		}
		seen[c.name] = true
		if c.sortable && c.sort.String() != c.name {
			t.Errorf("column %s sorts by %s", c.name, c.sort)
		}
	}
}

func TestLayoutKeepsTheOrderAndDropsByPriority(t *testing.T) {
	set := columnsNamed([]string{"dataset", "injured", "killed", "date", "grading", "place"})
	for _, tc := range []struct {
		w    int
		want []string
	}{
		{200, []string{"dataset", "injured", "killed", "date", "grading", "place"}},
		{80, []string{"dataset", "injured", "killed", "date", "grading", "place"}},
		{70, []string{"injured", "killed", "date", "grading", "place"}},
		{60, []string{"injured", "killed", "date", "place"}},
		{40, []string{"killed", "date", "place"}},
		{24, []string{"killed", "date"}},
		{12, nil},
	} {
		var got []string
		used := gutter - 1
		for _, c := range layoutColumns(set, tc.w) {
			got = append(got, c.name)
			used += 1 + c.w
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("at %d: %v, want %v", tc.w, got, tc.want)
		}
		if len(got) > 0 && used != tc.w {
			t.Errorf("at %d the columns fill %d", tc.w, used)
		}
	}
}

// The grading column, which leads with the analyst's status and tags, is
// there at 80 columns, before the reports' count.
func TestLayoutDefault(t *testing.T) {
	for _, tc := range []struct {
		w    int
		want []string
	}{
		{60, []string{"date", "place", "actors", "killed"}},
		{80, []string{"date", "place", "actors", "killed", "injured", "grading"}},
		{90, []string{"date", "place", "actors", "reports", "killed", "injured", "grading"}},
		{120, defaultColumns().names()},
		{200, defaultColumns().names()},
	} {
		var got []string
		for _, c := range layoutColumns(defaultColumns(), tc.w) {
			got = append(got, c.name)
			if c.name == "grading" && c.w < 12 {
				t.Errorf("at %d the grading column is %d wide", tc.w, c.w)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("at %d: %v, want %v", tc.w, got, tc.want)
		}
	}
}

// At 80 columns the list shows a strike's status and tags.
func TestStatusAndTagsAt80(t *testing.T) {
	src := newDeskFake(testStrikes(10)...)
	d := newDriver(t, src, deskOptions(), 80, 30)
	d.keys("/").typeText("code:RS0232").keys("enter")
	d.send(deskChangeMsg{id: "airwars:RS0232", what: "assess", change: func(e *model.DeskEntry) error {
		e.Assessment = &model.Assessment{Status: model.StatusReviewed}
		e.AddTags("hospital")
		return nil
	}})
	d.contains("grading", "[rev #hospi…")
	d.lacks("reports")
	// Wide enough, the status is said in full.
	d.send(tea.WindowSizeMsg{Width: 200, Height: 30})
	d.contains("[reviewed #hospital] Fair")
}

func TestGradingCellNarrow(t *testing.T) {
	s := &model.Summary{Gradings: []string{"Fair"}, Desk: &model.DeskMark{Assessed: true, Status: model.StatusPending, Bookmark: true, Tags: []string{"market"}}}
	c := placedColumn{&listColumns[slices.IndexFunc(listColumns, func(c listColumn) bool { return c.name == "grading" })], 40}
	if got := strings.TrimSpace(c.render(s)); got != "[pending ★ #market] Fair" {
		t.Errorf("wide: %q", got)
	}
	c.w = 14
	if got := c.render(s); got != "[pend ★ #mark…" {
		t.Errorf("narrow: %q", got)
	}
	s.Desk = nil
	if got := c.render(s); got != "Fair          " {
		t.Errorf("no desk: %q", got)
	}
}

// Sorting goes on by a column the list does not show, and the status
// line says by what.
func TestSortByHiddenColumn(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(30)...), testOptions(), 120, 40)
	d.keys("C")
	selectColumn(t, d, "killed").keys("space")
	selectColumn(t, d, "injured").keys("K", "K", "K")
	d.keys("enter")
	d.keys("s") // date, then killed
	l := d.m.r.list
	if l.o.key != model.ByKilled {
		t.Fatalf("sorted by %s", l.o.key)
	}
	d.contains("by killed")
	if slices.Contains(shownNames(d), "killed") {
		t.Fatalf("killed is shown")
	}
	for i := 1; i < len(l.ix); i++ {
		a, b := l.c.summary(l.ix[i-1]), l.c.summary(l.ix[i])
		if model.CompareSummaries(a, b, model.ByKilled) > 0 {
			t.Fatalf("rows %d and %d out of order by killed", i-1, i)
		}
	}
	d.keys("s", "s", "s") // reports, place, injured: its heading marks it
	if l.o.key != model.ByInjured {
		t.Fatalf("sorted by %s", l.o.key)
	}
	d.contains("injured ↓")
}

func TestGoldenColumnChooser(t *testing.T) {
	for _, w := range viewWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := newDriver(t, newFake(testStrikes(10)...), testOptions(), w, 30)
			d.keys("C")
			selectColumn(t, d, "reports").keys("space")
			selectColumn(t, d, "grading").keys("K", "K", "K")
			assertFits(t, d, w, 30)
			golden.RequireEqual(t, d.screen())
		})
	}
}
