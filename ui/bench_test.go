package ui

import (
	"fmt"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

var (
	millionOnce sync.Once
	million     []model.Summary
)

func millionSummaries() []model.Summary {
	millionOnce.Do(func() { million = syntheticSummaries(1_000_000) })
	return million
}

// bigDriver is a dashboard over a million strikes, loaded and sized.
func bigDriver(b *testing.B) *driver {
	b.Helper()
	d := newDriver(b, fakeOfSummaries(millionSummaries()), testOptions(), 160, 50)
	if n := len(d.m.r.list.ix); n != 1_000_000 {
		b.Fatalf("%d strikes loaded", n)
	}
	return d
}

// step is one key press as the program handles it: Update, then View.
func step(d *driver, msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
	_ = d.m.View()
}

func BenchmarkListKey(b *testing.B) {
	for _, k := range []string{"j", "pgdown"} {
		b.Run(k, func(b *testing.B) {
			d := bigDriver(b)
			msg := keyMsg(k)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				step(d, msg)
				if i%20_000 == 19_999 {
					d.m.r.list.move(0)
				}
			}
		})
	}
}

// BenchmarkFilterTyping types "actor:russia" one key at a time, running
// each filter to completion (as if every key outlasted the debounce), and
// reports the time per key.
func BenchmarkFilterTyping(b *testing.B) {
	d := bigDriver(b)
	const query = "actor:russia"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step(d, keyMsg("/"))
		for _, r := range query {
			step(d, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		b.StopTimer()
		if got := d.m.r.list.q.Text; got != query {
			b.Fatalf("query %q", got)
		}
		step(d, keyMsg("esc"))
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(query)), "ns/key")
}

// BenchmarkFilterFinal measures one filter of a million strikes by
// actor:russia, the work done off the UI loop once typing pauses.
func BenchmarkFilterFinal(b *testing.B) {
	c := corpusOf(millionSummaries(), 1)
	c.sorted(defaultOrder)
	q, _ := model.ParseQuery("actor:russia")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := filterJob{c: c, q: q, o: defaultOrder}.run(b.Context())
		if len(m.ix) == 0 {
			b.Fatal("nothing matched")
		}
	}
}

func BenchmarkSort(b *testing.B) {
	millionSummaries()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := corpusOf(millionSummaries(), 1)
		c.sorted(order{key: model.ByKilled})
	}
}

func BenchmarkCompareView(b *testing.B) {
	s := seed.Strike()
	base := s.Reports
	for len(s.Reports) < 12 {
		r := base[len(s.Reports)%len(base)]
		r.ID = fmt.Sprintf("%s/%d", r.ID, len(s.Reports))
		s.Reports = append(s.Reports, r)
	}
	d := newDriver(b, newFake(s), testOptions(), 160, 50)
	d.send(openMsg{id: s.ID, to: screenCompare})
	if d.m.r.top() != screenCompare {
		b.Fatal("compare not open")
	}
	right, left := keyMsg("l"), keyMsg("h")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%16 < 8 {
			step(d, right)
		} else {
			step(d, left)
		}
	}
}
