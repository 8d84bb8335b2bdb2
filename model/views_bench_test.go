package model_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/model"
)

var (
	millionOnce  sync.Once
	millionSums  []model.Summary
	millionIndex *model.Index
)

// millionCorpus is the index of a million varied summaries
// (indexCorpus), made once, as the dashboard's corpus holds it.
func millionCorpus() *model.Index {
	millionOnce.Do(func() {
		millionSums = indexCorpus(1_000_000)
		millionIndex = model.NewIndex(millionSums)
		runtime.GC() // the making's garbage is not the tally's
	})
	return millionIndex
}

// BenchmarkTimeline tallies a million strikes over their index, as the
// timeline does off the UI loop after each filter change (the budget is
// 150 ms).
func BenchmarkTimeline(b *testing.B) {
	x := millionCorpus()
	for _, o := range []model.TimelineOptions{
		{Auto: true, Split: model.SplitAttacker, Category: model.Civilians},
		{By: model.PeriodDay, Split: model.SplitDataset, Category: model.Civilians},
		{By: model.PeriodWeek, Split: model.SplitGrading, Category: model.Total},
	} {
		b.Run(o.Split.String(), func(b *testing.B) {
			cpu := cpuNow()
			for b.Loop() {
				x.Timeline(nil, o)
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkBreakdown counts a million strikes by each field (the budget
// is 150 ms).
func BenchmarkBreakdown(b *testing.B) {
	x := millionCorpus()
	for _, name := range model.BreakdownFields() {
		f, _ := model.ParseBreakdownField(name)
		b.Run(name, func(b *testing.B) {
			cpu := cpuNow()
			for b.Loop() {
				x.Breakdown(nil, f, model.BreakdownOptions{Category: model.Civilians})
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the CPU time per operation since from, in
// milliseconds: the wall time of ns/op on an idle machine of one core.
func reportCPU(b *testing.B, from time.Duration) {
	if now := cpuNow(); now > 0 {
		b.ReportMetric(float64(now-from)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
