package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFailedFirstImportCreatesNothing: an import that fails into no
// store leaves no store, and the dashboard's commands still show the
// demo.
func TestFailedFirstImportCreatesNothing(t *testing.T) {
	dir := env(t)
	header := filepath.Join(dir, "header.csv")
	writeUCDP(t, header, 0, 0, 0)
	def := filepath.Join(dir, "data", "strikes", "strikes.db")
	for _, tc := range []struct {
		file string
		msg  string
	}{
		{"/nonexistent.csv", "cannot read /nonexistent.csv"},
		{header, "holds no rows below its header: nothing was imported"},
	} {
		_, errOut, code := strikes(t, "import", tc.file)
		if code != exitError || !strings.Contains(errOut, tc.msg) {
			t.Errorf("import %s: exit %d, %q", tc.file, code, errOut)
		}
		if _, err := os.Stat(def); !os.IsNotExist(err) {
			t.Fatalf("import %s left a store: %v", tc.file, err)
		}
		if _, errOut, _ := strikes(t, "list", "--limit", "1"); !strings.Contains(errOut, "demo") {
			t.Errorf("after import %s the list does not show the demo: %q", tc.file, errOut)
		}
	}
}

// TestReplaceNeedsYes: --replace that would delete most of a dataset is
// refused without --yes when no one can be asked, and --dry-run says
// what it would do without doing it.
func TestReplaceNeedsYes(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	all, two := filepath.Join(dir, "all.csv"), filepath.Join(dir, "two.csv")
	writeUCDP(t, all, 0, 40, 0)
	writeUCDP(t, two, 0, 2, 0)
	if _, errOut, code := strikes(t, "--db", db, "import", all); code != 0 {
		t.Fatal(errOut)
	}
	before, _, _ := strikes(t, "--db", db, "export")
	out, errOut, code := strikes(t, "--db", db, "import", "--replace", "--dry-run", two)
	if code != 0 || !strings.Contains(out, "dry run, nothing written") || !strings.Contains(out, "it would delete 38 strikes no longer in the file") {
		t.Errorf("--dry-run: exit %d, %q %q", code, out, errOut)
	}
	// The test's standard input is not a terminal: no one can be asked.
	_, errOut, code = strikes(t, "--db", db, "import", "--replace", two)
	if code != exitError || !strings.Contains(errOut, "would delete 38 of the 40 strikes") || !strings.Contains(errOut, "--yes") {
		t.Errorf("--replace without --yes: exit %d, %q", code, errOut)
	}
	if after, _, _ := strikes(t, "--db", db, "export"); after != before {
		t.Fatal("a refused or dry-run import changed the store")
	}
	out, errOut, code = strikes(t, "--db", db, "import", "--replace", "--yes", two)
	if code != 0 || !strings.Contains(out, "38 no longer in the file, deleted") {
		t.Errorf("--replace --yes: exit %d, %q %q", code, out, errOut)
	}
}

// TestImportAnotherDatasetsIDs: a file whose IDs another dataset holds is
// refused, naming it; --id-prefix imports it beside it.
func TestImportAnotherDatasetsIDs(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	file := filepath.Join(dir, "events.csv")
	writeUCDP(t, file, 0, 5, 0)
	if _, errOut, code := strikes(t, "--db", db, "import", file); code != 0 {
		t.Fatal(errOut)
	}
	writeUCDP(t, file, 0, 5, 3) // the same IDs, other figures
	_, errOut, code := strikes(t, "--db", db, "import", "--dataset", "synth", file)
	if code != exitError || !strings.Contains(errOut, `already held by the dataset "UCDP GED"`) {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	out, errOut, code := strikes(t, "--db", db, "import", "--dataset", "synth", "--id-prefix", "synth-", file)
	if code != 0 || !strings.Contains(out, "5 added") {
		t.Fatalf("--id-prefix: exit %d, %q %q", code, out, errOut)
	}
	out, _, _ = strikes(t, "--db", db, "show", "synth-ucdp:100001")
	if !strings.Contains(out, "synth-ucdp:100001") {
		t.Errorf("the prefixed strike: %q", out)
	}
	if out, _, _ := strikes(t, "--db", db, "check"); !strings.Contains(out, "sound") {
		t.Errorf("check: %q", out)
	}
}

// TestInterruptImport: Ctrl-C during a large import says so, exits 130,
// leaves the store as it was and no scratch copy.
func TestInterruptImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 150,000 events")
	}
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	small, big := filepath.Join(dir, "small.csv"), filepath.Join(dir, "big.csv")
	writeUCDP(t, small, 0, 20, 0)
	writeUCDP(t, big, 1000, 150_000, 1)
	if _, errOut, code := strikes(t, "--db", db, "import", small); code != 0 {
		t.Fatal(errOut)
	}
	before := exportSum(t, db)
	cmd := strikesBin("--db", db, "import", big)
	done := make(chan result, 1)
	wait := startCmd(t, cmd)
	go func() { done <- wait() }()
	// Wait until the copy is being written, then press Ctrl-C.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(db + ".tmp-import"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never started its copy")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	r := <-done
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "import cancelled; the store is as it was") {
		t.Fatalf("exit %d %s; stderr %q", r.code, r.signal, r.stderr)
	}
	for _, f := range []string{db + ".tmp-import", db + ".tmp-import.seen"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s is left behind: %v", f, err)
		}
	}
	if exportSum(t, db) != before {
		t.Error("the cancelled import changed the store")
	}
	mustBeSound(t, db, "after Ctrl-C")
}
