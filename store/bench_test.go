package store

import (
	"context"
	"fmt"
	"testing"
)

func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := testStrikes(n, "bench")
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				s, _ := newStore(b)
				b.StartTimer()
				importAll(b, s, Dataset{Name: "bench"}, in)
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "strikes/s")
		})
	}
}

func BenchmarkSummaries(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, path := newStore(b)
			importAll(b, s, Dataset{Name: "bench"}, testStrikes(n, "bench"))
			s.Close()
			src := NewFileSource(path)
			b.ResetTimer()
			for range b.N {
				sums, _, err := src.Summaries(context.Background())
				if err != nil || len(sums) != n {
					b.Fatal(len(sums), err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "summaries/s")
		})
	}
}
