package store

import (
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"

	"github.com/strikes-dev/strikes/model"
)

// TestRecordsCompress: strike and summary records are stored compressed
// with their dictionaries, read back exactly, and a record stored
// uncompressed (by an older strikes) reads as before.
func TestRecordsCompress(t *testing.T) {
	raw, packed := 0, 0
	for i := range 200 {
		st := testStrike(i, "airwars")
		rec := encodeStrike(st)
		raw += len(encodeStrikeRaw(st)) + 4
		packed += len(rec)
		if rec[0] != strikeRecordVersion|compressedBit || rec[1] != dictRecords {
			t.Fatalf("strike %d: the record starts %x, not compressed", i, rec[:2])
		}
		got, err := decodeStrike(rec)
		if err != nil || !reflect.DeepEqual(&got, st) {
			t.Fatalf("strike %d reads back as %+v (%v)", i, got, err)
		}
		old := seal(encodeStrikeRaw(st))
		if got, err := decodeStrike(old); err != nil || !reflect.DeepEqual(&got, st) {
			t.Fatalf("strike %d stored uncompressed: %v", i, err)
		}
		sum := model.Summarize(st)
		srec := encodeSummary(&sum)
		if srec[0] != summaryRecordVersion|compressedBit {
			t.Fatalf("summary %d is not compressed", i)
		}
		if back, err := newSummaryDecoder().decodeAs(st.ID, srec); err != nil || !reflect.DeepEqual(back, sum) {
			t.Fatalf("summary %d reads back as %+v (%v)", i, back, err)
		}
	}
	t.Logf("200 strike records: %d bytes raw, %d compressed", raw, packed)
	if packed*2 > raw {
		t.Errorf("the records compress only from %d to %d bytes", raw, packed)
	}
}

// TestCompressedRecordDamage: a compressed record that names no
// dictionary, or claims to decode to more than a record holds, or holds
// a broken block, is refused with a sentence, not a panic or a huge
// allocation, even when its checksum holds.
func TestCompressedRecordDamage(t *testing.T) {
	payload := []byte(strings.Repeat("Raqqa ", 100))
	block := s2.Encode(nil, payload)
	huge := binary.AppendUvarint(nil, 1<<40)
	for _, tc := range []struct {
		name string
		body []byte
		want string
	}{
		{"no dictionary", append([]byte{strikeRecordVersion | compressedBit, 9}, block...), "dictionary 9"},
		{"a huge length", append([]byte{strikeRecordVersion | compressedBit, dictRecords}, huge...), "cannot be read"},
		{"a broken block", append([]byte{strikeRecordVersion | compressedBit, dictRecords}, block[:len(block)/2]...), "cannot be read"},
	} {
		_, err := decodeStrike(seal(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}
