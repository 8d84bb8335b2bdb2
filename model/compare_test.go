package model_test

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

func rowOf(t *testing.T, c model.Comparison, label string) model.Row {
	t.Helper()
	for _, r := range c.Rows {
		if r.Field.Label() == label {
			return r
		}
	}
	t.Fatalf("no row %q in the comparison", label)
	return model.Row{}
}

func cellTexts(r model.Row) []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Text
	}
	return out
}

func TestCompareSeed(t *testing.T) {
	s := seed.Strike()
	c := model.Compare(&s)
	if !c.Contested {
		t.Error("the seed strike is not marked contested")
	}
	if len(c.Columns) != 5 {
		t.Fatalf("got %d columns, want 5", len(c.Columns))
	}
	wantChains := [][]string{
		{"Syrian Observatory for Human Rights"},
		{"BBC", "Raqqa is Being Slaughtered Silently"},
		{"BBC", "Sham News Network"},
		{"Associated Press", "Facebook page used by IS supporters"},
		{"Airwars"},
	}
	for i, w := range wantChains {
		got := c.Columns[i].Chain
		if len(got) != len(w) {
			t.Fatalf("column %d chain = %q, want %q", i, got, w)
		}
		for j := range w {
			if got[j] != w[j] {
				t.Errorf("column %d chain = %q, want %q", i, got, w)
			}
		}
	}
	// The article's three reports and Airwars (suspected) name Russia;
	// SOHR names the coalition.
	if len(c.Backers) != 2 || c.Backers[0].Key != "russia" || c.Backers[0].Reports != 4 || c.Backers[0].Suspected != 1 ||
		c.Backers[1].Key != "us-led-coalition" || c.Backers[1].Reports != 1 {
		t.Errorf("backers = %+v, want russia 4 (1 suspected), us-led-coalition 1", c.Backers)
	}

	tests := []struct {
		label   string
		cells   []string
		verdict model.Verdict
	}{
		{"strikes", []string{"15", "—", "—", "—", "—"}, model.Single},
		{"killed: combatants", []string{"at least 32", "—", "—", "—", "—"}, model.Single},
		{"killed: total", []string{"—", "—", "—", "15", "—"}, model.Single},
		{"killed: civilians", []string{"—", "some (no figure)", "some (no figure)", "—", "15"}, model.Compatible},
		{"killed: children", []string{"—", "—", "—", "8", "8"}, model.Agree},
		{"killed: women", []string{"—", "—", "—", "5", "5"}, model.Agree},
		{"injured: combatants", []string{"40", "—", "—", "—", "—"}, model.Single},
		{"injured: total", []string{"—", "—", "—", "25", "—"}, model.Single},
		{"date", []string{"2015-12-06", "2015-12-06", "2015-12-06", "2015-12-06", "2015-12-06"}, model.Agree},
	}
	for _, tt := range tests {
		r := rowOf(t, c, tt.label)
		got := cellTexts(r)
		for i := range tt.cells {
			if got[i] != tt.cells[i] {
				t.Errorf("%s: cells = %q, want %q", tt.label, got, tt.cells)
				break
			}
		}
		if r.Verdict != tt.verdict {
			t.Errorf("%s: verdict = %v, want %v", tt.label, r.Verdict, tt.verdict)
		}
	}
	if civ := rowOf(t, c, "killed: civilians"); civ.Cells[4].Differs || !civ.Cells[4].Varies || !civ.Cells[1].Varies || civ.Cells[0].Varies {
		t.Errorf("15 civilians against \"civilians died\": want varying, not contradicting: %+v", civ.Cells)
	}
	actor := rowOf(t, c, "actor")
	if actor.Verdict != model.Differ || !actor.Cells[0].Differs {
		t.Errorf("actor row = %+v, want differ with cells marked", actor)
	}
	// Categories nobody reported do not appear; categories are never merged.
	for _, r := range c.Rows {
		if r.Field.Label() == "killed: men" || r.Field.Label() == "killed: unknown" {
			t.Errorf("row %q is shown though no source gave it", r.Field.Label())
		}
	}
}

