package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

// hostileStrike carries terminal escapes, bidi and zero-width tricks, a
// huge field, a long word and wide scripts in every text field.
func hostileStrike() model.Strike {
	evil := "\x1b[31mRED\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x9b31m \u009b2J " +
		"\u202Eevil\u202C \u2066iso\u2069 zero\u200Bwidth\uFEFF"
	long := strings.Repeat("x", 100_000)
	word := strings.Repeat("W", 200)
	mixed := "الرقة 東京 🇸🇾 👩‍👩‍👧"
	s := seed.Strike()
	s.ID = "hostile:1\x1b[31m"
	s.Place.Name = evil + mixed
	s.Place.NameAR = "الرقة\u202E"
	s.Place.Admin1 = word
	s.Status = long
	s.Grading = evil
	s.Codes = []string{evil, word}
	for i := range s.Reports {
		r := &s.Reports[i]
		r.Source = evil + " " + mixed
		r.Via = []string{word, evil}
		r.Summary = long
		r.PlaceDetail = evil + mixed
		r.Assessment = word
		r.Actors = append(r.Actors, model.ActorRef{Name: evil, Key: "evil\x1b[31m", Role: model.RoleAttacker})
		r.Notes = append(r.Notes, model.Note{Key: evil, Value: long})
		r.URLs = append(r.URLs, "https://example.org/\x1b]52;c;aGk=\x07", "javascript:alert(1)", "https://ok.example/"+word)
		r.Cites = append(r.Cites, model.Citation{Name: evil, URL: "http://x.example/\x07\x1b\\"})
	}
	return s
}

func TestHostileTextIsInert(t *testing.T) {
	opts := testOptions()
	src := newFake(hostileStrike(), seed.Strike())
	for _, w := range []int{20, 40, 80, 120, 200} {
		d := newDriver(t, src, opts, w, 30)
		check := func(where string) {
			t.Helper()
			raw := d.raw()
			for _, bad := range []string{"\x1b]52", "\x1b[31m", "\x9b", "\u009b", "\u202E", "\u2066", "\u200B", "\uFEFF"} {
				if strings.Contains(raw, bad) {
					t.Fatalf("%s at width %d: raw output contains %q", where, w, bad)
				}
			}
			// the only OSC 8 links are ours, to re-encoded web links
			for _, part := range strings.Split(raw, "\x1b]8;;")[1:] {
				link, _, _ := strings.Cut(part, "\x07")
				if link != "" && !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") {
					t.Fatalf("%s at width %d: hyperlink to %q", where, w, link)
				}
				if strings.ContainsAny(link, "\x1b\x9b ") {
					t.Fatalf("%s at width %d: hyperlink %q carries controls", where, w, link)
				}
			}
			for _, l := range strings.Split(d.screen(), "\n") {
				if width(l) > w {
					t.Fatalf("%s at width %d: line %q is %d wide", where, w, l, width(l))
				}
			}
		}
		check("list")
		d.send(openMsg{id: hostileStrike().ID, to: screenDetail})
		if d.m.r.top() != screenDetail {
			t.Fatal("the hostile strike did not open")
		}
		check("detail")
		for range 5 {
			d.keys("tab", "pgdown", "pgdown")
			check("detail, scrolled")
		}
		d.keys("c")
		check("compare")
		d.keys("l", "l", "G")
		check("compare, scrolled")
		d.keys("esc", "esc")
	}
}

func TestCleanRemovesControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                 "plain",
		"a\x1b[31mb":            "a�[31mb",
		"tab\there\nline":       "tab here line",
		"\u202Eevil\u202C":      "evil",
		"zero\u200Bwidth":       "zerowidth",
		"c1\u009bx":             "c1�x",
		"bad\xffutf8":           "bad�utf8",
		"الرقة":                 "الرقة",
		"osc\x1b]52;c;aGk=\x07": "osc�]52;c;aGk=�",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if n := len([]rune(clean(strings.Repeat("y", 100_000)))); n > 100_000 {
		t.Errorf("a 100,000-rune field was not capped: %d", n)
	}
}

func TestSafeURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://airwars.org/x":           true,
		"http://eng.mil.ru/en/?f=566&b=1": true,
		"javascript:alert(1)":             false,
		"file:///etc/passwd":              false,
		"https://x.example/\x1b]52;c;x\a": true, // made inert and re-encoded
		"":                                false,
	} {
		got, gotOK := safeURL(in)
		if gotOK != ok {
			t.Errorf("safeURL(%q) ok = %v, want %v", in, gotOK, ok)
		}
		if strings.ContainsAny(got, "\x1b\a\x9b ") {
			t.Errorf("safeURL(%q) = %q carries control characters", in, got)
		}
	}
}

func TestNoColorHasNoColour(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(5)...), testOptions(), 120, 30))
	d.send(tea.BackgroundColorMsg{})
	d.keys("c")
	if raw := d.raw(); strings.Contains(raw, "38;") || strings.Contains(raw, "48;") {
		t.Fatal("NoColor output sets a colour")
	}
}
