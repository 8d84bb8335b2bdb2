package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
)

// bbolt maps the file into memory and trusts its meta page: a file cut
// short makes it fault (SIGBUS) instead of returning an error. So before
// bbolt sees a file, checkFile reads both meta pages itself and compares
// the size they claim with the size of the file.

// The bbolt file format this package understands.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	metaSize       = 64 // magic, version, pageSize, flags u32; root, sequence, freelist, pgid, txid, checksum u64
)

// boltMeta is what checkFile needs from a meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64 // root page of the root bucket
	freelist uint64 // page of the free-page list, or noFreelist
	pgid     uint64 // high-water mark: pages [0, pgid) are in use
	txid     uint64
}

// metaState says what was found where a meta page should be.
type metaState int

const (
	metaMissing metaState = iota // the file is too short to hold it
	metaForeign                  // no bbolt magic: not a bbolt file
	metaDamaged                  // bbolt magic, but a bad version or checksum
	metaValid
)

// parseMeta reads a meta page from the start of buf.
func parseMeta(buf []byte) (boltMeta, metaState) {
	if len(buf) < pageHeaderSize+metaSize {
		return boltMeta{}, metaMissing
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	if ne.Uint32(m[0:]) != boltMagic {
		return boltMeta{}, metaForeign
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if ne.Uint32(m[4:]) != boltVersion || ne.Uint64(m[56:]) != h.Sum64() {
		return boltMeta{}, metaDamaged
	}
	return boltMeta{pageSize: ne.Uint32(m[8:]), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]), pgid: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}, metaValid
}

// readAt reads up to n bytes at off; a short read at the end is not an
// error.
func readAt(f *os.File, off int64, n int) ([]byte, error) {
	buf := make([]byte, n)
	k, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:k], nil
}

// checkFile verifies that path is a bbolt file whose pages are all there.
// It returns ErrNoStore, ErrNotAStore or ErrCorrupt, wrapped in a sentence
// naming path, or nil.
func checkFile(path string) error {
	_, err := readHeader(path)
	return err
}

// readHeader is checkFile returning the meta page bbolt will use.
func readHeader(path string) (boltMeta, error) {
	var use boltMeta
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return use, storeErr(ErrNoStore, nil, "no store at %s; import data first: strikes import FILE", path)
	case err != nil:
		return use, ioErr("read", path, err)
	case fi.IsDir():
		return use, storeErr(ErrNotAStore, nil, "%s is a directory, not a strikes store", path)
	case !fi.Mode().IsRegular():
		return use, storeErr(ErrNotAStore, nil, "%s is not a strikes store (not a regular file)", path)
	case fi.Size() == 0:
		return use, storeErr(ErrNotAStore, nil, "%s is not a strikes store (the file is empty)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return use, ioErr("read", path, err)
	}
	defer f.Close()
	size := fi.Size()

	first, err := readAt(f, 0, 4096)
	if err != nil {
		return use, ioErr("read", path, err)
	}
	m0, st0 := parseMeta(first)
	var m1 boltMeta
	st1 := metaMissing
	if st0 == metaValid {
		buf, err := readAt(f, int64(m0.pageSize), pageHeaderSize+metaSize)
		if err != nil {
			return use, ioErr("read", path, err)
		}
		m1, st1 = parseMeta(buf)
	} else {
		// Without a good first meta, look for the second at every page
		// size bbolt could have used, as bbolt does.
		for ps := int64(1024); ps <= 1<<24 && ps < size; ps <<= 1 {
			buf, err := readAt(f, ps, pageHeaderSize+metaSize)
			if err != nil {
				return use, ioErr("read", path, err)
			}
			if m, st := parseMeta(buf); st == metaValid && int64(m.pageSize) == ps {
				m1, st1 = m, st
				break
			} else if st == metaDamaged {
				st1 = st
			}
		}
	}

	switch {
	case st0 == metaValid && st1 == metaValid:
		use = m0
		if m1.txid > m0.txid {
			use = m1
		}
	case st0 == metaValid:
		use = m0
	case st1 == metaValid:
		use = m1
	case st0 == metaForeign && st1 != metaDamaged:
		return use, storeErr(ErrNotAStore, nil, "%s is not a strikes store", path)
	case st0 == metaMissing:
		return use, storeErr(ErrNotAStore, nil, "%s is not a strikes store (the file is only %d bytes)", path, size)
	default:
		return use, storeErr(ErrCorrupt, nil, "the store %s is damaged (both of its header pages are unreadable); run strikes check", path)
	}
	if use.pageSize < 1024 || use.pageSize > 1<<24 || use.pageSize&(use.pageSize-1) != 0 {
		return use, storeErr(ErrCorrupt, nil, "the store %s is damaged (its header gives an impossible page size %d); run strikes check", path, use.pageSize)
	}
	need := use.pgid * uint64(use.pageSize)
	if use.pgid < 4 || use.pgid > 1<<40 || need > uint64(size) {
		return use, storeErr(ErrCorrupt, nil, "the store %s is damaged (truncated: the file has %d bytes, its header needs %d); run strikes check", path, size, need)
	}
	if err := checkFreelist(f, use); err != nil {
		return use, storeErr(ErrCorrupt, nil, "the store %s is damaged (%v); run strikes check", path, err)
	}
	return use, nil
}

