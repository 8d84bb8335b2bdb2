package ingest

import (
	"bufio"
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
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

// chunkReader returns its bytes in reads of the sizes sizes gives.
type chunkReader struct {
	b    []byte
	rand *rand.Rand
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.b), 1+c.rand.IntN(9))
	copy(p, c.b[:n])
	c.b = c.b[n:]
	return n, nil
}

// TestTextReaderClean holds validThrough to the bytes: whatever the reads'
// sizes, every byte before clean is valid UTF-8, and a file that is valid
// throughout is clean to its end; one that is not stops before its first
// bad byte, so that the rows from there on are checked cell by cell.
func TestTextReaderClean(t *testing.T) {
	pieces := []string{"a,b\n", "Ma\u2019arrat", "\u00e9", "\U0001F600", "\u0627\u0644", "plain text, ", "\n",
		"\xe2\x80", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xff", "\xf4\x90\x80\x80"}
	bad := 7 // pieces from here on are not UTF-8 on their own
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b []byte
		for k := r.IntN(12); k >= 0; k-- {
			i := r.IntN(len(pieces))
			if i >= bad && r.IntN(3) > 0 {
				i = r.IntN(bad)
			}
			b = append(b, pieces[i]...)
		}
		valid := utf8.Valid(b) // two bad pieces may make a good character
		for _, mode := range []textMode{textUTF8, textUndecided} {
			tr := newTextReader(&chunkReader{b: b, rand: r}, "f.csv", mode, nil)
			var out []byte
			buf := make([]byte, 1+r.IntN(16))
			for {
				n, err := tr.Read(buf)
				out = append(out, buf[:n]...)
				if tr.clean > tr.given || tr.given != int64(len(out)) || !utf8.Valid(out[:tr.clean]) {
					t.Fatalf("%q as %d: clean %d of %d given, over %q", b, mode, tr.clean, tr.given, out)
				}
				if err != nil {
					break
				}
			}
			if want := valid && tr.mode != textCP1252; want != tr.validThrough(int64(len(out))) {
				t.Fatalf("%q as %d (read as %d): valid through its end %v, want %v", b, mode, tr.mode, !want, want)
			}
		}
	}
}

// TestCSVCheckedCellByCell: the rows after the text stops being known
// valid are checked cell by cell, and the bad one is named, whatever the
// reads' sizes; the rows before it need no check of their own.
func TestCSVCheckedCellByCell(t *testing.T) {
	in := "a,b\nMa\u2019arrat,1\nx,2\nT\xe9ir,3\ny,4\n"
	for _, one := range []bool{false, true} {
		var r io.Reader = strings.NewReader(in)
		if one {
			r = iotest.OneByteReader(r)
		}
		src, err := newCSVSource("f.csv", bufio.NewReader(r), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := src.next(); err != nil {
				t.Fatal(err)
			}
			if !src.textValid() {
				t.Errorf("one-byte reads %v: row %d is not known valid, though the text before it is", one, src.recno)
			}
		}
		err = src.next()
		if err == nil || !strings.Contains(err.Error(), `f.csv:4: column "a": is not UTF-8 text`) {
			t.Errorf("one-byte reads %v: got %v, want the cell named", one, err)
		}
	}
}
