package store

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

func TestStrikeRoundTrip(t *testing.T) {
	cases := []*model.Strike{
		{ID: "empty", Date: model.NoDate()},
		{ID: "zero"},
		{ID: "negative", Date: model.DateSpan{Start: -5, End: 3, Precision: model.PrecWeek},
			Place:   model.Place{Lat: -0.5, Lon: 0}, // coordinates without HasCoords are kept too
			Reports: []model.Report{{ID: "r", Strikes: model.Count{Kind: model.CountKind(200), Low: -7, Best: 1 << 30, High: model.Unbounded}}}},
		{ID: "near a town", Date: model.OnDay(model.DayOf(2017, 1, 24)), // the precision added last
			Place:   model.Place{Name: "Tabqa", Key: "tabqa", HasCoords: true, Lat: 35.8367, Lon: 38.5481, Precision: model.PlaceNearTown},
			Reports: []model.Report{{ID: "r", Place: model.Place{Name: "Tabqa", Key: "tabqa", Precision: model.PlaceNearTown}}}},
	}
	for i := range 30 {
		cases = append(cases, testStrike(i, "airwars"))
	}
	for _, want := range cases {
		rec := encodeStrike(want)
		got, err := decodeStrike(rec)
		if err != nil {
			t.Fatalf("%s: %v", want.ID, err)
		}
		if !reflect.DeepEqual(&got, want) {
			t.Errorf("%s: round trip changed the strike:\n got %+v\nwant %+v", want.ID, got, *want)
		}
		if !bytes.Equal(encodeStrike(&got), rec) {
			t.Errorf("%s: re-encoding differs", want.ID)
		}
		if d, p, err := decodeDatePlace(rec); err != nil || d != want.Date || p.Precision != want.Place.Precision || p.Key != want.Place.Key {
			t.Errorf("%s: decodeDatePlace = %v, %+v, %v", want.ID, d, p, err)
		}
	}
}

func TestEmptySlicesDecodeAsNil(t *testing.T) {
	s := &model.Strike{ID: "x", Codes: []string{}, Reports: []model.Report{{Via: []string{}, Claims: []model.Claim{}}}}
	got, err := decodeStrike(encodeStrike(s))
	if err != nil {
		t.Fatal(err)
	}
	if got.Codes != nil || got.Reports[0].Via != nil || got.Reports[0].Claims != nil {
		t.Errorf("empty slices should decode as nil: %+v", got)
	}
}

func TestDecodeDamagedStrike(t *testing.T) {
	rec := encodeStrike(testStrike(4, "airwars"))
	for n := range len(rec) {
		if _, err := decodeStrike(rec[:n]); err == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(rec))
		}
	}
	for i := range len(rec) {
		bad := bytes.Clone(rec)
		bad[i] ^= 0x40
		_, err := decodeStrike(bad)
		var ce *checksumError
		if !errors.As(err, &ce) {
			t.Fatalf("flipping byte %d: got %v, want a checksum mismatch", i, err)
		}
	}
	// A record with a correct checksum around damaged fields is refused
	// without a panic.
	for i := 1; i < len(rec)-4; i++ {
		bad := bytes.Clone(rec[:len(rec)-4])
		bad[i] = 0xff
		decodeStrike(seal(bad))
	}
}

func TestSummaryRoundTrip(t *testing.T) {
	d := newSummaryDecoder()
	for i := range 20 {
		st := testStrike(i, "ucdp")
		want := model.Summarize(st)
		got, err := d.decode([]byte(st.ID), encodeSummary(&want))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: summary round trip:\n got %+v\nwant %+v", st.ID, got, want)
		}
	}
}

