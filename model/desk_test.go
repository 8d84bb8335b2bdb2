package model_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

func TestParseCountText(t *testing.T) {
	tests := []struct {
		in   string
		want model.Count
		bad  string // a word of the error
	}{
		{in: "15", want: model.ExactCount(15)},
		{in: " 0 ", want: model.ExactCount(0)},
		{in: "3-6", want: model.RangeCount(3, 6)},
		{in: "3–6", want: model.RangeCount(3, 6)},
		{in: "3..6", want: model.RangeCount(3, 6)},
		{in: "4-4", want: model.ExactCount(4)},
		{in: "at least 32", want: model.AtLeastCount(32)},
		{in: "At Least 32", want: model.AtLeastCount(32)},
		{in: "32+", want: model.AtLeastCount(32)},
		{in: ">=32", want: model.AtLeastCount(32)},
		{in: "≥32", want: model.AtLeastCount(32)},
		{in: "some", want: model.Some()},
		{in: "", want: model.NoCount()},
		{in: "-", want: model.NoCount()},
		{in: "none", want: model.NoCount()},
		{in: "fifteen", bad: "not a count"},
		{in: "15.5", bad: "not a count"},
		{in: "-3", bad: "not a count"},
		{in: "6-3", bad: "above"},
		{in: "1e3", bad: "not a count"},
		{in: "99999999999", bad: "not a count"},
		{in: "at least", bad: "not a count"},
		{in: "+", bad: "not a count"},
		{in: "3-", bad: "not a count"},
	}
	for _, tt := range tests {
		got, err := model.ParseCountText(tt.in)
		switch {
		case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad)):
			t.Errorf("ParseCountText(%q) = %v, %v; want an error saying %q", tt.in, got, err, tt.bad)
		case tt.bad == "" && (err != nil || got != tt.want):
			t.Errorf("ParseCountText(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseCountText(f *testing.F) {
	for _, s := range []string{"15", "3-6", "at least 32", "32+", "some", "", "6-3", "≥1", "1..2", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := model.ParseCountText(s)
		if err != nil {
			return
		}
		if verr := c.Validate(); verr != nil {
			t.Fatalf("ParseCountText(%q) = %v, which is not a valid count: %v", s, c, verr)
		}
		if c.Kind == model.Estimate {
			t.Fatalf("ParseCountText(%q) gave an estimate", s)
		}
	})
}

