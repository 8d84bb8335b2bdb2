package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// Filtering and sorting the list, off the UI loop: every request is a
// command tagged with a sequence number, the previous one is cancelled,
// and a result whose number is not the latest is dropped.

// requery schedules filtering after the typing pauses.
func (l *listScreen) requery() tea.Cmd {
	l.seq++
	if l.debounce <= 0 {
		return l.apply()
	}
	seq := l.seq
	return tea.Tick(l.debounce, func(time.Time) tea.Msg { return debounceMsg{seq: seq} })
}

// apply parses the typed query and, when it is well formed, starts
// filtering; a malformed query leaves the previous results in place.
func (l *listScreen) apply() tea.Cmd {
	q, err := model.ParseQuery(l.input.Value())
	if err != nil {
		l.qerr = err.Error()
		l.seq++ // drop any result still on its way
		l.pending = false
		return nil
	}
	l.qerr = ""
	return l.start(filterJob{q: q, o: l.wanted()})
}

// wanted is the order last asked for: the running request's, or the one
// shown. A key that changes the order starts from it, so that keys
// pressed faster than the list sorts each count.
func (l *listScreen) wanted() order {
	if l.pending {
		return l.asked
	}
	return l.o
}

// SetQuery replaces the query, as `a`, `t` and Esc do.
func (l *listScreen) SetQuery(text string) tea.Cmd {
	l.input.SetValue(text)
	return l.apply()
}

// resort orders the current results anew without matching them again.
func (l *listScreen) resort(o order) tea.Cmd {
	return l.start(filterJob{q: l.q, o: o, base: l.ix, resort: true})
}

// start runs a filter or sort job off the UI loop, tagged with a new seq
// so that any older job's result is dropped.
func (l *listScreen) start(j filterJob) tea.Cmd {
	l.seq++
	if l.cancel != nil {
		l.cancel()
	}
	if j.c == nil {
		j.c = l.c
	}
	if j.c == nil {
		if j.q != nil {
			l.q, l.o = j.q, j.o // applied when the data arrives
		}
		return nil
	}
	j.seq = l.seq
	if j.reload { // new data: stay on the same strike
		if i, ok := l.currentStrike(); ok && l.c.load != 0 && l.c.load == j.c.load {
			j.keepAt, j.keepNum = i, true
		} else {
			j.keepID = l.currentID()
		}
	}
	if j.c != l.c {
		j.base = nil // a new load: match everything
	} else if !j.resort {
		j.base = nil
		if l.ix != nil && j.o == l.o && j.q.Narrows(l.q) {
			j.base = l.ix
		}
	}
	ctx, cancel := context.WithCancel(l.ctx)
	l.cancel, l.pending, l.asked, l.askedQ = cancel, true, j.o, j.q
	return func() tea.Msg {
		if m := j.run(ctx); m != nil {
			return *m
		}
		return nil
	}
}

// setCorpus takes newly loaded data and reapplies the filter and sort to
// it, keeping the cursor on the same strike. The old rows stay on screen
// until the new ones are ready.
func (l *listScreen) setCorpus(c *corpus) tea.Cmd {
	q := l.q
	if l.pending {
		q = l.askedQ // a filter typed while the data loads
	}
	return l.start(filterJob{c: c, q: q, o: l.wanted(), reload: true})
}

func (l *listScreen) receive(m filterMsg) {
	if m.seq != l.seq {
		return
	}
	row := l.cursor - l.offset
	l.pending = false
	l.c, l.ix, l.q, l.o = m.c, m.ix, m.q, m.o
	switch {
	case m.keep >= 0:
		l.cursor = m.keep
	case m.reload:
		l.cursor = min(l.cursor, len(l.ix)-1)
	default:
		l.cursor, row = 0, 0
	}
	l.cursor = max(0, l.cursor)
	l.offset = l.cursor - row
	l.scrollTo()
}
