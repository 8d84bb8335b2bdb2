package ingest

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestUCDPWherePrec: where_prec is read as the precision it says; 2 is a
// town's point the event was within ca. 25 km of, not the town itself,
// and keeps the town's key and coordinates.
func TestUCDPWherePrec(t *testing.T) {
	const head = "id,type_of_violence,side_a,side_b,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high,where_prec,where_coordinates,adm_1,latitude,longitude\n"
	tests := []struct {
		prec string
		want model.PlacePrecision
		key  string
	}{
		{"1", model.PlaceExact, "tabqa"},
		{"2", model.PlaceNearTown, "tabqa"},
		{"3", model.PlaceDistrict, "district:ath thawrah"},
		{"4", model.PlaceProvince, "province:ar raqqah"},
		{"7", model.PlaceUnknown, "tabqa"},
	}
	for _, tt := range tests {
		row := "1,1,A,B,2017-01-24,2017-01-24,0,0,1,0,1,1,1," + tt.prec + ",Tabqa town,Ar Raqqah governorate,35.8367,38.5481\n"
		if tt.prec == "3" {
			row = "1,1,A,B,2017-01-24,2017-01-24,0,0,1,0,1,1,1,3,Ath Thawrah district,Ar Raqqah governorate,35.8367,38.5481\n"
		}
		ss, err := readAllText(FormatUCDP, head+row)
		if err != nil {
			t.Fatalf("where_prec %s: %v", tt.prec, err)
		}
		p := ss[0].Place
		if p.Precision != tt.want || p.Key != tt.key || !p.HasCoords {
			t.Errorf("where_prec %s: %v %q coords %v, want %v %q with coordinates", tt.prec, p.Precision, p.Key, p.HasCoords, tt.want, tt.key)
		}
	}
}
