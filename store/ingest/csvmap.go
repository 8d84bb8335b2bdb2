package ingest

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// csvMapReader reads any CSV through a Mapping (see mapping.go).
type csvMapReader struct {
	src     *csvSource
	m       *Mapping
	col     map[string]int
	keys    *keyCache
	dataset string
	rows    int // data rows read, for derived IDs

	// grouping
	pending []*model.Strike // buffered strikes, in order of first row (unsorted input)
	index   map[string]*model.Strike
	cur     *model.Strike // the group being filled (sorted input)
	curKey  string
	done    map[string]bool // groups finished (sorted input)
	loaded  bool
}

func newCSVMap(src *csvSource) (Reader, error) {
	if src.opts.Map == "" {
		return nil, fmt.Errorf("the csv format needs a mapping file (see store/ingest/mapping.go for its format)")
	}
	m, err := LoadMapping(src.opts.Map)
	if err != nil {
		return nil, err
	}
	return newCSVMapWith(src, m)
}

func newCSVMapWith(src *csvSource, m *Mapping) (Reader, error) {
	c, err := src.columns("mapped", m.columnNames(), nil)
	if err != nil {
		return nil, err
	}
	r := &csvMapReader{src: src, m: m, col: c, keys: newKeyCache(), dataset: m.Dataset,
		index: map[string]*model.Strike{}, done: map[string]bool{}}
	if src.opts.Dataset != "" {
		r.dataset = src.opts.Dataset
	}
	if r.dataset == "" {
		r.dataset = "csv"
	}
	return r, nil
}

// Format names the format.
func (r *csvMapReader) Format() string { return FormatCSV }

// Next returns the next strike: a row, or a group of rows.
func (r *csvMapReader) Next() (*model.Strike, error) {
	if len(r.m.GroupBy) == 0 {
		return readLoop(r.src, func() (*model.Strike, error) {
			rep, st, err := r.row()
			if err != nil {
				return nil, err
			}
			st.Reports = []model.Report{*rep}
			return st, nil
		})
	}
	if !r.m.Sorted {
		return r.nextBuffered()
	}
	return r.nextSorted()
}

// nextBuffered reads every row first, then yields the groups in order of
// their first row.
func (r *csvMapReader) nextBuffered() (*model.Strike, error) {
	if !r.loaded {
		for {
			_, err := r.readGroupRow()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
		}
		r.loaded, r.index = true, nil
	}
	if len(r.pending) == 0 {
		return nil, io.EOF
	}
	s := r.pending[0]
	r.pending[0] = nil
	r.pending = r.pending[1:]
	return s, nil
}