// noFreelist is the freelist page of a file that does not store one.
const noFreelist = ^uint64(0)

// checkFreelist verifies that the free-page list lies within the pages in
// use: bbolt reads it without bounds checks.
func checkFreelist(f *os.File, m boltMeta) error {
	if m.freelist == noFreelist {
		return nil
	}
	if m.freelist < 2 || m.freelist >= m.pgid {
		return fmt.Errorf("its free-page list is at page %d, outside pages 2-%d", m.freelist, m.pgid-1)
	}
	h, err := readAt(f, int64(m.freelist)*int64(m.pageSize), pageHeaderSize+8)
	if err != nil || len(h) < pageHeaderSize+8 {
		return fmt.Errorf("its free-page list cannot be read")
	}
	ne := binary.NativeEndian
	flags, count, overflow := ne.Uint16(h[8:]), uint64(ne.Uint16(h[10:])), uint64(ne.Uint32(h[12:]))
	if flags&0x10 == 0 {
		return fmt.Errorf("page %d should hold the free-page list but does not", m.freelist)
	}
	if m.freelist+overflow >= m.pgid {
		return fmt.Errorf("its free-page list runs past the last page")
	}
	idx := uint64(0)
	if count == 0xFFFF {
		idx, count = 1, ne.Uint64(h[pageHeaderSize:])
	}
	if room := ((overflow+1)*uint64(m.pageSize) - pageHeaderSize) / 8; count > room || idx+count > room {
		return fmt.Errorf("its free-page list claims %d entries, more than its pages hold", count)
	}
	return nil
}

// highWater returns the number of bytes the pages in use of the bbolt file
// at path take, by the larger of its two valid meta pages.
func highWater(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	first, err := readAt(f, 0, 4096)
	if err != nil {
		return 0, err
	}
	m0, st := parseMeta(first)
	if st != metaValid {
		return 0, fmt.Errorf("the first header page of %s is unreadable", path)
	}
	hw := m0.pgid
	buf, err := readAt(f, int64(m0.pageSize), pageHeaderSize+metaSize)
	if err != nil {
		return 0, err
	}
	if m1, st := parseMeta(buf); st == metaValid {
		hw = max(hw, m1.pgid)
	}
	return int64(hw) * int64(m0.pageSize), nil
}

// checkHeaderPages verifies that both of bbolt's header (meta) pages of
// the open db are sound. bbolt reads the newer of the two and, when that
// one is damaged, silently falls back to the older: the data as it was one
// transaction earlier, which after a large import (written in batches, see
// import.go) is half of that import. So strikes refuses a store with a
// damaged header page instead. It reads through f, the file bbolt opened
// and locked, so no in-place writer is half way through a header page, and
// a rename by a copying import does not matter.
func checkHeaderPages(path string, f *os.File, pageSize int) error {
	for i := range int64(2) {
		buf, err := readAt(f, i*int64(pageSize), pageHeaderSize+metaSize)
		if err != nil {
			return ioErr("read", path, err)
		}
		if _, st := parseMeta(buf); st != metaValid {
			return storeErr(ErrCorrupt, nil, "the store %s is damaged (header page %d of 2 is unreadable, so the other would show the data as it was before the last change); run strikes check", path, i+1)
		}
	}
	return nil
}
