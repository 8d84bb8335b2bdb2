package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/strikes-dev/strikes/ui/plain"
)

// progress draws an import's progress on stderr when stderr is a
// terminal: a bar by bytes read, rows per second and the time left. When
// stderr is not a terminal it draws nothing.
type progress struct {
	w     io.Writer
	name  string
	src   *countingReader
	start time.Time
	rows  atomic.Int64
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

func newProgress(w io.Writer, name string, src *countingReader) *progress {
	p := &progress{w: w, name: name, src: src, start: time.Now(), done: make(chan struct{})}
	if !isTerminal(w) {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				fmt.Fprint(p.w, "\r\x1b[K")
				return
			case <-t.C:
				fmt.Fprint(p.w, "\r\x1b[K"+p.line(60))
			}
		}
	}()
	return p
}

func (p *progress) update(rows int) { p.rows.Store(int64(rows)) }

func (p *progress) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

// line renders the progress: "syria.csv ━━━━━━──── 62% 48,210 rows 210k rows/s 2s left".
func (p *progress) line(barWidth int) string {
	elapsed := time.Since(p.start).Seconds()
	rows := p.rows.Load()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(rows) / elapsed
	}
	var b strings.Builder
	b.WriteString(p.name + " ")
	read := p.src.n.Load()
	left := ""
	if p.src.total > 0 {
		frac := min(1, float64(read)/float64(p.src.total))
		filled := int(frac * float64(barWidth/2))
		b.WriteString(strings.Repeat("━", filled) + strings.Repeat("─", barWidth/2-filled))
		fmt.Fprintf(&b, " %3.0f%%", frac*100)
		if frac > 0.01 {
			left = fmt.Sprintf(" %s left", (time.Duration(elapsed*(1-frac)/frac) * time.Second).Round(time.Second))
		}
	}
	fmt.Fprintf(&b, " %s rows %s rows/s%s", plain.Thousands(int(rows)), plain.Thousands(int(rate)), left)
	return b.String()
}
