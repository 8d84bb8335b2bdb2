package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// The analyst's desk in JSON (model/desk.go): the section of a JSON Lines
// export after the strikes, one line an entry ({"desk": ENTRY}) and one
// line a change of its history ({"desk_change": CHANGE}), and the shape
// the store keeps them in. A JSON Lines import reads the section back
// (Options.Desk); the strikes' own lines are unchanged.

// DeskEntryJSON is one desk entry.
type DeskEntryJSON struct {
	Target     string          `json:"target"`
	Report     bool            `json:"report,omitempty"`
	Home       string          `json:"home,omitempty"`
	Assessment *AssessmentJSON `json:"assessment,omitempty"`
	Note       string          `json:"note,omitempty"`
	Tags       []string        `json:"tags,omitempty"`
	Bookmark   bool            `json:"bookmark,omitempty"`
	Flags      []string        `json:"flags,omitempty"`
	Updated    string          `json:"updated,omitempty"` // RFC 3339, UTC
	By         string          `json:"by,omitempty"`
}

// AssessmentJSON is the analyst's assessment of a strike.
type AssessmentJSON struct {
	Attackers []AttackerJSON `json:"attackers,omitempty"`
	Killed    ClaimsJSON     `json:"killed,omitempty"`
	Injured   ClaimsJSON     `json:"injured,omitempty"`
	Grading   string         `json:"grading,omitempty"`
	Status    string         `json:"status,omitempty"`
}

// AttackerJSON is one attacker of an assessment.
type AttackerJSON struct {
	Name      string `json:"name"`
	Key       string `json:"key,omitempty"`
	Certainty string `json:"certainty"`
}

// DeskChangeJSON is one change of the desk's history.
type DeskChangeJSON struct {
	Seq    uint64        `json:"seq,omitempty"`
	Target string        `json:"target"`
	Report bool          `json:"report,omitempty"`
	Who    string        `json:"who"`
	When   string        `json:"when"`
	What   string        `json:"what"`
	Said   string        `json:"said,omitempty"`
	Before DeskEntryJSON `json:"before"`
	After  DeskEntryJSON `json:"after"`
}

// deskLine is one line of the desk section.
type deskLine struct {
	Desk   *DeskEntryJSON  `json:"desk,omitempty"`
	Change *DeskChangeJSON `json:"desk_change,omitempty"`
}

const timeLayout = time.RFC3339Nano

// DeskEntryToJSON converts an entry.
func DeskEntryToJSON(e *model.DeskEntry) DeskEntryJSON {
	out := DeskEntryJSON{Target: e.Target, Report: e.Report, Home: e.Home, Note: e.Note,
		Tags: e.Tags, Bookmark: e.Bookmark, Flags: e.Flags, By: e.By}
	if !e.Updated.IsZero() {
		out.Updated = e.Updated.UTC().Format(timeLayout)
	}
	if a := e.Assessment; a != nil {
		aj := &AssessmentJSON{Grading: a.Grading.String(), Status: a.Status.String()}
		for _, at := range a.Attackers {
			aj.Attackers = append(aj.Attackers, AttackerJSON{Name: at.Name, Key: at.Key, Certainty: at.Certainty.String()})
		}
		for _, cl := range a.Claims {
			m := &aj.Killed
			if cl.Outcome == model.Injured {
				m = &aj.Injured
			}
			if *m == nil {
				*m = ClaimsJSON{}
			}
			(*m)[cl.Category.String()] = countToJSON(cl.Count)
		}
		out.Assessment = aj
	}
	return out
}

// DeskEntryFromJSON converts an entry back, checking every value; at
// prefixes the names of fields in errors.
func DeskEntryFromJSON(j *DeskEntryJSON, at string) (model.DeskEntry, error) {
	e := model.DeskEntry{Target: j.Target, Report: j.Report, Home: j.Home, Note: j.Note, Bookmark: j.Bookmark, By: j.By}
	if strings.TrimSpace(j.Target) == "" || strings.IndexByte(j.Target, 0) >= 0 {
		return e, fieldErr(at+"target", "must name a strike or report")
	}
	if j.Report && j.Home == "" {
		return e, fieldErr(at+"home", "must name the strike a report was imported with")
	}
	for i, t := range j.Tags {
		tag, err := model.ParseTag(t)
		if err != nil {
			return e, fieldErr(fmt.Sprintf("%stags[%d]", at, i), "%v", err)
		}
		e.AddTags(tag)
	}
	for i, f := range j.Flags {
		flag, err := model.ParseFlag(f)
		if err != nil {
			return e, fieldErr(fmt.Sprintf("%sflags[%d]", at, i), "%v", err)
		}
		e.AddFlags(flag)
	}
	if j.Updated != "" {
		t, err := time.Parse(timeLayout, j.Updated)
		if err != nil {
			return e, fieldErr(at+"updated", "%q is not a time in RFC 3339 (2026-01-02T15:04:05Z)", j.Updated)
		}
		e.Updated = t.UTC()
	}
	if aj := j.Assessment; aj != nil {
		a := &model.Assessment{}
		for i, x := range aj.Attackers {
			c, err := model.ParseCertainty(x.Certainty)
			if err != nil {
				return e, fieldErr(fmt.Sprintf("%sassessment.attackers[%d].certainty", at, i), "%v", err)
			}
			if strings.TrimSpace(x.Name) == "" {
				return e, fieldErr(fmt.Sprintf("%sassessment.attackers[%d].name", at, i), "is empty")
			}
			key := x.Key
			if key == "" {
				key = model.ActorKey(x.Name)
			}
			a.Attackers = append(a.Attackers, model.Attacker{Name: x.Name, Key: key, Certainty: c})
		}
		if aj.Grading != "" {
			g, err := model.ParseGrading(aj.Grading)
			if err != nil {
				return e, fieldErr(at+"assessment.grading", "%v", err)
			}
			a.Grading = g
		}
		if aj.Status != "" {
			s, err := model.ParseDeskStatus(aj.Status)
			if err != nil {
				return e, fieldErr(at+"assessment.status", "%v", err)
			}
			a.Status = s
		}
		for _, o := range model.Outcomes {
			m := aj.Killed
			if o == model.Injured {
				m = aj.Injured
			}
			for k := range m {
				if _, ok := model.ParseCategory(k); !ok {
					return e, fieldErr(at+"assessment."+o.String()+"."+k, "is not a category (want total, civilians, children, women, men, combatants or unknown)")
				}
			}
			for _, cat := range model.Categories {
				cj, ok := m[cat.String()]
				if !ok {
					continue
				}
				n, err := countFromJSON(cj, at+"assessment."+o.String()+"."+cat.String())
				if err != nil {
					return e, err
				}
				a.SetClaim(o, cat, n)
			}
		}
		e.Assessment = a
	}
	return e, nil
}

