package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/geo"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/ui/geomap"
	"github.com/strikes-dev/strikes/ui/plain"
)

func (a *app) mapCommand() *cobra.Command {
	var w, h int
	cmd := &cobra.Command{
		Use:   "map [QUERY]",
		Short: "Draw the strikes that match a query on a map, as text",
		Long: `Draw the strikes that match a query on a map of country borders (and
governorate borders, dotted), fitted to where they are. Each cell shows how
many strikes it holds, on a log scale named under the map. A strike located
to a town or closer is a dot (• ● ■ █); one known only to its district or
governorate is a ring (◌ ○ ◎ ◉), not a false point. Strikes without
coordinates are counted in the top line, never dropped silently.

Borders: Natural Earth (public domain), see model/geo/BORDERS.md.`,
		Example: `  strikes map 'city:raqqa'
  strikes map --width 120 --height 40 'date:2017'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if w < 20 || h < 5 || w > 1000 || h > 500 {
				return usagef("--width must be 20 to 1000 and --height 5 to 500 (got %d and %d)", w, h)
			}
			q, err := parseQueryArg(args)
			if err != nil {
				return err
			}
			st, err := a.openRead(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			m, err := strikesMap(cmd.Context(), st, q)
			if err != nil {
				return err
			}
			return m.write(a.out, w, h)
		},
	}
	cmd.Flags().IntVar(&w, "width", 80, "the map's width in cells")
	cmd.Flags().IntVar(&h, "height", 24, "the map's height in cells")
	return cmd
}

// mapData is what the map shows: a point for each strike shown (linked
// strikes once, where the strike they are shown under is) that has
// coordinates, and how many have none.
type mapData struct {
	strikes  int
	pts      []geomap.Point
	noCoords int
}

// strikesMap places the strikes that match q. The list's summaries say
// which strikes are shown and match; their records say where they are.
func strikesMap(ctx context.Context, st *store.Store, q *model.Query) (*mapData, error) {
	sums, _, err := st.Summaries(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for i := range sums {
		if q.Match(&sums[i]) {
			want[sums[i].ID] = true
		}
	}
	m := &mapData{strikes: len(want)}
	err = st.ForEach(ctx, func(s *model.Strike) error {
		if !want[s.ID] {
			return nil
		}
		p := s.Place
		if !p.HasCoords || !geo.Valid(orb.Point{p.Lon, p.Lat}) {
			m.noCoords++
			return nil
		}
		m.pts = append(m.pts, geomap.Point{Lon: p.Lon, Lat: p.Lat, Weight: 1, Precision: geomap.PrecisionOf(p.Precision)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// write draws the map at w × h cells with a line above (what it holds)
// and the legend below.
func (m *mapData) write(out io.Writer, w, h int) error {
	var ext geo.Extent
	for _, p := range m.pts {
		ext.Add(orb.Point{p.Lon, p.Lat})
	}
	head := "map of " + plain.Plural(m.strikes, "strike")
	if m.noCoords > 0 {
		head += " · " + plain.Thousands(m.noCoords) + " without coordinates, not drawn"
	}
	bound, ok := ext.Fit(0.1, 0.5)
	if !ok {
		_, err := fmt.Fprintln(out, head+" · no strike with coordinates to draw")
		return err
	}
	world, err := geo.World()
	if err != nil {
		return fmt.Errorf("cannot read the map's borders: %w", err)
	}
	bins := geomap.Bin(geomap.Fit(bound, w, h), m.pts)
	lines := geomap.Render(geomap.NewBasemap(world), bins, geomap.Options{})
	c := bins.Counts()
	fmt.Fprintln(out, head)
	for _, l := range lines {
		fmt.Fprintln(out, strings.TrimRight(l, " "))
	}
	key := "• located to a town or closer, ◌ known only to a district or governorate; strikes per cell: " +
		geomap.Legend(bins, geomap.DefaultSymbols())
	fmt.Fprintln(out, key)
	_, err = fmt.Fprintf(out, "%s located, %s known only to an area; borders: Natural Earth (public domain)\n",
		plain.Thousands(c.Located), plain.Thousands(c.Area))
	return err
}
