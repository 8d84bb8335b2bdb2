package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
)

// The views' goldens are of the bundled demo as the dashboard reads it:
// the store's FileSource over the demo store, so that they show what the
// binary shows (linked strikes included). Only this test imports store;
// ui itself never does.

var viewWidths = []int{60, 80, 120, 200}

type demoFileSource struct{ *store.FileSource }

func (demoFileSource) Label() string { return demo.Label }

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// demoSource returns the demo store as a Source, built once in a
// temporary cache.
func demoSource(t testing.TB) Source {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "strikes-ui-demo")
		if err != nil {
			demoErr = err
			return
		}
		old, had := os.LookupEnv("XDG_CACHE_HOME")
		os.Setenv("XDG_CACHE_HOME", dir)
		demoPath, demoErr = demo.Path(context.Background())
		if had {
			os.Setenv("XDG_CACHE_HOME", old)
		} else {
			os.Unsetenv("XDG_CACHE_HOME")
		}
	})
	if demoErr != nil {
		t.Fatalf("cannot build the demo store: %v", demoErr)
	}
	return demoFileSource{store.NewFileSource(demoPath)}
}

func TestGoldenTimeline(t *testing.T) {
	for _, w := range viewWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := newDriver(t, demoSource(t), testOptions(), w, 30).keys("T")
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenBreakdown(t *testing.T) {
	for _, w := range viewWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := newDriver(t, demoSource(t), testOptions(), w, 30).keys("B")
			golden.RequireEqual(t, d.screen())
		})
	}
}

// TestViewsFit keeps every view inside the terminal at every width, in
// every split and zoom.
func TestViewsFit(t *testing.T) {
	for _, w := range append(viewWidths, 20, 40) {
		for _, h := range []int{8, 30} {
			d := newDriver(t, demoSource(t), testOptions(), w, h)
			for _, step := range []string{"T", "tab", "k", "+", "+", "-", "-", "-", "left", "esc", "B", "tab", "s", "down", "esc", "M", "+", "left", "0", "esc"} {
				d.keys(step)
				assertFits(t, d, w, h)
			}
		}
	}
}

// TestTimelineNarrows opens the timeline over a filter, moves to a
// period, and narrows the list to it with a date: term; esc comes back.
func TestTimelineNarrows(t *testing.T) {
	d := newDriver(t, demoSource(t), testOptions(), 120, 30)
	d.keys("/").typeText("city:raqqa").keys("enter")
	d.keys("T").contains("timeline · by month (auto)", "city:raqqa · ")
	d.keys("-")
	d.contains("timeline · by year")
	tl := d.m.r.timeline
	if tl.current() == nil {
		t.Fatal("no period under the cursor")
	}
	d.keys("left")
	p := tl.current()
	want := "city:raqqa " + tl.t.By.Term(p.Start)
	d.keys("enter")
	if d.m.r.top() != screenList {
		t.Fatalf("enter left the timeline on screen %d, want the list", d.m.r.top())
	}
	if got := d.m.r.list.input.Value(); got != want {
		t.Fatalf("the filter reads %q, want %q", got, want)
	}
	if n := len(d.m.r.list.ix); n < p.Strikes {
		t.Errorf("the list holds %d strikes, fewer than the period's %d", n, p.Strikes)
	}
	// The view follows the filter: open it again and it counts the narrowed list.
	d.keys("T")
	if tl.t.Strikes != len(d.m.r.list.ix) {
		t.Errorf("the timeline counts %d strikes, the list holds %d", tl.t.Strikes, len(d.m.r.list.ix))
	}
	d.keys("esc")
	if d.m.r.top() != screenList {
		t.Fatal("esc did not come back to the list")
	}
}

// TestBreakdownNarrows narrows the list to a breakdown row: the list then
// holds as many strikes as the row counts.
func TestBreakdownNarrows(t *testing.T) {
	d := newDriver(t, demoSource(t), testOptions(), 120, 30)
	d.keys("B").contains("breakdown by attacker", "Islamic State")
	b := d.m.r.breakdown
	d.keys("down")
	r := b.current()
	d.keys("enter")
	if got := d.m.r.list.input.Value(); got != r.Term {
		t.Fatalf("the filter reads %q, want %q", got, r.Term)
	}
	if len(d.m.r.list.ix) != r.Strikes {
		t.Errorf("the list holds %d strikes, the row %d", len(d.m.r.list.ix), r.Strikes)
	}
	// Sorting by name puts the rows in order of their names.
	d.keys("B", "s")
	var names []string
	for _, i := range b.rows {
		names = append(names, strings.ToLower(b.b.Rows[i].Name))
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Fatalf("sorted by name: %q", names)
		}
	}
	d.keys("tab").contains("breakdown by city")
	d.keys("esc", "esc")
	if d.m.r.list.input.Value() != "" {
		t.Error("esc in the list did not clear the narrowed filter")
	}
}

