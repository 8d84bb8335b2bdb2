package model

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestActorKeyAliases(t *testing.T) {
	tests := []struct{ name, want string }{
		// The examples.
		{"Russian Military", "russia"},
		{"Russian jets", "russia"},
		{"Military Forces of Russia", "russia"},
		{"Government of Russia (Soviet Union)", "russia"},
		{"U.S.-led Coalition", "us-led-coalition"},
		{"US-led coalition", "us-led-coalition"},
		{"International Coalition", "us-led-coalition"},
		// The seed article's phrasings.
		{"Russian planes", "russia"},
		{"Russian war planes", "russia"},
		// Airwars belligerent keys (belligerent_details_json).
		{"russian_forces", "russia"},
		{"russia", "russia"},
		{"coalition", "us-led-coalition"},
		{"syrian_regime", "syrian-regime"},
		{"unknown", "unknown"},
		{"Unknown", "unknown"},
		{"isis", "islamic-state"},
		{"ypg_forces", "ypg"},
		// Other variants.
		{"Syrian Regime", "syrian-regime"},
		{"Government of Syria", "syrian-regime"},
		{"Assad government", "syrian-regime"},
		{"Turkish Military", "turkey"},
		{"Government of Turkey", "turkey"},
		{"Israeli Military", "israel"},
		{"Government of Iran", "iran"},
		{"IS", "islamic-state"},
		{"ISIS", "islamic-state"},
		{"Islamic State", "islamic-state"},
		{"SDF", "sdf"},
		{"Syrian Democratic Forces", "sdf"},
		{"Government of United States of America", "united-states"},
		{"UK Military", "united-kingdom"},
		{"HTS", "hts"},
		// Not in the tables: the folded name is the key; nothing is dropped.
		{"Some New Militia", "some new militia"},
	}
	for _, tt := range tests {
		if got := ActorKey(tt.name); got != tt.want {
			t.Errorf("ActorKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := ActorName("russia"); got != "Russia" {
		t.Errorf(`ActorName("russia") = %q`, got)
	}
}

func TestPlaceKeyAliases(t *testing.T) {
	tests := []struct{ name, want string }{
		// The examples.
		{"Raqqa", "raqqa"},
		{"Ar Raqqah", "raqqa"},
		{"Raqqah", "raqqa"},
		{"الرقة", "raqqa"},
		{"Ar Raqqah town", "raqqa"},
		{"AR-RAQQAH", "raqqa"},
		// Other spelling variants.
		{"Deir Ezzor", "deir-ez-zor"},
		{"Dayr az Zawr", "deir-ez-zor"},
		{"Deir ez-Zor", "deir-ez-zor"},
		{"Halab", "aleppo"},
		{"ALEPPO", "aleppo"},
		{"Idleb", "idlib"},
		{"IDLIB", "idlib"},
		{"Hamah", "hama"},
		{"Hims", "homs"},
		{"Mayadeen", "mayadin"},
		{"Al Mayadin city", "mayadin"},
		{"Albu Kamal", "abu-kamal"},
		{"Al Bukamal", "abu-kamal"},
		{"Menbij", "manbij"},
		{"Ath Thawrah", "tabqa"},
		{"Tabaqah", "tabqa"},
		{"Hassakeh", "hasakah"},
		{"Al Hasakah", "hasakah"},
		{"Ayn al Arab", "kobani"},
		{"Kobane", "kobani"},
		{"Jisr ash Shughur", "jisr-al-shughur"},
		{"Ma'arat al-Nu'man", "maarat-al-numan"},
		{"Maarat al Numan", "maarat-al-numan"},
		{"Khan Sheikhoun", "khan-shaykhun"},
		{"Duma", "douma"},
		{"Dimashq", "damascus"},
		{"Dar'a", "daraa"},
		{"Al Ladhiqiyah", "latakia"},
		{"LATTAKIA", "latakia"},
		{"Tartous", "tartus"},
		{"Sweida", "suwayda"},
		{"Rural Damascus", "rif-dimashq"},
		{"ريف دمشق", "rif-dimashq"},
		{"East Ghouta", "eastern-ghouta"},
		{"DEIR EZZOR", "deir-ez-zor"},
		{"دير الزور", "deir-ez-zor"},
		{"كفر نبل", "kafr-nabl"},
		// Not in the tables: placeFold form, without "village" and article.
		{"Teir Maaleh village", "teir-maala"}, // UCDP spelling, matched by coordinates
		{"Qaryat Nowhere village", "qaryat nowhere"},
		{"Al Nowhere town", "nowhere"},
	}
	for _, tt := range tests {
		if got := PlaceKey(tt.name); got != tt.want {
			t.Errorf("PlaceKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := PlaceName("raqqa"); got != "Raqqa" {
		t.Errorf(`PlaceName("raqqa") = %q`, got)
	}
	if got := PlaceArabic("raqqa"); got != "الرقة" {
		t.Errorf(`PlaceArabic("raqqa") = %q`, got)
	}
	if got := PlaceAdmin1("raqqa"); got != "Ar Raqqah" {
		t.Errorf(`PlaceAdmin1("raqqa") = %q`, got)
	}
}

// TestAliasTablesConsistent parses the shipped TSVs itself: a name that
// two rows claim would silently go to one of them, so it is an error,
// except between places in different towns (a quarter named like a place
// elsewhere), which hold the name in their town only.
func TestAliasTablesConsistent(t *testing.T) {
	type claim struct{ key, in string }
	for _, tc := range []struct {
		file string
		tsv  string
		fold func(string) string
		cols int
	}{
		{"actors.tsv", actorsTSV, Fold, 3},
		{"places.tsv", placesTSV, placeFold, 6},
		{"sources.tsv", sourcesTSV, sourceLookupFold, 3},
	} {
		owners := map[string][]claim{} // folded name -> the rows that claim it
		keys := map[string]bool{}
		for i, line := range strings.Split(tc.tsv, "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) > tc.cols || len(cols) < 2 {
				t.Errorf("%s:%d: %d columns, want 2 to %d", tc.file, i+1, len(cols), tc.cols)
				continue
			}
			key := cols[0]
			if key == "" || key != strings.TrimSpace(key) || strings.ContainsAny(key, " |") {
				t.Errorf("%s:%d: bad key %q", tc.file, i+1, key)
			}
			if keys[key] {
				t.Errorf("%s:%d: key %q defined twice", tc.file, i+1, key)
			}
			keys[key] = true
			in := ""
			if len(cols) > 5 {
				in = cols[5]
			}
			names := []string{key, cols[1]}
			if len(cols) > 2 {
				names = append(names, strings.Split(cols[2], "|")...)
			}
			if len(cols) > 3 {
				names = append(names, cols[3])
			}
			for _, n := range names {
				if strings.TrimSpace(n) == "" {
					continue
				}
				f := tc.fold(n)
				if f == "" {
					t.Errorf("%s:%d: name %q folds to nothing", tc.file, i+1, n)
					continue
				}
				mine := false
				for _, c := range owners[f] {
					if c.key == key {
						mine = true
					} else if c.in == in {
						t.Errorf("%s:%d: %q (%q) is claimed by %q and %q", tc.file, i+1, n, f, c.key, key)
					}
				}
				if !mine {
					owners[f] = append(owners[f], claim{key, in})
				}
			}
		}
		// A key must not be another row's name either: the key is how
		// PlaceKey and ActorKey answer for themselves.
		for f, cs := range owners {
			if keys[f] && len(cs) == 1 && cs[0].key != f {
				t.Errorf("%s: %q is a key and also a name of %q", tc.file, f, cs[0].key)
			}
		}
	}
}

// sharedData returns the path of the project's shared real data, or skips.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not found (%s): this check did not run", p)
	}
	return p
}

// readCSV returns the rows of a CSV file as maps from header to value.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		m := map[string]string{}
		for i, h := range head {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		rows = append(rows, m)
	}
	return rows
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" && p != "NA" {
			out = append(out, p)
		}
	}
	return out
}

