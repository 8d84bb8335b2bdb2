package store

import (
	"sync"

	bolt "go.etcd.io/bbolt"
)

// maxMapped is how much of a store's file a long read or write (an
// import, a relink) lets stay resident in the process.
const maxMapped = 16 << 20

// mapping is where a bbolt handle's memory map was last seen, as
// dropMapped found it. Keep one per handle.
type mapping struct{ start, end uint64 }

// dropper lets go of the pages of bbolt files read through their maps
// (dropMapped) once more than maxMapped of them are resident. Call check
// every few hundred records; it reads one small /proc file and, now and
// then, drops. Safe for concurrent use; the zero value is ready.
type dropper struct {
	mu   sync.Mutex
	base int64 // what the process maps besides (its own code, 10-40 MB), as resident after the last drop
	maps map[*bolt.DB]*mapping
}

func (d *dropper) check(dbs ...*bolt.DB) {
	d.mu.Lock()
	defer d.mu.Unlock()
	// The first call drops, to learn the base.
	if now := mappedResident(); d.base != 0 && now >= d.base && now-d.base < maxMapped {
		return
	}
	if d.maps == nil {
		d.maps = map[*bolt.DB]*mapping{}
	}
	for _, db := range dbs {
		m := d.maps[db]
		if m == nil {
			m = &mapping{}
			d.maps[db] = m
		}
		dropMapped(db, m)
	}
	d.base = mappedResident()
}
