package model

import "strings"

// Spelling variants. One Arabic place name reaches the datasets in many
// Latin spellings: Khatuniyah and Khatouniya, Kaltah and Qaltah, Al
// Hawwas and Al Ahwas, Jadidah and Al Jadida. The place table
// (model/aliases/places.tsv) knows the spellings it was given; for the
// others the linker compares the names' skeletons: the consonants a
// transliteration keeps. Two records whose place names share a skeleton
// are taken for one place when they lie in one governorate and, when both
// have coordinates, within HomonymKM of each other; and since a skeleton
// is weaker evidence than a name, such a pair is linked only when its
// figures agree (else it is a possible link).

// PlaceSkeleton returns the skeleton of a place name or key, "" when it has
// none worth comparing (an Arabic-script name, an area key such as
// "province:...", fewer than three consonants): the folded name without
// the kind of place ("village", "town"), without the Arabic article of
// each word (al, ar, ash...), with q read as k, ou and oo as u, a final h
// after a vowel dropped (the ta marbuta: Jadidah, Jadida), w and y kept
// only before a vowel (Deir and Dayr, Noufal and Nawfal), the vowels
// dropped and doubled letters made single (Hawwas, Ahwas: "hws"; Jadida:
// "jdd").
func PlaceSkeleton(name string) string {
	if name == "" || strings.Contains(name, ":") {
		return ""
	}
	f := placeFold(strings.ReplaceAll(name, "-", " "))
	var b strings.Builder
	consonants := 0
	for _, w := range strings.Fields(f) {
		if isArticle(w) {
			continue
		}
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				return "" // not a Latin name: the place table's business
			}
		}
		w = strings.NewReplacer("ou", "u", "oo", "u", "ee", "i", "q", "k", "ph", "f").Replace(w)
		if n := len(w); n > 2 && w[n-1] == 'h' && isVowel(w[n-2]) {
			w = w[:n-1]
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		var last byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if isVowel(c) {
				last = 0 // Jadida keeps both its d
				continue
			}
			if (c == 'w' || c == 'y') && (i+1 == len(w) || !isVowel(w[i+1])) {
				continue
			}
			if c == last {
				continue
			}
			b.WriteByte(c)
			last = c
			if c >= 'a' && c <= 'z' {
				consonants++
			}
		}
	}
	if consonants < 3 {
		return ""
	}
	return strings.TrimSpace(b.String())
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// isArticle says whether a word is a transliteration of the Arabic
// article.
func isArticle(w string) bool {
	switch w {
	case "al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "adh", "ath", "es", "ed", "er", "ez":
		return true
	}
	return false
}

// soundHash is the hash of a skeleton that a link key holds, 0 for none.
func soundHash(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h | 1
}