// TestAliasCoversActorsInData checks every actor named in the shared data
// resolves to a key of the table, not to the fallback.
func TestAliasCoversActorsInData(t *testing.T) {
	tablesOnce.Do(loadTables)
	inTable := func(k string) bool { _, ok := actorTable.display[k]; return ok }
	check := func(src, name string) {
		if k := ActorKey(name); !inTable(k) {
			t.Errorf("%s: actor %q -> %q, not a table key", src, name, k)
		}
	}
	aw := readCSV(t, sharedData(t, "airwars/syria-incidents.csv"))
	for _, r := range aw {
		for _, n := range splitList(r["belligerents"], ",") {
			check("airwars belligerents", n)
		}
		var det []struct {
			Belligerent string `json:"belligerent"`
		}
		if s := r["belligerent_details_json"]; s != "" {
			if err := json.Unmarshal([]byte(s), &det); err != nil {
				t.Fatalf("airwars %s: belligerent_details_json: %v", r["code"], err)
			}
		}
		for _, d := range det {
			if d.Belligerent != "" {
				check("airwars belligerent_details_json", d.Belligerent)
			}
		}
	}
	for _, r := range readCSV(t, sharedData(t, "ucdp-ged/syria-2016-2019.csv")) {
		for _, side := range []string{"side_a", "side_b"} {
			for _, n := range splitList(r[side], ",") {
				check("ucdp "+side, n)
			}
		}
	}
	for _, r := range readCSV(t, sharedData(t, "acled/argentina-2022-06.csv")) {
		for _, col := range []string{"actor1", "actor2", "assoc_actor_1", "assoc_actor_2"} {
			for _, n := range splitList(r[col], ";") {
				check("acled "+col, n)
			}
		}
	}
}

// TestAliasCoversPlacesInData checks the Airwars Arabic place names (the
// part before the first comma) and the Syrian Archive cities resolve to
// keys of the table.
func TestAliasCoversPlacesInData(t *testing.T) {
	tablesOnce.Do(loadTables)
	inTable := func(k string) bool { _, ok := placeTable.display[k]; return ok }
	seen := map[string]bool{}
	for _, r := range readCSV(t, sharedData(t, "airwars/syria-incidents.csv")) {
		ar := r["location_name_arabic"]
		if i := strings.IndexAny(ar, ",،"); i >= 0 {
			ar = ar[:i]
		}
		ar = strings.TrimSpace(ar)
		if ar == "" || seen[ar] {
			continue
		}
		seen[ar] = true
		if k := PlaceKey(ar); !inTable(k) {
			t.Errorf("airwars %s: place %q -> %q, not a table key", r["code"], ar, k)
		}
	}
	if len(seen) == 0 {
		t.Fatal("no Arabic place names read from Airwars")
	}
	for _, r := range readCSV(t, sharedData(t, "syrian-archive/violations.csv")) {
		for _, c := range splitList(r["City"], ",") {
			if k := PlaceKey(c); !inTable(k) {
				t.Errorf("syrian archive: city %q -> %q, not a table key", c, k)
			}
		}
	}
}
