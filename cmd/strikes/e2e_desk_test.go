package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndDesk drives the real binary in tmux on a store of the seed
// strike (the article's four reports joined to Airwars' RS0232): it
// assesses the strike in the form, sees the assessment as its own column
// in compare, and finds the change in the history pane and in strikes
// history.
func TestEndToEndDesk(t *testing.T) {
	if testing.Short() {
		t.Skip("the end-to-end test builds the binary and needs tmux; skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux; .ci/run installs it)")
	}
	// The build uses the usual build cache: env moves XDG_CACHE_HOME,
	// where it would otherwise start empty.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	run := strikesOn(t, db)
	article, airwars := seedFiles(t, dir)
	run("import", article)
	run("import", airwars)
	bin := filepath.Join(dir, "strikes")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOCACHE="+strings.TrimSpace(string(gocache)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, socket: "strikes-e2e-desk-" + filepath.Base(dir), status: filepath.Join(dir, "status")}
	cmd := "env USER=e2e-analyst XDG_CONFIG_HOME=" + filepath.Join(dir, "config") + " TERM=xterm-256color " + bin + " --db " + db + "; echo $? > " + s.status + "; echo SHELL-AGAIN; sleep 60"
	s.tmux("new-session", "-d", "-s", "e2e", "-x", "160", "-y", "40", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	s.waitFor(db, "strikes")
	s.keys("/")
	s.typeText("code:RS0232")
	s.keys("Enter")
	s.waitForLine("1 of ")
	s.keys("Enter")
	s.waitFor("Syrian Observatory for Human Rights", "report 1/")
	s.keys("A")
	s.waitFor("Your assessment of airwars:RS0232", "attackers")
	s.typeText("russia")
	// The form moves to its next field through a command of its own: keys
	// come at a person's pace, not before the field has the focus.
	pace := func() { time.Sleep(300 * time.Millisecond) }
	s.keys("Enter") // certainty
	s.waitFor("← suspected →")
	pace()
	s.keys("Enter") // grading
	pace()
	s.keys("Right", "Right")
	s.waitFor("← fair →")
	pace()
	s.keys("Enter") // status
	pace()
	s.keys("Right")
	s.waitFor("← reviewed →")
	pace()
	s.keys("Enter") // killed
	s.waitFor("civilians killed")
	s.typeText("15")
	s.keys("Enter", "Enter", "Enter", "Enter") // injured
	s.waitFor("civilians injured")
	s.keys("Enter", "Enter")
	s.waitFor("other categories?", "←/→ toggle") // the yes/no has the keys
	s.keys("Enter")                              // the other categories: left as they are
	s.waitFor("assess on airwars:RS0232 recorded as e2e-analyst's", "your assessment (e2e-analyst)")
	s.keys("c")
	cmp := s.waitFor("your assessment", "(not a source)", "★ fair · reviewed", "Russia (suspected)")
	if !strings.Contains(cmp, "+ yours") {
		t.Errorf("compare does not say the column is yours:\n%s", cmp)
	}
	s.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	s.keys("H")
	s.waitFor("desk history · airwars:RS0232", "e2e-analyst · assess", "civilians killed: — → 15")
	s.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	s.keys("Escape")
	s.waitForLine("1 of ")
	s.keys("q")
	s.waitFor("SHELL-AGAIN")
	if status, err := os.ReadFile(s.status); err != nil || strings.TrimSpace(string(status)) != "0" {
		t.Errorf("strikes exited with %q (%v), want 0", status, err)
	}
	if out := run("history", "RS0232"); !strings.Contains(out, "e2e-analyst  assess on strike airwars:RS0232") || !strings.Contains(out, "grading: — → fair") {
		t.Errorf("strikes history after the dashboard:\n%s", out)
	}
	if out := run("list", "assessed status:reviewed"); !strings.Contains(out, "airwars:RS0232") {
		t.Errorf("list assessed status:reviewed:\n%s", out)
	}
}
