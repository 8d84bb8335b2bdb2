package store

import (
	"bytes"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// FuzzDecodeSummary feeds the summary decoder damaged records (and, since
// most mutations break the checksum, damaged payloads under a good one):
// it must return an error or a summary that encodes again, never panic.
func FuzzDecodeSummary(f *testing.F) {
	for i := range 8 {
		sum := model.Summarize(testStrike(i, "ucdp"))
		f.Add(encodeSummary(&sum))
	}
	f.Add([]byte{})
	f.Add([]byte{summaryRecordVersion, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, rec []byte) {
		d := newSummaryDecoder()
		for _, in := range [][]byte{rec, seal(bytes.Clone(rec))} {
			s, err := d.decode([]byte("x:1"), in)
			if err != nil {
				continue
			}
			if _, err := d.decode([]byte("x:1"), encodeSummary(&s)); err != nil {
				t.Fatalf("a decoded summary does not decode after re-encoding: %v", err)
			}
		}
	})
}

// FuzzDecodeDataset does the same for dataset records.
func FuzzDecodeDataset(f *testing.F) {
	f.Add(encodeDataset(&Dataset{Name: "airwars", File: "a.csv", Format: "airwars-csv", SHA256: "ab12", Rows: 9, Strikes: 3}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, rec []byte) {
		for _, in := range [][]byte{rec, seal(bytes.Clone(rec))} {
			d, err := decodeDataset(in)
			if err != nil {
				continue
			}
			if _, err := decodeDataset(encodeDataset(&d)); err != nil {
				t.Fatalf("a decoded dataset does not decode after re-encoding: %v", err)
			}
		}
	})
}
