package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"unsafe"

	"github.com/strikes-dev/strikes/model"
)

// Every record is: a version byte, the payload, and a CRC-32 (Castagnoli)
// of the version byte and payload, big-endian. Integers are varints
// (signed ones zig-zag), strings and lists are length-prefixed, enums are
// one byte kept as stored. Empty lists decode as nil.

// Record versions, one per kind of record.
const (
	strikeRecordVersion  = 1
	summaryRecordVersion = 2 // 2: figures by category, every report's places, gradings, statuses
	datasetRecordVersion = 2 // 2 added Held
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errShort is returned when a record ends before its fields do.
var errShort = errors.New("the record ends too early")

// checksumError says a record's stored checksum differs from its contents.
type checksumError struct{ stored, computed uint32 }

func (e *checksumError) Error() string {
	return fmt.Sprintf("record checksum mismatch (stored 0x%08x, computed 0x%08x)", e.stored, e.computed)
}

// seal appends the checksum of b to b.
func seal(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// unseal verifies a record's checksum and version and returns its payload.
func unseal(rec []byte, version byte) ([]byte, error) {
	if len(rec) < 5 {
		return nil, fmt.Errorf("the record is too short (%d bytes)", len(rec))
	}
	body := rec[:len(rec)-4]
	stored := binary.BigEndian.Uint32(rec[len(rec)-4:])
	if computed := crc32.Checksum(body, castagnoli); computed != stored {
		return nil, &checksumError{stored, computed}
	}
	switch body[0] {
	case version:
		return body[1:], nil
	case version | compressedBit:
		return decompress(nil, body[1:])
	}
	return nil, fmt.Errorf("the record has version %d; this strikes reads version %d", body[0]&^compressedBit, version)
}

// unsealInto is unseal decompressing into *buf, which it grows and keeps
// for the next record: for a reader that copies what it keeps of each.
func unsealInto(rec []byte, version byte, buf *[]byte) ([]byte, error) {
	if len(rec) < 5 || rec[0] != version|compressedBit {
		return unseal(rec, version)
	}
	body := rec[:len(rec)-4]
	stored := binary.BigEndian.Uint32(rec[len(rec)-4:])
	if computed := crc32.Checksum(body, castagnoli); computed != stored {
		return nil, &checksumError{stored, computed}
	}
	out, err := decompress((*buf)[:0], body[1:])
	if err == nil && cap(out) > cap(*buf) {
		*buf = out[:0]
	}
	return out, err
}

// Writing.

func putStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func putStrs(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = putStr(b, s)
	}
	return b
}

func putInt(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

func putUint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

func putDate(b []byte, d model.DateSpan) []byte {
	b = putInt(b, int64(d.Start))
	b = putInt(b, int64(d.End))
	return append(b, byte(d.Precision))
}

func putCount(b []byte, c model.Count) []byte {
	b = append(b, byte(c.Kind))
	b = putInt(b, int64(c.Low))
	b = putInt(b, int64(c.Best))
	return putInt(b, int64(c.High))
}

// Place flags.
const (
	placeHasCoords = 1 << iota // Place.HasCoords
	placeLatLon                // Lat and Lon follow
)

func putPlace(b []byte, p *model.Place) []byte {
	for _, s := range [...]string{p.Name, p.NameAR, p.Key, p.Admin1, p.Admin2, p.Country} {
		b = putStr(b, s)
	}
	var flags byte
	if p.HasCoords {
		flags |= placeHasCoords
	}
	if math.Float64bits(p.Lat)|math.Float64bits(p.Lon) != 0 {
		flags |= placeLatLon
	}
	b = append(b, flags, byte(p.Precision))
	if flags&placeLatLon != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lat))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lon))
	}
	return b
}

// encodeStrike returns the record of a strike with all its reports,
// compressed (compress.go).
func encodeStrike(s *model.Strike) []byte {
	return encodeStrikeWith(s, nil)
}

