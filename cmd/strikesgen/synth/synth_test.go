package synth

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestDeterministicAndLabelled(t *testing.T) {
	var a, b bytes.Buffer
	_, ra, err := WriteJSONL(&a, New(Options{Seed: 7, Reports: 500}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := WriteJSONL(&b, New(Options{Seed: 7, Reports: 500})); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave different output")
	}
	if ra != 500 {
		t.Errorf("%d reports, want 500", ra)
	}
	for _, s := range All(Options{Seed: 7, Reports: 500}) {
		if !strings.HasPrefix(s.ID, "synth:") {
			t.Errorf("strike ID %q does not say it is synthetic", s.ID)
		}
		for _, r := range s.Reports {
			if !strings.HasPrefix(r.Source, "Synthetic ") || r.Dataset != Dataset {
				t.Errorf("report %s: source %q, dataset %q", r.ID, r.Source, r.Dataset)
			}
		}
	}
	var c bytes.Buffer
	n, err := WriteUCDP(&c, New(Options{Seed: 7, Reports: 500}))
	if err != nil || n != 500 || strings.Count(c.String(), "\n") != 501 {
		t.Errorf("UCDP: %d rows, %d lines, %v", n, strings.Count(c.String(), "\n"), err)
	}
	// Every UCDP-shaped row's id says it is synthetic, so that its strike
	// (ucdp:ID) is never a real event's.
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[0], "synth-") {
			t.Fatalf("a UCDP-shaped row has the id %q, which a real UCDP event could have", row[0])
		}
	}
}
