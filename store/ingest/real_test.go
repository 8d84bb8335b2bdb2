package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// realData returns the path of a file under the shared real-data folder
// (../shared/data from the module root), skipping the test when it is absent.
func realData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not present (%s): this integration test did not run; it needs the shared data folder beside the module", p)
	}
	return p
}

// readAll imports a file and returns its strikes.
func readAll(t testing.TB, format, path string, opts Options) ([]*model.Strike, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Open(format, path, f, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var out []*model.Strike
	for {
		s, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, r.Format()
		}
		if err != nil {
			t.Fatalf("after %d strikes: %v", len(out), err)
		}
		out = append(out, s)
	}
}

func countReports(ss []*model.Strike) int {
	n := 0
	for _, s := range ss {
		n += len(s.Reports)
	}
	return n
}

func TestRealUCDP(t *testing.T) {
	p := realData(t, "ucdp-ged/syria-2016-2019.csv")
	ss, format := readAll(t, FormatAuto, p, Options{})
	if format != FormatUCDP {
		t.Errorf("auto chose %q, want %q", format, FormatUCDP)
	}
	if len(ss) != 16566 {
		t.Errorf("got %d strikes, want 16,566", len(ss))
	}
	s := ss[0]
	if s.ID != "ucdp:214797" || s.Place.Admin1 != "Homs" || s.Place.Precision != model.PlaceExact {
		t.Errorf("first strike: %+v", s)
	}
	raqqa := 0
	for _, s := range ss {
		if s.Place.Admin1 == "Ar Raqqah" {
			raqqa++
		}
	}
	if raqqa != 1424 {
		t.Errorf("%d strikes in Ar Raqqah governorate, want 1,424", raqqa)
	}
	checkJSONRoundTrip(t, ss)
}

func TestRealACLED(t *testing.T) {
	p := realData(t, "acled/argentina-2022-06.csv")
	ss, format := readAll(t, FormatAuto, p, Options{})
	if format != FormatACLED {
		t.Errorf("auto chose %q", format)
	}
	if len(ss) != 326 {
		t.Errorf("got %d strikes, want 326", len(ss))
	}
	checkJSONRoundTrip(t, ss)
}

func TestRealAirwars(t *testing.T) {
	p := realData(t, "airwars/syria-incidents.csv")
	ss, format := readAll(t, FormatAuto, p, Options{})
	if format != FormatAirwars {
		t.Errorf("auto chose %q", format)
	}
	if len(ss) != 8114 {
		t.Errorf("got %d strikes, want 8,114", len(ss))
	}
	ids := map[string]bool{}
	cited, bellig := 0, 0
	var seed *model.Strike
	for _, s := range ss {
		if ids[s.ID] {
			t.Errorf("duplicate strike ID %s", s.ID)
		}
		ids[s.ID] = true
		if len(s.Reports[0].Cites) > 0 {
			cited++
		}
		bellig += len(s.Reports) - 1
		if s.ID == "airwars:RS0232" {
			seed = s
		}
	}
	t.Logf("%d strikes, %d with citations, %d belligerent reports", len(ss), cited, bellig)
	if cited != 4610 || bellig != 4283 {
		t.Errorf("sources joined: %d strikes cited (want 4,610), %d belligerent reports (want 4,283)", cited, bellig)
	}
	if seed == nil {
		t.Fatal("no strike airwars:RS0232")
	}
	checkSeed(t, seed)
	if len(seed.Reports[0].Cites) != 3 || seed.Reports[0].Cites[2].Name != "Shaam News Network" {
		t.Errorf("seed citations: %+v", seed.Reports[0].Cites)
	}
	checkJSONRoundTrip(t, ss)
}

// checkSeed checks RS0232 against shared/seed/README.md.
func checkSeed(t *testing.T, s *model.Strike) {
	t.Helper()
	r := &s.Reports[0]
	want := []struct {
		what      string
		got, want any
	}{
		{"date", s.Date.String(), "2015-12-06"},
		{"place", s.Place.Name, "Ar Raqqah"},
		{"arabic", s.Place.NameAR, "الرقة"},
		{"place key", s.Place.Key, "raqqa"},
		{"precision", s.Place.Precision, model.PlaceCity},
		{"status", s.Status, "Likely strike"},
		{"grading", s.Grading, "Fair"},
		{"actor", r.Actors[0].Key, "russia"},
		{"certainty", r.Actors[0].Certainty, model.Suspected},
		{"civilians", r.Claim(model.Killed, model.Civilians), model.ExactCount(15)},
		{"children", r.Claim(model.Killed, model.Children), model.ExactCount(8)},
		{"women", r.Claim(model.Killed, model.Women), model.ExactCount(5)},
		{"men", r.Claim(model.Killed, model.Men), model.NoCount()},
		{"injured", r.Claim(model.Injured, model.Civilians), model.ExactCount(25)},
		{"actors", len(r.Actors), 1},
	}
	for _, w := range want {
		if w.got != w.want {
			t.Errorf("seed %s: got %v, want %v", w.what, w.got, w.want)
		}
	}
}

func TestRealSyrianArchive(t *testing.T) {
	p := realData(t, "syrian-archive/violations.csv")
	ss, format := readAll(t, FormatAuto, p, Options{Map: filepath.Join("..", "..", "testdata", "maps", "syrian-archive.toml")})
	if format != FormatCSV {
		t.Errorf("auto chose %q", format)
	}
	if n := countReports(ss); n != 4135 {
		t.Errorf("got %d reports, want 4,135", n)
	}
	if len(ss) != 2051 {
		t.Errorf("got %d strikes (date+city+neighbourhood groups), want 2,051", len(ss))
	}
	multi := 0
	for _, s := range ss {
		if len(s.Reports) > 1 {
			multi++
		}
	}
	if multi != 747 {
		t.Errorf("%d strikes have several reports, want 747", multi)
	}
	checkJSONRoundTrip(t, ss)
}
