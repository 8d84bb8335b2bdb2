package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Text encodings. A file is UTF-8 (with or without a byte order mark) or,
// when it is not, Windows-1252, which spreadsheets on Windows write and
// which can encode no more than Latin text. textReader decides from the
// first bytes that are not ASCII, so it streams: until then the two read
// alike. Where those bytes are valid UTF-8 the file is read as UTF-8 and a
// later byte that is not is an error naming its line; where they are not,
// the whole file is read as Windows-1252 and the import is told once (the
// Notify option). The five bytes Windows-1252 leaves undefined pass
// through undecoded, so that the row holding one is refused.

// The encodings a file or a mapping may name (Options.Encoding, a map's
// encoding); empty decides from the text.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
)

type textMode uint8

const (
	textUndecided textMode = iota
	textUTF8
	textCP1252
)

// parseEncoding accepts the names people give the two encodings.
func parseEncoding(s string) (textMode, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return textUndecided, true
	case EncodingUTF8, "utf8":
		return textUTF8, true
	case EncodingWindows1252, "cp1252", "windows1252", "latin-1", "latin1", "iso-8859-1":
		return textCP1252, true
	}
	return textUndecided, false
}

// textReader yields UTF-8 from a file in UTF-8 or Windows-1252.
type textReader struct {
	r      io.Reader
	mode   textMode
	buf    []byte // raw input; raw is the unread part of it
	raw    []byte
	out    []byte // decoded bytes that did not fit in the caller's buffer
	err    error  // the input's error, returned once raw is used up
	line   int    // the line the undecided scan has reached, from 1
	file   string
	notify func(string)

	// What of the text read out is known to be valid UTF-8, so that rows
	// within it need no check of their own (csvSource.next): every byte
	// before clean, of the given bytes read out. invalid stops it at
	// the first byte that is not, or may not be (Windows-1252's undefined
	// bytes pass through). carry is the start of a character cut at the
	// end of the last read.
	given, clean int64
	invalid      bool
	carry        []byte
}

func newTextReader(r io.Reader, file string, mode textMode, notify func(string)) *textReader {
	return &textReader{r: r, mode: mode, line: 1, file: file, notify: notify}
}

// Read decodes into p.
func (t *textReader) Read(p []byte) (int, error) {
	n, err := t.read(p)
	t.check(p[:n])
	return n, err
}

// check advances clean over b, the bytes Read gives out next.
func (t *textReader) check(b []byte) {
	t.given += int64(len(b))
	switch {
	case t.invalid:
		return
	case t.mode == textUndecided: // undecided, Read gives out ASCII alone
		t.clean = t.given
		return
	case t.mode == textCP1252:
		t.invalid = true
		return
	}
	if len(t.carry) > 0 {
		need := utf8Len(t.carry[0]) - len(t.carry)
		if len(b) < need {
			t.carry = append(t.carry, b...)
			return
		}
		var r [utf8.UTFMax]byte
		if !utf8.Valid(append(append(r[:0], t.carry...), b[:need]...)) {
			t.invalid = true
			return
		}
		t.carry, b = t.carry[:0], b[need:]
	}
	// A character cut at the end starts in the last three bytes.
	end := len(b)
	for i := len(b) - 1; i >= max(0, len(b)-3); i-- {
		if b[i]&0xc0 != 0x80 {
			if i+utf8Len(b[i]) > len(b) {
				end = i
			}
			break
		}
	}
	if !utf8.Valid(b[:end]) {
		// Clean up to the first bad byte; the rows from there on are
		// checked cell by cell.
		t.invalid = true
		t.clean = t.given - int64(len(b)) + int64(validPrefix(b))
		return
	}
	t.carry = append(t.carry, b[end:]...)
	t.clean = t.given - int64(len(t.carry))
}

// validPrefix is the length of b's longest prefix that is valid UTF-8.
func validPrefix(b []byte) int {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return i
}

// utf8Len is the length of the UTF-8 sequence the byte c starts, 1 for a
// byte that starts none (which the check then finds invalid).
func utf8Len(c byte) int {
	switch {
	case c&0xe0 == 0xc0:
		return 2
	case c&0xf0 == 0xe0:
		return 3
	case c&0xf8 == 0xf0:
		return 4
	}
	return 1
}

// validThrough says whether every byte Read gave out before offset is
// valid UTF-8.
func (t *textReader) validThrough(offset int64) bool {
	return t != nil && offset <= t.clean
}

