package ingest

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCitedCodes(t *testing.T) {
	tests := []struct {
		article, headline string
		want              []string
	}{
		{`"SOHR,2016-06-09,The SDF control 75 villages";"Airwars,2016-06-08,CS225"`, `The SDF control 75 villages;CS225`, []string{"Airwars CS225"}},
		{`"Airwars,2017-05-01,April 1st 2017: (S571a) Fardous neighbourhood of Raqqa city"`, `April 1st 2017: (S571a) Fardous neighbourhood`, []string{"Airwars S571a"}},
		{`"Airwars,2016-08-13,RS1135";"SOHR,2016-08-13,S300 missiles seen"`, `RS1135;S300 missiles seen`, []string{"Airwars RS1135"}},
		{`"Airwars,2018-09-13,US-led Coalition in Iraq & Syria"`, `US-led Coalition in Iraq & Syria`, nil},
		{`"SOHR,2016-01-01,Bombardment targets Idlib and Hama"`, `Bombardment targets Idlib and Hama`, nil},
		{`"Airwars,2017-03-01,January 9th, 2017: (S386) Hattash";"Airwars,2017-03-01,(S387) Harmala"`, ``, []string{"Airwars S386", "Airwars S387"}},
	}
	for _, tt := range tests {
		if got := citedCodes(tt.article, tt.headline); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("citedCodes(%q) = %q, want %q", tt.article, got, tt.want)
		}
	}
}

// TestUCDPKeepsCitedCodes: the codes UCDP cites are kept as notes.
func TestUCDPKeepsCitedCodes(t *testing.T) {
	csv := "id,type_of_violence,side_a,side_b,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high,source_article,source_headline\n" +
		`1,1,A,B,2016-06-08,2016-06-08,0,0,4,0,4,4,4,"""SOHR,2016-06-09,Casualties"";""Airwars,2016-06-08,CS225""",Casualties;CS225` + "\n"
	ss, err := readAllText(FormatUCDP, csv)
	if err != nil {
		t.Fatal(err)
	}
	var cites []string
	for _, n := range ss[0].Reports[0].Notes {
		if n.Key == "cites" {
			cites = append(cites, n.Value)
		}
	}
	if !reflect.DeepEqual(cites, []string{"Airwars CS225"}) {
		t.Errorf("cites notes %q", cites)
	}
}

func FuzzCitedCodes(f *testing.F) {
	f.Add(`"SOHR,2016-06-09,x";"Airwars,2016-06-08,CS225"`, `x;CS225`)
	f.Add(`"Airwars,2017-05-01,(S571a) Fardous"`, ``)
	f.Fuzz(func(t *testing.T, article, headline string) {
		for _, c := range citedCodes(article, headline) {
			if !strings.HasPrefix(c, "Airwars ") || !utf8.ValidString(c) || strings.ContainsAny(c[len("Airwars "):], " ;\"") {
				t.Fatalf("citedCodes gave %q", c)
			}
		}
	})
}
