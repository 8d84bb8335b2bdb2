package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/cmd/strikesgen/synth"
	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
)

// linkableStrikes makes about n synthetic reports into strikes of three
// datasets: each synthetic event's reports are dealt out among them, so
// that most events arrive as two or three strikes for the linker to join.
func linkableStrikes(n int) []*model.Strike {
	var out []*model.Strike
	for _, s := range synth.All(synth.Options{Seed: 7, Reports: n}) {
		parts := map[int]*model.Strike{}
		for j, r := range s.Reports {
			d := j % 3
			p := parts[d]
			if p == nil {
				c := *s
				c.ID = fmt.Sprintf("ds%d:%s", d, s.ID)
				c.Reports = nil
				p = &c
				parts[d] = p
			}
			r.Dataset = fmt.Sprintf("ds%d", d)
			p.Reports = append(p.Reports, r)
		}
		for d := range 3 {
			if p := parts[d]; p != nil {
				out = append(out, p)
			}
		}
	}
	return out
}

// BenchmarkRelink links a whole store: reading every record, the linker,
// the merged summaries and the overlay's writes, in one transaction.
// "fresh" links a store whose overlay is empty (the first link of a
// second dataset), every link, possible link and merged summary written
// and committed; "again" relinks the store as it stands (a rebuild, or an
// import that changes no link), nothing to write.
// At 1M: go test ./store -run - -bench 'Relink/1000000' -benchtime 2x
func BenchmarkRelink(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n > 100_000 && testing.Short() {
				b.Skip("1M reports: not in -short")
			}
			s, _ := newStore(b)
			in := linkableStrikes(n)
			importAll(b, s, Dataset{Name: "bench"}, in)
			for _, fresh := range []bool{true, false} {
				name := map[bool]string{true: "fresh", false: "again"}[fresh]
				b.Run(name, func(b *testing.B) {
					var ls LinkStats
					for range b.N {
						if fresh {
							b.StopTimer()
							emptyOverlay(b, s)
							b.StartTimer()
						}
						var err error
						if ls, err = s.Relink(context.Background()); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(len(in)), "strikes")
					b.ReportMetric(float64(ls.Links), "links")
					b.ReportMetric(float64(ls.Possible), "possible")
				})
			}
		})
	}
}

// emptyOverlay deletes the links the linker made, as a store holds none
// before its second dataset arrives.
func emptyOverlay(b *testing.B, s *Store) {
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketLinks, bucketLinked, bucketPossible} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRelinkMixed links a store shaped like a real one at scale: a
// million synthetic UCDP-shaped events (one dataset) and the real Airwars
// incidents (../shared/data, skipped when absent), whose overlap is what
// the linker finds. It times one whole relink of the store.
// go test ./store -run - -bench RelinkMixed -benchtime 2x
func BenchmarkRelinkMixed(b *testing.B) {
	airwars := filepath.Join("..", "..", "shared", "data", "airwars", "syria-incidents.csv")
	if _, err := os.Stat(airwars); err != nil {
		b.Skipf("needs the Airwars file of ../shared/data (%v)", err)
	}
	s, _ := newStore(b)
	var csv bytes.Buffer
	if _, err := synth.WriteUCDP(&csv, synth.New(synth.Options{Seed: 7, Reports: 1_000_000})); err != nil {
		b.Fatal(err)
	}
	importFile(b, s, ingest.FormatUCDP, "synthetic-ucdp.csv", &csv, ingest.Options{Dataset: "synthetic-ucdp"})
	f, err := os.Open(airwars)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	importFile(b, s, ingest.FormatAirwars, airwars, f, ingest.Options{})
	b.ResetTimer()
	var ls LinkStats
	for range b.N {
		if ls, err = s.Relink(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ls.Links), "links")
	b.ReportMetric(float64(ls.Possible), "possible")
}
