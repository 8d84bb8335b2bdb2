package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// This file is the whole on-disk schema: every bucket, every key layout and
// the schema version each arrived in. Change the layout only here, bump
// SchemaVersion, and teach Open to upgrade older files.
//
// A store is one bbolt file. Its buckets:
//
//	bucket     key                                value                         since
//	meta       "magic"                            storeMagic                    1
//	meta       "schema"                           uint64 big-endian             1
//	meta       "generation"                       uint64 big-endian             1
//	meta       "strikes"                          uint64 big-endian             1
//	meta       "reports"                          uint64 big-endian             1
//	meta       "overlay"                          uint64 big-endian             2
//	meta       "listed"                           uint64 big-endian (0, 1, 2)   3
//	strikes    strike ID                          strike record (codec.go)      1
//	summaries  strike ID                          summary record (summary.go)   1 to 5
//	by_dataset dataset name + 0x00 + strike ID    empty                         1
//	datasets   dataset name                       dataset record (codec.go)     1
//
// meta "listed" is 1 once the list holds every strike shown, 0 while a
// store written before the list lacks it (its first write builds it), and
// 2 only inside the copy an import writes before it builds the list in
// chunks (list.go: buildList); a copy is renamed into place after that.
//
// Schema 6 keeps each strike's own summary once (own_summary.go): in its
// list entry when the list shows the strike as itself, else in the own
// bucket. Schemas 1 to 5 kept every one in the summaries bucket; a schema
// 3 to 5 store's first write builds its list (and own bucket) again from
// that bucket, then deletes it (upgrade).
//
// Schema 3 writes summary records of version 2 (summary.go): the figures
// category by category, every report's places, governorates, countries,
// gradings and statuses, and only the reports that make a claim counted.
// A schema 2 store's summaries (and linked records' summaries) are version
// 1: reads derive the summaries from the records instead (legacySummaries
// in read.go), and the first write derives and rewrites every one of them
// (upgrade), in the same atomic change.
//
// Schema 1 also kept by_date, by_actor, by_place and by_source indexes.
// Nothing read them (the list filters summaries in memory), yet every
// import wrote about ten entries per strike into them and every check
// verified them, so schema 2 dropped them. A schema 1 store is read as it
// is; its first write (every write relinks) deletes those buckets and
// records schema 2, in the same atomic change (upgrade, in this file).
//
// The link overlay (link.go): what the linker made of the records and
// what people decided. A store written before these buckets lacks them:
// reads take a missing one as empty, and the first write that relinks
// (every import, strikes link) creates them; they arrived within schema 1.
//
//	bucket     key                                value                         since
//	links      strike ID                          link record (link.go)         1, overlay
//	links      home ID + 0x00 + report ID         link record (moved by hand)   1, overlay
//	linked     strike ID                          linked record (link.go)       1, overlay
//	possible   strike ID                          possible record (link.go)     1, overlay
//	decisions  report ID                          decision record (link.go)     1, overlay
//	rejected   strike ID + 0x00 + strike ID       rejection record              3, overlay
//	list       day, newest first (4) + strike ID  list record (list.go)         3, derived
//	relink     'c' + dataset + 0x00 + code + 0x00 + ID  empty                   5, derived
//	relink     'w' + first day + last day + ID          empty                   5, derived
//	own        strike ID                          summary record (summary.go)   6, derived
//	dicts      "i" + dictionary ID (4)            a dictionary (compress_store.go)  6
//	dicts      "d" + dataset name                 the dataset's dictionary ID   6
//
// relink indexes what the relink of an import's days (relink_days.go)
// looks up that no other bucket keeps (index.go): the records strikes cite
// (model.CitesNote), by the cited dataset (folded) and code, and the
// strikes that span several days, by their days. Imports keep it as they
// put and delete strikes. A schema 4 store lacks it: its first write
// builds it (upgrade), before it relinks.
//
// links, linked and possible are derived: every relink rewrites them
// from the records, the decisions and the rejections. decisions and
// rejected (the possible links a person said are not one strike, the
// lesser ID first) are the only input.
//
// The analyst's desk (desk.go): what people record beside the records
// and the overlay (assessments, notes, tags, bookmarks, report flags) and
// its append-only history. Imports, relinks and link --rebuild never
// write them. A store of schema 3 or older lacks them: reads take a
// missing one as empty, and the first write of any kind creates them
// (upgrade).
//
//	bucket       key                                value                         since
//	desk         "s"|"r" + 0x00 + strike/report ID  desk entry (desk_codec.go)    4
//	desk_history sequence, uint64 big-endian        desk change (desk_codec.go)   4
//
// A desk entry is keyed by the ID the person acted on, never by the
// strike it is shown under: reads resolve it through the overlay, so it
// follows its strike when the strike is linked under another.

// Strike IDs may not contain a 0x00 byte, so a by_dataset key splits at
// its last 0x00.

// SchemaVersion is the version of the layout this package writes. A file
// with a larger version is refused with ErrNewerSchema.
const SchemaVersion = 6

// storeMagic marks a bbolt file as a strikes store.
const storeMagic = "strikes store"

// Bucket names.
var (
	bucketMeta      = []byte("meta")       // since 1
	bucketStrikes   = []byte("strikes")    // since 1
	bucketSummaries = []byte("summaries")  // 1 to 5
	bucketByDataset = []byte("by_dataset") // since 1
	bucketDatasets  = []byte("datasets")   // since 1
	bucketLinks     = []byte("links")      // since 1, overlay
	bucketLinked    = []byte("linked")     // since 1, overlay
	bucketPossible  = []byte("possible")   // since 1, overlay
	bucketDecisions = []byte("decisions")  // since 1, overlay
	bucketRejected  = []byte("rejected")   // since 3, overlay
	bucketList      = []byte("list")       // since 3, derived
	bucketRelink    = []byte("relink")     // since 5, derived
	bucketOwn       = []byte("own")        // since 6, derived
	bucketDicts     = []byte("dicts")      // since 6
)

