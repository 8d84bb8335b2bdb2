package model_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

var update = flag.Bool("update", false, "rewrite the query table of ../README.md from model.QueryTable")

// readmeTable finds the table of the README's section on the query
// language: the lines that start with "|" after its heading, and where
// they start and end in the file.
func readmeTable(t *testing.T, readme string) (table string, lo, hi int) {
	t.Helper()
	const heading = "\n### The query language\n"
	h := strings.Index(readme, heading)
	if h < 0 {
		t.Fatalf("README.md has no %q section", strings.TrimSpace(heading))
	}
	lo = strings.Index(readme[h:], "\n|")
	if lo < 0 {
		t.Fatal("the README's query language section has no table")
	}
	lo += h + 1
	hi = lo
	for hi < len(readme) && readme[hi] == '|' {
		end := strings.IndexByte(readme[hi:], '\n')
		if end < 0 {
			hi = len(readme)
			break
		}
		hi += end + 1
	}
	return readme[lo:hi], lo, hi
}

// TestREADMEQueryTable checks that the README's table of the query
// language is the one made from the fields (model.QueryTable). Run with
// -update to rewrite it.
func TestREADMEQueryTable(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the README is needed to check its query table: %v", err)
	}
	readme := string(b)
	got, lo, hi := readmeTable(t, readme)
	want := model.QueryTable()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:lo]+want+readme[hi:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's query table differs from model.QueryTable(); run go test ./model -run README -update\n got:\n%s\nwant:\n%s", got, want)
}

// TestQueryTable checks the table's shape: a header, a row for free
// words and for negation, and every field named in a row.
func TestQueryTable(t *testing.T) {
	table := model.QueryTable()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(lines) < 4 || lines[0] != "| query | matches |" || lines[1] != "|---|---|" {
		t.Fatalf("the table has no header:\n%s", table)
	}
	for _, l := range lines[2:] {
		if strings.Count(l, " | ") != 1 || !strings.HasPrefix(l, "| `") || !strings.HasSuffix(l, " |") {
			t.Errorf("row %q is not two cells", l)
		}
	}
	if !strings.Contains(lines[2], "free words") || !strings.Contains(lines[len(lines)-1], "negation") {
		t.Errorf("free words first and negation last:\n%s", table)
	}
	for _, f := range model.QueryFields() {
		if !strings.Contains(table, "`"+f) {
			t.Errorf("field %s is in no row:\n%s", f, table)
		}
	}
}

// TestQuoteValue checks that QuoteValue is the inverse of the parser's
// reading of a field's value, and leaves plain values bare.
func TestQuoteValue(t *testing.T) {
	tests := []struct {
		v, want string
	}{
		{"raqqa", "raqqa"},
		{"الرقة", "الرقة"},
		{"us-led-coalition", "us-led-coalition"},
		{"-raqqa", "-raqqa"},
		{"airwars:RS0232", "airwars:RS0232"},
		{"ar raqqah", `"ar raqqah"`},
		{"دير الزور", `"دير الزور"`},
		{`say "hi"`, `"say \"hi\""`},
		{`"`, `"\""`},
		{`a\b`, `"a\\b"`},
		{`\`, `"\\"`},
		{`trailing\`, `"trailing\\"`},
		{"tab\there", "\"tab\there\""},
		{"no\u00a0break", "\"no\u00a0break\""},
		{"line\nbreak", "\"line\nbreak\""},
		{" ", `" "`},
		{"- raqqa", `"- raqqa"`},
		{`-"x"`, `"-\"x\""`},
		{"", `""`},
	}
	for _, tt := range tests {
		got := model.QuoteValue(tt.v)
		if got != tt.want {
			t.Errorf("QuoteValue(%q) = %s, want %s", tt.v, got, tt.want)
		}
		if tt.v != "" {
			checkQuoteRoundTrip(t, tt.v)
		}
	}
}

func checkQuoteRoundTrip(t *testing.T, v string) {
	t.Helper()
	for _, field := range []string{"actor", "city", "source", "code", "id"} {
		text := field + ":" + model.QuoteValue(v)
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", text, err)
			continue
		}
		if len(q.Terms) != 1 || q.Terms[0].Field != field || q.Terms[0].Value != v {
			t.Errorf("ParseQuery(%q) = %+v, want one %s term of %q", text, q.Terms, field, v)
		}
	}
}

func FuzzQuoteValue(f *testing.F) {
	for _, s := range []string{"raqqa", "ar raqqah", `a "b" \c`, "الرقة", "-x", "\xff", "\u2003"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" {
			return
		}
		checkQuoteRoundTrip(t, v)
	})
}
