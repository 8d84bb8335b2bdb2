package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

var goldenWidths = []int{40, 80, 120, 160, 200}

// openSeed filters the list down to the seed strike and opens it.
func openSeed(d *driver) *driver {
	d.keys("/").typeText("code:RS0232").keys("enter")
	return d.keys("enter")
}

func TestGoldenList(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := newDriver(t, newFake(testStrikes(40)...), testOptions(), w, 30)
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenDetail(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := openSeed(newDriver(t, newFake(testStrikes(40)...), testOptions(), w, 30))
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenCompare(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := openSeed(newDriver(t, newFake(testStrikes(40)...), testOptions(), w, 30)).keys("c")
			golden.RequireEqual(t, d.screen())
		})
	}
}

func TestGoldenHelp(t *testing.T) {
	d := newDriver(t, newFake(testStrikes(5)...), testOptions(), 80, 30).keys("?")
	golden.RequireEqual(t, d.screen())
}

// TestScreensFit checks every golden-sized screen stays inside the terminal.
func TestScreensFit(t *testing.T) {
	for _, w := range goldenWidths {
		d := openSeed(newDriver(t, newFake(testStrikes(40)...), testOptions(), w, 30))
		for _, step := range []string{"", "c"} {
			d.keys(strings.Fields(step)...)
			assertFits(t, d, w, 30)
		}
	}
}

func assertFits(t *testing.T, d *driver, w, h int) {
	t.Helper()
	lines := strings.Split(d.screen(), "\n")
	if len(lines) > h {
		t.Fatalf("%d lines on a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if got := width(l); got > w {
			t.Fatalf("line %d is %d wide on a %d-wide terminal: %q", i, got, w, l)
		}
	}
}
