package ui

import (
	"context"
	"strings"
	"testing"

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
	d := newDetail(&st, &km, func(string) error { return nil })
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
	c := newCompare(&st, &km)
	c.SetSize(200, 50)
	c.SetStrike(&s)
	if head := strings.Join(c.head, "\n"); strings.Count(head, "⛓ #") != 4 {
		t.Errorf("the compare heads do not mark the joined reports:\n%s", head)
	}
}

// linkerFake is a fake source that people may unlink reports through.
type linkerFake struct {
	*fakeSource
	unlinked []string
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
