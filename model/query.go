package model

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The query language, used wherever a person filters:
//
//	raqqa hospital            free words: each must match some text of the strike
//	actor:russia              a field and a value ("actor:russian jets" too)
//	city:"ar raqqah"          a value with spaces, in quotes (\" and \\ inside)
//	killed>=10 reports=2      a comparison, for the numeric fields
//	contested  link:possible  flags
//	-field:value  -word  -contested    negation
//
// The fields, what they take and how they match are declared once, in
// queryfields.go. Matching is case- and accent-insensitive. Terms are
// joined by AND.

// QueryError is a malformed query: where, and what is wrong.
type QueryError struct {
	Pos int // byte offset in the query, from 0
	Msg string
}

// Error renders the problem with its position, counted from 1 in runes.
func (e *QueryError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Pos+1, e.Msg)
}

// Term is one condition of a query.
type Term struct {
	Field  string // "" for a free word; a field's name (or alias) as typed, lower case
	Value  string // as typed (unquoted)
	Op     string // ":" or a comparison: ">=", "<=", ">", "<", "="
	Negate bool

	folded   string      // Fold(Value)
	key      string      // def.key(Value), for a kindKey field
	from, to Day         // date range
	num      int32       // number for comparisons
	def      *queryField // the field, or freeWord
	match    matchFun    // def.match
	memo     *termMemo
}

// termMemo remembers a term's verdicts on the field values that many
// strikes share (places, actors, sources, ...), so that matching a
// million strikes folds each distinct value once. The verdicts are pure
// functions of the value; the memo is safe for concurrent use.
type termMemo struct {
	contains sync.Map // value -> containsFold(value, t.folded)
	special  sync.Map // value -> the field's own test (actor key, place key)
}

// contains is containsFold(s, t.folded), remembered.
func (t *Term) contains(s string) bool {
	if s == "" {
		return false
	}
	if t.memo == nil {
		return containsFold(s, t.folded)
	}
	if v, ok := t.memo.contains.Load(s); ok {
		return v.(bool)
	}
	v := containsFold(s, t.folded)
	t.memo.contains.Store(s, v)
	return v
}

// remember returns f(s), remembered under s.
func (t *Term) remember(s string, f func(*Term, string) bool) bool {
	if t.memo == nil {
		return f(t, s)
	}
	if v, ok := t.memo.special.Load(s); ok {
		return v.(bool)
	}
	v := f(t, s)
	t.memo.special.Store(s, v)
	return v
}

func (t *Term) anyContains(list []string) bool {
	for _, s := range list {
		if t.contains(s) {
			return true
		}
	}
	return false
}

type matchFun func(t *Term, s *Summary) bool

// Query is a parsed query: every term must hold.
type Query struct {
	Text  string
	Terms []Term
}

// ParseQuery parses the query language. An empty query matches everything.
func ParseQuery(text string) (*Query, error) {
	q := &Query{Text: text}
	p := &queryParser{s: text}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return q, nil
		}
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		q.Terms = append(q.Terms, t)
	}
}

type queryParser struct {
	s string
	i int
}

func (p *queryParser) skipSpace() {
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if !unicode.IsSpace(r) {
			return
		}
		p.i += n
	}
}

func (p *queryParser) errf(pos int, format string, args ...any) error {
	return &QueryError{Pos: utf8.RuneCountInString(p.s[:pos]), Msg: fmt.Sprintf(format, args...)}
}

// QuoteValue writes v as the value of a field:value term: the inverse of
// the parser's reading of one. v stays bare when it would be read back
// whole; otherwise it goes in quotes, with a backslash before each quote
// and backslash in it. ParseQuery(field + ":" + QuoteValue(v)) gives back
// v for every v but "", which no field takes.
func QuoteValue(v string) string {
	if v != "" && !strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\\' }) {
		return v
	}
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		if v[i] == '"' || v[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
	return b.String()
}

// word reads a bare or quoted value starting at p.i: the inverse of
// QuoteValue.
func (p *queryParser) word() (string, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		start := p.i
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			switch {
			case c == '\\' && p.i+1 < len(p.s):
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			case c == '"':
				p.i++
				return b.String(), nil
			default:
				b.WriteByte(c)
				p.i++
			}
		}
		return "", p.errf(start, "this quote is never closed; add a closing \"")
	}
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if unicode.IsSpace(r) {
			break
		}
		if r == '"' {
			return "", p.errf(p.i, "a quote may only start a value; put the whole value in quotes")
		}
		p.i += n
	}
	return p.s[start:p.i], nil
}

func (p *queryParser) term() (Term, error) {
	start := p.i
	var t Term
	if p.s[p.i] == '-' {
		t.Negate = true
		p.i++
		if p.i >= len(p.s) || p.s[p.i] == ' ' {
			return t, p.errf(start, "a lone \"-\" negates nothing; write -field:value or -word")
		}
	}
	// field name?
	j := p.i
	for j < len(p.s) && isNameByte(p.s[j]) {
		j++
	}
	name := strings.ToLower(p.s[p.i:j])
	f := fieldNamed[name]
	if j > p.i && j < len(p.s) && p.s[j] == ':' {
		switch {
		case f != nil && f.kind == kindNumber:
			return t, p.errf(p.i, "%s takes a comparison, as in %s", name, f.exampleAs(name))
		case f == nil || f.kind == kindFlag && f.value == "":
			return t, p.errf(p.i, "unknown field %q; the fields are %s", name, strings.Join(QueryFields(), ", "))
		}
		t.Field, t.Op = name, ":"
		p.i = j + 1
		valPos := p.i
		v, err := p.word()
		if err != nil {
			return t, err
		}
		if v == "" {
			return t, p.errf(valPos, "%s: needs a value, as in %s", name, f.exampleAs(name))
		}
		t.Value = v
		return t, t.compile(p, f, valPos)
	}
	if f != nil && f.kind == kindNumber {
		return t, p.comparison(&t, f, name, j)
	}
	v, err := p.word()
	if err != nil {
		return t, err
	}
	for i := range queryFields {
		if f := &queryFields[i]; f.kind == kindFlag && f.value == "" && strings.EqualFold(v, f.name) {
			t.Field, t.def, t.match = f.name, f, f.match
			return t, nil
		}
	}
	t.Value = v
	t.folded = Fold(v)
	if t.folded == "" {
		return t, p.errf(start, "%q has no letters or digits to search for", v)
	}
	t.def, t.match = &freeWord, freeWord.match
	t.memo = &termMemo{}
	return t, nil
}

