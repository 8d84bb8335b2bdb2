package plain_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/ui/plain"
)

func TestCompareSeedText(t *testing.T) {
	s := seed.Strike()
	for _, width := range []int{0, 80, 160} {
		var buf bytes.Buffer
		if err := plain.Compare(&buf, &s, width); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		t.Logf("width %d:\n%s", width, out)
		for _, want := range []string{"CONTESTED", "Russia (4 reports, 1 suspected)", "US-led coalition", "compatible", "Syrian Observatory", "BBC ←", "Associated Press ←", "Airwars", "at least 32", "some (no", "≠", "single source", "agree", "differ"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: output lacks %q", width, want)
			}
		}
		if width > 0 {
			for _, l := range strings.Split(out, "\n") {
				if plain.Width(l) > width {
					t.Errorf("width %d: line too wide (%d): %q", width, plain.Width(l), l)
				}
			}
		}
	}
}

func TestInert(t *testing.T) {
	tests := map[string]string{
		"plain":                   "plain",
		"red \x1b[31mtext":        "red �[31mtext",
		"clip \x1b]52;c;aGk=\x07": "clip �]52;c;aGk=�",
		"c1 \u009b31m":            "c1 �31m",
		"bidi \u202egnp.exe":      "bidi gnp.exe",
		"zero\u200bwidth":         "zerowidth",
		"tab\tnew\nline":          "tab new line",
		"الرقة":                   "الرقة",
		"👨\u200d👩\u200d👧 family":  "👨\u200d👩\u200d👧 family",
		"bad \xff byte":           "bad � byte",
	}
	for in, want := range tests {
		if got := plain.Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("x", 100000)
	if got := plain.Inert(long); len([]rune(got)) != plain.MaxField+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("Inert of a 100,000-character field kept %d runes", len([]rune(got)))
	}
}

// TestListWidths: on a terminal the flexible columns give way and the ID
// never does; off one nothing is cut.
func TestListWidths(t *testing.T) {
	sums := []model.Summary{{ID: "airwars:DEBSYR260302a-long-id", Place: strings.Repeat("Al-Fatih, Jableh District ", 3),
		Actors: []string{"russia", "us-led-coalition", "syrian-regime"}, Datasets: []string{"Airwars", "UCDP GED"}}}
	for _, width := range []int{0, 110, 200} {
		var b strings.Builder
		if err := plain.List(&b, sums, width); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
		row := lines[1]
		if !strings.HasPrefix(row, sums[0].ID+"  ") {
			t.Errorf("width %d: the ID is cut: %q", width, row)
		}
		switch {
		case width == 0 && (strings.Contains(row, "…") || !strings.Contains(row, sums[0].Place)):
			t.Errorf("off a terminal the row is cut: %q", row)
		case width > 0 && plain.Width(row) > width:
			t.Errorf("width %d: the row is %d wide: %q", width, plain.Width(row), row)
		}
	}
}
