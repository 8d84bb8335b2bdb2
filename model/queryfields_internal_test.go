package model

import (
	"strings"
	"testing"
)

// TestQueryFieldsDeclared checks each entry of the table of fields: its
// names are unique and can be typed, it says all that its kind needs, and
// its example parses as a term of its own field under each of its names.
func TestQueryFieldsDeclared(t *testing.T) {
	seen := map[string]bool{}
	for i := range queryFields {
		f := &queryFields[i]
		for _, n := range append([]string{f.name}, f.aliases...) {
			if seen[n] {
				t.Errorf("the name %q is declared twice", n)
			}
			seen[n] = true
			if n == "" || n != strings.ToLower(n) || strings.IndexFunc(n, func(r rune) bool { return !isNameByte(byte(r)) || r >= 0x80 }) >= 0 {
				t.Errorf("the name %q is not lower-case ASCII letters and digits", n)
			}
		}
		if f.help == "" || f.match == nil {
			t.Errorf("%s: every field needs its help and its matcher", f.name)
		}
		switch f.kind {
		case kindKey:
			if f.key == nil {
				t.Errorf("%s: a key field needs its key", f.name)
			}
		case kindFlag:
			if (f.value == "") != (f.gloss == "") || f.value != Fold(f.value) {
				t.Errorf("%s: a flag written with a value needs it folded, and its gloss", f.name)
			}
		}
		for _, n := range append([]string{f.name}, f.aliases...) {
			for _, ex := range strings.Split(f.exampleAs(n), " or ") {
				q, err := ParseQuery(ex)
				if err != nil {
					t.Errorf("%s: the example %q does not parse: %v", n, ex, err)
					continue
				}
				if len(q.Terms) != 1 || q.Terms[0].def != f || q.Terms[0].Field != n {
					t.Errorf("%s: the example %q is not one term of the field", n, ex)
				}
			}
		}
		for _, form := range f.forms {
			if strings.HasSuffix(form, ":") {
				continue // a field named without a value
			}
			if q, err := ParseQuery(form); err != nil || len(q.Terms) != 1 || q.Terms[0].def != f {
				t.Errorf("%s: the README's form %q is not one term of the field (%v)", f.name, form, err)
			}
		}
	}
}

// TestQueryFieldsByName checks that the parser finds each field by every
// one of its names, in any case, and reads its value as its kind says.
func TestQueryFieldsByName(t *testing.T) {
	for i := range queryFields {
		f := &queryFields[i]
		for _, n := range append([]string{f.name}, f.aliases...) {
			ex := strings.Split(f.exampleAs(n), " or ")[0]
			upper := strings.ToUpper(n) + ex[len(n):]
			q, err := ParseQuery("-" + upper)
			if err != nil {
				t.Errorf("%q: %v", "-"+upper, err)
				continue
			}
			tm := &q.Terms[0]
			if tm.def != f || tm.Field != n || !tm.Negate {
				t.Errorf("%q: field %q (%v), negated %v", "-"+upper, tm.Field, tm.def == f, tm.Negate)
			}
			if f.kind == kindKey && tm.key != f.key(tm.Value) {
				t.Errorf("%q: key %q, want %q", upper, tm.key, f.key(tm.Value))
			}
		}
	}
}
