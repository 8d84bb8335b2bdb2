package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// goodStore imports a UCDP-shaped file of n events into a new store
// through the binary and returns the store's path and bytes.
func goodStore(t *testing.T, dir string, n int) (string, []byte) {
	t.Helper()
	csv := filepath.Join(dir, "events.csv")
	writeUCDP(t, csv, 0, n, 0)
	db := filepath.Join(dir, "good.db")
	if r := runBinary(t, "--db", db, "import", csv); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	return db, raw
}

// boltPage finds a page of the store with raw bbolt: fn gets a read
// transaction and returns a page number.
func boltPage(t *testing.T, db string, fn func(tx *bolt.Tx) uint64) uint64 {
	t.Helper()
	b, err := bolt.Open(db, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var id uint64
	b.View(func(tx *bolt.Tx) error { id = fn(tx); return nil })
	return id
}

// flipInValue flips one byte in the middle of the value stored under key
// in bucket, found in the file by its bytes.
func flipInValue(t *testing.T, db string, raw []byte, bucket, key string) []byte {
	t.Helper()
	var val []byte
	b, err := bolt.Open(db, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b.View(func(tx *bolt.Tx) error {
		// The list's keys are a day then the ID: found by the ID's end.
		return tx.Bucket([]byte(bucket)).ForEach(func(k, v []byte) error {
			if string(k) == key || bytes.HasSuffix(k, []byte(key)) && bucket == "list" {
				val = append([]byte(nil), v...)
			}
			return nil
		})
	})
	b.Close()
	i := indexOf(raw, val)
	if len(val) < 8 || i < 0 {
		t.Fatalf("the %s record of %s is not in the file as one piece", bucket, key)
	}
	out := append([]byte(nil), raw...)
	out[i+len(val)/2] ^= 0x20
	return out
}

func indexOf(b, sub []byte) int {
	for i := 0; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

// TestDamagedStores damages a good store in each way the issue lists and
// runs the binary's commands on it: each must refuse with a sentence on
// stderr and exit 1, never crash.
func TestDamagedStores(t *testing.T) {
	dir := env(t)
	db, raw := goodStore(t, dir, 12000) // more than a batch: the file is trimmed to its pages, so every cut loses some
	const ps = 4096
	if ne := binary.NativeEndian; ne.Uint32(raw[pageHeaderOff+8:]) != ps {
		t.Fatalf("page size %d", ne.Uint32(raw[pageHeaderOff+8:]))
	}
	txid := func(page int) uint64 { return binary.NativeEndian.Uint64(raw[page*ps+pageHeaderOff+48:]) }
	newer := 0
	if txid(1) > txid(0) {
		newer = 1
	}
	// The dashboard and list read the list (store/list.go): the summaries
	// of the strikes shown, newest first.
	listRoot := boltPage(t, db, func(tx *bolt.Tx) uint64 { return uint64(tx.Bucket([]byte("list")).Root()) })
	const id = "ucdp:100017"
	// The dashboard reads its first page before it takes the screen and
	// the rest while it shows it: the list entry damaged is the newest,
	// on that first page. Damage further in shows in its status line
	// (TestStreamError in ui).
	var newest string
	boltPage(t, db, func(tx *bolt.Tx) uint64 {
		k, _ := tx.Bucket([]byte("list")).Cursor().First()
		newest = string(k)
		return 0
	})

	damage := map[string]func() []byte{
		"the newer header page damaged": func() []byte {
			b := append([]byte(nil), raw...)
			b[newer*ps+pageHeaderOff+40] ^= 0x01
			return b
		},
		"both header pages damaged": func() []byte {
			b := append([]byte(nil), raw...)
			b[pageHeaderOff+40] ^= 0x01
			b[ps+pageHeaderOff+40] ^= 0x01
			return b
		},
		"the list's root page zeroed": func() []byte {
			b := append([]byte(nil), raw...)
			clear(b[listRoot*ps : (listRoot+1)*ps])
			return b
		},
		"a byte flipped in a list entry": func() []byte { return flipInValue(t, db, raw, "list", newest) },
		"truncated to 60%":               func() []byte { return raw[:len(raw)*6/10] },
		"truncated to 90%":               func() []byte { return raw[:len(raw)*9/10] },
	}
	for name, make := range damage {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.db")
			if err := os.WriteFile(bad, make(), 0o644); err != nil {
				t.Fatal(err)
			}
			// The dashboard (no command), list and check read what was
			// damaged: each must refuse.
			for _, args := range [][]string{{}, {"list"}, {"check"}} {
				r := runBinary(t, append([]string{"--db", bad}, args...)...)
				wantRefusal(t, name+": strikes "+joinArgs(args), r, "damaged")
			}
			// The others may not read the damaged part: they either refuse
			// in the same way or succeed, and never crash.
			for _, args := range [][]string{{"show", id}, {"compare", id}, {"export"}, {"datasets"}} {
				r := runBinary(t, append([]string{"--db", bad}, args...)...)
				if r.code != 0 {
					wantRefusal(t, name+": strikes "+joinArgs(args), r, "damaged")
				}
			}
		})
	}

	// A byte flipped in one strike's record: reading that strike fails;
	// the list, which reads only the summaries, still works.
	t.Run("a byte flipped in a strike record", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.db")
		os.WriteFile(bad, flipInValue(t, db, raw, "strikes", id), 0o644)
		for _, args := range [][]string{{"show", id}, {"compare", id}, {"export"}, {"check"}} {
			r := runBinary(t, append([]string{"--db", bad}, args...)...)
			wantRefusal(t, "strikes "+joinArgs(args), r, "damaged")
		}
		if r := runBinary(t, "--db", bad, "list"); r.code != 0 {
			t.Errorf("list: exit %d: %s", r.code, r.stderr)
		}
	})
}

// pageHeaderOff is where a bbolt meta page's fields start.
const pageHeaderOff = 16

func joinArgs(args []string) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		s += a
	}
	return s
}
