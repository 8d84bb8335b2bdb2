package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readText decodes b through a textReader in reads of at most n bytes.
func readText(t *testing.T, b []byte, n int, mode textMode) (string, textMode, []string) {
	t.Helper()
	var notices []string
	tr := newTextReader(iotest.HalfReader(bytes.NewReader(b)), "f.csv", mode, func(s string) { notices = append(notices, s) })
	var out bytes.Buffer
	buf := make([]byte, n)
	for {
		k, err := tr.Read(buf)
		out.Write(buf[:k])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return out.String(), tr.mode, notices
}

func TestTextReader(t *testing.T) {
	late := strings.Repeat("a,b\n", 20000) // 80 kB of ASCII before the first accented letter
	tests := []struct {
		name   string
		in     []byte
		mode   textMode
		want   string
		got    textMode
		notice string
	}{
		{"ASCII", []byte("a,b\n1,2\n"), textUndecided, "a,b\n1,2\n", textUndecided, ""},
		{"UTF-8", []byte("a,b\nMa\u2019arrat,2\n"), textUndecided, "a,b\nMa\u2019arrat,2\n", textUTF8, ""},
		{"Windows-1252", []byte("a,b\nSa\x92ad,\x80 \xe9\n"), textUndecided, "a,b\nSa\u2019ad,\u20ac \u00e9\n", textCP1252, "line 2 is the first"},
		{"Windows-1252 after 80 kB", []byte(late + "Sa\x92ad\n"), textUndecided, late + "Sa\u2019ad\n", textCP1252, "line 20001 is the first"},
		{"UTF-8 after 80 kB", []byte(late + "Sa\u2019ad\n"), textUndecided, late + "Sa\u2019ad\n", textUTF8, ""},
		{"an undefined byte stays undecoded", []byte("\xe9\x81"), textUndecided, "\u00e9\x81", textCP1252, "line 1"},
		{"said to be Windows-1252", []byte("Ma\xc3\xa9"), textCP1252, "Ma\u00c3\u00a9", textCP1252, ""},
		{"said to be UTF-8", []byte("Sa\x92ad"), textUTF8, "Sa\x92ad", textUTF8, ""},
		{"a sequence cut at the end", []byte("ab\xe2\x80"), textUndecided, "ab\u00e2\u20ac", textCP1252, "line 1"},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 3, 7, 4096} {
			got, mode, notices := readText(t, tt.in, n, tt.mode)
			if got != tt.want || mode != tt.got {
				t.Errorf("%s, reads of %d: got %q (mode %d), want %q (mode %d)", tt.name, n, trunc(got), mode, trunc(tt.want), tt.got)
			}
			if tt.notice == "" && len(notices) != 0 || tt.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], tt.notice)) {
				t.Errorf("%s, reads of %d: notices %q, want one with %q", tt.name, n, notices, tt.notice)
			}
		}
	}
}

func trunc(s string) string {
	if len(s) > 40 {
		return "…" + s[len(s)-30:]
	}
	return s
}

func TestFirstHigh(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{{"", -1}, {"abc", -1}, {"abcdefgh\xe9", 8}, {"\x80", 0}, {"abcdefghijklmnop", -1}, {"abcdefg\xff", 7}} {
		if got := firstHigh([]byte(tt.in)); got != tt.want {
			t.Errorf("firstHigh(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// BenchmarkTextReader reads 8 MB of ASCII through the decoder, the cost
// every UTF-8 file pays until its first byte that is not ASCII.
func BenchmarkTextReader(b *testing.B) {
	data := bytes.Repeat([]byte("214797,2016,1,1,299,\"Syria: Government\",11973,\"Teir Maaleh village\",34.802462\n"), 100_000)
	buf := make([]byte, 64<<10)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		tr := newTextReader(bytes.NewReader(data), "b", textUndecided, nil)
		for {
			if _, err := tr.Read(buf); err != nil {
				break
			}
		}
	}
}
