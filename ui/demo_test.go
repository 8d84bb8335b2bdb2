package ui

import (
	"context"
	"os"
	"testing"
)

// TestDemo runs the dashboard on the terminal over the test strikes; it
// runs only when STRIKES_DEMO is set (for trying it by hand or in tmux).
func TestDemo(t *testing.T) {
	if os.Getenv("STRIKES_DEMO") == "" {
		t.Skip("set STRIKES_DEMO=1 to run the dashboard on the terminal")
	}
	src := newFake(testStrikes(60)...)
	if os.Getenv("STRIKES_DEMO") == "big" {
		src = fakeOfSummaries(syntheticSummaries(1_000_000))
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	if err := Run(context.Background(), src, Options{Input: tty, Output: tty, NoColor: os.Getenv("NO_COLOR") != ""}); err != nil {
		t.Fatal(err)
	}
}
