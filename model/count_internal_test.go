package model

import "testing"

func TestCountString(t *testing.T) {
	tests := []struct {
		name  string
		c     Count
		str   string
		short string
		min   int32
		minOK bool
	}{
		{"not reported is not zero", NoCount(), "not reported", "—", 0, false},
		{"civilians died is at least one", Some(), "some (no figure)", "≥1", 1, true},
		{"exact", ExactCount(15), "15", "15", 15, true},
		{"exact zero is a reported zero", ExactCount(0), "0", "0", 0, true},
		{"at least", AtLeastCount(32), "at least 32", "≥32", 32, true},
		{"range stays a range", RangeCount(3, 6), "3–6", "3–6", 3, true},
		{"range of one is exact", RangeCount(4, 4), "4", "4", 4, true},
		{"estimate", EstimateCount(2, 4, 9), "4 (2–9)", "4 (2–9)", 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := tt.c.Short(); got != tt.short {
				t.Errorf("Short() = %q, want %q", got, tt.short)
			}
			min, ok := tt.c.Min()
			if min != tt.min || ok != tt.minOK {
				t.Errorf("Min() = %d, %v; want %d, %v", min, ok, tt.min, tt.minOK)
			}
			if err := tt.c.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestCountValidate(t *testing.T) {
	tests := []struct {
		c    Count
		want string
	}{
		{ExactCount(-3), "a count cannot be negative (-3)"},
		{RangeCount(6, 3), "the low figure 6 is above the high figure 3"},
		{EstimateCount(2, 10, 9), "the best estimate 10 is outside 2-9"},
		{Count{Kind: 9}, "unknown kind of count 9"},
	}
	for _, tt := range tests {
		err := tt.c.Validate()
		if err == nil || err.Error() != tt.want {
			t.Errorf("Validate(%+v) = %v, want %q", tt.c, err, tt.want)
		}
	}
}

func TestSpanNeverAdds(t *testing.T) {
	tests := []struct {
		name string
		in   []Count
		want string
	}{
		{"nothing reported", []Count{NoCount(), NoCount()}, "—"},
		{"not reported does not widen", []Count{NoCount(), ExactCount(15)}, "15"},
		{"two figures give their span, not their sum", []Count{ExactCount(15), ExactCount(32)}, "15–32"},
		{"open top stays open", []Count{Some(), ExactCount(15), AtLeastCount(32)}, "1–32+"},
		{"ranges", []Count{RangeCount(3, 6), ExactCount(1)}, "1–6"},
		{"one open claim", []Count{Some()}, "≥1"},
	}
	for _, tt := range tests {
		if got := SpanOf(tt.in...).String(); got != tt.want {
			t.Errorf("%s: SpanOf = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseCountKindRoundTrip(t *testing.T) {
	for k := NotReported; k <= Estimate; k++ {
		got, err := ParseCountKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseCountKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseCountKind("lots"); err == nil {
		t.Error("ParseCountKind(lots) gave no error")
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Ar-Raqqah":          "ar raqqah",
		"  AR   RAQQAH ":     "ar raqqah",
		"Ma'arrat al-Nu'man": "maarrat al numan",
		"Dayr az Zawr":       "dayr az zawr",
		"Deïr ez-Zôr":        "deir ez zor",
		"الرَّقَّة":          "الرقه",
		"الرقة":              "الرقه",
		"plain":              "plain",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
