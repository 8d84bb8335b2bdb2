package model

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestSourceKeyAliases(t *testing.T) {
	tests := []struct{ name, want string }{
		// The examples.
		{"Sham News Network", "shaam-news-network"},
		{"Shaam News Network", "shaam-news-network"},
		{"SOHR", "sohr"},
		{"Syrian Observatory for Human Rights", "sohr"},
		// Folding: case, a leading "the", the citation counter, handles.
		{"sohr", "sohr"},
		{"The Syrian Observatory for Human Rights", "sohr"},
		{"Syrian Observatory for Human Rights (2)", "sohr"},
		{"Syrian Observatory for Human Rights (2", "sohr"},
		{"'@ShaamNetwork", "shaam-news-network"},
		{"ShaamNetwork", "shaam-news-network"},
		{"@\u200b\u200bShaamNetwork", "shaam-news-network"},
		{"'@Step_Agency", "step-news-agency"},
		// Transliterations, typos and abbreviations the data uses.
		{"Shaam", "shaam-news-network"},
		{"SNN", "shaam-news-network"},
		{"Syrian Netwrok for Human Rights", "snhr"},
		{"SN4HR", "snhr"},
		{"OHR", "sohr"}, // a UCDP typo for SOHR
		{"Air Wars", "airwars"},
		{"Whaa Report", "waha-report"},
		{"Enab Baladi", "enab-baladi"},
		{"Deir Ezzor 24", "deir-ezzor-24"},
		// Arabic and English names of one outlet.
		{"SMART News Agency - وكالة سمارت للأنباء", "smart-news-agency"},
		{"وكالة ثقة", "thiqa-news-agency"},
		{"The New Arab", "al-araby"},
		// Alike but different outlets stay apart.
		{"Jesr Press", "jesr-press"},
		{"Jisr TV", "jisr-tv"},
		{"Al Arabiya", "al-arabiya"},
		{"Zaiton Mag", "zaiton-mag"},
		{"Zaitun Agency", "zaitun-agency"},
		{"Syrian Civil Defence Aleppo", "syrian-civil-defence-aleppo"},
		{"Syrian Civil Defence", "syrian-civil-defence"},
		{"Nedaa Post", "nedaa-post"},
		// Not in the table: the folded name is the key; nothing is dropped.
		{"Some New Outlet (3)", "some new outlet"},
		{"The Daily Example", "daily example"},
		{"Deir Ezzor 2", "deir ezzor 2"},
		{"(2)", "2"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SourceKey(tt.name); got != tt.want {
			t.Errorf("SourceKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	for key, want := range map[string]string{
		"sohr":               "Syrian Observatory for Human Rights",
		"shaam-news-network": "Shaam News Network",
		"no such source":     "no such source",
	} {
		if got := SourceName(key); got != want {
			t.Errorf("SourceName(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestTrimCounter(t *testing.T) {
	for in, want := range map[string]string{
		"SNN (2)":        "SNN",
		"SNN (12)":       "SNN",
		"SNN(3)":         "SNN",
		"SNN (2":         "SNN",
		"SNN (123)":      "SNN (123)",
		"Deir Ezzor 24":  "Deir Ezzor 24",
		"Syria (SOHR)":   "Syria (SOHR)",
		"(2)":            "(2)",
		"Raqqa (1) ":     "Raqqa",
		"":               "",
		"Step News ()":   "Step News ()",
		"Step News (x2)": "Step News (x2)",
	} {
		if got := trimCounter(in); got != want {
			t.Errorf("trimCounter(%q) = %q, want %q", in, got, want)
		}
	}
}

// spellingGroup is one line of testdata/source_spellings.tsv.
type spellingGroup struct {
	line   int
	key    string
	files  map[string]int // file -> occurrences of the group's spellings
	counts map[string]int // spelling -> occurrences, all files
	order  []string
}

func readSpellingGroups(t *testing.T) []spellingGroup {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "source_spellings.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []spellingGroup
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("source_spellings.tsv:%d: %d columns, want 3", n, len(cols))
		}
		g := spellingGroup{line: n, key: cols[0], files: map[string]int{}, counts: map[string]int{}}
		for _, fc := range strings.Fields(cols[1]) {
			file, c, ok := strings.Cut(fc, "=")
			v, err := strconv.Atoi(c)
			if !ok || err != nil {
				t.Fatalf("source_spellings.tsv:%d: bad count %q", n, fc)
			}
			g.files[file] = v
		}
		for _, sc := range strings.Split(cols[2], "|") {
			i := strings.LastIndexByte(sc, '=')
			v, err := strconv.Atoi(sc[i+1:])
			if i < 0 || err != nil {
				t.Fatalf("source_spellings.tsv:%d: bad spelling %q", n, sc)
			}
			name := strings.ReplaceAll(sc[:i], "¦", "|")
			g.counts[name] = v
			g.order = append(g.order, name)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSourceSpellingsResolve checks that every spelling of every group
// found in the real data resolves to the group's key, and that every row
// of the table is such a group.
func TestSourceSpellingsResolve(t *testing.T) {
	groups := readSpellingGroups(t)
	rows := map[string]bool{}
	for _, r := range SourceRows() {
		rows[r.Key] = true
	}
	for _, g := range groups {
		if !rows[g.key] {
			t.Errorf("source_spellings.tsv:%d: %q is no key of sources.tsv", g.line, g.key)
		}
		delete(rows, g.key)
		for _, name := range g.order {
			if got := SourceKey(name); got != g.key {
				t.Errorf("source_spellings.tsv:%d: SourceKey(%q) = %q, want %q", g.line, name, got, g.key)
			}
		}
	}
	for k := range rows {
		t.Errorf("sources.tsv: %q has no spellings in testdata/source_spellings.tsv", k)
	}
}

// TestSourceSpellingsInData counts the source names in the real data and
// checks the groups against them: every spelling is there as often as the
// fixture says, and no name of the data that the table knows is missing
// from its group.
func TestSourceSpellingsInData(t *testing.T) {
	seen := map[string]map[string]int{} // folded name -> file -> occurrences
	first := map[string]string{}        // folded name -> a spelling
	add := func(file, name string) {
		name = strings.TrimSpace(name)
		if name == "" || name == "NA" {
			return
		}
		f := Fold(name)
		if seen[f] == nil {
			seen[f] = map[string]int{}
			first[f] = name
		}
		seen[f][file]++
	}
	for _, r := range readCSV(t, sharedData(t, "airwars/syria-sources.csv")) {
		switch r["kind"] {
		case "source":
			add("airwars", r["name"])
		case "api_link:content.rendered":
			add("airwars-links", r["name"])
		}
	}
	for _, r := range readCSV(t, sharedData(t, "ucdp-ged/syria-2016-2019.csv")) {
		for _, col := range []string{"source_office", "source_original"} {
			for _, n := range strings.Split(r[col], ";") {
				add("ucdp-"+strings.TrimPrefix(col, "source_"), n)
			}
		}
	}
	for _, r := range readCSV(t, sharedData(t, "syrian-archive/violations.csv")) {
		add("syrian-archive", r["Source"])
	}
	for _, r := range readCSV(t, sharedData(t, "acled/argentina-2022-06.csv")) {
		for _, n := range strings.Split(r["source"], ";") {
			add("acled", n)
		}
	}
	grouped := map[string]string{} // folded name -> key
	for _, g := range readSpellingGroups(t) {
		files := map[string]int{}
		for _, name := range g.order {
			f := Fold(name)
			grouped[f] = g.key
			total := 0
			for file, c := range seen[f] {
				files[file] += c
				total += c
			}
			if total != g.counts[name] {
				t.Errorf("source_spellings.tsv:%d: %q occurs %d times in the data, the fixture says %d", g.line, name, total, g.counts[name])
			}
		}
		for file, c := range files {
			if g.files[file] != c {
				t.Errorf("source_spellings.tsv:%d: %s holds %d of group %q, the fixture says %d", g.line, file, c, g.key, g.files[file])
			}
		}
	}
	tablesOnce.Do(loadTables)
	for f, name := range first {
		k := SourceKey(name)
		if _, known := sourceTable.display[k]; known && grouped[f] != k {
			t.Errorf("%q (in the data %v) resolves to %q but is in no group of the fixture", name, seen[f], k)
		}
	}
}

// FuzzSourceKey checks that SourceKey never fails and that the display
// name of a key in the table resolves to that key.
func FuzzSourceKey(f *testing.F) {
	for _, s := range []string{"SOHR", "Shaam News Network (2)", "'@ShaamNetwork", "The Syrian Observatory",
		"وكالة ثقة", "(2)", "SNN (2", "Deir Ezzor 24", " ", "\u200b@x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := SourceKey(s)
		if k != strings.TrimSpace(k) {
			t.Fatalf("SourceKey(%q) = %q has outer space", s, k)
		}
		if name := SourceName(k); name != k {
			if back := SourceKey(name); back != k {
				t.Fatalf("SourceKey(%q) = %q, whose name %q gives %q", s, k, name, back)
			}
		}
	})
}
