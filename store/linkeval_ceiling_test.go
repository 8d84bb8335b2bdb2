package store

import (
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// TestLinkEvalCeiling counts, from the ground truth alone (never the
// linker's links), the citing events no rule that never links at random
// can be sure to link rightly (docs/LINKING.md, "the targets are not
// met"): those citing several incidents (any is right, but which one is
// chance), those citing an incident dated a day or more off (never
// linked), those sharing their incident with another citing event (a
// group holds one record per dataset: at most one of them links). Totals
// only, for Ar Raqqah and the held-out events alike: no held-out event is
// named or looked at.
func TestLinkEvalCeiling(t *testing.T) {
	if testing.Short() {
		t.Skip("the ground-truth evaluation reads two real files; skipped in -short")
	}
	awPath := evalDataPath(t, "airwars/syria-incidents.csv")
	ucdpPath := evalDataPath(t, "ucdp-ged/syria-2016-2019.csv")
	codes := airwarsCodes(t, awPath)
	dateOf := map[string]string{}
	for _, incs := range codes {
		for _, x := range incs {
			dateOf[x.id] = x.date
		}
	}
	rows := readCSV(t, ucdpPath)
	h := header(rows[0])
	type event struct {
		cited      []string
		start, end string
		raqqa      bool
	}
	var events []event
	citers := map[string]int{} // incident → citing events
	for _, r := range rows[1:] {
		ents := airwarsEntries(r[h["source_article"]], r[h["source_headline"]])
		if len(ents) == 0 {
			continue
		}
		e := event{start: r[h["date_start"]], end: r[h["date_end"]], raqqa: model.Admin1Key(r[h["adm_1"]]) == "raqqa"}
		e.cited = resolveCited(codes, ents, e.start, e.end)
		if len(e.cited) == 0 {
			continue
		}
		events = append(events, e)
		for _, c := range e.cited {
			citers[c]++
		}
	}
	// Each event counts once, under the first that holds: several,
	// off, shared, else its own.
	type tally struct{ events, several, off, shared, own int }
	var raqqa, heldOut tally
	for _, e := range events {
		tl := &heldOut
		if e.raqqa {
			tl = &raqqa
		}
		tl.events++
		off, shared := true, false
		for _, c := range e.cited {
			if dayGap(dateOf[c], e.start, e.end) == 0 {
				off = false
			}
			if citers[c] > 1 {
				shared = true
			}
		}
		switch {
		case len(e.cited) > 1:
			tl.several++
		case off:
			tl.off++
		case shared:
			tl.shared++
		default:
			tl.own++
		}
	}
	for _, s := range []struct {
		name string
		tl   tally
	}{{"Ar Raqqah", raqqa}, {"held out", heldOut}} {
		t.Logf("%s: %d citing events: %d cite several incidents; of the others, %d cite an incident dated a day or more off, %d share their incident with another citing event, %d cite one incident of their own on their dates",
			s.name, s.tl.events, s.tl.several, s.tl.off, s.tl.shared, s.tl.own)
	}
	if raqqa.events < 450 || heldOut.events < 500 || raqqa.own >= raqqa.events || heldOut.own >= heldOut.events {
		t.Errorf("the ground truth changed: %+v, %+v", raqqa, heldOut)
	}
}
