package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestListNeverCutsIDs: off a terminal strikes list cuts nothing, so that
// every ID (those an --id-prefix makes are long) can be copied into show.
func TestListNeverCutsIDs(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "user.db")
	file := filepath.Join(dir, "events.csv")
	writeUCDP(t, file, 0, 5, 0)
	if _, errOut, code := strikes(t, "--db", db, "import", "--id-prefix", "second-analyst-copy/", file); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := strikes(t, "--db", db, "list")
	if code != 0 {
		t.Fatal(errOut)
	}
	long := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		id := strings.Fields(line)[0]
		if strings.Contains(line, "…") {
			t.Fatalf("a line is cut: %q", line)
		}
		if len(id) > 30 {
			long++
		}
		if _, errOut, code := strikes(t, "--db", db, "show", id); code != 0 {
			t.Errorf("show %s (an ID as list printed it): %s", id, errOut)
		}
	}
	if long != 5 {
		t.Errorf("%d long IDs listed, want 5:\n%s", long, out)
	}
}

// TestNegatedQueryArgs: a query term that begins with "-" is a query
// term, not an unknown flag, in one argument or several, before or after
// the flags; "--" still works.
func TestNegatedQueryArgs(t *testing.T) {
	env(t)
	want, _, _ := strikes(t, "list", "--json", "city:raqqa -contested -actor:russia")
	if strings.Count(want, "\n") < 10 {
		t.Fatalf("the query finds %d strikes", strings.Count(want, "\n"))
	}
	for _, args := range [][]string{
		{"list", "--json", "city:raqqa", "-contested", "-actor:russia"},
		{"list", "-contested", "--json", "city:raqqa", "-actor:russia"},
		{"list", "--json", "--", "city:raqqa", "-contested", "-actor:russia"},
	} {
		out, errOut, code := strikes(t, args...)
		if code != 0 || out != want {
			t.Errorf("%q: exit %d, %d lines (want %d); %s", args, code, strings.Count(out, "\n"), strings.Count(want, "\n"), errOut)
		}
	}
	if out, errOut, code := strikes(t, "export", "-contested", "--format", "jsonl"); code != 0 || strings.Contains(out, `"contested":true`) {
		t.Errorf("export -contested: exit %d, %s", code, errOut)
	}
}

// TestListHelpNamesEveryField: list --help names every field the query
// language has, from its one declaration.
func TestListHelpNamesEveryField(t *testing.T) {
	env(t)
	out, _, code := strikes(t, "list", "--help")
	if code != 0 {
		t.Fatalf("list --help exited %d", code)
	}
	for _, f := range model.QueryFields() {
		if !strings.Contains(out, f+":") && !strings.Contains(out, f+">") && !strings.Contains(out, f+"<") && !strings.Contains(out, " "+f+" ") {
			t.Errorf("list --help does not name the field %s:\n%s", f, out)
		}
	}
}
