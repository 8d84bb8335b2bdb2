// Package model is the domain of strikes: strikes, the reports that tell
// them, the figures they give, the actors and places they name, the query
// language and the comparison of reports. It is pure Go and does no I/O.
package model

import "strconv"

// Strike is one event as strikes groups it: one or more reports that tell
// of the same strike.
type Strike struct {
	// ID is stable across re-imports, derived from the source's own ID
	// (for example "airwars:RS0232", "ucdp:214797").
	ID string
	// Date is the strike's date as the grouping record gives it.
	Date DateSpan
	// Place is where it happened.
	Place Place
	// Status is the dataset's word for how likely the strike is
	// ("Likely strike"), empty when none was given.
	Status string
	// Grading is the dataset's grading of the evidence (Airwars:
	// Confirmed, Fair, Weak, Contested, Discounted), empty when none.
	Grading string
	// Codes are the dataset's own codes for the strike, current first
	// (Airwars "CS1329", "RS2387", and previous codes).
	Codes []string
	// Reports are the accounts of the strike, in the order they were added.
	// A strike read from a store with links shows the reports of the
	// strikes linked into it after its own, each with its Link reason.
	Reports []Report
	// Possible are the links the linker found but did not make, between
	// this strike (or a strike linked into it) and another, best first.
	// A store fills it when it reads the strike; it is never stored.
	Possible []LinkCandidate
}

// SourceKind says what sort of source gave a report.
type SourceKind uint8

// The kinds of source.
const (
	KindUnknown       SourceKind = iota
	KindMonitor                  // monitoring group (SOHR, Airwars)
	KindActivist                 // activist group (RBSS)
	KindNewsAgency               // news agency (AP, AFP, Reuters)
	KindBroadcaster              // broadcaster (BBC)
	KindBelligerent              // a belligerent's own statement
	KindMilitantMedia            // militant media (Amaq)
	KindSocialMedia              // a social media account or page
	KindDataset                  // a curated dataset (UCDP GED, ACLED)
)

var sourceKindNames = [...]string{"unknown", "monitoring group", "activist group", "news agency", "broadcaster", "belligerent statement", "militant media", "social media", "dataset"}

