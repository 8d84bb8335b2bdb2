package store

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	berrors "go.etcd.io/bbolt/errors"
)

// TestDiskFull lets bbolt grow the file no further than a little past its
// size (MaxSize standing in for a full disk) and imports more than fits,
// on both write paths: the import fails with the cause and the store is
// as it was. cmd/strikes TestDiskFull fills a real (tmpfs) disk.
func TestDiskFull(t *testing.T) {
	for _, n := range []int{batchSize / 2, 3 * batchSize} {
		s, path := newStore(t)
		importAll(t, s, Dataset{Name: "a"}, testStrikes(100, "a"))
		gen, _ := s.Generation()
		want := dump(t, s)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		maxSizeForTests = int(fi.Size()) + 1<<20
		_, err = s.Import(context.Background(), Dataset{Name: "b"}, feed(testStrikes(n, "b")))
		maxSizeForTests = 0
		if !errors.Is(err, berrors.ErrMaxSizeReached) {
			t.Fatalf("%d strikes: got %v, want ErrMaxSizeReached", n, err)
		}
		if g, _ := s.Generation(); g != gen {
			t.Errorf("%d strikes: the generation moved from %d to %d", n, gen, g)
		}
		if got := dump(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("%d strikes: the failed import changed the store", n)
		}
		if _, err := os.Stat(path + ".tmp-import"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%d strikes: the copy was left behind (%v)", n, err)
		}
		mustCheck(t, path)
		// With room again, the same import goes through.
		importAll(t, s, Dataset{Name: "b"}, testStrikes(n, "b"))
		mustCheck(t, path)
		s.Close()
	}
}
