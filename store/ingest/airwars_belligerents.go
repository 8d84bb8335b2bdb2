package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// Belligerent reports. belligerent_details_json lists, per belligerent
// Airwars names, what that belligerent itself said: a strike report URL,
// its assessment of the allegation (credible, non_credible,
// not_yet_assessed, open_incident, duplicate), the civilian deaths and
// injuries it conceded, and its casualty statements.
//
// A belligerent gets a report ("airwars:CODE/KEY", Source the belligerent,
// kind belligerent statement, Via ["Airwars"]) only when it has something
// to show: a strike report URL, an assessment other than
// not_yet_assessed, a conceded figure or a casualty statement. A strike
// report text without a URL is Airwars' prose and is not copied. The
// conceded figures are its claims; "non-credible" is an assessment, not a
// zero, so a belligerent that conceded nothing has no claim. Published is
// the date of its latest casualty statement.
//
// A belligerent with only a link to its strike reports and "not yet
// assessed" said nothing about the incident: its report makes no claim
// (model.Report.MakesClaim) and says so in its summary, in our words:
// "Russian Military made no statement on civilian harm; not yet assessed",
// or, where Airwars notes that the belligerent published no strike report
// for the period, "Russian Military published no record of its strikes
// for September 1st – 30th 2016; not yet assessed".

// awBelligerent is one entry of belligerent_details_json.
type awBelligerent struct {
	Slug            string          `json:"belligerent"`
	StrikeReport    string          `json:"belligerent_strike_report"`
	Term            json.RawMessage `json:"belligerent_term"`
	Type            string          `json:"belligerent_type"`
	StrikeReportURL string          `json:"belligerent_strike_report_url"`
	Assessment      string          `json:"belligerent_assessment"`
	DeathsMin       json.RawMessage `json:"civilian_deaths_conceded_min"`
	DeathsMax       json.RawMessage `json:"civilian_deaths_conceded_max"`
	InjuriesMin     json.RawMessage `json:"civilian_injuries_conceded_min"`
	InjuriesMax     json.RawMessage `json:"civilian_injuries_conceded_max"`
	NonCredible     json.RawMessage `json:"belligerent_reason_non_credible"`
	Credible        json.RawMessage `json:"belligerent_reason_credible"`
	Statements      []struct {
		Date string `json:"statement_date"`
		URL  string `json:"statement_source_url"`
	} `json:"belligerent_civilian_casualty_statements"`
	Partners []struct {
		URL string `json:"strike_report_url"`
	} `json:"partner_strike_reports"`
}

// term is the entry's taxonomy term, 0 when it has none (a number, a
// quoted number or null).
func (b *awBelligerent) term() int {
	n, _ := strconv.Atoi(strings.Trim(string(bytes.TrimSpace(b.Term)), `"`))
	return n
}

func (b *awBelligerent) certainty() model.Certainty {
	switch b.Type {
	case "known":
		return model.Known
	case "suspected":
		return model.Suspected
	}
	return model.CertaintyUnstated
}

func parseBelligerents(v string) ([]awBelligerent, error) {
	if v == "" {
		return nil, nil
	}
	var bs []awBelligerent
	if err := json.Unmarshal([]byte(v), &bs); err != nil {
		return nil, fmt.Errorf("is not a JSON list of belligerents: %w", err)
	}
	return bs, nil
}

// belligerentNames names Airwars' belligerent slugs as its belligerents
// column does.
var belligerentNames = map[string]string{
	"coalition": "U.S.-led Coalition", "russia": "Russian Military", "russian_forces": "Russian Military",
	"turkey": "Turkish Military", "israeli_forces": "Israeli Military", "iranian_forces": "Iranian Military",
	"ypg_forces": "YPG", "syrian_regime": "Syrian Regime", "syrian_democratic_forces": "Syrian Democratic Forces",
	"united_states": "United States", "united_kingdom": "UK Military", "jordan": "Jordanian Military",
	"isis": "ISIS", "free_syrian_army": "Free Syrian Army", "kurdish_forces": "Kurdish Forces",
	"iraq_government_forces": "Iraqi Government Forces", "iraq": "Iraqi Military",
	"iraq_irregular_forces": "Iraqi Irregular Forces", "rebel_forces": "Rebel Forces", "unknown": "Unknown belligerent",
}

