package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// strikesBin returns a command that runs the test binary as the strikes
// binary (see TestMain), with the test's environment.
func strikesBin(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "STRIKES_TEST_AS_MAIN=1")
	return cmd
}

// result is what a run of the binary did.
type result struct {
	stdout, stderr string
	code           int    // -1 when it did not exit normally
	signal         string // the signal that ended it, if any
}

// runBinary runs the strikes binary as a subprocess.
func runBinary(t *testing.T, args ...string) result {
	t.Helper()
	return runCmd(t, strikesBin(args...))
}

func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	return startCmd(t, cmd)()
}

// startCmd starts cmd and returns what waits for it, so that a test may
// signal cmd.Process meanwhile without racing the start.
func startCmd(t *testing.T, cmd *exec.Cmd) func() result {
	t.Helper()
	out, errOut := new(bytes.Buffer), new(bytes.Buffer)
	cmd.Stdout, cmd.Stderr = out, errOut
	if err := cmd.Start(); err != nil {
		t.Fatalf("strikes %q: %v", cmd.Args[1:], err)
	}
	return func() result { return waitCmd(t, cmd, out, errOut) }
}

// waitCmd may run on a goroutine of its own: it reports with Errorf.
func waitCmd(t *testing.T, cmd *exec.Cmd, out, errOut *bytes.Buffer) result {
	err := cmd.Wait()
	r := result{stdout: out.String(), stderr: errOut.String(), code: cmd.ProcessState.ExitCode()}
	if err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Errorf("strikes %q: %v", cmd.Args[1:], err)
	}
	if r.code < 0 {
		r.signal = cmd.ProcessState.String()
	}
	return r
}

// crashSigns are what a Go program prints when it dies of a panic or a
// fault instead of explaining itself.
var crashSigns = []string{"panic:", "goroutine ", "SIGSEGV", "SIGBUS", "fatal error", "[signal"}

// wantRefusal fails the test unless r is a clean refusal: exit 1, no sign
// of a crash, and stderr a sentence holding each of msgs.
func wantRefusal(t *testing.T, what string, r result, msgs ...string) {
	t.Helper()
	if r.code != exitError {
		t.Errorf("%s: exit %d %s, want %d; stderr:\n%s", what, r.code, r.signal, exitError, r.stderr)
	}
	for _, s := range crashSigns {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("%s: the output shows a crash (%q):\n%s%s", what, s, r.stdout, r.stderr)
			return
		}
	}
	if !strings.HasPrefix(r.stderr, "strikes: ") {
		t.Errorf("%s: stderr does not start with \"strikes: \": %q", what, r.stderr)
	}
	for _, m := range msgs {
		if !strings.Contains(r.stderr, m) {
			t.Errorf("%s: stderr lacks %q: %q", what, m, r.stderr)
		}
	}
}

// writeUCDP writes a UCDP GED-shaped CSV of n events with IDs from first
// on; variant changes every other event's figures, so a second file both
// adds and changes strikes.
func writeUCDP(t testing.TB, path string, first, n, variant int) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ingest", "ucdp.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.Write(raw[:bytes.IndexByte(raw, '\n')+1])
	places := []string{"Teir Maaleh village", "Ar Raqqah town", "Aleppo town", "Ein Laroz town", "Tanab village"}
	sides := []string{"Government of Syria", "IS", "SDF", "Ahrar al-Sham, Jabhat Fateh al-Sham", "Syrian insurgents"}
	for i := first; i < first+n; i++ {
		a, s := sides[i%5], sides[(i+1)%5]
		civ := i % 3
		if i%2 == 0 {
			civ += variant
		}
		fmt.Fprintf(&b, `%d,2016,1,%d,299,"Syria: Government",11973,"%s - %s",118,"%s",4456,,"%s",1,"""SOHR,2016-01-01,synthetic""","SOHR;Airwars","2016-01-01","synthetic headline %d","SOHR",%d,"%s","Homs Governorate","Ar Rastan district",34.802462,36.707602,"POINT (36.707602 34.802462)",179714,"Syria",652,"Middle East",1,1,2016-%02d-%02d,2016-%02d-%02d,%d,2,%d,0,4,%d,%d`+"\n",
			100000+i, 1+i%3, a, s, a, s, i, 1+i%4, places[i%5], 1+i%12, 1+i%28, 1+i%12, 1+i%28, i%3, civ, 4+i%5+civ, 20+i%5+civ)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
