package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// stdStrike decodes a line as the import does with encoding/json.
func stdStrike(b []byte) (StrikeJSON, bool) {
	var js StrikeJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&js); err != nil || dec.More() {
		return js, false
	}
	return js, true
}

// fastLines are lines the fast path must read, and lines it must leave to
// encoding/json (where they are read, or refused, as before).
var fastLines = []struct {
	line string
	fast bool
}{
	{`{"id":"a","reports":[]}`, true},
	{` {"id" : "a\"b\\c\/d\n" , "contested":true, "codes":[], "reports":[{"id":"r","source":"s","lat":35.95,"lon":-1e-3,"strikes":{"kind":"exact","value":-0},"killed":{},"injured":{"civilians":{"kind":"range","low":3,"high":6}}}]} `, true},
	{`{"ID":"a","reports":[]}`, false},                                         // case: encoding/json folds it
	{`{"id":"a","id":"b","reports":[]}`, false},                                // twice
	{`{"id":null,"reports":[]}`, false},                                        // null
	{`{"id":"\u0041","reports":[]}`, false},                                    // \u escape
	{`{"id":"a","reports":[]} ]`, false},                                       // trailing data
	{`{"id":"a","reports":[{"strikes":{"kind":"exact","value":1.0}}]}`, false}, // not an integer
	{`{"id":"a","reports":[{"strikes":{"kind":"exact","value":99999999999}}]}`, false},
	{`{"id":"a","reports":[{"lat":1e999}]}`, false},
	{`{"id":"a","reports":[],"unknown":1}`, false},
	{`{"id":"a","contested":truex,"reports":[]}`, false},
	{`{"id":"a","reports":[{"killed":{"civilians":{"kind":"exact","value":1},"civilians":{"kind":"exact","value":2}}}]}`, false},
	{`{"id":"a","date":5,"reports":[]}`, false},
	{`{"id":"a","reports":[{"lat":01}]}`, false},
}

// TestFastStrike: the fast path reads what it should, gives up where it
// should, and where it reads, reads what encoding/json reads.
func TestFastStrike(t *testing.T) {
	for _, c := range fastLines {
		var got StrikeJSON
		ok := fastStrike([]byte(c.line), &got)
		if ok != c.fast {
			t.Errorf("%s: fast path %v, want %v", c.line, ok, c.fast)
		}
		if ok {
			want, stdOK := stdStrike([]byte(c.line))
			if !stdOK || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: fast %+v\nencoding/json (%v) %+v", c.line, got, stdOK, want)
			}
		}
	}
	// Every line of the native fixture, as strikes writes it, is read fast.
	f, err := os.Open(filepath.Join("..", "..", "testdata", "ingest", "strikes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		n++
		var got StrikeJSON
		want, _ := stdStrike(line)
		if !fastStrike(line, &got) {
			if !bytes.Contains(line, []byte(`\u`)) {
				t.Errorf("fixture line %d is left to encoding/json: %.80s", n, line)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fixture line %d: fast %+v\nencoding/json %+v", n, got, want)
		}
	}
}

// FuzzFastJSON: wherever the fast path reads a line, encoding/json reads
// it too, to an equal value.
func FuzzFastJSON(f *testing.F) {
	for _, c := range fastLines {
		f.Add(c.line)
	}
	if b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ingest", "strikes.jsonl")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f.Add(line)
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		b := bytes.TrimSpace([]byte(line))
		if !utf8.Valid(b) {
			return // refused before either decoder
		}
		var got StrikeJSON
		if !fastStrike(b, &got) {
			return
		}
		want, ok := stdStrike(b)
		if !ok {
			t.Fatalf("the fast path reads a line encoding/json refuses: %q", b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fast %+v\nencoding/json %+v", b, got, want)
		}
	})
}

// TestFastStrikeCoversJSON fails when a JSON type gains or loses a field:
// jsonfast.go must then learn it (until it does, lines with the new key
// are only read more slowly; a field removed would be read when it
// should be refused).
func TestFastStrikeCoversJSON(t *testing.T) {
	want := map[reflect.Type]int{
		reflect.TypeFor[StrikeJSON]():   10,
		reflect.TypeFor[ReportJSON]():   20,
		reflect.TypeFor[DateJSON]():     3,
		reflect.TypeFor[PlaceJSON]():    9,
		reflect.TypeFor[CitationJSON](): 5,
		reflect.TypeFor[ActorJSON]():    4,
		reflect.TypeFor[NoteJSON]():     2,
		reflect.TypeFor[CountJSON]():    5,
	}
	for typ, n := range want {
		if typ.NumField() != n {
			t.Errorf("%s has %d fields, jsonfast.go knows %d: teach it the change", typ, typ.NumField(), n)
		}
	}
}
