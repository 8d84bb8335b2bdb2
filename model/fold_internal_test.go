package model

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestFoldASCIIMatchesNFKD(t *testing.T) {
	for _, s := range []string{"", " ", "Ar-Raqqah", "AR RAQQAH  ", "Ma'arrat al-Nu`man", "synth:S0000001", "a\tb\x01c", "  x  y  ", "U.S.-led Coalition", "RS0232", "'", "a'"} {
		if got, want := foldASCII(s), foldSlow(s); got != want {
			t.Errorf("foldASCII(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFoldASCII(f *testing.F) {
	f.Add("Ar-Raqqah 'x'")
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := foldASCII(s), foldSlow(s); got != want {
			t.Errorf("foldASCII(%q) = %q, want %q", s, got, want)
		}
	})
}

// foldSlow is Fold without its fast paths.
func foldSlow(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ':
			continue
		case r == '\'' || r == '’' || r == '‘' || r == 'ʿ' || r == 'ʾ' || r == '`':
			continue
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
	return strings.TrimRight(b.String(), " ")
}
