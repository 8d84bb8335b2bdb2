// Package s2dict compresses short blocks in the s2 block format with a
// dictionary: what s2.Dict.Encode (github.com/klauspost/compress/s2)
// makes, readable by s2.Dict.Decode, for the store's records and
// summaries, which are a few hundred bytes each.
//
// s2.Dict.Encode clears a 64 KB hash table on every call (upstream
// klauspost/compress#320 asks for encoders of small blocks): 1.2 µs for
// a 250-byte record, against 83 ns without the dictionary. A 1M import
// makes two million such calls, a fifth of its CPU. This encoder hashes
// the dictionary once, into a table of its own, and each block into a
// table sized for short blocks. A block longer than MaxBlock goes to
// s2.Dict.Encode, for which the clearing is a small part.
//
// Every element is sized before it is written, and a block that would
// not come out shorter is written as one literal, as s2's encoders do:
// the block never passes s2.MaxEncodedLen (TestNeverGrows, FuzzEncode).
//
// It is a greedy LZ77 encoder: at each position it takes the longer of
// two candidates, the last position of the block with the same hash and
// the last position of the dictionary, and writes literals, copies with
// 1-, 2- and 4-byte offsets (a copy whose offset reaches past the start
// of the block reads the dictionary), and never the s2 repeat code.
// Decoding is the library's.
package s2dict

import (
	"encoding/binary"
	"math/bits"

	"github.com/klauspost/compress/s2"
)

const (
	// MaxBlock is the longest block Encode compresses itself.
	MaxBlock = 1 << 12
	// srcBits and dictBits size the hash tables of a block and of the
	// dictionary.
	srcBits  = 10
	dictBits = 15
	// minLen is the shortest copy written.
	minLen = 4
)

// Encoder compresses with one dictionary. It is safe for concurrent use.
type Encoder struct {
	lib  *s2.Dict
	dict []byte
	tab  [1 << dictBits]uint16 // a position of the dictionary by hash
}

// New makes an encoder from a serialised dictionary (s2.NewDict's
// input, which it keeps: the caller must not change it), or nil when s2
// cannot read it.
func New(serialised []byte) *Encoder {
	lib := s2.NewDict(serialised)
	if lib == nil {
		return nil
	}
	_, n := binary.Uvarint(serialised)
	e := &Encoder{lib: lib, dict: serialised[n:]}
	// Later positions overwrite earlier ones: the nearer the end of the
	// dictionary, the shorter the offset.
	for p := 0; p+8 <= len(e.dict) && p <= 0xffff; p++ {
		e.tab[hash(load64(e.dict, p), dictBits)] = uint16(p)
	}
	return e
}

// Dict is the library's dictionary, for decoding.
func (e *Encoder) Dict() *s2.Dict { return e.lib }

// Encode returns the s2 block of src, as s2.Dict.Encode does: written
// into dst when it has room, else into a new slice.
func (e *Encoder) Encode(dst, src []byte) []byte {
	if len(src) > MaxBlock {
		return e.lib.Encode(dst, src)
	}
	if n := s2.MaxEncodedLen(len(src)); cap(dst) < n {
		dst = make([]byte, n)
	} else {
		dst = dst[:n]
	}
	block := binary.PutUvarint(dst, uint64(len(src)))
	whole := func() []byte { return dst[:block+emitLiteral(dst[block:], src)] }
	if len(src) < 8 {
		return whole()
	}
	// dst has room for the block as one literal and little more. Each
	// element is sized before it is written: a block that would not come
	// out this much shorter than src is written as one literal (as s2's
	// encoders do), so no write can pass the end of dst. A copy need not
	// pay for itself (a 4-byte copy after a 61-byte literal costs more
	// than it saves), which without this could grow a block past it.
	d, dstLimit := block, block+len(src)-len(src)>>5-5
	var tab [1 << srcBits]uint16
	dict := e.dict
	nextEmit, s := 0, 0
	for s+8 <= len(src) {
		cv := load64(src, s)
		hv := hashValue(cv)
		h := hv >> (64 - srcBits)
		c := int(tab[h])
		tab[h] = uint16(s)
		length, offset := 0, 0
		if c < s && load32(src, c) == uint32(cv) {
			length, offset = minLen+matchLen(src[c+minLen:], src[s+minLen:]), s-c
		}
		if p := int(e.tab[hv>>(64-dictBits)]); p+8 <= len(dict) && load32(dict, p) == uint32(cv) {
			// A 4-byte offset takes 5 bytes: a copy that needs one must
			// be longer than that, so that the block never grows.
			l, o := minLen+matchLen(dict[p+minLen:], src[s+minLen:]), len(dict)-p+s
			if l > length && (o < 1<<16 || l >= 8) {
				length, offset = l, o
			}
		}
		if length == 0 {
			s += 1 + (s-nextEmit)>>5
			continue
		}
		// Extend back over the literals waiting: the offset stays.
		for s > nextEmit {
			var prev byte
			if offset > s { // from the dictionary
				p := len(dict) - offset + s
				if p == 0 {
					break
				}
				prev = dict[p-1]
			} else {
				if offset == s {
					break
				}
				prev = src[s-offset-1]
			}
			if prev != src[s-1] {
				break
			}
			s--
			length++
		}
		if d+literalSize(s-nextEmit)+copySize(offset, length) > dstLimit {
			return whole()
		}
		d += emitLiteral(dst[d:], src[nextEmit:s])
		d += emitCopy(dst[d:], offset, length)
		// Hash a position inside the copy, for the copies after it.
		if in := s + length - 2; in+8 <= len(src) {
			tab[hash(load64(src, in), srcBits)] = uint16(in)
		}
		s += length
		nextEmit = s
	}
	if d+literalSize(len(src)-nextEmit) > dstLimit {
		return whole()
	}
	d += emitLiteral(dst[d:], src[nextEmit:])
	return dst[:d]
}

