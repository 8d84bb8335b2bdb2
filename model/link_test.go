package model_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

var day0 = model.DayOf(2017, 6, 5)

// key builds a link key: a day-precise record of one dataset at a place.
func key(id, dataset string, day model.Day, placeKey string, prec model.PlacePrecision) model.LinkKey {
	return model.LinkKey{ID: id, Datasets: []string{dataset}, Date: model.OnDay(day), PlaceKey: placeKey,
		PlaceName: model.PlaceName(placeKey), Admin1: "raqqa", Precision: prec}
}

func at(k model.LinkKey, lat, lon float64) model.LinkKey {
	k.HasCoords, k.Lat, k.Lon = true, lat, lon
	return k
}

func TestMatch(t *testing.T) {
	raqqa := at(key("a", "airwars", day0, "raqqa", model.PlaceCity), 35.9499, 39.0074)
	month := model.DateSpan{Start: model.DayOf(2017, 6, 1), End: model.DayOf(2017, 6, 30), Precision: model.PrecMonth}
	year := model.DateSpan{Start: model.DayOf(2017, 1, 1), End: model.DayOf(2017, 12, 31), Precision: model.PrecYear}
	withDate := func(k model.LinkKey, d model.DateSpan) model.LinkKey { k.Date = d; return k }
	withActors := func(k model.LinkKey, a ...string) model.LinkKey { k.Actors = a; return k }
	tests := []struct {
		name       string
		a, b       model.LinkKey
		ok, weak   bool
		reasonPart string
	}{
		{"same day, same city, coordinates",
			raqqa, at(key("u", "ucdp ged", day0, "raqqa", model.PlaceExact), 35.9528, 39.0079), true, false, "same day; same city (Raqqa); 0.3 km apart"},
		{"same day, same town, no coordinates",
			key("a", "airwars", day0, "tabqa", model.PlaceTown), key("u", "ucdp ged", day0, "tabqa", model.PlaceTown), true, false, "same day; same town (Tabqa)"},
		{"day-precise dates a day apart are only possible",
			raqqa, at(key("u", "ucdp ged", day0+1, "raqqa", model.PlaceExact), 35.9528, 39.0079), true, true, "a day apart (2017-06-05 / 2017-06-06); same city (Raqqa)"},
		{"day-precise dates two days apart never match",
			raqqa, at(key("u", "ucdp ged", day0+2, "raqqa", model.PlaceExact), 35.9528, 39.0079), false, false, ""},
		{"one dataset never links to itself",
			raqqa, at(key("u", "airwars", day0, "raqqa", model.PlaceExact), 35.9528, 39.0079), false, false, ""},
		{"a governorate-level record is only a possible link to a town",
			key("p", "ucdp ged", day0, "province:ar raqqah", model.PlaceProvince), key("t", "airwars", day0, "tabqa", model.PlaceTown), true, true, "Tabqa lies in"},
		{"a district is only said to share the town's governorate",
			func() model.LinkKey {
				k := key("d", "ucdp ged", day0, "district:ath thawrah", model.PlaceDistrict)
				k.PlaceName = "Ath Thawrah"
				return k
			}(), key("t", "airwars", day0, "tabqa", model.PlaceTown), true, true, "Tabqa and Ath Thawrah (district) are both in Raqqa governorate"},
		{"a governorate elsewhere does not match at all",
			func() model.LinkKey {
				k := key("p", "ucdp ged", day0, "province:aleppo", model.PlaceProvince)
				k.Admin1 = "aleppo"
				return k
			}(), key("t", "airwars", day0, "tabqa", model.PlaceTown), false, false, ""},
		{"different names within a few km",
			at(key("a", "airwars", day0, "mashlab", model.PlaceNeighbourhood), 35.9600, 39.0400), at(key("u", "ucdp ged", day0, "raqqa", model.PlaceExact), 35.9528, 39.0079), true, false, "near each other (Al Mashlab, Raqqa); 3.0 km apart"},
		{"different names too far apart",
			at(key("a", "airwars", day0, "mashlab", model.PlaceExact), 36.05, 39.0400), at(key("u", "ucdp ged", day0, "raqqa", model.PlaceExact), 35.9528, 39.0079), false, false, ""},
		{"one name, two places far apart (homonyms)",
			at(key("a", "airwars", day0, "mushairfa", model.PlaceTown), 35.9, 38.9), at(key("u", "ucdp ged", day0, "mushairfa", model.PlaceExact), 36.4096, 38.8935), false, false, ""},
		{"a month overlaps its days",
			withDate(key("u", "ucdp ged", 0, "tabqa", model.PlaceTown), month), key("a", "airwars", day0, "tabqa", model.PlaceTown), true, false, "dates overlap (2017-06 (month) / 2017-06-05)"},
		{"a year is too wide to link",
			withDate(key("u", "ucdp ged", 0, "tabqa", model.PlaceTown), year), key("a", "airwars", day0, "tabqa", model.PlaceTown), false, false, ""},
		{"actors only add to the reason",
			withActors(key("a", "airwars", day0, "tabqa", model.PlaceTown), "russia"), withActors(key("u", "acled", day0, "tabqa", model.PlaceTown), "russia", "syrian-regime"), true, false, "same day; same town (Tabqa); both name Russia"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := model.Match(&tt.a, &tt.b)
			if ok != tt.ok || c.Weak != tt.weak {
				t.Fatalf("Match = %+v, %v; want ok %v, weak %v", c, ok, tt.ok, tt.weak)
			}
			if !strings.Contains(c.Reason, tt.reasonPart) {
				t.Errorf("reason %q lacks %q", c.Reason, tt.reasonPart)
			}
			r, _ := model.Match(&tt.b, &tt.a)
			if r.Score != c.Score {
				t.Errorf("score is not symmetric: %v and %v", c.Score, r.Score)
			}
		})
	}
}

