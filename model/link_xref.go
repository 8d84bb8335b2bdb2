package model

import (
	"cmp"
	"slices"
	"strings"
)

// Explicit cross-references: a record that names another dataset's record
// (UCDP GED citing Airwars CS225) is linked with it before any scoring,
// with the reason "UCDP GED cites Airwars CS225". Codes are resolved as
// the datasets renumber them: a strike carries its previous codes
// (Airwars' previous_codes_json), an incident split after it was cited
// (CS1165 → CS1165a, CS1165b) is found by the split codes, one cited by
// its split code (S1073a) by the code it was split from; of several
// strikes a code names, those of the citing record's days, else the
// nearest in date. A citation that names one strike links it; one that
// names several offers each as a possible link, never one at random.

// xref is a cited pair: i cites j, in words.
type xref struct {
	i, j   int32
	reason string
	only   bool // the citation names j alone
}

// crossRefs resolves every citation among keys.
func crossRefs(keys []LinkKey) []xref {
	citing := false
	for i := range keys {
		if len(keys[i].Cites()) > 0 {
			citing = true
			break
		}
	}
	if !citing {
		return nil
	}
	// Codes by dataset: "dataset\x00code" → strikes.
	byCode := map[string][]int32{}
	for i := range keys {
		k := &keys[i]
		for _, c := range k.Codes() {
			for _, d := range k.Datasets {
				byCode[d+"\x00"+c] = append(byCode[d+"\x00"+c], int32(i))
			}
		}
	}
	var out []xref
	for i := range keys {
		k := &keys[i]
		if len(k.Cites()) == 0 {
			continue
		}
		var found []int32
		words := map[int32]string{}
		for _, cite := range k.Cites() {
			// "dataset\x00code\x00citing dataset\x00cited dataset as named"
			parts := strings.SplitN(cite, "\x00", 4)
			if len(parts) < 4 || parts[1] == "" {
				continue
			}
			c := parts[0] + "\x00" + parts[1]
			hit := byCode[c]
			if len(hit) == 0 {
				for l := byte('a'); l <= 'h'; l++ {
					hit = append(hit, byCode[c+string(l)]...)
				}
			}
			if last := c[len(c)-1]; len(hit) == 0 && last >= 'a' && last <= 'z' {
				hit = byCode[c[:len(c)-1]]
			}
			best := -1
			var pick []int32
			for _, j := range hit {
				if int(j) == i {
					continue
				}
				g := dayGap(k.Date, keys[j].Date)
				switch {
				case best < 0 || g < best:
					best, pick = g, []int32{j}
				case g == best:
					pick = append(pick, j)
				}
			}
			for _, j := range pick {
				if _, ok := words[j]; !ok {
					found = append(found, j)
					words[j] = parts[2] + " cites " + parts[3] + " " + parts[1]
				}
			}
		}
		slices.SortFunc(found, func(x, y int32) int { return cmp.Compare(keys[x].ID, keys[y].ID) })
		for _, j := range found {
			out = append(out, xref{i: int32(i), j: j, reason: words[j], only: len(found) == 1})
		}
	}
	return out
}

// dayGap is how many days apart two dates are, 0 when they overlap.
func dayGap(a, b DateSpan) int {
	switch {
	case !a.Known() || !b.Known():
		return 1 << 20
	case a.End < b.Start:
		return int(b.Start - a.End)
	case b.End < a.Start:
		return int(a.Start - b.End)
	}
	return 0
}
