package store

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/store/ingest"
)

func TestZZMeasure(t *testing.T) {
	path := os.Getenv("ZZ_DB")
	if path == "" {
		t.Skip()
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	strikes, ds := readAll(t, ingest.FormatJSONL, "/tmp/rl/small.jsonl", ingest.Options{})
	for _, s := range strikes {
		s.ID = "new:" + s.ID
		for i := range s.Reports {
			s.Reports[i].ID = "new:" + s.Reports[i].ID
		}
	}
	pf, _ := os.Create("/tmp/rl/cpu.prof")
	pprof.StartCPUProfile(pf)
	t0 := time.Now()
	st, err := s.Import(context.Background(), Dataset{Name: ds}, feed(strikes))
	pprof.StopCPUProfile()
	t.Logf("%v %+v relink %+v in %v", err, st, s.lastRelink, time.Since(t0))
}