// DeskChangeToJSON converts a change.
func DeskChangeToJSON(c *model.Change) DeskChangeJSON {
	return DeskChangeJSON{Seq: c.Seq, Target: c.Target, Report: c.Report, Who: c.Who,
		When: c.When.UTC().Format(timeLayout), What: c.What, Said: c.Said,
		Before: DeskEntryToJSON(&c.Before), After: DeskEntryToJSON(&c.After)}
}

// DeskChangeFromJSON converts a change back, checking every value.
func DeskChangeFromJSON(j *DeskChangeJSON, at string) (model.Change, error) {
	c := model.Change{Seq: j.Seq, Target: j.Target, Report: j.Report, Who: j.Who, What: j.What, Said: j.Said}
	if strings.TrimSpace(j.Target) == "" || strings.IndexByte(j.Target, 0) >= 0 {
		return c, fieldErr(at+"target", "must name a strike or report")
	}
	if j.What == "" {
		return c, fieldErr(at+"what", "must say what changed")
	}
	t, err := time.Parse(timeLayout, j.When)
	if err != nil {
		return c, fieldErr(at+"when", "%q is not a time in RFC 3339 (2026-01-02T15:04:05Z)", j.When)
	}
	c.When = t.UTC()
	// An entry before its first change is empty and names no target.
	if j.Before.Target == "" {
		j.Before.Target, j.Before.Report, j.Before.Home = j.Target, j.Report, j.After.Home
	}
	if j.After.Target == "" {
		j.After.Target, j.After.Report, j.After.Home = j.Target, j.Report, j.Before.Home
	}
	if c.Before, err = DeskEntryFromJSON(&j.Before, at+"before."); err != nil {
		return c, err
	}
	if c.After, err = DeskEntryFromJSON(&j.After, at+"after."); err != nil {
		return c, err
	}
	return c, nil
}

// EncodeDesk writes one line of the desk section: an entry or a change
// (one of them nil), safe to print (InertJSON).
func EncodeDesk(w io.Writer, e *model.DeskEntry, c *model.Change) error {
	var l deskLine
	if e != nil {
		j := DeskEntryToJSON(e)
		l.Desk = &j
	}
	if c != nil {
		j := DeskChangeToJSON(c)
		l.Change = &j
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l); err != nil {
		return fmt.Errorf("writing the desk: %w", err)
	}
	_, err := w.Write(InertJSON(b.Bytes()))
	return err
}

// IsDeskLine says whether a line of JSON Lines belongs to the desk
// section (it begins {"desk or, spaced, { "desk).
func IsDeskLine(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r")
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r")
	return bytes.HasPrefix(b, []byte(`"desk"`)) || bytes.HasPrefix(b, []byte(`"desk_change"`))
}

// DeskItem is one line of the desk section read back: an entry or a
// change.
type DeskItem struct {
	Entry  *model.DeskEntry
	Change *model.Change
}

// ParseDeskLine reads one line of the desk section.
func ParseDeskLine(b []byte) (DeskItem, error) {
	if !utf8.Valid(b) {
		return DeskItem{}, fmt.Errorf("is not UTF-8")
	}
	var l deskLine
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return DeskItem{}, fmt.Errorf("is not a desk line: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return DeskItem{}, fmt.Errorf("has more than one JSON value")
	}
	switch {
	case l.Desk != nil && l.Change == nil:
		e, err := DeskEntryFromJSON(l.Desk, "desk.")
		if err != nil {
			return DeskItem{}, err
		}
		return DeskItem{Entry: &e}, nil
	case l.Change != nil && l.Desk == nil:
		c, err := DeskChangeFromJSON(l.Change, "desk_change.")
		if err != nil {
			return DeskItem{}, err
		}
		return DeskItem{Change: &c}, nil
	}
	return DeskItem{}, fmt.Errorf("must hold one of desk or desk_change")
}
