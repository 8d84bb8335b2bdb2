// Command strikesgen writes SYNTHETIC strikes for benchmarks and scale
// tests: none of it is real. Strikes have 1-6 reports each; places and
// actors come from the alias tables (model/aliases) in their real
// spellings, Arabic included; every source name says "Synthetic" and
// every strike ID starts "synth:". The output is the same for the same
// seed and size.
//
//	strikesgen -reports 1000000 -format jsonl -o synthetic.jsonl
//	strikesgen -reports 1000000 -format ucdp -o synthetic-ucdp.csv
//
// Import the UCDP-shaped file with a dataset name that says what it is:
//
//	strikes import --format ucdp-ged --dataset synthetic-ucdp synthetic-ucdp.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/strikes-dev/strikes/cmd/strikesgen/synth"
)

func main() {
	reports := flag.Int("reports", 100_000, "how many reports to generate in all")
	seed := flag.Uint64("seed", 1, "the seed; the same seed gives the same output")
	format := flag.String("format", "jsonl", "jsonl (native JSON Lines, strikes of 1-6 reports) or ucdp (one UCDP GED-shaped CSV row per report)")
	out := flag.String("o", "-", "the output file; - is standard output")
	flag.Parse()
	if err := run(*reports, *seed, *format, *out); err != nil {
		fmt.Fprintln(os.Stderr, "strikesgen:", err)
		os.Exit(1)
	}
}

func run(reports int, seed uint64, format, out string) (err error) {
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	g := synth.New(synth.Options{Seed: seed, Reports: reports})
	switch format {
	case "jsonl":
		s, r, err := synth.WriteJSONL(w, g)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "strikesgen: %d synthetic strikes, %d reports\n", s, r)
	case "ucdp":
		n, err := synth.WriteUCDP(w, g)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "strikesgen: %d synthetic UCDP-shaped rows\n", n)
	default:
		return fmt.Errorf("unknown format %q; use jsonl or ucdp", format)
	}
	return nil
}