// encodeStrikeRaw is a strike's record before compression and checksum:
// its version, then its fields.
func encodeStrikeRaw(s *model.Strike) []byte {
	return appendStrikeRaw(make([]byte, 0, 256+512*len(s.Reports)), s)
}

// appendStrikeRaw appends encodeStrikeRaw's bytes to b.
func appendStrikeRaw(b []byte, s *model.Strike) []byte {
	b = append(b, strikeRecordVersion)
	b = putStr(b, s.ID)
	b = putDate(b, s.Date)
	b = putPlace(b, &s.Place)
	b = putStr(b, s.Status)
	b = putStr(b, s.Grading)
	b = putStrs(b, s.Codes)
	b = putUint(b, uint64(len(s.Reports)))
	for i := range s.Reports {
		b = putReport(b, &s.Reports[i])
	}
	return b
}

func putReport(b []byte, r *model.Report) []byte {
	b = putStr(b, r.ID)
	b = putStr(b, r.Source)
	b = append(b, byte(r.SourceKind))
	b = putStrs(b, r.Via)
	b = putUint(b, uint64(len(r.Cites)))
	for _, c := range r.Cites {
		for _, s := range [...]string{c.Name, c.Date, c.Language, c.URL, c.Archive} {
			b = putStr(b, s)
		}
	}
	b = putStr(b, r.Originator)
	b = putInt(b, int64(r.Published))
	b = putStrs(b, r.URLs)
	b = putDate(b, r.Date)
	b = putPlace(b, &r.Place)
	b = putStr(b, r.PlaceDetail)
	b = putUint(b, uint64(len(r.Actors)))
	for _, a := range r.Actors {
		b = putStr(b, a.Name)
		b = putStr(b, a.Key)
		b = append(b, byte(a.Certainty), byte(a.Role))
	}
	b = putCount(b, r.Strikes)
	b = putUint(b, uint64(len(r.Claims)))
	for _, c := range r.Claims {
		b = append(b, byte(c.Outcome), byte(c.Category))
		b = putCount(b, c.Count)
	}
	b = putStr(b, r.Assessment)
	b = putStr(b, r.Summary)
	b = putStr(b, r.Dataset)
	b = putUint(b, uint64(len(r.Notes)))
	for _, n := range r.Notes {
		b = putStr(b, n.Key)
		b = putStr(b, n.Value)
	}
	return b
}

// Reading. A reader keeps the first error and returns zero values after
// it, so a decoder reads straight through and checks once at the end.

type reader struct {
	b   []byte
	err error
	// intern, when set, shares the strings of repeated values.
	intern map[string]string
	// borrow makes the strings share the memory of the record read, which
	// must then outlive them: only for values used and dropped within the
	// transaction that read the record (bbolt keeps a value's memory
	// unchanged until the transaction ends).
	borrow bool
	// lean skips the reports' texts that the linker does not read (see
	// decodeForLink): text and texts give "" and nil for them.
	lean bool
	// reportIDs keeps the reports' IDs in a lean read.
	reportIDs bool
	// brief skips what model.Summarize does not read (see
	// decodeForSummary): detail and details give "" and nil.
	brief bool
}

// detail reads a string that neither a lean nor a brief reader keeps.
func (r *reader) detail() string { return r.strIf(!r.lean && !r.brief) }

// details reads a list of strings that neither a lean nor a brief reader
// keeps.
func (r *reader) details() []string { return r.strsIf(!r.lean && !r.brief) }

// unique reads a string that is never shared (an ID): it is not interned.
func (r *reader) unique() string { return string(r.bytes()) }

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail(errShort)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int32() int32 {
	v := r.int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		r.fail(fmt.Errorf("the number %d is out of range", v))
		return 0
	}
	return int32(v)
}

// len reads a list or string length; every element takes at least one
// byte, so a length beyond the bytes left is damage, not a huge list.
func (r *reader) len() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail(errShort)
		return 0
	}
	return int(n)
}

