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
	"unicode/utf8"

	"github.com/strikes-dev/strikes/model"
)

// csvSource is a CSV file with its header read: the shared base of every
// CSV format. It reuses its record buffer; cells are valid until the next
// call to next.
type csvSource struct {
	file   string
	r      *csv.Reader
	header []string
	rec    []string
	line   int
	opts   Options
	rj     rejecter
}

func newCSVSource(path string, br *bufio.Reader, opts Options) (*csvSource, error) {
	r := csv.NewReader(br)
	r.ReuseRecord = true
	s := &csvSource{file: path, r: r, opts: opts, rj: rejecter{opts}}
	rec, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &RowError{File: path, Line: 1, Msg: "the file is empty; a header line is expected"}
	}
	if err != nil {
		return nil, s.parseError(err, len(rec))
	}
	s.header = make([]string, len(rec))
	for i, h := range rec {
		if !utf8.ValidString(h) {
			return nil, &RowError{File: path, Line: 1, Msg: "the header is not UTF-8; convert the file to UTF-8 first"}
		}
		s.header[i] = strings.TrimSpace(h)
	}
	return s, nil
}

// next reads the next record into s.rec. It returns io.EOF at the end and
// a *RowError for a record that cannot be read.
func (s *csvSource) next() error {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return s.parseError(err, len(rec))
	}
	s.rec = rec
	s.line, _ = s.r.FieldPos(0)
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return s.errf(i, "is not UTF-8; convert the file to UTF-8 first")
		}
	}
	return nil
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
		i := indexOf(s.header, c)
		if i < 0 {
			return nil, &RowError{File: s.file, Line: 1, Column: c, Msg: fmt.Sprintf("is missing from the header; a %s file needs it", format)}
		}
		idx[c] = i
	}
	for _, c := range optional {
		idx[c] = indexOf(s.header, c)
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
	if i >= 0 && i < len(s.header) {
		col = s.header[i]
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
