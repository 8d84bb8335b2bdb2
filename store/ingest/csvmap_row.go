package ingest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// row reads the current record as a report and the strike it alone would make.
func (r *csvMapReader) row() (*model.Report, *model.Strike, error) {
	if err := r.load(); err != nil {
		return nil, nil, err
	}
	c, k := &r.m.Columns, &r.m.Constants
	rep := &model.Report{
		Source: firstNonEmpty(r.field(c.Source), k.Source), Originator: r.field(c.Originator),
		Assessment: r.field(c.Assessment), Summary: r.field(c.Summary), PlaceDetail: r.field(c.PlaceDetail),
		Dataset: r.dataset, Published: model.NoDay, Strikes: model.NoCount(),
		Via: appendAll(append([]string(nil), k.Via...), r.list(c.Via)), URLs: r.list(c.URLs),
	}
	if kind := firstNonEmpty(r.field(c.SourceKind), k.SourceKind); kind != "" {
		sk, ok := model.ParseSourceKind(strings.ToLower(kind))
		if !ok {
			return nil, nil, r.src.errf(r.col[c.SourceKind], "%q is not a kind of source", kind)
		}
		rep.SourceKind = sk
	}
	rep.Cites = citations(r.list(c.Cites))
	var err error
	if c.Published != "" {
		if rep.Published, err = r.day(c.Published); err != nil {
			return nil, nil, err
		}
	}
	var clock string
	if rep.Date, clock, err = r.date(); err != nil {
		return nil, nil, err
	}
	var coordNote string
	if rep.Place, coordNote, err = r.place(); err != nil {
		return nil, nil, err
	}
	r.actors(rep)
	var notes []model.Note
	if !c.Strikes.empty() {
		var note string
		if rep.Strikes, note, err = r.count(c.Strikes); err != nil {
			return nil, nil, err
		}
		notes = addNote(notes, "strikes", note)
	}
	for _, o := range model.Outcomes {
		table := c.Killed
		if o == model.Injured {
			table = c.Injured
		}
		for _, cat := range model.Categories {
			spec, ok := table[cat.String()]
			if !ok {
				continue
			}
			n, note, err := r.count(spec)
			if err != nil {
				return nil, nil, err
			}
			rep.Claims = addClaim(rep.Claims, o, cat, n)
			notes = addNote(notes, o.String()+" "+cat.String(), note)
		}
	}
	for _, n := range r.m.Notes {
		if n.Value != "" {
			rep.Notes = addNote(rep.Notes, n.Key, n.Value)
		} else if v := r.field(n.Column); !isPlaceholder(v) {
			rep.Notes = addNote(rep.Notes, n.Key, v)
		}
	}
	rep.Notes = addNote(rep.Notes, "time", clock)
	rep.Notes = addNote(rep.Notes, "coordinates", coordNote)
	rep.Notes = append(rep.Notes, notes...)
	for _, i := range r.other {
		if v := r.src.cell(i); v != "" && !isPlaceholder(v) && !r.notReported(v) {
			rep.Notes = append(rep.Notes, model.Note{Key: r.src.columnName(i), Value: v})
		}
	}
	st := &model.Strike{Date: rep.Date, Place: rep.Place, Status: r.field(c.Status), Grading: r.field(c.Grading), Codes: r.list(c.Codes)}
	rid := r.field(c.ReportID)
	if c.ReportID != "" && rid == "" {
		return nil, nil, r.src.errf(r.col[c.ReportID], "is empty; the mapping takes report IDs from this column")
	}
	switch {
	case c.StrikeID != "":
		sid := r.field(c.StrikeID)
		if sid == "" {
			return nil, nil, r.src.errf(r.col[c.StrikeID], "is empty; the mapping takes strike IDs from this column")
		}
		st.ID = r.m.IDPrefix + ":" + sid
	case rid != "":
		st.ID = r.m.IDPrefix + ":" + rid
	case len(r.m.IDFrom) > 0:
		parts := make([]string, len(r.m.IDFrom))
		for i, col := range r.m.IDFrom {
			parts[i] = r.field(col)
			if col == c.Date && rep.Date.Start != model.NoDay { // the same day however the cell writes it
				parts[i] = rep.Date.Start.String()
			}
		}
		st.ID = r.m.IDPrefix + ":" + groupID(parts)
	default:
		st.ID = r.m.IDPrefix + ":row-" + strconv.Itoa(r.src.recno)
	}
	renamed := len(r.m.GroupBy) == 0 && r.unique(st, rep)
	rep.ID = st.ID
	if rid != "" && !renamed {
		rep.ID = r.m.IDPrefix + ":" + rid
	}
	return rep, st, nil
}

// unique gives a strike whose ID an earlier row of the file already had
// the ID with "-2" (then "-3", ...), and says so in a note: two rows of
// one table that share an ID are a mistake of the table, and neither is
// dropped.
func (r *csvMapReader) unique(st *model.Strike, rep *model.Report) bool {
	n := r.seen[st.ID]
	r.seen[st.ID] = n + 1
	if n == 0 {
		return false
	}
	id := fmt.Sprintf("%s-%d", st.ID, n+1)
	for r.seen[id] > 0 {
		n++
		id = fmt.Sprintf("%s-%d", st.ID, n+1)
	}
	r.seen[id] = 1
	rep.Notes = append(rep.Notes, model.Note{Key: "id", Value: fmt.Sprintf("the file gives %s to an earlier row too; this row is kept as %s", st.ID, id)})
	st.ID = id
	return true
}

// notReported says whether v is one of the map's not_reported markers.
func (r *csvMapReader) notReported(v string) bool {
	for _, na := range r.m.NotReported {
		if v == na {
			return true
		}
	}
	return false
}

// actors adds the attackers and sides.
func (r *csvMapReader) actors(rep *model.Report) {
	c, k := &r.m.Columns, &r.m.Constants
	cert := model.CertaintyUnstated
	switch k.Certainty {
	case "known":
		cert = model.Known
	case "suspected":
		cert = model.Suspected
	}
	add := func(names []string, cert model.Certainty, role model.ActorRole) {
		for _, a := range names {
			rep.Actors = append(rep.Actors, model.ActorRef{Name: a, Key: r.keys.actor(a), Certainty: cert, Role: role})
		}
	}
	attackers, known, suspected := r.list(c.Attackers), r.list(c.KnownAttackers), r.list(c.SuspectedAttackers)
	if len(attackers)+len(known)+len(suspected) == 0 {
		attackers = k.Attackers
	}
	add(attackers, cert, model.RoleAttacker)
	add(known, model.Known, model.RoleAttacker)
	add(suspected, model.Suspected, model.RoleAttacker)
	add(r.list(c.Sides), model.CertaintyUnstated, model.RoleSide)
}

// citations makes the cited sources of a list of names; a web address is
// a citation of that address, named by its host.
func citations(items []string) []model.Citation {
	var out []model.Citation
	for _, v := range items {
		if u, err := url.Parse(v); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			out = append(out, model.Citation{Name: strings.TrimPrefix(u.Host, "www."), URL: v})
			continue
		}
		out = append(out, model.Citation{Name: v})
	}
	return out
}