// comparison reads the rest of a numeric term, the name of field f ending
// at j: an operator and a whole number.
func (p *queryParser) comparison(t *Term, f *queryField, name string, j int) error {
	k := j
	for k < len(p.s) && strings.IndexByte("<>=!", p.s[k]) >= 0 {
		k++
	}
	if k == j {
		return p.errf(j, "%s needs a comparison, as in %s", name, f.exampleAs(name))
	}
	t.Field, t.Op = name, p.s[j:k]
	switch t.Op {
	case ">=", "<=", ">", "<", "=":
	default:
		return p.errf(j, "%q is not a comparison; use >=, <=, >, < or =", t.Op)
	}
	p.i = k
	numPos := p.i
	v, err := p.word()
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 0 {
		return p.errf(numPos, "%s%s needs a whole number, not %q", name, t.Op, v)
	}
	t.Value, t.num = v, int32(n)
	t.def, t.match = f, f.match
	return nil
}

// compile reads the value of a field:value term as its field's kind says.
func (t *Term) compile(p *queryParser, f *queryField, pos int) error {
	t.def, t.match = f, f.match
	t.folded = Fold(t.Value)
	t.memo = &termMemo{}
	switch f.kind {
	case kindKey:
		t.key = f.key(t.Value)
	case kindDate:
		from, to, err := parseDateRange(t.Value)
		if err != nil {
			return p.errf(pos, "%v", err)
		}
		t.from, t.to = from, to
	case kindFlag:
		if t.folded != f.value {
			return p.errf(pos, "%s: takes %s (%s: %s), not %q", t.Field, f.value, f.exampleAs(t.Field), f.gloss, t.Value)
		}
	}
	return nil
}

// parseDateRange reads 2015, 2015-12, 2015-12-06 and A..B with either end
// open.
func parseDateRange(v string) (Day, Day, error) {
	if a, b, ok := strings.Cut(v, ".."); ok {
		from, to := Day(-1<<31+1), Day(1<<31-1)
		if a != "" {
			f, _, err := parseDatePrefix(a)
			if err != nil {
				return 0, 0, err
			}
			from = f
		}
		if b != "" {
			_, t, err := parseDatePrefix(b)
			if err != nil {
				return 0, 0, err
			}
			to = t
		}
		if a == "" && b == "" {
			return 0, 0, fmt.Errorf("the date range %q has neither a start nor an end", v)
		}
		if to < from {
			return 0, 0, fmt.Errorf("the date range %q ends before it starts", v)
		}
		return from, to, nil
	}
	return parseDatePrefix(v)
}

func parseDatePrefix(v string) (Day, Day, error) {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(v) != len(f.layout) {
			continue
		}
		t, err := time.Parse(f.layout, v)
		if err != nil {
			break
		}
		return Day(t.Unix() / 86400), Day(f.next(t).Unix()/86400) - 1, nil
	}
	return 0, 0, fmt.Errorf("%q is not a date; write 2015, 2015-12, 2015-12-06 or a range 2015-12-01..2015-12-31", v)
}

// Empty says whether the query has no terms (and so matches everything).
func (q *Query) Empty() bool { return q == nil || len(q.Terms) == 0 }

// Match says whether a strike's summary satisfies every term.
func (q *Query) Match(s *Summary) bool {
	if q == nil {
		return true
	}
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.match(t, s) == t.Negate {
			return false
		}
	}
	return true
}

// within says whether every strike that the term b matches, a matches
// too, for terms of the same field that compare: a date range inside
// another (date:2016-03 after date:2016), a bound moved inwards
// (killed>=10 after killed>=1).
func within(a, b *Term) bool {
	switch {
	case a.def != b.def:
		return false
	case a.def.kind == kindDate:
		return a.from <= b.from && b.to <= a.to
	case a.def.kind == kindNumber:
		switch a.Op {
		case ">", ">=":
			return b.num >= a.num
		case "<", "<=":
			return b.num <= a.num
		}
	}
	return false
}

// Narrows says whether every strike that matches q also matches prev, so
// that q can be run over prev's results instead of the whole set: true
// when q keeps all of prev's terms and only adds to them (typing more).
func (q *Query) Narrows(prev *Query) bool {
	if prev == nil || q == nil {
		return prev == nil
	}
	if len(q.Terms) < len(prev.Terms) {
		return false
	}
	for i := range prev.Terms {
		a, b := &prev.Terms[i], &q.Terms[i]
		if a.Field != b.Field || a.Op != b.Op || a.Negate != b.Negate {
			return false
		}
		if a.Value == b.Value || !a.Negate && within(a, b) {
			continue
		}
		// A free word that only grows matches fewer strikes; any other
		// change may match different ones.
		last := i == len(prev.Terms)-1
		if !last || a.Field != "" || a.Negate || !strings.HasPrefix(b.Value, a.Value) {
			return false
		}
	}
	return true
}
