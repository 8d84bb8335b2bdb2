package ui

import (
	"context"
	"strings"
	"testing"
	"time"

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
	rejected [][2]string
}

var _ Linker = (*linkerFake)(nil)

func (f *linkerFake) RejectPossible(_ context.Context, a, b string) error {
	f.rejected = append(f.rejected, [2]string{a, b})
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	return nil
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

// TestReviewPossible: p opens the strike's possible links one by one, the
// candidate side by side with the strike (its date, place, attackers and
// figures category by category); tab goes on, y makes the link, x rejects
// it, enter opens the candidate; a strike without any says so.
func TestReviewPossible(t *testing.T) {
	s := twoPossible()
	other := model.Strike{ID: "acled:7", Date: model.OnDay(s.Date.Start - 1), Place: model.Place{Name: "Raqqa", Key: "raqqa", Admin1: "Ar Raqqah"},
		Reports: []model.Report{{ID: "acled:7", Source: "ACLED", Date: model.NoDate(), Published: model.NoDay, Actors: []model.ActorRef{{Name: "Russia", Key: "russia", Role: model.RoleAttacker}},
			Claims: []model.Claim{{Outcome: model.Killed, Category: model.Total, Count: model.AtLeastCount(3)}}}}}
	src := &linkerFake{fakeSource: newFake(s, other)}
	d := newDriver(t, src, testOptions(), 200, 40)
	d.keys("enter")
	d.contains("p review possible links")
	d.keys("p")
	d.contains("possible link 1/2", "why: same day; same city (Raqqa) (score 0.80)", "ucdp:1", "could not read it")
	d.keys("tab")
	d.contains("possible link 2/2", "why: same day; 1.2 km apart (score 0.60)", "1.2 km apart",
		"acled:7", "Russia (1)", "total ≥3", "civilians 1–15 · children 8")
	// Between the answer and the relink's end, the footer says what runs.
	_, cmd := d.m.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	ask, ok := cmd().(linkStrikeMsg)
	if !ok || ask != (linkStrikeMsg{from: s.ID, into: "acled:7"}) {
		t.Fatalf("y sent %#v", ask)
	}
	d.m.Update(ask) // its command, the relink, not run
	d.contains("linking " + s.ID + " into acled:7…")
	if len(src.linked) != 0 {
		t.Fatal("linked before the command ran")
	}
	d.keys("y")
	if len(src.linked) != 1 || src.linked[0] != [2]string{s.ID, "acled:7"} {
		t.Fatalf("y linked %v, want %s into acled:7", src.linked, s.ID)
	}
	d.contains("linked by hand: " + s.ID + " is shown under acled:7")
	d.keys("shift+tab", "x")
	if len(src.rejected) != 1 || src.rejected[0] != [2]string{"ucdp:1", s.ID} {
		t.Fatalf("x rejected %v", src.rejected)
	}
	d.contains("kept apart: ucdp:1 and " + s.ID)
	d.keys("tab", "enter")
	if d.m.r.top() != screenDetail || d.m.r.detail.strikeID() != "acled:7" {
		t.Fatalf("enter opened %v %s", d.m.r.top(), d.m.r.detail.strikeID())
	}

	lone := seed.Strike()
	d2 := newDriver(t, &linkerFake{fakeSource: newFake(lone)}, testOptions(), 120, 30)
	d2.keys("enter")
	d2.lacks("p review possible links", "u unlink report") // nothing to review or unlink here
	d2.keys("p")
	d2.contains("no possible links to make")
}

// TestReviewReload: a reload while the review is up keeps it on the same
// possible link, wherever it now stands; when the links are gone it says
// none are left, and y makes nothing.
func TestReviewReload(t *testing.T) {
	s := twoPossible()
	src := &linkerFake{fakeSource: newFake(s)}
	d := newDriver(t, src, testOptions(), 200, 30)
	d.keys("enter", "p", "tab")
	d.contains("possible link 2/2", "acled:7")
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
	d.contains("possible link 1/2", "1.2 km apart")
	reload()
	d.contains("no possible links left to review")
	d.keys("y", "x")
	if len(src.linked)+len(src.rejected) != 0 {
		t.Fatalf("keys on no link linked %v, rejected %v", src.linked, src.rejected)
	}
	d.keys("esc")
	if d.m.r.top() != screenDetail {
		t.Errorf("esc left the review for %v", d.m.r.top())
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
	d.keys("x")
	d.contains("links cannot be changed in this data")
	d.keys("esc")
	time.Sleep(0)
	d.keys("tab", "u", "y")
	d.contains("links cannot be changed in this data")
}
