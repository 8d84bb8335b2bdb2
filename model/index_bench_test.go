package model_test

import (
	"sync"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

var (
	benchOnce sync.Once
	benchSums []model.Summary
)

// benchCorpus is half a million varied summaries (indexCorpus), made
// once.
func benchCorpus() []model.Summary {
	benchOnce.Do(func() { benchSums = indexCorpus(500_000) })
	return benchSums
}

// BenchmarkIndexBuild builds the index of half a million strikes.
func BenchmarkIndexBuild(b *testing.B) {
	sums := benchCorpus()
	for b.Loop() {
		model.NewIndex(sums)
	}
}

// BenchmarkIndexFilter filters half a million strikes by a query of each
// kind, compiling the query each time, as the dashboard does on a key.
func BenchmarkIndexFilter(b *testing.B) {
	sums := benchCorpus()
	x := model.NewIndex(sums)
	all := allOf(len(sums))
	for _, text := range []string{"raqqa", "actor:russia", "city:raqqa", "gov:aleppo", "source:sohr", "type:air", "date:2015", "killed>=10", "contested", "id:ucdp:1003", "actor:russia -city:raqqa date:2015"} {
		q, err := model.ParseQuery(text)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				x.Filter(q, all)
			}
		})
	}
}

// BenchmarkQueryMatch is the reference: Query.Match over half a million
// strikes, as the CLI filters.
func BenchmarkQueryMatch(b *testing.B) {
	sums := benchCorpus()
	for _, text := range []string{"raqqa", "actor:russia", "city:raqqa", "killed>=10"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				q, _ := model.ParseQuery(text)
				n := 0
				for i := range sums {
					if q.Match(&sums[i]) {
						n++
					}
				}
			}
		})
	}
}
