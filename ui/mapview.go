package ui

import (
	"slices"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/paulmach/orb"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/model/geo"
	"github.com/strikes-dev/strikes/ui/geomap"
	"github.com/strikes-dev/strikes/ui/plain"
)

// placesMsg carries where the strikes are (Locator.Places), and the
// borders to draw them on.
type placesMsg struct {
	places map[string]model.Place
	base   *geomap.Basemap
	err    error
}

// mapMsg carries the strikes of the filter placed on a frame.
type mapMsg struct {
	seq      int
	frame    geomap.Frame
	bins     *geomap.Bins
	pts      []int32 // the strike (an index into the corpus) of each point binned
	noCoords int
	strikes  int
	// where is the place of every strike of the corpus c, in its order
	// (read once per corpus, then shared).
	where []geomap.Point
	has   []bool
	c     *corpus
}

// mapScreen is the map of the list's filter: the strikes by cell over
// the borders, dots for those located to a town or closer and rings for
// those known only to an area, with a cursor on a cell.
type mapScreen struct {
	common
	loc     Locator
	data    viewData
	places  map[string]model.Place
	base    *geomap.Basemap
	placing bool
	err     string

	m       mapMsg
	ready   bool
	pending bool
	seq     int
	fit     bool // the next placing fits the frame to the strikes
	cx, cy  int
	note    string
}

var _ component = (*mapScreen)(nil)

func newMapScreen(c common, loc Locator) *mapScreen {
	return &mapScreen{common: c, loc: loc, fit: true}
}

// Init does nothing: the root hands the data.
func (s *mapScreen) Init() tea.Cmd { return nil }

// mapH is the map's height: the screen less its title, legend and the
// cursor's line.
func (s *mapScreen) mapH() int { return max(1, s.h-3) }

// SetSize sets the size and places the strikes again on a frame of it.
func (s *mapScreen) SetSize(w, h int) {
	s.common.SetSize(w, h)
	s.fit = true
}

// setData takes the list's filtered strikes and places them, reading
// where the strikes are first when that is not known yet.
func (s *mapScreen) setData(d viewData) tea.Cmd {
	s.data, s.fit = d, true
	return s.replace(nil)
}

// replace places the strikes on frame (nil: fitted to them), off the UI
// loop.
func (s *mapScreen) replace(frame *geomap.Frame) tea.Cmd {
	s.seq++
	if s.loc == nil {
		s.err = "this data says nothing of where its strikes are"
		return nil
	}
	if s.places == nil {
		if s.placing {
			return nil
		}
		s.placing = true
		ctx, loc := s.ctx, s.loc
		return func() tea.Msg {
			places, err := loc.Places(ctx)
			if err != nil {
				return placesMsg{err: err}
			}
			world, err := geo.World()
			if err != nil {
				return placesMsg{err: err}
			}
			return placesMsg{places: places, base: geomap.NewBasemap(world)}
		}
	}
	if s.data.c == nil {
		return nil
	}
	s.pending = true
	seq, d, places, w, h := s.seq, s.data, s.places, s.w, s.mapH()
	where, has := s.m.where, s.m.has
	if s.m.c != d.c {
		where, has = nil, nil
	}
	fit := s.fit || frame == nil
	var f geomap.Frame
	if frame != nil {
		f = *frame
	}
	return func() tea.Msg { return placeStrikes(seq, d, places, where, has, f, fit, w, h) }
}

// pointBuffers hold the points placeStrikes hands Bin.
var pointBuffers sync.Pool

