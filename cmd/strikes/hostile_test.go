package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui/plain"
)

// hostile is text a data file might carry to attack a terminal or a
// reader: SGR, OSC 52 (a clipboard write), OSC 8 (a link), C1 CSI as a
// byte and as a character, other C0 controls, a bidi override and
// isolate, and zero-width characters.
const hostile = "\x1b[31mRED\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x9b31m \u009b2J " +
	"bell\x07 back\x08 \u202Eevil\u202C \u2066iso\u2069 zero\u200Bwidth\uFEFF"

// wide is text whose display width is not its length.
const wide = "الرقة 東京 🇸🇾 👩‍👩‍👧"

// hostileJSONL writes a strike with hostile text in every field, and the
// seed strike, as JSON Lines.
func hostileJSONL(t *testing.T, path string) model.Strike {
	t.Helper()
	long := strings.Repeat("x", 100_000)
	word := strings.Repeat("W", 200)
	s := seed.Strike()
	s.ID = "hostile:1"
	s.Place.Name = hostile + wide
	s.Place.NameAR = "الرقة\u202E"
	s.Place.Admin1 = word
	// Placed nowhere the linker can match, or it would be shown under the
	// seed strike (same day, same place, another dataset).
	s.Place.Key, s.Place.HasCoords = "", false
	s.Status = long
	s.Grading = hostile
	s.Codes = []string{"HX1", word}
	for i := range s.Reports {
		r := &s.Reports[i]
		r.Dataset = "hostile"
		r.Source = hostile + " " + wide
		r.Via = []string{word, hostile}
		r.Summary = long
		r.PlaceDetail = hostile + wide
		r.Assessment = word
		r.Actors = append(r.Actors, model.ActorRef{Name: hostile, Key: "evil\x1b[31m", Role: model.RoleAttacker})
		r.Notes = append(r.Notes, model.Note{Key: hostile, Value: long})
		r.URLs = append(r.URLs, "https://example.org/\x1b]52;c;aGk=\x07", "javascript:alert(1)")
	}
	var b strings.Builder
	if err := ingest.EncodeJSON(&b, &s); err != nil {
		t.Fatal(err)
	}
	calm := seed.Strike()
	if err := ingest.EncodeJSON(&b, &calm); err != nil {
		t.Fatal(err)
	}
	evilID := seed.Strike()
	evilID.ID = "evil:\x1b]8;;http://x.example\x07RS\u202E1\x9b"
	evilID.Codes = nil
	if err := ingest.EncodeJSON(&b, &evilID); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// terminalUnsafe lists what must never reach a terminal from data.
var terminalUnsafe = []string{"\x1b", "\x9b", "\u009b", "\x07", "\x08", "\u202E", "\u202C", "\u2066", "\u2069", "\u200B", "\uFEFF"}

func wantInert(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range terminalUnsafe {
		if i := strings.Index(out, bad); i >= 0 {
			t.Errorf("%s: the output carries %q from the data at byte %d: %q", what, bad, i, out[max(0, i-40):min(len(out), i+40)])
		}
	}
}

// TestHostileTextCLI imports hostile text and prints it every way the CLI
// can: text output is inert and aligned; JSON is valid and carries the
// text exactly, escaped so that it too is inert on a terminal.
func TestHostileTextCLI(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	in := filepath.Join(dir, "hostile.jsonl")
	want := hostileJSONL(t, in)
	if _, errOut, code := strikes(t, "--db", db, "import", in); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}

	// Text output: inert, aligned where the values allow, and not cut
	// (off a terminal; TestListWidths holds the terminal's widths).
	out, errOut, code := strikes(t, "--db", db, "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	wantInert(t, "list", out+errOut)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("list printed %d lines, want 4:\n%s", len(lines), out)
	}
	col := func(l, s string) int { i := strings.Index(l, s); return plain.Width(l[:max(i, 0)]) }
	for _, l := range lines[1:] {
		if got, want := col(l, "2015-12-06"), col(lines[0], "DATE"); got != want {
			t.Errorf("list: the date is at column %d, under the header at %d:\n%s", got, want, out)
		}
		if strings.Contains(l, "…") {
			t.Errorf("list: a value is cut off a terminal: %q", l)
		}
	}
	for _, args := range [][]string{{"show", "hostile:1"}, {"compare", "hostile:1", "--width", "100"}, {"compare", "hostile:1"}, {"datasets"}} {
		out, errOut, code := strikes(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", joinArgs(args), code, errOut)
		}
		wantInert(t, joinArgs(args), out+errOut)
		if args[0] == "compare" && len(args) > 2 {
			for _, l := range strings.Split(out, "\n") {
				if w := plain.Width(l); w > 100 {
					t.Errorf("compare --width 100: a line %d wide: %q", w, l)
				}
			}
		}
		if args[0] != "datasets" && (!strings.Contains(out, "الرقة") || !strings.Contains(out, "東京")) {
			t.Errorf("%s: the Arabic or CJK text is lost", joinArgs(args))
		}
	}
	// Errors that quote data are inert too.
	_, errOut, _ = strikes(t, "--db", db, "show", "no\x1b]52;c;aGk=\x07such")
	wantInert(t, "show's error", errOut)

	// JSON: valid, exact, and inert.
	for _, args := range [][]string{{"show", "hostile:1", "--json"}, {"list", "--json"}, {"compare", "hostile:1", "--json"}, {"export"}} {
		out, errOut, code := strikes(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", joinArgs(args), code, errOut)
		}
		wantInert(t, joinArgs(args), out)
		dec := json.NewDecoder(strings.NewReader(out))
		n := 0
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s: not valid JSON: %v", joinArgs(args), err)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no JSON", joinArgs(args))
		}
	}
	out, _, _ = strikes(t, "--db", db, "show", "hostile:1", "--json")
	var got struct {
		Place   string `json:"place"`
		Reports []struct {
			Source string `json:"source"`
			Notes  []struct {
				Key, Value string
			} `json:"notes"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// JSON cannot carry invalid UTF-8 (the lone 0x9b byte): it holds U+FFFD.
	if fix := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }; got.Place != fix(want.Place.Name) || got.Reports[0].Source != fix(want.Reports[0].Source) {
		t.Errorf("show --json does not carry the text exactly:\n%q\n%q", got.Place, want.Place.Name)
	}
}
