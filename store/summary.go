package store

import (
	"fmt"

	"github.com/strikes-dev/strikes/model"
)

// A summary record holds a model.Summary without its ID (the key is the
// ID), so that the dashboard can load every summary without decoding any
// report. The fields are in a fixed order, all of them short; a later
// schema could keep the same fields column by column.

// encodeSummary returns the summary record of a summary (version 2: the
// figures category by category, every report's places, gradings and
// statuses, the reports that make no claim).
func encodeSummary(s *model.Summary) []byte {
	return encodeSummaryIn(s, nil)
}

// encodeSummaryIn is encodeSummary, the record taken from the arena out
// (nil: made on its own).
func encodeSummaryIn(s *model.Summary, out *byteArena) []byte {
	sc := encodeScratches.Get().(*encodeScratch)
	defer encodeScratches.Put(sc)
	sc.raw = appendSummaryRaw(sc.raw[:0], s)
	return sc.pack(dictSummaries, nil, out)
}

// encodeSummaryRaw is a summary's record before compression and
// checksum: its version, then its fields.
func encodeSummaryRaw(s *model.Summary) []byte {
	return appendSummaryRaw(make([]byte, 0, 192), s)
}

// appendSummaryRaw appends encodeSummaryRaw's bytes to b.
func appendSummaryRaw(b []byte, s *model.Summary) []byte {
	b = append(b, summaryRecordVersion)
	b = putDate(b, s.Date)
	for _, v := range [...]string{s.Place, s.PlaceAR, s.PlaceKey, s.Admin1, s.Country} {
		b = putStr(b, v)
	}
	b = putStrs(b, s.Actors)
	var flags byte
	if s.Contested {
		flags |= 1
	}
	b = append(b, flags)
	b = putUint(b, uint64(s.Reports))
	b = putUint(b, uint64(s.Silent))
	for _, l := range [...][]string{s.Sources, s.Datasets, s.Types, s.Codes, s.Places, s.Admin1s, s.Countries, s.Gradings, s.Statuses} {
		b = putStrs(b, l)
	}
	b = putFigures(b, &s.Killed)
	return putFigures(b, &s.Injured)
}

// summaryDecoder decodes many summary records, sharing repeated strings
// and carving the summaries' lists out of large shared arrays, so loading
// a million summaries makes few allocations.
type summaryDecoder struct {
	intern map[string]string
	arena  []string
	// borrow shares the records' memory instead of copying strings (see
	// reader.borrow): for summaries dropped within the transaction.
	borrow bool
	// buf is where records are decompressed when they are not borrowed.
	buf []byte
}

func newSummaryDecoder() *summaryDecoder {
	return &summaryDecoder{intern: make(map[string]string, 4096)}
}

// strs reads a list into the arena.
func (d *summaryDecoder) strs(r *reader) []string {
	n := r.len()
	if n == 0 {
		return nil
	}
	if len(d.arena)+n > cap(d.arena) {
		d.arena = make([]string, 0, max(4096, n))
	}
	start := len(d.arena)
	for range n {
		d.arena = append(d.arena, r.str())
	}
	return d.arena[start:len(d.arena):len(d.arena)]
}

// decode reads the summary record rec of the strike id. The id is copied;
// rec may be memory of a transaction.
func (d *summaryDecoder) decode(id []byte, rec []byte) (model.Summary, error) {
	return d.decodeAs(string(id), rec)
}

// decodeAs is decode of a summary whose ID is already a string.
func (d *summaryDecoder) decodeAs(id string, rec []byte) (model.Summary, error) {
	var s model.Summary
	var body []byte
	var err error
	if d.borrow {
		body, err = unseal(rec, summaryRecordVersion)
	} else {
		// Every string is copied (or interned): one buffer serves.
		body, err = unsealInto(rec, summaryRecordVersion, &d.buf)
	}
	if err != nil {
		return s, err
	}
	r := &reader{b: body, intern: d.intern, borrow: d.borrow}
	s.ID = id
	s.Date = r.date()
	s.Place, s.PlaceAR, s.PlaceKey, s.Admin1, s.Country = r.str(), r.str(), r.str(), r.str(), r.str()
	s.Actors = d.strs(r)
	flags := r.byte()
	s.Contested = flags&1 != 0
	s.Reports, s.Silent = r.count32(), r.count32()
	for _, l := range [...]*[]string{&s.Sources, &s.Datasets, &s.Types, &s.Codes, &s.Places, &s.Admin1s, &s.Countries, &s.Gradings, &s.Statuses} {
		*l = d.strs(r)
	}
	s.Killed, s.Injured = r.figures(), r.figures()
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return model.Summary{}, fmt.Errorf("the summary record cannot be read: %w", r.err)
	}
	return s, nil
}

// Span flags.
const (
	spanReported = 1 << iota
	spanOpen
)

// putFigures writes a strike's figures for an outcome: a byte with a bit
// for each category reported, then each reported category's span.
func putFigures(b []byte, f *model.Figures) []byte {
	var reported byte
	for c := range f {
		if f[c].Reported {
			reported |= 1 << c
		}
	}
	b = append(b, reported)
	for c := range f {
		if f[c].Reported {
			b = putSpan(b, f[c])
		}
	}
	return b
}

func (r *reader) figures() model.Figures {
	var f model.Figures
	reported := r.byte()
	for c := range f {
		if reported&(1<<c) != 0 {
			f[c] = r.span()
		}
	}
	return f
}

// count32 reads a count that must fit an int32.
func (r *reader) count32() int {
	n := r.uint()
	if n > 1<<31 {
		r.fail(fmt.Errorf("the count %d is out of range", n))
		return 0
	}
	return int(n)
}

func putSpan(b []byte, s model.Span) []byte {
	var flags byte
	if s.Reported {
		flags |= spanReported
	}
	if s.Open {
		flags |= spanOpen
	}
	b = append(b, flags)
	b = putInt(b, int64(s.Low))
	return putInt(b, int64(s.High))
}

func (r *reader) span() model.Span {
	flags := r.byte()
	return model.Span{Reported: flags&spanReported != 0, Open: flags&spanOpen != 0, Low: r.int32(), High: r.int32()}
}
