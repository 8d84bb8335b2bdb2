package store

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/s2dict"
)

// Records are stored compressed (schema 3): s2 (github.com/klauspost/
// compress, the Snappy-compatible format: a fraction of a microsecond a
// record to decode) with a dictionary of what records often hold, so
// that even a short record compresses (a strike record of 534 bytes to
// about 110, a summary of 160 to about 50). Records of up to 4 KB are
// encoded by store/internal/s2dict (half a microsecond; s2's own encoder
// clears a 64 KB table a call), longer ones by s2; s2 decodes both. Two
// encoders make different bytes of one record, so whether a record
// changed is asked of its payload (sameRecord). A compressed
// record is: its version with the high bit set, the number of the
// dictionary, the s2 block, and the checksum of all of it (codec.go's
// seal). A record written before, or one that would not shrink, is kept
// as it was: its version without the high bit.
//
// The dictionaries ship with strikes (store/dicts, made by go run
// ./store/dicts/gen) and never change once shipped: a record names the
// one it was encoded with, and a new one would get a new number.

// compressedBit marks a compressed record's version byte.
const compressedBit = 0x80

// The dictionaries, by number.
const (
	dictRecords   = 1 // strike records
	dictSummaries = 2 // summary records, in the summaries bucket, linked views and the list
)

//go:embed dicts/records.s2dict
var recordsDict []byte

//go:embed dicts/summaries.s2dict
var summariesDict []byte

// maxDecoded bounds what a record may decode to: a damaged length must
// not make the decoder allocate without bound.
const maxDecoded = 64 << 20

// dicts are the shipped dictionaries' encoders, which hold s2's
// dictionaries for decoding.
var dicts = sync.OnceValue(func() map[byte]*s2dict.Encoder {
	return map[byte]*s2dict.Encoder{dictRecords: s2dict.New(recordsDict), dictSummaries: s2dict.New(summariesDict)}
})

// errDictionary says a record names a dictionary this strikes lacks.
var errDictionary = errors.New("the record was compressed with a dictionary this strikes does not have; upgrade strikes")

// decompress returns the payload of a compressed record's body (the
// dictionary's number, then the s2 block).
func decompress(dst, body []byte) ([]byte, error) {
	if len(body) < 1 {
		return nil, errShort
	}
	var d *s2.Dict
	if e := dicts()[body[0]]; e != nil {
		d = e.Dict()
	}
	if body[0] == dictStore && len(body) >= 5 {
		id := binary.BigEndian.Uint32(body[1:5])
		sd := lookupDict(id)
		if sd == nil {
			return nil, fmt.Errorf("the record was compressed with the dictionary %08x, which the store does not hold (damage: strikes check says more)", id)
		}
		d, body = sd.e.Dict(), body[4:]
	}
	if d == nil {
		return nil, fmt.Errorf("%w (dictionary %d)", errDictionary, body[0])
	}
	n, err := s2.DecodedLen(body[1:])
	if err != nil {
		return nil, fmt.Errorf("the compressed record cannot be read: %w", err)
	}
	if n > maxDecoded {
		return nil, fmt.Errorf("the compressed record claims %d bytes, more than a record holds", n)
	}
	out, err := d.Decode(dst, body[1:])
	if err != nil {
		return nil, fmt.Errorf("the compressed record cannot be read: %w", err)
	}
	return out, nil
}

// DictionarySamples encodes strikes as the store does, uncompressed, and
// returns samples of their strike and summary records for
// MakeDictionary: evenly spaced within each set, the sets taking turns,
// so that the dictionary's window holds some of each. It is for the
// dictionaries' generator (store/dicts/gen).
func DictionarySamples(sets [][]*model.Strike) (records, summaries [][]byte) {
	const per = 200
	for i := range per {
		for _, set := range sets {
			if len(set) == 0 {
				continue
			}
			st := set[i*len(set)/per]
			records = append(records, encodeStrikeRaw(st)[1:])
			sum := model.Summarize(st)
			summaries = append(summaries, encodeSummaryRaw(&sum)[1:])
		}
	}
	return records, summaries
}

// MakeDictionary makes an s2 dictionary from samples, serialised: the
// last 64 KB of them, the samples of every set taking turns.
func MakeDictionary(samples [][]byte) ([]byte, error) {
	var hist []byte
	for _, s := range samples {
		hist = append(hist, s...)
	}
	d := s2.MakeDict(hist, nil)
	if d == nil {
		return nil, fmt.Errorf("%d bytes of samples are too few for a dictionary", len(hist))
	}
	return d.Bytes(), nil
}

// sameRecord says whether two sealed records hold the same version and
// payload: the same bytes, or the same record compressed otherwise (with
// another dictionary, or by the encoder of another release of strikes:
// records written before store/internal/s2dict came from s2's own).
// Whether a record changed, and whether a store's derived records match
// what they are derived from, is asked of the payload, never of how it
// was compressed.
func sameRecord(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if len(a) < 5 || len(b) < 5 || a[0]&^compressedBit != b[0]&^compressedBit {
		return false
	}
	v := a[0] &^ compressedBit
	pa, err := unseal(a, v)
	if err != nil {
		return false
	}
	pb, err := unseal(b, v)
	return err == nil && bytes.Equal(pa, pb)
}
