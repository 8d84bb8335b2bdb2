// Package boltfile knows bbolt's file rather than strikes: the layout of
// its header (meta) pages and page tree, checked before bbolt maps a file
// (bbolt trusts both and faults on a file cut short), the memory-map
// dropper that lets go of pages read through bbolt's map, the lock file
// that keeps one writer at a time, a scratch set of keys on disk, and the
// trim-sync-rename that replaces a file atomically. It is a wall around
// someone else's format, as bbolt keeps its own in internal/common.
//
// Its errors say what is wrong with the file in words a sentence can
// carry ("both of its header pages are unreadable"); the store package
// wraps them into sentences that name the store and what to do.
package boltfile

import (
	"errors"
	"fmt"
	"time"
)

// The kinds of problem with a file; a *FileError wraps one of them.
var (
	// ErrMissing means there is no file at the path.
	ErrMissing = errors.New("no such file")
	// ErrForeign means the file is not a bbolt file (or not a file).
	ErrForeign = errors.New("not a bbolt file")
	// ErrDamaged means the file is a bbolt file that cannot be read safely.
	ErrDamaged = errors.New("the bbolt file is damaged")
	// ErrLockTimeout means TryLock gave up waiting.
	ErrLockTimeout = errors.New("timed out waiting for the lock")
)

// FileError is a problem with a file: its kind (ErrMissing, ErrForeign or
// ErrDamaged) and what was found, as a fragment of a sentence ("the file
// is empty", "both of its header pages are unreadable"); Detail is empty
// when the kind says all. Dir is set for a directory where a file was
// expected.
type FileError struct {
	Kind   error
	Detail string
	Dir    bool
}

func (e *FileError) Error() string {
	if e.Detail == "" {
		return e.Kind.Error()
	}
	return e.Kind.Error() + " (" + e.Detail + ")"
}

// Unwrap returns the kind.
func (e *FileError) Unwrap() error { return e.Kind }

func damaged(format string, args ...any) error {
	return &FileError{Kind: ErrDamaged, Detail: sprintf(format, args...)}
}

// lockPoll is how often TryLock tries the lock again.
const lockPoll = 50 * time.Millisecond

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
