package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ingestFixture(name string) string {
	return filepath.Join("..", "..", "testdata", "ingest", name)
}

// TestImportDryRun: --dry-run shows the first strikes, the counts and
// every error, and writes nothing.
func TestImportDryRun(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "s.db")
	out, errOut, code := strikes(t, "--db", db, "import", "--dry-run", ingestFixture("ydp.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ydp:1\ndate:  2015-03-26", "killed civilians: at least 21",
		"dry run, nothing written: ydp.csv holds 7 reports (7 strikes), 0 rejected; it would add 7"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "ydp.csv is not UTF-8 (line 4 is the first that is not); reading it as Windows-1252") {
		t.Errorf("stderr %q", errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a dry run made the store (%v)", err)
	}

	// Every error, each with its line, and an exit code that says so.
	bad := filepath.Join(dir, "bad.csv")
	text := "date,killed\n2016-01-01,3\n2016-01-02,many\n2016-01-40,2\n"
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(dir, "m.toml")
	if err := os.WriteFile(m, []byte("[columns]\ndate = \"date\"\nkilled = { total = \"killed\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = strikes(t, "--db", db, "import", "--map", m, "--dry-run", bad)
	if code != 1 || !strings.Contains(out, "bad.csv holds 1 reports (1 strikes), 2 rejected") ||
		!strings.Contains(out, `bad.csv:3: column "killed": "many" is not a count`) || !strings.Contains(out, `bad.csv:4: column "date": "2016-01-40" is not a date`) ||
		!strings.Contains(errOut, "an import would refuse the file as it is: 2 rows have errors") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", code, out, errOut)
	}
}

// TestImportDraftMap: the draft is written to standard output and
// imports the file as written.
func TestImportDraftMap(t *testing.T) {
	dir := env(t)
	out, errOut, code := strikes(t, "import", "--draft-map", ingestFixture("syrian-archive.csv"))
	if code != 0 || !strings.Contains(out, `strike_id = "Reference_Code"`) {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	m := filepath.Join(dir, "draft.toml")
	if err := os.WriteFile(m, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	out, errOut, code = strikes(t, "--db", db, "import", "--map", m, ingestFixture("syrian-archive.csv"))
	if code != 0 || !strings.Contains(out, "imported 5 reports (5 strikes)") {
		t.Errorf("import with the draft: exit %d: %s %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"import", "--draft-map", "a.csv", "b.csv"},
		{"import", "--draft-map", "--dry-run", "a.csv"},
		{"import", "--date-order", "ymd", "a.csv"},
	} {
		if _, _, code := strikes(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestImportDateOrder: --date-order decides a column its dates leave
// undecided, and the error without it names the flag.
func TestImportDateOrder(t *testing.T) {
	dir := env(t)
	file := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(file, []byte("date,killed\n05/02/2014,1\n06/03/2014,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(dir, "m.toml")
	if err := os.WriteFile(m, []byte("[columns]\ndate = \"date\"\nkilled = { total = \"killed\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	_, errOut, code := strikes(t, "--db", db, "import", "--map", m, file)
	if code != 1 || !strings.Contains(errOut, "say which with --date-order dmy or mdy") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if _, errOut, code = strikes(t, "--db", db, "import", "--map", m, "--date-order", "mdy", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out, _, _ := strikes(t, "--db", db, "list", "--json")
	if !strings.Contains(out, `"date":"2014-05-02"`) || !strings.Contains(out, `"date":"2014-06-03"`) {
		t.Errorf("list: %s", out)
	}
}

// TestImportWorkbookSheet: a sheet of a real workbook, named with --sheet.
func TestImportWorkbookSheet(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "tbij", "DroneWarsData.xlsx")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not present (%s): this integration test did not run", p)
	}
	dir := env(t)
	db := filepath.Join(dir, "s.db")
	_, errOut, code := strikes(t, "--db", db, "import", p)
	if code != 1 || !strings.Contains(errOut, "name the one to import with --sheet") {
		t.Errorf("without --sheet: exit %d: %s", code, errOut)
	}
	out, errOut, code := strikes(t, "--db", db, "import", p, "--sheet", "Yemen")
	if code != 0 || !strings.Contains(out, "imported 318 reports (318 strikes)") || !strings.Contains(errOut, "looks like tbij") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	out, _, _ = strikes(t, "--db", db, "show", "tbij:YEM002")
	for _, want := range []string{"2009-12-17", "Al Majala", "killed total: 55–58", "killed civilians: 44", "United States"} {
		if !strings.Contains(out, want) {
			t.Errorf("show tbij:YEM002 lacks %q:\n%s", want, out)
		}
	}
}
