package store

// byteArena hands out the byte slices of an import's prepared strikes
// (their records, summaries and keys) from shared blocks: a 1M import
// made several small allocations a strike for them, each with its share
// of the collector's work. A slice it returns is empty, with room for
// the bytes asked for, which append writes in place. A block is freed
// once none of its slices is held: slices that live alike should come
// from one arena.
type byteArena struct{ free []byte }

// arenaBlock is the size of an arena's blocks; a slice of more than a
// sixteenth of it is made on its own.
const arenaBlock = 64 << 10

// take returns an empty slice of capacity n. A nil arena makes one.
func (a *byteArena) take(n int) []byte {
	if a == nil || n > arenaBlock/16 {
		return make([]byte, 0, n)
	}
	if len(a.free) < n {
		a.free = make([]byte, arenaBlock)
	}
	b := a.free[:0:n]
	a.free = a.free[n:]
	return b
}
