package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"

	"github.com/klauspost/compress/s2"
	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/internal/s2dict"
)

// A dataset's own dictionary (schema 6). The shipped dictionaries hold
// what the datasets strikes was made with say often; a publisher's file
// says other things often (its sources, its places, its own words), which
// they miss. The first import of a dataset into a store that holds none
// of it trains a dictionary on its first records (s2.MakeDict over them)
// and keeps it, in the dicts bucket, when it compresses them by a sixth
// or more better than the shipped one; every later import of the dataset
// uses it, so that a record imported again is the same bytes (and counted
// unchanged). On the million synthetic UCDP rows a strike record takes
// about 109 bytes with it, 187 with the shipped one.
//
// A record compressed with one names it by the dictionary number
// dictStore and a 4-byte ID, the CRC-32C of the dictionary: a dictionary
// is found by its content, so that a store's records need no lookup
// through the store that holds them. Opening a store registers its
// dictionaries (openBolt).

// dictStore is the dictionary number of a record compressed with a
// dictionary of the store's own; its ID follows.
const dictStore = 0xff

// storeDict is a dictionary of a store's own.
type storeDict struct {
	id  uint32
	raw []byte
	e   *s2dict.Encoder
}

// storeDicts holds every dictionary of the stores this process opened,
// by ID.
var storeDicts sync.Map // uint32 -> *storeDict

// registerDict makes raw a dictionary the process knows.
func registerDict(raw []byte) (*storeDict, error) {
	id := crc32.Checksum(raw, castagnoli)
	if v, ok := storeDicts.Load(id); ok {
		sd := v.(*storeDict)
		if !bytes.Equal(sd.raw, raw) {
			return nil, fmt.Errorf("two dictionaries of stores share the ID %08x", id)
		}
		return sd, nil
	}
	raw = bytes.Clone(raw)
	e := s2dict.New(raw)
	if e == nil {
		return nil, fmt.Errorf("the store's dictionary %08x cannot be read", id)
	}
	sd := &storeDict{id: id, raw: raw, e: e}
	v, _ := storeDicts.LoadOrStore(id, sd)
	return v.(*storeDict), nil
}

// lookupDict is the dictionary of the given ID, nil when the process
// knows none.
func lookupDict(id uint32) *storeDict {
	if v, ok := storeDicts.Load(id); ok {
		return v.(*storeDict)
	}
	return nil
}

// encodeScratch is the memory a strike's record is encoded and
// compressed in before it is copied out at its size: an import encodes a
// million, and the two buffers of each were most of what it allocated.
type encodeScratch struct {
	raw, enc []byte
	hd       [6]byte // the compressed record's header
}

var encodeScratches = sync.Pool{New: func() any { return new(encodeScratch) }}

// encodeStrikeWith is encodeStrike with the dataset's own dictionary sd
// (nil: the shipped one).
func encodeStrikeWith(s *model.Strike, sd *storeDict) []byte {
	return encodeStrikeIn(s, sd, nil)
}

// encodeStrikeIn is encodeStrikeWith, the record taken from the arena
// out (nil: made on its own).
func encodeStrikeIn(s *model.Strike, sd *storeDict, out *byteArena) []byte {
	sc := encodeScratches.Get().(*encodeScratch)
	defer encodeScratches.Put(sc)
	sc.raw = appendStrikeRaw(sc.raw[:0], s)
	return sc.pack(dictRecords, sd, out)
}

// pack compresses the unsealed record in sc.raw with the shipped
// dictionary dict, or with sd when it is not nil, when that makes it
// shorter (else it is kept as it is), and seals it, copied out at its
// size into a slice of the arena out (nil: made on its own).
func (sc *encodeScratch) pack(dict byte, sd *storeDict, out *byteArena) []byte {
	raw := sc.raw
	var header, enc []byte
	if d := dicts()[dict]; d != nil && len(raw) >= 2 {
		hd := append(sc.hd[:0], raw[0]|compressedBit, dict)
		if sd != nil {
			d, hd = sd.e, binary.BigEndian.AppendUint32(append(sc.hd[:0], raw[0]|compressedBit, dictStore), sd.id)
		}
		// Encode writes from dst's start when it has room, else allocates.
		enc = d.Encode(sc.enc[:cap(sc.enc)], raw[1:])
		if cap(enc) > cap(sc.enc) {
			sc.enc = enc[:0]
		}
		if len(hd)+len(enc) < len(raw) {
			header = hd
		}
	}
	if header == nil {
		return seal(append(out.take(len(raw)+4), raw...))
	}
	return seal(append(append(out.take(len(header)+len(enc)+4), header...), enc...))
}