// String names the kind as a person reads it, and as JSON carries it.
func (k SourceKind) String() string {
	if int(k) < len(sourceKindNames) {
		return sourceKindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseSourceKind is the inverse of SourceKind.String.
func ParseSourceKind(s string) (SourceKind, bool) {
	for i, n := range sourceKindNames {
		if n == s {
			return SourceKind(i), true
		}
	}
	return KindUnknown, false
}

// Report is one source's account of one strike.
type Report struct {
	// ID is stable across re-imports ("airwars:RS0232",
	// "airwars:RS0232/russia", "seed:rs0232/sohr").
	ID string
	// Source is whose account this is, as named by the data.
	Source string
	// SourceKind is what sort of source it is.
	SourceKind SourceKind
	// Via is how the account reached us, outermost first, not counting
	// Source: the article quotes the BBC quoting RBSS, so for RBSS's report
	// Via is ["BBC"]. Shown as "BBC ← Raqqa is Being Slaughtered Silently".
	Via []string
	// Cites are the sources the Source itself names for its account
	// (UCDP's source_office entries, Airwars' source list), in order.
	Cites []Citation
	// Originator is who first reported it, according to the source (UCDP
	// source_original), empty when not given.
	Originator string
	// Published is when the account was published, NoDay when unknown.
	Published Day
	// URLs link to the account.
	URLs []string
	// Date is the date the source gives for the strike.
	Date DateSpan
	// Place is where the source says it happened; PlaceDetail is its words
	// for the spot ("outskirts of Raqqa", "IS headquarters").
	Place       Place
	PlaceDetail string
	// Actors are the actors as the source named them.
	Actors []ActorRef
	// Strikes is how many strikes the source says there were.
	Strikes Count
	// Claims are the casualty figures the source gave, one per outcome
	// and category; a category the source did not mention is absent.
	Claims []Claim
	// Assessment is a belligerent's or monitor's verdict on the claim
	// ("credible", "non-credible", "not yet assessed"), empty when none.
	Assessment string
	// Summary is the account in the project's own words.
	Summary string
	// Dataset is the dataset the report was imported from.
	Dataset string
	// Notes carries dataset-specific facts as ordered key/value pairs
	// ("type_of_violence", "event_clarity"), shown in the detail view.
	Notes []Note
	// Link is why the report is shown under a strike it was not imported
	// with ("linked: same day; same city (Raqqa); 1.2 km apart", "linked
	// by hand"), empty for the strike's own reports. A store sets it when
	// it reads a strike; it is never stored.
	Link string
}

// Citation is one source a report cites.
type Citation struct {
	Name     string
	Date     string // as the source wrote it; may not be ISO
	Language string
	URL      string
	Archive  string
}

// Note is one dataset-specific fact about a report.
type Note struct{ Key, Value string }

// Chain is the provenance of the report, outermost first, ending with the
// source: ["Associated Press", "Facebook page used by IS supporters"].
func (r *Report) Chain() []string {
	out := make([]string, 0, len(r.Via)+1)
	out = append(out, r.Via...)
	return append(out, r.Source)
}

// Claim returns the report's figure for an outcome and category, or
// NoCount when the report did not give one.
func (r *Report) Claim(o Outcome, c Category) Count {
	for _, cl := range r.Claims {
		if cl.Outcome == o && cl.Category == c {
			return cl.Count
		}
	}
	return NoCount()
}

// Outcome is what happened to people: killed or injured.
type Outcome uint8

// The outcomes.
const (
	Killed Outcome = iota
	Injured
)

// Outcomes lists every outcome in display order.
var Outcomes = [...]Outcome{Killed, Injured}

// String names the outcome.
func (o Outcome) String() string {
	if o == Injured {
		return "injured"
	}
	return "killed"
}

// Category is who was killed or injured. Figures for different categories
// are claims about different people and are never added together.
type Category uint8

// The categories, in display order.
const (
	Total Category = iota
	Civilians
	Children
	Women
	Men
	Combatants
	UnknownStatus
)

// Categories lists every category in display order.
var Categories = [...]Category{Total, Civilians, Children, Women, Men, Combatants, UnknownStatus}

var categoryNames = [...]string{"total", "civilians", "children", "women", "men", "combatants", "unknown"}

// String names the category.
func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return "category(" + strconv.Itoa(int(c)) + ")"
}

// ParseCategory is the inverse of Category.String.
func ParseCategory(s string) (Category, bool) {
	for i, n := range categoryNames {
		if n == s {
			return Category(i), true
		}
	}
	return 0, false
}

// Claim is one casualty figure: so many people of a category killed or
// injured.
type Claim struct {
	Outcome  Outcome
	Category Category
	Count    Count
}

// Certainty says how sure a source is of an actor.
type Certainty uint8

// The certainties.
const (
	CertaintyUnstated Certainty = iota
	Known
	Suspected
)

// String names the certainty.
func (c Certainty) String() string {
	switch c {
	case Known:
		return "known"
	case Suspected:
		return "suspected"
	}
	return ""
}

// ActorRole says what part an actor played in the source's account.
type ActorRole uint8

// The roles.
const (
	// RoleAttacker is who carried out the strike.
	RoleAttacker ActorRole = iota
	// RoleSide is one side of a dyad (UCDP side_a/side_b, ACLED
	// actor1/actor2): a party, not necessarily the attacker.
	RoleSide
	// RoleTarget is who was struck, where a source says so.
	RoleTarget
)

// String names the role.
func (r ActorRole) String() string {
	switch r {
	case RoleSide:
		return "side"
	case RoleTarget:
		return "target"
	}
	return "attacker"
}

// ActorRef is an actor as a source named it.
type ActorRef struct {
	Name      string // as reported: "Russian jets"
	Key       string // canonical key: "russia"
	Certainty Certainty
	Role      ActorRole
}

// PlacePrecision says how precisely a place is known.
type PlacePrecision uint8

// The precisions of a place, finest first but for PlaceNearTown, added
// last so that stored values keep their meaning: ask Area, never compare
// precisions by their order.
const (
	PlaceUnknown PlacePrecision = iota
	PlaceExact
	PlaceNeighbourhood
	PlaceTown
	PlaceCity
	PlaceDistrict
	PlaceProvince
	PlaceCountry
	// PlaceNearTown is a place given as a named town's point, the event
	// having happened within about NearTownKM of it (UCDP GED's
	// where_prec 2): coarser than a city, finer than a district.
	PlaceNearTown
)

// NearTownKM is how far from its point a place of PlaceNearTown may be.
const NearTownKM = 25.0

var placePrecNames = [...]string{"unknown", "exact", "neighbourhood", "village/town", "city", "district", "province", "country", "near a town (≤25 km)"}

// Area says whether the precision names an area (a district, a province,
// a country) rather than a spot.
func (p PlacePrecision) Area() bool { return p >= PlaceDistrict && p <= PlaceCountry }

// String names the precision.
func (p PlacePrecision) String() string {
	if int(p) < len(placePrecNames) {
		return placePrecNames[p]
	}
	return "precision(" + strconv.Itoa(int(p)) + ")"
}

// ParsePlacePrecision is the inverse of PlacePrecision.String.
func ParsePlacePrecision(s string) (PlacePrecision, bool) {
	for i, n := range placePrecNames {
		if n == s {
			return PlacePrecision(i), true
		}
	}
	return PlaceUnknown, false
}

// Place is where a strike happened, as reported and as canonicalised.
type Place struct {
	Name      string // as reported: "Raqqa", "Teir Maaleh village"
	NameAR    string // the Arabic name where the data gives one
	Key       string // canonical key of the town or city: "raqqa"
	Admin1    string // governorate or province: "Ar Raqqah"
	Admin2    string // district
	Country   string
	HasCoords bool
	Lat, Lon  float64
	Precision PlacePrecision
}

// Known says whether any place was reported.
func (p Place) Known() bool { return p.Name != "" || p.Key != "" || p.Admin1 != "" || p.Country != "" }

// MakesClaim says whether the report says something of the strike. Every
// report does, but a belligerent's that only links to its strike reports
// or has not yet been assessed: it concedes no figure, names no attacker,
// counts no strikes and assesses nothing. Such a report is shown for what
// it is and not counted among the strike's reports.
func (r *Report) MakesClaim() bool {
	if r.SourceKind != KindBelligerent {
		return true
	}
	if r.Strikes.Reported() || (r.Assessment != "" && r.Assessment != "not yet assessed") {
		return true
	}
	for _, c := range r.Claims {
		if c.Count.Reported() {
			return true
		}
	}
	for _, a := range r.Actors {
		if a.Role == RoleAttacker {
			return true
		}
	}
	return false
}
