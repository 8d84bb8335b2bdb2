package model

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// syntheticLinkKeys makes n link keys, deterministically: events on days
// over ten years at places drawn from the alias table (each given a fixed
// point in Syria), each told by one to three datasets with the jitter
// real datasets show (coordinates, precision, month-precise dates, coarse
// places).
func syntheticLinkKeys(n int) []LinkKey {
	tablesOnce.Do(loadTables)
	var places []string
	for k := range placeTable.display {
		places = append(places, k)
	}
	slices.Sort(places)
	type pt struct{ lat, lon float64 }
	point := make([]pt, len(places))
	for i, p := range places {
		h := fnv.New64a()
		h.Write([]byte(p))
		v := h.Sum64()
		point[i] = pt{32.5 + float64(v%10000)/10000*4.5, 35.8 + float64(v>>20%10000)/10000*6.2}
	}
	sounds := map[string]uint64{}
	for _, p := range places {
		sounds[p] = soundHash(PlaceSkeleton(p))
	}
	datasets := []string{"airwars", "ucdp ged", "acled"}
	rng := rand.New(rand.NewPCG(7, 11))
	first := DayOf(2014, 1, 1)
	keys := make([]LinkKey, 0, n)
	for ev := 0; len(keys) < n; ev++ {
		day := first + Day(rng.IntN(3650))
		pi := rng.IntN(len(places))
		tellers := 1 + rng.IntN(3)
		start := rng.IntN(3)
		for t := 0; t < tellers && len(keys) < n; t++ {
			ds := datasets[(start+t)%3]
			k := LinkKey{
				ID: ds + ":" + strconv.Itoa(ev), Datasets: []string{ds}, Date: OnDay(day),
				PlaceKey: places[pi], PlaceName: placeTable.display[places[pi]], Admin1: placeTable.admin1[places[pi]],
				Precision: PlacePrecision(1 + rng.IntN(4)), HasCoords: true,
				Lat: point[pi].lat + rng.NormFloat64()*0.01, Lon: point[pi].lon + rng.NormFloat64()*0.01,
				Civilians: SpanOf(ExactCount(int32(rng.IntN(8)))),
			}
			switch r := rng.IntN(100); {
			case r < 3:
				k.Date = DateSpan{Start: day - day%30, End: day - day%30 + 29, Precision: PrecMonth}
			case r < 8:
				k.Precision, k.PlaceKey, k.HasCoords = PlaceProvince, "province:"+k.Admin1, false
			}
			k.Sound = sounds[k.PlaceKey] // as LinkKeyOf gives it
			keys = append(keys, k)
		}
	}
	return keys
}

func BenchmarkLink(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		keys := syntheticLinkKeys(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var plan LinkPlan
			for b.Loop() {
				plan = Link(keys, nil)
			}
			b.ReportMetric(float64(len(plan.Links)), "links")
			b.ReportMetric(float64(len(plan.Possible)), "possible")
		})
	}
}
