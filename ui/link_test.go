package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

// TestLinkedReportsShown: a joined report's card gives its reason, the
// detail view lists the possible links, and the compare head marks the
// joined column.
func TestLinkedReportsShown(t *testing.T) {
	s := seed.Strike()
	reason := "linked: same day; same city (Raqqa); both name Russia"
	for i := range 4 {
		s.Reports[i].Link = reason
	}
	s.Possible = []model.LinkCandidate{{From: "ucdp:1", To: s.ID, Score: 0.8, KM: -1, Reason: "same day; same city (Raqqa)"}}
	st := NewStyles(DarkTheme())
	km := DefaultKeyMap()
	c := common{ctx: context.Background(), st: &st, keys: &km}
	d := newDetail(c, func(string) error { return nil })
	d.SetSize(100, 400)
	d.SetStrike(&s)
	var all []string
	for _, l := range d.lines {
		all = append(all, lipgloss.Sprint(l.text))
	}
	text := strings.Join(all, "\n")
	if strings.Count(text, "⛓ "+reason) != 4 {
		t.Errorf("the detail view does not give the four reasons:\n%s", text)
	}
	if !strings.Contains(text, "possible links, not made (1)") || !strings.Contains(text, "ucdp:1 · score 0.80") {
		t.Errorf("the detail view does not list the possible link:\n%s", text)
	}
	cmp := newCompare(c)
	cmp.SetSize(200, 50)
	cmp.SetStrike(&s)
	if head := strings.Join(cmp.head, "\n"); strings.Count(head, "⛓ #") != 4 {
		t.Errorf("the compare heads do not mark the joined reports:\n%s", head)
	}
}

// linkerFake is a fake source that people may unlink reports and make
// possible links through.
type linkerFake struct {
	*fakeSource
	unlinked []string
	linked   [][2]string
}

func (f *linkerFake) LinkStrike(_ context.Context, from, into string) error {
	f.linked = append(f.linked, [2]string{from, into})
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	return nil
}

func (f *linkerFake) Unlink(_ context.Context, report string) error {
	f.unlinked = append(f.unlinked, report)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	return nil
}

// TestUnlinkKey: u on a joined report asks, n keeps it, y unlinks it; u
// on a strike's own report says why not.
func TestUnlinkKey(t *testing.T) {
	s := seed.Strike()
	s.Reports[1].Link = "linked: same day; same city (Raqqa)"
	src := &linkerFake{fakeSource: newFake(s)}
	d := newDriver(t, src, testOptions(), 120, 30)
	d.keys("enter")
	d.keys("u")
	d.contains("select a linked one")
	d.keys("tab", "u")
	d.contains("unlink report " + s.Reports[1].ID + " from this strike? y/n")
	d.keys("n")
	if len(src.unlinked) != 0 || d.m.r.top() != screenDetail {
		t.Fatalf("n unlinked %v or left the detail", src.unlinked)
	}
	d.keys("u", "y")
	if len(src.unlinked) != 1 || src.unlinked[0] != s.Reports[1].ID {
		t.Fatalf("y unlinked %v", src.unlinked)
	}
	d.contains("unlinked " + s.Reports[1].ID)
}