func TestParseDeskWords(t *testing.T) {
	if g, err := model.ParseGrading("Fair"); err != nil || g != model.GradingFair {
		t.Errorf("ParseGrading(Fair) = %v, %v", g, err)
	}
	if _, err := model.ParseGrading("probable"); err == nil || !strings.Contains(err.Error(), "confirmed, fair, weak, contested, discounted") {
		t.Errorf("ParseGrading(probable) = %v; want the scale named", err)
	}
	if _, err := model.ParseGrading(""); err == nil {
		t.Error("the empty grading was accepted")
	}
	if s, err := model.ParseDeskStatus("REVIEWED"); err != nil || s != model.StatusReviewed {
		t.Errorf("ParseDeskStatus(REVIEWED) = %v, %v", s, err)
	}
	if _, err := model.ParseDeskStatus("done"); err == nil {
		t.Error("ParseDeskStatus(done) was accepted")
	}
	if c, err := model.ParseCertainty("suspected"); err != nil || c != model.Suspected {
		t.Errorf("ParseCertainty(suspected) = %v, %v", c, err)
	}
	if _, err := model.ParseCertainty("likely"); err == nil {
		t.Error("ParseCertainty(likely) was accepted")
	}
	for in, want := range map[string]string{"doubtful": "doubtful", "Key-Source": "key source", "key_source": "key source", "duplicate": "duplicate"} {
		if got, err := model.ParseFlag(in); err != nil || got != want {
			t.Errorf("ParseFlag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := model.ParseFlag("fake"); err == nil {
		t.Error("ParseFlag(fake) was accepted")
	}
	for in, ok := range map[string]bool{"hospital": true, "double-tap": true, "for-report-2026": true, " x ": true,
		"two words": false, "a,b": false, "": false, "-neg": false, "bell\x07": false} {
		if _, err := model.ParseTag(in); (err == nil) != ok {
			t.Errorf("ParseTag(%q): error %v, want ok=%v", in, err, ok)
		}
	}
}

func TestDeskEntryEdits(t *testing.T) {
	var e model.DeskEntry
	if !e.Empty() {
		t.Fatal("the zero entry is not empty")
	}
	e.AddTags("hospital", "Double-Tap", "HOSPITAL")
	if !slices.Equal(e.Tags, []string{"hospital", "Double-Tap"}) {
		t.Errorf("tags = %q", e.Tags)
	}
	e.RemoveTags("double-tap")
	if !slices.Equal(e.Tags, []string{"hospital"}) {
		t.Errorf("tags after removing = %q", e.Tags)
	}
	e.AddFlags(model.FlagKeySource, model.FlagDoubtful, model.FlagDoubtful)
	if !slices.Equal(e.Flags, []string{model.FlagDoubtful, model.FlagKeySource}) {
		t.Errorf("flags = %q", e.Flags)
	}
	a := &model.Assessment{Status: model.StatusPending}
	a.SetClaim(model.Killed, model.Children, model.AtLeastCount(3))
	a.SetClaim(model.Killed, model.Civilians, model.RangeCount(10, 15))
	a.SetClaim(model.Injured, model.Total, model.Some())
	if a.Claims[0].Category != model.Civilians || a.Claims[1].Category != model.Children || a.Claims[2].Outcome != model.Injured {
		t.Errorf("claims out of order: %+v", a.Claims)
	}
	a.SetClaim(model.Injured, model.Total, model.NoCount())
	if len(a.Claims) != 2 {
		t.Errorf("a figure not reported was kept: %+v", a.Claims)
	}
	// The two categories are kept apart, never added.
	if got := a.Claim(model.Killed, model.Civilians); got != model.RangeCount(10, 15) {
		t.Errorf("civilians killed = %v", got)
	}
	e.Assessment = a
	c := e.Clone()
	c.Assessment.SetClaim(model.Killed, model.Civilians, model.ExactCount(12))
	c.Tags[0] = "changed"
	if e.Assessment.Claim(model.Killed, model.Civilians) != model.RangeCount(10, 15) || e.Tags[0] != "hospital" {
		t.Error("Clone shares memory with the entry")
	}
	if e.SameContent(&c) {
		t.Error("SameContent holds for different entries")
	}
}

func TestDiffEntries(t *testing.T) {
	before := model.DeskEntry{Note: "first look", Tags: []string{"hospital"}}
	after := before.Clone()
	after.Note = "second look"
	after.Bookmark = true
	after.Assessment = &model.Assessment{
		Attackers: []model.Attacker{{Name: "Russia", Key: "russia", Certainty: model.Suspected}},
		Grading:   model.GradingFair, Status: model.StatusReviewed,
	}
	after.Assessment.SetClaim(model.Killed, model.Civilians, model.ExactCount(15))
	got := model.DiffEntries(&before, &after)
	want := []string{
		"attackers: — → Russia (suspected)",
		"civilians killed: — → 15",
		"grading: — → fair",
		"status: — → reviewed",
		`note: "first look" → "second look"`,
		"bookmark: — → yes",
	}
	if !slices.Equal(got, want) {
		t.Errorf("DiffEntries =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := model.DiffEntries(&after, &after); len(d) != 0 {
		t.Errorf("an entry differs from itself: %q", d)
	}
}

func TestDeskMark(t *testing.T) {
	var m model.DeskMark
	m.Mark(&model.DeskEntry{Target: "a:1", Tags: []string{"hospital"}, Note: "school nearby",
		Assessment: &model.Assessment{Status: model.StatusFinal, Grading: model.GradingWeak}})
	m.Mark(&model.DeskEntry{Target: "a:1/x", Report: true, Flags: []string{model.FlagDoubtful}, Note: "same video", Tags: []string{"HOSPITAL", "market"},
		Assessment: &model.Assessment{Status: model.StatusPending}}) // a report's assessment is not the strike's
	if !m.Assessed || m.Status != model.StatusFinal || m.Grading != model.GradingWeak {
		t.Errorf("mark = %+v", m)
	}
	if !slices.Equal(m.Tags, []string{"hospital", "market"}) || !slices.Equal(m.Flags, []string{model.FlagDoubtful}) {
		t.Errorf("mark tags %q flags %q", m.Tags, m.Flags)
	}
	if m.Notes != "school nearby\nsame video" {
		t.Errorf("notes = %q", m.Notes)
	}
}

func TestDeskQueries(t *testing.T) {
	sums := summaries()
	sums[0].Desk = &model.DeskMark{Assessed: true, Status: model.StatusPending, Grading: model.GradingFair,
		Tags: []string{"hospital", "for-report-2026"}, Notes: "A school next door", Flags: []string{model.FlagKeySource}}
	sums[1].Desk = &model.DeskMark{Bookmark: true, Tags: []string{"hospital-strike"}, Flags: []string{model.FlagDoubtful}}
	tests := []struct {
		q    string
		want []string
	}{
		{"tag:hospital", []string{"airwars:RS0232"}}, // a tag is matched whole
		{"tag:HOSPITAL-STRIKE", []string{"ucdp:1"}},
		{"-tag:hospital", []string{"ucdp:1", "x:2"}},
		{"note:school", []string{"airwars:RS0232"}},
		{"note:video", nil},
		{"status:pending", []string{"airwars:RS0232"}},
		{"status:reviewed", nil},
		{"assessed", []string{"airwars:RS0232"}},
		{"-assessed", []string{"ucdp:1", "x:2"}},
		{"bookmarked", []string{"ucdp:1"}},
		{"flag:doubtful", []string{"ucdp:1"}},
		{"flag:key-source", []string{"airwars:RS0232"}},
		{`flag:"key source"`, []string{"airwars:RS0232"}},
		{"link:possible status:pending", nil},
		{"link:possible -assessed", []string{"ucdp:1"}},
		{"hospital", nil}, // free words search the sources' text, not the desk
	}
	x := model.NewIndex(sums)
	all := []int32{0, 1, 2}
	for _, tt := range tests {
		q, err := model.ParseQuery(tt.q)
		if err != nil {
			t.Errorf("%q: %v", tt.q, err)
			continue
		}
		var got []string
		for i := range sums {
			if q.Match(&sums[i]) {
				got = append(got, sums[i].ID)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q matches %q; want %q", tt.q, got, tt.want)
		}
		q2, _ := model.ParseQuery(tt.q)
		var idx []string
		for _, i := range x.Filter(q2, all) {
			idx = append(idx, sums[i].ID)
		}
		if !slices.Equal(idx, tt.want) {
			t.Errorf("%q: the index finds %q; want %q", tt.q, idx, tt.want)
		}
	}
	if _, err := model.ParseQuery("assessed:yes"); err == nil {
		t.Error("assessed:yes was accepted")
	}
}

func TestCompareWithAssessment(t *testing.T) {
	s := seed.Strike()
	cmp := model.Compare(&s)
	before := len(cmp.Rows)
	verdicts := map[model.Field]model.Verdict{}
	for _, r := range cmp.Rows {
		verdicts[r.Field] = r.Verdict
	}
	a := &model.Assessment{Attackers: []model.Attacker{{Name: "Russia", Key: "russia", Certainty: model.Suspected}},
		Grading: model.GradingFair, Status: model.StatusReviewed}
	a.SetClaim(model.Killed, model.Civilians, model.ExactCount(15))
	a.SetClaim(model.Injured, model.Men, model.RangeCount(1, 2)) // no source gives it
	cmp.WithAssessment(a)
	if len(cmp.Rows) != before+1 || len(cmp.Analyst) != len(cmp.Rows) {
		t.Fatalf("%d rows (before %d), %d analyst cells", len(cmp.Rows), before, len(cmp.Analyst))
	}
	for i, r := range cmp.Rows {
		if v, ok := verdicts[r.Field]; ok && v != r.Verdict {
			t.Errorf("%s: the verdict changed from %v to %v: the assessment was counted", r.Field.Label(), v, r.Verdict)
		}
		if len(r.Cells) != len(cmp.Columns) {
			t.Errorf("%s: %d cells for %d reports", r.Field.Label(), len(r.Cells), len(cmp.Columns))
		}
		switch r.Field.Label() {
		case "actor":
			if cmp.Analyst[i].Text != "Russia (suspected)" {
				t.Errorf("actor: %q", cmp.Analyst[i].Text)
			}
		case "killed: civilians":
			if cmp.Analyst[i].Text != "15" {
				t.Errorf("civilians killed: %q", cmp.Analyst[i].Text)
			}
		case "injured: men":
			if cmp.Analyst[i].Text != "1–2" || r.Verdict != model.Silent || i == 0 || cmp.Rows[i-1].Field.Name != "injured" {
				t.Errorf("the analyst's own row: %+v, %q", r, cmp.Analyst[i].Text)
			}
		case "date":
			if cmp.Analyst[i].Reported {
				t.Errorf("date: %+v", cmp.Analyst[i])
			}
		}
	}
	if a.AssessmentHead() != "fair · reviewed" {
		t.Errorf("head %q", a.AssessmentHead())
	}
}
