package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store/ingest"
)

// seedFiles writes the article's JSON Lines and returns it with the
// Airwars fixture that holds RS0232.
func seedFiles(t *testing.T, dir string) (article, airwars string) {
	t.Helper()
	st := model.Strike{ID: "seed:2015-12-06-raqqa", Date: model.OnDay(model.DayOf(2015, 12, 6)), Reports: seed.ArticleReports()}
	st.Place = st.Reports[0].Place
	var b strings.Builder
	if err := ingest.EncodeJSON(&b, &st); err != nil {
		t.Fatal(err)
	}
	article = filepath.Join(dir, "article.jsonl")
	if err := os.WriteFile(article, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return article, "../../testdata/ingest/airwars/syria-incidents.csv"
}

// historyLines are a store's history of a strike as JSON, without the
// sequence numbers (which are the store's own).
func historyLines(t *testing.T, run func(args ...string) string, id string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(run("history", id, "--json")), "\n") {
		var c map[string]any
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("history --json: %v: %s", err, l)
		}
		delete(c, "seq")
		b, _ := json.Marshal(c)
		out = append(out, string(b))
	}
	return out
}

// TestDeskWalk walks one strike through note → assess → tag → re-import
// of its dataset → relink → export → import into an empty store, and
// finds the assessment, the notes, the tags and the whole history intact.
func TestDeskWalk(t *testing.T) {
	dir := env(t)
	t.Setenv("USER", "alice")
	db := filepath.Join(dir, "strikes.db")
	run := strikesOn(t, db)
	article, airwars := seedFiles(t, dir)
	run("import", article)
	run("import", airwars)

	out := run("note", "RS0232", "Two sources place it at the market, not the hospital.")
	if !strings.Contains(out, `note: — → "Two sources place it at the market, not the hospital."`) {
		t.Errorf("note says:\n%s", out)
	}
	run("note", "seed:2015-12-06-raqqa", "the article's four sources") // shown under RS0232
	out = run("assess", "RS0232", "--attacker", "russia", "--certainty", "suspected", "--civilians-killed", "15",
		"--children-killed", "at least 8", "--grading", "fair", "--status", "reviewed")
	for _, want := range []string{"attackers: — → Russia (suspected)", "civilians killed: — → 15", "children killed: — → at least 8", "grading: — → fair", "status: — → reviewed"} {
		if !strings.Contains(out, want) {
			t.Errorf("assess does not say %q:\n%s", want, out)
		}
	}
	run("tag", "RS0232", "hospital", "double-tap", "--as", "bob")
	run("tag", "RS0232", "--remove", "double-tap")
	run("flag", "seed:2015-12-06-raqqa/is-page", "doubtful")
	run("bookmark", "airwars:RS0232")
	var res struct {
		Changed bool `json:"changed"`
		Entry   struct {
			Assessment struct {
				Killed map[string]map[string]any `json:"killed"`
				Status string                    `json:"status"`
			} `json:"assessment"`
			Tags []string `json:"tags"`
		} `json:"entry"`
	}
	if err := json.Unmarshal([]byte(run("assess", "RS0232", "--civilians-killed", "12-15", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if !res.Changed || res.Entry.Assessment.Killed["civilians"]["kind"] != "range" || res.Entry.Assessment.Status != "reviewed" || !slices.Equal(res.Entry.Tags, []string{"hospital"}) {
		t.Errorf("assess --json: %+v", res)
	}

	lists := func(run func(args ...string) string, when string) {
		t.Helper()
		for q, want := range map[string]bool{"tag:hospital": true, "tag:double-tap": false, "status:reviewed": true, "status:pending": false,
			"assessed": true, "bookmarked": true, "flag:doubtful": true, "note:market": true, "note:sources": true, "-assessed city:raqqa date:2015-12-06": false} {
			if got := strings.Contains(run("list", q), "airwars:RS0232"); got != want {
				t.Errorf("%s: list %s: RS0232 listed %v, want %v", when, q, got, want)
			}
		}
	}
	lists(run, "after the changes")
	var line struct {
		ID   string `json:"id"`
		Desk struct {
			Assessed   bool     `json:"assessed"`
			Status     string   `json:"status"`
			Tags       []string `json:"tags"`
			Bookmarked bool     `json:"bookmarked"`
			Flags      []string `json:"flags"`
		} `json:"desk"`
	}
	if err := json.Unmarshal([]byte(run("list", "code:RS0232", "--json")), &line); err != nil {
		t.Fatal(err)
	}
	if d := line.Desk; !d.Assessed || d.Status != "reviewed" || !slices.Equal(d.Tags, []string{"hospital"}) || !d.Bookmarked || !slices.Equal(d.Flags, []string{"doubtful"}) {
		t.Errorf("list --json: %+v", line)
	}
	for _, cmd := range []string{"show", "compare"} {
		out := run(cmd, "RS0232")
		for _, want := range []string{"YOUR DESK (your own judgement, not a source", "strike airwars:RS0232, by alice", "assessment  fair · reviewed",
			"attackers   Russia (suspected)", "killed      civilians 12–15", "tags        hospital", "report seed:2015-12-06-raqqa/is-page", "flags       doubtful",
			"note        the article's four sources"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s does not say %q:\n%s", cmd, want, out)
			}
		}
	}
	want := historyLines(t, run, "RS0232")
	if len(want) != 8 {
		t.Fatalf("the history holds %d changes, want 8:\n%s", len(want), strings.Join(want, "\n"))
	}
	hist := run("history", "RS0232")
	for _, s := range []string{"alice  note on strike airwars:RS0232", "bob  tag on strike airwars:RS0232", "tags: hospital double-tap → hospital",
		"civilians killed: 15 → 12–15", "flag on report seed:2015-12-06-raqqa/is-page", "flags: — → doubtful"} {
		if !strings.Contains(hist, s) {
			t.Errorf("history does not say %q:\n%s", s, hist)
		}
	}

	// Re-import of the dataset (with --replace) and a rebuild of the
	// links touch nothing of the desk.
	run("import", "--replace", airwars)
	run("link", "--rebuild")
	lists(run, "after a re-import and a rebuild")
	if got := historyLines(t, run, "RS0232"); !slices.Equal(got, want) {
		t.Errorf("the history changed with the re-import:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Export, and import into an empty store.
	exp := filepath.Join(dir, "all.jsonl")
	run("export", "--format", "jsonl", "-o", exp)
	raw, err := os.ReadFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), `{"desk":`); n != 3 {
		t.Errorf("the export holds %d desk entries, want 3 (RS0232, the article's strike, its report)", n)
	}
	if n := strings.Count(string(raw), `{"desk_change":`); n != 8 {
		t.Errorf("the export holds %d changes, want 8", n)
	}
	db2 := filepath.Join(dir, "other.db")
	run2 := strikesOn(t, db2)
	t.Setenv("USER", "carol")
	out = run2("import", exp)
	if !strings.Contains(out, "desk: 3 entries added") || !strings.Contains(out, "8 changes added to the history") {
		t.Errorf("import says:\n%s", out)
	}
	lists(run2, "in the other store")
	if got := historyLines(t, run2, "RS0232"); !slices.Equal(got, want) {
		t.Errorf("the history in the other store:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The other store exports the same desk section.
	exp2 := filepath.Join(dir, "again.jsonl")
	run2("export", "--format", "jsonl", "-o", exp2)
	if raw2, _ := os.ReadFile(exp2); !bytes.Equal(deskLines(raw2), deskLines(raw)) {
		t.Errorf("the desk section changed on its way:\n%s\nwant\n%s", deskLines(raw2), deskLines(raw))
	}
	// Importing it again adds nothing.
	if out := run2("import", exp); !strings.Contains(out, "3 already held; 0 changes added") {
		t.Errorf("the same import again:\n%s", out)
	}
	// Carol's later note is newer than the file's: kept, and said.
	run2("note", "RS0232", "carol's reading")
	_, errOut, code := strikes(t, "--db", db2, "import", exp)
	if code != 0 || !strings.Contains(errOut, "airwars:RS0232: the store's entry (carol") || !strings.Contains(errOut, "kept the store's; both are in the history") {
		t.Errorf("an import of an older entry: exit %d: %s", code, errOut)
	}
	if out := run2("history", "RS0232"); !strings.Contains(out, `"carol's reading"`) || !strings.Contains(out, "import (not kept)") {
		t.Errorf("the history after an older import:\n%s", out)
	}
}

// deskLines is the lines of an export's desk section.
func deskLines(raw []byte) []byte {
	var out []byte
	for _, l := range bytes.SplitAfter(raw, []byte("\n")) {
		if ingest.IsDeskLine(l) {
			out = append(out, l...)
		}
	}
	return out
}

// TestDeskBadInput: an unknown grading, a count that is not a count, a
// note on an unknown ID each give a clear sentence and change nothing.
func TestDeskBadInput(t *testing.T) {
	dir := env(t)
	t.Setenv("USER", "alice")
	db := filepath.Join(dir, "strikes.db")
	run := strikesOn(t, db)
	article, _ := seedFiles(t, dir)
	run("import", article)
	run("note", "seed:2015-12-06-raqqa", "first")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"assess", "seed:2015-12-06-raqqa", "--grading", "probable"}, 2, `--grading: "probable" is not a grading; use one of confirmed, fair, weak, contested, discounted (the Airwars scale); nothing was changed`},
		{[]string{"assess", "seed:2015-12-06-raqqa", "--civilians-killed", "fifteen"}, 2, `--civilians-killed: "fifteen" is not a count: write 15, 3-6, at least 32 (or 32+), or some; nothing was changed`},
		{[]string{"assess", "seed:2015-12-06-raqqa", "--civilians-killed", "9-3"}, 2, "the low figure 9 is above the high figure 3"},
		{[]string{"assess", "seed:2015-12-06-raqqa", "--status", "done"}, 2, `"done" is not a status`},
		{[]string{"assess", "seed:2015-12-06-raqqa", "--attacker", "russia", "--certainty", "probably"}, 2, "is not a certainty"},
		{[]string{"note", "nosuch:1", "text"}, 1, `no strike or report has the ID or code "nosuch:1"; nothing was changed`},
		{[]string{"assess", "nosuch:1", "--grading", "fair"}, 1, `no strike or report has the ID or code "nosuch:1"`},
		{[]string{"tag", "seed:2015-12-06-raqqa", "two words"}, 2, "holds a space"},
		{[]string{"flag", "seed:2015-12-06-raqqa/sohr", "fake"}, 2, `"fake" is not a flag of a report`},
		{[]string{"flag", "nosuch/1", "doubtful"}, 1, `no report has the ID "nosuch/1"`},
		{[]string{"assess", "seed:2015-12-06-raqqa/sohr", "--report", "--grading", "fair"}, 2, "unknown flag"},
		{[]string{"note", "seed:2015-12-06-raqqa", "first"}, 0, "already holds that: nothing changed"},
		{[]string{"assess", "seed:2015-12-06-raqqa"}, 2, "say what to assess"},
	}
	for _, tt := range tests {
		out, errOut, code := strikes(t, append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(out+errOut, tt.say) {
			t.Errorf("%q: exit %d, %s%s; want exit %d saying %q", tt.args, code, out, errOut, tt.code, tt.say)
		}
		after, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Fatalf("%q changed the store", tt.args)
		}
	}
	// The demo is never written.
	env(t)
	if _, errOut, code := strikes(t, "note", "RS0232", "x"); code != 1 || !strings.Contains(errOut, "the demo data is never written") {
		t.Errorf("a note with no store: exit %d: %s", code, errOut)
	}
}

// TestDeskHostileText: a note, tag-like text and a name carrying
// terminal controls are kept exactly and printed inert.
func TestDeskHostileText(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	run := strikesOn(t, db)
	article, _ := seedFiles(t, dir)
	run("import", article)
	hostile := "red \x1b[31mtext\x1b]52;c;aGk=\x07 \u009b31m \u202eevil"
	run("note", "seed:2015-12-06-raqqa", hostile, "--as", "mallory")
	for _, args := range [][]string{{"history", "seed:2015-12-06-raqqa"}, {"history", "--json"}, {"show", "seed:2015-12-06-raqqa"},
		{"note", "seed:2015-12-06-raqqa", "x", "--json", "--as", "m"}, {"export"}} {
		out := run(args...)
		for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\x07"} {
			if strings.Contains(out, bad) {
				t.Errorf("%q prints %q raw:\n%q", args, bad, out)
			}
		}
	}
	if _, errOut, code := strikes(t, "--db", db, "note", "seed:2015-12-06-raqqa", "y", "--as", "bad\x1bname"); code != 2 || !strings.Contains(errOut, "control character") {
		t.Errorf("a name with a control: exit %d: %s", code, errOut)
	}
	// Kept exactly: the JSON of the history holds it, escaped.
	var c struct {
		After struct {
			Note string `json:"note"`
		} `json:"after"`
	}
	first := strings.SplitN(run("history", "--json"), "\n", 2)[0]
	if err := json.Unmarshal([]byte(first), &c); err != nil || c.After.Note != hostile {
		t.Errorf("the note was not kept exactly: %q, %v", c.After.Note, err)
	}
}