// Training a dataset's dictionary.
const (
	// trainBytes is how many bytes of records, uncompressed, a dictionary
	// is trained on at least: a smaller import keeps the shipped one (a
	// dictionary is up to 64 KB, more than a small import's records).
	trainBytes = 256 << 10
	// trainGain is how much smaller the sample records must come out
	// with a dictionary of their own to keep it: 5/6 of the shipped
	// one's sizes or less.
	trainGainNum, trainGainDen = 5, 6
)

// trainDict makes a dictionary from the records of strikes (the first an
// import reads), or nil when they are too few or it does not pay. The
// dictionary is the last 64 KB of the records (s2.MakeDict); it is judged
// on the records before those, which it was not made of.
func trainDict(strikes []*model.Strike) []byte {
	var hist []byte
	var samples [][]byte
	for _, st := range strikes {
		raw := encodeStrikeRaw(st)[1:]
		samples = append(samples, raw)
		hist = append(hist, raw...)
	}
	if len(hist) < trainBytes {
		return nil
	}
	d := s2.MakeDict(hist, nil)
	if d == nil {
		return nil
	}
	var window, own, shipped int
	for i := len(samples) - 1; i >= 0 && window < s2.MaxDictSize; i-- {
		window += len(samples[i])
		samples = samples[:i]
	}
	ship, mine := dicts()[dictRecords], s2dict.New(d.Bytes())
	if mine == nil {
		return nil
	}
	for _, s := range samples {
		own += len(mine.Encode(nil, s))
		shipped += len(ship.Encode(nil, s))
	}
	if own*trainGainDen > shipped*trainGainNum {
		return nil
	}
	return d.Bytes()
}

// The dicts bucket (schema.go): "i" + ID -> the dictionary; "d" + dataset
// name -> the ID of the dataset's.
func dictKey(id uint32) []byte { return binary.BigEndian.AppendUint32([]byte("i"), id) }

func datasetDictKey(name string) []byte { return append([]byte("d"), name...) }

// loadDicts registers every dictionary of the store tx reads.
func loadDicts(tx *bolt.Tx) error {
	b := tx.Bucket(bucketDicts)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek([]byte("i")); k != nil && k[0] == 'i'; k, v = c.Next() {
		if _, err := registerDict(v); err != nil {
			return err
		}
	}
	return nil
}

// datasetDict is the dictionary of the dataset name in the store tx
// reads; known says whether the store holds strikes of the dataset
// already (then an import without a dictionary keeps to the shipped one).
func datasetDict(tx *bolt.Tx, name string) (sd *storeDict, known bool, err error) {
	if b := tx.Bucket(bucketDicts); b != nil {
		if v := b.Get(datasetDictKey(name)); len(v) == 4 {
			id := binary.BigEndian.Uint32(v)
			if sd = lookupDict(id); sd == nil {
				return nil, true, fmt.Errorf("the dictionary %08x of the dataset %s is missing from the store; run strikes check", id, name)
			}
			return sd, true, nil
		}
	}
	k, _ := tx.Bucket(bucketByDataset).Cursor().Seek(datasetPrefix(name))
	return nil, bytes.HasPrefix(k, datasetPrefix(name)), nil
}

// putDatasetDict keeps sd as the dataset name's dictionary.
func putDatasetDict(tx *bolt.Tx, name string, sd *storeDict) error {
	b, err := tx.CreateBucketIfNotExists(bucketDicts)
	if err != nil {
		return err
	}
	if err := b.Put(dictKey(sd.id), sd.raw); err != nil {
		return err
	}
	return b.Put(datasetDictKey(name), binary.BigEndian.AppendUint32(nil, sd.id))
}
