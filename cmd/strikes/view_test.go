package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui"
)

func TestViewCommands(t *testing.T) {
	dir := env(t)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	run := strikesOn(t, filepath.Join(dir, "none.db"))
	if out := run("view", "list"); !strings.Contains(out, "no saved views yet") {
		t.Errorf("view list with none: %s", out)
	}
	run("view", "save", "review", "link:possible", "status:pending")
	run("view", "save", "deadliest", "city:raqqa", "--sort", "killed")
	run("view", "save", "Review", "link:possible") // replaces, whatever the case
	out := run("view", "list")
	if !strings.Contains(out, "Review\tlink:possible\t(by date)") || !strings.Contains(out, "deadliest\tcity:raqqa\t(by killed)") || strings.Count(out, "\n") != 2 {
		t.Errorf("view list:\n%s", out)
	}
	for _, args := range [][]string{{"view", "save", "bad", "actor:"}, {"view", "save", "bad", "x", "--sort", "colour"}} {
		if _, errOut, code := strikes(t, args...); code != 2 || !strings.Contains(errOut, "nothing was saved") {
			t.Errorf("%q: exit %d: %s", args, code, errOut)
		}
	}
	if _, errOut, code := strikes(t, "view", "delete", "nosuch"); code != 1 || !strings.Contains(errOut, `no view named "nosuch"`) {
		t.Errorf("delete nosuch: exit %d: %s", code, errOut)
	}
	run("view", "delete", "deadliest")
	if out := run("view", "list"); strings.Contains(out, "deadliest") {
		t.Errorf("after delete:\n%s", out)
	}
	// The dashboard gets the views, and remembers the last filter per store.
	a := &app{errOut: os.Stderr}
	var opts ui.Options
	a.dashboardViews(&opts, filepath.Join(dir, "s.db"))
	if len(opts.Views) != 1 || opts.Views[0].Name != "Review" || opts.Query != "" {
		t.Fatalf("options %+v", opts)
	}
	opts.Remember("city:raqqa", model.ByKilled, true)
	var again ui.Options
	a.dashboardViews(&again, filepath.Join(dir, "s.db"))
	if again.Query != "city:raqqa" || again.Sort != model.ByKilled || !again.Reverse {
		t.Errorf("reopened with %q %v %v", again.Query, again.Sort, again.Reverse)
	}
	var other ui.Options
	a.dashboardViews(&other, filepath.Join(dir, "other.db"))
	if other.Query != "" {
		t.Errorf("another store opened with %q", other.Query)
	}
	// A damaged config file is said, not a crash.
	path, _ := configPath()
	os.WriteFile(path, []byte("{not json"), 0o644)
	if _, errOut, code := strikes(t, "view", "list"); code != 1 || !strings.Contains(errOut, "is not a strikes config file") {
		t.Errorf("a damaged config: exit %d: %s", code, errOut)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{`{"views":[{"name":"a","query":"city:raqqa","sort":"killed"}],"last":{"/x.db":{"query":"","sort":"date"}}}`,
		`{}`, ``, `{"columns":["killed","sparkline",""]}`, `{"views":[{"name":"","query":""}]}`, `{"views":[{"name":"a","query":"actor:"}]}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseConfig(b, "config.json")
		if err != nil {
			return
		}
		for _, v := range c.Views {
			if strings.TrimSpace(v.Name) == "" {
				t.Fatalf("a view without a name was accepted: %q", b)
			}
			if _, err := model.ParseQuery(v.Query); err != nil {
				t.Fatalf("a bad query was accepted: %q", b)
			}
			uiView(v)
		}
	})
}

func TestDashboardExport(t *testing.T) {
	dir := env(t)
	t.Setenv("USER", "alice")
	db := filepath.Join(dir, "strikes.db")
	run := strikesOn(t, db)
	article, airwars := seedFiles(t, dir)
	run("import", article)
	run("import", airwars)
	run("tag", "RS0232", "hospital")
	src := &dashSource{path: db}
	out := filepath.Join(dir, "out.jsonl")
	n, err := src.Export(context.Background(), "tag:hospital", out)
	if err != nil || n != 1 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), `"id":"airwars:RS0232"`) || !strings.Contains(string(b), `{"desk":{"target":"airwars:RS0232"`) {
		t.Errorf("the export:\n%s", b)
	}
	if _, err := src.Export(context.Background(), "", out); err == nil {
		t.Error("an export over an existing file was made")
	}
	if b2, _ := os.ReadFile(out); string(b2) != string(b) {
		t.Error("a refused export changed the file")
	}
}

// The list's columns go to the config file when chosen and come back
// with the next dashboard; names it does not know are kept in the file
// and passed over by the dashboard, never an error.
func TestDashboardColumns(t *testing.T) {
	dir := env(t)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	var errOut strings.Builder
	a := &app{errOut: &errOut}
	db := filepath.Join(dir, "s.db")
	var opts ui.Options
	a.dashboardViews(&opts, db)
	if opts.Columns != nil || opts.SaveColumns == nil {
		t.Fatalf("first options: columns %q, save %v", opts.Columns, opts.SaveColumns != nil)
	}
	if err := opts.SaveColumns([]string{"killed", "date", "place"}); err != nil {
		t.Fatal(err)
	}
	// The filter remembered on closing and a view saved keep the columns.
	opts.Remember("city:raqqa", model.ByKilled, false)
	strikesOn(t, db)("view", "save", "deadliest", "city:raqqa")
	var again ui.Options
	a.dashboardViews(&again, db)
	if strings.Join(again.Columns, " ") != "killed date place" || again.Query != "city:raqqa" || len(again.Views) != 1 {
		t.Fatalf("reopened with columns %q, query %q, %d views", again.Columns, again.Query, len(again.Views))
	}
	// Every column again: the file keeps no choice.
	if err := again.SaveColumns(nil); err != nil {
		t.Fatal(err)
	}
	path, _ := configPath()
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "columns") {
		t.Errorf("the config keeps columns after every one was chosen:\n%s", b)
	}
	// A file from another version, with columns this one does not know.
	os.WriteFile(path, []byte(`{"columns": ["killed", "sparkline", "", "killed", "actors"]}`), 0o644)
	var other ui.Options
	a.dashboardViews(&other, db)
	if strings.Join(other.Columns, ",") != "killed,sparkline,,killed,actors" || errOut.Len() > 0 {
		t.Fatalf("columns %q, said %q", other.Columns, errOut.String())
	}
	m, _ := ui.New(context.Background(), noStrikes{}, other).Update(tea.WindowSizeMsg{Width: 120, Height: 10})
	head := strings.Split(ansi.Strip(m.View().Content), "\n")[1]
	if !regexp.MustCompile(`^ +date ↓ +killed +actors +$`).MatchString(head) {
		t.Errorf("the dashboard with unknown columns is headed %q", head)
	}
	// Columns that are not strings are a damaged file, said as one.
	os.WriteFile(path, []byte(`{"columns": [1, 2]}`), 0o644)
	if _, errOut, code := strikes(t, "view", "list"); code != 1 || !strings.Contains(errOut, "is not a strikes config file") {
		t.Errorf("columns of numbers: exit %d: %s", code, errOut)
	}
}

// noStrikes is a source of nothing, for a dashboard's first screen.
type noStrikes struct{}

func (noStrikes) Summaries(context.Context) ([]model.Summary, uint64, error) { return nil, 1, nil }
func (noStrikes) Strike(context.Context, string) (model.Strike, error) {
	return model.Strike{}, os.ErrNotExist
}
func (noStrikes) Generation(context.Context) (uint64, error) { return 1, nil }
func (noStrikes) Label() string                              { return "nothing" }