// hashValue is a hash of the six low bytes of u, whose top bits index
// a table.
func hashValue(u uint64) uint64 { return (u << 16) * 0xcf1bbcdcb7a56463 }

// hash is hashValue's top bits.
func hash(u uint64, bits uint) uint64 { return hashValue(u) >> (64 - bits) }

func load32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }
func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// matchLen is how many bytes a and b share from their start.
func matchLen(a, b []byte) int {
	n := 0
	for len(a) >= 8 && len(b) >= 8 {
		if x := load64(a, 0) ^ load64(b, 0); x != 0 {
			return n + bits.TrailingZeros64(x)>>3
		}
		a, b, n = a[8:], b[8:], n+8
	}
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b, n = a[1:], b[1:], n+1
	}
	return n
}

// Element tags of the s2 block format (the Snappy format's, which s2
// extends).
const (
	tagLiteral = 0x00
	tagCopy1   = 0x01
	tagCopy2   = 0x02
	tagCopy4   = 0x03
)

// literalSize is the length of a literal element of n bytes.
func literalSize(n int) int {
	switch {
	case n == 0:
		return 0
	case n <= 60:
		return 1 + n
	case n <= 1<<8:
		return 2 + n
	case n <= 1<<16:
		return 3 + n
	case n <= 1<<24:
		return 4 + n
	}
	return 5 + n
}

// emitLiteral writes lit as a literal element and returns its length,
// literalSize(len(lit)).
func emitLiteral(dst, lit []byte) int {
	if len(lit) == 0 {
		return 0
	}
	n := uint32(len(lit) - 1)
	var i int
	switch {
	case n < 60:
		dst[0], i = byte(n)<<2|tagLiteral, 1
	case n < 1<<8:
		dst[0], dst[1], i = 60<<2|tagLiteral, byte(n), 2
	case n < 1<<16:
		dst[0], i = 61<<2|tagLiteral, 3
		binary.LittleEndian.PutUint16(dst[1:], uint16(n))
	case n < 1<<24:
		dst[0], dst[1], dst[2], dst[3], i = 62<<2|tagLiteral, byte(n), byte(n>>8), byte(n>>16), 4
	default:
		dst[0], i = 63<<2|tagLiteral, 5
		binary.LittleEndian.PutUint32(dst[1:], n)
	}
	return i + copy(dst[i:], lit)
}

// piece is the length of the first element of a copy of length bytes:
// at most 64, and never leaving fewer than minLen for the next.
func piece(length int) int {
	n := min(length, 64)
	if rest := length - n; rest > 0 && rest < minLen {
		n = length - minLen
	}
	return n
}

// pieceSize is the length of a copy element of n bytes from offset back.
func pieceSize(offset, n int) int {
	switch {
	case n <= 11 && offset < 1<<11:
		return 2
	case offset < 1<<16:
		return 3
	}
	return 5
}

// copySize is the length of what emitCopy writes.
func copySize(offset, length int) int {
	size := 0
	for length > 0 {
		n := piece(length)
		size += pieceSize(offset, n)
		length -= n
	}
	return size
}

// emitCopy writes a copy of length bytes from offset back (past the
// start of the block: from the dictionary) and returns its length,
// copySize(offset, length). A long copy is written as several elements
// (piece); the offset of each reads on from where the last stopped.
func emitCopy(dst []byte, offset, length int) int {
	i := 0
	for length > 0 {
		n := piece(length)
		switch pieceSize(offset, n) {
		case 2:
			dst[i] = byte(offset>>8)<<5 | byte(n-4)<<2 | tagCopy1
			dst[i+1] = byte(offset)
		case 3:
			dst[i] = byte(n-1)<<2 | tagCopy2
			binary.LittleEndian.PutUint16(dst[i+1:], uint16(offset))
		default:
			dst[i] = byte(n-1)<<2 | tagCopy4
			binary.LittleEndian.PutUint32(dst[i+1:], uint32(offset))
		}
		i += pieceSize(offset, n)
		length -= n
	}
	return i
}
