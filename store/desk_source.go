package store

import (
	"context"

	"github.com/strikes-dev/strikes/model"
)

// DeskOf returns the desk entries shown with strike id (Desk) and their
// history (History), for the dashboard.
func (f *FileSource) DeskOf(ctx context.Context, id string) ([]model.DeskEntry, []model.Change, error) {
	s, err := f.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	es, err := s.Desk(id)
	if err != nil {
		return nil, nil, err
	}
	h, err := s.History(id)
	return es, h, err
}

// ChangeDesk makes one change to the desk entry on strike id, recorded
// under who, opening the store for writing for the one change as Unlink
// does.
func (f *FileSource) ChangeDesk(ctx context.Context, who, id, what string, change func(e *model.DeskEntry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s, err := Open(f.path, Options{Timeout: f.timeout})
	if err != nil {
		return err
	}
	defer s.Close()
	_, _, err = s.UpdateDesk(ctx, DeskWrite{Ref: DeskRef{ID: id}, Who: who, What: what, Change: change})
	return err
}