// nextSorted streams groups whose rows are adjacent.
func (r *csvMapReader) nextSorted() (*model.Strike, error) {
	for {
		prev := r.cur
		key, err := r.readGroupRow()
		if err == io.EOF {
			r.cur = nil
			if prev != nil {
				return prev, nil
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if prev != nil && key != r.curKey {
			r.done[r.curKey] = true
			r.curKey = key
			return prev, nil
		}
		r.curKey = key
	}
}

// readGroupRow reads one good row into its group and returns the group key.
func (r *csvMapReader) readGroupRow() (string, error) {
	for {
		err := r.src.next()
		if err == io.EOF {
			return "", io.EOF
		}
		var key string
		if err == nil {
			key, err = r.addToGroup()
		}
		if err == nil {
			return key, nil
		}
		if err = r.src.rj.reject(err); err != nil {
			return "", err
		}
	}
}

func (r *csvMapReader) addToGroup() (string, error) {
	parts := make([]string, len(r.m.GroupBy))
	for i, c := range r.m.GroupBy {
		parts[i] = r.value(r.col[c])
	}
	key := strings.Join(parts, "\x1f")
	if r.m.Sorted && r.done[key] {
		return "", r.src.errf(r.col[r.m.GroupBy[0]], "this row belongs to a group that ended earlier; the rows are not sorted by %s, so set sorted = false in the mapping", strings.Join(r.m.GroupBy, ", "))
	}
	var st *model.Strike
	if r.m.Sorted {
		if r.cur != nil && key == r.curKey {
			st = r.cur
		}
	} else {
		st = r.index[key]
	}
	rep, fresh, err := r.row()
	if err != nil {
		return "", err
	}
	if st == nil {
		st = fresh
		if r.m.Columns.StrikeID == "" {
			st.ID = r.m.IDPrefix + ":" + groupID(parts)
		}
		if r.m.Sorted {
			r.cur = st
		} else {
			r.index[key] = st
			r.pending = append(r.pending, st)
		}
	} else {
		st.Codes = appendAll(st.Codes, fresh.Codes)
		st.Status = firstNonEmpty(st.Status, fresh.Status)
		st.Grading = firstNonEmpty(st.Grading, fresh.Grading)
	}
	if r.m.Columns.ReportID == "" {
		rep.ID = st.ID + "/" + strconv.Itoa(len(st.Reports)+1)
	}
	st.Reports = append(st.Reports, *rep)
	return key, nil
}

// groupID derives a readable strike ID from the group values:
// "2017-04-30/hama/kafrzita".
func groupID(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.ReplaceAll(model.Fold(p), " ", "-")
		if out[i] == "" {
			out[i] = "-"
		}
	}
	return strings.Join(out, "/")
}

func appendAll(xs, ys []string) []string {
	for _, y := range ys {
		xs = appendUnique(xs, y)
	}
	return xs
}

// value is a cell with not_reported markers read as empty.
func (r *csvMapReader) value(i int) string {
	v := r.src.cell(i)
	for _, na := range r.m.NotReported {
		if v == na {
			return ""
		}
	}
	return v
}

// field is the value of a mapped column, or "" when unmapped.
func (r *csvMapReader) field(col string) string {
	if col == "" {
		return ""
	}
	return r.value(r.col[col])
}

func (r *csvMapReader) list(cols []string) []string {
	var out []string
	for _, c := range cols {
		for _, v := range splitList(r.field(c), r.m.ListSeparator) {
			out = appendUnique(out, v)
		}
	}
	return out
}

// row reads the current record as a report and the strike it alone would make.
func (r *csvMapReader) row() (*model.Report, *model.Strike, error) {
	r.rows++
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
	for _, name := range r.list(c.Cites) {
		rep.Cites = append(rep.Cites, model.Citation{Name: name})
	}
	var err error
	if c.Published != "" {
		if rep.Published, err = r.day(c.Published); err != nil {
			return nil, nil, err
		}
	}
	if rep.Date, err = r.date(); err != nil {
		return nil, nil, err
	}
	if rep.Place, err = r.place(); err != nil {
		return nil, nil, err
	}
	cert := model.CertaintyUnstated
	switch k.Certainty {
	case "known":
		cert = model.Known
	case "suspected":
		cert = model.Suspected
	}
	attackers := r.list(c.Attackers)
	if len(attackers) == 0 {
		attackers = k.Attackers
	}
	for _, a := range attackers {
		rep.Actors = append(rep.Actors, model.ActorRef{Name: a, Key: r.keys.actor(a), Certainty: cert, Role: model.RoleAttacker})
	}
	for _, a := range r.list(c.Sides) {
		rep.Actors = append(rep.Actors, model.ActorRef{Name: a, Key: r.keys.actor(a), Role: model.RoleSide})
	}
	if c.Strikes != "" {
		if rep.Strikes, err = r.count(c.Strikes); err != nil {
			return nil, nil, err
		}
	}
	for _, o := range model.Outcomes {
		table := c.Killed
		if o == model.Injured {
			table = c.Injured
		}
		for _, cat := range model.Categories {
			if col := table[cat.String()]; col != "" {
				n, err := r.count(col)
				if err != nil {
					return nil, nil, err
				}
				rep.Claims = addClaim(rep.Claims, o, cat, n)
			}
		}
	}
	for _, n := range r.m.Notes {
		rep.Notes = addNote(rep.Notes, n.Key, r.field(n.Column))
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
	default:
		st.ID = r.m.IDPrefix + ":row-" + strconv.Itoa(r.rows)
	}
	rep.ID = st.ID
	if rid != "" {
		rep.ID = r.m.IDPrefix + ":" + rid
	}
	return rep, st, nil
}
