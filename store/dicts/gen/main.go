// Command gen makes the compression dictionaries the store encodes its
// records with (store/dicts/*.s2dict, embedded by store/compress.go): a
// dictionary is bytes that records often hold (field layouts, source and
// place names, dataset notes), which s2 refers back to instead of
// storing them in every record. It samples the records and summaries of
// the bundled demo (real events: Airwars and UCDP GED in Raqqa), of
// synthetic UCDP-shaped rows, and, when the shared data folder is there,
// of the real files, as the store encodes them.
//
//	go run ./store/dicts/gen -data ../shared/data -o store/dicts
//
// A dictionary, once shipped, never changes: records name the one they
// were encoded with, and a new one gets a new number.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/strikes-dev/strikes/cmd/strikesgen/synth"
	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
	"github.com/strikes-dev/strikes/store/ingest"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder (optional)")
	out := flag.String("o", "store/dicts", "the folder to write the dictionaries to")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(data, out string) error {
	var sets [][]*model.Strike
	r, err := demo.JSONL()
	if err != nil {
		return err
	}
	ss, err := readAll(ingest.FormatJSONL, "demo.jsonl", r, ingest.Options{})
	if err != nil {
		return err
	}
	sets = append(sets, ss)
	sets = append(sets, synth.All(synth.Options{Seed: 3, Reports: 3000}))
	for _, f := range []struct{ format, path string }{
		{ingest.FormatUCDP, "ucdp-ged/syria-2016-2019.csv"},
		{ingest.FormatAirwars, "airwars/syria-incidents.csv"},
		{ingest.FormatACLED, "acled/argentina-2022-06.csv"},
		{"yemen-data-project", "yemen-data-project/raw_yemen_data.csv"},
	} {
		fh, err := os.Open(filepath.Join(data, f.path))
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s left out: %v\n", f.path, err)
			continue
		}
		ss, err := readAll(f.format, filepath.Join(data, f.path), fh, ingest.Options{})
		fh.Close()
		if err != nil {
			return err
		}
		sets = append(sets, ss)
	}
	recs, sums := store.DictionarySamples(sets)
	for name, samples := range map[string][][]byte{"records.s2dict": recs, "summaries.s2dict": sums} {
		dict, err := store.MakeDictionary(samples)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name), dict, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: wrote %s (%d bytes, from %d samples)\n", name, len(dict), len(samples))
	}
	return nil
}

func readAll(format, path string, r io.Reader, opts ingest.Options) ([]*model.Strike, error) {
	rd, err := ingest.Open(format, path, r, opts)
	if err != nil {
		return nil, err
	}
	var out []*model.Strike
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}