// TestLinkSeed: the article's reports, imported as their own strike, link
// to Airwars RS0232, which is the target (its place has coordinates).
func TestLinkSeed(t *testing.T) {
	article := model.Strike{ID: "seed:2015-12-06-raqqa", Date: model.OnDay(model.DayOf(2015, 12, 6)), Reports: seed.ArticleReports()}
	article.Place = article.Reports[0].Place
	st := seed.Strike()
	rs0232 := model.Strike{ID: seed.StrikeID, Date: st.Date, Place: st.Place, Reports: []model.Report{seed.AirwarsReport()}}
	plan := model.Link([]model.LinkKey{model.LinkKeyOf(&rs0232), model.LinkKeyOf(&article)}, nil)
	l, ok := plan.LinkOf("seed:2015-12-06-raqqa")
	if !ok || l.Into != seed.StrikeID {
		t.Fatalf("the article is not linked to RS0232: %+v", plan)
	}
	if !strings.HasPrefix(l.Reason, "linked: same day; same city (Raqqa)") {
		t.Errorf("reason %q", l.Reason)
	}
	t.Log(l.Reason)
}

func TestLinkBestAndPossible(t *testing.T) {
	// One UCDP event, two Airwars incidents the same day in Raqqa: the
	// nearer, with agreeing figures, is linked; the other is possible.
	u := at(key("ucdp:1", "ucdp ged", day0, "raqqa", model.PlaceExact), 35.9528, 39.0079)
	u.Civilians = model.SpanOf(model.ExactCount(7))
	near := at(key("airwars:CS1", "airwars", day0, "raqqa", model.PlaceCity), 35.9530, 39.0080)
	other := at(key("airwars:CS2", "airwars", day0, "raqqa", model.PlaceNeighbourhood), 35.9600, 39.0200)
	other.Civilians = model.SpanOf(model.RangeCount(5, 9))
	plan := model.Link([]model.LinkKey{u, near, other}, nil)
	if len(plan.Links) != 1 {
		t.Fatalf("links %+v", plan.Links)
	}
	// CS2 wins on figures; the UCDP event's place is the finer (exact),
	// so it is the target.
	if l := plan.Links[0]; l.From != "airwars:CS2" || l.Into != "ucdp:1" {
		t.Errorf("link %+v", l)
	}
	if len(plan.Possible) != 1 || plan.Possible[0].From != "airwars:CS1" || plan.Possible[0].To != "ucdp:1" {
		t.Errorf("possible %+v", plan.Possible)
	}
	// Two Airwars incidents are never merged with each other.
	for _, l := range plan.Links {
		if strings.HasPrefix(l.From, "airwars:") && strings.HasPrefix(l.Into, "airwars:") {
			t.Errorf("same-dataset link %+v", l)
		}
	}
}

