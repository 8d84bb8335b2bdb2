package model

import (
	"slices"
	"strings"
)

// The fields of the query language, each declared once: how a query names
// it, the kind of value it takes, how it matches a strike's summary
// (Query.Match), how the columnar Index judges it, an example and its line
// of help. The parser, its error messages, QueryFields (the help screen's
// list) and the README's table (QueryTable) are made from this table, and
// the tests hold the Index to Query.Match field by field. A new field is
// one more entry here, its cases in query_test.go and index_test.go (whose
// indexQueries must use it), and the README's table made again with
// go test ./model -run README -update.

// fieldKind is what a field takes, which decides how a term is written and
// how its value is read.
type fieldKind int

const (
	// kindText takes any word (field:word or field:"two words"), matched
	// as the field's matcher says, usually as a folded substring.
	kindText fieldKind = iota
	// kindKey takes a word read through an alias table: the term's key is
	// the field's key of the value (field:raqqa, field:الرقة).
	kindKey
	// kindDate takes a day, a month, a year or a range of them.
	kindDate
	// kindNumber takes a comparison with a whole number (field>=10).
	kindNumber
	// kindFlag is a yes-or-no property of a strike, written bare
	// (contested) or, when the field names its one value, field:value
	// (link:possible).
	kindFlag
)

// queryField is one field of the query language.
type queryField struct {
	name    string   // as a query writes it, lower case: ASCII letters and digits
	aliases []string // other names for the same field
	kind    fieldKind

	key   func(value string) string // kindKey: the value's canonical key (ActorKey, PlaceKey)
	value string                    // kindFlag written field:value: the one value it takes
	gloss string                    // kindFlag written field:value: what the value finds, for the error on any other

	// example is the field with a value, as an error shows it ("" for
	// name:word); an alias is shown in place of the name when typed.
	example string
	// forms are the README's first column (nil: the example).
	forms []string
	// help is what the field matches, one line (the README's second
	// column). Fields next to each other with the same help share a row.
	help string

	// match is the matcher Query.Match asks: whether the term holds for
	// a summary.
	match matchFun
	// index judges the term against an Index's distinct values; it must
	// give what match gives. nil: the index asks match of the summary.
	index func(x *Index, t *Term) indexTerm
}

