package model_test

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

func summaries() []model.Summary {
	s := seed.Strike()
	other := model.Strike{
		ID: "ucdp:1", Date: model.OnDay(model.DayOf(2016, 3, 2)),
		Place: model.Place{Name: "Manbij town", Key: "manbij", Admin1: "Aleppo", Country: "Syria"},
		Reports: []model.Report{{
			Source: "UCDP GED", Dataset: "ucdp-ged",
			Actors: []model.ActorRef{{Name: "Government of Russia (Soviet Union)", Key: "russia", Role: model.RoleSide}},
			Claims: []model.Claim{{Outcome: model.Killed, Category: model.Total, Count: model.EstimateCount(3, 4, 6)}},
			Notes:  []model.Note{{Key: "type", Value: "one-sided violence"}},
		}},
	}
	silent := model.Strike{ID: "x:2", Date: model.OnDay(model.DayOf(2015, 12, 20)), Place: model.Place{Name: "Raqqa", Key: "raqqa"},
		Reports: []model.Report{{Source: "Synthetic monitor", Dataset: "synthetic"}}}
	sums := []model.Summary{model.Summarize(&s), model.Summarize(&other), model.Summarize(&silent)}
	sums[1].Possible = 2 // as the store sets it: the linker left two possible links
	return sums
}

func TestQueryMatch(t *testing.T) {
	sums := summaries()
	tests := []struct {
		q    string
		want []string
	}{
		{"", []string{"airwars:RS0232", "ucdp:1", "x:2"}},
		{"actor:russia city:raqqa", []string{"airwars:RS0232"}},
		{"city:الرقة date:2015-12", []string{"airwars:RS0232", "x:2"}},
		{`city:"ar raqqah"`, []string{"airwars:RS0232", "x:2"}},
		{"city:Raqqah", []string{"airwars:RS0232", "x:2"}},
		{"actor:russia -city:raqqa", []string{"ucdp:1"}},
		{`actor:"Russian jets"`, []string{"airwars:RS0232", "ucdp:1"}},
		{"actor:coalition", []string{"airwars:RS0232"}},
		{"date:2015-12-01..2015-12-31", []string{"airwars:RS0232", "x:2"}},
		{"date:2015-12-06", []string{"airwars:RS0232"}},
		{"date:2016", []string{"ucdp:1"}},
		{"date:..2015-12-10", []string{"airwars:RS0232"}},
		{"contested", []string{"airwars:RS0232"}},
		{"-contested", []string{"ucdp:1", "x:2"}},
		{"link:possible", []string{"ucdp:1"}},
		{"LINK:Possible -link:possible", nil},
		{"killed>=10", []string{"airwars:RS0232"}},
		{"killed>=5", []string{"airwars:RS0232", "ucdp:1"}},
		{"killed<2", []string{"airwars:RS0232"}},
		{"killed>=0", []string{"airwars:RS0232", "ucdp:1"}}, // not reported is not zero
		{"injured>=30", []string{"airwars:RS0232"}},
		{"reports>=5", []string{"airwars:RS0232"}},
		{"source:sohr", []string{"airwars:RS0232"}},                // through the source aliases: one outlet, one name
		{`source:"Sham News Network"`, []string{"airwars:RS0232"}}, // the seed writes Shaam
		{`source:"syrian observatory"`, []string{"airwars:RS0232"}},
		{"source:BBC", []string{"airwars:RS0232"}},          // in the chain
		{`source:"shaam news"`, []string{"airwars:RS0232"}}, // cited by Airwars
		{"dataset:airwars", []string{"airwars:RS0232"}},
		{"type:one-sided", []string{"ucdp:1"}},
		{"country:syria", []string{"airwars:RS0232", "ucdp:1"}},
		{"gov:aleppo", []string{"ucdp:1"}},
		{"grading:fair", []string{"airwars:RS0232"}},
		{"RAQQA", []string{"airwars:RS0232", "x:2"}},
		{"manbij", []string{"ucdp:1"}},
		{"-manbij", []string{"airwars:RS0232", "x:2"}},
		{"code:rs0232", []string{"airwars:RS0232"}},
		{"code:R198", []string{"airwars:RS0232"}},
		{"id:ucdp:1", []string{"ucdp:1"}},
		{"place:raqqa", []string{"airwars:RS0232", "x:2"}},
		{"TOWN:manbij", []string{"ucdp:1"}},
		{"admin1:aleppo", []string{"ucdp:1"}},
		{"CONTESTED", []string{"airwars:RS0232"}},
		{`"contested"`, []string{"airwars:RS0232"}},
		{"12:30", nil},     // a word with a colon that names no field
		{"x2:manbij", nil}, // likewise: field names have no 2
		{"injured<5", nil}, // no strike reported fewer than five injured
		{"reports=1", []string{"ucdp:1", "x:2"}},
	}
	for _, tt := range tests {
		q, err := model.ParseQuery(tt.q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for i := range sums {
			if q.Match(&sums[i]) {
				got = append(got, sums[i].ID)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q matched %q, want %q", tt.q, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q matched %q, want %q", tt.q, got, tt.want)
				break
			}
		}
	}
}

