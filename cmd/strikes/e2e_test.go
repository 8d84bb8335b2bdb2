package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/ui/plain"
)

// tmuxSession drives the real strikes binary in a real terminal.
type tmuxSession struct {
	t      *testing.T
	socket string
	status string
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %q: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", "e2e") }

// waitFor waits until the screen holds every text, and fails after 10 s.
func (s *tmuxSession) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a loaded machine
	for {
		scr := s.screen()
		missing := ""
		for _, t := range texts {
			if !strings.Contains(scr, t) {
				missing = t
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%q did not appear on the screen:\n%s", missing, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitForLine waits until a line of the screen starts with prefix.
func (s *tmuxSession) waitForLine(prefix string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a loaded machine
	for {
		scr := s.screen()
		for _, l := range strings.Split(scr, "\n") {
			if strings.HasPrefix(l, prefix) {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no line starting %q appeared on the screen:\n%s", prefix, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.tmux("send-keys", "-t", "e2e", k)
	}
}

func (s *tmuxSession) typeText(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", "e2e", "-l", "--", text)
}

// TestEndToEnd builds the binary and uses it as a person would: open the
// demo, filter, open the seed strike, compare its reports, read the help,
// make a possible link by hand, and quit with the terminal restored.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("the end-to-end test builds the binary and needs tmux; skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux; .ci/run installs it)")
	}
	if raceEnabled {
		t.Skip("the end-to-end test drives a binary built without the race detector: it runs in the plain go test")
	}
	// The build keeps the Go build cache that env's XDG_CACHE_HOME would
	// otherwise move (an empty cache makes it take minutes).
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	dir := env(t)
	bin := filepath.Join(dir, "strikes")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOCACHE="+strings.TrimSpace(string(gocache)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, socket: "strikes-e2e-" + filepath.Base(dir), status: filepath.Join(dir, "status")}
	cmd := "env XDG_CACHE_HOME=" + filepath.Join(dir, "cache") + " XDG_DATA_HOME=" + filepath.Join(dir, "data") +
		" XDG_CONFIG_HOME=" + filepath.Join(dir, "config") +
		" TERM=xterm-256color " + bin + "; echo $? > " + s.status + "; echo SHELL-AGAIN; sleep 60"
	s.tmux("new-session", "-d", "-s", "e2e", "-x", "160", "-y", "40", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	first := s.waitFor("demo data", "strikes")
	// The demo's count of strikes shown, which the linker decides; the
	// link made by hand below shows one fewer.
	m := regexp.MustCompile(`([0-9,]+) of ([0-9,]+) strikes`).FindStringSubmatch(first)
	if m == nil || m[1] != m[2] {
		t.Fatalf("the first screen has no count of strikes:\n%s", first)
	}
	total, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
	afterLink := plain.Thousands(total - 1)
	s.keys("/")
	s.typeText("actor:russia city:raqqa")
	s.keys("Enter")
	s.waitFor("actor:russia city:raqqa", "2015-12-06")
	// Narrow to the seed strike's day and open it.
	s.keys("/")
	s.typeText(" date:2015-12-06")
	s.keys("Enter")
	s.waitForLine("1 of ")
	s.keys("Enter")
	detail := s.waitFor("Syrian Observatory for Human Rights", "Raqqa is Being Slaughtered Silently")
	for _, want := range []string{"2015-12-06", "الرقة"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the detail view lacks %q:\n%s", want, detail)
		}
	}
	s.keys("c")
	cmp := s.waitFor("Sham News", "Associated Press", "Airwars", "Syrian Observatory")
	for _, want := range []string{"Syrian Observatory", "BBC", "at least 32"} {
		if !strings.Contains(cmp, want) {
			t.Errorf("the compare view lacks %q:\n%s", want, cmp)
		}
	}
	if !strings.Contains(strings.ToUpper(cmp), "CONTESTED") {
		t.Errorf("the compare view does not say the attribution is contested:\n%s", cmp)
	}
	s.keys("?")
	s.waitFor("help")
	for range 3 { // help, compare, detail: back to the list, at a person's pace
		s.keys("Escape")
		time.Sleep(300 * time.Millisecond)
	}
	s.waitForLine("1 of ")
	// Make a possible link by hand: an Airwars incident the linker left
	// beside three UCDP events of the same day in Raqqa goes under the
	// first, and the detail follows it there.
	s.keys("/", "C-u")
	s.typeText("code:CS1422")
	s.keys("Enter")
	// The list said "1 of" before too: wait for the incident's own row.
	s.waitFor("code:CS1422", "2017-08-27")
	s.waitForLine("1 of ")
	s.keys("Enter")
	s.waitFor("airwars:CS1422", "report 1/2")
	s.keys("p")
	s.waitFor("possible link 1/", "y make this link", "ucdp:247988")
	s.keys("y")
	s.waitFor("linked by hand: airwars:CS1422 is shown under ucdp:247988")
	s.keys("Escape") // to the strike, which now reads as the one it moved into
	s.waitFor("ucdp:247988 · codes CS1422")
	time.Sleep(time.Second)
	s.keys("Escape")
	s.waitForLine("1 of ")
	// The views of the filter: the timeline narrows the list to a period,
	// the breakdown to a row, each with a term added to the filter; esc
	// comes back from a view, and clears the filter in the list.
	s.keys("/", "C-u")
	s.typeText("city:raqqa")
	s.keys("Enter")
	s.waitFor("city:raqqa · by date")
	s.keys("T")
	s.waitFor("timeline · by month (auto) · split by attacker · city:raqqa ·", "enter lists date:")
	s.keys("-")
	s.waitFor("timeline · by year", "2018: 1 strike", "enter lists date:2018")
	s.keys("Enter")
	s.waitFor("1 of " + afterLink + " strikes · city:raqqa date:2018 ·") // one strike fewer: the link above
	s.keys("B")
	s.waitFor("breakdown by attacker", "city:raqqa date:2018 · 1 strike", "US-led coalition")
	s.keys("Enter")
	s.waitFor("1 of " + afterLink + " strikes · city:raqqa date:2018 actor:us-led-coalition ·")
	s.keys("T")
	s.waitFor("timeline · by year", "city:raqqa date:2018 actor:us-led-coalition · 1 strike")
	s.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	s.waitFor("1 of " + afterLink + " strikes · city:raqqa date:2018 actor:us-led-coalition ·")
	s.keys("Escape")
	s.waitFor(afterLink + " of " + afterLink + " strikes")
	// The map: the strikes without coordinates in the corner; the cursor
	// starts on the heaviest cell, and enter narrows the list to its town
	// (or its governorate, when its strikes lie in several towns).
	s.keys("/", "C-u")
	s.typeText("city:raqqa")
	s.keys("Enter")
	s.waitFor("city:raqqa · by date")
	s.keys("M")
	scr := s.waitFor("map · city:raqqa ·", "without coordinates", "enter lists ")
	if !strings.Contains(scr, "•") && !strings.Contains(scr, "●") {
		t.Errorf("the map draws no strike:\n%s", scr)
	}
	term := scr[strings.Index(scr, "enter lists ")+len("enter lists "):]
	term = strings.TrimSpace(strings.SplitN(strings.SplitN(term, " ·", 2)[0], "\n", 2)[0])
	s.keys("Enter")
	s.waitFor("city:raqqa " + term + " · by date")
	s.keys("M")
	s.waitFor("map · city:raqqa " + term + " ·")
	s.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	s.keys("Escape")
	s.waitFor(afterLink + " of " + afterLink + " strikes")
	// The columns: the place hidden and the killed moved first (shift+↑
	// twice, K once), kept in the config file.
	s.keys("C")
	s.waitFor("enter applies", "[x] place")
	s.keys("Down", "Space")
	s.waitFor("[ ] place")
	s.keys("Down", "Down", "Down", "Down", "S-Up", "S-Up", "K")
	s.waitFor("▸ [x] killed")
	s.keys("Enter")
	s.waitFor("columns: date, killed, governorate")
	b, err := os.ReadFile(filepath.Join(dir, "config", "strikes", "config.json"))
	if err != nil || !regexp.MustCompile(`"columns": \[\s*"date",\s*"killed",\s*"governorate"`).Match(b) {
		t.Errorf("the config file after choosing the columns (%v):\n%s", err, b)
	}
	s.keys("q")
	after := s.waitFor("SHELL-AGAIN")
	status, err := os.ReadFile(s.status)
	if err != nil || strings.TrimSpace(string(status)) != "0" {
		t.Errorf("strikes exited with %q (%v), want 0", status, err)
	}
	// The alternate screen is gone: the dashboard's status line is not left behind.
	if strings.Contains(after, " of "+afterLink+" strikes") {
		t.Errorf("the terminal was not restored:\n%s", after)
	}
}
