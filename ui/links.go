package ui

import (
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// safeURL returns a link from data fit to put in a hyperlink or hand to a
// browser: http or https only, re-encoded so it carries no control
// characters. ok is false for anything else.
func safeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(clean(raw))
	if raw == "" || len(raw) > 4096 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	s := u.String()
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] >= 0x7f {
			return "", false
		}
	}
	return s, true
}

// hyperlink renders text as a terminal hyperlink (OSC 8) to link, which
// must come from safeURL.
func hyperlink(link, text string) string {
	if link == "" {
		return text
	}
	return ansi.SetHyperlink(link) + text + ansi.ResetHyperlink()
}

// openInBrowser starts $BROWSER (or xdg-open, or open on macOS) on link
// without waiting for it.
func openInBrowser(link string) error {
	prog := os.Getenv("BROWSER")
	if i := strings.IndexByte(prog, ':'); i >= 0 {
		prog = prog[:i]
	}
	args := strings.Fields(prog)
	switch {
	case len(args) == 0 && runtime.GOOS == "darwin":
		args = []string{"open"}
	case len(args) == 0:
		args = []string{"xdg-open"}
	}
	replaced := false
	for i, a := range args {
		if strings.Contains(a, "%s") {
			args[i] = strings.ReplaceAll(a, "%s", link)
			replaced = true
		}
	}
	if !replaced {
		args = append(args, link)
	}
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // reaped only; the browser's fate is its own
	return nil
}

// openCmd opens link off the UI loop and reports the outcome.
func openCmd(open func(string) error, link string) tea.Cmd {
	return func() tea.Msg {
		if err := open(link); err != nil {
			return noteMsg{text: "could not open " + link + ": " + err.Error(), err: true}
		}
		return noteMsg{text: "opened " + link}
	}
}

// copyCmd copies link to the clipboard (OSC 52) and says so.
func copyCmd(link string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(link), send(noteMsg{text: "copied " + link}))
}
