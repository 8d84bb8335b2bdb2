package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// csvSource is a table with its header read: a CSV file or a sheet of a
// workbook, the shared base of every tabular format. Its record is valid
// until the next call to next. Header names are normalised (normHeader);
// a column without a name is called "#N", N counting from 1.
type csvSource struct {
	file   string // the file as named in errors ("DroneWarsData.xlsx[Yemen]" for a sheet)
	rows   rowReader
	header []string
	hline  int // the header's line
	rec    []string
	line   int
	recno  int // data records read, the current one's number from 1
	opts   Options
	rj     rejecter
	text   *textReader // the CSV's decoder; nil for a sheet

	ahead []queued // records read ahead (detection, date order), returned first
	sheet bool     // cells come from a workbook: dates may be serial numbers
	d1904 bool     // the workbook counts days from 1904
	dates []colDates
}

// rowReader yields the records of a table.
type rowReader interface {
	// Read returns the next record, io.EOF at the end; the slice may be
	// reused by the next call.
	Read() ([]string, error)
	// Line is the line (or sheet row) where the last record read starts.
	Line() int
}

// queued is a record read ahead.
type queued struct {
	rec  []string
	line int
	err  error
}

type csvRows struct{ r *csv.Reader }

func (c csvRows) Read() ([]string, error) { return c.r.Read() }

func (c csvRows) Line() int {
	l, _ := c.r.FieldPos(0)
	return l
}

func newCSVSource(path string, br *bufio.Reader, opts Options) (*csvSource, error) {
	mode, ok := parseEncoding(opts.Encoding)
	if !ok {
		return nil, fmt.Errorf("%q is not an encoding I know; use utf-8 or windows-1252", opts.Encoding)
	}
	s := &csvSource{file: path, opts: opts, rj: rejecter{opts}}
	s.text = newTextReader(br, path, mode, opts.Notify)
	r := csv.NewReader(bufio.NewReaderSize(s.text, 64<<10))
	r.ReuseRecord = true
	s.rows = csvRows{r}
	return s, s.readHeader()
}

// readHeader reads the first record that is not blank as the header.
func (s *csvSource) readHeader() error {
	for {
		rec, err := s.rows.Read()
		if errors.Is(err, io.EOF) {
			return &RowError{File: s.file, Line: 1, Msg: "the file is empty; a header line is expected"}
		}
		if err != nil {
			return s.parseError(err, len(rec))
		}
		if blankRecord(rec) {
			continue
		}
		s.hline = s.rows.Line()
		s.header = make([]string, len(rec))
		for i, h := range rec {
			if !utf8.ValidString(h) {
				return &RowError{File: s.file, Line: s.hline, Msg: "the header " + s.notText()}
			}
			s.header[i] = normHeader(h)
		}
		return nil
	}
}

// notText says what is wrong with a cell that is not valid UTF-8.
func (s *csvSource) notText() string {
	if s.text != nil && s.text.mode == textCP1252 {
		return "holds a byte that is not Windows-1252 text (the file is not UTF-8, so it is read as Windows-1252); save the file as UTF-8"
	}
	return "is not UTF-8 text, though the lines before it were; save the file as UTF-8"
}

