package store

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/strikes-dev/strikes/store/internal/boltfile"
)

// The errors a store returns wrap one of these; test with errors.Is.
var (
	// ErrInUse means another strikes process holds the store.
	ErrInUse = errors.New("the store is in use by another strikes process")
	// ErrNoStore means there is no store file at the path.
	ErrNoStore = errors.New("no store")
	// ErrNotAStore means the file is not a strikes store.
	ErrNotAStore = errors.New("not a strikes store")
	// ErrNewerSchema means a newer strikes wrote the store.
	ErrNewerSchema = errors.New("the store was written by a newer strikes")
	// ErrCorrupt means the store is damaged.
	ErrCorrupt = errors.New("the store is damaged")
	// ErrNotFound means a strike or dataset is not in the store.
	ErrNotFound = errors.New("not found")
)

// storeError is an error whose message is a whole sentence and which
// wraps a sentinel (kind) and the underlying cause, if any.
type storeError struct {
	msg   string
	kind  error
	cause error
}

func (e *storeError) Error() string   { return e.msg }
func (e *storeError) Unwrap() []error { return []error{e.kind, e.cause} }

func storeErr(kind, cause error, format string, args ...any) error {
	return &storeError{msg: fmt.Sprintf(format, args...), kind: kind, cause: cause}
}

// damaged is the error of a damaged part of a store: what (a strike, the
// links of a strike, ...) and why, as "WHAT: WHY; run strikes check".
func damaged(cause error, format string, args ...any) error {
	return storeErr(ErrCorrupt, cause, "%s: %v; run strikes check", fmt.Sprintf(format, args...), cause)
}

// damagedRecord is damaged for the stored record of a strike, which an
// import was about to change.
func damagedRecord(cause error, id []byte) error {
	return storeErr(ErrCorrupt, cause, "the stored record of strike %s is damaged (%v); run strikes check", id, cause)
}

// damagedStore is the error of a store file that cannot be read as a
// whole: "the store PATH is damaged (DETAIL); run strikes check".
func damagedStore(path string, cause error, format string, args ...any) error {
	return storeErr(ErrCorrupt, cause, "the store %s is damaged (%s); run strikes check", path, fmt.Sprintf(format, args...))
}

// ioErr explains a failed file operation on the store at path.
func ioErr(what, path string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return fmt.Errorf("cannot %s the store %s: %w", what, path, err)
	}
	return fmt.Errorf("cannot %s the store %s: %v: %w", what, path, pe.Err, err)
}

func inUse(path string, writing bool) error {
	if writing {
		return storeErr(ErrInUse, nil, "the store %s is in use by another strikes process (to wait for it, pass --wait)", path)
	}
	return storeErr(ErrInUse, nil, "the store %s is in use by another strikes process", path)
}

// fileErr turns an error of boltfile about the store file at path into a
// sentence wrapping ErrNoStore, ErrNotAStore or ErrCorrupt; other errors
// are failures to read it.
func fileErr(path string, err error) error {
	var fe *boltfile.FileError
	if !errors.As(err, &fe) {
		return ioErr("read", path, err)
	}
	switch {
	case fe.Kind == boltfile.ErrMissing:
		return storeErr(ErrNoStore, err, "no store at %s; import data first: strikes import FILE", path)
	case fe.Dir:
		return storeErr(ErrNotAStore, err, "%s is a directory, not a strikes store", path)
	case fe.Kind == boltfile.ErrForeign && fe.Detail == "":
		return storeErr(ErrNotAStore, err, "%s is not a strikes store", path)
	case fe.Kind == boltfile.ErrForeign:
		return storeErr(ErrNotAStore, err, "%s is not a strikes store (%s)", path, fe.Detail)
	}
	return damagedStore(path, err, "%s", fe.Detail)
}

// checkFile verifies that path is a bbolt file whose pages are all there
// (boltfile.ReadHeader). It returns ErrNoStore, ErrNotAStore or
// ErrCorrupt, wrapped in a sentence naming path, or nil.
func checkFile(path string) error {
	if _, err := boltfile.ReadHeader(path); err != nil {
		return fileErr(path, err)
	}
	return nil
}