func TestDatasetRoundTrip(t *testing.T) {
	want := Dataset{Name: "airwars", File: "a.csv", Format: "airwars-csv", SHA256: "ab12", Rows: 9, Strikes: 3, Reports: 7, Added: 1, Changed: 1, Unchanged: 1, Missing: 2}
	got, err := decodeDataset(encodeDataset(&want))
	if err != nil {
		t.Fatal(err)
	}
	want.Imported = got.Imported // zero time round-trips as the Unix epoch
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func FuzzDecodeStrike(f *testing.F) {
	for i := range 8 {
		f.Add(encodeStrike(testStrike(i, "airwars")))
	}
	f.Add(encodeStrike(&model.Strike{ID: "x", Date: model.NoDate()}))
	f.Add([]byte{})
	f.Add([]byte{strikeRecordVersion, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, rec []byte) {
		// Most mutations break the checksum; fuzz the payload too.
		for _, in := range [][]byte{rec, seal(bytes.Clone(rec))} {
			s, err := decodeStrike(in)
			lean, lerr := decodeForLink(in, map[string]string{}, true)
			if (err == nil) != (lerr == nil) {
				t.Fatalf("the full read says %v, the linker's lean read %v", err, lerr)
			}
			if err != nil {
				continue
			}
			if !reflect.DeepEqual(leanKey(&s), leanKey(&lean)) {
				t.Fatal("the lean read gives another link key")
			}
			brief, berr := decodeForSummary(in, nil)
			if berr != nil {
				t.Fatalf("the full read succeeds, the brief read says %v", berr)
			}
			if !reflect.DeepEqual(model.Summarize(&s), model.Summarize(&brief)) {
				t.Fatal("the brief read gives another summary")
			}
			again, err := decodeStrike(encodeStrike(&s))
			if err != nil {
				t.Fatalf("a decoded strike does not decode after re-encoding: %v", err)
			}
			if !bytes.Equal(encodeStrike(&again), encodeStrike(&s)) {
				t.Fatal("re-encoding is not stable")
			}
		}
	})
}

// leanKey is a strike's link key without its codes, which a lean read
// leaves to citedCodes (read only when some strike cites another).
func leanKey(s *model.Strike) model.LinkKey {
	k := model.LinkKeyOf(s)
	if k.Refs != nil {
		r := *k.Refs
		r.Codes = nil
		k.Refs = &r
		if r.Cites == nil {
			k.Refs = nil
		}
	}
	return k
}

// TestDecodeForLink: the linker's lean read gives the link key and the
// report IDs of the full read, for every kind of test strike.
func TestDecodeForLink(t *testing.T) {
	intern := map[string]string{}
	for i := range 40 {
		st := testStrike(i, []string{"airwars", "ucdp"}[i%2])
		full, err := decodeStrike(encodeStrike(st))
		if err != nil {
			t.Fatal(err)
		}
		for _, ids := range []bool{false, true} {
			lean, err := decodeForLink(encodeStrike(st), intern, ids)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := leanKey(&lean), leanKey(&full); !reflect.DeepEqual(got, want) {
				t.Errorf("strike %d: lean link key %+v, want %+v", i, got, want)
			}
			for j := range full.Reports {
				want := ""
				if ids {
					want = full.Reports[j].ID
				}
				if got := lean.Reports[j].ID; got != want {
					t.Errorf("strike %d report %d: lean ID %q, want %q", i, j, got, want)
				}
			}
		}
	}
}

// TestDecodeForSummary: the brief read gives the summary and the report
// IDs of the full read.
func TestDecodeForSummary(t *testing.T) {
	for i := range 40 {
		st := testStrike(i, []string{"airwars", "ucdp"}[i%2])
		st.Reports[0].Notes = append(st.Reports[0].Notes, model.Note{Key: "type", Value: "Airstrike"}, model.Note{Key: "clarity", Value: "1"})
		full, err := decodeStrike(encodeStrike(st))
		if err != nil {
			t.Fatal(err)
		}
		brief, err := decodeForSummary(encodeStrike(st), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := model.Summarize(&brief), model.Summarize(&full); !reflect.DeepEqual(got, want) {
			t.Errorf("strike %d: brief summary %+v, want %+v", i, got, want)
		}
		for j := range full.Reports {
			if brief.Reports[j].ID != full.Reports[j].ID {
				t.Errorf("strike %d report %d: brief ID %q, want %q", i, j, brief.Reports[j].ID, full.Reports[j].ID)
			}
		}
	}
}

// TestCodecCoversModel fails when a model type the codec writes gains or
// loses a field: the codec (codec.go, summary.go) must then be updated,
// with a new record version.
func TestCodecCoversModel(t *testing.T) {
	want := map[reflect.Type]int{
		reflect.TypeFor[model.Strike]():   8,  // Possible is filled at read time (link.go), not encoded
		reflect.TypeFor[model.Report]():   19, // Link is set at read time (link.go), not encoded
		reflect.TypeFor[model.Citation](): 5,
		reflect.TypeFor[model.Note]():     2,
		reflect.TypeFor[model.Place]():    10,
		reflect.TypeFor[model.DateSpan](): 3,
		reflect.TypeFor[model.Count]():    4,
		reflect.TypeFor[model.Claim]():    3,
		reflect.TypeFor[model.ActorRef](): 4,
		reflect.TypeFor[model.Summary]():  24, // Possible (link.go) and Desk (desk.go) are set at read time, not encoded
		reflect.TypeFor[model.Span]():     4,
	}
	for typ, n := range want {
		if typ.NumField() != n {
			t.Errorf("model.%s has %d fields; the store's codec knows %d: update codec.go or summary.go", typ.Name(), typ.NumField(), n)
		}
	}
}
