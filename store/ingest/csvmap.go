package ingest

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// csvMapReader reads any table through a Mapping (see mapping.go); the
// built-in formats that are maps (builtin.go) read through it too.
type csvMapReader struct {
	src     *csvSource
	m       *Mapping
	format  string
	col     map[string]int   // a column name's first column
	cols    map[string][]int // every column a name refers to
	pattern map[int]*regexp.Regexp
	used    []int // the columns the map reads, for the row's values
	other   []int // the columns kept as notes (other_columns = "notes")
	vals    []string
	blankPH bool // every placeholder cell ("Unknown", "-") reads as empty: the built-in maps
	keys    *keyCache
	dataset string
	seen    map[string]int // strike IDs of ungrouped rows, for a repeated one

	kept      int       // cells that could not be read, kept as notes (unreadable = "note")
	firstKept *RowError // the first of them
	told      bool      // the import was told of them

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
	m := src.opts.mapping
	if m == nil {
		var err error
		if m, err = LoadMapping(src.opts.Map); err != nil {
			return nil, err
		}
	}
	return newCSVMapWith(src, m)
}

func newCSVMapWith(src *csvSource, m *Mapping) (Reader, error) {
	return newMapReader(src, m, FormatCSV)
}

// newMapReader resolves the map's columns in src's header.
func newMapReader(src *csvSource, m *Mapping, format string) (*csvMapReader, error) {
	r := &csvMapReader{src: src, m: m, format: format, col: map[string]int{}, cols: map[string][]int{},
		pattern: map[int]*regexp.Regexp{}, keys: newKeyCache(), dataset: m.Dataset,
		index: map[string]*model.Strike{}, done: map[string]bool{}, seen: map[string]int{}}
	lists := map[string]bool{}
	for _, n := range m.listColumnNames() {
		lists[n] = true
	}
	used := make([]bool, len(src.header))
	mark := func(cols []int) {
		for _, i := range cols {
			for i >= len(used) {
				used = append(used, false)
			}
			used[i] = true
		}
	}
	for _, name := range m.columnNames() {
		if _, ok := r.cols[name]; ok {
			continue
		}
		cols := src.find(name)
		if len(cols) == 0 {
			return nil, &RowError{File: src.file, Line: src.hline, Column: name, Msg: "is missing from the header; the map reads it"}
		}
		if len(cols) > 1 && !lists[name] {
			return nil, &RowError{File: src.file, Line: src.hline, Column: name, Msg: fmt.Sprintf(
				"names %d columns; name one of them (%q is the second), or read them all in a list field such as cites or urls", len(cols), name+"#2")}
		}
		r.cols[name], r.col[name] = cols, cols[0]
		mark(cols)
	}
	for name, re := range m.patterns {
		for _, i := range src.find(name) {
			r.pattern[i] = re
		}
	}
	for _, name := range m.Ignore {
		mark(src.find(name))
	}
	for i, u := range used {
		if u {
			r.used = append(r.used, i)
		}
	}
	if m.OtherColumns == "notes" {
		for i := range src.header {
			if i >= len(used) || !used[i] {
				r.other = append(r.other, i)
			}
		}
	}
	if src.opts.Dataset != "" {
		r.dataset = src.opts.Dataset
	}
	if r.dataset == "" {
		r.dataset = "csv"
	}
	if o, _ := parseDateOrder(m.DateOrder); o != orderUnknown {
		for _, name := range []string{m.Columns.Date, m.Columns.DateEnd, m.Columns.Published} {
			if name != "" {
				src.setDateOrder(r.col[name], o, "date_order = \""+m.DateOrder+"\" in the map")
			}
		}
	}
	return r, nil
}

// Format names the format.
func (r *csvMapReader) Format() string { return r.format }

// Next returns the next strike: a row, or a group of rows. At the end it
// tells the import (Notify) how many cells it kept as notes.
func (r *csvMapReader) Next() (*model.Strike, error) {
	s, err := r.next()
	if err == io.EOF && r.kept > 0 && !r.told {
		r.told = true
		if r.src.opts.Notify != nil {
			what := "1 cell could not be read and is kept as a note, its value not used"
			if r.kept > 1 {
				what = fmt.Sprintf("%d cells could not be read and are kept as notes, their values not used", r.kept)
			}
			r.src.opts.Notify(fmt.Sprintf("%s: %s (the first: %s)", r.src.file, what, r.firstKept.Error()))
		}
	}
	return s, err
}

func (r *csvMapReader) next() (*model.Strike, error) {
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
	if err := r.load(); err != nil {
		return "", err
	}
	parts := make([]string, len(r.m.GroupBy))
	for i, c := range r.m.GroupBy {
		parts[i] = r.field(c)
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

// load reads the current record's mapped cells into r.vals: trimmed,
// with not_reported markers and spreadsheet error values read as empty
// and patterns applied.
func (r *csvMapReader) load() error {
	if r.vals == nil {
		n := 0
		for _, i := range r.used {
			n = max(n, i+1)
		}
		r.vals = make([]string, n)
	}
	for _, i := range r.used {
		v := r.src.cell(i)
		if r.notReported(v) {
			v = ""
		}
		if (r.blankPH || strings.HasPrefix(v, "#")) && isPlaceholder(v) {
			v = ""
		}
		if re := r.pattern[i]; re != nil && v != "" {
			m := re.FindStringSubmatch(v)
			if m == nil {
				return r.src.errf(i, "%q does not match the pattern %s that the map gives for this column", v, re)
			}
			v = strings.TrimSpace(m[len(m)-1])
		}
		r.vals[i] = v
	}
	return nil
}

// field is the value of a mapped column, or "" when unmapped.
func (r *csvMapReader) field(col string) string {
	if col == "" {
		return ""
	}
	return r.vals[r.col[col]]
}

// list is the values of list columns, split and without repeats.
func (r *csvMapReader) list(cols []string) []string {
	var out []string
	for _, c := range cols {
		for _, i := range r.cols[c] {
			for _, v := range splitList(r.vals[i], r.m.ListSeparator) {
				out = appendUnique(out, v)
			}
		}
	}
	return out
}
