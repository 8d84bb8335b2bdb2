package plain

import "strconv"

// ContestedMark marks a strike whose reports name different attackers,
// in the CLI and in the dashboard alike. (≠ marks a value other sources
// contradict, in compare.) It is shown in colour too, never by colour
// alone.
const ContestedMark = "⚑"

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
