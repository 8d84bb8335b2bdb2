package ingest

import (
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// InertJSON rewrites, in the JSON text b, every character that would act
// on a terminal or hide text from a reader as a \u escape: the C1
// controls (U+0080-U+009F, which some terminals obey as ESC sequences) and
// the format characters (bidi overrides and isolates, zero-width spaces,
// the byte order mark), except the zero-width joiner that emoji need.
// encoding/json already escapes the C0 controls, ESC among them. The JSON
// value is unchanged: a reader decodes exactly the text that was stored,
// but printing the JSON to a terminal is safe. Outside strings JSON holds
// only ASCII, so the rewrite never touches its structure. b is returned
// unchanged (not copied) when nothing needs escaping.
func InertJSON(b []byte) []byte {
	i := firstActive(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, b[:i]...)
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			out = append(out, b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if size > 1 && active(r) {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// firstActive returns the offset of the first character InertJSON
// escapes, or -1.
func firstActive(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if size > 1 && active(r) {
			return i
		}
		i += size
	}
	return -1
}

func active(r rune) bool {
	return (r >= 0x80 && r < 0xa0) || (r != 0x200d && unicode.Is(unicode.Cf, r))
}
