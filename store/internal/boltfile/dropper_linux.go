package boltfile

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// DropMapped lets go of the pages of db's file that the process has read
// through bbolt's memory map. They stay in the page cache and come back
// on the next read; what goes is their count in the process's resident
// set. A read of one page maps its neighbours too (the kernel's
// fault-around, which bbolt's MADV_RANDOM does not stop), so an import
// that reads records all over a big store would otherwise hold most of
// the file resident.
//
// The map's bounds come from the kernel (/proc/self/maps), not from
// bbolt, which does not say how long its map is: advising past its end
// would drop the process's own memory. Clean pages of a shared file
// mapping may be dropped at any moment (the kernel does it under memory
// pressure), so this is safe while transactions read the map.
func DropMapped(db *bolt.DB, m *Mapping) {
	start := uint64(db.Info().Data)
	if m.start != start || m.end <= start {
		// A new map (bbolt remaps as the file grows; for one handle
		// the map only grows): ask the kernel where it ends.
		end, ok := mappingEnd(start)
		if !ok || end <= start {
			return
		}
		m.start, m.end = start, end
	}
	syscall.Syscall(syscall.SYS_MADVISE, uintptr(m.start), uintptr(m.end-m.start), syscall.MADV_DONTNEED)
}

// MappedResident is how much of the process's resident memory is mapped
// from files (the shared pages of /proc/self/statm), or -1 when unknown.
// Reading it costs a few microseconds.
func MappedResident() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return -1
	}
	n, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return -1
	}
	return n * int64(os.Getpagesize())
}

// mappingEnd finds, in /proc/self/maps, the shared file mapping that
// starts at start, and returns its end.
func mappingEnd(start uint64) (uint64, bool) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f0c5a600000-7f0c9a600000 r--s 00000000 fd:01 1234 /path/to/store
		line := sc.Bytes()
		dash := bytes.IndexByte(line, '-')
		sp := bytes.IndexByte(line, ' ')
		if dash < 0 || sp < dash {
			continue
		}
		lo, err := strconv.ParseUint(string(line[:dash]), 16, 64)
		if err != nil || lo != start {
			continue
		}
		hi, err := strconv.ParseUint(string(line[dash+1:sp]), 16, 64)
		fields := bytes.Fields(line)
		if err != nil || len(fields) < 6 || len(fields[1]) < 4 || fields[1][3] != 's' {
			return 0, false // not a shared file mapping: not bbolt's
		}
		return hi, true
	}
	return 0, false
}