// placeStrikes bins the strikes of d that have coordinates on the frame
// f, or on one fitted to them. where and has are the corpus's places in
// its order, made here the first time (nil).
func placeStrikes(seq int, d viewData, places map[string]model.Place, where []geomap.Point, has []bool, f geomap.Frame, fit bool, w, h int) mapMsg {
	if where == nil {
		where, has = make([]geomap.Point, d.c.len()), make([]bool, d.c.len())
		for i := range d.c.len() {
			p, ok := places[d.c.x.ID(int32(i))]
			if ok && p.HasCoords && geo.Valid(orb.Point{p.Lon, p.Lat}) {
				where[i] = geomap.Point{Lon: p.Lon, Lat: p.Lat, Weight: 1, Precision: geomap.PrecisionOf(p.Precision)}
				has[i] = true
			}
		}
	}
	ix := d.ix
	if ix == nil {
		ix = make([]int32, d.c.len())
		for i := range ix {
			ix[i] = int32(i)
		}
	}
	m := mapMsg{seq: seq, strikes: len(ix), where: where, has: has, c: d.c, pts: make([]int32, 0, len(ix))}
	// Bin keeps no point: the buffer goes back to the pool, so that a
	// filter change over a million strikes makes no 32 MB of garbage.
	buf, _ := pointBuffers.Get().(*[]geomap.Point)
	if buf == nil {
		buf = new([]geomap.Point)
	}
	defer pointBuffers.Put(buf)
	pts := (*buf)[:0]
	defer func() { *buf = pts[:0] }()
	var ext geo.Extent
	for _, i := range ix {
		if !has[i] {
			m.noCoords++
			continue
		}
		pts = append(pts, where[i])
		m.pts = append(m.pts, i)
		if fit {
			ext.Add(orb.Point{where[i].Lon, where[i].Lat})
		}
	}
	if fit {
		b, ok := ext.Fit(0.1, 0.5)
		if !ok {
			b = orb.Bound{Min: orb.Point{-180, -geo.MaxLat}, Max: orb.Point{180, geo.MaxLat}}
		}
		f = geomap.Fit(b, w, h)
	}
	m.frame = f
	m.bins = geomap.Bin(f, pts)
	return m
}

// heaviest is the cell that holds the most strikes (the first, row by
// row, of equals), or the middle of an empty map: where a fitted map puts
// its cursor.
func heaviest(b *geomap.Bins, f geomap.Frame) (x, y int) {
	x, y = f.Width/2, f.Height/2
	best := 0
	for r := 0; r < f.Height; r++ {
		for c := 0; c < f.Width; c++ {
			if n := b.Cell(c, r).N; n > best {
				best, x, y = n, c, r
			}
		}
	}
	return x, y
}

// Update handles the keys, where the strikes are, and their placing.
func (s *mapScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case placesMsg:
		s.placing = false
		if msg.err != nil {
			s.err = clean("cannot read where the strikes are: " + msg.err.Error())
			return nil
		}
		s.places, s.base = msg.places, msg.base
		return s.replace(nil)
	case mapMsg:
		if msg.seq != s.seq {
			return nil
		}
		if s.fit || !s.ready {
			s.cx, s.cy = heaviest(msg.bins, msg.frame)
		}
		s.m, s.ready, s.pending, s.fit = msg, true, false, false
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *mapScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if !s.ready {
		return nil
	}
	k, f := s.keys, s.m.frame
	s.note = ""
	move := func(dx, dy int) tea.Cmd {
		x, y := s.cx+dx, s.cy+dy
		// At the edge the map pans a quarter, and the cursor stays.
		if x < 0 || y < 0 || x >= f.Width || y >= f.Height {
			nf := f.Pan(float64(dx)/4, float64(-dy)/4)
			return s.replace(&nf)
		}
		s.cx, s.cy = x, y
		return nil
	}
	switch {
	case key.Matches(msg, k.CellLeft):
		return move(-1, 0)
	case key.Matches(msg, k.CellRight):
		return move(1, 0)
	case key.Matches(msg, k.RowUp), key.Matches(msg, k.Up):
		return move(0, -1)
	case key.Matches(msg, k.Down):
		return move(0, 1)
	case key.Matches(msg, k.ZoomIn):
		nf := f.Zoom(2, f.CellCenter(s.cx, s.cy))
		return s.replace(&nf)
	case key.Matches(msg, k.ZoomOut):
		nf := f.Zoom(0.5, f.CellCenter(s.cx, s.cy))
		return s.replace(&nf)
	case key.Matches(msg, k.Refit):
		s.fit = true
		return s.replace(nil)
	case key.Matches(msg, k.Narrow):
		term, why := s.cellTerm()
		if term == "" {
			s.note = why
			return nil
		}
		return send(queryMsg{text: narrowed(s.data.q, term)})
	}
	return nil
}

