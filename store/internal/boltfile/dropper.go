package boltfile

import (
	"sync"

	bolt "go.etcd.io/bbolt"
)

// MaxMapped is how much of a store's file a long read or write (an
// import, a relink) lets stay resident in the process.
const MaxMapped = 16 << 20

// Mapping is where a bbolt handle's memory map was last seen, as
// DropMapped found it. Keep one per handle.
type Mapping struct{ start, end uint64 }

// Dropper lets go of the pages of bbolt files read through their maps
// (DropMapped) once more than MaxMapped of them are resident. Call Check
// every few hundred records; it reads one small /proc file and, now and
// then, drops. Safe for concurrent use; the zero value is ready.
type Dropper struct {
	mu   sync.Mutex
	base int64 // what the process maps besides (its own code, 10-40 MB), as resident after the last drop
	maps map[*bolt.DB]*Mapping
}

// Check drops the pages of dbs when too many are resident.
func (d *Dropper) Check(dbs ...*bolt.DB) {
	d.mu.Lock()
	defer d.mu.Unlock()
	// The first call drops, to learn the base.
	if now := MappedResident(); d.base != 0 && now >= d.base && now-d.base < MaxMapped {
		return
	}
	if d.maps == nil {
		d.maps = map[*bolt.DB]*Mapping{}
	}
	for _, db := range dbs {
		m := d.maps[db]
		if m == nil {
			m = &Mapping{}
			d.maps[db] = m
		}
		DropMapped(db, m)
	}
	d.base = MappedResident()
}