// normHeader trims a header name and joins its lines: runs of spaces and
// line breaks become one space, and a line break after "-" or "/"
// ("Counter-\nterrorism", "Confirmed/\npossible") joins the two halves.
func normHeader(h string) string {
	h = strings.TrimSpace(h)
	if !strings.ContainsAny(h, "\t\r\n\u00a0") && !strings.Contains(h, "  ") {
		return h
	}
	var b strings.Builder
	space, brk := false, false
	for _, r := range h {
		if unicode.IsSpace(r) {
			space = true
			brk = brk || r == '\n' || r == '\r'
			continue
		}
		if space {
			last := b.String()
			joined := brk && (strings.HasSuffix(last, "-") || strings.HasSuffix(last, "/"))
			if !joined {
				b.WriteByte(' ')
			}
			space, brk = false, false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// blankRecord says whether every cell of rec is empty or spaces.
func blankRecord(rec []string) bool {
	for _, c := range rec {
		if c != "" && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// next reads the next record that is not blank into s.rec. It returns
// io.EOF at the end and a *RowError for a record that cannot be read.
func (s *csvSource) next() error {
	for {
		var rec []string
		var err error
		if len(s.ahead) > 0 {
			q := s.ahead[0]
			s.ahead[0] = queued{}
			s.ahead = s.ahead[1:]
			rec, err, s.line = q.rec, q.err, q.line
		} else {
			rec, err = s.rows.Read()
			if err == nil {
				s.line = s.rows.Line()
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return s.parseError(err, len(rec))
		}
		if blankRecord(rec) {
			continue
		}
		s.rec = rec
		s.recno++
		// Where the text read so far is known to be UTF-8, the record
		// is (the check of every cell was a thirtieth of an import).
		if !s.textValid() {
			for i, f := range rec {
				if !utf8.ValidString(f) {
					return s.errf(i, "%s", s.notText())
				}
			}
		}
		return nil
	}
}

// textValid says whether the text read so far, the current record's
// with it, is known to be valid UTF-8 (a sheet's never is: its cells are
// checked one by one).
func (s *csvSource) textValid() bool {
	c, ok := s.rows.(csvRows)
	return ok && s.text.validThrough(c.r.InputOffset())
}

// readAhead reads one more record into the queue; false at the end of
// the input or after an error that stops the file.
func (s *csvSource) readAhead() bool {
	rec, err := s.rows.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	q := queued{rec: append([]string(nil), rec...), err: err}
	if err == nil {
		q.line = s.rows.Line()
	}
	s.ahead = append(s.ahead, q)
	var pe *csv.ParseError
	return err == nil || errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount)
}

// peek returns up to n of the next records that are not blank, without
// consuming them (format detection reads a few rows this way).
func (s *csvSource) peek(n int) [][]string {
	var out [][]string
	for i := 0; len(out) < n; i++ {
		if i == len(s.ahead) && !s.readAhead() {
			break
		}
		if q := s.ahead[i]; q.err == nil && !blankRecord(q.rec) {
			out = append(out, q.rec)
		}
	}
	return out
}

// parseError turns a csv error into a RowError; only a wrong number of
// fields can be skipped, a broken quote stops the import.
func (s *csvSource) parseError(err error, got int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("reading %s: %w", s.file, err)
	}
	re := &RowError{File: s.file, Line: pe.StartLine, Err: err}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		n := len(s.header)
		if got > n {
			re.Msg = fmt.Sprintf("the row has %d fields but the header has %d; a field containing a comma must be quoted", got, n)
		} else {
			re.Msg = fmt.Sprintf("the row has %d fields but the header has %d", got, n)
		}
		return re
	case errors.Is(pe.Err, csv.ErrBareQuote):
		re.Msg = fmt.Sprintf("line %d has a quote inside an unquoted field; quote the whole field and double the quote (\"\")", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		re.Msg = fmt.Sprintf("a quoted field is not closed properly (line %d); check for a missing or extra quote", pe.Line)
	default:
		re.Msg = pe.Err.Error()
	}
	re.fatal = true
	return re
}

// columns resolves column names to indices; required ones must exist.
func (s *csvSource) columns(format string, required []string, optional []string) (map[string]int, error) {
	idx := make(map[string]int, len(required)+len(optional))
	for _, c := range required {
		i := s.index(c)
		if i < 0 {
			return nil, &RowError{File: s.file, Line: s.hline, Column: c, Msg: fmt.Sprintf("is missing from the header; a %s file needs it", format)}
		}
		idx[c] = i
	}
	for _, c := range optional {
		idx[c] = s.index(c)
	}
	return idx, nil
}

// cell returns field i of the current record, trimmed; "" when absent.
func (s *csvSource) cell(i int) string {
	if i < 0 || i >= len(s.rec) {
		return ""
	}
	return strings.TrimSpace(s.rec[i])
}

// errf builds a RowError for column i of the current record.
func (s *csvSource) errf(i int, format string, args ...any) *RowError {
	col := ""
	if i >= 0 {
		col = s.columnName(i)
	}
	return &RowError{File: s.file, Line: s.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// count reads a whole non-negative number; an empty cell is not reported.
func (s *csvSource) count(i int) (model.Count, error) {
	v := s.cell(i)
	if v == "" {
		return model.NoCount(), nil
	}
	n, err := s.number(i, v)
	if err != nil {
		return model.NoCount(), err
	}
	return model.ExactCount(n), nil
}

// number parses a non-negative whole number from cell i's value v.
func (s *csvSource) number(i int, v string) (int32, error) {
	n, msg := parseCountNumber(v)
	if msg != "" {
		return 0, s.errf(i, "%q %s", v, msg)
	}
	return n, nil
}

// parseCountNumber parses a non-negative whole number without allocating;
// msg says what is wrong with it.
func parseCountNumber(v string) (int32, string) {
	if v == "" {
		return 0, "is not a number"
	}
	neg := v[0] == '-'
	digits := v
	if neg || v[0] == '+' {
		digits = v[1:]
	}
	if digits == "" {
		return 0, "is not a number"
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			if c == '.' && strings.Trim(digits[i+1:], "0") == "" && i+1 < len(digits) {
				break // "4.0" from a spreadsheet is the whole number 4
			}
			return 0, "is not a whole number"
		}
		n = n*10 + int64(c-'0')
		if n > 1<<31-2 {
			return 0, "is too large to be a count"
		}
	}
	if neg && n != 0 {
		return 0, "is a negative count"
	}
	return int32(n), ""
}

// coord reads a latitude or longitude; ok is false when the cell is empty.
func (s *csvSource) coord(i int, limit float64) (float64, bool, error) {
	v := s.cell(i)
	if v == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, s.errf(i, "%q is not a number", v)
	}
	if f < -limit || f > limit || f != f {
		return 0, false, s.errf(i, "%q is outside -%g..%g", v, limit, limit)
	}
	return f, true, nil
}

// day reads an ISO date; ok is false when the cell is empty.
func (s *csvSource) day(i int) (model.Day, bool, error) {
	v := s.cell(i)
	if v == "" {
		return model.NoDay, false, nil
	}
	d, msg := parseISODay(v)
	if msg != "" {
		return model.NoDay, false, s.errf(i, "%q %s", v, msg)
	}
	return d, true, nil
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// parseISODay parses YYYY-MM-DD without allocating; msg says what is wrong.
func parseISODay(v string) (model.Day, string) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return model.NoDay, "is not a date of the form YYYY-MM-DD"
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, m, d := num(v[:4]), num(v[5:7]), num(v[8:])
	switch {
	case y < 0 || m < 0 || d < 0:
		return model.NoDay, "is not a date of the form YYYY-MM-DD"
	case m < 1 || m > 12:
		return model.NoDay, fmt.Sprintf("is not a date: there is no month %d", m)
	case d < 1 || d > monthDays[m] || (m == 2 && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0))):
		return model.NoDay, fmt.Sprintf("is not a date: month %d has no day %d", m, d)
	}
	return model.DayOf(y, time.Month(m), d), ""
}

// columnName names column i in errors and notes: its header, or "#N".
func (s *csvSource) columnName(i int) string {
	if i < len(s.header) && s.header[i] != "" {
		return s.header[i]
	}
	return "#" + strconv.Itoa(i+1)
}

// index returns the first column called name (see find), or -1.
func (s *csvSource) index(name string) int {
	if c := s.find(name); len(c) > 0 {
		return c[0]
	}
	return -1
}

// find returns the columns a name refers to: every column with that
// header ("Source" on seven columns is all seven), "Name#K" the Kth of
// them, "#N" the Nth column of the table. Names are compared as
// normHeader leaves them, then ignoring case.
func (s *csvSource) find(name string) []int {
	name = normHeader(name)
	if n, ok := strings.CutPrefix(name, "#"); ok {
		if k, err := strconv.Atoi(n); err == nil && k >= 1 && k <= 1<<16 {
			return []int{k - 1}
		}
	}
	var out []int
	for i, h := range s.header {
		if h == name && h != "" {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		for i, h := range s.header {
			if strings.EqualFold(h, name) && h != "" {
				out = append(out, i)
			}
		}
	}
	if len(out) == 0 {
		if base, k, ok := cutOrdinal(name); ok {
			if all := s.find(base); k <= len(all) {
				return all[k-1 : k]
			}
		}
	}
	return out
}

// cutOrdinal splits "Source#2" into "Source" and 2.
func cutOrdinal(name string) (string, int, bool) {
	i := strings.LastIndexByte(name, '#')
	if i <= 0 {
		return "", 0, false
	}
	k, err := strconv.Atoi(name[i+1:])
	if err != nil || k < 1 {
		return "", 0, false
	}
	return strings.TrimSpace(name[:i]), k, true
}

// placeholders are what tables write for a value they do not have
// (compared ignoring case): for a count, a date or a coordinate they mean
// "not reported", never zero. Spreadsheet error values are among them: a
// formula that failed holds no figure.
var placeholders = map[string]bool{
	"unknown": true, "not known": true, "unk": true, "unkn": true, "na": true, "n/a": true, "n.a.": true,
	"-": true, "--": true, "–": true, "—": true, "?": true, "nan": true, "null": true,
	"#value!": true, "#n/a": true, "#ref!": true, "#div/0!": true, "#name?": true, "#num!": true, "#null!": true,
}

// isPlaceholder says whether a trimmed cell is a placeholder.
func isPlaceholder(v string) bool {
	if len(v) > 9 {
		return false
	}
	if placeholders[v] {
		return true
	}
	return placeholders[strings.ToLower(v)]
}
