package ui

import (
	"context"

	"github.com/strikes-dev/strikes/model"
)

// Source is what the dashboard reads strikes through. The store
// implements it; tests feed the dashboard an in-memory fake. An
// implementation must not hold the store open between calls, so that an
// import in another terminal is never blocked by an idle dashboard.
type Source interface {
	// Summaries returns a summary of every strike, with the generation of
	// the data they were read at.
	Summaries(ctx context.Context) ([]model.Summary, uint64, error)
	// Strike returns one strike with all its reports.
	Strike(ctx context.Context, id string) (model.Strike, error)
	// Generation returns a number that changes whenever the data changes.
	// It is cheap enough to call every second or two.
	Generation(ctx context.Context) (uint64, error)
	// Label names the data for the status line: "demo data" or a path.
	Label() string
}

// Streamer is what a Source that can hand over its summaries as it reads
// them also does (the store's FileSource does): in the list's order,
// newest first, so that the first screen shows as soon as the first of
// them are read and the rest loads while the person already scrolls.
// read gets the summaries read since its last call, which are its only
// until it returns (the streamer may decode the next into the same
// slice; the dashboard keeps them in its own columns), and about how many
// there are in all; an error it returns stops the stream.
type Streamer interface {
	StreamSummaries(ctx context.Context, read func(chunk []model.Summary, total int) error) (gen uint64, err error)
}

// Linker is what a Source that people may overrule the linker through
// also does (the store's FileSource does). Unlink keeps the strike a
// report was imported with apart from every other strike; LinkStrike
// shows every report of the strike from under the strike into (a
// possible link made by hand); RejectPossible keeps the possible link
// between two strikes from being offered again. Each change shows as a
// new generation.
type Linker interface {
	Unlink(ctx context.Context, reportID string) error
	LinkStrike(ctx context.Context, from, into string) error
	RejectPossible(ctx context.Context, a, b string) error
}

// Locator is what a Source that knows where its strikes are also does
// (the store's FileSource does): the coordinates and their precision of
// every strike, by ID, read once for the map. A summary carries no
// coordinates.
type Locator interface {
	Places(ctx context.Context) (map[string]model.Place, error)
}

// Exporter is what a Source that can write what a query matches to a
// file also does (the command line's source does): JSON Lines, as
// strikes export writes them, to path, which must not exist; it returns
// how many strikes it wrote.
type Exporter interface {
	Export(ctx context.Context, query, path string) (int, error)
}

// Desk is what a Source that keeps the analyst's desk also does (the
// store's FileSource does): DeskOf reads the entries shown with a strike
// (its own first) and their history, oldest first; ChangeDesk makes one
// change to the entry on the strike id, recorded under who. Each change
// shows as a new generation.
type Desk interface {
	DeskOf(ctx context.Context, id string) ([]model.DeskEntry, []model.Change, error)
	ChangeDesk(ctx context.Context, who, id, what string, change func(e *model.DeskEntry) error) error
}