// cellStrikes are the strikes in the cursor's cell.
func (s *mapScreen) cellStrikes() []int32 {
	var out []int32
	for _, p := range s.m.bins.Points(s.cx, s.cy) {
		out = append(out, s.m.pts[p])
	}
	return out
}

// cellTerm is the term that narrows the list to the cursor's cell: the
// town its strikes share (city:), else the governorate (gov:); or, when
// they share neither, why there is none.
func (s *mapScreen) cellTerm() (term, why string) {
	ix := s.cellStrikes()
	if len(ix) == 0 {
		return "", "no strike in this cell"
	}
	var towns, govs []string
	for _, i := range ix {
		_, t, admin1 := s.data.c.x.Place(i)
		if in := model.PlaceIn(t); in != "" {
			t = in
		}
		if !slices.Contains(towns, t) {
			towns = append(towns, t)
		}
		if !slices.Contains(govs, admin1) {
			govs = append(govs, admin1)
		}
	}
	switch {
	case len(towns) == 1 && towns[0] != "":
		return "city:" + model.QuoteValue(towns[0]), ""
	case len(govs) == 1 && govs[0] != "":
		return "gov:" + model.QuoteValue(govs[0]), ""
	}
	return "", "this cell holds strikes of several places: + zooms in"
}

// View renders the title (with the strikes without coordinates in its
// corner), the map, its legend and the cursor's cell.
func (s *mapScreen) View() string {
	left := "map · " + s.data.scope()
	if s.pending || s.placing {
		left += " · placing…"
	}
	right := ""
	if s.ready && s.m.noCoords > 0 {
		right = plain.Thousands(s.m.noCoords) + " without coordinates"
	}
	lines := []string{titleBar(s.st, left, right, s.w)}
	switch {
	case s.err != "":
		return strings.Join(append(lines, s.st.Error.Render(truncate("  "+s.err, s.w))), "\n")
	case !s.ready:
		return strings.Join(append(lines, s.st.Muted.Render(truncate("  reading where the strikes are…", s.w))), "\n")
	}
	st := geomap.Styles{Cursor: s.st.Selected}
	lines = append(lines, geomap.Render(s.base, s.m.bins, geomap.Options{Styles: &st, Cursor: [2]int{s.cx, s.cy}, ShowCursor: true})...)
	legend := "• located  ◌ district or governorate only · " + geomap.Legend(s.m.bins, geomap.DefaultSymbols())
	lines = append(lines, s.st.Muted.Render(truncate(legend, s.w)))
	lines = append(lines, s.st.Text.Render(truncate(s.cellLine(), s.w)))
	return strings.Join(lines, "\n")
}

// cellLine says what the cursor's cell holds and what enter does.
func (s *mapScreen) cellLine() string {
	if s.note != "" {
		return s.note
	}
	c := s.m.bins.Cell(s.cx, s.cy)
	if c.N == 0 {
		return "no strike in this cell · ←↑↓→ move (at the edge the map pans) · + zooms in"
	}
	text := "cell: " + plain.Plural(c.N, "strike")
	if term, _ := s.cellTerm(); term != "" {
		text += " · enter lists " + term
	}
	if c.Area > 0 {
		text += " · " + plain.Thousands(int(c.Area)) + " known only to an area"
	}
	var names []string
	for _, i := range s.cellStrikes() {
		place, _, _ := s.data.c.x.Place(i)
		n := clean(place)
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
		if len(names) == 3 {
			break
		}
	}
	if len(names) > 0 {
		text += " · " + strings.Join(names, ", ")
	}
	return text
}

// ShortHelp returns the keys shown in the footer.
func (s *mapScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.CellLeft, k.CellRight, k.RowUp, k.Down, k.ZoomIn, k.ZoomOut, k.Refit, k.Narrow, k.Back}
}

// FullHelp returns every key of the map.
func (s *mapScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.CellLeft, k.CellRight, k.RowUp, k.Down}, {k.ZoomIn, k.ZoomOut, k.Refit}, {k.Narrow, k.Back, k.Help}}
}