// TestLinkPossibleKey: p on a strike with possible links asks about the
// best one, tab goes to the next, another key cancels, y makes it; p on
// a strike without any says so.
func TestLinkPossibleKey(t *testing.T) {
	s := seed.Strike()
	s.Possible = []model.LinkCandidate{
		{From: "ucdp:1", To: s.ID, Score: 0.8, KM: -1, Reason: "same day; same city (Raqqa)"},
		{From: s.ID, To: "acled:7", Score: 0.6, KM: 1.2, Reason: "same day; 1.2 km apart"},
	}
	src := &linkerFake{fakeSource: newFake(s)}
	d := newDriver(t, src, testOptions(), 160, 30)
	d.keys("enter")
	d.contains("p accept possible")
	d.keys("p")
	d.contains("make possible link 1/2? y yes · tab next · other keys no — show ucdp:1 under " + s.ID + " (score 0.80; same day; same city (Raqqa))")
	d.keys("tab")
	d.contains("make possible link 2/2? y yes · tab next · other keys no — show " + s.ID + " under acled:7 (score 0.60")
	d.keys("tab")
	d.contains("make possible link 1/2?")
	d.keys("x")
	d.contains("nothing linked")
	if len(src.linked) != 0 || d.m.r.top() != screenDetail {
		t.Fatalf("cancelling linked %v or left the detail", src.linked)
	}
	d.keys("p", "tab")
	// Between the answer and the relink's end, the footer says what runs.
	_, cmd := d.m.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	ask, ok := cmd().(linkStrikeMsg)
	if !ok {
		t.Fatalf("y sent %T", ask)
	}
	d.m.Update(ask) // its command, the relink, not run
	d.contains("linking " + s.ID + " into acled:7…")
	if len(src.linked) != 0 {
		t.Fatal("linked before the command ran")
	}
	d.keys("p", "tab", "y")
	if len(src.linked) != 1 || src.linked[0] != [2]string{s.ID, "acled:7"} {
		t.Fatalf("y linked %v, want %s into acled:7", src.linked, s.ID)
	}
	d.contains("linked by hand: " + s.ID + " is shown under acled:7")

	lone := seed.Strike()
	d2 := newDriver(t, &linkerFake{fakeSource: newFake(lone)}, testOptions(), 120, 30)
	d2.keys("enter")
	d2.lacks("p accept possible", "u unlink report") // nothing to accept or unlink here
	d2.keys("p")
	d2.contains("no possible links to make")
}

// TestLinkPromptKeys: n and N answer no, as in every other y/n prompt
// (tab and shift+tab move between the possible links).
func TestLinkPromptKeys(t *testing.T) {
	for _, k := range []string{"n", "N", "esc", "q"} {
		src := &linkerFake{fakeSource: newFake(twoPossible())}
		d := newDriver(t, src, testOptions(), 200, 30)
		d.keys("enter", "p", k)
		d.contains("nothing linked")
		d.keys("y") // now y is the detail's own key again
		if len(src.linked) != 0 {
			t.Errorf("%s then y linked %v", k, src.linked)
		}
	}
	src := &linkerFake{fakeSource: newFake(twoPossible())}
	d := newDriver(t, src, testOptions(), 200, 30)
	d.keys("enter", "p", "shift+tab")
	d.contains("make possible link 2/2?")
}

// TestLinkPromptReload: a reload while the question is up keeps it on the
// same possible link, wherever it now stands; when the link is gone, the
// question closes and the footer says so.
func TestLinkPromptReload(t *testing.T) {
	s := twoPossible()
	src := &linkerFake{fakeSource: newFake(s)}
	d := newDriver(t, src, testOptions(), 200, 30)
	d.keys("enter", "p", "tab")
	d.contains("make possible link 2/2? y yes · tab next · other keys no — show " + s.ID + " under acled:7")
	reload := func(possible ...model.LinkCandidate) {
		src.mu.Lock()
		st := src.strikes[s.ID]
		st.Possible = possible
		src.strikes[s.ID] = st
		src.gen++
		src.mu.Unlock()
		d.send(pollMsg{})
	}
	reload(s.Possible[1], s.Possible[0]) // the list in another order
	d.contains("make possible link 1/2? y yes · tab next · other keys no — show " + s.ID + " under acled:7")
	reload(s.Possible[0]) // the asked link gone
	d.contains("the possible link asked about is gone")
	d.keys("y")
	if len(src.linked) != 0 {
		t.Fatalf("y after the link went linked %v", src.linked)
	}
}

func twoPossible() model.Strike {
	s := seed.Strike()
	s.Possible = []model.LinkCandidate{
		{From: "ucdp:1", To: s.ID, Score: 0.8, KM: -1, Reason: "same day; same city (Raqqa)"},
		{From: s.ID, To: "acled:7", Score: 0.6, KM: 1.2, Reason: "same day; 1.2 km apart"},
	}
	return s
}

// TestLinkReadOnlySource: a source people may not change links through
// says so, for a possible link and for an unlink alike.
func TestLinkReadOnlySource(t *testing.T) {
	s := twoPossible()
	s.Reports[1].Link = "linked: same day"
	d := newDriver(t, newFake(s), testOptions(), 200, 30)
	d.keys("enter", "p", "y")
	d.contains("links cannot be changed in this data")
	d.keys("tab", "u", "y")
	d.contains("links cannot be changed in this data")
}
