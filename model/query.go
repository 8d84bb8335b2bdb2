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
//	actor:russia              through the actor aliases ("actor:russian jets" too)
//	city:raqqa                through the place aliases ("city:الرقة", city:"ar raqqah")
//	place:                    the same as city:
//	country:syria  gov:"ar raqqah"  source:sohr  dataset:airwars  type:airstrike
//	grading:fair  status:likely  id:airwars:RS0232  code:RS0232
//	date:2015-12-06  date:2015-12  date:2015  date:2015-12-01..2015-12-31  date:..2016-01-31
//	contested                 strikes whose reports name different attackers
//	link:possible             strikes with possible links left to a person to make or leave
//	killed>=10 injured<5 reports>=2    (killed and injured: any report, any category)
//	-field:value  -word  -contested    negation
//
// Matching is case- and accent-insensitive. Terms are joined by AND.

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
	Field  string // "" for a free word; "contested"; a field name
	Value  string // as typed (unquoted)
	Op     string // ":" or a comparison: ">=", "<=", ">", "<", "="
	Negate bool

	folded   string   // Fold(Value)
	key      string   // canonical key for actor/city
	from, to Day      // date range
	num      int32    // number for comparisons
	match    matchFun // compiled matcher
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

var queryFields = map[string]matchFun{
	"actor":   matchActor,
	"city":    matchPlace,
	"place":   matchPlace,
	"town":    matchPlace,
	"country": func(t *Term, s *Summary) bool { return t.contains(s.Country) },
	"gov":     func(t *Term, s *Summary) bool { return matchAdmin1(t, s) },
	"admin1":  func(t *Term, s *Summary) bool { return matchAdmin1(t, s) },
	"source":  func(t *Term, s *Summary) bool { return t.anyContains(s.Sources) },
	"dataset": func(t *Term, s *Summary) bool { return t.anyContains(s.Datasets) },
	"type":    func(t *Term, s *Summary) bool { return t.anyContains(s.Types) },
	"grading": func(t *Term, s *Summary) bool { return t.contains(s.Grading) },
	"status":  func(t *Term, s *Summary) bool { return t.contains(s.Status) },
	"id":      func(t *Term, s *Summary) bool { return strings.EqualFold(s.ID, t.Value) },
	"code":    func(t *Term, s *Summary) bool { return anyEqualFold(s.Codes, t.Value) },
	"date":    matchDate,
	"link":    func(_ *Term, s *Summary) bool { return s.Possible > 0 },
}

var numericFields = map[string]bool{"killed": true, "injured": true, "reports": true}

// QueryFields lists the field names a query understands, for help texts.
func QueryFields() []string {
	return []string{"actor", "city", "country", "gov", "source", "dataset", "type", "grading", "status", "id", "code", "date", "link", "killed", "injured", "reports", "contested"}
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

// word reads a bare or quoted value starting at p.i.
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
	for j < len(p.s) && (p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] == '1') {
		j++
	}
	name := strings.ToLower(p.s[p.i:j])
	if j > p.i && j < len(p.s) && p.s[j] == ':' {
		if _, ok := queryFields[name]; !ok {
			if numericFields[name] {
				return t, p.errf(p.i, "%s takes a comparison, as in %s>=10", name, name)
			}
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
			return t, p.errf(valPos, "%s: needs a value, as in %s", name, example(name))
		}
		t.Value = v
		return t, t.compile(p, valPos)
	}
	if numericFields[name] {
		k := j
		for k < len(p.s) && strings.IndexByte("<>=!", p.s[k]) >= 0 {
			k++
		}
		if k == j {
			return t, p.errf(j, "%s needs a comparison, as in %s>=10", name, name)
		}
		t.Field, t.Op = name, p.s[j:k]
		switch t.Op {
		case ">=", "<=", ">", "<", "=":
		default:
			return t, p.errf(j, "%q is not a comparison; use >=, <=, >, < or =", t.Op)
		}
		p.i = k
		numPos := p.i
		v, err := p.word()
		if err != nil {
			return t, err
		}
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return t, p.errf(numPos, "%s%s needs a whole number, not %q", name, t.Op, v)
		}
		t.Value, t.num = v, int32(n)
		t.match = matchNumber
		return t, nil
	}
	v, err := p.word()
	if err != nil {
		return t, err
	}
	if strings.EqualFold(v, "contested") {
		t.Field = "contested"
		t.match = func(_ *Term, s *Summary) bool { return s.Contested }
		return t, nil
	}
	t.Value = v
	t.folded = Fold(v)
	if t.folded == "" {
		return t, p.errf(start, "%q has no letters or digits to search for", v)
	}
	t.match = matchFree
	t.memo = &termMemo{}
	return t, nil
}