func TestLinkGroupsOnePerDataset(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u := key("ucdp:1", "ucdp ged", day0, "tabqa", model.PlaceTown)
	c := key("acled:1", "acled", day0, "tabqa", model.PlaceCity)
	u2 := key("ucdp:2", "ucdp ged", day0, "tabqa", model.PlaceTown)
	// The figures make ucdp:1 the clear answer for airwars:1.
	a.Civilians, u.Civilians = model.SpanOf(model.RangeCount(2, 4)), model.SpanOf(model.ExactCount(3))
	plan := model.Link([]model.LinkKey{u2, c, u, a}, nil)
	into := map[string]string{}
	for _, l := range plan.Links {
		into[l.From] = l.Into
	}
	if into["ucdp:1"] != "airwars:1" || into["acled:1"] != "airwars:1" || into["ucdp:2"] != "" {
		t.Errorf("links %+v", plan.Links)
	}
	if len(plan.Possible) == 0 {
		t.Errorf("ucdp:2 should keep possible links")
	}
}

// TestLinkAmbiguousNotLinked: two UCDP events that match one incident
// equally well link to neither; with figures, the one they agree with
// wins; a range that covers two incidents links to neither.
func TestLinkAmbiguousNotLinked(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u1 := key("ucdp:1", "ucdp ged", day0, "tabqa", model.PlaceTown)
	u2 := key("ucdp:2", "ucdp ged", day0, "tabqa", model.PlaceTown)
	if plan := model.Link([]model.LinkKey{a, u1, u2}, nil); len(plan.Links) != 0 || len(plan.Possible) != 2 {
		t.Errorf("a tie was linked: %+v", plan)
	}
	// Joint, not greedy: b is u1's best, but u2 can only be b; u1 takes a.
	b := key("airwars:2", "airwars", day0, "tabqa", model.PlaceExact)
	u1.Civilians, u2.Civilians = model.SpanOf(model.ExactCount(4)), model.SpanOf(model.ExactCount(2))
	a.Civilians, b.Civilians = model.SpanOf(model.RangeCount(3, 4)), model.SpanOf(model.RangeCount(2, 4))
	plan := model.Link([]model.LinkKey{a, b, u1, u2}, nil)
	into := map[string]string{}
	for _, l := range plan.Links {
		into[l.From] = l.Into
	}
	if into["ucdp:1"] != "airwars:1" || into["ucdp:2"] != "airwars:2" {
		t.Errorf("joint assignment: %+v", plan.Links)
	}
	r := key("ucdp:3", "ucdp ged", 0, "tabqa", model.PlaceTown)
	r.Date = model.DateSpan{Start: day0, End: day0 + 1, Precision: model.PrecRange}
	c := key("airwars:3", "airwars", day0+1, "tabqa", model.PlaceExact)
	if plan := model.Link([]model.LinkKey{r, a, c}, nil); len(plan.Links) != 0 || len(plan.Possible) != 2 {
		t.Errorf("a range over two incidents: %+v", plan)
	}
}

// TestFiguresByCategory: civilians are compared with civilians, never
// with a total, and the reason says which.
func TestFiguresByCategory(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u := key("ucdp:1", "ucdp ged", day0, "tabqa", model.PlaceTown)
	a.Civilians = model.SpanOf(model.ExactCount(4))
	u.Total, u.Civilians = model.SpanOf(model.ExactCount(4)), model.SpanOf(model.ExactCount(0))
	c, ok := model.Match(&a, &u)
	if !ok || !strings.Contains(c.Reason, "civilians killed differ (4 / 0)") || strings.Contains(c.Reason, "agree") {
		t.Errorf("4 civilians and 4 deaths of whom 0 civilians: %+v", c)
	}
	u.Civilians = model.SpanOf(model.RangeCount(3, 5))
	if c, _ := model.Match(&a, &u); !strings.Contains(c.Reason, "civilians killed agree (4 / 3–5)") {
		t.Errorf("reason %q", c.Reason)
	}
}

