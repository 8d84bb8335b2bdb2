// Package synth generates synthetic strikes for benchmarks and scale
// tests. Nothing it makes is real: every strike ID starts "synth:", every
// source name says "Synthetic", every report's dataset is "synthetic".
// Places and actors are drawn from the project's alias tables
// (model/aliases/*.tsv), in the spellings the tables list (Arabic
// included), so that filtering exercises the real alias lookups. The same
// seed and options give the same strikes, byte for byte.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/strikes-dev/strikes/model"
)

// Dataset names the dataset of every synthetic report.
const Dataset = "synthetic"

// Options says what to generate.
type Options struct {
	// Seed makes the output deterministic.
	Seed uint64
	// Reports is how many reports to generate in all; the last strike
	// may hold fewer than it drew so that the total is exact.
	Reports int
}

// Generator makes synthetic strikes one at a time.
type Generator struct {
	rng     *rand.Rand
	zipfP   *rand.Zipf
	zipfA   *rand.Zipf
	places  []model.AliasRow
	actors  []model.AliasRow
	left    int
	n       int
	first   model.Day
	days    int
	sources []string
}

// New returns a generator.
func New(o Options) *Generator {
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	g := &Generator{rng: rng, left: o.Reports, first: model.DayOf(2012, 1, 1), days: 13 * 365}
	for _, r := range model.PlaceRows() {
		if r.Key != "" {
			g.places = append(g.places, r)
		}
	}
	for _, r := range model.ActorRows() {
		if r.Key != "" && r.Key != "unknown" {
			g.actors = append(g.actors, r)
		}
	}
	// A few places and actors account for most strikes, as in the real data.
	g.zipfP = rand.NewZipf(rng, 1.2, 4, uint64(len(g.places)-1))
	g.zipfA = rand.NewZipf(rng, 1.5, 2, uint64(len(g.actors)-1))
	for i := range 400 {
		g.sources = append(g.sources, fmt.Sprintf("Synthetic %s %d", sourceWords[i%len(sourceWords)], i/len(sourceWords)+1))
	}
	return g
}

var sourceWords = []string{"Monitor", "Observatory", "Network", "Agency", "Media Centre", "Documentation Group", "News", "Radio"}

var sourceKinds = []model.SourceKind{model.KindMonitor, model.KindActivist, model.KindNewsAgency, model.KindBroadcaster,
	model.KindBelligerent, model.KindMilitantMedia, model.KindSocialMedia}

// spelling picks one of a row's spellings: its display name mostly, else
// an alias or its Arabic name.
func (g *Generator) spelling(r model.AliasRow) string {
	n := g.rng.IntN(10)
	switch {
	case n < 5 || (len(r.Aliases) == 0 && r.Arabic == ""):
		if r.Name != "" {
			return r.Name
		}
		return r.Key
	case n < 7 && r.Arabic != "":
		return r.Arabic
	case len(r.Aliases) > 0:
		return r.Aliases[g.rng.IntN(len(r.Aliases))]
	}
	return r.Arabic
}

func (g *Generator) count() model.Count {
	switch g.rng.IntN(10) {
	case 0, 1, 2, 3:
		return model.ExactCount(int32(g.rng.IntN(40)))
	case 4, 5:
		lo := int32(g.rng.IntN(30))
		return model.RangeCount(lo, lo+1+int32(g.rng.IntN(20)))
	case 6:
		return model.AtLeastCount(int32(1 + g.rng.IntN(50)))
	case 7:
		return model.Some()
	}
	return model.NoCount()
}

// Next returns the next strike, or nil when the reports are all made.
func (g *Generator) Next() *model.Strike {
	if g.left <= 0 {
		return nil
	}
	g.n++
	nr := min(g.left, 1+g.rng.IntN(6))
	g.left -= nr
	pr := g.places[g.zipfP.Uint64()]
	day := g.first + model.Day(g.rng.IntN(g.days))
	date := model.OnDay(day)
	name := g.spelling(pr)
	place := model.Place{Name: name, NameAR: pr.Arabic, Key: model.PlaceKey(name), Admin1: pr.Admin1, Country: "Syria",
		Precision: model.PlaceTown}
	s := &model.Strike{ID: fmt.Sprintf("synth:S%07d", g.n), Date: date, Place: place,
		Codes: []string{fmt.Sprintf("SYN%07d", g.n)}, Reports: make([]model.Report, nr)}
	if g.rng.IntN(3) == 0 {
		s.Grading = [...]string{"Fair", "Weak", "Contested", "Discounted"}[g.rng.IntN(4)]
	}
	attacker := g.actors[g.zipfA.Uint64()]
	for i := range s.Reports {
		a := attacker
		if g.rng.IntN(5) == 0 {
			a = g.actors[g.zipfA.Uint64()] // another source blames someone else
		}
		an := g.spelling(a)
		cert := model.Known
		if g.rng.IntN(3) == 0 {
			cert = model.Suspected
		}
		r := model.Report{
			ID:         fmt.Sprintf("%s/%d", s.ID, i+1),
			Source:     g.sources[g.rng.IntN(len(g.sources))],
			SourceKind: sourceKinds[g.rng.IntN(len(sourceKinds))],
			Published:  day + model.Day(g.rng.IntN(3)),
			Date:       date,
			Place:      place,
			Actors:     []model.ActorRef{{Name: an, Key: model.ActorKey(an), Certainty: cert, Role: model.RoleAttacker}},
			Strikes:    model.NoCount(),
			Dataset:    Dataset,
			Notes:      []model.Note{{Key: "type", Value: "synthetic airstrike"}},
		}
		if k := g.count(); k.Reported() {
			r.Claims = append(r.Claims, model.Claim{Outcome: model.Killed, Category: model.Total, Count: k})
		}
		if k := g.count(); k.Reported() {
			r.Claims = append(r.Claims, model.Claim{Outcome: model.Killed, Category: model.Civilians, Count: k})
		}
		if k := g.count(); k.Reported() {
			r.Claims = append(r.Claims, model.Claim{Outcome: model.Injured, Category: model.Total, Count: k})
		}
		s.Reports[i] = r
	}
	return s
}

// All returns every strike at once.
func All(o Options) []*model.Strike {
	g := New(o)
	var out []*model.Strike
	for s := g.Next(); s != nil; s = g.Next() {
		out = append(out, s)
	}
	return out
}