func example(field string) string {
	switch field {
	case "date":
		return "date:2015-12 or date:2015-12-01..2015-12-31"
	case "actor":
		return "actor:russia"
	case "city", "place", "town":
		return field + ":raqqa"
	case "link":
		return "link:possible"
	}
	return field + ":word"
}

func (t *Term) compile(p *queryParser, pos int) error {
	t.match = queryFields[t.Field]
	t.folded = Fold(t.Value)
	t.memo = &termMemo{}
	switch t.Field {
	case "actor":
		t.key = ActorKey(t.Value)
	case "city", "place", "town":
		t.key = PlaceKey(t.Value)
	case "date":
		from, to, err := parseDateRange(t.Value)
		if err != nil {
			return p.errf(pos, "%v", err)
		}
		t.from, t.to = from, to
	case "link":
		if t.folded != "possible" {
			return p.errf(pos, "link: takes possible (link:possible: strikes with possible links to review), not %q", t.Value)
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
		if a.Value == b.Value {
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

func matchFree(t *Term, s *Summary) bool {
	if t.contains(s.Place) || t.contains(s.PlaceAR) || t.contains(s.Admin1) ||
		t.contains(s.Country) || strings.Contains(s.PlaceKey, t.folded) ||
		t.anyContains(s.Sources) || t.anyContains(s.Datasets) || t.anyContains(s.Types) ||
		anyContains(s.Codes, t.folded) || containsFold(s.ID, t.folded) ||
		t.contains(s.Grading) || t.contains(s.Status) {
		return true
	}
	for _, a := range s.Actors {
		if t.remember(a, freeActor) {
			return true
		}
	}
	return false
}

func matchActor(t *Term, s *Summary) bool {
	for _, a := range s.Actors {
		if a == t.key || t.remember(a, actorMatches) {
			return true
		}
	}
	return false
}

func matchPlace(t *Term, s *Summary) bool {
	return s.PlaceKey == t.key || (s.PlaceKey != "" && t.remember(s.Place, placeKeyIs)) ||
		t.contains(s.Place) || t.contains(s.PlaceAR)
}

func matchAdmin1(t *Term, s *Summary) bool {
	return t.contains(s.Admin1) || t.remember(s.Admin1, admin1KeyIs)
}

func freeActor(t *Term, a string) bool {
	return strings.Contains(a, t.folded) || containsFold(ActorName(a), t.folded)
}

func actorMatches(t *Term, a string) bool {
	return strings.Contains(Fold(a), t.folded) || containsFold(ActorName(a), t.folded)
}

func placeKeyIs(t *Term, p string) bool { return PlaceKey(p) == t.key }

func admin1KeyIs(t *Term, a string) bool { return PlaceKey(a) == PlaceKey(t.Value) }

func matchDate(t *Term, s *Summary) bool {
	return s.Date.Known() && s.Date.Start <= t.to && t.from <= s.Date.End
}

func matchNumber(t *Term, s *Summary) bool {
	var sp Span
	switch t.Field {
	case "killed":
		sp = s.Killed
	case "injured":
		sp = s.Injured
	case "reports":
		n := int32(s.Reports)
		sp = Span{Reported: true, Low: n, High: n}
	}
	if !sp.Reported {
		return false // not reported is not zero: it satisfies no comparison
	}
	switch t.Op {
	case ">=":
		return sp.High >= t.num
	case ">":
		return sp.High > t.num
	case "<=":
		return sp.Low <= t.num
	case "<":
		return sp.Low < t.num
	}
	return sp.Low <= t.num && t.num <= sp.High
}

func containsFold(s, folded string) bool {
	if s == "" {
		return false
	}
	return strings.Contains(Fold(s), folded)
}

func anyContains(list []string, folded string) bool {
	for _, s := range list {
		if containsFold(s, folded) {
			return true
		}
	}
	return false
}

func anyEqualFold(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}
