package store

import (
	"context"
	"time"

	"github.com/strikes-dev/strikes/model"
)

// sourceTimeout is how long the dashboard waits for a store that an
// in-place import holds.
const sourceTimeout = 500 * time.Millisecond

// FileSource is the dashboard's view of a store file (it implements
// ui.Source). Every call opens the store read-only and closes it before
// returning, so an idle dashboard never holds the store.
type FileSource struct {
	path    string
	timeout time.Duration
}

// NewFileSource returns a source reading the store at path.
func NewFileSource(path string) *FileSource {
	return &FileSource{path: path, timeout: sourceTimeout}
}

// open opens the store read-only for one call.
func (f *FileSource) open(ctx context.Context) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Open(f.path, Options{ReadOnly: true, Timeout: f.timeout})
}

// Summaries returns a summary of every strike shown, in the list's order,
// with the generation they were read at.
func (f *FileSource) Summaries(ctx context.Context) ([]model.Summary, uint64, error) {
	s, err := f.open(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	return s.Summaries(ctx)
}

// The dashboard is handed the summaries read after the first firstChunk
// (a screenful and some) and then every streamChunk more.
const (
	firstChunk  = 200
	streamChunk = 8192
)

// StreamSummaries hands over the summary of every strike shown, in the
// list's order (newest first), as Store.StreamSummaries: each time those
// read since the last call, in a slice that is read's only until it
// returns. total is the number of strikes stored,
// about how many there are to show. It holds the store open (read-only)
// until the last of them.
func (f *FileSource) StreamSummaries(ctx context.Context, read func(chunk []model.Summary, total int) error) (uint64, error) {
	s, err := f.open(ctx)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.StreamSummaries(ctx, firstChunk, streamChunk, read)
}

// Strike returns one strike with all its reports.
func (f *FileSource) Strike(ctx context.Context, id string) (model.Strike, error) {
	s, err := f.open(ctx)
	if err != nil {
		return model.Strike{}, err
	}
	defer s.Close()
	return s.Strike(id)
}

// Generation returns the store's generation, which changes whenever its
// data does.
func (f *FileSource) Generation(ctx context.Context) (uint64, error) {
	s, err := f.open(ctx)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.Generation()
}

// Label returns the store's path.
func (f *FileSource) Label() string { return f.path }

// Unlink keeps the strike a report was imported with apart from every
// other strike (strikes unlink REPORT): it opens the store for writing
// for the one change, waiting as long as a reader would.
func (f *FileSource) Unlink(ctx context.Context, reportID string) error {
	return f.write(ctx, func(s *Store) (LinkStats, error) { return s.Unlink(ctx, reportID) })
}

// LinkStrike shows every report of the strike from under the strike into
// (a possible link made by hand), as Unlink opens the store.
func (f *FileSource) LinkStrike(ctx context.Context, from, into string) error {
	return f.write(ctx, func(s *Store) (LinkStats, error) { return s.LinkStrike(ctx, from, into) })
}

// RejectPossible keeps the possible link between two strikes from being
// offered again, in a write of its own.
func (f *FileSource) RejectPossible(ctx context.Context, a, b string) error {
	return f.write(ctx, func(s *Store) (LinkStats, error) { return s.RejectPossible(ctx, a, b) })
}

// write opens the store for one change, waiting as long as a reader would.
func (f *FileSource) write(ctx context.Context, change func(*Store) (LinkStats, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s, err := Open(f.path, Options{Timeout: f.timeout})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = change(s)
	return err
}
