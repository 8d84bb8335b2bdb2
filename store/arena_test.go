package store

import (
	"bytes"
	"testing"
)

// TestByteArena: the slices an arena hands out never overlap, so that
// appending to one up to the room it was given leaves its neighbours as
// they were; what is too big for a block, or asked of a nil arena, is
// made on its own.
func TestByteArena(t *testing.T) {
	var a byteArena
	var got [][]byte
	var want [][]byte
	for i := range 3000 {
		n := 1 + i%97
		if i%500 == 0 {
			n = arenaBlock / 8 // made on its own
		}
		b := a.take(n)
		if len(b) != 0 || cap(b) != n {
			t.Fatalf("take(%d): len %d cap %d", n, len(b), cap(b))
		}
		b = append(b, bytes.Repeat([]byte{byte(i)}, n)...)
		got, want = append(got, b), append(want, bytes.Repeat([]byte{byte(i)}, n))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("slice %d was overwritten: %v", i, got[i][:min(8, len(got[i]))])
		}
	}
	var none *byteArena
	if b := none.take(5); len(b) != 0 || cap(b) != 5 {
		t.Errorf("a nil arena's take(5): len %d cap %d", len(b), cap(b))
	}
}
