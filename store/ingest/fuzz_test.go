package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
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
	for _, s := range []string{"15", "3-6", "3–6", "3 – 7", "12—24", "at least 32", "32+", "≥4", "some", "4 (2-9)", "-3", "6-3"} {
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

func FuzzYemenDataProject(f *testing.F) {
	seed(f, "ydp.csv")
	f.Fuzz(func(t *testing.T, text string) {
		drain(t, FormatYDP, text, Options{})
		drain(t, FormatAuto, text, Options{SkipInvalid: true})
	})
}

func FuzzTBIJ(f *testing.F) {
	seed(f, "tbij-pakistan.csv")
	f.Fuzz(func(t *testing.T, text string) {
		drain(t, FormatTBIJ, text, Options{})
		drain(t, FormatTBIJ, text, Options{DateOrder: "dmy", SkipInvalid: true})
	})
}

func FuzzNewAmerica(f *testing.F) {
	seed(f, "newamerica.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatNewAmerica, text, Options{SkipInvalid: true}) })
}

func FuzzAirwarsTable(f *testing.F) {
	seed(f, "airwars-gaza.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatAirwarsTable, text, Options{}) })
}

func FuzzUCDPSpreadsheet(f *testing.F) {
	seed(f, "ucdp-22-excel.csv", "GEDEvent_v25_0_3.csv")
	f.Fuzz(func(t *testing.T, text string) { drain(t, FormatAuto, text, Options{}) })
}

// FuzzWorkbook reads bytes as a workbook: never a panic.
func FuzzWorkbook(f *testing.F) {
	b, err := os.ReadFile(writeTBIJWorkbook(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, sheet := range []string{"", "Yemen"} {
			r, err := Open(FormatAuto, "f.xlsx", bytes.NewReader(b), Options{Sheet: sheet})
			if err != nil {
				continue
			}
			for i := 0; i < 1000; i++ {
				if _, err := r.Next(); err != nil {
					break
				}
			}
		}
	})
}

// FuzzDate: a date that parses is a day that exists, its range in order.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2014-01-22", "1/22/2014 12:00:00 AM", "14/08/2020 00:00:00", "14 August 2020", "october-7-2023",
		"March 15–17, 2020", "9-Aug-22", "42005.5", "2016-01-01T10:30:00+03:00", "05/02/2014 00:00"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, serials bool) {
		p, msg := parseDate(s, serials, false)
		if msg != "" {
			return
		}
		if p.numeric {
			for _, dmy := range []bool{true, false} {
				if q, msg := p.resolve(dmy); msg == "" && q.start.String() == "" {
					t.Fatalf("%q resolves to no day", s)
				}
			}
			return
		}
		if p.start == model.NoDay || p.end < p.start {
			t.Fatalf("%q parses to %v..%v", s, p.start, p.end)
		}
		if _, err := model.ParseDay(p.start.String()); err != nil {
			t.Fatalf("%q parses to %v, which is no day: %v", s, p.start, err)
		}
	})
}

// FuzzTextReader: whatever the bytes, the reader ends; text it decodes
// as Windows-1252 is UTF-8 but for the five undefined bytes.
func FuzzTextReader(f *testing.F) {
	f.Add([]byte("a,b\nSa\x92ad,\x80\n"), uint8(3))
	f.Add([]byte("Ma\u2019arrat\xff"), uint8(1))
	f.Add([]byte("ab\xe2\x80"), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, n uint8) {
		tr := newTextReader(bytes.NewReader(b), "f", textUndecided, nil)
		buf := make([]byte, int(n)+1)
		var out []byte
		for i := 0; i < 10*len(b)+10; i++ {
			k, err := tr.Read(buf)
			out = append(out, buf[:k]...)
			if err != nil {
				break
			}
		}
		if tr.mode == textCP1252 {
			for rest := out; len(rest) > 0; {
				r, size := utf8.DecodeRune(rest)
				if r == utf8.RuneError && size == 1 && !bytes.Contains([]byte{0x81, 0x8d, 0x8f, 0x90, 0x9d}, rest[:1]) {
					t.Fatalf("%q decodes to %q, not UTF-8", b, out)
				}
				rest = rest[size:]
			}
		}
		if tr.mode != textCP1252 && !bytes.Equal(out, b) {
			t.Fatalf("%q passes through as %q", b, out)
		}
	})
}

// FuzzDraftMap: a draft for any table parses as a map.
func FuzzDraftMap(f *testing.F) {
	seed(f, "ydp.csv", "syrian-archive.csv", "log.csv", "newamerica.csv", "airwars-gaza.csv")
	f.Add("\x01")                                            // a column named by a control character
	f.Add("0000000000000000,GovernorAte,DistriCt,AreA,CitY") // two columns for admin2
	f.Fuzz(func(t *testing.T, text string) {
		var b bytes.Buffer
		if err := DraftMap(&b, "f.csv", strings.NewReader(text), Options{}); err != nil {
			return
		}
		if _, err := ParseMapping("draft.toml", b.String()); err != nil {
			t.Fatalf("the draft for %q does not parse: %v\n%s", text, err, b.String())
		}
	})
}

// FuzzMapping: any map text parses or is refused, and a map that parses
// reads the log fixture without a panic.
func FuzzMapping(f *testing.F) {
	for _, n := range []string{"log.toml"} {
		b, err := os.ReadFile(fixture(n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "maps", "tbij.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	log, err := os.ReadFile(fixture("log.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ParseMapping("f.toml", text)
		if err != nil {
			return
		}
		src, err := newCSVSource("log.csv", bufioReader(bytes.NewReader(log)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := newCSVMapWith(src, m)
		if err != nil {
			return
		}
		for i := 0; i < 100; i++ {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	})
}
