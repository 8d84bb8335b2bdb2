package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestRandomKeysNeverPanic drives the dashboard with random keys, mouse
// events and sizes from 1x1 to 300x100, over strikes that include one
// full of hostile text, checking that every frame fits and that no ESC
// from the data reaches it.
func TestRandomKeysNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	keys := []string{"j", "k", "up", "down", "pgup", "pgdown", "ctrl+u", "ctrl+d", "g", "G", "home", "end",
		"enter", "esc", "backspace", "c", "/", "a", "t", "s", "S", "o", "y", "?", "tab", "shift+tab",
		"h", "l", "left", "right", "n", "N", "x", ":", "\"", "-", "1", "space", "r", "u", "T", "B", "+"}
	for run := range 4 {
		d := newDriver(t, newFake(append(testStrikes(40), hostileStrike())...), testOptions(), 80, 24)
		w, h := 80, 24
		for step := range 300 {
			switch rng.IntN(10) {
			case 0:
				w, h = 1+rng.IntN(300), 1+rng.IntN(100)
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
			case 1:
				d.send(tea.MouseClickMsg{X: rng.IntN(w + 2), Y: rng.IntN(h + 2), Button: tea.MouseLeft})
			case 2:
				d.send(tea.MouseWheelMsg{Button: []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown}[rng.IntN(2)]})
			default:
				k := keys[rng.IntN(len(keys))]
				if k == "q" {
					continue
				}
				d.keys(k)
			}
			if d.quit {
				t.Fatalf("run %d step %d: quit unexpectedly", run, step)
			}
			if raw := d.raw(); strings.Contains(raw, "\x1b[31m") || strings.Contains(raw, "\x1b]52") || strings.Contains(raw, "\u009b") {
				t.Fatalf("run %d step %d: an escape from the data reached the screen", run, step)
			}
			lines := strings.Split(d.screen(), "\n")
			if len(lines) > h {
				t.Fatalf("run %d step %d: %d lines at height %d", run, step, len(lines), h)
			}
			for _, l := range lines {
				if width(l) > w {
					t.Fatalf("run %d step %d: line %q is wider than %d", run, step, l, w)
				}
			}
		}
	}
}

// TestEverySizeRenders renders every screen at a sweep of sizes.
func TestEverySizeRenders(t *testing.T) {
	d := openSeed(newDriver(t, newFake(testStrikes(10)...), testOptions(), 80, 24))
	for _, screen := range []string{"", "c", "?"} {
		d.keys(strings.Fields(screen)...)
		for w := 1; w <= 300; w += 7 {
			for h := 1; h <= 100; h += 9 {
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
				assertFits(t, d, w, h)
			}
		}
	}
}
