package store

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// The own summaries of an import into an empty store (spool). Such an
// import builds the list whole at its end (buildList), in the list's
// order, a chunk a transaction. It used to make every strike's own
// summary there again, from the record it had just written: each record
// read back, decompressed, decoded and summarised, a fifth of a 1M
// import's CPU. The reading goroutine makes the summary once instead,
// from the strike it has in hand, and the writer appends it with the
// strike's list key to a scratch file beside the copy
// (PATH.tmp-import.sums). The build reads the list keys back from the
// file in one pass, sorts them, and reads each chunk's summaries from the
// file in offset order. The summaries wait on disk, not in memory: a
// million are about 60 MB, which the import's memory limit
// (limitMemory) would have had to hold as well.

// spoolWindow is how much of the spool the build reads at a time.
const spoolWindow = 64 << 10

// sumSpool is the scratch file of an import's own summaries, in the
// order the import wrote its strikes.
type sumSpool struct {
	path  string
	f     *os.File
	w     *bufio.Writer
	n     int   // entries written
	size  int64 // bytes written
	keyed int   // bytes of list keys written
	// hd is add's entry header, kept here so that it is not made on the
	// heap for each entry.
	hd [2 * binary.MaxVarintLen64]byte
	// After index: where each entry's summary is in the file and how
	// long it is, by write order.
	off  []int64
	len  []uint32
	keys []byte   // the list keys, back to back
	ends []uint32 // where each ends in keys
}

// createSpool creates the spool file at path, replacing what a killed
// import left there.
func createSpool(path string) (*sumSpool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, ioErr("create", path, err)
	}
	return &sumSpool{path: path, f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// add appends a strike's list key and own summary record.
func (s *sumSpool) add(listKey, sum []byte) error {
	hd := binary.AppendUvarint(s.hd[:0], uint64(len(listKey)))
	hd = binary.AppendUvarint(hd, uint64(len(sum)))
	n := len(hd)
	s.w.Write(hd)
	s.w.Write(listKey)
	if _, err := s.w.Write(sum); err != nil { // a bufio.Writer's error sticks
		return ioErr("write", s.path, err)
	}
	s.n++
	s.keyed += len(listKey)
	s.size += int64(n + len(listKey) + len(sum))
	return nil
}

// close closes and removes the spool file.
func (s *sumSpool) close() {
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	os.Remove(s.path)
	s.f = nil
}

// errSpool says the spool file does not read back as it was written.
var errSpool = errors.New("the import's scratch file of summaries reads back wrong")

// index flushes the spool and reads it back once, in order: the entries
// in the order of their list keys (at, for key and summaries). The keys
// share one allocation; a slice of each is made only for a chunk
// (chunkKeys): at 5M strikes, slices of them all were 120 MB.
func (s *sumSpool) index() (at []int32, err error) {
	if err := s.w.Flush(); err != nil {
		return nil, ioErr("write", s.path, err)
	}
	r := bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 256<<10)
	s.off, s.len = make([]int64, s.n), make([]uint32, s.n)
	if s.keyed > math.MaxUint32 {
		return nil, fmt.Errorf("%s: the list keys of %d strikes are too many to sort in memory", s.path, s.n)
	}
	arena := make([]byte, 0, s.keyed)
	ends := make([]uint32, s.n)
	var pos int64
	for i := range s.n {
		kl, err1 := binary.ReadUvarint(r)
		sl, err2 := binary.ReadUvarint(r)
		if err := errors.Join(err1, err2); err != nil || kl < 5 || kl > maxIDLen+4 || sl > maxDecoded || len(arena)+int(kl) > cap(arena) {
			return nil, fmt.Errorf("%s: %w (entry %d)", s.path, errSpool, i)
		}
		pos += int64(uvarintLen(kl) + uvarintLen(sl))
		start := len(arena)
		arena = arena[:start+int(kl)]
		if _, err := io.ReadFull(r, arena[start:]); err != nil {
			return nil, fmt.Errorf("%s: %w (entry %d): %w", s.path, errSpool, i, err)
		}
		ends[i] = uint32(len(arena))
		pos += int64(kl)
		s.off[i], s.len[i] = pos, uint32(sl)
		if _, err := r.Discard(int(sl)); err != nil {
			return nil, fmt.Errorf("%s: %w (entry %d): %w", s.path, errSpool, i, err)
		}
		pos += int64(sl)
	}
	s.keys, s.ends = arena, ends
	return s.sorted(), nil
}

// sorted is the entries in the order of their list keys: by date (the
// key's first four bytes) with a counting sort, two bytes a pass, then
// each date's entries by ID. A comparison sort of them all compared
// about 20 keys an entry at 1M, a third of the build's own time; a day
// holds a hundred or so.
func (s *sumSpool) sorted() []int32 {
	at, tmp := make([]int32, s.n), make([]int32, s.n)
	for i := range at {
		at[i] = int32(i)
	}
	date := func(e int32) uint32 { return binary.BigEndian.Uint32(s.key(e)) }
	count := make([]int, 1<<16+1)
	for _, shift := range [...]uint{0, 16} {
		clear(count)
		for _, e := range at {
			count[(date(e)>>shift)&0xffff+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, e := range at {
			d := (date(e) >> shift) & 0xffff
			tmp[count[d]] = e
			count[d]++
		}
		at, tmp = tmp, at
	}
	for lo := 0; lo < len(at); {
		hi := lo + 1
		for hi < len(at) && date(at[hi]) == date(at[lo]) {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(at[lo:hi], func(a, b int32) int { return bytes.Compare(s.key(a)[4:], s.key(b)[4:]) })
		}
		lo = hi
	}
	return at
}

// key is the list key of entry i, after index.
func (s *sumSpool) key(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.keys[start:s.ends[i]:s.ends[i]]
}

// chunkKeys are the list keys of the entries at.
func (s *sumSpool) chunkKeys(at []int32) [][]byte {
	keys := make([][]byte, len(at))
	for i, e := range at {
		keys[i] = s.key(e)
	}
	return keys
}

// summaries reads the own summaries of the entries at (indices into the
// write order, as index returns them), in at's order. Reading in offset
// order, a window at a time, makes one read serve many entries.
func (s *sumSpool) summaries(at []int32) ([][]byte, error) {
	order := make([]int32, len(at))
	var total int
	for i, e := range at {
		order[i] = int32(i)
		total += int(s.len[e])
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(at[a], at[b]) })
	out := make([][]byte, len(at))
	arena := make([]byte, 0, total)
	win := make([]byte, spoolWindow)
	var winOff int64 = -1
	var winLen int
	for _, i := range order {
		off, n := s.off[at[i]], int64(s.len[at[i]])
		start := len(arena)
		arena = arena[:start+int(n)]
		dst := arena[start:]
		if n > spoolWindow {
			if _, err := s.f.ReadAt(dst, off); err != nil {
				return nil, ioErr("read", s.path, err)
			}
		} else {
			if winOff < 0 || off < winOff || off+n > winOff+int64(winLen) {
				m, err := s.f.ReadAt(win, off)
				if m < int(n) {
					if err == nil || errors.Is(err, io.EOF) {
						err = errSpool
					}
					return nil, ioErr("read", s.path, err)
				}
				winOff, winLen = off, m
			}
			copy(dst, win[off-winOff:])
		}
		out[i] = dst[:n:n]
	}
	return out, nil
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}
