package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// testOptions turn off timers so commands can be run synchronously.
func testOptions() Options {
	return Options{NoColor: true, Debounce: -1, Poll: -1, OpenURL: func(string) error { return nil }}
}

// driver feeds messages to a Model and runs the commands they return,
// synchronously, feeding their messages back. Messages the dashboard does
// not know (terminal queries, clipboard) are recorded and dropped.
type driver struct {
	tb   testing.TB
	m    Model
	quit bool
	sent []tea.Msg
}

func newDriver(tb testing.TB, src Source, opts Options, w, h int) *driver {
	d := &driver{tb: tb, m: New(context.Background(), src, opts)}
	d.run(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func (d *driver) send(msgs ...tea.Msg) *driver {
	for _, msg := range msgs {
		_, cmd := d.m.Update(msg)
		d.run(cmd)
	}
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	var msg tea.Msg
	if d.m.r.top() == screenAssess {
		// The form's fields blink their cursors on timers, forever: a
		// command that does not answer at once is dropped.
		got := make(chan tea.Msg, 1)
		go func() { got <- cmd() }()
		select {
		case msg = <-got:
		case <-time.After(50 * time.Millisecond):
			return
		}
	} else {
		msg = cmd()
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	default:
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			for i := range v.Len() { // a sequence (tea.Sequence, as huh's forms start), in order
				d.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		if isTeaInternal(msg) {
			d.sent = append(d.sent, msg)
			return
		}
		d.send(msg)
	}
}

// isTeaInternal says whether msg is one of bubbletea's own requests to
// the terminal (background colour, clipboard), which a Program handles.
func isTeaInternal(msg tea.Msg) bool {
	return reflect.TypeOf(msg).PkgPath() == "charm.land/bubbletea/v2"
}

// keys sends key presses: named keys ("enter", "down", "esc", "pgdown",
// "ctrl+c", "tab", "shift+tab") or runs of literal characters.
func (d *driver) keys(ks ...string) *driver {
	for _, k := range ks {
		d.send(keyMsg(k))
	}
	return d
}

func (d *driver) typeText(s string) *driver {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return d
}

var namedKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
	"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
	"tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+d": {Code: 'd', Mod: tea.ModCtrl}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
	"space": {Code: tea.KeySpace, Text: " "},
}

func keyMsg(k string) tea.KeyPressMsg {
	if m, ok := namedKeys[k]; ok {
		return m
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// screen is the View's content without ANSI sequences.
func (d *driver) screen() string { return ansi.Strip(d.m.View().Content) }

func (d *driver) raw() string { return d.m.View().Content }

func (d *driver) contains(want ...string) {
	d.tb.Helper()
	s := d.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			d.tb.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func (d *driver) lacks(bad ...string) {
	d.tb.Helper()
	s := d.screen()
	for _, w := range bad {
		if strings.Contains(s, w) {
			d.tb.Fatalf("screen has %q:\n%s", w, s)
		}
	}
}

// click sends a left click at x, y at time t.
func (d *driver) click(x, y int, t time.Time) {
	d.m.r.list.now = func() time.Time { return t }
	d.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}