// queryFields are the fields, in the order QueryFields lists them.
var queryFields = []queryField{
	{
		name: "actor", kind: kindKey, key: ActorKey, example: "actor:russia",
		help:  "through the actor aliases: `actor:\"Russian jets\"` finds the same strikes",
		match: matchActor, index: (*Index).actorTerm,
	},
	{
		name: "city", aliases: []string{"place", "town"}, kind: kindKey, key: PlaceKey, example: "city:raqqa",
		help:  "the strikes in that city, through the place aliases: `city:الرقة`, `city:\"ar raqqah\"`, `city:raqqah` alike (its quarters and landmarks yes, its governorate or a village of a like name no)",
		match: matchPlace, index: (*Index).placeTerm,
	},
	{
		name: "country", kind: kindText, forms: []string{"country:"}, help: "that field, of any report",
		match: func(t *Term, s *Summary) bool { return t.anyContains(s.Countries) },
		index: placeList(func(r *placeRow) int32 { return r.countries }),
	},
	{
		name: "gov", aliases: []string{"admin1"}, kind: kindKey, key: PlaceKey, forms: []string{"gov:"}, help: "that field, of any report",
		match: matchAdmin1, index: (*Index).admin1Term,
	},
	{
		name: "source", kind: kindKey, key: SourceKey, forms: []string{"source:"},
		help:  "through the source aliases: `source:sohr` and `source:\"Syrian Observatory for Human Rights\"` alike",
		match: matchSource, index: (*Index).sourceTerm,
	},
	{
		name: "dataset", kind: kindText, forms: []string{"dataset:"}, help: "that field, of any report",
		match: func(t *Term, s *Summary) bool { return t.anyContains(s.Datasets) },
		index: labelList(func(r *labelRow) int32 { return r.datasets }),
	},
	{
		name: "type", kind: kindText, forms: []string{"type:"}, help: "that field, of any report",
		match: func(t *Term, s *Summary) bool { return t.anyContains(s.Types) },
		index: labelList(func(r *labelRow) int32 { return r.types }),
	},
	{
		name: "grading", kind: kindText, forms: []string{"grading:"}, help: "that field, of any report",
		match: func(t *Term, s *Summary) bool { return t.anyContains(s.Gradings) },
		index: labelList(func(r *labelRow) int32 { return r.gradings }),
	},
	{
		name: "status", kind: kindText, forms: []string{"status:", "status:pending"},
		help:  "that field, of any report, and your own assessment's status (`pending`, `reviewed`, `final`): `link:possible status:pending` is a review queue",
		match: func(t *Term, s *Summary) bool { return t.anyContains(s.Statuses) || matchDeskStatus(t, s) },
		index: withDesk(labelList(func(r *labelRow) int32 { return r.statuses }), matchDeskStatus),
	},
	{
		name: "id", kind: kindText, forms: []string{"id:"}, help: "that field",
		match: func(t *Term, s *Summary) bool { return strings.EqualFold(s.ID, t.Value) },
		index: idTerm(false),
	},
	{
		name: "code", kind: kindText, forms: []string{"code:"}, help: "that field",
		match: func(t *Term, s *Summary) bool { return anyEqualFold(s.Codes, t.Value) },
		index: idTerm(true),
	},
	{
		name: "date", kind: kindDate, example: "date:2015-12 or date:2015-12-01..2015-12-31",
		forms: []string{"date:2015-12-06", "date:2015-12", "date:2015", "date:2015-12-01..2015-12-31", "date:2016.."},
		help:  "strikes whose dates overlap",
		match: matchDate, index: (*Index).dateTerm,
	},
	{
		name: "link", kind: kindFlag, value: "possible", gloss: "strikes with possible links to review", example: "link:possible",
		help:  "strikes with possible links the linker left to a person (make one with `p` in the detail view)",
		match: func(_ *Term, s *Summary) bool { return s.Possible > 0 },
		index: tailTerm,
	},
	{
		name: "killed", kind: kindNumber, example: "killed>=10", forms: []string{"killed>=10"},
		help:  "any report, any category; a figure not reported matches no comparison",
		match: func(t *Term, s *Summary) bool { return t.compareAny(&s.Killed) },
		index: tailTerm,
	},
	{
		name: "injured", kind: kindNumber, example: "injured>=10", forms: []string{"injured<5"},
		help:  "any report, any category; a figure not reported matches no comparison",
		match: func(t *Term, s *Summary) bool { return t.compareAny(&s.Injured) },
		index: tailTerm,
	},
	{
		name: "reports", kind: kindNumber, example: "reports>=10", forms: []string{"reports>=2"},
		help: "any report, any category; a figure not reported matches no comparison",
		match: func(t *Term, s *Summary) bool {
			n := int32(s.Reports)
			return t.compare(Span{Reported: true, Low: n, High: n})
		},
		index: tailTerm,
	},
	{
		name: "contested", kind: kindFlag, example: "contested",
		help:  "strikes whose reports name different attackers",
		match: func(_ *Term, s *Summary) bool { return s.Contested },
		index: tailTerm,
	},
	// The analyst's desk (desk.go): what a person recorded, not what a
	// source said.
	{
		name: "tag", aliases: []string{"tags"}, kind: kindText, example: "tag:hospital", forms: []string{"tag:hospital"},
		help:  "your tags on the strike (`strikes tag`, `#` in the dashboard)",
		match: func(t *Term, s *Summary) bool { return s.Desk != nil && anyEqualFold(s.Desk.Tags, t.Value) },
		index: deskTerm,
	},
	{
		name: "note", aliases: []string{"notes"}, kind: kindText, example: "note:school", forms: []string{"note:school"},
		help:  "words in your notes on the strike or its reports",
		match: func(t *Term, s *Summary) bool { return s.Desk != nil && t.contains(s.Desk.Notes) },
		index: deskTerm,
	},
	{
		name: "assessed", kind: kindFlag, example: "assessed", forms: []string{"assessed", "-assessed"},
		help:  "strikes you have assessed (`strikes assess`, `A`), or not",
		match: func(_ *Term, s *Summary) bool { return s.Desk != nil && s.Desk.Assessed },
		index: deskTerm,
	},
	{
		name: "bookmarked", kind: kindFlag, example: "bookmarked",
		help:  "strikes you bookmarked (`b`)",
		match: func(_ *Term, s *Summary) bool { return s.Desk != nil && s.Desk.Bookmark },
		index: deskTerm,
	},
	{
		name: "flag", kind: kindText, example: "flag:doubtful", forms: []string{"flag:doubtful"},
		help: "strikes with a report you flagged doubtful, duplicate or key-source",
		match: func(t *Term, s *Summary) bool {
			return s.Desk != nil && slices.ContainsFunc(s.Desk.Flags, func(f string) bool { return t.contains(f) || t.contains(strings.ReplaceAll(f, " ", "-")) })
		},
		index: deskTerm,
	},
}

