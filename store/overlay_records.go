package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/strikes-dev/strikes/model"
	bolt "go.etcd.io/bbolt"
)

// The overlay's record codecs: links, linked (views), possible links and
// decisions, each sealed with a version and a checksum (codec.go).

// Record versions of the overlay.
const (
	linkRecordVersion     = 1
	viewRecordVersion     = 1
	possibleRecordVersion = 1
	decisionRecordVersion = 1
)

// linkRec is a links record.
type linkRec struct {
	into, reason string
	score, km    float64
	manual       bool
}

func putFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func encodeLink(l *model.StrikeLink) []byte {
	b := make([]byte, 0, 1+len(l.Into)+len(l.Reason)+2*binary.MaxVarintLen32+8+8+1+4)
	b = append(b, linkRecordVersion)
	b = putStr(b, l.Into)
	b = putStr(b, l.Reason)
	b = putFloat(b, l.Score)
	b = putFloat(b, l.KM)
	var flags byte
	if l.Manual {
		flags = 1
	}
	return seal(append(b, flags))
}

func decodeLink(rec []byte) (linkRec, error) {
	body, err := unseal(rec, linkRecordVersion)
	if err != nil {
		return linkRec{}, err
	}
	r := &reader{b: body}
	l := linkRec{into: r.str(), reason: r.str(), score: r.float(), km: r.float()}
	l.manual = r.byte()&1 != 0
	return l, r.done("link")
}

// done is the error of a reader that should have read its whole record.
func (r *reader) done(what string) error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d bytes follow the last field", len(r.b)))
	}
	if r.err != nil {
		return fmt.Errorf("the %s record cannot be read: %w", what, r.err)
	}
	return nil
}

// linkKey is the links key of a link: From, or From+0x00+Report.
func linkKey(l *model.StrikeLink) []byte {
	if l.Report == "" {
		return []byte(l.From)
	}
	return append(append([]byte(l.From), 0), l.Report...)
}

// linkView is a linked record: the links into a strike and its summary as
// shown (empty when a person moved every report out of it).
type linkView struct {
	incoming []string // links keys
	empty    bool
	summary  []byte // a summary record (summary.go)
}

func encodeView(v *linkView) []byte {
	b := []byte{viewRecordVersion}
	var flags byte
	if v.empty {
		flags = 1
	}
	b = append(b, flags)
	b = putStrs(b, v.incoming)
	b = putUint(b, uint64(len(v.summary)))
	return seal(append(b, v.summary...))
}

func decodeView(rec []byte) (linkView, error) {
	body, err := unseal(rec, viewRecordVersion)
	if err != nil {
		return linkView{}, err
	}
	r := &reader{b: body}
	v := linkView{empty: r.byte()&1 != 0, incoming: r.strs(), summary: r.bytes()}
	return v, r.done("linked")
}

func encodePossible(cs []model.LinkCandidate) []byte {
	return encodePossibleOf(len(cs), func(i int) *model.LinkCandidate { return &cs[i] })
}

// encodePossibleOf encodes the n possible links at(0), ..., at(n-1).
func encodePossibleOf(n int, at func(i int) *model.LinkCandidate) []byte {
	size := 1 + binary.MaxVarintLen32 + 4
	for i := range n {
		c := at(i)
		size += len(c.From) + len(c.To) + len(c.Reason) + 3*binary.MaxVarintLen32 + 8 + 8 + 1
	}
	b := make([]byte, 0, size)
	b = append(b, possibleRecordVersion)
	b = putUint(b, uint64(n))
	for i := range n {
		c := at(i)
		b = putStr(b, c.From)
		b = putStr(b, c.To)
		b = putStr(b, c.Reason)
		b = putFloat(b, c.Score)
		b = putFloat(b, c.KM)
		var flags byte
		if c.Weak {
			flags = 1
		}
		b = append(b, flags)
	}
	return seal(b)
}

func decodePossible(rec []byte) ([]model.LinkCandidate, error) {
	body, err := unseal(rec, possibleRecordVersion)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body}
	n := r.len()
	var out []model.LinkCandidate
	for range n {
		c := model.LinkCandidate{From: r.str(), To: r.str(), Reason: r.str(), Score: r.float(), KM: r.float()}
		c.Weak = r.byte()&1 != 0
		if r.err != nil {
			break
		}
		out = append(out, c)
	}
	return out, r.done("possible")
}

func encodeDecision(d *model.Decision) []byte {
	b := []byte{decisionRecordVersion}
	b = putStr(b, d.Home)
	return seal(putStr(b, d.Into))
}

func decodeDecision(report, rec []byte) (model.Decision, error) {
	body, err := unseal(rec, decisionRecordVersion)
	if err != nil {
		return model.Decision{}, err
	}
	r := &reader{b: body}
	d := model.Decision{Report: string(report), Home: r.str(), Into: r.str()}
	return d, r.done("decision")
}

// possibleCount reads how many possible links a possible record holds.
func possibleCount(rec []byte) (int, error) {
	body, err := unseal(rec, possibleRecordVersion)
	if err != nil {
		return 0, err
	}
	r := &reader{b: body}
	n := r.uint()
	if r.err != nil {
		return 0, r.err
	}
	return int(min(n, 1<<31)), nil
}

// rejectedRecordVersion is the version of a rejection record.
const rejectedRecordVersion = 1

// rejectedKey is the rejected bucket's key of a pair of strikes, the
// lesser ID first.
func rejectedKey(a, b string) []byte {
	if b < a {
		a, b = b, a
	}
	return append(append([]byte(a), 0), b...)
}

// readRejected reads the rejected pairs, the lesser ID first.
func readRejected(tx *bolt.Tx) (map[[2]string]bool, error) {
	set := map[[2]string]bool{}
	b := tx.Bucket(bucketRejected)
	if b == nil {
		return set, nil
	}
	err := b.ForEach(func(k, v []byte) error {
		i := bytes.IndexByte(k, 0)
		if _, err := unseal(v, rejectedRecordVersion); err != nil || i < 0 {
			if err == nil {
				err = fmt.Errorf("the key holds no 0x00")
			}
			return damaged(err, "rejected link %q", k)
		}
		set[[2]string{string(k[:i]), string(k[i+1:])}] = true
		return nil
	})
	return set, err
}
