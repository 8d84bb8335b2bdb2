package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// CountSpec says where a map finds one count: a column, two columns that
// are a range (min, max), or three that are an estimate (low, best,
// high), and how to read them. In TOML it is a column name or a table
// (see mapping.go).
type CountSpec struct {
	Column          string
	Min, Max        string
	Low, Best, High string
	// Empty is what an empty cell means: "" or "not reported" (the
	// default), or "zero" where the publisher says an empty cell is none.
	Empty string
	// AtLeast reads a positive figure as "at least N": the publisher
	// gives its lowest figure.
	AtLeast bool
	// Pattern extracts the figure from the cell: its first group, or
	// the whole match.
	Pattern string
}

// Col is a CountSpec of one column.
func Col(name string) CountSpec { return CountSpec{Column: name} }

// UnmarshalTOML reads a column name or a table.
func (c *CountSpec) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*c = CountSpec{Column: v}
		return nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x := v[k]
			if k == "at_least" {
				b, ok := x.(bool)
				if !ok {
					return fmt.Errorf("at_least is true or false, not %v", x)
				}
				c.AtLeast = b
				continue
			}
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("%s is a column name in quotes, not %v", k, x)
			}
			switch k {
			case "column":
				c.Column = s
			case "min":
				c.Min = s
			case "max":
				c.Max = s
			case "low":
				c.Low = s
			case "best":
				c.Best = s
			case "high":
				c.High = s
			case "pattern":
				c.Pattern = s
			case "empty":
				switch s {
				case "zero", "not reported", "":
					c.Empty = s
				default:
					return fmt.Errorf("empty = %q: an empty cell means \"zero\" or \"not reported\"", s)
				}
			default:
				return fmt.Errorf("%q is not part of a count (want column, min and max, low, best and high, empty, at_least or pattern)", k)
			}
		}
		return c.check()
	}
	return fmt.Errorf("a count is a column name or a table like { min = \"...\", max = \"...\" }, not %v", v)
}

// check refuses a spec that mixes its forms.
func (c CountSpec) check() error {
	forms := 0
	if c.Column != "" {
		forms++
	}
	if c.Min != "" || c.Max != "" {
		forms++
	}
	if c.Low != "" || c.Best != "" || c.High != "" {
		forms++
		if c.Low == "" || c.Best == "" || c.High == "" {
			return fmt.Errorf("an estimate needs low, best and high")
		}
	}
	if forms > 1 {
		return fmt.Errorf("a count is one column, a min/max pair or a low/best/high estimate, not several")
	}
	return nil
}

// empty says whether the spec names no column.
func (c CountSpec) empty() bool { return len(c.columns()) == 0 }

// columns lists the columns the spec reads.
func (c CountSpec) columns() []string {
	var out []string
	for _, s := range []string{c.Column, c.Min, c.Max, c.Low, c.Best, c.High} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// toml writes the spec as TOML, for a drafted map.
func (c CountSpec) toml() string {
	if c.Min == "" && c.Max == "" && c.Low == "" && c.Empty == "" && !c.AtLeast && c.Pattern == "" {
		return tomlString(c.Column)
	}
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" = "+tomlString(v))
		}
	}
	add("column", c.Column)
	add("min", c.Min)
	add("max", c.Max)
	add("low", c.Low)
	add("best", c.Best)
	add("high", c.High)
	add("empty", c.Empty)
	add("pattern", c.Pattern)
	if c.AtLeast {
		parts = append(parts, "at_least = true")
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