// read is Read before check.
func (t *textReader) read(p []byte) (int, error) {
	for {
		if len(t.out) > 0 {
			n := copy(p, t.out)
			t.out = t.out[n:]
			return n, nil
		}
		if t.mode == textUTF8 && len(t.raw) == 0 {
			if t.err != nil {
				return 0, t.err
			}
			return t.r.Read(p)
		}
		if len(p) == 0 {
			return 0, nil
		}
		if len(t.raw) == 0 {
			if t.err != nil {
				return 0, t.err
			}
			if t.mode == textUndecided {
				// Read straight into p: an ASCII file is copied no more than before.
				n, err := t.r.Read(p)
				if err != nil {
					t.err = err
				}
				i := firstHigh(p[:n])
				if i < 0 {
					t.line += bytes.Count(p[:n], []byte{'\n'})
					if n == 0 && err != nil {
						return 0, err
					}
					if n == 0 {
						continue
					}
					return n, nil
				}
				if len(t.buf) < max(64<<10, n-i) {
					t.buf = make([]byte, max(64<<10, n-i))
				}
				t.raw = t.buf[:copy(t.buf, p[i:n])]
				if i == 0 {
					continue
				}
				t.line += bytes.Count(p[:i], []byte{'\n'})
				return i, nil
			}
			t.fill()
			continue
		}
		switch t.mode {
		case textUTF8:
			n := copy(p, t.raw)
			t.raw = t.raw[n:]
			return n, nil
		case textCP1252:
			if n := t.decode(p); n > 0 {
				return n, nil
			}
			continue
		}
		i := firstHigh(t.raw)
		if i < 0 {
			i = len(t.raw)
		}
		if i > 0 {
			n := copy(p, t.raw[:i])
			t.line += bytes.Count(p[:n], []byte{'\n'})
			t.raw = t.raw[n:]
			return n, nil
		}
		if !t.decide() {
			t.fill()
		}
	}
}

// fill reads more input after what is left of raw.
func (t *textReader) fill() {
	if len(t.buf) < 64<<10 || len(t.raw) == len(t.buf) {
		t.buf = append(make([]byte, 0, max(64<<10, 2*len(t.raw))), t.raw...)[:max(64<<10, 2*len(t.raw))]
	}
	n := copy(t.buf, t.raw)
	m, err := t.r.Read(t.buf[n:])
	t.raw = t.buf[:n+m]
	if err != nil {
		t.err = err
	}
}

// decide chooses the encoding at the first byte that is not ASCII (raw
// starts with it): UTF-8 if it starts a valid UTF-8 sequence, else
// Windows-1252. False means more input is needed to tell. (Windows-1252
// text whose first accented letters happen to form UTF-8, such as "Ã©",
// is mojibake already.)
func (t *textReader) decide() bool {
	if !utf8.FullRune(t.raw) && t.err == nil {
		return false
	}
	if r, size := utf8.DecodeRune(t.raw); r != utf8.RuneError || size > 1 {
		t.mode = textUTF8
		return true
	}
	t.mode = textCP1252
	if t.notify != nil {
		t.notify(fmt.Sprintf("%s is not UTF-8 (line %d is the first that is not); reading it as Windows-1252", t.file, t.line))
	}
	return true
}

// decode turns Windows-1252 bytes of raw into UTF-8 in p.
func (t *textReader) decode(p []byte) int {
	n := 0
	i := 0
	for ; i < len(t.raw); i++ {
		c := t.raw[i]
		if c < utf8.RuneSelf {
			if n == len(p) {
				break
			}
			p[n] = c
			n++
			continue
		}
		var enc [utf8.UTFMax]byte
		size := 1
		switch c {
		case 0x81, 0x8d, 0x8f, 0x90, 0x9d: // undefined: left invalid for the row check
			enc[0] = c
		default:
			size = utf8.EncodeRune(enc[:], charmap.Windows1252.DecodeByte(c))
		}
		if n+size > len(p) {
			if n == 0 { // p is too small for one character: keep the rest for later
				t.out = append(t.out[:0], enc[:size]...)
				i++
			}
			break
		}
		n += copy(p[n:], enc[:size])
	}
	t.raw = t.raw[i:]
	return n
}

// firstHigh returns the index of the first byte of b at or above 0x80, or
// -1; it checks 32 bytes at a time.
func firstHigh(b []byte) int {
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w := b[i : i+32]
		if (binary.LittleEndian.Uint64(w)|binary.LittleEndian.Uint64(w[8:])|
			binary.LittleEndian.Uint64(w[16:])|binary.LittleEndian.Uint64(w[24:]))&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}
