package model

import "testing"

// FuzzFoldContains checks the index's allocation-free search of IDs and
// codes against containsFold, and that the byte signature never rules
// out a text that holds the word.
func FuzzFoldContains(f *testing.F) {
	f.Add("airwars:RS0232", "rs0")
	f.Add("x:Ünï-12", "uni")
	f.Add("Ma'arrat  al-Nu`man ", "maarrat al")
	f.Add("a-", "a ")
	f.Fuzz(func(t *testing.T, s, word string) {
		w := Fold(word)
		if w == "" {
			return
		}
		want := containsFold(s, w)
		if got := foldContains(s, []byte(w)); got != want {
			t.Errorf("foldContains(%q, %q) = %v, want %v", s, w, got, want)
		}
		if sig := idSig(&Summary{ID: s}); want && sig&wordSig(w) != wordSig(w) {
			t.Errorf("the signature of %q rules out %q", s, w)
		}
	})
}