func TestSummarizeSeed(t *testing.T) {
	s := seed.Strike()
	sum := model.Summarize(&s)
	if sum.Reports != 5 || !sum.Contested {
		t.Errorf("summary = %+v", sum)
	}
	// The figures stay in their categories: civilians ≥1 (two activist
	// groups: "civilians died") to 15 (Airwars), combatants at least 32
	// (SOHR), 15 people in all (the IS-supporter page): never one span
	// from 1 to 32+ mixing them, never 32+15.
	for _, tc := range []struct {
		f    *model.Figures
		c    model.Category
		want string
	}{
		{&sum.Killed, model.Civilians, "1–15"},
		{&sum.Killed, model.Combatants, "≥32"},
		{&sum.Killed, model.Total, "15"},
		{&sum.Killed, model.Children, "8"},
		{&sum.Killed, model.Men, "—"},
		{&sum.Injured, model.Combatants, "40"},
		{&sum.Injured, model.Total, "25"},
		{&sum.Injured, model.Civilians, "25"},
	} {
		if got := tc.f[tc.c].String(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.c, got, tc.want)
		}
	}
	if c, sp, ok := sum.Killed.Headline(); !ok || c != model.Civilians || sp.String() != "1–15" {
		t.Errorf("killed headline %v %v, want civilians 1–15", c, sp)
	}
	if len(sum.Actors) != 2 || sum.Actors[0] != "russia" || sum.Actors[1] != "us-led-coalition" {
		t.Errorf("actors = %q", sum.Actors)
	}
}

func TestContested(t *testing.T) {
	mk := func(keys ...[]string) *model.Strike {
		s := &model.Strike{}
		for _, ks := range keys {
			r := model.Report{}
			for _, k := range ks {
				r.Actors = append(r.Actors, model.ActorRef{Key: k})
			}
			s.Reports = append(s.Reports, r)
		}
		return s
	}
	tests := []struct {
		name string
		s    *model.Strike
		want bool
	}{
		{"one report", mk([]string{"russia"}), false},
		{"agreeing reports", mk([]string{"russia"}, []string{"russia"}), false},
		{"a silent report does not contest", mk([]string{"russia"}, nil), false},
		{"different attackers", mk([]string{"russia"}, []string{"us-led-coalition"}), true},
		{"a second attacker named", mk([]string{"russia"}, []string{"russia", "syrian-regime"}), true},
		{"unknown does not contest", mk([]string{"russia"}, []string{"unknown"}), false},
	}
	for _, tt := range tests {
		if got := model.Contested(tt.s); got != tt.want {
			t.Errorf("%s: Contested = %v, want %v", tt.name, got, tt.want)
		}
	}
	// One report suspecting two attackers is a dispute; naming two known
	// attackers of a joint strike is not.
	two := func(c model.Certainty) *model.Strike {
		return &model.Strike{Reports: []model.Report{{Actors: []model.ActorRef{{Key: "russia", Certainty: c}, {Key: "us-led-coalition", Certainty: c}}}}}
	}
	if !model.Contested(two(model.Suspected)) {
		t.Error("one report suspecting two attackers is not contested")
	}
	if model.Contested(two(model.Known)) {
		t.Error("a joint strike by two known attackers is contested")
	}
	// Sides of a dyad are not attackers.
	s := mk([]string{"russia"})
	s.Reports = append(s.Reports, model.Report{Actors: []model.ActorRef{{Key: "islamic-state", Role: model.RoleSide}}})
	if model.Contested(s) {
		t.Error("a dyad side made the strike contested")
	}
}

