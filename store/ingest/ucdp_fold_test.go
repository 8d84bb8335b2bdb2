package ingest

import (
	"strings"
	"testing"
)

// TestContainsLowerASCII holds containsLowerASCII to strings.ToLower.
func TestContainsLowerASCII(t *testing.T) {
	for _, s := range []string{"", "airwars", "AIRWARS", "AirWars,1", "xx aIrWaRs", "airwar", "air wars", "\u212airwars", "a\u0130rwars", "ſairwars", "AIRWARSAIRWARS", "Αirwars"} {
		for _, w := range []string{"airwars", "airwars,", "a"} {
			if got, want := containsLowerASCII(s, w), strings.Contains(strings.ToLower(s), w); got != want {
				t.Errorf("containsLowerASCII(%q, %q) = %v, strings.ToLower says %v", s, w, got, want)
			}
		}
	}
}
