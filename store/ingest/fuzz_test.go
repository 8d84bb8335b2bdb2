package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// drain reads every strike of text; every strike read must encode to JSON
// and decode back to the same bytes. It must never panic.
func drain(t *testing.T, format, text string, opts Options) {
	r, err := Open(format, "fuzz.csv", strings.NewReader(text), opts)
	if err != nil {
		return
	}
	for i := 0; i < 1000; i++ {
		s, err := r.Next()
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		var a bytes.Buffer
		if err := EncodeJSON(&a, s); err != nil {
			t.Fatalf("a strike read from %q does not encode: %v", text, err)
		}
		jr, _ := Open(FormatJSONL, "a.jsonl", bytes.NewReader(a.Bytes()), Options{})
		back, err := jr.Next()
		if err != nil {
			t.Fatalf("%s does not decode: %v", a.String(), err)
		}
		var b bytes.Buffer
		if err := EncodeJSON(&b, back); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("round trip differs:\n%s\n%s", a.String(), b.String())
		}
	}
}

func seed(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(fixture(n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
		if lines := strings.SplitN(string(b), "\n", 3); len(lines) == 3 {
			f.Add(lines[0] + "\n" + lines[1] + "\n")
		}
	}
}

func FuzzUCDP(f *testing.F) {
	seed(f, "ucdp.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatUCDP, text, Options{}) })
}

func FuzzACLED(f *testing.F) {
	seed(f, "acled.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatACLED, text, Options{}) })
}

func FuzzAirwars(f *testing.F) {
	seed(f, "airwars/syria-incidents.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatAirwars, text, Options{SourcesPath: "none"}) })
}

func FuzzAirwarsSources(f *testing.F) {
	seed(f, "airwars/syria-sources.csv")
	f.Fuzz(func(t *testing.T, text string) {
		_, _ = readAirwarsSources("s.csv", strings.NewReader(text), Options{})
	})
}

func FuzzCSVMap(f *testing.F) {
	seed(f, "log.csv")
	f.Fuzz(func(t *testing.T, text string) {
		drain(t, FormatCSV, text, Options{Map: fixture("log.toml")})
		drain(t, FormatCSV, text, Options{Map: fixture("log.toml"), SkipInvalid: true})
	})
}

func FuzzJSONL(f *testing.F) {
	seed(f, "strikes.jsonl")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatJSONL, text, Options{}) })
}

func FuzzCountCell(f *testing.F) {
	for _, s := range []string{"15", "3-6", "3–6", "at least 32", "32+", "≥4", "some", "4 (2-9)", "-3", "6-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, msg := parseCountCell(s)
		if msg == "" {
			if err := c.Validate(); err != nil {
				t.Fatalf("%q gives an invalid count %+v: %v", s, c, err)
			}
			if back, msg := parseCountCell(countCell(c)); msg != "" || back != c {
				t.Fatalf("%q: %+v written as %q reads back as %+v (%s)", s, c, countCell(c), back, msg)
			}
		}
	})
}