// TestLinkCites: a record citing another dataset's record links to it
// first, through renumbering and splits; a citation naming several, or
// another day, is only possible.
func TestLinkCites(t *testing.T) {
	cite := func(k model.LinkKey, codes ...string) model.LinkKey {
		r := &model.LinkRefs{}
		if k.Refs != nil {
			*r = *k.Refs
		}
		for _, c := range codes {
			r.Cites = append(r.Cites, "airwars\x00"+c+"\x00UCDP GED\x00Airwars")
		}
		k.Refs = r
		return k
	}
	coded := func(k model.LinkKey, codes ...string) model.LinkKey { k.SetCodes(codes); return k }
	// Far apart and with differing figures: only the citation joins them.
	a := coded(at(key("airwars:CS653", "airwars", day0, "fardous", model.PlaceNeighbourhood), 35.95, 39.0), "CS653", "S571a")
	b := coded(at(key("airwars:CS654", "airwars", day0, "raqqa", model.PlaceCity), 35.95, 39.01), "CS654")
	u := cite(at(key("ucdp:1", "ucdp ged", day0, "raqqa", model.PlaceExact), 35.95, 39.01), "S571a")
	plan := model.Link([]model.LinkKey{a, b, u}, nil)
	l, ok := plan.LinkOf("ucdp:1")
	if !ok {
		l, ok = plan.LinkOf("airwars:CS653")
	}
	if !ok || l.Reason != "linked: UCDP GED cites Airwars S571a" || (l.From != "airwars:CS653" && l.Into != "airwars:CS653") {
		t.Errorf("cited link %+v in %+v", l, plan.Links)
	}
	// Split after the citation: S441 became S441a and S441b, both that
	// day: each is possible, neither is linked.
	s1 := coded(key("airwars:S441a", "airwars", day0, "tabqa", model.PlaceTown), "S441a")
	s2 := coded(key("airwars:S441b", "airwars", day0, "tabqa", model.PlaceTown), "S441b")
	v := cite(key("ucdp:2", "ucdp ged", day0, "tabqa", model.PlaceTown), "S441")
	plan = model.Link([]model.LinkKey{s1, s2, v}, nil)
	if len(plan.Links) != 0 || len(plan.Possible) != 2 || !strings.Contains(plan.Possible[0].Reason, "cites Airwars S441") {
		t.Errorf("a citation of a split incident: %+v", plan)
	}
	// A citation across day-precise days is possible, with the dates.
	w := cite(key("ucdp:3", "ucdp ged", day0+1, "tabqa", model.PlaceTown), "S441a")
	plan = model.Link([]model.LinkKey{s1, w}, nil)
	if len(plan.Links) != 0 || len(plan.Possible) != 1 || !strings.Contains(plan.Possible[0].Reason, "dates differ") {
		t.Errorf("a citation across days: %+v", plan)
	}
}

// TestLinkDaySlip: records of day-precise dates a day apart, at one
// place, are a possible link with the reason, never a link.
func TestLinkDaySlip(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u := key("ucdp:1", "ucdp ged", day0+1, "tabqa", model.PlaceTown)
	far := key("ucdp:2", "ucdp ged", day0+2, "tabqa", model.PlaceTown)
	plan := model.Link([]model.LinkKey{a, u, far}, nil)
	if len(plan.Links) != 0 {
		t.Errorf("a slip was linked: %+v", plan.Links)
	}
	if len(plan.Possible) != 1 || !strings.Contains(plan.Possible[0].Reason, "a day apart") || plan.Possible[0].From != "ucdp:1" {
		t.Errorf("possible %+v", plan.Possible)
	}
}

func TestLinkDecisions(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u := key("ucdp:1", "ucdp ged", day0, "tabqa", model.PlaceTown)
	x := key("airwars:9", "airwars", day0+40, "raqqa", model.PlaceCity)
	keys := []model.LinkKey{a, u, x}

	plan := model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1"}})
	if len(plan.Links) != 0 {
		t.Errorf("unlink: the automatic link survived: %+v", plan.Links)
	}
	plan = model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1", Into: "airwars:9"}})
	if len(plan.Links) != 1 || !plan.Links[0].Manual || plan.Links[0].Into != "airwars:9" || plan.Links[0].Reason != "linked by hand" {
		t.Errorf("manual link: %+v", plan.Links)
	} else if l := plan.Links[0]; l.FromRank != 2 || l.IntoRank != 1 { // airwars:1, airwars:9, ucdp:1
		t.Errorf("manual link: ranks %d into %d, want 2 into 1", l.FromRank, l.IntoRank)
	}
	plan = model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1", Into: "gone:1"}})
	if len(plan.Links) != 1 || plan.Links[0].IntoRank != -1 {
		t.Errorf("manual link into a strike not given: %+v", plan.Links)
	}
	// The last decision on a report counts.
	plan = model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1", Into: "airwars:9"}, {Report: "ucdp:1", Home: "ucdp:1"}})
	if len(plan.Links) != 0 {
		t.Errorf("link then unlink: %+v", plan.Links)
	}
}

