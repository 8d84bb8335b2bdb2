package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The analyst's desk: what a person records beside the sources' reports
// (an assessment, notes, tags, a bookmark, flags on reports), kept apart
// from the imported records, with every change in an append-only history.
// The assessment is the analyst's judgement: it is shown as its own
// column, never as a source and never counted among the reports.

// Grading is the Airwars scale of how well an incident is evidenced.
type Grading uint8

// The gradings, strongest first.
const (
	GradingNone Grading = iota
	GradingConfirmed
	GradingFair
	GradingWeak
	GradingContested
	GradingDiscounted
)

var gradingNames = [...]string{"", "confirmed", "fair", "weak", "contested", "discounted"}

// String is the grading's name ("" when none).
func (g Grading) String() string {
	if int(g) < len(gradingNames) {
		return gradingNames[g]
	}
	return "grading(" + strconv.Itoa(int(g)) + ")"
}

// ParseGrading reads a grading of the Airwars scale, in any case.
func ParseGrading(s string) (Grading, error) {
	f := strings.ToLower(strings.TrimSpace(s))
	for i, n := range gradingNames {
		if i > 0 && n == f {
			return Grading(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a grading; use one of confirmed, fair, weak, contested, discounted (the Airwars scale)", s)
}

// DeskStatus is how far an assessment has come: pending (kept open),
// reviewed (a second look), final.
type DeskStatus uint8

// The statuses of an assessment.
const (
	StatusNone DeskStatus = iota
	StatusPending
	StatusReviewed
	StatusFinal
)

var deskStatusNames = [...]string{"", "pending", "reviewed", "final"}

// String is the status's name ("" when none).
func (s DeskStatus) String() string {
	if int(s) < len(deskStatusNames) {
		return deskStatusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// ParseDeskStatus reads a status, in any case.
func ParseDeskStatus(s string) (DeskStatus, error) {
	f := strings.ToLower(strings.TrimSpace(s))
	for i, n := range deskStatusNames {
		if i > 0 && n == f {
			return DeskStatus(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a status of an assessment; use pending, reviewed or final", s)
}

// ParseCertainty reads "known" or "suspected" (Certainty, strike.go).
func ParseCertainty(s string) (Certainty, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "known":
		return Known, nil
	case "suspected":
		return Suspected, nil
	}
	return 0, fmt.Errorf("%q is not a certainty; use known or suspected", s)
}

// Attacker is one belligerent the analyst holds responsible.
type Attacker struct {
	Name      string // as the analyst wrote it
	Key       string // ActorKey(Name)
	Certainty Certainty
}

// Assessment is the analyst's judgement of a strike: who did it, the
// civilian harm category by category as counts that keep what was
// concluded (exact, at least, a range), a grading and a status.
type Assessment struct {
	Attackers []Attacker
	Claims    []Claim // by outcome and category; one per pair
	Grading   Grading
	Status    DeskStatus
}

// Claim returns the assessment's figure for an outcome and category.
func (a *Assessment) Claim(o Outcome, c Category) Count {
	for _, cl := range a.Claims {
		if cl.Outcome == o && cl.Category == c {
			return cl.Count
		}
	}
	return NoCount()
}

// SetClaim sets (or, with a count not reported, removes) one figure,
// keeping the claims in display order.
func (a *Assessment) SetClaim(o Outcome, c Category, n Count) {
	a.Claims = slices.DeleteFunc(a.Claims, func(cl Claim) bool { return cl.Outcome == o && cl.Category == c })
	if n.Reported() {
		a.Claims = append(a.Claims, Claim{Outcome: o, Category: c, Count: n})
	}
	slices.SortStableFunc(a.Claims, func(x, y Claim) int {
		if x.Outcome != y.Outcome {
			return int(x.Outcome) - int(y.Outcome)
		}
		return int(x.Category) - int(y.Category)
	})
}

// AttackerText is the attackers as a person reads them: "Russia (suspected)".
func (a *Assessment) AttackerText() string {
	var parts []string
	for _, at := range a.Attackers {
		parts = append(parts, at.Name+" ("+at.Certainty.String()+")")
	}
	return strings.Join(parts, ", ")
}

// Clone is a deep copy.
func (a *Assessment) Clone() *Assessment {
	if a == nil {
		return nil
	}
	c := *a
	c.Attackers = slices.Clone(a.Attackers)
	c.Claims = slices.Clone(a.Claims)
	return &c
}

// Equal says whether two assessments say the same.
func (a *Assessment) Equal(b *Assessment) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Grading == b.Grading && a.Status == b.Status &&
		slices.Equal(a.Attackers, b.Attackers) && slices.Equal(a.Claims, b.Claims)
}

// Validate refuses an assessment that cannot have been meant.
func (a *Assessment) Validate() error {
	for _, cl := range a.Claims {
		if err := cl.Count.Validate(); err != nil {
			return fmt.Errorf("%s %s: %w", cl.Category, cl.Outcome, err)
		}
	}
	for _, at := range a.Attackers {
		if strings.TrimSpace(at.Name) == "" {
			return fmt.Errorf("an attacker needs a name")
		}
	}
	return nil
}

// The flags a report may carry.
const (
	FlagDoubtful  = "doubtful"
	FlagDuplicate = "duplicate"
	FlagKeySource = "key source"
)

// ReportFlags lists the flags a report may carry.
var ReportFlags = []string{FlagDoubtful, FlagDuplicate, FlagKeySource}

// ParseFlag reads a report flag ("key-source" and "key_source" alike).
func ParseFlag(s string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(s))
	f = strings.NewReplacer("-", " ", "_", " ").Replace(f)
	if slices.Contains(ReportFlags, f) {
		return f, nil
	}
	return "", fmt.Errorf("%q is not a flag of a report; use doubtful, duplicate or key-source", s)
}

// DeskEntry is everything the desk holds about one strike or one report,
// keyed by the ID the analyst acted on. Stores resolve a strike's ID
// through the links when they read it, so an entry follows its strike
// when the strike is shown under another.
type DeskEntry struct {
	Target     string // the strike's or report's ID
	Report     bool   // Target is a report
	Home       string // a report's strike as imported
	Assessment *Assessment
	Note       string
	Tags       []string
	Bookmark   bool
	Flags      []string // a report's flags (ReportFlags)
	// Updated is when, and By who, last changed the entry.
	Updated time.Time
	By      string
}

// Clone is a deep copy.
func (e *DeskEntry) Clone() DeskEntry {
	c := *e
	c.Assessment = e.Assessment.Clone()
	c.Tags = slices.Clone(e.Tags)
	c.Flags = slices.Clone(e.Flags)
	return c
}

// Empty says whether the entry holds nothing.
func (e *DeskEntry) Empty() bool {
	return e.Assessment == nil && e.Note == "" && len(e.Tags) == 0 && !e.Bookmark && len(e.Flags) == 0
}

// SameContent says whether two entries hold the same, whoever wrote them
// when.
func (e *DeskEntry) SameContent(o *DeskEntry) bool {
	return e.Assessment.Equal(o.Assessment) && e.Note == o.Note && slices.Equal(e.Tags, o.Tags) &&
		e.Bookmark == o.Bookmark && slices.Equal(e.Flags, o.Flags)
}

// ParseTag checks a tag: a word without spaces or commas, kept as typed
// less surrounding space; tags compare without case.
func ParseTag(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", fmt.Errorf("a tag cannot be empty")
	}
	if i := strings.IndexFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || unicode.IsControl(r) }); i >= 0 {
		return "", fmt.Errorf("the tag %q holds a space or a comma; join its words with - (double-tap)", s)
	}
	if strings.HasPrefix(t, "-") {
		return "", fmt.Errorf("the tag %q begins with -, which a query reads as a negation", s)
	}
	return t, nil
}

// AddTags adds tags not yet there (compared without case), in order.
func (e *DeskEntry) AddTags(tags ...string) {
	for _, t := range tags {
		if !slices.ContainsFunc(e.Tags, func(x string) bool { return strings.EqualFold(x, t) }) {
			e.Tags = append(e.Tags, t)
		}
	}
}

// RemoveTags removes tags (compared without case).
func (e *DeskEntry) RemoveTags(tags ...string) {
	e.Tags = slices.DeleteFunc(e.Tags, func(x string) bool {
		return slices.ContainsFunc(tags, func(t string) bool { return strings.EqualFold(x, t) })
	})
	if len(e.Tags) == 0 {
		e.Tags = nil
	}
}

// AddFlags and RemoveFlags change a report's flags, kept in the order of
// ReportFlags.
func (e *DeskEntry) AddFlags(flags ...string) {
	for _, f := range flags {
		if !slices.Contains(e.Flags, f) {
			e.Flags = append(e.Flags, f)
		}
	}
	slices.SortFunc(e.Flags, func(a, b string) int { return slices.Index(ReportFlags, a) - slices.Index(ReportFlags, b) })
}

// RemoveFlags removes flags.
func (e *DeskEntry) RemoveFlags(flags ...string) {
	e.Flags = slices.DeleteFunc(e.Flags, func(x string) bool { return slices.Contains(flags, x) })
	if len(e.Flags) == 0 {
		e.Flags = nil
	}
}

// Change is one entry of the desk's append-only history: who changed
// what when, and the entry before and after.
type Change struct {
	Seq    uint64 // its place in the history, set by the store
	Target string
	Report bool
	Who    string
	When   time.Time
	What   string // note, assess, tag, untag, bookmark, flag, import
	Said   string // a remark: what an import decided
	Before DeskEntry
	After  DeskEntry
}

// Changes says what a change did, one line a field, as "field: before →
// after" ("—" where there was nothing).
func (c *Change) Changes() []string {
	return DiffEntries(&c.Before, &c.After)
}

// DiffEntries lists what differs between two entries, one line a field.
func DiffEntries(a, b *DeskEntry) []string {
	var out []string
	line := func(field, x, y string) {
		if x == y {
			return
		}
		out = append(out, field+": "+orDash(x)+" → "+orDash(y))
	}
	aa, ba := a.Assessment, b.Assessment
	if aa == nil {
		aa = &Assessment{}
	}
	if ba == nil {
		ba = &Assessment{}
	}
	line("attackers", aa.AttackerText(), ba.AttackerText())
	for _, o := range Outcomes {
		for _, c := range Categories {
			x, y := aa.Claim(o, c), ba.Claim(o, c)
			if x != y {
				line(c.String()+" "+o.String(), countText(x), countText(y))
			}
		}
	}
	line("grading", aa.Grading.String(), ba.Grading.String())
	line("status", aa.Status.String(), ba.Status.String())
	if (a.Assessment == nil) != (b.Assessment == nil) && len(out) == 0 {
		if b.Assessment == nil {
			out = append(out, "assessment: removed")
		} else {
			out = append(out, "assessment: recorded, empty")
		}
	}
	line("note", quoteNote(a.Note), quoteNote(b.Note))
	line("tags", strings.Join(a.Tags, " "), strings.Join(b.Tags, " "))
	line("bookmark", yes(a.Bookmark), yes(b.Bookmark))
	line("flags", strings.Join(a.Flags, ", "), strings.Join(b.Flags, ", "))
	return out
}

func countText(c Count) string {
	if !c.Reported() {
		return ""
	}
	return c.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// quoteNote is a note as a history line shows it: whole, quoted, its
// lines joined.
func quoteNote(s string) string {
	if s == "" {
		return ""
	}
	return strconv.Quote(strings.Join(strings.Fields(s), " "))
}

// ParseCountText reads a figure as an analyst types it: 15, 3-6 (or
// 3–6, 3..6), at least 32 (or 32+, >=32, ≥32), some (it happened, no
// figure: at least one). The empty text, "-" and "none" are "not
// reported" (which removes a figure).
func ParseCountText(s string) (Count, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := func() (Count, error) {
		return Count{}, fmt.Errorf("%q is not a count: write 15, 3-6, at least 32 (or 32+), or some", s)
	}
	num := func(x string) (int32, bool) {
		x = strings.TrimSpace(x)
		if x == "" || len(x) > 9 {
			return 0, false
		}
		for _, r := range x {
			if r < '0' || r > '9' {
				return 0, false
			}
		}
		n, err := strconv.ParseInt(x, 10, 32)
		return int32(n), err == nil
	}
	switch t {
	case "", "-", "—", "none", "not reported":
		return NoCount(), nil
	case "some":
		return Some(), nil
	}
	for _, p := range []string{"at least ", ">=", "≥"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			if n, ok := num(rest); ok {
				return AtLeastCount(n), nil
			}
			return bad()
		}
	}
	if rest, ok := strings.CutSuffix(t, "+"); ok {
		if n, ok := num(rest); ok {
			return AtLeastCount(n), nil
		}
		return bad()
	}
	for _, sep := range []string{"..", "–", "-"} {
		if lo, hi, ok := strings.Cut(t, sep); ok {
			l, ok1 := num(lo)
			h, ok2 := num(hi)
			if !ok1 || !ok2 {
				return bad()
			}
			c := RangeCount(l, h)
			if err := c.Validate(); err != nil {
				return Count{}, fmt.Errorf("%q is not a count: %w", s, err)
			}
			return c, nil
		}
	}
	if n, ok := num(t); ok {
		return ExactCount(n), nil
	}
	return bad()
}

// DeskMark is what a list shows and filters on of a strike's desk
// entries: its assessment's status and grading, its tags, its bookmark,
// the flags of its reports and the words of every note on it and its
// reports. The store sets it on a summary when it reads it.
type DeskMark struct {
	Assessed bool
	Status   DeskStatus
	Grading  Grading
	Tags     []string
	Bookmark bool
	Flags    []string
	Notes    string // every note, joined by newlines
}

// Mark adds an entry to the mark of the strike it is shown under.
func (m *DeskMark) Mark(e *DeskEntry) {
	if a := e.Assessment; a != nil && !e.Report {
		m.Assessed = true
		m.Status, m.Grading = a.Status, a.Grading
	}
	for _, t := range e.Tags {
		if !slices.ContainsFunc(m.Tags, func(x string) bool { return strings.EqualFold(x, t) }) {
			m.Tags = append(m.Tags, t)
		}
	}
	m.Bookmark = m.Bookmark || e.Bookmark
	for _, f := range e.Flags {
		if !slices.Contains(m.Flags, f) {
			m.Flags = append(m.Flags, f)
		}
	}
	if e.Note != "" {
		if m.Notes != "" {
			m.Notes += "\n"
		}
		m.Notes += e.Note
	}
}
