package model

import "testing"

// TestCandidatesComplete checks the index against every pair: it must
// find exactly the pairs that match, across datasets, whatever the mix
// of one-dataset, several-dataset and no-dataset strikes.
func TestCandidatesComplete(t *testing.T) {
	keys := syntheticLinkKeys(1500)
	for i := range keys {
		k := &keys[i]
		// Crowd the days so that strikes of different events meet.
		span := k.Date.End - k.Date.Start
		k.Date.Start = DayOf(2016, 1, 1) + k.Date.Start%40
		k.Date.End = k.Date.Start + span
		switch i % 17 {
		case 3:
			k.Datasets = nil
		case 5:
			k.Datasets = []string{"acled", "airwars"}
		case 7:
			k.Datasets = []string{"syrian archive", "ucdp ged"}
		case 11, 13:
			// Placed only near a town, whose point lies 10-20 km off:
			// matched by the index's wider reach.
			if k.HasCoords && !k.Precision.Area() {
				k.Precision = PlaceNearTown
				k.Lat += 0.09 + 0.09*float64(i%5)/4
				k.Lon -= 0.05 * float64(i%3)
			}
		}
	}
	rank := make([]int32, len(keys))
	for i := range rank {
		rank[i] = int32(i)
	}
	got := map[[2]int32]bool{}
	for _, c := range candidates(keys, rank) {
		got[[2]int32{c.i, c.j}] = true
	}
	want := map[[2]int32]bool{}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if _, ok := match(&keys[i], &keys[j], false); ok {
				want[[2]int32{int32(i), int32(j)}] = true
			}
		}
	}
	if len(want) < 100 {
		t.Fatalf("the test corpus has only %d matching pairs; crowd it more", len(want))
	}
	for p := range want {
		if !got[p] {
			t.Errorf("the index misses the matching pair %s / %s", keys[p[0]].ID, keys[p[1]].ID)
		}
	}
	for p := range got {
		if !want[p] {
			t.Errorf("the index returns the pair %s / %s, which does not match", keys[p[0]].ID, keys[p[1]].ID)
		}
	}
}
