// Package seed holds the project's seed strike as model values: Raqqa, 6
// December 2015, told by four sources in one news article and by Airwars
// as incident RS0232 (see shared/seed/README.md). Figures and names are
// the sources'; summaries are the project's own words. Tests across the
// project use it, and the demo data is built around it.
package seed

import "github.com/strikes-dev/strikes/model"

// StrikeID is the seed strike's ID: it is Airwars incident RS0232, with
// the article's reports joined to it.
const StrikeID = "airwars:RS0232"

// ArticleDataset names the dataset of the article's four reports.
const ArticleDataset = "seed-article"

// Strike returns the seed strike with its five reports: the article's
// four, then Airwars'. Each call returns a fresh copy.
func Strike() model.Strike {
	day := model.DayOf(2015, 12, 6)
	return model.Strike{
		ID:      StrikeID,
		Date:    model.OnDay(day),
		Place:   model.Place{Name: "Ar Raqqah", NameAR: "الرقة", Key: "raqqa", Admin1: "Ar Raqqah", Country: "Syria", HasCoords: true, Lat: 35.949949, Lon: 39.007363, Precision: model.PlaceCity},
		Status:  "Likely strike",
		Grading: "Fair",
		Codes:   []string{"RS0232", "R198"},
		Reports: append(ArticleReports(), AirwarsReport()),
	}
}

// ArticleReports returns the four accounts the seed article gives, in its
// order.
func ArticleReports() []model.Report {
	day := model.DayOf(2015, 12, 6)
	raqqa := model.Place{Name: "Raqqa", NameAR: "الرقة", Key: "raqqa", Admin1: "Ar Raqqah", Country: "Syria", Precision: model.PlaceCity}
	return []model.Report{
		{
			ID: "seed:2015-12-06-raqqa/sohr", Source: "Syrian Observatory for Human Rights", SourceKind: model.KindMonitor,
			Published: model.NoDay, Date: model.OnDay(day), Place: raqqa, PlaceDetail: "IS bases and headquarters in Raqqa city",
			Actors:  []model.ActorRef{{Name: "US-led coalition", Key: "us-led-coalition", Role: model.RoleAttacker}},
			Strikes: model.ExactCount(15),
			Claims: []model.Claim{
				{Outcome: model.Killed, Category: model.Combatants, Count: model.AtLeastCount(32)},
				{Outcome: model.Injured, Category: model.Combatants, Count: model.ExactCount(40)},
			},
			Summary: "Counts at least 32 IS fighters dead and 40 hurt in 15 coalition raids on IS sites; the figure is from one hospital and may rise.",
			Dataset: ArticleDataset,
			Notes:   []model.Note{{Key: "head", Value: "Rami Abdel Rahman"}, {Key: "based in", Value: "United Kingdom"}},
		},
		{
			ID: "seed:2015-12-06-raqqa/rbss", Source: "Raqqa is Being Slaughtered Silently", SourceKind: model.KindActivist,
			Via: []string{"BBC"}, Published: model.NoDay, Date: model.OnDay(day), Place: raqqa,
			Actors:  []model.ActorRef{{Name: "Russian planes", Key: "russia", Role: model.RoleAttacker}},
			Claims:  []model.Claim{{Outcome: model.Killed, Category: model.Civilians, Count: model.Some()}},
			Summary: "Says Russian aircraft carried out the raids and that civilians were among the dead; no figure given.",
			Dataset: ArticleDataset,
		},
		{
			ID: "seed:2015-12-06-raqqa/sham", Source: "Sham News Network", SourceKind: model.KindActivist,
			Via: []string{"BBC"}, Published: model.NoDay, Date: model.OnDay(day), Place: raqqa,
			Actors:  []model.ActorRef{{Name: "Russian planes", Key: "russia", Role: model.RoleAttacker}},
			Claims:  []model.Claim{{Outcome: model.Killed, Category: model.Civilians, Count: model.Some()}},
			Summary: "Reported jointly with RBSS: Russian aircraft, civilian deaths, no figure given.",
			Dataset: ArticleDataset,
		},
		{
			ID: "seed:2015-12-06-raqqa/is-page", Source: "Facebook page used by IS supporters", SourceKind: model.KindSocialMedia,
			Via: []string{"Associated Press"}, Published: model.NoDay, Date: model.OnDay(day), Place: raqqa, PlaceDetail: "outskirts of Raqqa",
			Actors: []model.ActorRef{{Name: "Russian war planes", Key: "russia", Role: model.RoleAttacker}},
			Claims: []model.Claim{
				{Outcome: model.Killed, Category: model.Total, Count: model.ExactCount(15)},
				{Outcome: model.Killed, Category: model.Children, Count: model.ExactCount(8)},
				{Outcome: model.Killed, Category: model.Women, Count: model.ExactCount(5)},
				{Outcome: model.Injured, Category: model.Total, Count: model.ExactCount(25)},
			},
			Summary: "A militant-aligned page blames Russian jets for 15 dead, 8 of them children and 5 women, and 25 wounded on the city's edge.",
			Dataset: ArticleDataset,
		},
	}
}

// AirwarsReport returns Airwars' own account of incident RS0232.
func AirwarsReport() model.Report {
	day := model.DayOf(2015, 12, 6)
	return model.Report{
		ID: "airwars:RS0232", Source: "Airwars", SourceKind: model.KindMonitor,
		Published: day,
		URLs:      []string{"https://airwars.org/civilian-casualties/rs0232-december-6-2015/"},
		Date:      model.OnDay(day),
		Place:     model.Place{Name: "Ar Raqqah", NameAR: "الرقة", Key: "raqqa", Admin1: "Ar Raqqah", Country: "Syria", HasCoords: true, Lat: 35.949949, Lon: 39.007363, Precision: model.PlaceCity},
		Actors:    []model.ActorRef{{Name: "Russian Military", Key: "russia", Certainty: model.Suspected, Role: model.RoleAttacker}},
		Claims: []model.Claim{
			{Outcome: model.Killed, Category: model.Civilians, Count: model.ExactCount(15)},
			{Outcome: model.Killed, Category: model.Children, Count: model.ExactCount(8)},
			{Outcome: model.Killed, Category: model.Women, Count: model.ExactCount(5)},
			{Outcome: model.Injured, Category: model.Civilians, Count: model.ExactCount(25)},
		},
		Cites: []model.Citation{
			{Name: "Raqqa is Being Silently Slaughtered", URL: "https://www.facebook.com/Raqqa.Sl/posts/1106655656012351"},
			{Name: "Al A’maq"},
			{Name: "Shaam News Network"},
			{Name: "Russian Ministry of Defence strike reports (no record published for 4-8 December)", URL: "http://eng.mil.ru/en/news_page/country.htm?f=566&blk=10340619"},
		},
		Summary: "Likely Russian strike (suspected), graded Fair: 15 civilians killed, 8 of them children and 5 women; 25 injured.",
		Dataset: "airwars",
		Notes:   []model.Note{{Key: "type", Value: "Airstrike"}, {Key: "strike status", Value: "Likely strike"}, {Key: "grading", Value: "Fair"}},
	}
}