func (r *reader) bytes() []byte {
	n := r.len()
	if r.err != nil {
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) str() string {
	b := r.bytes()
	if len(b) == 0 {
		return ""
	}
	if r.borrow {
		return unsafe.String(&b[0], len(b))
	}
	if r.intern != nil {
		if s, ok := r.intern[string(b)]; ok {
			return s
		}
		s := string(b)
		r.intern[s] = s
		return s
	}
	return string(b)
}

// text reads a string that a lean reader skips.
func (r *reader) text() string { return r.strIf(!r.lean) }

// texts reads a list of strings that a lean reader skips.
func (r *reader) texts() []string { return r.strsIf(!r.lean) }

// strIf reads a string, or skips it ("") unless keep.
func (r *reader) strIf(keep bool) string {
	if keep {
		return r.str()
	}
	r.bytes()
	return ""
}

// strsIf reads a list of strings, or skips it (nil) unless keep.
func (r *reader) strsIf(keep bool) []string {
	if keep {
		return r.strs()
	}
	for n := r.len(); n > 0 && r.err == nil; n-- {
		r.bytes()
	}
	return nil
}

func (r *reader) strs() []string {
	n := r.len()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *reader) float() float64 {
	if len(r.b) < 8 {
		r.fail(errShort)
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *reader) date() model.DateSpan {
	return model.DateSpan{Start: model.Day(r.int32()), End: model.Day(r.int32()), Precision: model.DatePrecision(r.byte())}
}

func (r *reader) count() model.Count {
	return model.Count{Kind: model.CountKind(r.byte()), Low: r.int32(), Best: r.int32(), High: r.int32()}
}

func (r *reader) place(p *model.Place) {
	p.Name, p.NameAR, p.Key = r.str(), r.text(), r.str()
	p.Admin1, p.Admin2, p.Country = r.str(), r.text(), r.text()
	flags := r.byte()
	p.Precision = model.PlacePrecision(r.byte())
	if flags&^(placeHasCoords|placeLatLon) != 0 {
		r.fail(fmt.Errorf("unknown place flags 0x%02x", flags))
	}
	p.HasCoords = flags&placeHasCoords != 0
	if flags&placeLatLon != 0 {
		p.Lat, p.Lon = r.float(), r.float()
	}
}

// decodeStrike reads a strike record. It never panics: damaged bytes give
// an error.
func decodeStrike(rec []byte) (model.Strike, error) {
	return decodeWith(&reader{}, rec)
}

// decodeForLink reads a strike record as far as model.LinkKeyOf and the
// reports' IDs need: the reports' sources, citations, texts, notes (but
// the records they cite: model.CitesNote) and
// places, and the strike's Arabic name, district and country, are left
// empty, and so are the reports' IDs unless reportIDs. intern shares
// repeated strings (datasets, actor and place keys).
func decodeForLink(rec []byte, intern map[string]string, reportIDs bool) (model.Strike, error) {
	return decodeWith(&reader{lean: true, intern: intern, reportIDs: reportIDs}, rec)
}

// decodeForSummary reads a strike record as far as model.Summarize and
// the merging of linked reports (by report ID) need: the reports' texts,
// URLs, place details, actor names, notes other than "type", and
// citations' details, are left empty. intern, when not nil,
// shares repeated strings across the records a caller decodes.
func decodeForSummary(rec []byte, intern map[string]string) (model.Strike, error) {
	return decodeWith(&reader{brief: true, intern: intern}, rec)
}

// decodeDate reads only a strike record's date, decompressing into *buf
// (unsealInto), which it keeps for the next record.
func decodeDate(rec []byte, buf *[]byte) (model.DateSpan, error) {
	body, err := unsealInto(rec, strikeRecordVersion, buf)
	if err != nil {
		return model.DateSpan{}, err
	}
	r := &reader{b: body, borrow: true}
	r.bytes() // ID
	d := r.date()
	if r.err != nil {
		return model.DateSpan{}, fmt.Errorf("the record cannot be read: %w", r.err)
	}
	return d, nil
}

// decodeDatePlace reads only a strike record's date and place, as far as
// a lean read does (decodeForLink).
func decodeDatePlace(rec []byte) (model.DateSpan, model.Place, error) {
	var p model.Place
	body, err := unseal(rec, strikeRecordVersion)
	if err != nil {
		return model.DateSpan{}, p, err
	}
	r := &reader{b: body, lean: true}
	r.bytes() // ID
	d := r.date()
	r.place(&p)
	if r.err != nil {
		return model.DateSpan{}, p, fmt.Errorf("the record cannot be read: %w", r.err)
	}
	return d, p, nil
}

// decodeCodes reads only a strike record's codes.
func decodeCodes(rec []byte) ([]string, error) {
	body, err := unseal(rec, strikeRecordVersion)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body, lean: true}
	var p model.Place
	r.bytes() // ID
	r.date()
	r.place(&p)
	r.text()
	r.text()
	codes := r.strs()
	if r.err != nil {
		return nil, fmt.Errorf("the record cannot be read: %w", r.err)
	}
	return codes, nil
}

func decodeWith(r *reader, rec []byte) (model.Strike, error) {
	var s model.Strike
	body, err := unseal(rec, strikeRecordVersion)
	if err != nil {
		return s, err
	}
	r.b = body
	s.ID = r.unique()
	s.Date = r.date()
	r.place(&s.Place)
	s.Status = r.text()
	s.Grading = r.text()
	s.Codes = r.texts()
	if n := r.len(); n > 0 {
		s.Reports = make([]model.Report, n)
		for i := range s.Reports {
			r.report(&s.Reports[i])
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return model.Strike{}, fmt.Errorf("the record cannot be read: %w", r.err)
	}
	return s, nil
}

func (r *reader) report(p *model.Report) {
	if r.lean && !r.reportIDs {
		r.bytes()
	} else {
		p.ID = r.unique()
	}
	p.Source = r.text()
	p.SourceKind = model.SourceKind(r.byte())
	p.Via = r.texts()
	if n := r.len(); n > 0 {
		if !r.lean {
			p.Cites = make([]model.Citation, n)
		}
		for i := range n {
			var c model.Citation
			c.Name, c.Date, c.Language, c.URL, c.Archive = r.text(), r.detail(), r.detail(), r.detail(), r.detail()
			if !r.lean {
				p.Cites[i] = c
			}
		}
	}
	p.Originator = r.text()
	p.Published = model.Day(r.int32())
	p.URLs = r.details()
	p.Date = r.date()
	r.place(&p.Place)
	p.PlaceDetail = r.detail()
	if n := r.len(); n > 0 {
		p.Actors = make([]model.ActorRef, n)
		for i := range p.Actors {
			a := &p.Actors[i]
			a.Name, a.Key = r.detail(), r.str()
			a.Certainty, a.Role = model.Certainty(r.byte()), model.ActorRole(r.byte())
		}
	}
	p.Strikes = r.count()
	if n := r.len(); n > 0 {
		p.Claims = make([]model.Claim, n)
		for i := range p.Claims {
			c := &p.Claims[i]
			c.Outcome, c.Category = model.Outcome(r.byte()), model.Category(r.byte())
			c.Count = r.count()
		}
	}
	p.Assessment = r.text() // Summarize reads it (Report.MakesClaim)
	p.Summary = r.detail()
	p.Dataset = r.str()
	if n := r.len(); n > 0 {
		if !r.lean {
			p.Notes = make([]model.Note, n)
		}
		for i := range n {
			if r.lean {
				// The linker reads the records a report cites
				// (model.CitesNote), and no other note.
				if k := r.bytes(); string(k) == model.CitesNote {
					p.Notes = append(p.Notes, model.Note{Key: model.CitesNote, Value: string(r.bytes())})
				} else {
					r.bytes()
				}
				continue
			}
			nt := model.Note{Key: r.text()}
			if nt.Key == "type" { // the kind of event, which summaries list
				nt.Value = r.text()
			} else {
				nt.Value = r.detail()
			}
			if !r.lean {
				p.Notes[i] = nt
			}
		}
	}
}
