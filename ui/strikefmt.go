package ui

import (
	"fmt"
	"strings"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/ui/plain"
)

// Text of strikes and reports, shared by the detail and compare screens.
// Every function here returns cleaned, unstyled text.

// placeText names a place: "Ar Raqqah  الرقة".
func placeText(p model.Place) string { return placeName(p, true) }

// placeName names a place, with its Arabic name when arabic is set.
func placeName(p model.Place, arabic bool) string {
	name := p.Name
	if name == "" && p.Key != "" {
		name = model.PlaceName(p.Key)
	}
	ar := p.NameAR
	if ar == "" && p.Key != "" {
		ar = model.PlaceArabic(p.Key)
	}
	name = clean(name)
	if arabic && ar != "" && ar != p.Name {
		if name != "" {
			name += "  "
		}
		name += clean(ar)
	}
	return orDash(name)
}

// whereText gives a place's precision, governorate, country and
// coordinates: "city · governorate Ar Raqqah · Syria · 35.9499, 39.0074".
func whereText(p model.Place) string {
	var parts []string
	if p.Precision != model.PlaceUnknown {
		parts = append(parts, p.Precision.String()+" precision")
	}
	if p.Admin1 != "" {
		parts = append(parts, "governorate "+clean(p.Admin1))
	}
	if p.Admin2 != "" {
		parts = append(parts, "district "+clean(p.Admin2))
	}
	if p.Country != "" {
		parts = append(parts, clean(p.Country))
	}
	if p.HasCoords {
		parts = append(parts, fmt.Sprintf("%.4f, %.4f", p.Lat, p.Lon))
	}
	return strings.Join(parts, " · ")
}

// dateText gives a date with its precision: "2015-12-06 (day)".
func dateText(d model.DateSpan) string {
	if !d.Known() {
		return "date not reported"
	}
	s := d.String()
	switch d.Precision {
	case model.PrecDay:
		s += ", day precision"
	case model.PrecRange:
		s += ", range"
	}
	return s
}

// banner names the attackers and how many reports back each:
// "CONTESTED: Russia (4 reports) vs US-led coalition (1 report)", or the
// one attacker they agree on.
func banner(c *model.Comparison) string {
	var parts []string
	for _, b := range c.Backers {
		parts = append(parts, clean(b.Name)+" ("+plain.Plural(b.Reports, "report")+")")
	}
	switch {
	case c.Contested:
		return contestedMark + " CONTESTED: " + strings.Join(parts, " vs ")
	case len(parts) == 0:
		return "attacker not named"
	}
	return "attacker: " + strings.Join(parts, ", ")
}

// chainText is a report's provenance, outermost first:
// "Associated Press ← Facebook page used by IS supporters".
func chainText(chain []string) string {
	out := make([]string, len(chain))
	for i, c := range chain {
		out[i] = clean(c)
	}
	return strings.Join(out, " ← ")
}

// actorText renders an actor as the report named it, with its canonical
// name, certainty and role: "Russian Military [Russia] · suspected · attacker".
func actorText(a model.ActorRef) string {
	t := clean(a.Name)
	if a.Key != "" {
		if n := model.ActorName(a.Key); n != a.Name {
			if t == "" {
				t = clean(n)
			} else {
				t += " [" + clean(n) + "]"
			}
		}
	}
	if a.Certainty != model.CertaintyUnstated {
		t += " · " + a.Certainty.String()
	}
	return t + " · " + a.Role.String()
}

// claimsText lists a report's figures for one outcome, each category on
// its own, leaving out what it did not report: "total 15 · children 8".
func claimsText(r *model.Report, o model.Outcome) string {
	var parts []string
	for _, c := range model.Categories {
		if n := r.Claim(o, c); n.Reported() {
			parts = append(parts, c.String()+": "+n.String())
		}
	}
	return strings.Join(parts, " · ")
}