// matchDeskStatus says whether the term names the status of the analyst's
// assessment of the strike.
func matchDeskStatus(t *Term, s *Summary) bool {
	return s.Desk != nil && s.Desk.Assessed && t.contains(s.Desk.Status.String())
}

// freeWord is a word of a query that names no field: it matches any text
// of a strike.
var freeWord = queryField{
	forms: []string{"raqqa hospital"},
	help:  "free words: each must match some text of the strike (place, actors, sources, codes, ...)",
	match: matchFree, index: (*Index).freeTerm,
}

// negation is the README's row on negation, which any term takes.
const negation = "| `-field:value`, `-word`, `-contested` | negation |"

// fieldNamed maps every name and alias to its field.
var fieldNamed = func() map[string]*queryField {
	m := map[string]*queryField{}
	for i := range queryFields {
		f := &queryFields[i]
		for _, n := range append([]string{f.name}, f.aliases...) {
			m[n] = f
		}
	}
	return m
}()

// nameDigits are the digits that occur in field names (the 1 of admin1):
// a word of letters and these digits before a colon names a field, and
// any other word with a colon (12:30, x2:y) is a free word.
var nameDigits = func() string {
	var ds []byte
	for n := range fieldNamed {
		for i := 0; i < len(n); i++ {
			if c := n[i]; '0' <= c && c <= '9' && strings.IndexByte(string(ds), c) < 0 {
				ds = append(ds, c)
			}
		}
	}
	return string(ds)
}()

// isNameByte says whether c may be part of a field name.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte(nameDigits, c) >= 0
}

// QueryFields lists the field names a query understands, for help texts.
func QueryFields() []string {
	names := make([]string, len(queryFields))
	for i := range queryFields {
		names[i] = queryFields[i].name
	}
	return names
}

// exampleAs is the field's example, written with the name as typed (an
// alias, maybe).
func (f *queryField) exampleAs(typed string) string {
	if f.example == "" {
		return typed + ":word"
	}
	if typed != f.name {
		return typed + strings.TrimPrefix(f.example, f.name)
	}
	return f.example
}

// QueryTable is the README's table of the query language, in Markdown: a
// row for free words, one for each run of fields that share their help,
// and one for negation.
func QueryTable() string {
	var b strings.Builder
	b.WriteString("| query | matches |\n|---|---|\n")
	row := func(forms []string, help string) {
		b.WriteString("| ")
		for i, f := range forms {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("`" + f + "`")
		}
		b.WriteString(" | " + help + " |\n")
	}
	row(freeWord.forms, freeWord.help)
	var forms []string
	for i := range queryFields {
		f := &queryFields[i]
		if f.forms != nil {
			forms = append(forms, f.forms...)
		} else {
			forms = append(forms, f.example)
		}
		if i+1 == len(queryFields) || queryFields[i+1].help != f.help {
			row(forms, f.help)
			forms = nil
		}
	}
	b.WriteString(negation + "\n")
	return b.String()
}
