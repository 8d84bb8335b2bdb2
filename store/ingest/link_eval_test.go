package ingest

import (
	"strings"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// The linker's evaluation on real data (docs/LINKING.md): UCDP GED events
// in Ar Raqqah governorate in 2016-2017 that cite Airwars are events
// Airwars also holds; linking them with Airwars' incidents there shows
// how many the linker finds (recall) and how many of its links the
// figures bear out (precision). The floors sit just below the measured
// values, so that a change to the rule that loses either fails here.
const (
	evalRecallFloor         = 0.77 // measured 0.781
	evalPrecisionFloor      = 0.76 // measured 0.769 (supported links)
	evalContradictedCeiling = 0.07 // measured 0.060
)

type linkEval struct {
	ucdp, airwars, citing                         int
	citingLinked, otherLinked                     int
	supported, unique, figuresAgree, contradicted int
	possibleOnly                                  int
	dayMismatch                                   int
}

func TestLinkEvalRaqqa(t *testing.T) {
	ev, plan := evalRaqqa(t)
	t.Logf("UCDP events %d (citing Airwars %d), Airwars incidents %d", ev.ucdp, ev.citing, ev.airwars)
	t.Logf("links %d; citing linked %d, other UCDP linked %d, citing left with only possible links %d",
		len(plan.Links), ev.citingLinked, ev.otherLinked, ev.possibleOnly)
	recall := float64(ev.citingLinked) / float64(ev.citing)
	precision := float64(ev.supported) / float64(ev.citingLinked)
	t.Logf("recall %.3f (%d/%d)", recall, ev.citingLinked, ev.citing)
	t.Logf("precision ≥ %.3f: %d of %d links supported (%d the only candidate, %d with agreeing civilian deaths); %d contradicted (precision ≤ %.3f)",
		precision, ev.supported, ev.citingLinked, ev.unique, ev.figuresAgree, ev.contradicted,
		1-float64(ev.contradicted)/float64(ev.citingLinked))
	if ev.citing != 511 || ev.airwars != 1077 {
		t.Errorf("the evaluation set changed: %d citing UCDP events (want 511), %d Airwars incidents (want 1,077)", ev.citing, ev.airwars)
	}
	if ev.dayMismatch != 0 {
		t.Errorf("%d links join records whose day-precise dates differ", ev.dayMismatch)
	}
	if recall < evalRecallFloor {
		t.Errorf("recall %.3f fell below %.2f", recall, evalRecallFloor)
	}
	if precision < evalPrecisionFloor {
		t.Errorf("precision %.3f fell below %.2f", precision, evalPrecisionFloor)
	}
	if c := float64(ev.contradicted) / float64(ev.citingLinked); c > evalContradictedCeiling {
		t.Errorf("%.3f of links are contradicted by the figures, above %.2f", c, evalContradictedCeiling)
	}
}

func citesAirwars(r *model.Report) bool {
	if strings.Contains(strings.ToLower(r.Originator), "airwars") {
		return true
	}
	for _, c := range r.Cites {
		if strings.Contains(strings.ToLower(c.Name), "airwars") {
			return true
		}
	}
	return false
}

func inRaqqa1617(s *model.Strike) bool {
	y := s.Date.Start.Time().Year()
	return s.Date.Known() && (y == 2016 || y == 2017) && model.Admin1Key(s.Place.Admin1) == "raqqa"
}

func evalRaqqa(t testing.TB) (linkEval, model.LinkPlan) {
	ucdp, _ := readAll(t, FormatUCDP, realData(t, "ucdp-ged/syria-2016-2019.csv"), Options{})
	aw, _ := readAll(t, FormatAirwars, realData(t, "airwars/syria-incidents.csv"), Options{SourcesPath: "none"})
	var ev linkEval
	strikes := map[string]*model.Strike{}
	var keys []model.LinkKey
	citing := map[string]bool{}
	for _, s := range ucdp {
		if inRaqqa1617(s) {
			ev.ucdp++
			if citesAirwars(&s.Reports[0]) {
				ev.citing++
				citing[s.ID] = true
			}
			strikes[s.ID] = s
			keys = append(keys, model.LinkKeyOf(s))
		}
	}
	for _, s := range aw {
		if inRaqqa1617(s) {
			ev.airwars++
			strikes[s.ID] = s
			keys = append(keys, model.LinkKeyOf(s))
		}
	}
	plan := model.Link(keys, nil)

	// The Airwars incident each UCDP event is linked with, whichever way
	// the link points (they are the only two datasets here).
	partner := map[string]string{}
	for _, l := range plan.Links {
		a, b := strikes[l.From], strikes[l.Into]
		if a.Date.Precision == model.PrecDay && b.Date.Precision == model.PrecDay && a.Date.Start != b.Date.Start {
			ev.dayMismatch++
		}
		if strings.HasPrefix(l.From, "ucdp:") {
			partner[l.From] = l.Into
		} else {
			partner[l.Into] = l.From
		}
	}
	// Every Airwars incident compatible with each UCDP event.
	options := map[string][]string{}
	for _, l := range plan.Links {
		u, a := l.From, l.Into
		if !strings.HasPrefix(u, "ucdp:") {
			u, a = a, u
		}
		options[u] = append(options[u], a)
	}
	hasPossible := map[string]bool{}
	for _, p := range plan.Possible {
		u, a := p.From, p.To
		if !strings.HasPrefix(u, "ucdp:") {
			u, a = a, u
		}
		if !p.Weak {
			options[u] = append(options[u], a)
		}
		hasPossible[u] = true
	}
	for id := range strikes {
		if !strings.HasPrefix(id, "ucdp:") {
			continue
		}
		a, linked := partner[id]
		switch {
		case !linked && citing[id] && hasPossible[id]:
			ev.possibleOnly++
		case !linked:
		case !citing[id]:
			ev.otherLinked++
		default:
			ev.citingLinked++
			agree := civiliansAgree(strikes[id], strikes[a])
			unique := len(options[id]) == 1
			if unique {
				ev.unique++
			} else if agree {
				ev.figuresAgree++
			}
			if unique || agree {
				ev.supported++
				continue
			}
			for _, o := range options[id] {
				if civiliansAgree(strikes[id], strikes[o]) {
					ev.contradicted++ // another candidate's figures agree, this one's do not
					break
				}
			}
		}
	}
	return ev, plan
}

// civiliansAgree says whether UCDP's civilian deaths fall within Airwars'
// range of civilians killed: a check the linker does not make (it
// compares headline figures, and only to break ties).
func civiliansAgree(u, a *model.Strike) bool {
	uc := u.Reports[0].Claim(model.Killed, model.Civilians)
	ac := a.Reports[0].Claim(model.Killed, model.Civilians)
	if !uc.Reported() || !ac.Reported() {
		return false
	}
	hi, ok := ac.Max()
	if !ok {
		hi = 1 << 30
	}
	return uc.Low >= ac.Low && uc.Low <= hi
}
