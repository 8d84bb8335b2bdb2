package ui

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/geomap"
)

// BenchmarkViewKey is a key in an open view over a million strikes:
// Update and View, as the UI loop runs them (the budget is 16 ms). The
// cursor keys do not count again; they move over the tally.
func BenchmarkViewKey(b *testing.B) {
	for _, v := range []struct{ open, a, b string }{{"T", "left", "right"}, {"B", "down", "up"}} {
		b.Run(v.open, func(b *testing.B) {
			d := bigDriver(b).keys(v.open)
			if !d.m.r.timeline.ready && !d.m.r.breakdown.ready {
				b.Fatal("the view did not count")
			}
			ka, kb := keyMsg(v.a), keyMsg(v.b)
			for i := 0; b.Loop(); i++ {
				k := ka
				if i%32 >= 16 {
					k = kb
				}
				d.m.Update(k)
				_ = d.m.View()
			}
		})
	}
}

// BenchmarkViewRecount is what a view does off the UI loop after the
// filter changes, over a million strikes whose index is built (the
// budget is 150 ms): the timeline by each split, the breakdown by each
// field.
func BenchmarkViewRecount(b *testing.B) {
	c := corpusOf(millionSummaries(), 1)
	x := c.index()
	runtime.GC() // the index's making is not the count's
	for _, sp := range []model.Split{model.SplitAttacker, model.SplitGrading, model.SplitDataset} {
		b.Run("timeline/"+sp.String(), func(b *testing.B) {
			cpu := cpuNow()
			for b.Loop() {
				x.Timeline(nil, model.TimelineOptions{Auto: true, Split: sp, Category: model.Civilians})
			}
			reportCPU(b, cpu)
		})
	}
	for _, name := range model.BreakdownFields() {
		f, _ := model.ParseBreakdownField(name)
		b.Run("breakdown/"+name, func(b *testing.B) {
			cpu := cpuNow()
			for b.Loop() {
				x.Breakdown(nil, f, model.BreakdownOptions{Category: model.Civilians})
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the CPU time per operation since from, in
// milliseconds: the wall time of ns/op on an idle machine of one core.
func reportCPU(b *testing.B, from time.Duration) {
	if now := cpuNow(); now > 0 {
		b.ReportMetric(float64(now-from)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// BenchmarkMapPlace places a million strikes on a fitted map, as the map
// does off the UI loop after a filter change (the budget is 150 ms), the
// corpus's places already read and aligned; "first" is the first time,
// which aligns them (once per load).
func BenchmarkMapPlace(b *testing.B) {
	sums := millionSummaries()
	c := corpusOf(sums, 1)
	places := make(map[string]model.Place, len(sums))
	for i := range sums {
		if i%50 == 0 {
			continue // without coordinates
		}
		prec := model.PlaceTown
		if i%7 == 0 {
			prec = model.PlaceProvince
		}
		places[sums[i].ID] = model.Place{HasCoords: true, Lat: 33 + float64(i%400)/100, Lon: 36 + float64(i%600)/100, Precision: prec}
	}
	d := viewData{c: c}
	benchPlaces = places
	runtime.GC()
	b.Run("first", func(b *testing.B) {
		cpu := cpuNow()
		for b.Loop() {
			placeStrikes(1, d, places, nil, nil, geomap.Frame{}, true, 160, 47)
		}
		reportCPU(b, cpu)
	})
	m := placeStrikes(1, d, places, nil, nil, geomap.Frame{}, true, 160, 47)
	b.Run("filter", func(b *testing.B) {
		cpu := cpuNow()
		for b.Loop() {
			placeStrikes(1, d, places, m.where, m.has, geomap.Frame{}, true, 160, 47)
		}
		reportCPU(b, cpu)
	})
}

// benchPlaces are BenchmarkMapPlace's places of the million strikes.
var benchPlaces map[string]model.Place

// locatingFake is a fake source that knows where its strikes are.
type locatingFake struct {
	*fakeSource
	places map[string]model.Place
}

func (l locatingFake) Places(context.Context) (map[string]model.Place, error) { return l.places, nil }

// BenchmarkMapKey is a key in the map of a million strikes: Update and
// View, the borders and marks drawn again (the budget is 16 ms).
func BenchmarkMapKey(b *testing.B) {
	if benchPlaces == nil {
		b.Skip("run with BenchmarkMapPlace, which makes the places")
	}
	d := newDriver(b, locatingFake{fakeOfSummaries(millionSummaries()), benchPlaces}, testOptions(), 160, 50).keys("M")
	if !d.m.r.mapScr.ready {
		b.Fatalf("the map did not draw:\n%s", d.screen())
	}
	ka, kb := keyMsg("left"), keyMsg("right")
	cpu := cpuNow()
	for i := 0; b.Loop(); i++ {
		k := ka
		if i%8 >= 4 {
			k = kb
		}
		d.m.Update(k)
		_ = d.m.View()
	}
	reportCPU(b, cpu)
}
