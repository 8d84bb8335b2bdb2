package model_test

import (
	"reflect"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/seed"
)

// TestSummarizeInto: one Summary reused strike after strike (as an import
// does) gives each strike's summary exactly, with nothing left over from
// the strike before, which held more of everything.
func TestSummarizeInto(t *testing.T) {
	full := seed.Strike()
	full.Grading, full.Status, full.Codes = "fair", "likely", []string{"A1"}
	bare := model.Strike{ID: "bare", Date: full.Date, Reports: []model.Report{{ID: "r", Source: "SOHR"}}}
	other := seed.Strike()
	other.ID = "other"
	other.Reports = other.Reports[2:]
	other.Reports[0].Dataset = "Airwars"
	var dst model.Summary
	dst.Possible, dst.Desk = 3, &model.DeskMark{}
	for i, s := range []*model.Strike{&full, &bare, &other, &full, &bare} {
		model.SummarizeInto(&dst, s)
		if want := model.Summarize(s); !reflect.DeepEqual(lists(dst), lists(want)) {
			t.Errorf("strike %d (%s): got\n%+v\nwant\n%+v", i, s.ID, dst, want)
		}
	}
}

// lists is a summary with its empty lists nil, as Summarize leaves them
// (SummarizeInto keeps their memory for the next strike).
func lists(s model.Summary) model.Summary {
	for _, l := range []*[]string{&s.Places, &s.Admin1s, &s.Countries, &s.Actors, &s.Sources,
		&s.Datasets, &s.Types, &s.Codes, &s.Gradings, &s.Statuses} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	return s
}