// TestLinkDeterministic: any order of the keys gives the same plan.
func TestLinkDeterministic(t *testing.T) {
	var keys []model.LinkKey
	places := []string{"raqqa", "tabqa", "mansoura", "hunaida"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		ds := []string{"airwars", "ucdp ged", "acled"}[i%3]
		k := at(key(ds+":"+string(rune('a'+i%26))+strings.Repeat("x", i/26), ds, day0+model.Day(rng.IntN(10)), places[rng.IntN(4)], model.PlacePrecision(1+rng.IntN(4))),
			35.9+rng.Float64()*0.05, 39.0+rng.Float64()*0.05)
		k.Civilians = model.SpanOf(model.ExactCount(int32(rng.IntN(5))))
		keys = append(keys, k)
	}
	want := model.Link(keys, nil)
	if len(want.Links) == 0 {
		t.Fatal("no links")
	}
	for range 5 {
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		if got := model.Link(keys, nil); !reflect.DeepEqual(got, want) {
			t.Fatal("the plan depends on the order of the keys")
		}
	}
	// The ranks name the strikes' places among the keys in ID order.
	sorted := slices.Clone(keys)
	slices.SortFunc(sorted, func(x, y model.LinkKey) int { return strings.Compare(x.ID, y.ID) })
	for _, l := range want.Links {
		if sorted[l.FromRank].ID != l.From || sorted[l.IntoRank].ID != l.Into {
			t.Fatalf("link %s (rank %d) into %s (rank %d): the ranks name %s and %s", l.From, l.FromRank, l.Into, l.IntoRank, sorted[l.FromRank].ID, sorted[l.IntoRank].ID)
		}
	}
	for _, c := range want.Possible {
		if sorted[c.FromRank].ID != c.From || sorted[c.ToRank].ID != c.To {
			t.Fatalf("possible link %s (rank %d) to %s (rank %d): the ranks are wrong", c.From, c.FromRank, c.To, c.ToRank)
		}
	}
	if !slices.IsSortedFunc(want.Links, func(x, y model.StrikeLink) int { return strings.Compare(x.From, y.From) }) {
		t.Error("the links are not sorted by From")
	}
	// No strike is both moved and a target; no target gets two of a dataset.
	targets := map[string]bool{}
	for _, l := range want.Links {
		targets[l.Into] = true
	}
	for _, l := range want.Links {
		if targets[l.From] {
			t.Errorf("%s is linked and a target", l.From)
		}
	}
}

// TestLinkKeyMaker: a maker reused over many strikes, whose governorates
// and datasets repeat in other spellings, gives each the key LinkKeyOf
// gives it alone.
func TestLinkKeyMaker(t *testing.T) {
	admin1 := []string{"Ar Raqqah Governorate", "Ar Raqqah", "Raqqa", "ar raqqah", "Aleppo Province", "", "Idlib", "الرقة"}
	datasets := []string{"airwars", "Airwars", "UCDP GED", "ucdp-ged", "ACLED", ""}
	var strikes []model.Strike
	for i := range 200 {
		s := model.Strike{ID: strings.Repeat("x", i%7) + string(rune('a'+i%26)), Place: model.Place{Admin1: admin1[i%len(admin1)], Key: "raqqa"}}
		for j := range 1 + i%3 {
			s.Reports = append(s.Reports, model.Report{Dataset: datasets[(i+j)%len(datasets)]})
		}
		strikes = append(strikes, s)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(strikes), func(i, j int) { strikes[i], strikes[j] = strikes[j], strikes[i] })
	var m model.LinkKeyMaker
	for _, s := range strikes {
		if got, want := m.Of(&s), model.LinkKeyOf(&s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: the maker gives %+v, LinkKeyOf %+v", s.Place, got, want)
		}
	}
}

