// Package demo is the bundled demo data: real events from Airwars and UCDP
// GED in Ar Raqqah governorate, facts and figures only, with the seed
// strike (Raqqa, 6 December 2015) told by the four sources of the seed
// article beside Airwars' own account. demo.jsonl.gz is made by
// `go run ./store/demo/gen` from shared/data; Path turns it into a store
// file in the user's cache on first use.
package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
)

//go:embed demo.jsonl.gz
var data []byte

// Label is how the dashboard and the CLI name the demo data.
const Label = "demo data"

// Dataset is the dataset record the demo store carries.
const Dataset = "demo"

// JSONL returns the demo data as strikes' JSON Lines.
func JSONL() (io.Reader, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the bundled demo data is damaged: %w", err)
	}
	return zr, nil
}

// Path returns the path of a store holding the demo data, building it in
// the user's cache directory ($XDG_CACHE_HOME/strikes) when it is not
// there yet. The file's name carries the data's hash, so a new version of
// strikes builds a fresh one.
func Path(ctx context.Context) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	// The name changes with the data, the schema, the rules that derive
	// summaries and the linker's, so an upgraded strikes never shows a
	// stale demo.
	h := sha256.New()
	h.Write(data)
	fmt.Fprintf(h, "schema %d; derived %d; links %d", store.SchemaVersion, model.DerivedVersion, store.OverlayVersion)
	path := filepath.Join(dir, "strikes", "demo-"+hex.EncodeToString(h.Sum(nil)[:6])+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("cannot create the cache folder for the demo: %w", err)
	}
	if err := Build(ctx, path); err != nil {
		return "", err
	}
	return path, nil
}

// Build writes the demo data into a new store at path. It builds in a
// temporary file and renames it into place, so two processes building at
// once, or a build that is killed, never leave a half-built demo.
func Build(ctx context.Context, path string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(path), ".demo-build-")
	if err != nil {
		return fmt.Errorf("cannot build the demo store: %w", err)
	}
	defer os.RemoveAll(tmp)
	tmpPath := filepath.Join(tmp, "demo.db")
	st, err := store.Open(tmpPath, store.Options{Create: true})
	if err != nil {
		return fmt.Errorf("cannot build the demo store: %w", err)
	}
	r, err := JSONL()
	if err != nil {
		st.Close()
		return err
	}
	rd, err := ingest.Open(ingest.FormatJSONL, "demo.jsonl", r, ingest.Options{})
	if err != nil {
		st.Close()
		return fmt.Errorf("the bundled demo data cannot be read: %w", err)
	}
	_, err = st.Import(ctx, store.Dataset{Name: Dataset, File: "demo.jsonl.gz", Format: ingest.FormatJSONL}, rd.Next)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot build the demo store: %w", err)
	}
	if err := os.Rename(tmpPath, path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("cannot build the demo store: %w", err)
	}
	return nil
}

// Strikes decodes every demo strike, for tests.
func Strikes() ([]*model.Strike, error) {
	r, err := JSONL()
	if err != nil {
		return nil, err
	}
	rd, err := ingest.Open(ingest.FormatJSONL, "demo.jsonl", r, ingest.Options{})
	if err != nil {
		return nil, err
	}
	var out []*model.Strike
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}
