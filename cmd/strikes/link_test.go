package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
)

// TestLinkCommands imports the article's four reports from JSON Lines,
// then the Airwars fixture: RS0232 shows them, with their reason, in show,
// show --json and compare; unlink and link overrule the linker.
func TestLinkCommands(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	article := model.Strike{ID: "seed:2015-12-06-raqqa", Date: model.OnDay(model.DayOf(2015, 12, 6)), Reports: seed.ArticleReports()}
	article.Place = article.Reports[0].Place
	var b strings.Builder
	if err := ingest.EncodeJSON(&b, &article); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "article.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := strikesOn(t, db)
	run("import", in)
	out := run("import", "../../testdata/ingest/airwars/syria-incidents.csv")
	if !strings.Contains(out, "linked: 1 shown under another strike") {
		t.Errorf("import does not say it linked the article:\n%s", out)
	}
	reason := "linked: same day; same city (Raqqa)"
	if out := run("show", "RS0232"); strings.Count(out, "link:    "+reason) != 4 {
		t.Errorf("show does not give the four reasons:\n%s", out)
	}
	if out := run("compare", "RS0232"); strings.Count(out, "⛓ linked: same day") != 4 {
		t.Errorf("compare does not give the reason:\n%s", out)
	}
	var js struct {
		ID      string `json:"id"`
		Reports []struct {
			ID   string `json:"id"`
			Link string `json:"link"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(run("show", "seed:2015-12-06-raqqa", "--json")), &js); err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, r := range js.Reports {
		if strings.HasPrefix(r.Link, reason) {
			linked++
		}
	}
	if js.ID != seed.StrikeID || linked != 4 {
		t.Errorf("show --json of the article: %+v", js)
	}
	// The list shows one strike for the two.
	if out := run("list", "date:2015-12-06 city:raqqa", "--json"); strings.Contains(out, "seed:2015-12-06-raqqa") {
		t.Errorf("list shows the linked article:\n%s", out)
	}

	sohr := "seed:2015-12-06-raqqa/sohr"
	run("unlink", sohr)
	if out := run("show", "seed:2015-12-06-raqqa"); !strings.HasPrefix(out, "seed:2015-12-06-raqqa\n") || strings.Contains(out, "link:") {
		t.Errorf("after unlink, show of the article:\n%s", out)
	}
	out = run("link", sohr, "RS0232")
	if !strings.Contains(out, "shown under airwars:RS0232") {
		t.Errorf("link says:\n%s", out)
	}
	if out := run("show", "RS0232"); !strings.Contains(out, "link:    linked by hand") {
		t.Errorf("after link, show RS0232:\n%s", out)
	}
	out = run("link", "--rebuild")
	if !strings.Contains(out, "1 reports linked by hand") {
		t.Errorf("link --rebuild says:\n%s", out)
	}
	// A possible link made by hand: every report of the article's strike.
	out = run("link", "--strike", "seed:2015-12-06-raqqa", "RS0232")
	if !strings.Contains(out, "the reports of seed:2015-12-06-raqqa are shown under airwars:RS0232") || !strings.Contains(out, "4 reports linked by hand") {
		t.Errorf("link --strike says:\n%s", out)
	}
	if out := run("show", "RS0232"); strings.Count(out, "link:    linked by hand") != 4 {
		t.Errorf("after link --strike, show RS0232:\n%s", out)
	}
	if _, _, code := strikes(t, "--db", db, "link", "--strike", "RS0232", "RS0232"); code != 2 {
		t.Errorf("linking a strike into itself: exit %d", code)
	}
	if _, _, code := strikes(t, "--db", db, "link", "--strike", "--rebuild"); code != 2 {
		t.Errorf("link --strike --rebuild: exit %d", code)
	}
	// The export is the records as imported: no link, nothing merged.
	if out := run("export"); strings.Contains(out, `"link"`) {
		t.Error("the export carries links")
	}
	if _, _, code := strikes(t, "--db", db, "link", "no-such-report", "RS0232"); code != 1 {
		t.Errorf("linking a missing report: exit %d", code)
	}
	if _, _, code := strikes(t, "--db", db, "link", sohr); code != 2 {
		t.Errorf("link with one argument: exit %d", code)
	}
}

// TestLinkStrikeByMemberCode: link --strike CODE moves the strike whose
// record holds the code, even when it is shown under another strike
// (which then carries the code too), not that other strike.
func TestLinkStrikeByMemberCode(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	write := func(name string, s *model.Strike) string {
		var b strings.Builder
		if err := ingest.EncodeJSON(&b, s); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	article := model.Strike{ID: "seed:2015-12-06-raqqa", Date: model.OnDay(model.DayOf(2015, 12, 6)), Reports: seed.ArticleReports(), Codes: []string{"ART9"}}
	article.Place = article.Reports[0].Place
	other := model.Strike{ID: "other:1", Date: model.OnDay(model.DayOf(2016, 1, 6)), Reports: seed.ArticleReports()[:1]}
	other.Place = other.Reports[0].Place
	other.Reports[0].ID, other.Reports[0].Dataset = "other:1/r", "other"
	run := strikesOn(t, db)
	run("import", write("article.jsonl", &article))
	run("import", write("other.jsonl", &other))
	run("import", "../../testdata/ingest/airwars/syria-incidents.csv")
	if out := run("show", "ART9"); !strings.HasPrefix(out, "airwars:RS0232\n") {
		t.Fatalf("the article is not shown under RS0232:\n%s", out)
	}
	out := run("link", "--strike", "ART9", "other:1")
	if !strings.Contains(out, "the reports of seed:2015-12-06-raqqa are shown under other:1") {
		t.Errorf("link --strike ART9 other:1 says:\n%s", out)
	}
	if out := run("show", "other:1"); strings.Count(out, "link:    linked by hand") != 4 {
		t.Errorf("other:1 does not show the article's four reports:\n%s", out)
	}
	if out := run("show", "RS0232"); strings.Contains(out, "seed:2015-12-06-raqqa/") {
		t.Errorf("RS0232 still shows the article's reports:\n%s", out)
	}
	if out := run("show", "ART9"); !strings.HasPrefix(out, "other:1\n") {
		t.Errorf("the article's code does not follow it:\n%s", out)
	}
}

// strikesOn runs strikes on the store db and returns what it printed,
// failing the test when it exits with anything but 0.
func strikesOn(t *testing.T, db string) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		out, errOut, code := strikes(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
}

// TestLinkReview: strikes link --review lays each possible link's two
// strikes side by side and takes its answers a line at a time: x rejects
// the first (it is not offered again), m makes the second, q stops.
func TestLinkReview(t *testing.T) {
	dir := env(t)
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "stores", "schema2.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "review.db")
	if err := os.WriteFile(db, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	possible := func() []model.LinkCandidate {
		st, err := store.Open(db, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		cs, err := st.PossibleLinks(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	before := possible()
	if len(before) < 2 {
		t.Fatalf("the fixture has %d possible links", len(before))
	}
	cmd := strikesBin("--db", db, "link", "--review")
	cmd.Stdin = strings.NewReader("x\nwhat\nm\nq\n")
	r := runCmd(t, cmd)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"[1/", "making it: the reports of " + before[0].From, "date ", "killed ", "attackers ",
		"kept apart: " + before[0].From + " and " + before[0].To, "linked by hand: " + before[1].From + " is shown under " + before[1].To,
		"1 link made, 1 rejected, 0 skipped"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the review lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, c := range possible() {
		if (c.From == before[0].From && c.To == before[0].To) || (c.From == before[1].From && c.To == before[1].To) {
			t.Errorf("the possible link %s–%s is still offered", c.From, c.To)
		}
	}
	if out, _, _ := strikes(t, "--db", db, "show", before[1].From); !strings.Contains(out, before[1].To) {
		t.Errorf("the link made does not show:\n%s", out)
	}
}
