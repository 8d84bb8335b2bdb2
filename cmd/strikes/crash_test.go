package main

import (
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/store"
)

// exportSum is the SHA-256 of the store's JSON Lines export: the whole
// state, byte for byte.
func exportSum(t *testing.T, db string) [32]byte {
	t.Helper()
	out, errOut, code := strikes(t, "--db", db, "export")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	return sha256.Sum256([]byte(out))
}

// mustBeSound fails the test unless store.Check finds the store sound.
func mustBeSound(t *testing.T, db, when string) {
	t.Helper()
	rep, err := store.Check(db)
	if err != nil {
		t.Fatalf("%s: check: %v", when, err)
	}
	if !rep.OK() {
		t.Fatalf("%s: check found %d problems: %s", when, len(rep.Problems), strings.Join(rep.Problems, "; "))
	}
}

// TestKillDuringImport kills a real `strikes import` (the test binary as
// the strikes binary) with SIGKILL at random moments of a large import,
// one that takes the copy-and-rename path, and checks every time that the
// store opens, passes check, and holds exactly the state before or after
// the import. bench/crash.sh does the same at a million rows.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 imports; skipped with -short")
	}
	dir := env(t)
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	writeUCDP(t, a, 0, 2000, 0)
	writeUCDP(t, b, 1000, 12000, 1) // 12,000 strikes: more than one batch, so the copy path
	db := filepath.Join(dir, "strikes.db")
	if r := runBinary(t, "--db", db, "import", a); r.code != 0 {
		t.Fatalf("first import: %+v", r)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	sumBefore := exportSum(t, db)

	// One import left alone gives the after state and how long it takes.
	start := time.Now()
	if r := runBinary(t, "--db", db, "import", b); r.code != 0 {
		t.Fatalf("second import: %+v", r)
	}
	took := time.Since(start)
	mustBeSound(t, db, "after an uninterrupted import")
	sumAfter := exportSum(t, db)
	if sumAfter == sumBefore {
		t.Fatal("the second import changed nothing")
	}

	rng := rand.New(rand.NewPCG(6, 2026))
	kills := 24
	if raceEnabled {
		kills = 4 // the race detector makes every run ten times slower
	}
	seen := map[string]int{}
	for range kills {
		if err := os.WriteFile(db, before, 0o644); err != nil {
			t.Fatal(err)
		}
		// A stale PATH.tmp-import from the last kill stays, as it would.
		at := time.Duration(rng.Int64N(int64(took) * 21 / 20)) // a few land after the end
		cmd := strikesBin("--db", db, "import", b)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		killed := cmd.Process.Signal(syscall.SIGKILL) == nil
		cmd.Wait()
		when := "kill " + at.Round(time.Millisecond).String()
		mustBeSound(t, db, when)
		switch exportSum(t, db) {
		case sumBefore:
			seen["before"]++
		case sumAfter:
			seen["after"]++
		default:
			t.Fatalf("%s: the store holds neither the state before the import nor the state after it", when)
		}
		if !killed || cmd.ProcessState.ExitCode() == 0 {
			seen["finished first"]++
		}
	}
	// An import after a kill finishes the job, despite what the kill left.
	if r := runBinary(t, "--db", db, "import", b); r.code != 0 {
		t.Fatalf("an import after a kill: %+v", r)
	}
	mustBeSound(t, db, "after an import that followed a kill")
	if exportSum(t, db) != sumAfter {
		t.Error("an import after a kill did not give the state after the import")
	}
	t.Logf("an import takes %v; after %d kills the store held: %v", took.Round(time.Millisecond), kills, seen)
	if seen["before"] == 0 {
		t.Error("no kill landed before the import committed; the test proves little")
	}
}
