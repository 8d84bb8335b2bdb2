package store

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
	bolt "go.etcd.io/bbolt"
)

// rssFileKB is the process's resident memory mapped from files.
func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if f := bytes.Fields(l); len(f) >= 2 && string(f[0]) == "RssFile:" {
			n, _ := strconv.Atoi(string(f[1]))
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestRelinkDropsPages: the first pass of a relink reads every record of
// a store much larger than boltfile.MaxMapped, yet keeps few of its pages
// resident; reading the same records without letting go keeps them all.
func TestRelinkDropsPages(t *testing.T) {
	if testing.Short() {
		t.Skip("a large store or a real file: skipped with -short (CI runs it without, then -race -short)")
	}
	s, _ := newStore(t)
	in := testStrikes(16000, "a")
	rng := rand.New(rand.NewPCG(3, 4))
	for _, st := range in {
		st.Reports[0].Summary = noise(rng, 4000) // records compress: text that does not
	}
	importAll(t, s, Dataset{Name: "a"}, in) // 64 MB of summaries
	s.view(func(tx *bolt.Tx) error {
		before := rssFileKB(t)
		li, err := linkKeys(context.Background(), tx.Bucket(bucketStrikes), len(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		kept := rssFileKB(t) - before
		sum := 0
		for _, rec := range li.recs {
			for i := 0; i < len(rec); i += 512 {
				sum += int(rec[i])
			}
		}
		all := rssFileKB(t) - before
		t.Logf("resident after the first pass: %d KB; after reading the records again: %d KB (%d)", kept, all, sum)
		if all < 80<<10 {
			t.Fatalf("reading every record kept only %d KB resident: the store is too small to tell", all)
		}
		if kept > 3*boltfile.MaxMapped>>10 {
			t.Errorf("the first pass kept %d KB of the store resident, more than %d KB", kept, 3*boltfile.MaxMapped>>10)
		}
		return nil
	})
}

// noise is n letters picked at random: text no compressor shrinks much.
func noise(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}
