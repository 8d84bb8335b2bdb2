package boltfile

import (
	"encoding/binary"
	"fmt"
	"os"
)

// bbolt's own check (tx.Check) trusts the page headers it walks: a damaged
// overflow count makes it allocate without bound, a page number past the
// end makes it fault in a goroutine of its own, where no recover helps.
// So a check first walks the page tree itself (WalkPages), reading the file with ReadAt
// rather than through a mapping, and hands the file to bbolt only when
// every page it would visit is where it should be.

// Page flags and element layout of the bbolt format.
const (
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	bucketLeafFlag = 0x01
	elementSize    = 16 // branch: pos, ksize u32, pgid u64; leaf: flags, pos, ksize, vsize u32
	inBucketSize   = 16 // root pgid u64, sequence u64
	maxTreeDepth   = 64
)

// pageWalker walks the page tree of a bbolt file.
type pageWalker struct {
	f        *os.File
	pageSize uint64
	hwm      uint64 // pages [0, hwm) are in use
	seen     map[uint64]bool
	problems []string
}

// maxProblems caps the problems WalkPages reports.
const maxProblems = 1000

// WalkPages verifies that every page reachable from the root bucket of the
// bbolt file at path lies within the file, is a branch or leaf page, is
// used once, and holds its elements within itself. It returns problems
// as sentences, none if the tree is sound; the error is for a file whose
// header cannot be read (ReadHeader's).
func WalkPages(path string) ([]string, error) {
	m, err := ReadHeader(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := &pageWalker{f: f, pageSize: uint64(m.PageSize), hwm: m.PGID, seen: map[uint64]bool{}}
	w.tree(m.Root, 0)
	return w.problems, nil
}

func (w *pageWalker) fail(format string, args ...any) {
	if len(w.problems) < maxProblems {
		w.problems = append(w.problems, "the bbolt file is damaged: "+fmt.Sprintf(format, args...))
	}
}

// page reads page id with its overflow pages, or reports why it cannot.
func (w *pageWalker) page(id uint64) []byte {
	if id < 2 || id >= w.hwm {
		w.fail("a reference to page %d, outside pages 2-%d", id, w.hwm-1)
		return nil
	}
	h, err := readAt(w.f, int64(id*w.pageSize), pageHeaderSize)
	if err != nil || len(h) < pageHeaderSize {
		w.fail("page %d cannot be read", id)
		return nil
	}
	ne := binary.NativeEndian
	if got := ne.Uint64(h); got != id {
		w.fail("page %d calls itself page %d", id, got)
		return nil
	}
	overflow := uint64(ne.Uint32(h[12:]))
	if id+overflow >= w.hwm {
		w.fail("page %d runs %d pages past the end", id, id+overflow-w.hwm+1)
		return nil
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] {
			w.fail("page %d is used twice", i)
			return nil
		}
		w.seen[i] = true
	}
	buf, err := readAt(w.f, int64(id*w.pageSize), int((overflow+1)*w.pageSize))
	if err != nil || uint64(len(buf)) != (overflow+1)*w.pageSize {
		w.fail("page %d cannot be read", id)
		return nil
	}
	return buf
}

// tree walks the subtree rooted at page id.
func (w *pageWalker) tree(id uint64, depth int) {
	if depth > maxTreeDepth {
		w.fail("the tree under page %d is deeper than %d levels", id, maxTreeDepth)
		return
	}
	buf := w.page(id)
	if buf == nil {
		return
	}
	ne := binary.NativeEndian
	flags, count := ne.Uint16(buf[8:]), int(ne.Uint16(buf[10:]))
	switch {
	case flags&branchPageFlag != 0:
		if pageHeaderSize+count*elementSize > len(buf) {
			w.fail("page %d claims %d elements, more than it holds", id, count)
			return
		}
		for i := range count {
			off := pageHeaderSize + i*elementSize
			pos, ksize := int(ne.Uint32(buf[off:])), int(ne.Uint32(buf[off+4:]))
			if off+pos+ksize > len(buf) || off+pos+ksize < off {
				w.fail("page %d: element %d lies outside the page", id, i)
				return
			}
			w.tree(ne.Uint64(buf[off+8:]), depth+1)
		}
	case flags&leafPageFlag != 0:
		w.leaf(id, buf, depth)
	default:
		w.fail("page %d is neither a branch nor a leaf page (flags 0x%02x)", id, flags)
	}
}

// leaf walks the elements of a leaf page (or an inline bucket's page) and
// the buckets they hold.
func (w *pageWalker) leaf(id uint64, buf []byte, depth int) {
	ne := binary.NativeEndian
	if len(buf) < pageHeaderSize {
		w.fail("page %d: an inline bucket is too short", id)
		return
	}
	count := int(ne.Uint16(buf[10:]))
	if pageHeaderSize+count*elementSize > len(buf) {
		w.fail("page %d claims %d elements, more than it holds", id, count)
		return
	}
	for i := range count {
		off := pageHeaderSize + i*elementSize
		flags, pos := ne.Uint32(buf[off:]), int(ne.Uint32(buf[off+4:]))
		ksize, vsize := int(ne.Uint32(buf[off+8:])), int(ne.Uint32(buf[off+12:]))
		end := off + pos + ksize + vsize
		if end > len(buf) || end < off {
			w.fail("page %d: element %d lies outside the page", id, i)
			return
		}
		if flags&bucketLeafFlag == 0 {
			continue
		}
		v := buf[off+pos+ksize : end]
		if len(v) < inBucketSize {
			w.fail("page %d: element %d is a bucket too short to be one", id, i)
			return
		}
		if depth > maxTreeDepth {
			w.fail("buckets under page %d nest deeper than %d levels", id, maxTreeDepth)
			return
		}
		if root := ne.Uint64(v); root != 0 {
			w.tree(root, depth+1)
		} else {
			w.leaf(id, v[inBucketSize:], depth+1)
		}
	}
}
