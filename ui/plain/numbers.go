package plain

import "strconv"

// ContestedMark marks a strike whose reports name different attackers,
// in the CLI and in the dashboard alike. (≠ marks a value other sources
// contradict, in compare.) It is shown in colour too, never by colour
// alone.
const ContestedMark = "⚑"

// Marks are the marks strikes puts beside data, in the CLI and the
// dashboard alike, with what each means; the help screen lists them.
var Marks = []struct{ Mark, Meaning string }{
	{ContestedMark, "contested: the reports name different attackers"},
	{"≠", "differs: the value contradicts another report's"},
	{"≈", "compatible: the values differ in form but can all be true"},
	{"=", "agree: every report that gives it says the same"},
	{"⛓", "linked: shown under this strike (the linker's reason, or \"linked by hand\")"},
	{"⛓?", "a possible link the linker did not make (p in a strike to make one)"},
	{"—", "not reported: the source said nothing (never zero)"},
	{"≥", "at least: \"civilians died\" is ≥1"},
}

// Thousands renders n with comma separators: 16,566.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural renders a count with its noun: "1 report", "3 reports",
// "1,024 strikes".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return Thousands(n) + " " + word + "s"
}
