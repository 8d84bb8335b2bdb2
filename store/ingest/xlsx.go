package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbooks (.xlsx) are read with excelize: one sheet is one table, its
// first row that is not blank the header, and each cell its stored value
// (RawCellValue: a number as stored, not as formatted; a formula's cached
// result, since nothing is recalculated). Rows are numbered as the
// spreadsheet numbers them, so errors read FILE[SHEET]:ROW. Blank rows,
// such as the hundreds a sheet may keep below its data, are skipped.
//
// Without --sheet the workbook's sheets are detected one by one from
// their header and first rows; the one sheet that holds a strike table
// (a format strikes knows, or the map's columns) is read, and a workbook
// with several such sheets is refused with their names.

// unzipLimit bounds what a workbook may unpack to (excelize's own default
// is 16 GB); a larger one is refused rather than filling the memory.
const unzipLimit = 2 << 30

// isZip says whether the input starts as a zip archive, which an .xlsx is.
func isZip(br *bufio.Reader) bool {
	b, _ := br.Peek(4)
	return bytes.Equal(b, []byte("PK\x03\x04"))
}

// openWorkbook reads the workbook in br and returns the source of the
// sheet to import, and its format when format is auto.
func openWorkbook(path string, br *bufio.Reader, format string, opts Options) (src *csvSource, chosen string, err error) {
	defer func() {
		if p := recover(); p != nil {
			src, chosen, err = nil, "", fmt.Errorf("%s is not a workbook I can read (%v)", path, p)
		}
	}()
	b, err := io.ReadAll(br)
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", path, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, "", fmt.Errorf("%s is not a workbook I can read: %w", path, err)
	}
	d1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		d1904 = *p.Date1904
	}
	sheets := f.GetSheetList()
	open := func(name string) (*csvSource, error) {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, fmt.Errorf("reading sheet %q of %s: %w", name, path, err)
		}
		s := &csvSource{file: path + "[" + name + "]", opts: opts, rj: rejecter{opts}, sheet: true, d1904: d1904,
			rows: &xlsxRows{rows: rows}}
		if err := s.readHeader(); err != nil {
			var re *RowError
			if errors.As(err, &re) && strings.HasPrefix(re.Msg, "the file is empty") {
				re.Msg = "the sheet is empty; a header row is expected"
			}
			return nil, err
		}
		return s, nil
	}
	if opts.Sheet != "" {
		name, ok := findSheet(sheets, opts.Sheet)
		if !ok {
			return nil, "", fmt.Errorf("%s has no sheet %q; its sheets are %s", path, opts.Sheet, quoteList(sheets))
		}
		s, err := open(name)
		return s, format, err
	}
	var found []string
	var first *csvSource
	firstFormat := format
	for _, name := range sheets {
		s, err := open(name)
		if err != nil {
			continue
		}
		got := format
		switch {
		case format == formatDraft:
		case format == FormatAuto:
			got = detect(s)
		case !sheetFits(s, format):
			got = ""
		}
		if got == "" {
			continue
		}
		found = append(found, name)
		if first == nil {
			first, firstFormat = s, got
		}
	}
	switch {
	case format == formatDraft && len(found) > 1:
		return nil, "", fmt.Errorf("%s has %d sheets (%s); name the one to draft a map for with --sheet", path, len(found), quoteList(found))
	case len(found) == 0 && format == formatDraft:
		return nil, "", fmt.Errorf("no sheet of %s has a header row", path)
	case len(found) == 0:
		return nil, "", fmt.Errorf("no sheet of %s has a header I know (its sheets are %s); name the sheet with --sheet and describe its columns with a map (--map; --draft-map writes a draft)", path, quoteList(sheets))
	case len(found) == 1:
		if len(sheets) > 1 && opts.Notify != nil {
			opts.Notify(fmt.Sprintf("%s: reading sheet %q, the one that holds a strike table", path, found[0]))
		}
		return first, firstFormat, nil
	}
	return nil, "", fmt.Errorf("%s has %d sheets that hold a strike table: %s; name the one to import with --sheet", path, len(found), quoteList(found))
}

// sheetFits says whether a sheet could be read in a format named on the
// command line: its header is that format's, or the map's columns.
func sheetFits(s *csvSource, format string) bool {
	got := detect(s)
	switch {
	case got == format:
		return true
	case format == FormatCSV:
		return s.opts.mapping != nil && len(s.missingColumns(s.opts.mapping.columnNames())) == 0
	case format == FormatUCDPCandidate:
		return got == FormatUCDP
	}
	return false
}

// missingColumns lists the names that name no column.
func (s *csvSource) missingColumns(names []string) []string {
	var out []string
	for _, n := range names {
		if len(s.find(n)) == 0 {
			out = append(out, n)
		}
	}
	return out
}

func findSheet(sheets []string, name string) (string, bool) {
	for _, s := range sheets {
		if s == name {
			return s, true
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(name)) {
			return s, true
		}
	}
	return "", false
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// xlsxRows reads a sheet's rows; Line is the spreadsheet's row number.
type xlsxRows struct {
	rows *excelize.Rows
	n    int
}

// Read returns the next row's cells (empty for a row the sheet skips).
func (x *xlsxRows) Read() (rec []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, fmt.Errorf("the sheet cannot be read past row %d (%v)", x.n, p)
		}
	}()
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	x.n++
	cols, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("reading row %d: %w", x.n, err)
	}
	for i, c := range cols {
		cols[i] = wholeNumber(c)
	}
	return cols, nil
}

// wholeNumber writes a number stored with a zero fraction ("1.0", as
// some writers store every number) as the whole number it is.
func wholeNumber(c string) string {
	dot := strings.IndexByte(c, '.')
	if dot <= 0 || strings.Trim(c[dot+1:], "0") != "" || dot+1 == len(c) {
		return c
	}
	for i := 0; i < dot; i++ {
		if (c[i] < '0' || c[i] > '9') && !(i == 0 && c[i] == '-' && dot > 1) {
			return c
		}
	}
	return c[:dot]
}

// Line is the row number of the last row read.
func (x *xlsxRows) Line() int { return x.n }
