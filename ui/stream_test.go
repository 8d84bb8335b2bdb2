package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// heldStreamer is a Streamer whose first summaries come at once and whose
// rest waits until the test lets it go.
type heldStreamer struct {
	*fakeSource
	release chan struct{}
}

var _ Streamer = (*heldStreamer)(nil)

func (h *heldStreamer) StreamSummaries(ctx context.Context, read func([]model.Summary, int) error) (uint64, error) {
	sums := slices.Clone(h.sums)
	if err := read(sums[:firstChunk], len(sums)); err != nil {
		return 0, err
	}
	select {
	case <-h.release:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	for lo := firstChunk; lo < len(sums); lo += 500 {
		if err := read(sums[lo:min(lo+500, len(sums))], len(sums)); err != nil {
			return 0, err
		}
	}
	return h.gen, nil
}

// loop runs a Model as bubbletea does: every command in a goroutine of its
// own, its message fed back to Update.
type loop struct {
	t    *testing.T
	m    Model
	msgs chan tea.Msg
}

func (l *loop) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { l.msgs <- cmd() }()
}

func (l *loop) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			l.exec(c)
		}
	default:
		_, cmd := l.m.Update(msg)
		l.exec(cmd)
	}
}

// until feeds messages until the screen holds every text, or fails.
func (l *loop) until(texts ...string) string {
	l.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		screen := ansi.Strip(l.m.View().Content)
		all := true
		for _, s := range texts {
			all = all && strings.Contains(screen, s)
		}
		if all {
			return screen
		}
		select {
		case msg := <-l.msgs:
			if _, batch := msg.(tea.BatchMsg); batch || msg == nil || !isTeaInternal(msg) {
				l.update(msg) // a terminal query of bubbletea's own is not for the model
			}
		case <-deadline:
			l.t.Fatalf("the screen never showed %q:\n%s", texts, screen)
		}
	}
}

// key presses a key.
func (l *loop) key(k string) { l.update(keyMsg(k)) }

// TestFirstPageWhileLoading: with the rest of the load held back, the
// first page is drawn and answers keys; a filter typed meanwhile shows
// what it found so far and how much is loaded, never a count as final;
// once the rest is in, the count is final.
func TestFirstPageWhileLoading(t *testing.T) {
	sums := syntheticSummaries(3000)
	model.SortSummaries(sums, model.ByDate, false) // a store streams them newest first
	src := &heldStreamer{fakeSource: fakeOfSummaries(sums), release: make(chan struct{})}
	opts := testOptions()
	l := &loop{t: t, m: New(context.Background(), src, opts), msgs: make(chan tea.Msg, 64)}
	l.update(tea.WindowSizeMsg{Width: 120, Height: 30})
	l.exec(l.m.Init())
	screen := l.until("so far of 200 read", "loading 6%…")
	if !strings.Contains(screen, sums[0].Date.Start.String()) {
		t.Errorf("the first page does not show the newest strike:\n%s", screen)
	}
	l.key("j")
	l.key("j")
	if c := l.m.r.list.cursor; c != 2 {
		t.Errorf("the cursor is at %d after two keys, want 2", c)
	}
	l.key("/")
	for _, r := range "actor:russia" {
		l.key(string(r))
	}
	l.key("enter")
	screen = l.until("actor:russia", "so far of 200 read", "loading 6%…")
	if strings.Contains(screen, " strikes ·") {
		t.Errorf("a count is shown as final while loading:\n%s", screen)
	}
	close(src.release)
	screen = l.until("of 3,000 strikes")
	want := 0
	for i := range sums {
		if strings.Contains(strings.Join(sums[i].Actors, ","), "russia") {
			want++
		}
	}
	if !strings.Contains(screen, itoaComma(want)+" of 3,000 strikes") || strings.Contains(screen, "loading") {
		t.Errorf("after the load the filter's count is not final (want %d):\n%s", want, screen)
	}
}

// failingStreamer hands over its first summaries, then fails as a store
// damaged further in does.
type failingStreamer struct{ *fakeSource }

func (f failingStreamer) StreamSummaries(ctx context.Context, read func([]model.Summary, int) error) (uint64, error) {
	if err := read(slices.Clone(f.sums[:firstChunk]), len(f.sums)); err != nil {
		return 0, err
	}
	return 0, errors.New("the store is damaged: a list entry does not decode")
}

// TestStreamError: damage past the first page leaves that page shown and
// says in the status line what went wrong and that the load stopped,
// never that it is still loading.
func TestStreamError(t *testing.T) {
	sums := syntheticSummaries(1000)
	model.SortSummaries(sums, model.ByDate, false)
	src := failingStreamer{fakeOfSummaries(sums)}
	l := &loop{t: t, m: New(context.Background(), src, testOptions()), msgs: make(chan tea.Msg, 64)}
	l.update(tea.WindowSizeMsg{Width: 120, Height: 30})
	l.exec(l.m.Init())
	screen := l.until("damaged", "so far of 200 read", "stopped at 20%")
	if strings.Contains(screen, "loading") {
		t.Errorf("a stopped load says it is loading:\n%s", screen)
	}
	if !strings.Contains(screen, sums[0].Date.Start.String()) {
		t.Errorf("the first page is gone after the error:\n%s", screen)
	}
}

func itoaComma(n int) string { return plain.Thousands(n) }

// slowStreamer hands over its summaries 100 more at a time, waiting between
// them longer than progressEvery, as a large store read on a busy disk.
type slowStreamer struct{ *fakeSource }

func (s slowStreamer) StreamSummaries(ctx context.Context, read func([]model.Summary, int) error) (uint64, error) {
	sums := slices.Clone(s.sums)
	for lo := 0; lo < len(sums); lo += 100 {
		if err := read(sums[lo:min(lo+100, len(sums))], len(sums)); err != nil {
			return 0, err
		}
		time.Sleep(progressEvery + 20*time.Millisecond)
	}
	return s.gen, nil
}

// TestStreamSnapshotsDouble: a slow load says how far it is at every
// step, but hands the list a new corpus (which it must sort and may
// index) only when what is read has doubled, so that a million summaries
// cost a few corpora, not thousands.
func TestStreamSnapshotsDouble(t *testing.T) {
	sums := syntheticSummaries(1000)
	model.SortSummaries(sums, model.ByDate, false)
	next := stream(context.Background(), slowStreamer{fakeOfSummaries(sums)})
	var sizes []int
	progress := 0
	for {
		m, ok := next().(chunkMsg)
		if !ok {
			t.Fatal("the stream ended without its last message")
		}
		if m.err != nil {
			t.Fatal(m.err)
		}
		if m.c == nil {
			progress++
		} else {
			sizes = append(sizes, m.c.len())
		}
		if m.done {
			break
		}
		next = m.next
	}
	if progress == 0 {
		t.Error("the load never said how far it was between corpora")
	}
	for i := 1; i < len(sizes)-1; i++ {
		if sizes[i] < 2*sizes[i-1] {
			t.Errorf("corpora of %v summaries: %d follows %d without doubling", sizes, sizes[i], sizes[i-1])
		}
	}
	if sizes[len(sizes)-1] != len(sums) || len(sizes) > 6 {
		t.Errorf("corpora of %v summaries for a load of %d", sizes, len(sums))
	}
}
