package ui

import (
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
