package model_test

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestSortByEveryColumn: each of the list's columns sorts; names go A to
// Z and figures largest first, and a strike without the value comes after
// every strike with it, in either case.
func TestSortByEveryColumn(t *testing.T) {
	with := &model.Summary{ID: "a", Admin1: "Aleppo", Actors: []string{"russia"}, Gradings: []string{"Fair"}, Datasets: []string{"Airwars"}}
	with.Injured[model.Civilians] = model.Span{Low: 3, High: 3, Reported: true}
	without := &model.Summary{ID: "b"}
	later := &model.Summary{ID: "c", Admin1: "Idlib", Actors: []string{"syria"}, Gradings: []string{"Weak"}, Datasets: []string{"UCDP GED"}}
	later.Injured[model.Civilians] = model.Span{Low: 1, High: 1, Reported: true}
	for _, k := range []model.SortKey{model.ByInjured, model.ByAdmin1, model.ByActors, model.ByGradings, model.ByDatasets} {
		if c := model.CompareSummaries(with, without, k); c >= 0 {
			t.Errorf("by %s: a strike with the value does not come before one without (%d)", k, c)
		}
		if c := model.CompareSummaries(with, later, k); c >= 0 {
			t.Errorf("by %s: %s does not come before %s (%d)", k, with.ID, later.ID, c)
		}
		if got, err := model.ParseSortKey(k.String()); err != nil || got != k {
			t.Errorf("ParseSortKey(%q) = %v, %v", k, got, err)
		}
	}
	if _, err := model.ParseSortKey("colour"); err == nil {
		t.Error("an unknown sort key was taken")
	}
}
