package plain

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{0, 0}, "··"},
		{[]int{0, 1, 8}, "·▁█"},
		{[]int{1, 100}, "▁█"},
		{[]int{4, 8}, "▄█"},
	}
	for _, tt := range tests {
		if got := Sparkline(tt.in); got != tt.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBandText(t *testing.T) {
	tests := []struct {
		b    model.Band
		want string
	}{
		{model.Band{}, "—"},
		{model.Band{NoFigure: 3}, "— (3 no figure)"},
		{model.Band{Strikes: 2, Low: 5, High: 9}, "5–9"},
		{model.Band{Strikes: 2, Low: 5, High: 9, Open: true, NoFigure: 1}, "5–9+ (1 no figure)"},
	}
	for _, tt := range tests {
		if got := BandText(tt.b); got != tt.want {
			t.Errorf("BandText(%+v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}