// belligerentTerms names Airwars' belligerent taxonomy terms by slug, for
// the entries whose slug Airwars left "unknown": each term as entries with
// a known slug carry it in the Syria archive (249 holds 2,050 coalition
// entries and 5 united_states ones; the rest are one slug each).
var belligerentTerms = map[int]string{
	247: "russia", 248: "turkey", 249: "coalition", 370: "iranian_forces", 438: "israeli_forces",
	460: "ypg_forces", 843: "jordan", 844: "kurdish_forces", 848: "united_kingdom", 849: "iraq_government_forces",
	850: "iraq_irregular_forces", 852: "free_syrian_army", 853: "syrian_democratic_forces", 854: "syrian_regime",
	856: "isis", 857: "rebel_forces",
}

func belligerentName(slug string) string {
	if n, ok := belligerentNames[slug]; ok {
		return n
	}
	n := strings.ReplaceAll(slug, "_", " ")
	if n == "" {
		return "Unknown belligerent"
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

var assessmentWords = map[string]string{
	"credible": "credible", "non_credible": "non-credible", "not_yet_assessed": "not yet assessed",
	"open_incident": "open incident", "duplicate": "duplicate",
}

// belligerentReport pairs an entry with its report (nil when it has none),
// so that api_link rows indexed by entry find their report.
type belligerentReport struct {
	report *model.Report
}

func (a *airwarsReader) belligerentReports(code string, bs []awBelligerent) ([]belligerentReport, error) {
	out := make([]belligerentReport, len(bs))
	used := map[string]int{}
	for i := range bs {
		b := &bs[i]
		killed, kNote, err := conceded(b.DeathsMin, b.DeathsMax, "civilian_deaths_conceded")
		if err != nil {
			return nil, err
		}
		injured, iNote, err := conceded(b.InjuriesMin, b.InjuriesMax, "civilian_injuries_conceded")
		if err != nil {
			return nil, err
		}
		assessed := b.Assessment != "" && b.Assessment != "not_yet_assessed"
		if b.StrikeReportURL == "" && !assessed && !killed.Reported() && !injured.Reported() && len(b.Statements) == 0 {
			continue
		}
		name := belligerentName(b.Slug)
		key := a.keys.actor(name)
		used[key]++
		if used[key] > 1 {
			key += "-" + strconv.Itoa(used[key])
		}
		r := &model.Report{
			ID: "airwars:" + code + "/" + strings.ReplaceAll(key, " ", "-"), Source: name, SourceKind: model.KindBelligerent,
			Via: []string{"Airwars"}, Published: model.NoDay, Date: model.NoDate(), Strikes: model.NoCount(), Dataset: a.dataset,
		}
		if w, ok := assessmentWords[b.Assessment]; ok {
			r.Assessment = w
		} else {
			r.Assessment = strings.ReplaceAll(b.Assessment, "_", " ")
		}
		r.Claims = addClaim(r.Claims, model.Killed, model.Civilians, killed)
		r.Claims = addClaim(r.Claims, model.Injured, model.Civilians, injured)
		r.Notes = addNote(r.Notes, "civilian_deaths_conceded", kNote)
		r.Notes = addNote(r.Notes, "civilian_injuries_conceded", iNote)
		r.Notes = addNote(r.Notes, "reason_non_credible", reasons(b.NonCredible))
		r.Notes = addNote(r.Notes, "reason_credible", reasons(b.Credible))
		r.URLs = appendUnique(r.URLs, strings.TrimSpace(b.StrikeReportURL))
		for _, p := range b.Partners {
			r.URLs = appendUnique(r.URLs, strings.TrimSpace(p.URL))
		}
		for _, st := range b.Statements {
			r.URLs = appendUnique(r.URLs, strings.TrimSpace(st.URL))
			if st.Date == "" {
				continue
			}
			d, err := parseCompactDay(st.Date)
			if err != nil {
				return nil, err
			}
			if r.Published == model.NoDay || d > r.Published {
				r.Published = d
			}
		}
		if !r.MakesClaim() {
			r.Summary = noStatement(name, b.StrikeReport, r.Assessment)
		}
		out[i].report = r
	}
	return out, nil
}

// noReportsFor finds Airwars' note that a belligerent published no strike
// reports for a period: "Russia has not reported any strikes between
// September 1st – 30th 2016."
var noReportsFor = regexp.MustCompile(`(?i)\bhas not reported any (?:specific )?strikes (?:between|for|from) ([^.\n]{3,60})`)

// noStatement is the summary of a belligerent's report that makes no
// claim.
func noStatement(name, strikeReport, assessment string) string {
	s := name + " made no statement on civilian harm"
	if m := noReportsFor.FindStringSubmatch(strikeReport); m != nil {
		s = name + " published no record of its strikes for " + strings.TrimSpace(m[1])
	}
	if assessment != "" {
		s += "; " + assessment
	}
	return s
}

// conceded reads a conceded min/max pair; each is a number, a quoted
// number, "" or null.
func conceded(lo, hi json.RawMessage, what string) (model.Count, string, error) {
	l, err := rawCount(lo, what+"_min")
	if err != nil {
		return model.NoCount(), "", err
	}
	h, err := rawCount(hi, what+"_max")
	if err != nil {
		return model.NoCount(), "", err
	}
	n, note := minMax(l, h)
	return n, note, nil
}

func rawCount(raw json.RawMessage, field string) (model.Count, error) {
	v := string(bytes.TrimSpace(raw))
	if v == "" || v == "null" || v == `""` {
		return model.NoCount(), nil
	}
	if strings.HasPrefix(v, `"`) {
		if err := json.Unmarshal(raw, &v); err != nil {
			return model.NoCount(), fmt.Errorf("%s %s is not a count", field, raw)
		}
		v = strings.TrimSpace(v)
		if v == "" {
			return model.NoCount(), nil
		}
	}
	n, msg := parseCountNumber(v)
	if msg != "" {
		return model.NoCount(), fmt.Errorf("%s %q %s", field, v, msg)
	}
	return model.ExactCount(n), nil
}

// parseCompactDay reads a statement date, YYYYMMDD.
func parseCompactDay(v string) (model.Day, error) {
	if len(v) == 8 {
		if d, msg := parseISODay(v[:4] + "-" + v[4:6] + "-" + v[6:]); msg == "" {
			return d, nil
		}
	}
	return model.NoDay, fmt.Errorf("statement_date %q is not a date of the form YYYYMMDD", v)
}

// reasons reads a belligerent's reasons, which Airwars stores as a JSON
// list, a plain string or a PHP-serialised list, as words:
// "no coalition strikes, insufficient evidence".
func reasons(raw json.RawMessage) string {
	var list []string
	var s string
	switch {
	case json.Unmarshal(raw, &list) == nil:
	case json.Unmarshal(raw, &s) == nil:
		if strings.HasPrefix(s, "a:") {
			for _, part := range strings.Split(s, `"`)[1:] {
				if part != "" && !strings.ContainsAny(part, ":;{}") {
					list = append(list, part)
				}
			}
		} else if s != "" {
			list = []string{s}
		}
	}
	for i := range list {
		list[i] = strings.ReplaceAll(strings.TrimSpace(list[i]), "_", " ")
	}
	return strings.Join(list, ", ")
}