// TestLinkByHandNotPossible: two strikes a person moved a report between
// are not offered again as a possible link; their other pairs still are.
func TestLinkByHandNotPossible(t *testing.T) {
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	u := key("ucdp:1", "ucdp ged", day0, "tabqa", model.PlaceTown)
	c := key("acled:1", "acled", day0, "tabqa", model.PlaceTown)
	keys := []model.LinkKey{a, u, c}
	pairs := func(p model.LinkPlan) map[[2]string]bool {
		out := map[[2]string]bool{}
		for _, x := range p.Possible {
			out[[2]string{x.From, x.To}], out[[2]string{x.To, x.From}] = true, true
		}
		return out
	}
	kept := model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1"}}) // ucdp:1 kept apart
	if !pairs(kept)[[2]string{"ucdp:1", "airwars:1"}] {
		t.Fatalf("a strike kept apart lost its possible links: %+v", kept.Possible)
	}
	moved := model.Link(keys, []model.Decision{{Report: "ucdp:1", Home: "ucdp:1", Into: "airwars:1"}})
	if got := pairs(moved); got[[2]string{"ucdp:1", "airwars:1"}] {
		t.Errorf("the link made by hand is still offered as possible: %+v", moved.Possible)
	} else if !got[[2]string{"ucdp:1", "acled:1"}] {
		t.Errorf("the moved strike's other possible links are gone: %+v", moved.Possible)
	}
}

func TestPlaceSkeleton(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Khatuniyah village", "Khatouniya"},
		{"Kaltah village", "Qaltah"},
		{"Al Hawwas village", "Al Ahwas"},
		{"Jadidah village", "Al Jadida"},
		{"Wadi ash Shubah village", "Wadi Sha'aba"},
		{"Deir Hafer", "Dayr Hafir"},
		{"Al Asadiya", "Al Asadeya"},
	}
	for _, tt := range tests {
		a, b := model.PlaceSkeleton(tt.a), model.PlaceSkeleton(tt.b)
		if a == "" || a != b {
			t.Errorf("skeletons of %q and %q: %q, %q; want one", tt.a, tt.b, a, b)
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"Hamra Nasser", "Hamra Blassem"},
		{"Debsi Afnan", "Dibsi Faraj"},
		{"Kasrat Sheikh", "Kasrat Faraj"},
	} {
		if a, b := model.PlaceSkeleton(tt.a), model.PlaceSkeleton(tt.b); a == b {
			t.Errorf("%q and %q share the skeleton %q", tt.a, tt.b, a)
		}
	}
	for _, n := range []string{"", "province:ar raqqah", "الرقة", "Ali"} {
		if s := model.PlaceSkeleton(n); s != "" {
			t.Errorf("PlaceSkeleton(%q) = %q, want none", n, s)
		}
	}
}

// spelled is a day-precise record of a village named name in Ar Raqqah,
// with a civilians killed figure when civ >= 0, as LinkKeyOf keys it.
func spelled(id, dataset, name string, civ int32) model.LinkKey {
	r := model.Report{Dataset: dataset}
	if civ >= 0 {
		r.Claims = []model.Claim{{Outcome: model.Killed, Category: model.Civilians, Count: model.ExactCount(civ)}}
	}
	st := model.Strike{ID: id, Date: model.OnDay(day0), Reports: []model.Report{r},
		Place: model.Place{Name: name, Key: model.PlaceKey(name), Admin1: "Ar Raqqah", Precision: model.PlaceTown}}
	return model.LinkKeyOf(&st)
}

// TestMatchSpelledAlike: two spellings of one name in one governorate
// match, linked only when their figures agree; elsewhere, or too far
// apart, they do not.
func TestMatchSpelledAlike(t *testing.T) {
	u := at(spelled("u", "ucdp ged", "Khatuniyah village", 1), 35.9464, 38.8531)
	a := at(spelled("a", "airwars", "Khatouniya", 1), 35.9219, 38.7379)
	c, ok := model.Match(&u, &a)
	if !ok || c.Weak || !strings.Contains(c.Reason, "one name spelled two ways (Khatuniyah village, Khatouniya) in Raqqa governorate; 11 km apart; civilians killed agree (1 / 1)") {
		t.Fatalf("Match = %+v, %v", c, ok)
	}
	noCoords := spelled("a", "airwars", "Khatouniya", 1)
	if c, ok := model.Match(&u, &noCoords); !ok || c.Weak {
		t.Errorf("without coordinates, in one governorate: %+v, %v", c, ok)
	}
	differ := at(spelled("a", "airwars", "Khatouniya", 4), 35.9219, 38.7379)
	if c, ok := model.Match(&u, &differ); !ok || !c.Weak {
		t.Errorf("figures that differ: %+v, %v; want a possible link", c, ok)
	}
	unknown := at(spelled("a", "airwars", "Khatouniya", -1), 35.9219, 38.7379)
	if c, ok := model.Match(&u, &unknown); !ok || !c.Weak {
		t.Errorf("no figures to compare: %+v, %v; want a possible link", c, ok)
	}
	far := at(spelled("a", "airwars", "Khatouniya", 1), 35.5, 38.2)
	if c, ok := model.Match(&u, &far); ok {
		t.Errorf("70 km apart: %+v", c)
	}
	elsewhere := spelled("a", "airwars", "Khatouniya", 1)
	elsewhere.Admin1 = "aleppo"
	if c, ok := model.Match(&u, &elsewhere); ok {
		t.Errorf("another governorate: %+v", c)
	}
	// The index finds them although their keys and grid cells differ.
	plan := model.Link([]model.LinkKey{a, u}, nil)
	if len(plan.Links) != 1 {
		t.Errorf("Link: %+v", plan)
	}
}

