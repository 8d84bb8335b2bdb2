package boltfile

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
// bbolt sees a file, ReadHeader reads both meta pages itself and compares
// the size they claim with the size of the file.

// The bbolt file format this package understands.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	metaSize       = 64 // magic, version, pageSize, flags u32; root, sequence, freelist, pgid, txid, checksum u64
)

// Meta is what ReadHeader needs from a meta page.
type Meta struct {
	PageSize uint32
	Root     uint64 // root page of the root bucket
	Freelist uint64 // page of the free-page list, or noFreelist
	PGID     uint64 // high-water mark: pages [0, PGID) are in use
	TxID     uint64
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
func parseMeta(buf []byte) (Meta, metaState) {
	if len(buf) < pageHeaderSize+metaSize {
		return Meta{}, metaMissing
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	if ne.Uint32(m[0:]) != boltMagic {
		return Meta{}, metaForeign
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if ne.Uint32(m[4:]) != boltVersion || ne.Uint64(m[56:]) != h.Sum64() {
		return Meta{}, metaDamaged
	}
	return Meta{PageSize: ne.Uint32(m[8:]), Root: ne.Uint64(m[16:]), Freelist: ne.Uint64(m[32:]), PGID: ne.Uint64(m[40:]), TxID: ne.Uint64(m[48:])}, metaValid
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

// ReadHeader verifies that path is a bbolt file whose pages are all
// there, and returns the meta page bbolt will use. Its errors are a
// *FileError (ErrMissing, ErrForeign, ErrDamaged) or the error of reading
// the file.
func ReadHeader(path string) (Meta, error) {
	var use Meta
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return use, &FileError{Kind: ErrMissing}
	case err != nil:
		return use, err
	case fi.IsDir():
		return use, &FileError{Kind: ErrForeign, Dir: true}
	case !fi.Mode().IsRegular():
		return use, &FileError{Kind: ErrForeign, Detail: "not a regular file"}
	case fi.Size() == 0:
		return use, &FileError{Kind: ErrForeign, Detail: "the file is empty"}
	}
	f, err := os.Open(path)
	if err != nil {
		return use, err
	}
	defer f.Close()
	size := fi.Size()

	first, err := readAt(f, 0, 4096)
	if err != nil {
		return use, err
	}
	m0, st0 := parseMeta(first)
	var m1 Meta
	st1 := metaMissing
	if st0 == metaValid {
		buf, err := readAt(f, int64(m0.PageSize), pageHeaderSize+metaSize)
		if err != nil {
			return use, err
		}
		m1, st1 = parseMeta(buf)
	} else {
		// Without a good first meta, look for the second at every page
		// size bbolt could have used, as bbolt does.
		for ps := int64(1024); ps <= 1<<24 && ps < size; ps <<= 1 {
			buf, err := readAt(f, ps, pageHeaderSize+metaSize)
			if err != nil {
				return use, err
			}
			if m, st := parseMeta(buf); st == metaValid && int64(m.PageSize) == ps {
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
		if m1.TxID > m0.TxID {
			use = m1
		}
	case st0 == metaValid:
		use = m0
	case st1 == metaValid:
		use = m1
	case st0 == metaForeign && st1 != metaDamaged:
		return use, &FileError{Kind: ErrForeign}
	case st0 == metaMissing:
		return use, &FileError{Kind: ErrForeign, Detail: sprintf("the file is only %d bytes", size)}
	default:
		return use, damaged("both of its header pages are unreadable")
	}
	if use.PageSize < 1024 || use.PageSize > 1<<24 || use.PageSize&(use.PageSize-1) != 0 {
		return use, damaged("its header gives an impossible page size %d", use.PageSize)
	}
	need := use.PGID * uint64(use.PageSize)
	if use.PGID < 4 || use.PGID > 1<<40 || need > uint64(size) {
		return use, damaged("truncated: the file has %d bytes, its header needs %d", size, need)
	}
	if err := checkFreelist(f, use); err != nil {
		return use, damaged("%v", err)
	}
	return use, nil
}

// noFreelist is the freelist page of a file that does not store one.
const noFreelist = ^uint64(0)

// checkFreelist verifies that the free-page list lies within the pages in
// use: bbolt reads it without bounds checks.
func checkFreelist(f *os.File, m Meta) error {
	if m.Freelist == noFreelist {
		return nil
	}
	if m.Freelist < 2 || m.Freelist >= m.PGID {
		return fmt.Errorf("its free-page list is at page %d, outside pages 2-%d", m.Freelist, m.PGID-1)
	}
	h, err := readAt(f, int64(m.Freelist)*int64(m.PageSize), pageHeaderSize+8)
	if err != nil || len(h) < pageHeaderSize+8 {
		return fmt.Errorf("its free-page list cannot be read")
	}
	ne := binary.NativeEndian
	flags, count, overflow := ne.Uint16(h[8:]), uint64(ne.Uint16(h[10:])), uint64(ne.Uint32(h[12:]))
	if flags&0x10 == 0 {
		return fmt.Errorf("page %d should hold the free-page list but does not", m.Freelist)
	}
	if m.Freelist+overflow >= m.PGID {
		return fmt.Errorf("its free-page list runs past the last page")
	}
	idx := uint64(0)
	if count == 0xFFFF {
		idx, count = 1, ne.Uint64(h[pageHeaderSize:])
	}
	if room := ((overflow+1)*uint64(m.PageSize) - pageHeaderSize) / 8; count > room || idx+count > room {
		return fmt.Errorf("its free-page list claims %d entries, more than its pages hold", count)
	}
	return nil
}

// HighWater returns the number of bytes the pages in use of the bbolt file
// at path take, by the larger of its two valid meta pages.
func HighWater(path string) (int64, error) {
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
	hw := m0.PGID
	buf, err := readAt(f, int64(m0.PageSize), pageHeaderSize+metaSize)
	if err != nil {
		return 0, err
	}
	if m1, st := parseMeta(buf); st == metaValid {
		hw = max(hw, m1.PGID)
	}
	return int64(hw) * int64(m0.PageSize), nil
}

// CheckHeaderPages verifies that both of bbolt's header (meta) pages of
// the open file f are sound. bbolt reads the newer of the two and, when
// that one is damaged, silently falls back to the older: the data as it
// was one transaction earlier, which after a large write done in batches
// is half of it. Read through the file bbolt opened and locked, so that no
// in-place writer is half way through a header page and a rename by a
// copying writer does not matter.
func CheckHeaderPages(f *os.File, pageSize int) error {
	for i := range int64(2) {
		buf, err := readAt(f, i*int64(pageSize), pageHeaderSize+metaSize)
		if err != nil {
			return err
		}
		if _, st := parseMeta(buf); st != metaValid {
			return damaged("header page %d of 2 is unreadable, so the other would show the data as it was before the last change", i+1)
		}
	}
	return nil
}
