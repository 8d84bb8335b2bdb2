package store

import (
	"context"

	"github.com/strikes-dev/strikes/model"
)

// Places returns where every stored strike is, as its record says,
// keyed by strike ID: its coordinates and their precision only (the
// names are in the summaries). A strike shown with others under it keeps
// its own place. It reads every record once, for the dashboard's map.
func (f *FileSource) Places(ctx context.Context) (map[string]model.Place, error) {
	s, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	out := map[string]model.Place{}
	err = s.ForEach(ctx, func(st *model.Strike) error {
		p := st.Place
		out[st.ID] = model.Place{HasCoords: p.HasCoords, Lat: p.Lat, Lon: p.Lon, Precision: p.Precision}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
