package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// listCount is how many strikes `strikes list QUERY --json` prints.
func listCount(t *testing.T, query string) int {
	t.Helper()
	out, errOut, code := strikes(t, "list", query, "--json")
	if code != 0 {
		t.Fatalf("list %q: exit %d: %s", query, code, errOut)
	}
	return strings.Count(out, "\n")
}

// TestBreakdownAgreesWithList holds the counts of `breakdown attacker Q`
// to `list 'Q actor:X' --json`, row by row, on the demo.
func TestBreakdownAgreesWithList(t *testing.T) {
	env(t)
	for _, q := range []string{"", "city:raqqa", "date:2016", "contested"} {
		out, errOut, code := strikes(t, "breakdown", "attacker", q, "--json")
		if code != 0 {
			t.Fatalf("breakdown attacker %q: exit %d: %s", q, code, errOut)
		}
		var b breakdownJSON
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatalf("breakdown attacker %q --json: %v\n%s", q, err, out)
		}
		if len(b.Rows) == 0 {
			t.Fatalf("breakdown attacker %q: no rows", q)
		}
		if b.Strikes != listCount(t, q) {
			t.Errorf("breakdown attacker %q holds %d strikes, list %d", q, b.Strikes, listCount(t, q))
		}
		for _, r := range b.Rows {
			if want := listCount(t, strings.TrimSpace(q+" "+r.Term)); r.Strikes != want {
				t.Errorf("breakdown attacker %q: %s has %d strikes, list '%s %s' %d", q, r.Key, r.Strikes, q, r.Term, want)
			}
		}
	}
}

// TestTimelineCLI checks the timeline's table and JSON on the demo: every
// strike once, the periods' strikes and series adding up, and the band
// never counting a strike without a figure.
func TestTimelineCLI(t *testing.T) {
	env(t)
	out, errOut, code := strikes(t, "timeline", "--json", "--by", "month", "city:raqqa")
	if code != 0 {
		t.Fatalf("timeline: exit %d: %s", code, errOut)
	}
	var tl timelineJSON
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatalf("timeline --json: %v\n%s", err, out)
	}
	if tl.Strikes != listCount(t, "city:raqqa") {
		t.Errorf("the timeline holds %d strikes, list city:raqqa %d", tl.Strikes, listCount(t, "city:raqqa"))
	}
	in := 0
	for _, p := range tl.Periods {
		n := 0
		for _, c := range p.BySeries {
			n += c
		}
		if n != p.Strikes {
			t.Errorf("%s: the series add to %d, the period holds %d", p.Period, n, p.Strikes)
		}
		if p.Killed.Strikes+p.Killed.NoFigure != p.Strikes {
			t.Errorf("%s: %d with a figure and %d without, of %d", p.Period, p.Killed.Strikes, p.Killed.NoFigure, p.Strikes)
		}
		if p.Killed.Strikes == 0 && p.Killed.Low != nil {
			t.Errorf("%s: a band with no figure reads %d", p.Period, *p.Killed.Low)
		}
		in += p.Strikes
	}
	if in+tl.Undated+tl.Loose != tl.Strikes {
		t.Errorf("%d in periods + %d undated + %d loose != %d", in, tl.Undated, tl.Loose, tl.Strikes)
	}
	if len(tl.Periods) > 0 {
		p := tl.Periods[0]
		if got := listCount(t, "city:raqqa "+p.Term); got < p.Strikes {
			t.Errorf("list 'city:raqqa %s' finds %d, fewer than the period's %d", p.Term, got, p.Strikes)
		}
	}
	text, _, code := strikes(t, "timeline", "--by", "year", "city:raqqa")
	if code != 0 || !strings.Contains(text, "strikes by year, split by attacker") || !strings.Contains(text, "in the periods") {
		t.Errorf("timeline text (exit %d):\n%s", code, text)
	}
	for _, bad := range [][]string{{"timeline", "--by", "fortnight"}, {"timeline", "--split", "colour"}, {"timeline", "--killed", "cats"}, {"breakdown", "colour"}, {"breakdown"}} {
		if _, errOut, code := strikes(t, bad...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, want 2 with a sentence (%q)", bad, code, errOut)
		}
	}
}

// TestMapCLI draws the demo's map at four widths (goldens) and holds its
// counts to the list's: every strike that matches is drawn, located or
// as an area, or counted as without coordinates.
func TestMapCLI(t *testing.T) {
	env(t)
	for _, w := range []int{60, 80, 120, 200} {
		t.Run(strconv.Itoa(w), func(t *testing.T) {
			out, errOut, code := strikes(t, "map", "--width", strconv.Itoa(w), "--height", strconv.Itoa(w/4))
			if code != 0 {
				t.Fatalf("map: exit %d: %s", code, errOut)
			}
			golden.RequireEqual(t, out)
		})
	}
	for _, q := range []string{"", "city:raqqa", "date:2017-06"} {
		out, errOut, code := strikes(t, "map", q)
		if code != 0 {
			t.Fatalf("map %q: exit %d: %s", q, code, errOut)
		}
		var n, without, located, area int
		lines := strings.Split(strings.TrimSpace(out), "\n")
		fmt.Sscanf(strings.ReplaceAll(lines[0], ",", ""), "map of %d strikes · %d without", &n, &without)
		fmt.Sscanf(strings.ReplaceAll(lines[len(lines)-1], ",", ""), "%d located %d known", &located, &area)
		if want := listCount(t, q); n != want || located+area+without != n {
			t.Errorf("map %q: %d strikes (%d located, %d areas, %d without coordinates); list finds %d:\n%s", q, n, located, area, without, want, out)
		}
	}
	if _, _, code := strikes(t, "map", "--width", "5"); code != 2 {
		t.Errorf("map --width 5: exit %d, want 2", code)
	}
}