func TestQueryErrors(t *testing.T) {
	tests := []struct {
		q    string
		want string
	}{
		{"actor:", `column 7: actor: needs a value, as in actor:russia`},
		{"colour:red", `column 1: unknown field "colour"; the fields are actor, city, country, gov, source, dataset, type, grading, status, id, code, date, link, killed, injured, reports, contested, tag, note, assessed, bookmarked, flag`},
		{"link:made", `column 6: link: takes possible (link:possible: strikes with possible links to review), not "made"`},
		{"link:", `column 6: link: needs a value, as in link:possible`},
		{`city:"ar raqqah`, `column 6: this quote is never closed; add a closing "`},
		{"date:2015-13", `column 6: "2015-13" is not a date; write 2015, 2015-12, 2015-12-06 or a range 2015-12-01..2015-12-31`},
		{"date:2016-01..2015-12", `column 6: the date range "2016-01..2015-12" ends before it starts`},
		{"killed>=ten", `column 9: killed>= needs a whole number, not "ten"`},
		{"killed=>3", `column 7: "=>" is not a comparison; use >=, <=, >, < or =`},
		{"killed:3", `column 1: killed takes a comparison, as in killed>=10`},
		{"killed", `column 7: killed needs a comparison, as in killed>=10`},
		{"russia - raqqa", `column 8: a lone "-" negates nothing; write -field:value or -word`},
		{"الرقة date:x", `column 12: "x" is not a date; write 2015, 2015-12, 2015-12-06 or a range 2015-12-01..2015-12-31`},
		{"a\"b", `column 2: a quote may only start a value; put the whole value in quotes`},
		{"place:", `column 7: place: needs a value, as in place:raqqa`},
		{"Town:", `column 6: town: needs a value, as in town:raqqa`},
		{"admin1:", `column 8: admin1: needs a value, as in admin1:word`},
		{"gov:", `column 5: gov: needs a value, as in gov:word`},
		{"date:", `column 6: date: needs a value, as in date:2015-12 or date:2015-12-01..2015-12-31`},
		{"contested:yes", `column 1: unknown field "contested"; the fields are actor, city, country, gov, source, dataset, type, grading, status, id, code, date, link, killed, injured, reports, contested, tag, note, assessed, bookmarked, flag`},
		{"a1:b", `column 1: unknown field "a1"; the fields are actor, city, country, gov, source, dataset, type, grading, status, id, code, date, link, killed, injured, reports, contested, tag, note, assessed, bookmarked, flag`},
		{"raqqa -INJURED", `column 15: injured needs a comparison, as in injured>=10`},
		{"reports:2", `column 1: reports takes a comparison, as in reports>=10`},
		{"Link:x", `column 6: link: takes possible (link:possible: strikes with possible links to review), not "x"`},
	}
	for _, tt := range tests {
		_, err := model.ParseQuery(tt.q)
		if err == nil {
			t.Errorf("ParseQuery(%q) gave no error, want %q", tt.q, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseQuery(%q) error\n got %q\nwant %q", tt.q, err.Error(), tt.want)
		}
	}
}

func TestQueryNarrows(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"", "a", true},
		{"raq", "raqq", true},
		{"actor:russia", "actor:russia city:raqqa", true},
		{"actor:rus", "actor:russ", false}, // an actor key prefix is not a narrower set
		{"raqqa", "raqq", false},
		{"-raq", "-raqq", false},
		{"raqqa manbij", "raqqa", false},
		{"date:2016", "date:2016-03", true},
		{"date:2015..2016", "date:2016-01-01..2016-02-01", true},
		{"date:2016-03", "date:2016", false},
		{"date:2016", "date:2017", false},
		{"-date:2016", "-date:2016-03", false},
		{"killed>=1", "killed>=10", true},
		{"killed>=10", "killed>=1", false},
		{"killed<50", "killed<5", true},
		{"killed<5", "killed<50", false},
		{"reports>2", "reports>20", true},
		{"killed>=1", "injured>=10", false},
		{"killed=1", "killed=10", false},
	}
	sums := summaries()
	for _, tt := range tests {
		p, err1 := model.ParseQuery(tt.prev)
		n, err2 := model.ParseQuery(tt.next)
		if err1 != nil || err2 != nil {
			t.Fatalf("parse: %v %v", err1, err2)
		}
		if got := n.Narrows(p); got != tt.want {
			t.Errorf("%q narrows %q = %v, want %v", tt.next, tt.prev, got, tt.want)
		}
		if !tt.want {
			continue
		}
		for i := range sums { // what narrows must be sound
			if n.Match(&sums[i]) && !p.Match(&sums[i]) {
				t.Errorf("%q narrows %q, but %s matches only the first", tt.next, tt.prev, sums[i].ID)
			}
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"actor:russia city:raqqa", `city:"ar raqqah" -contested`, "killed>=10 date:2015-12-01..2015-12-31", "الرقة", `"`, "-", "date:..", "killed<=3 reports=2"} {
		f.Add(s)
	}
	sums := summaries()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := model.ParseQuery(s)
		if err != nil {
			if _, ok := err.(*model.QueryError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for i := range sums {
			q.Match(&sums[i])
		}
	})
}
