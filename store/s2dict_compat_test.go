package store

import (
	"bytes"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// libPacked is rec compressed again by s2's own encoder (s2.Dict.Encode),
// as strikes wrote records before store/internal/s2dict: the same
// payload in other bytes. Records of a store's own dictionary, and
// records kept uncompressed, are returned as they are.
func libPacked(t *testing.T, rec []byte) []byte {
	t.Helper()
	if len(rec) < 6 || rec[0]&compressedBit == 0 {
		return rec
	}
	e := dicts()[rec[1]]
	if e == nil {
		return rec
	}
	payload, err := unseal(rec, rec[0]&^compressedBit)
	if err != nil {
		t.Fatal(err)
	}
	return seal(append([]byte{rec[0], rec[1]}, e.Dict().Encode(nil, payload)...))
}

// TestRecordsOfS2Encoder holds a store whose records and summaries s2's
// own encoder compressed (an older strikes) to what strikes says of it
// now: check finds it sound, and an import of the same strikes changes
// nothing.
func TestRecordsOfS2Encoder(t *testing.T) {
	s, path := newStore(t)
	in := ownDays(testStrikes(300, "a"))
	importAll(t, s, Dataset{Name: "a"}, in)
	s.Close()

	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := 0
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketStrikes, bucketList, bucketOwn} {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			var keys, vals [][]byte
			if err := b.ForEach(func(k, v []byte) error {
				nv := libPacked(t, v)
				if string(name) == string(bucketList) {
					flags, possible, sum, err := readListEntry(v)
					if err != nil {
						return err
					}
					nv = encodeListEntry(possible, libPacked(t, sum), flags&listOwn != 0)
				}
				if !bytes.Equal(nv, v) {
					keys, vals = append(keys, bytes.Clone(k)), append(vals, nv)
				}
				return nil
			}); err != nil {
				return err
			}
			for i, k := range keys {
				if err := b.Put(k, vals[i]); err != nil {
					return err
				}
			}
			rewritten += len(keys)
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if rewritten < 2*len(in) {
		t.Fatalf("only %d records came out otherwise from s2's encoder; the test proves nothing", rewritten)
	}
	mustCheck(t, path)

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st := importAll(t, s, Dataset{Name: "a"}, ownDays(testStrikes(300, "a"))); st != (ImportStats{Unchanged: len(in)}) {
		t.Errorf("the same strikes imported again: %+v, want all unchanged", st)
	}
}

// TestSameRecord tells records apart by payload, not by bytes.
func TestSameRecord(t *testing.T) {
	st := testStrike(1, "a")
	rec := encodeStrike(st)
	lib := libPacked(t, rec)
	if bytes.Equal(rec, lib) {
		t.Fatal("s2's encoder made the same bytes; the test proves nothing")
	}
	other := encodeStrike(testStrike(2, "a"))
	plain := seal(encodeStrikeRaw(st))
	damaged := bytes.Clone(lib)
	damaged[len(damaged)/2] ^= 1
	for _, tc := range []struct {
		name string
		a, b []byte
		want bool
	}{
		{"the same bytes", rec, rec, true},
		{"compressed otherwise", rec, lib, true},
		{"kept uncompressed", rec, plain, true},
		{"another strike", rec, other, false},
		{"damaged", rec, damaged, false},
		{"empty", rec, nil, false},
	} {
		if got := sameRecord(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: sameRecord is %v", tc.name, got)
		}
		if got := sameRecord(tc.b, tc.a); got != tc.want {
			t.Errorf("%s, turned about: sameRecord is %v", tc.name, got)
		}
	}
}