// TestMatchNamesBoth: a record naming several places matches a record of
// one of them, in one governorate, linked only when the figures agree.
func TestMatchNamesBoth(t *testing.T) {
	u := at(spelled("u", "ucdp ged", "Hunaida", 2), 35.8323, 38.6994)
	a := at(spelled("a", "airwars", "Al Safsaf and Hunaida", 2), 35.8312, 38.6342)
	c, ok := model.Match(&u, &a)
	if !ok || c.Weak || !strings.Contains(c.Reason, "Hunaida is named by both (Hunaida; Al Safsaf and Hunaida); 5.9 km apart") {
		t.Fatalf("Match = %+v, %v", c, ok)
	}
	for _, name := range []string{"Khatouniya & Hunaida", "Hunaida/Khatouniya", "between Al Safsaf and Hunaydah"} {
		b := spelled("a", "airwars", name, 2)
		if c, ok := model.Match(&u, &b); !ok || c.Weak {
			t.Errorf("%s: %+v, %v", name, c, ok)
		}
	}
	differ := at(spelled("a", "airwars", "Al Safsaf and Hunaida", 5), 35.8312, 38.6342)
	if c, ok := model.Match(&u, &differ); !ok || !c.Weak {
		t.Errorf("figures that differ: %+v, %v; want a possible link", c, ok)
	}
	other := at(spelled("a", "airwars", "Al Safsaf and Ratlah", 2), 35.8312, 38.6342)
	if c, ok := model.Match(&u, &other); ok {
		t.Errorf("names neither: %+v", c)
	}
	plan := model.Link([]model.LinkKey{a, u}, nil)
	if len(plan.Links) != 1 {
		t.Errorf("Link: %+v", plan)
	}
}

// TestLinkWideOneAgreeing: a range over two incidents links to the one
// whose figures alone agree with its own, closely; not when both agree,
// nor when the one agreeing agrees only loosely (7 and 0–7).
func TestLinkWideOneAgreeing(t *testing.T) {
	r := key("ucdp:1", "ucdp ged", 0, "tabqa", model.PlaceTown)
	r.Date = model.DateSpan{Start: day0, End: day0 + 1, Precision: model.PrecRange}
	r.Civilians = model.SpanOf(model.ExactCount(6))
	a := key("airwars:1", "airwars", day0, "tabqa", model.PlaceExact)
	c := key("airwars:2", "airwars", day0+1, "tabqa", model.PlaceExact)
	a.Civilians, c.Civilians = model.SpanOf(model.ExactCount(6)), model.SpanOf(model.ExactCount(1))
	plan := model.Link([]model.LinkKey{r, a, c}, nil)
	if len(plan.Links) != 1 || plan.Links[0].From != "ucdp:1" || plan.Links[0].Into != "airwars:1" {
		t.Errorf("one closely agreeing: %+v", plan.Links)
	}
	c.Civilians = model.SpanOf(model.RangeCount(5, 7))
	if plan := model.Link([]model.LinkKey{r, a, c}, nil); len(plan.Links) != 0 {
		t.Errorf("both agree: %+v", plan.Links)
	}
	a.Civilians, c.Civilians = model.SpanOf(model.RangeCount(0, 7)), model.SpanOf(model.ExactCount(1))
	if plan := model.Link([]model.LinkKey{r, a, c}, nil); len(plan.Links) != 0 {
		t.Errorf("one agreeing loosely: %+v", plan.Links)
	}
}
