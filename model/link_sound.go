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

// placeParts splits a name of several places, "Al Safsaf and Hunaida",
// "Khatouniya & Salhabiya", "Kasrat Faraj/Kasrat Sheikh" or "between Al
// Karama and Al Ghassaniyah", into its places; a name of one place gives
// nil.
func placeParts(name string) []string {
	if !strings.Contains(name, " and ") && !strings.Contains(name, "&") && !strings.Contains(name, "/") &&
		!strings.Contains(name, " And ") {
		return nil
	}
	n := name
	for _, p := range []string{"between ", "Between "} {
		n = strings.TrimPrefix(n, p)
	}
	n = strings.TrimSuffix(strings.TrimSuffix(n, ", Syria"), ", syria")
	var out []string
	for _, p := range strings.FieldsFunc(strings.NewReplacer(" and ", "\x00", " And ", "\x00", "&", "\x00", "/", "\x00").Replace(n),
		func(r rune) bool { return r == 0 }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// partsMatch says whether a name of several places names the other
// record's place (by key or skeleton) in one governorate, not farther
// than one name may be: "Al Safsaf and Hunaida" names Hunaida. It
// returns the name of the place they share.
func partsMatch(a, b *LinkKey, km float64) (string, bool) {
	if a.Admin1 == "" || a.Admin1 != b.Admin1 || km > HomonymKM {
		return "", false
	}
	ap, as := a.places()
	bp, bs := b.places()
	if len(ap) == 0 && len(bp) == 0 {
		return "", false
	}
	ak := append([]string{a.PlaceKey}, ap...)
	bk := append([]string{b.PlaceKey}, bp...)
	asd := append([]uint64{a.Sound}, as...)
	bsd := append([]uint64{b.Sound}, bs...)
	for x := range ak {
		for y := range bk {
			if x == 0 && y == 0 {
				continue // the names themselves were compared
			}
			if (ak[x] != "" && ak[x] == bk[y]) || (asd[x] != 0 && asd[x] == bsd[y]) {
				return PlaceName(bk[y]), true
			}
		}
	}
	return "", false
}
