package ingest

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzInertJSON: for any text, the escaped JSON is valid, decodes to the
// same text, and holds no character InertJSON escapes.
func FuzzInertJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred", "\u009b2J", "\u202Eevil\u202C", "zero\u200Bwidth\uFEFF",
		"👩\u200d👧", "tag 🏴\U000E0067\U000E0062\U000E007F", "الرقة\u061C", "\xff\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		out := InertJSON(b)
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%q is not valid JSON: %v", out, err)
		}
		var want string
		json.Unmarshal(b, &want)
		if got != want {
			t.Fatalf("InertJSON changed the text: %q, want %q", got, want)
		}
		for i := 0; i < len(out); {
			r, size := utf8.DecodeRune(out[i:])
			if active(r) || r == 0x1b {
				t.Fatalf("%q still holds %U", out, r)
			}
			i += size
		}
	})
}
