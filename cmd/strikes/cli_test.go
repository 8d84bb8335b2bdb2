package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the strikes binary, so tests
// can run it as a real subprocess (see killImport).
func TestMain(m *testing.M) {
	if os.Getenv("STRIKES_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// env isolates a test from the user's files: the demo store goes to a
// temporary cache and no user store exists.
func env(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("STRIKES_DB", "")
	t.Setenv("NO_COLOR", "1")
	return dir
}

// strikes runs the command line in-process.
func strikes(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestSeedQueries(t *testing.T) {
	env(t)
	tests := []struct {
		query string
		want  bool
	}{
		{"actor:russia city:raqqa", true},
		{"city:الرقة date:2015-12", true},
		{`city:"ar raqqah" date:2015-12-06`, true},
		{"actor:russia -city:raqqa", false},
		{"contested date:2015-12-06", true},
	}
	for _, tt := range tests {
		out, errOut, code := strikes(t, "list", tt.query)
		if code != 0 {
			t.Fatalf("list %q: exit %d: %s", tt.query, code, errOut)
		}
		if got := strings.Contains(out, "airwars:RS0232"); got != tt.want {
			t.Errorf("list %q lists the seed strike: %v, want %v\n%s", tt.query, got, tt.want, out)
		}
		if !strings.Contains(errOut, "demo data") {
			t.Errorf("list %q did not say it shows the demo: %q", tt.query, errOut)
		}
	}
}

func TestCompareSeed(t *testing.T) {
	env(t)
	out, errOut, code := strikes(t, "compare", "RS0232")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"CONTESTED", "Russia (4 reports, 1 suspected)", "US-led coalition (1 report)",
		"Syrian Observatory for Human Rights", "BBC ← Raqqa is Being Slaughtered Silently", "BBC ← Sham News Network",
		"Associated Press ← Facebook page used by IS supporters", "Airwars",
		"at least 32", "some (no figure)", "killed: children", "injured: combatants", "40", "25", "—", "≠ US-led coalition",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks %q:\n%s", want, out)
		}
	}
	// The figures are never added: 32 + 15 = 47 appears nowhere.
	if strings.Contains(out, "47") {
		t.Errorf("compare shows a sum of two sources' figures:\n%s", out)
	}
}

func TestListJSON(t *testing.T) {
	env(t)
	out, _, code := strikes(t, "list", "code:RS0232", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1:\n%s", len(lines), out)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, lines[0])
	}
	for _, k := range []string{"id", "date", "place", "country", "actors", "contested", "reports", "datasets"} {
		if _, ok := got[k]; !ok {
			t.Errorf("list --json lacks %q: %s", k, lines[0])
		}
	}
	if got["id"] != "airwars:RS0232" || got["contested"] != true || got["date"] != "2015-12-06" {
		t.Errorf("list --json = %s", lines[0])
	}
}

func TestShowJSON(t *testing.T) {
	env(t)
	out, _, code := strikes(t, "show", "airwars:RS0232", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		ID      string `json:"id"`
		Reports []struct {
			ID      string         `json:"id"`
			Source  string         `json:"source"`
			Via     []string       `json:"via"`
			Dataset string         `json:"dataset"`
			Killed  map[string]any `json:"killed"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.ID != "airwars:RS0232" || len(got.Reports) < 5 {
		t.Fatalf("show --json = %s", out)
	}
	page := got.Reports[3]
	if page.Source != "Facebook page used by IS supporters" || len(page.Via) != 1 || page.Via[0] != "Associated Press" {
		t.Errorf("the IS page's report = %+v", page)
	}
	if _, ok := page.Killed["children"]; !ok {
		t.Errorf("the IS page's children killed are missing: %+v", page.Killed)
	}
	if _, ok := got.Reports[0].Killed["civilians"]; ok {
		t.Errorf("SOHR's report claims civilians it never counted: %+v", got.Reports[0].Killed)
	}
}

func TestExitCodes(t *testing.T) {
	dir := env(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"list", "actor:"}, 2, "actor: needs a value"},
		{[]string{"list", "--sort", "colour"}, 2, "cannot sort by"},
		{[]string{"list", "--nope"}, 2, "unknown flag"},
		{[]string{"show", "nothing:here"}, 1, `no strike has the ID or code "nothing:here"`},
		{[]string{"--db", filepath.Join(dir, "missing.db"), "list"}, 1, "no store at"},
		{[]string{"export", "--format", "xml"}, 2, "cannot export as"},
		{[]string{"import", "--format", "pdf", "x"}, 2, "unknown format"},
	}
	for _, tt := range tests {
		_, errOut, code := strikes(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("strikes %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	fixture := filepath.Join("..", "..", "testdata", "ingest", "ucdp.csv")
	out, errOut, code := strikes(t, "--db", db, "import", fixture)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "imported ") || !strings.Contains(errOut, "looks like ucdp-ged") {
		t.Errorf("import said %q / %q", out, errOut)
	}
	out, _, code = strikes(t, "--db", db, "import", fixture)
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: exit %d, said %q", code, out)
	}
	first, _, code := strikes(t, "--db", db, "export", "--format", "jsonl")
	if code != 0 || first == "" {
		t.Fatalf("export: exit %d", code)
	}
	jsonl := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(jsonl, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	db2 := filepath.Join(dir, "second.db")
	if _, errOut, code := strikes(t, "--db", db2, "import", jsonl); code != 0 {
		t.Fatalf("import of the export: exit %d: %s", code, errOut)
	}
	second, _, _ := strikes(t, "--db", db2, "export", "--format", "jsonl")
	if first != second {
		t.Errorf("export → import → export changed the data:\n%s\n---\n%s", first, second)
	}
	out, _, code = strikes(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "sound") {
		t.Errorf("check: exit %d: %s", code, out)
	}
	out, _, code = strikes(t, "--db", db, "datasets")
	if code != 0 || !strings.Contains(out, "ucdp.csv") {
		t.Errorf("datasets: exit %d: %s", code, out)
	}
	// The record names the file imported by its hash, taken while reading.
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if sum := fmt.Sprintf("%x", sha256.Sum256(raw)); !strings.Contains(out, sum[:12]) {
		t.Errorf("datasets does not show the start of the file's SHA-256 %s:\n%s", sum, out)
	}
}

func TestBadImportLeavesStore(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	fixture := filepath.Join("..", "..", "testdata", "ingest", "ucdp.csv")
	if _, errOut, code := strikes(t, "--db", db, "import", fixture); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	before, _, _ := strikes(t, "--db", db, "export")
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	// A second file whose first data row has a negative death count.
	if !strings.HasSuffix(lines[1], ",2,2,0,0,4,4,4") {
		t.Fatalf("the fixture's first row changed: %q", lines[1])
	}
	lines[1] = strings.TrimSuffix(lines[1], ",2,2,0,0,4,4,4") + ",-2,2,0,0,4,4,4"
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := strikes(t, "--db", db, "import", bad)
	if code != 1 || !strings.Contains(errOut, "bad.csv:") || !strings.Contains(errOut, "the store is as it was") {
		t.Errorf("bad import: exit %d, stderr %q", code, errOut)
	}
	after, _, _ := strikes(t, "--db", db, "export")
	if before != after {
		t.Error("a refused import changed the store")
	}
}

func TestSkipInvalidAndReplace(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ingest", "ucdp.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	var rows []string
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) != "" {
			rows = append(rows, l)
		}
	}
	if len(rows) < 3 {
		t.Fatalf("the fixture has %d rows; the test needs 3", len(rows))
	}
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(lines[0]+"\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := append([]string{}, rows...)
	bad[0] = strings.TrimSuffix(bad[0], ",2,2,0,0,4,4,4") + ",-2,2,0,0,4,4,4" // a negative count
	file := write("events.csv", bad)
	rejects := filepath.Join(dir, "rejects.txt")
	out, errOut, code := strikes(t, "--db", db, "import", "--skip-invalid", "--rejects", rejects, file)
	if code != 0 {
		t.Fatalf("import --skip-invalid: exit %d: %s", code, errOut)
	}
	// The fixture holds 3 records, one over two lines: 2 in, 1 rejected.
	if !strings.Contains(out, "1 rejected") || !strings.Contains(out, "2 added") {
		t.Errorf("the summary does not count both: %q", out)
	}
	got, err := os.ReadFile(rejects)
	if err != nil || !strings.Contains(string(got), "events.csv:2:") {
		t.Errorf("rejects file = %q (%v), want the bad row's line and reason", got, err)
	}

	// A newer file without the last row: kept by default, deleted with --replace.
	newer := write("events.csv", rows[:len(rows)-1])
	out, _, _ = strikes(t, "--db", db, "import", newer)
	if !strings.Contains(out, "1 no longer in the file, kept") {
		t.Errorf("re-import without a row said %q", out)
	}
	before, _, _ := strikes(t, "--db", db, "list", "--json")
	out, _, _ = strikes(t, "--db", db, "import", "--replace", newer)
	if !strings.Contains(out, "1 no longer in the file, deleted") {
		t.Errorf("--replace said %q", out)
	}
	after, _, _ := strikes(t, "--db", db, "list", "--json")
	if strings.Count(before, "\n")-strings.Count(after, "\n") != 1 {
		t.Errorf("--replace deleted %d strikes, want 1", strings.Count(before, "\n")-strings.Count(after, "\n"))
	}
}
