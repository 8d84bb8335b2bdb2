package ingest

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// airwarsRows reads the real Airwars incidents file as raw rows, in order.
func airwarsRows(t *testing.T) []map[string]string {
	t.Helper()
	f, err := os.Open(realData(t, "airwars/syria-incidents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

// TestAirwarsCertaintyKept: wherever belligerent_details_json says how
// sure Airwars is of a belligerent (known or suspected), an attacker of
// the incident says so too, whether Airwars gave the entry's slug or left
// it "unknown" (as for 1,091 incidents such as CS2021).
func TestAirwarsCertaintyKept(t *testing.T) {
	rows := airwarsRows(t)
	ss, _ := readAll(t, FormatAirwars, realData(t, "airwars/syria-incidents.csv"), Options{SourcesPath: "none"})
	if len(rows) != len(ss) {
		t.Fatalf("%d rows, %d incidents", len(rows), len(ss))
	}
	given, kept, unknownSlug, unknownKept, unplaced := 0, 0, 0, 0, 0
	for i, s := range ss {
		row := rows[i]
		if row["belligerents"] == "" {
			continue
		}
		var bs []awBelligerent
		if json.Unmarshal([]byte(row["belligerent_details_json"]), &bs) != nil {
			continue
		}
		for _, b := range bs {
			want := b.certainty()
			if want == model.CertaintyUnstated {
				continue
			}
			if b.Slug == "unknown" && belligerentTerms[b.term()] == "" && len(bs) > 1 {
				unplaced++ // no way to tell which belligerent it is
				continue
			}
			given++
			ok := slices.ContainsFunc(s.Reports[0].Actors, func(a model.ActorRef) bool {
				return a.Role == model.RoleAttacker && a.Certainty == want
			})
			if b.Slug == "unknown" {
				unknownSlug++
				if ok {
					unknownKept++
				}
			}
			if ok {
				kept++
			} else if given-kept < 10 {
				t.Logf("%s: an entry says %v, the attackers %+v", s.ID, want, s.Reports[0].Actors)
			}
		}
	}
	t.Logf("%d entries say how sure Airwars is of a belligerent, kept on %d; %d of them with an \"unknown\" slug, kept on %d; %d more name no belligerent that can be told", given, kept, unknownSlug, unknownKept, unplaced)
	if given < 8000 || kept != given {
		t.Errorf("the certainty the file gives was kept on %d of %d entries", kept, given)
	}
}

// TestAirwarsSourceNamesKept: a link cited under two names keeps both
// (CS2009 cites one Facebook video as "watch" and as "The Syrian Monitor").
func TestAirwarsSourceNamesKept(t *testing.T) {
	ss, _ := readAll(t, FormatAirwars, realData(t, "airwars/syria-incidents.csv"), Options{})
	for _, s := range ss {
		if s.ID != "airwars:CS2009" {
			continue
		}
		var names []string
		for _, c := range s.Reports[0].Cites {
			names = append(names, c.Name)
		}
		if !slices.Contains(names, "watch") || !slices.Contains(names, "The Syrian Monitor المرصد السوري") {
			t.Errorf("CS2009 cites %q", names)
		}
		return
	}
	t.Fatal("no CS2009")
}

// TestNoStatement: a belligerent that only links to its strike reports
// makes no claim, and its summary says what the data says of it.
func TestNoStatement(t *testing.T) {
	for _, tc := range []struct{ report, assessment, want string }{
		{"", "not yet assessed", "Russian Military made no statement on civilian harm; not yet assessed"},
		{"Russia has not reported any strikes between September 1st – 30th 2016. ", "not yet assessed",
			"Russian Military published no record of its strikes for September 1st – 30th 2016; not yet assessed"},
		{"Russia has not reported any specific strikes between April 1st - 31st 2017.\n", "",
			"Russian Military published no record of its strikes for April 1st - 31st 2017"},
		{"The ministry reported strikes on 4 targets near the town.", "not yet assessed",
			"Russian Military made no statement on civilian harm; not yet assessed"},
	} {
		if got := noStatement("Russian Military", tc.report, tc.assessment); got != tc.want {
			t.Errorf("noStatement(%q) = %q, want %q", tc.report, got, tc.want)
		}
	}
	r := model.Report{SourceKind: model.KindBelligerent, Assessment: "not yet assessed", URLs: []string{"https://example.org"}}
	if r.MakesClaim() {
		t.Error("a belligerent's link and 'not yet assessed' make a claim")
	}
	r.Assessment = "non-credible"
	if !r.MakesClaim() {
		t.Error("a belligerent's assessment of the allegation makes no claim")
	}
}

// TestAirwarsCountry: every incident of the real file whose governorate
// or coordinates say where it is has a country (the archive gives none):
// Syria's are Syria; the few elsewhere (YPG strikes on Reyhanli and Kilis
// in Turkey, coalition strikes in Iraq, Iran's strike on Haifa) are
// theirs.
func TestAirwarsCountry(t *testing.T) {
	ss, _ := readAll(t, FormatAirwars, realData(t, "airwars/syria-incidents.csv"), Options{SourcesPath: "none"})
	byCountry := map[string]int{}
	for _, s := range ss {
		byCountry[s.Place.Country]++
		if s.Place.Country == "" && s.Place.HasCoords {
			t.Errorf("%s (%s, %v %v) has no country", s.ID, s.Place.Admin1, s.Place.Lat, s.Place.Lon)
		}
	}
	t.Logf("incidents by country: %v", byCountry)
	if byCountry["Syria"] < 7900 || byCountry["Iraq"] == 0 || byCountry["Turkey"] > 20 || byCountry[""] > 150 {
		t.Errorf("incidents by country: %v", byCountry)
	}
}
