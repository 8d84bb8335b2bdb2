package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold turns text into its search form: lower case, accents and Arabic
// diacritics removed, punctuation turned into spaces, runs of space
// collapsed. "Ar-Raqqah", "ar raqqah" and "AR RAQQAH" fold alike.
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	if isASCII(s) {
		return foldASCII(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // combining accents, Arabic harakat
			continue
		case r == 'ـ': // Arabic tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى':
			r = 'ي'
		case r == '\'' || r == '’' || r == '‘' || r == 'ʿ' || r == 'ʾ' || r == '`':
			continue // "Ma'arrat" and "Maarrat" fold alike
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := b.String()
	return strings.TrimRight(out, " ")
}

// isPlainLower reports text that Fold would return unchanged.
func isPlainLower(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSpace = false
		case c == ' ' && !prevSpace && i != len(s)-1:
			prevSpace = true
		default:
			return false
		}
	}
	return utf8.ValidString(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, which NFKD leaves as it is: the same
// result without the normalisation.
func foldASCII(s string) string {
	return string(appendFoldASCII(make([]byte, 0, len(s)), s))
}
