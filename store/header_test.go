package store

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pageHeaderSize is the size of a bbolt page header, where the meta
// fields begin (boltfile knows the layout; the test damages it by hand).
const pageHeaderSize = 16

// TestOneHeaderPageDamaged damages each of the two bbolt header pages in
// turn. bbolt alone would silently read the other, which after a large
// import holds half of it; the store must refuse and Check must say so.
func TestOneHeaderPageDamaged(t *testing.T) {
	s, path := newStore(t)
	importAll(t, s, Dataset{Name: "a"}, testStrikes(10, "a"))
	importAll(t, s, Dataset{Name: "b"}, testStrikes(batchSize+10, "b")) // copy path: its last two transactions are batches
	s.Close()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ne := binary.NativeEndian
	txid := func(page int) uint64 { return ne.Uint64(orig[page*4096+pageHeaderSize+48:]) }
	newer := 0
	if txid(1) > txid(0) {
		newer = 1
	}
	for _, page := range []int{newer, 1 - newer} {
		for name, damage := range map[string]func(b []byte){
			"one bit": func(b []byte) { b[pageHeaderSize+40] ^= 0x01 }, // its high-water mark
			"zeroed":  func(b []byte) { clear(b[:4096]) },
		} {
			bad := append([]byte(nil), orig...)
			damage(bad[page*4096:])
			p := filepath.Join(t.TempDir(), "bad.db")
			os.WriteFile(p, bad, 0o644)
			for _, ro := range []bool{true, false} {
				_, err := Open(p, Options{ReadOnly: ro})
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "header page") {
					t.Errorf("page %d %s (ReadOnly=%v): got %v, want ErrCorrupt", page, name, ro, err)
				}
			}
			rep, err := Check(p)
			if err != nil || rep.OK() {
				t.Errorf("page %d %s: Check gave %+v, %v", page, name, rep, err)
			}
		}
	}
}