// TestViewsFollowStream: a view opened while the summaries stream in
// counts the part that is in and says so; once the rest is in it counts
// the whole, without a key.
func TestViewsFollowStream(t *testing.T) {
	sums := syntheticSummaries(3000)
	model.SortSummaries(sums, model.ByDate, false)
	src := &heldStreamer{fakeSource: fakeOfSummaries(sums), release: make(chan struct{})}
	for _, view := range []string{"T", "B"} {
		src := &heldStreamer{fakeSource: src.fakeSource, release: make(chan struct{})}
		l := &loop{t: t, m: New(context.Background(), src, testOptions()), msgs: make(chan tea.Msg, 64)}
		l.update(tea.WindowSizeMsg{Width: 120, Height: 30})
		l.exec(l.m.Init())
		l.until("so far of 200 read")
		l.key(view)
		l.until("200 strikes so far (loading 6%)")
		close(src.release)
		screen := l.until("3,000 strikes")
		if strings.Contains(screen, "so far") {
			t.Errorf("%s: the whole load is in, the view still says so far:\n%s", view, screen)
		}
	}
}

// TestBreakdownFieldChange: tab to another field puts the cursor on its
// first row (the most strikes), never on a row that happens to share the
// last field's empty key.
func TestBreakdownFieldChange(t *testing.T) {
	d := newDriver(t, demoSource(t), testOptions(), 120, 30).keys("B")
	b := d.m.r.breakdown
	for range 3 {
		d.keys("tab")
		if b.cursor != 0 || b.offset != 0 {
			t.Fatalf("by %s: the cursor is on row %d (offset %d), want the first", b.field, b.cursor, b.offset)
		}
		if r := b.current(); r == nil || r.Key == "" {
			t.Fatalf("by %s: the first row is %+v", b.field, r)
		}
	}
}

// TestViewsEverySize sweeps the views over terminal sizes from 1×1 to
// 300×100: nothing spills out.
func TestViewsEverySize(t *testing.T) {
	for _, view := range []string{"T", "B", "M"} {
		d := newDriver(t, newFake(testStrikes(60)...), testOptions(), 80, 24).keys(view)
		for w := 1; w <= 300; w += 7 {
			for h := 1; h <= 100; h += 9 {
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
				assertFits(t, d, w, h)
			}
		}
	}
}

func TestGoldenMap(t *testing.T) {
	for _, w := range viewWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := newDriver(t, demoSource(t), testOptions(), w, 30).keys("M")
			golden.RequireEqual(t, d.screen())
		})
	}
}

// TestMapNarrows: the map of the demo counts every strike, drawn or
// without coordinates; the cursor on a cell of one town narrows the list
// to it; the map follows the filter; esc comes back.
func TestMapNarrows(t *testing.T) {
	d := newDriver(t, demoSource(t), testOptions(), 120, 30).keys("M")
	m := d.m.r.mapScr
	if !m.ready {
		t.Fatalf("the map did not draw:\n%s", d.screen())
	}
	c := m.m.bins.Counts()
	if c.Located+c.Area+c.Outside+m.m.noCoords != m.m.strikes || m.m.strikes != len(d.m.r.list.ix) {
		t.Errorf("the map holds %d located + %d areas + %d outside + %d without coordinates, of %d; the list %d",
			c.Located, c.Area, c.Outside, m.m.noCoords, m.m.strikes, len(d.m.r.list.ix))
	}
	// The fitted map's cursor is on the heaviest cell: narrow to it.
	best := m.m.bins.Cell(m.cx, m.cy).N
	for y := 0; y < m.m.frame.Height; y++ {
		for x := 0; x < m.m.frame.Width; x++ {
			if n := m.m.bins.Cell(x, y).N; n > best {
				t.Fatalf("the cursor's cell holds %d strikes, the cell %d,%d %d", best, x, y, n)
			}
		}
	}
	term, why := m.cellTerm()
	if term == "" {
		t.Fatalf("the heaviest cell (%d strikes) gives no term: %s", best, why)
	}
	d.keys("enter")
	if d.m.r.top() != screenList || d.m.r.list.input.Value() != term {
		t.Fatalf("enter: screen %d, filter %q; want the list filtered by %q", d.m.r.top(), d.m.r.list.input.Value(), term)
	}
	if len(d.m.r.list.ix) < best {
		t.Errorf("the list holds %d strikes, fewer than the cell's %d", len(d.m.r.list.ix), best)
	}
	d.keys("M")
	if m.m.strikes != len(d.m.r.list.ix) {
		t.Errorf("the map counts %d strikes, the narrowed list %d", m.m.strikes, len(d.m.r.list.ix))
	}
	d.keys("+", "-", "0", "left", "up")
	d.keys("esc")
	if d.m.r.top() != screenList {
		t.Fatal("esc did not come back to the list")
	}
}
