package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/strikes-dev/strikes/model"
)

// writeTBIJWorkbook writes a small workbook in the layout of TBIJ's: a
// Yemen sheet (real facts of YEM002; a synthetic strike with a serial
// date and a #VALUE!; YEM002 given again to a second, synthetic row;
// blank rows below), a Somalia sheet, a derived All sheet and a sheet of
// notes that is no table.
func writeTBIJWorkbook(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Yemen"))
	header := []any{"Strike ID", "Country", "Date (MM-DD-YYYY)", "President", "Location", "Province", "Most Specific Lat/Long",
		"Confirmed/\npossible US attack?", "Drone strike", "Minimum number of strikes", "Maximum number of strikes",
		"Minimum people killed", "Maximum people killed", "Minimum civilians reported killed ", "Maximum civilians reported killed",
		"Minimum children reported killed", "Maximum children reported killed", "Minimum people injured", "Maximum people injured", "Strike link"}
	must(f.SetSheetRow("Yemen", "A1", &header))
	must(f.SetSheetRow("Yemen", "A2", &[]any{"YEM002", "Yemen", "12-17-2009", "Obama", "Al Majala", "Abyan", "13.974467,46.454927",
		"Confirmed", nil, 1, 1, 55, 58, nil, 44, 21, 22, 9, 9, "https://www.thebureauinvestigates.com/example#YEM002"}))
	must(f.SetCellFloat("Yemen", "I2", 0, 1, 64)) // stored "0.0", as some writers store every number
	must(f.SetCellValue("Yemen", "N2", 44))
	must(f.SetCellFormula("Yemen", "N2", "O2")) // the cached value stays 44
	serial := int(model.DayOf(2011, time.October, 14) - model.DayOf(1899, time.December, 30))
	must(f.SetSheetRow("Yemen", "A3", &[]any{"SYN001", "Yemen", serial, "Obama", "Unknown", "Shabwa", "14.754630, 46.516261",
		"Possible", 1, 1, 2, 3, 4, "#VALUE!", "#VALUE!", 0, 0, 0, 0, ""}))
	must(f.SetSheetRow("Yemen", "A4", &[]any{"YEM002", "Yemen", "01-02-2010", "Obama", "Unknown", "Unknown", "Unknown",
		"Confirmed", 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, ""}))
	for r := 5; r <= 40; r++ { // rows with a height but no cells: blank
		must(f.SetRowHeight("Yemen", r, 15))
	}
	if _, err := f.NewSheet("Somalia"); err != nil {
		t.Fatal(err)
	}
	must(f.SetSheetRow("Somalia", "A1", &[]any{"Strike ID", "Country", "Date (MM-DD-YYYY)", "Location", "Minimum people killed", "Maximum people killed"}))
	must(f.SetSheetRow("Somalia", "A2", &[]any{"SOM001", "Somalia", "01-07-2007", "Ras Kamboni", 8, 10}))
	if _, err := f.NewSheet("All"); err != nil {
		t.Fatal(err)
	}
	must(f.SetSheetRow("All", "A1", &[]any{"Strike ID", "Country", "Date (MM-DD-YYYY)", "Minimum total people killed", "Maximum total people killed"}))
	must(f.SetSheetRow("All", "A2", &[]any{"YEM002", "Yemen", "12-17-2009", 55, 58}))
	if _, err := f.NewSheet("Notes"); err != nil {
		t.Fatal(err)
	}
	must(f.SetCellValue("Notes", "B3", "synthetic notes, no table"))
	path := filepath.Join(t.TempDir(), "drones.xlsx")
	must(f.SaveAs(path))
	return path
}

func TestWorkbookErrors(t *testing.T) {
	path := writeTBIJWorkbook(t)
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"a sheet of notes", Options{Sheet: "Notes"}, "drones.xlsx[Notes]:3: the header"},
		{"no such sheet", Options{Sheet: "Iraq"}, `has no sheet "Iraq"`},
		{"a sheet named in any case", Options{Sheet: "somalia"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readErr(t, path, tt.opts)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	if err := firstErr("broken.xlsx", "PK\x03\x04 not a zip", Options{}); err == nil || !strings.Contains(err.Error(), "broken.xlsx is not a workbook I can read") {
		t.Errorf("a broken workbook: %v", err)
	}
	if err := firstErr("old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", Options{}); err == nil || !strings.Contains(err.Error(), "old.xls is an old Excel workbook (.xls)") {
		t.Errorf("an .xls workbook: %v", err)
	}
	if err := firstErr("a.csv", "a,b\n1,2\n", Options{Sheet: "Yemen"}); err == nil || !strings.Contains(err.Error(), `a.csv is not a workbook (.xlsx), so it has no sheet "Yemen"`) {
		t.Errorf("--sheet for a CSV file: %v", err)
	}
}

func readErr(t *testing.T, path string, opts Options) error {
	r, err := Open(FormatAuto, filepath.Base(path), mustOpen(t, path), opts)
	if err != nil {
		return err
	}
	for {
		if _, err := r.Next(); err != nil {
			if err.Error() == "EOF" {
				return nil
			}
			return err
		}
	}
}

func TestWholeNumber(t *testing.T) {
	for in, want := range map[string]string{"1.0": "1", "0.0": "0", "-3.00": "-3", "1.5": "1.5", "1.": "1.", ".0": ".0",
		"34.08218": "34.08218", "AFG1.0": "AFG1.0", "-.0": "-.0", "10": "10"} {
		if got := wholeNumber(in); got != want {
			t.Errorf("wholeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
