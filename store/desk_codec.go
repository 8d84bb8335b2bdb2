package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store/ingest"
)

// The desk's records (schema.go, desk.go): a version byte and the JSON
// shape of the export's desk section (store/ingest/desk.go), checksummed
// like every record. The desk is small (what people typed), so its
// records favour being readable and exchangeable over being compact.

const (
	deskRecordVersion   = 1
	changeRecordVersion = 1
)

// deskKey is the key of the entry on a strike or a report.
func deskKey(target string, report bool) []byte {
	k := make([]byte, 0, 2+len(target))
	if report {
		k = append(k, 'r', 0)
	} else {
		k = append(k, 's', 0)
	}
	return append(k, target...)
}

func encodeDeskEntry(e *model.DeskEntry) ([]byte, error) {
	b, err := json.Marshal(ingest.DeskEntryToJSON(e))
	if err != nil {
		return nil, err
	}
	return seal(append([]byte{deskRecordVersion}, b...)), nil
}

func decodeDeskEntry(k, rec []byte) (model.DeskEntry, error) {
	body, err := unseal(rec, deskRecordVersion)
	if err != nil {
		return model.DeskEntry{}, err
	}
	var j ingest.DeskEntryJSON
	if err := json.Unmarshal(body, &j); err != nil {
		return model.DeskEntry{}, fmt.Errorf("the desk record cannot be read: %w", err)
	}
	e, err := ingest.DeskEntryFromJSON(&j, "")
	if err != nil {
		return e, fmt.Errorf("the desk record cannot be read: %w", err)
	}
	if want := deskKey(e.Target, e.Report); string(want) != string(k) {
		return e, fmt.Errorf("the desk record of %s is kept under another key", e.Target)
	}
	return e, nil
}

func changeKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func encodeChange(c *model.Change) ([]byte, error) {
	b, err := json.Marshal(ingest.DeskChangeToJSON(c))
	if err != nil {
		return nil, err
	}
	return seal(append([]byte{changeRecordVersion}, b...)), nil
}

func decodeChange(k, rec []byte) (model.Change, error) {
	body, err := unseal(rec, changeRecordVersion)
	if err != nil {
		return model.Change{}, err
	}
	var j ingest.DeskChangeJSON
	if err := json.Unmarshal(body, &j); err != nil {
		return model.Change{}, fmt.Errorf("the history record cannot be read: %w", err)
	}
	c, err := ingest.DeskChangeFromJSON(&j, "")
	if err != nil {
		return c, fmt.Errorf("the history record cannot be read: %w", err)
	}
	if len(k) == 8 {
		c.Seq = binary.BigEndian.Uint64(k)
	}
	return c, nil
}