func TestCompareCountVerdicts(t *testing.T) {
	mk := func(cs ...model.Count) *model.Strike {
		s := &model.Strike{}
		for _, c := range cs {
			s.Reports = append(s.Reports, model.Report{Claims: []model.Claim{{Outcome: model.Killed, Category: model.Civilians, Count: c}}})
		}
		return s
	}
	tests := []struct {
		name string
		s    *model.Strike
		want model.Verdict
	}{
		{"same figure", mk(model.ExactCount(5), model.ExactCount(5)), model.Agree},
		{"figure inside a range", mk(model.RangeCount(3, 6), model.ExactCount(5)), model.Compatible},
		{"figure outside a range", mk(model.RangeCount(3, 6), model.ExactCount(1)), model.Differ},
		{"at least vs smaller figure", mk(model.AtLeastCount(32), model.ExactCount(15)), model.Differ},
		{"some vs a figure", mk(model.Some(), model.ExactCount(15)), model.Compatible},
		{"some vs zero", mk(model.Some(), model.ExactCount(0)), model.Differ},
		{"one silent", mk(model.ExactCount(4), model.NoCount()), model.Single},
	}
	for _, tt := range tests {
		c := model.Compare(tt.s)
		if got := rowOf(t, c, "killed: civilians").Verdict; got != tt.want {
			t.Errorf("%s: verdict %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCompareSidesAreNotAttribution(t *testing.T) {
	side := model.Report{Actors: []model.ActorRef{{Name: "IS", Key: "islamic-state", Role: model.RoleSide}, {Name: "Government of Syria", Key: "syrian-regime", Role: model.RoleSide}}}
	russia := model.Report{Actors: []model.ActorRef{{Name: "Russian Military", Key: "russia", Certainty: model.Suspected}}}
	tests := []struct {
		name    string
		reports []model.Report
		want    model.Verdict
	}{
		{"sides beside an attacker", []model.Report{side, russia}, model.Single},
		{"sides alone", []model.Report{side, side}, model.SidesOnly},
		{"two reports naming Russia, one sides", []model.Report{russia, side, russia}, model.Agree},
	}
	for _, tt := range tests {
		s := &model.Strike{Reports: tt.reports}
		r := rowOf(t, model.Compare(s), "actor")
		if r.Verdict != tt.want {
			t.Errorf("%s: verdict %v, want %v", tt.name, r.Verdict, tt.want)
		}
		for i, c := range r.Cells {
			if c.Differs {
				t.Errorf("%s: cell %d marked as contradicting", tt.name, i)
			}
		}
	}
}

// TestComparePlaceVerdicts: places that can be one spot are compatible,
// not in disagreement; places that cannot, differ.
func TestComparePlaceVerdicts(t *testing.T) {
	town := model.Place{Name: "Ar Raqqah town", Key: "raqqa", Admin1: "Ar Raqqah", Precision: model.PlaceTown, HasCoords: true, Lat: 35.95, Lon: 39.01}
	roundabout := model.Place{Name: "al Dalla roundabout", Admin1: "Raqqa", Precision: model.PlaceExact, HasCoords: true, Lat: 35.9527, Lon: 39.0115} // 0.3 km away
	tabqa := model.Place{Name: "Al Tabqa", Key: "tabqa", Admin1: "Raqqa", Precision: model.PlaceTown, HasCoords: true, Lat: 35.8367, Lon: 38.5481}
	raqqaGov := model.Place{Name: "Ar Raqqah governorate", Key: "province:raqqa", Admin1: "Ar Raqqah Governorate", Precision: model.PlaceProvince}
	aleppoGov := model.Place{Name: "Aleppo governorate", Key: "province:aleppo", Admin1: "Aleppo", Precision: model.PlaceProvince}
	village := model.Place{Name: "Hazima", Key: "hazima", Admin1: "Raqqa", Precision: model.PlaceTown}
	otherVillage := model.Place{Name: "Kasrat", Key: "kasrat", Admin1: "Raqqa", Precision: model.PlaceTown}
	nearTabqa := tabqa
	nearTabqa.Precision = model.PlaceNearTown
	abuJeddi := model.Place{Name: "Abu Jeddi", Key: "abu jeddi", Admin1: "Ar Raqqah", Precision: model.PlaceTown, HasCoords: true, Lat: 35.7274, Lon: 38.7667} // 23 km from Tabqa
	mk := func(ps ...model.Place) *model.Strike {
		s := &model.Strike{}
		for _, p := range ps {
			s.Reports = append(s.Reports, model.Report{Place: p})
		}
		return s
	}
	detailed := func(details ...string) *model.Strike {
		s := mk(town, town, town)
		for i, d := range details {
			s.Reports[i].PlaceDetail = d
		}
		return s
	}
	tests := []struct {
		name string
		s    *model.Strike
		want model.Verdict
	}{
		{"same place", mk(town, town), model.Agree},
		{"a roundabout in the town, 0.3 km away", mk(town, roundabout), model.Compatible},
		{"two towns 45 km apart", mk(town, tabqa), model.Differ},
		{"a village 23 km from Tabqa, and Tabqa", mk(tabqa, abuJeddi), model.Differ},
		{"a village 23 km from Tabqa, and near Tabqa (≤25 km)", mk(nearTabqa, abuJeddi), model.Compatible},
		{"a town 45 km from Tabqa, and near Tabqa (≤25 km)", mk(nearTabqa, town), model.Differ},
		{"the governorate holds the village", mk(raqqaGov, village), model.Compatible},
		{"another governorate", mk(aleppoGov, village), model.Differ},
		{"two villages, no coordinates", mk(village, otherVillage), model.Differ},
		{"compatible only if every pair is", mk(raqqaGov, village, tabqa), model.Differ},
		{"one city, two spots in it", detailed("IS bases and headquarters in Raqqa city", "outskirts of Raqqa", "outskirts of Raqqa"), model.Compatible},
		{"one city, one spot and none", detailed("outskirts of Raqqa"), model.Compatible},
		{"one city, the same spot", detailed("Outskirts of Raqqa", "outskirts of raqqa", "outskirts of Raqqa"), model.Agree},
	}
	for _, tt := range tests {
		rw := rowOf(t, model.Compare(tt.s), "place")
		if rw.Verdict != tt.want {
			t.Errorf("%s: verdict %v, want %v", tt.name, rw.Verdict, tt.want)
		}
		for i, c := range rw.Cells {
			if c.Differs != (tt.want == model.Differ) {
				t.Errorf("%s: cell %d marked differing: %v", tt.name, i, c.Differs)
			}
		}
	}
}