// The desk's buckets (desk.go), since 4.
var (
	bucketDesk        = []byte("desk")
	bucketDeskHistory = []byte("desk_history")
)

// allBuckets lists every bucket a store of SchemaVersion has; the
// overlay's buckets may be missing.
var allBuckets = [][]byte{
	bucketMeta, bucketStrikes,
	bucketByDataset, bucketDatasets,
}

// droppedBuckets are schema 1's indexes that schema 2 no longer keeps.
var droppedBuckets = [][]byte{[]byte("by_date"), []byte("by_actor"), []byte("by_place"), []byte("by_source")}

// upgrade brings a store written by an older schema to SchemaVersion,
// inside a write transaction that changes the store anyway (every write
// relinks, and every relink calls it first, before it reads a summary).
func upgrade(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	v, ok := getUint64(meta.Get(metaSchema))
	if ok && v >= SchemaVersion {
		return nil
	}
	for _, name := range droppedBuckets {
		if tx.Bucket(name) == nil {
			continue
		}
		if err := tx.DeleteBucket(name); err != nil {
			return fmt.Errorf("upgrading the store to schema %d: %w", SchemaVersion, err)
		}
	}
	if v < 6 {
		if err := dropSummaries(tx, v); err != nil {
			return fmt.Errorf("upgrading the store to schema %d: %w", SchemaVersion, err)
		}
	}
	if v < 4 {
		for _, name := range [][]byte{bucketDesk, bucketDeskHistory} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("upgrading the store to schema %d: %w", SchemaVersion, err)
			}
		}
	}
	if v < 5 {
		if err := buildRelinkIndex(tx); err != nil {
			return fmt.Errorf("upgrading the store to schema %d: %w", SchemaVersion, err)
		}
	}
	return meta.Put(metaSchema, putUint64(SchemaVersion))
}

// dropSummaries deletes the summaries bucket of a store of schema v
// before 6, whose records the list's own entries now hold (own_summary.go).
// A store of schema 3 to 5 has its list built again first, its entries
// made from the summaries bucket while it is there; an older one's
// summaries are of an older rule, and its list is built by the relink
// that called upgrade, once it has written the overlay (relink, list.go).
func dropSummaries(tx *bolt.Tx, v uint64) error {
	meta := tx.Bucket(bucketMeta)
	if v >= 3 {
		if err := rebuildList(tx); err != nil {
			return err
		}
		if err := meta.Put(metaListed, putUint64(listComplete)); err != nil {
			return err
		}
	} else {
		if tx.Bucket(bucketList) != nil {
			if err := tx.DeleteBucket(bucketList); err != nil {
				return err
			}
		}
		if err := meta.Put(metaListed, putUint64(listIncomplete)); err != nil {
			return err
		}
	}
	if tx.Bucket(bucketSummaries) == nil {
		return nil
	}
	return tx.DeleteBucket(bucketSummaries)
}

// schemaOf is the schema version of the store tx reads.
func schemaOf(tx *bolt.Tx) uint64 {
	v, _ := getUint64(tx.Bucket(bucketMeta).Get(metaSchema))
	return v
}

// Keys of the meta bucket.
var (
	metaMagic      = []byte("magic")      // since 1
	metaSchema     = []byte("schema")     // since 1
	metaGeneration = []byte("generation") // since 1
	metaStrikes    = []byte("strikes")    // since 1
	metaReports    = []byte("reports")    // since 1
	metaOverlay    = []byte("overlay")    // since 2: the OverlayVersion of the last relink
	metaListed     = []byte("listed")     // since 3: 1 once the list (list.go) holds every strike shown
)

// datasetKey joins a dataset name and a strike ID into a key of the
// by_dataset index.
func datasetKey(name []byte, id string) []byte {
	return datasetKeyIn(name, id, nil)
}

// datasetKeyIn is datasetKey, taken from the arena out (nil: made on its
// own).
func datasetKeyIn(name []byte, id string, out *byteArena) []byte {
	k := out.take(len(name) + 1 + len(id))
	k = append(k, name...)
	k = append(k, 0)
	return append(k, id...)
}

// splitDatasetKey splits a key of the by_dataset index into its dataset
// name and strike ID.
func splitDatasetKey(k []byte) (name []byte, id string, ok bool) {
	i := bytes.LastIndexByte(k, 0)
	if i < 0 || i == len(k)-1 {
		return nil, "", false
	}
	return k[:i], string(k[i+1:]), true
}

// datasetPrefix is the key prefix of every by_dataset entry of a dataset.
func datasetPrefix(name string) []byte {
	return append([]byte(name), 0)
}

// createStore makes an empty store at path, atomically: the buckets of
// allBuckets and the meta keys, at SchemaVersion.
func createStore(path string) error {
	tmp := path + ".tmp-create"
	os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return ioErr("create", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaMagic, []byte(storeMagic)); err != nil {
			return err
		}
		for _, k := range [][]byte{metaGeneration, metaStrikes, metaReports} {
			if err := meta.Put(k, putUint64(0)); err != nil {
				return err
			}
		}
		for _, name := range [][]byte{bucketList, bucketRelink, bucketOwn} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		for _, name := range [][]byte{bucketDesk, bucketDeskHistory} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		if err := meta.Put(metaListed, putUint64(1)); err != nil { // empty, and complete
			return err
		}
		return meta.Put(metaSchema, putUint64(SchemaVersion))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = boltfile.SyncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return ioErr("create", path, err)
	}
	return nil
}

func putUint64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getUint64(b []byte) (uint64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}
