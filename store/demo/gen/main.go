// Command gen makes the bundled demo data, store/demo/demo.jsonl.gz, from
// the real datasets in shared/data: every UCDP GED event in Ar Raqqah
// governorate in 2016-2017, every Airwars incident in Ar Raqqah
// governorate, and the seed article's four reports joined to Airwars
// incident RS0232. Facts and figures only: the importers copy no prose.
//
//	go run ./store/demo/gen -data ../shared/data -o store/demo/demo.jsonl.gz
package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
	"github.com/strikes-dev/strikes/store/ingest"
)

func main() {
	dataDir := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("o", "store/demo/demo.jsonl.gz", "the output file")
	flag.Parse()
	if err := run(*dataDir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dataDir, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	raqqaGov := func(s *model.Strike) bool { return strings.EqualFold(s.Place.Admin1, "Ar Raqqah") }
	n := 0
	seedFound := false
	err = each(filepath.Join(dataDir, "airwars", "syria-incidents.csv"), ingest.FormatAirwars, func(s *model.Strike) error {
		if !raqqaGov(s) {
			return nil
		}
		if s.ID == seed.StrikeID {
			seedFound = true
			s.Reports = append(seed.ArticleReports(), s.Reports...)
		}
		n++
		return ingest.EncodeJSON(bw, s)
	})
	if err != nil {
		return err
	}
	if !seedFound {
		return errors.New("the Airwars file has no incident RS0232, the seed strike")
	}
	err = each(filepath.Join(dataDir, "ucdp-ged", "syria-2016-2019.csv"), ingest.FormatUCDP, func(s *model.Strike) error {
		if !raqqaGov(s) || s.Date.Start.Time().Year() > 2017 {
			return nil
		}
		n++
		return ingest.EncodeJSON(bw, s)
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d strikes to %s\n", n, out)
	return f.Close()
}

func each(path, format string, fn func(*model.Strike) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := ingest.Open(format, path, f, ingest.Options{})
	if err != nil {
		return err
	}
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(s); err != nil {
			return err
		}
	}
}
