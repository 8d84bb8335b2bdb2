package model

import (
	"fmt"
	"strconv"
)

// CountKind says what shape a reported figure had, so that what a source
// said is kept exactly: "not reported" is never zero and "civilians died"
// is at least one.
type CountKind uint8

// The kinds of figure a source can give.
const (
	// NotReported means the source said nothing about this figure.
	NotReported CountKind = iota
	// Unquantified means the source said it happened without a figure
	// ("civilians died"): at least one.
	Unquantified
	// Exact is a single figure.
	Exact
	// AtLeast is "at least N", with no upper bound.
	AtLeast
	// Range is "N to M".
	Range
	// Estimate is a low, best and high estimate (UCDP GED).
	Estimate
)

var countKindNames = [...]string{"not_reported", "unquantified", "exact", "at_least", "range", "estimate"}

// String names the kind as it appears in JSON.
func (k CountKind) String() string {
	if int(k) < len(countKindNames) {
		return countKindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseCountKind is the inverse of CountKind.String.
func ParseCountKind(s string) (CountKind, error) {
	for i, n := range countKindNames {
		if n == s {
			return CountKind(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a kind of count (want one of not_reported, unquantified, exact, at_least, range, estimate)", s)
}

// Count is one reported figure. Low and High bound it; Best is the point
// figure where one was given (Exact, Estimate). For AtLeast, High is
// Unbounded.
type Count struct {
	Kind CountKind
	Low  int32
	Best int32
	High int32
}

// Unbounded is the High of an open-ended count.
const Unbounded int32 = -1

// Constructors. They keep what was said; they do not validate, Validate does.

// NoCount is a figure the source did not report.
func NoCount() Count { return Count{} }

// Some is "it happened, no figure given": at least one.
func Some() Count { return Count{Kind: Unquantified, Low: 1, High: Unbounded} }

// ExactCount is a single figure n.
func ExactCount(n int32) Count { return Count{Kind: Exact, Low: n, Best: n, High: n} }

// AtLeastCount is "at least n".
func AtLeastCount(n int32) Count { return Count{Kind: AtLeast, Low: n, High: Unbounded} }

// RangeCount is "lo to hi"; a range whose ends are equal is an exact figure.
func RangeCount(lo, hi int32) Count {
	if lo == hi {
		return ExactCount(lo)
	}
	return Count{Kind: Range, Low: lo, High: hi}
}

// EstimateCount is a low/best/high estimate.
func EstimateCount(lo, best, hi int32) Count {
	return Count{Kind: Estimate, Low: lo, Best: best, High: hi}
}

// Reported says whether the source said anything about the figure.
func (c Count) Reported() bool { return c.Kind != NotReported }

// Min is the smallest number the claim allows (1 for Unquantified), and
// false when nothing was reported.
func (c Count) Min() (int32, bool) {
	if c.Kind == NotReported {
		return 0, false
	}
	return c.Low, true
}

// Max is the largest number the claim allows; false when nothing was
// reported or the claim is open-ended.
func (c Count) Max() (int32, bool) {
	if c.Kind == NotReported || c.High == Unbounded {
		return 0, false
	}
	return c.High, true
}

// Validate reports a count that cannot have been said: a negative figure,
// a low above its high, a best outside its bounds.
func (c Count) Validate() error {
	switch c.Kind {
	case NotReported:
		return nil
	case Unquantified:
		return nil
	case Exact:
		if c.Low < 0 {
			return fmt.Errorf("a count cannot be negative (%d)", c.Low)
		}
	case AtLeast:
		if c.Low < 0 {
			return fmt.Errorf("a count cannot be negative (%d)", c.Low)
		}
	case Range, Estimate:
		if c.Low < 0 || c.High < 0 {
			return fmt.Errorf("a count cannot be negative (%d-%d)", c.Low, c.High)
		}
		if c.Low > c.High {
			return fmt.Errorf("the low figure %d is above the high figure %d", c.Low, c.High)
		}
		if c.Kind == Estimate && (c.Best < c.Low || c.Best > c.High) {
			return fmt.Errorf("the best estimate %d is outside %d-%d", c.Best, c.Low, c.High)
		}
	default:
		return fmt.Errorf("unknown kind of count %d", c.Kind)
	}
	return nil
}

// String renders the claim as a person reads it: "—" is never shown here;
// callers decide how to show NotReported (see Text).
func (c Count) String() string {
	switch c.Kind {
	case NotReported:
		return "not reported"
	case Unquantified:
		return "some (no figure)"
	case Exact:
		return itoa(c.Low)
	case AtLeast:
		return "at least " + itoa(c.Low)
	case Range:
		return itoa(c.Low) + "–" + itoa(c.High)
	case Estimate:
		if c.Low == c.High {
			return itoa(c.Best)
		}
		return itoa(c.Best) + " (" + itoa(c.Low) + "–" + itoa(c.High) + ")"
	}
	return "?"
}

// Short renders the claim compactly for tables: "—" for not reported,
// "≥1" for unquantified, "≥32", "3–6", "4 (2–9)".
func (c Count) Short() string {
	switch c.Kind {
	case NotReported:
		return "—"
	case Unquantified, AtLeast:
		return "≥" + itoa(c.Low)
	}
	return c.String()
}

// Equal says whether two claims say the same thing.
func (c Count) Equal(o Count) bool { return c == o }

func itoa(n int32) string { return strconv.FormatInt(int64(n), 10) }

// Span is how far several claims about the same thing reach, from the
// smallest figure any of them allows to the largest figure any of them
// states. It shows how far sources are apart; it is never a total.
type Span struct {
	Low      int32 // the smallest lower bound among the claims
	High     int32 // the largest stated figure (an open claim's lower bound)
	Reported bool  // at least one claim was reported
	Open     bool  // the claim that gave High was open-ended ("at least 32")
	// (In this order a Span takes 12 bytes, not 16: the linker keeps
	// three per strike.)
}

// top is the largest figure a claim states: its high, or its low when it
// is open-ended.
func (c Count) top() (int32, bool) {
	if c.High == Unbounded {
		return c.Low, true
	}
	return c.High, false
}

// SpanOf gives the span of the claims; claims that were not reported do not
// widen it.
func SpanOf(cs ...Count) Span {
	var s Span
	for _, c := range cs {
		if !c.Reported() {
			continue
		}
		top, open := c.top()
		if !s.Reported {
			s = Span{Reported: true, Low: c.Low, High: top, Open: open}
			continue
		}
		if c.Low < s.Low {
			s.Low = c.Low
		}
		if top > s.High || (top == s.High && open) {
			s.High, s.Open = top, open
		}
	}
	return s
}

// With is the span of the claims of s and o together: SpanOf of both
// spans' counts.
func (s Span) With(o Span) Span {
	switch {
	case !o.Reported:
		return s
	case !s.Reported:
		return o
	}
	s.Low = min(s.Low, o.Low)
	if o.High > s.High || (o.High == s.High && o.Open) {
		s.High, s.Open = o.High, o.Open
	}
	return s
}

// String renders the span: "—", "15", "≥1", "15–32", "1–32+" (the largest
// claim was "at least 32").
func (s Span) String() string {
	switch {
	case !s.Reported:
		return "—"
	case s.Low == s.High && s.Open:
		return "≥" + itoa(s.Low)
	case s.Low == s.High:
		return itoa(s.Low)
	case s.Open:
		return itoa(s.Low) + "–" + itoa(s.High) + "+"
	}
	return itoa(s.Low) + "–" + itoa(s.High)
}
