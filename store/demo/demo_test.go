package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
)

func TestDemoHoldsTheSeedStrike(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Build(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Strike(seed.StrikeID)
	if err != nil {
		t.Fatal(err)
	}
	want := seed.Strike()
	if s.Date != want.Date || s.Place.Key != "raqqa" || s.Grading != "Fair" || s.Status != "Likely strike" {
		t.Errorf("the demo's seed strike = %s %s %q %q, want %s raqqa Fair, Likely strike", s.Date, s.Place.Key, s.Grading, s.Status, want.Date)
	}
	if !model.Contested(&s) {
		t.Error("the demo's seed strike is not contested")
	}
	// The article's four reports, exactly as the seed spells them.
	article := seed.ArticleReports()
	for i, r := range article {
		if i >= len(s.Reports) || s.Reports[i].ID != r.ID || s.Reports[i].Source != r.Source || !slices.Equal(s.Reports[i].Via, r.Via) {
			t.Fatalf("report %d of the demo's seed strike is not the article's %q", i, r.ID)
		}
		for _, cl := range r.Claims {
			if got := s.Reports[i].Claim(cl.Outcome, cl.Category); got != cl.Count {
				t.Errorf("%s: %s %s = %v, want %v", r.ID, cl.Outcome, cl.Category, got, cl.Count)
			}
		}
	}
	// Airwars' own report, imported from the real file, agrees with the
	// seed README's figures.
	var aw *model.Report
	for i := range s.Reports {
		if s.Reports[i].ID == "airwars:RS0232" {
			aw = &s.Reports[i]
		}
	}
	if aw == nil {
		t.Fatal("the demo's seed strike has no Airwars report")
	}
	for _, cl := range seed.AirwarsReport().Claims {
		if got := aw.Claim(cl.Outcome, cl.Category); got != cl.Count {
			t.Errorf("Airwars %s %s = %v, want %v", cl.Outcome, cl.Category, got, cl.Count)
		}
	}
	if len(aw.Actors) == 0 || aw.Actors[0].Key != "russia" || aw.Actors[0].Certainty != model.Suspected {
		t.Errorf("Airwars' actors = %+v, want Russia, suspected", aw.Actors)
	}
	c, err := st.Counts()
	if err != nil || c.Strikes < 2000 {
		t.Errorf("the demo holds %d strikes (%v); want the Raqqa slice of over 2,000", c.Strikes, err)
	}
}

func TestPathIsReused(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	p1, err := demo.Path(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p2, err := demo.Path(context.Background())
	if err != nil || p1 != p2 {
		t.Fatalf("demo.Path gave %q then %q (%v)", p1, p2, err)
	}
}
